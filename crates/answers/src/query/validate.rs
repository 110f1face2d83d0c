//! Row counts of the record's tables (for `validate` and `build`).

use rusqlite::Connection;

use crate::error::Result;
use crate::spec::TABLES;

/// How many rows `table` holds.
#[derive(Debug, Clone, Copy)]
pub struct TableCount {
    pub table: &'static str,
    pub rows: i64,
}

/// Every table of the spec with its row count, in spec order.
pub fn table_counts(conn: &Connection) -> Result<Vec<TableCount>> {
    let mut counts = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        // An identifier cannot be a bound parameter; the name comes from the
        // static spec, never from input.
        let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", table.name), [], |r| r.get(0))?;
        counts.push(TableCount {
            table: table.name,
            rows,
        });
    }
    Ok(counts)
}

/// How many products the record holds.
pub fn product_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM products", [], |r| r.get(0))?)
}
