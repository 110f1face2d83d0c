//! `indications` printed: one row per indication with its products in force.

use crate::answer::indications::IndicationsAnswer;
use crate::error::Result;

use super::{Csv, Output, Report, join_lines, prose};

impl Report for IndicationsAnswer {
    /// An array of indications, each with its products in force.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.rows)
    }

    /// One row per product in force for an indication.
    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "indication_id",
                "indication",
                "product_id",
                "jurisdiction",
                "regulator",
                "decision",
                "date",
                "as_of",
            ],
            rows: self
                .rows
                .iter()
                .flat_map(|r| {
                    r.products.iter().map(move |p| {
                        vec![
                            r.id.clone(),
                            r.name.clone(),
                            p.product_id.clone(),
                            p.jurisdiction.clone(),
                            p.regulator.clone(),
                            p.decision.clone(),
                            p.date.clone(),
                            r.as_of.clone(),
                        ]
                    })
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.rows.is_empty() {
            return out.line(&format!(
                "No indication has a product approved in this scope (as of {}).",
                self.as_of
            ));
        }
        let lines: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    join_lines(r.products.iter().map(prose::approved_label)),
                ]
            })
            .collect();
        out.table(
            &[
                "Indication",
                &format!("Approved products in force (as of {})", self.as_of),
            ],
            &lines,
        )?;
        out.line(&format!("{} indication(s).", self.rows.len()))
    }
}
