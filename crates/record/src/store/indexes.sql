-- Secondary indexes, built once the rows are loaded.
CREATE INDEX decisions_by_product ON decisions(product_id, jurisdiction);
CREATE INDEX decisions_by_jurisdiction ON decisions(jurisdiction);
CREATE INDEX filings_by_product ON filings(product_id);
CREATE INDEX filings_by_regulator ON filings(regulator);
CREATE INDEX claims_by_source ON claims(source_id, position);
CREATE INDEX claims_by_product ON claims(product_id);
