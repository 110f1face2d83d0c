//! `build` printed: "wrote FILE" for people, a document for programs (the
//! keys are described on [`BuildAnswer`]).

use serde::Serialize;

use crate::build_answer::BuildAnswer;
use crate::error::Result;

use super::validate::{TableRows, table_rows};
use super::{Csv, Output, Report};

/// `{"wrote", "bytes", "products", "tables": [{"table", "rows"}]}`.
#[derive(Serialize)]
struct BuildJson {
    wrote: String,
    bytes: u64,
    products: i64,
    tables: Vec<TableRows>,
}

impl Report for BuildAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&BuildJson {
            wrote: self.wrote.display().to_string(),
            bytes: self.bytes,
            products: self.products,
            tables: table_rows(&self.tables),
        })
    }

    fn csv(&self) -> Csv {
        let wrote = self.wrote.display().to_string();
        Csv {
            headers: vec!["wrote", "bytes", "table", "rows"],
            rows: self
                .tables
                .iter()
                .map(|t| {
                    vec![
                        wrote.clone(),
                        self.bytes.to_string(),
                        t.table.to_string(),
                        t.rows.to_string(),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        out.line(&format!("wrote {}", self.wrote.display()))
    }
}
