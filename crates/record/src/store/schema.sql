-- mscdb schema. The first seven tables mirror data/*.csv column for column
-- (an empty cell is NULL); the rest are derived from them at load time.
-- Schema version: PRAGMA user_version (see store/mod.rs). Secondary indexes are in
-- indexes.sql: they are built after the rows are in, which is faster.

CREATE TABLE sources (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  title       TEXT NOT NULL,
  publisher   TEXT NOT NULL,
  date        TEXT,
  url         TEXT,
  review_ref  TEXT
);

CREATE TABLE jurisdictions (
  code       TEXT PRIMARY KEY,
  alpha3     TEXT,
  name       TEXT NOT NULL,
  member_of  TEXT REFERENCES jurisdictions(code),
  aliases    TEXT
);

CREATE TABLE regulators (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  jurisdiction  TEXT NOT NULL REFERENCES jurisdictions(code),
  aliases       TEXT
);

CREATE TABLE indications (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  synonyms  TEXT,
  area      TEXT
);

CREATE TABLE products (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  nonproprietary_name  TEXT,
  sponsor              TEXT NOT NULL,
  cell_type            TEXT NOT NULL,
  donor                TEXT NOT NULL,
  tissue               TEXT NOT NULL,
  sources              TEXT NOT NULL,
  notes                TEXT
);

CREATE TABLE aliases (
  product_id  TEXT NOT NULL REFERENCES products(id),
  alias       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  note        TEXT,
  PRIMARY KEY (product_id, alias)
);

CREATE TABLE decisions (
  id               TEXT PRIMARY KEY,
  product_id       TEXT NOT NULL REFERENCES products(id),
  jurisdiction     TEXT NOT NULL REFERENCES jurisdictions(code),
  regulator        TEXT NOT NULL REFERENCES regulators(id),
  decision         TEXT NOT NULL,
  date             TEXT NOT NULL,
  date_qualifier   TEXT,
  valid_until      TEXT,
  brand            TEXT,
  indication_id    TEXT REFERENCES indications(id),
  indication_text  TEXT,
  pathway          TEXT,
  sources          TEXT NOT NULL,
  confidence       TEXT NOT NULL,
  status_note      TEXT,
  note             TEXT
);

CREATE TABLE frameworks (
  regulator  TEXT NOT NULL REFERENCES regulators(id),
  topic      TEXT NOT NULL,
  summary    TEXT NOT NULL,
  sources    TEXT,
  PRIMARY KEY (regulator, topic)
);

CREATE TABLE filings (
  id               TEXT PRIMARY KEY,
  product_id       TEXT REFERENCES products(id),
  sponsor          TEXT NOT NULL,
  regulator        TEXT REFERENCES regulators(id),
  kind             TEXT NOT NULL,
  number           TEXT,
  date             TEXT,
  date_qualifier   TEXT,
  status           TEXT NOT NULL,
  phase            TEXT,
  indication_id    TEXT REFERENCES indications(id),
  indication_text  TEXT,
  sources          TEXT NOT NULL,
  note             TEXT
);

CREATE TABLE claims (
  id                   TEXT PRIMARY KEY,
  source_id            TEXT NOT NULL REFERENCES sources(id),
  locator              TEXT NOT NULL,
  position             INTEGER NOT NULL,
  printed_location     TEXT,
  printed_year         TEXT,
  printed_name         TEXT,
  printed_cell_source  TEXT,
  printed_indication   TEXT,
  printed_text         TEXT,
  verdict              TEXT NOT NULL,
  product_id           TEXT REFERENCES products(id),
  decision_ids         TEXT,
  claimed_count        INTEGER,
  correction           TEXT NOT NULL,
  sources              TEXT NOT NULL,
  note                 TEXT
);

-- One row per source cited by a decision or a product (from their `sources` lists).
CREATE TABLE decision_sources (
  decision_id  TEXT NOT NULL REFERENCES decisions(id),
  source_id    TEXT NOT NULL REFERENCES sources(id),
  position     INTEGER NOT NULL,
  PRIMARY KEY (decision_id, source_id)
) WITHOUT ROWID;
CREATE TABLE framework_sources (
  regulator   TEXT NOT NULL,
  topic       TEXT NOT NULL,
  source_id   TEXT NOT NULL REFERENCES sources(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (regulator, topic, source_id)
) WITHOUT ROWID;
CREATE TABLE filing_sources (
  filing_id  TEXT NOT NULL REFERENCES filings(id),
  source_id  TEXT NOT NULL REFERENCES sources(id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (filing_id, source_id)
) WITHOUT ROWID;
CREATE TABLE claim_decision_ids (
  claim_id     TEXT NOT NULL REFERENCES claims(id),
  decision_id  TEXT NOT NULL REFERENCES decisions(id),
  position     INTEGER NOT NULL,
  PRIMARY KEY (claim_id, decision_id)
) WITHOUT ROWID;
CREATE TABLE claim_sources (
  claim_id   TEXT NOT NULL REFERENCES claims(id),
  source_id  TEXT NOT NULL REFERENCES sources(id),
  position   INTEGER NOT NULL,
  PRIMARY KEY (claim_id, source_id)
) WITHOUT ROWID;
CREATE TABLE product_sources (
  product_id  TEXT NOT NULL REFERENCES products(id),
  source_id   TEXT NOT NULL REFERENCES sources(id),
  position    INTEGER NOT NULL,
  PRIMARY KEY (product_id, source_id)
) WITHOUT ROWID;

-- Every name a person may type, normalised (lowercase letters and digits
-- only), with what it names. kind: product, jurisdiction, regulator, indication.
CREATE TABLE names (
  norm    TEXT NOT NULL,
  kind    TEXT NOT NULL,
  target  TEXT NOT NULL,
  label   TEXT NOT NULL,
  PRIMARY KEY (kind, norm, target)
) WITHOUT ROWID;

-- Full-text index over names, aliases, indications, notes, framework facts,
-- filings and claims. kind: product, indication, framework, filing, claim.
CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED,
  id UNINDEXED,
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);
