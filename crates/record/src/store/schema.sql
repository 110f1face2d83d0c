-- mscdb schema: the derived tables. The tables that mirror data/*.csv and
-- their link tables are generated from the spec (spec::ddl). Schema version:
-- PRAGMA user_version (see store/mod.rs). Secondary indexes are in
-- indexes.sql: they are built after the rows are in, which is faster.

-- Every name a person may type, normalised (lowercase letters and digits
-- only), with what it names. kind: product, jurisdiction, regulator, indication,
-- disease, seller, credential.
CREATE TABLE names (
  norm    TEXT NOT NULL,
  kind    TEXT NOT NULL,
  target  TEXT NOT NULL,
  label   TEXT NOT NULL,
  PRIMARY KEY (kind, norm, target)
) WITHOUT ROWID;

-- Full-text index over names, aliases, indications, notes, framework facts,
-- filings, claims, sellers and actions. kind: product, indication,
-- framework, filing, claim, seller, action.
CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED,
  id UNINDEXED,
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- Search boxes for the tables people browse in datasette (`fts_table` in
-- `mscdb datasette-metadata`): external-content indexes, rowid for rowid, so
-- the text is stored once. Named *_search, so that `sqlite-utils enable-fts`
-- can still add its own *_fts tables.
CREATE VIRTUAL TABLE products_search USING fts5(
  name, nonproprietary_name, sponsor, notes,
  content = 'products', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE decisions_search USING fts5(
  brand, indication_text, pathway, status_note, note,
  content = 'decisions', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE sources_search USING fts5(
  title, publisher, url,
  content = 'sources', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2'
);

-- What `mscdb build` wrote: a SHA-256 of each table's rows (tbl = the
-- table) and the file's change counter once written (tbl = '*counter').
-- `--db` refuses a file whose tables no longer match. Empty in a record
-- loaded from CSV.
CREATE TABLE mscdb_digest (
  tbl     TEXT NOT NULL PRIMARY KEY,
  digest  TEXT NOT NULL
) WITHOUT ROWID;
