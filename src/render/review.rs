//! `review` printed: one row per item of the worklist.

use crate::answer::review::ReviewAnswer;
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, prose};

impl Report for ReviewAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.items)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec!["kind", "file", "id", "product_id", "jurisdiction", "date", "what"],
            rows: self
                .items
                .iter()
                .map(|i| {
                    vec![
                        i.kind.as_str().to_string(),
                        i.file.to_string(),
                        i.id.clone(),
                        i.product_id.clone(),
                        i.jurisdiction.clone(),
                        i.date.clone(),
                        i.what.clone(),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        out.line(&format!("Worklist as of {}:", self.as_of))?;
        if self.items.is_empty() {
            return out.line("Nothing to review.");
        }
        let rows: Vec<Vec<String>> = self
            .items
            .iter()
            .map(|i| {
                vec![
                    i.kind.as_str().to_string(),
                    format!("{}\n{}", i.file, i.id),
                    i.jurisdiction.clone(),
                    i.what.clone(),
                ]
            })
            .collect();
        out.table(&["Kind", "Row to edit", "Where", "What to do"], &rows)?;
        out.line(&format!("{}.", prose::count(self.items.len(), "item")))
    }

    fn sources(&self) -> &[Source] {
        &[]
    }
}
