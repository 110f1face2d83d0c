//! `validate` printed: "ok:" and the row count of every table.

use serde::Serialize;

use crate::answer::validate::ValidateAnswer;
use crate::error::Result;
use crate::query::validate::TableCount;

use super::{Csv, Output, Report};

/// A table's row count in JSON: `{"table": "products", "rows": 34}`.
#[derive(Serialize)]
pub(super) struct TableRows {
    table: &'static str,
    rows: i64,
}

pub(super) fn table_rows(counts: &[TableCount]) -> Vec<TableRows> {
    counts
        .iter()
        .map(|c| TableRows {
            table: c.table,
            rows: c.rows,
        })
        .collect()
}

impl Report for ValidateAnswer {
    /// An array of `{"table", "rows"}`.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(table_rows(&self.tables))
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec!["table", "rows"],
            rows: self
                .tables
                .iter()
                .map(|c| vec![c.table.to_string(), c.rows.to_string()])
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        let summary: Vec<String> = self
            .tables
            .iter()
            .map(|c| format!("{} {}", c.rows, c.table))
            .collect();
        out.line(&format!("ok: {}", summary.join(", ")))
    }
}
