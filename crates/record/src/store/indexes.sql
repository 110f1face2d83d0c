-- Secondary indexes, built once the rows are loaded. Every answer query
-- reaches `decisions` through one of these (never a whole scan).
-- A product's decisions, by place; `indication_id` is here so that `check
-- --for` skips a product's other decisions in the index, without reading
-- their rows.
CREATE INDEX decisions_by_product ON decisions(product_id, jurisdiction, indication_id);
CREATE INDEX decisions_by_jurisdiction ON decisions(jurisdiction);
-- `check --for`: the decisions on the indications a disease resolves to.
CREATE INDEX decisions_by_indication ON decisions(indication_id, product_id);
-- `products`: the products with a grant (approval and its kinds).
CREATE INDEX decisions_by_kind ON decisions(decision, product_id);
-- `regulators`: decisions counted per regulator.
CREATE INDEX decisions_by_regulator ON decisions(regulator);
CREATE INDEX filings_by_product ON filings(product_id);
CREATE INDEX filings_by_regulator ON filings(regulator);
CREATE INDEX claims_by_source ON claims(source_id, position);
CREATE INDEX claims_by_product ON claims(product_id);
