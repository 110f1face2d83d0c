//! `mscdb validate`: check a data directory; loading already validates, so
//! reaching this point means the data is sound.

use serde::Serialize;

use crate::error::Result;
use crate::render::Format;
use crate::spec::TABLES;

use super::Ctx;

#[derive(Debug, Serialize)]
struct TableCount {
    table: &'static str,
    rows: i64,
}

pub fn run(ctx: &mut Ctx) -> Result<()> {
    // A `--db` file is checked like a data directory (integrity, values).
    ctx.store.verify()?;
    let mut counts = Vec::new();
    for table in TABLES {
        // The table name comes from the static spec, not from input.
        let rows: i64 = ctx
            .conn()
            .query_row(&format!("SELECT count(*) FROM {}", table.name), [], |r| r.get(0))?;
        counts.push(TableCount {
            table: table.name,
            rows,
        });
    }
    match ctx.out.format {
        Format::Json => ctx.out.json(&counts)?,
        Format::Csv => {
            let rows: Vec<Vec<String>> = counts
                .iter()
                .map(|c| vec![c.table.to_string(), c.rows.to_string()])
                .collect();
            ctx.out.csv(&["table", "rows"], &rows)?;
        }
        Format::Table => {
            let summary: Vec<String> = counts.iter().map(|c| format!("{} {}", c.rows, c.table)).collect();
            ctx.out.line(&format!("ok: {}", summary.join(", ")))?;
        }
    }
    Ok(())
}
