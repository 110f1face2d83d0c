-- mscdb schema: the derived tables. The tables that mirror data/*.csv and
-- their link tables are generated from the spec (spec::ddl). Schema version:
-- PRAGMA user_version (see store/mod.rs). Secondary indexes are in
-- indexes.sql: they are built after the rows are in, which is faster.

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

-- What `mscdb build` wrote: a SHA-256 of each table's rows (tbl = the
-- table) and the file's change counter once written (tbl = '*counter').
-- `--db` refuses a file whose tables no longer match. Empty in a record
-- loaded from CSV.
CREATE TABLE mscdb_digest (
  tbl     TEXT NOT NULL PRIMARY KEY,
  digest  TEXT NOT NULL
) WITHOUT ROWID;
