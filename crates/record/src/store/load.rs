//! Writing validated rows into SQLite, in one transaction.

use rusqlite::{Connection, Statement, params};

use crate::error::Result;
use crate::names::{NameKind, normalize};
use crate::spec::{LIST_SEPARATOR, Table};

use super::parse::{RawRow, RawTable};

const SCHEMA: &str = include_str!("schema.sql");
const INDEXES: &str = include_str!("indexes.sql");

/// The full-text indexes, each given an 8 MiB pending-terms buffer while it
/// is filled (FTS5's default, 1 MiB, flushes a large record's decisions a
/// hundred times and merges the segments); the setting is removed again, so
/// the file keeps the default for anyone who adds rows later.
const FULL_TEXT: [&str; 4] = [
    "search_index",
    "products_search",
    "decisions_search",
    "sources_search",
];
const FILL_BUFFER: u32 = 8 << 20;

/// Fills the full-text indexes from the loaded tables.
const SEARCH_INDEX: &str = "
INSERT INTO search_index (kind, id, title, body)
  SELECT 'product', p.id, p.name,
         concat_ws(' ', p.nonproprietary_name, p.sponsor, p.cell_type, p.tissue, p.notes,
                   (SELECT group_concat(a.alias, ' ') FROM aliases a WHERE a.product_id = p.id),
                   (SELECT group_concat(DISTINCT i.name) FROM decisions d JOIN indications i ON i.id = d.indication_id
                    WHERE d.product_id = p.id))
  FROM products p;
INSERT INTO search_index (kind, id, title, body)
  SELECT 'indication', i.id, i.name, concat_ws(' ', replace(i.synonyms, ';', ' '), i.area) FROM indications i;
INSERT INTO search_index (kind, id, title, body)
  SELECT 'framework', f.regulator || '/' || f.topic, f.regulator || ' ' || f.topic, f.summary FROM frameworks f;
INSERT INTO search_index (kind, id, title, body)
  SELECT 'filing', f.id, concat_ws(' ', f.kind, f.number, f.sponsor),
         concat_ws(' ', f.status, f.phase, f.indication_text, f.note)
  FROM filings f;
INSERT INTO search_index (kind, id, title, body)
  SELECT 'claim', c.id, c.locator,
         concat_ws(' ', c.printed_location, c.printed_year, c.printed_name, c.printed_cell_source,
                   c.printed_indication, c.printed_text, c.correction)
  FROM claims c;
INSERT INTO search_index (kind, id, title, body)
  SELECT 'seller', s.id, s.name, concat_ws(' ', replace(s.aliases, ';', ' '), s.kind, s.note) FROM sellers s;
INSERT INTO search_index (kind, id, title, body)
  SELECT 'action', a.id, concat_ws(' ', a.kind, a.authority, (SELECT s.name FROM sellers s WHERE s.id = a.seller_id)),
         concat_ws(' ', a.conditions_text, a.reference, a.note)
  FROM actions a;
INSERT INTO products_search (products_search) VALUES ('rebuild');
INSERT INTO decisions_search (decisions_search) VALUES ('rebuild');
INSERT INTO sources_search (sources_search) VALUES ('rebuild');
";

/// Tables whose file order is kept as rowid order, because queries use it
/// (publications in `audit`, regulators in `frameworks`).
const FILE_ORDER_MATTERS: &[&str] = &["sources", "regulators"];

/// The table whose rows are streamed from its file into a staging table as
/// they are read and checked, instead of being held: the one that grows.
pub const STREAMED: &str = "decisions";

/// Creates the schema and fills it. The caller has validated `tables`;
/// on any SQLite error the transaction is dropped and nothing stays.
pub fn load(conn: &mut Connection, tables: &[RawTable]) -> Result<()> {
    // `validate` has proved every reference already (with better messages);
    // SQLite's own check would look each one up again, row by row.
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let tx = conn.transaction()?;
    create(&tx)?;
    fill(&tx, tables, None)?;
    index(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Creates the schema (inside the caller's transaction).
pub fn create(conn: &Connection) -> Result<()> {
    conn.execute_batch(&crate::spec::ddl())?;
    conn.execute_batch(SCHEMA)?;
    Ok(())
}

/// The staging table of a streamed table: its columns, untyped, in a
/// temporary database, so that nothing of it stays in the file written.
fn staging_name(table: &Table) -> String {
    format!("temp.staged_{}", table.name)
}

/// Writes the rows of a streamed table as they come: each into the staging
/// table (copied into the real one in key order by [`fill`]) and its link
/// rows straight into the link tables, whose keys order them anyway.
pub struct Stage<'c> {
    table: &'static Table,
    key_indexes: Vec<usize>,
    insert: Statement<'c>,
    links: Vec<(usize, Statement<'c>)>,
}

impl<'c> Stage<'c> {
    pub fn new(conn: &'c Connection, table: &'static Table) -> Result<Stage<'c>> {
        let columns: Vec<String> = (0..table.columns.len()).map(|i| format!("c{i}")).collect();
        conn.execute_batch(&format!(
            "CREATE TEMP TABLE {} ({});",
            staging_name(table).trim_start_matches("temp."),
            columns.join(", ")
        ))?;
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let insert = conn.prepare(&format!(
            "INSERT INTO {} VALUES ({})",
            staging_name(table),
            placeholders.join(", ")
        ))?;
        let mut links = Vec::new();
        for (index, column) in table.columns.iter().enumerate() {
            if let Some(sql) = link_insert(table, column) {
                links.push((index, conn.prepare(&sql)?));
            }
        }
        Ok(Stage {
            table,
            key_indexes: key_indexes(table),
            insert,
            links,
        })
    }

    pub fn row(&mut self, row: &RawRow) -> Result<()> {
        debug_assert_eq!(row.values().count(), self.table.columns.len());
        self.insert.execute(rusqlite::params_from_iter(row.values()))?;
        for (index, link) in &mut self.links {
            insert_links(link, &self.key_indexes, *index, row)?;
        }
        Ok(())
    }
}

fn key_indexes(table: &Table) -> Vec<usize> {
    table.primary_key.iter().filter_map(|k| table.column(k)).collect()
}

/// The INSERT of a `;`-separated reference column's link table: the row's
/// key columns, the target's key, the position.
fn link_insert(table: &Table, column: &crate::spec::Column) -> Option<String> {
    let (link_name, key_columns, target_column) = crate::spec::link_table(table, column)?;
    let n = key_columns.len();
    let placeholders: Vec<String> = (1..=n + 2).map(|i| format!("?{i}")).collect();
    let quoted: Vec<String> = key_columns.iter().map(|k| format!("\"{k}\"")).collect();
    Some(format!(
        "INSERT OR IGNORE INTO {link_name} ({}, {target_column}, position) VALUES ({})",
        quoted.join(", "),
        placeholders.join(", ")
    ))
}

fn insert_links(link: &mut Statement<'_>, key_indexes: &[usize], index: usize, row: &RawRow) -> Result<()> {
    let keys: Vec<Option<&str>> = key_indexes.iter().map(|&i| row.value(i)).collect();
    for (position, item) in row
        .value(index)
        .into_iter()
        .flat_map(|v| v.split(LIST_SEPARATOR))
        .enumerate()
    {
        let position = position as i64;
        let item = item.trim();
        let mut values: Vec<&dyn rusqlite::ToSql> = keys.iter().map(|k| k as &dyn rusqlite::ToSql).collect();
        values.push(&item);
        values.push(&position);
        link.execute(values.as_slice())?;
    }
    Ok(())
}

/// Fills the schema [`create`] made from validated tables; the rows of
/// `streamed` are already staged (see [`Stage`]) and its entry in `tables`
/// holds none. Then the names; [`index`] does the rest.
pub fn fill(conn: &Connection, tables: &[RawTable], streamed: Option<&'static Table>) -> Result<()> {
    for raw in tables {
        let table = raw.table;
        let columns: Vec<String> = table.columns.iter().map(|c| format!("\"{}\"", c.name)).collect();
        if streamed.is_some_and(|s| std::ptr::eq(s, table)) {
            // Key order, as for the tables sorted below (text keys compare
            // byte by byte in both).
            let staged: Vec<String> = (0..columns.len()).map(|i| format!("c{i}")).collect();
            let order: Vec<String> = key_indexes(table).iter().map(|i| format!("c{i}")).collect();
            conn.execute_batch(&format!(
                "INSERT INTO {} ({}) SELECT {} FROM {} ORDER BY {}; DROP TABLE {};",
                table.name,
                columns.join(", "),
                staged.join(", "),
                staging_name(table),
                order.join(", "),
                staging_name(table)
            ))?;
            continue;
        }
        let key_indexes = key_indexes(table);
        // Rows in key order turn b-tree inserts into appends: far fewer page
        // splits and comparisons on large records.
        let mut rows: Vec<&RawRow> = raw.rows.iter().collect();
        if !FILE_ORDER_MATTERS.contains(&table.name) {
            rows.sort_by(|a, b| {
                key_indexes
                    .iter()
                    .map(|&i| a.value(i))
                    .cmp(key_indexes.iter().map(|&i| b.value(i)))
            });
        }
        let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        // Table and column names come from the static spec, never from input.
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.name,
            columns.join(", "),
            placeholders.join(", ")
        );
        let mut insert = conn.prepare(&sql)?;
        for row in &rows {
            insert.execute(rusqlite::params_from_iter(row.values()))?;
        }
        for (index, column) in table.columns.iter().enumerate() {
            let Some(sql) = link_insert(table, column) else {
                continue;
            };
            let mut link = conn.prepare(&sql)?;
            for row in &rows {
                insert_links(&mut link, &key_indexes, index, row)?;
            }
        }
    }
    insert_names(conn, tables)?;
    Ok(())
}

/// What [`fill`] leaves: the indexes and the full-text indexes, built from
/// the rows written (so the parsed tables may be dropped first).
pub fn index(conn: &Connection) -> Result<()> {
    conn.execute_batch(INDEXES)?;
    for fts in FULL_TEXT {
        // Names from the constant above, never from input.
        conn.execute_batch(&format!(
            "INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', {FILL_BUFFER});"
        ))?;
    }
    conn.execute_batch(SEARCH_INDEX)?;
    for fts in FULL_TEXT {
        conn.execute_batch(&format!("DELETE FROM {fts}_config WHERE k = 'hashsize';"))?;
    }
    Ok(())
}

/// Fills `names` with every normalised name a person may type.
fn insert_names(conn: &Connection, tables: &[RawTable]) -> Result<()> {
    // Staged unordered, then copied in key order (kind, norm, target, then
    // label, so the first label of a repeated key is kept): appends, with
    // SQLite's sorter bounding the memory however many names there are.
    conn.execute_batch("CREATE TEMP TABLE staged_names (kind, norm, target, label);")?;
    let mut stage = conn.prepare("INSERT INTO temp.staged_names VALUES (?1, ?2, ?3, ?4)")?;
    let mut failed = None;
    let mut add = |kind: NameKind, target: &str, label: &str, norm: String| {
        if failed.is_none()
            && !norm.is_empty()
            && let Err(e) = stage.execute(params![kind.as_str(), norm, target, label])
        {
            failed = Some(e);
        }
    };
    for raw in tables {
        let t = raw.table;
        let (kind, single, lists): (NameKind, &[&str], &[&str]) = match t.name {
            "products" => (NameKind::Product, &["name", "nonproprietary_name", "id"], &[]),
            "jurisdictions" => (NameKind::Jurisdiction, &["code", "alpha3", "name"], &["aliases"]),
            "regulators" => (NameKind::Regulator, &["id", "name"], &["aliases"]),
            "indications" => (NameKind::Indication, &["name", "id"], &["synonyms"]),
            "icd10cm" => (NameKind::Disease, &["code", "title"], &["inclusion_terms"]),
            "sellers" => {
                // The id leads to the seller too, but a suggestion shows its name.
                for row in &raw.rows {
                    let (Some(id), Some(name)) = (row.get(t, "id"), row.get(t, "name")) else {
                        continue;
                    };
                    add(NameKind::Seller, id, name, normalize(name));
                    add(NameKind::Seller, id, name, normalize(id));
                    for alias in row
                        .get(t, "aliases")
                        .into_iter()
                        .flat_map(|v| v.split(LIST_SEPARATOR))
                    {
                        let alias = alias.trim();
                        add(NameKind::Seller, id, alias, normalize(alias));
                    }
                }
                continue;
            }
            "credentials" => (NameKind::Credential, &["phrase", "id"], &["variants"]),
            "lay_names" => {
                for row in &raw.rows {
                    let Some(name) = row.get(t, "name") else { continue };
                    for code in row
                        .get(t, "icd10cm")
                        .into_iter()
                        .flat_map(|v| v.split(LIST_SEPARATOR))
                    {
                        add(NameKind::Disease, code.trim(), name, normalize(name));
                    }
                }
                continue;
            }
            "aliases" => {
                for row in &raw.rows {
                    if let (Some(id), Some(alias)) = (row.get(t, "product_id"), row.get(t, "alias")) {
                        add(NameKind::Product, id, alias, normalize(alias));
                    }
                }
                continue;
            }
            _ => continue,
        };
        let key = t.primary_key[0];
        for row in &raw.rows {
            let Some(target) = row.get(t, key) else { continue };
            for column in single {
                if let Some(label) = row.get(t, column) {
                    add(kind, target, label, normalize(label));
                }
            }
            for column in lists {
                for label in row
                    .get(t, column)
                    .into_iter()
                    .flat_map(|v| v.split(LIST_SEPARATOR))
                {
                    let label = label.trim();
                    add(kind, target, label, normalize(label));
                }
            }
        }
    }
    drop(stage);
    if let Some(e) = failed {
        return Err(e.into());
    }
    conn.execute_batch(
        "INSERT OR IGNORE INTO names (norm, kind, target, label)
           SELECT norm, kind, target, label FROM temp.staged_names ORDER BY kind, norm, target, label;
         DROP TABLE temp.staged_names;",
    )?;
    Ok(())
}
