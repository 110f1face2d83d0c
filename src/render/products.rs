//! `products` printed: one row per product, its grants in scope in the last column.

use crate::answer::products::ProductsAnswer;
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, join_lines, prose};

impl Report for ProductsAnswer {
    /// An array of products, each with its grants in scope.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.rows)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "id",
                "name",
                "nonproprietary_name",
                "sponsor",
                "cell_type",
                "donor",
                "tissue",
                "status",
                "as_of",
                "grants",
            ],
            rows: self
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        r.nonproprietary_name.clone().unwrap_or_default(),
                        r.sponsor.clone(),
                        r.cell_type.clone(),
                        r.donor.clone(),
                        r.tissue.clone(),
                        r.status.as_str().to_string(),
                        r.as_of.clone(),
                        r.grants
                            .iter()
                            .map(|g| g.decision_id.clone())
                            .collect::<Vec<_>>()
                            .join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.rows.is_empty() {
            return out.line(&format!("No product matches (as of {}).", self.as_of));
        }
        let lines: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    match r.nonproprietary_name.as_deref() {
                        Some(n) if n.chars().count() <= 30 => format!("{}\n{n}", r.name),
                        _ => r.name.clone(),
                    },
                    format!("{} {}\n{}", r.donor, r.tissue, r.cell_type),
                    r.sponsor.clone(),
                    join_lines(r.grants.iter().map(prose::grant_label)),
                ]
            })
            .collect();
        let heading = format!("Grants in scope (as of {})", self.as_of);
        out.table(&["Product", "Cells", "Sponsor", &heading], &lines)?;
        out.line(&format!(
            "{}. 'mscdb show NAME' gives the full history and sources.",
            prose::count(self.rows.len(), "product")
        ))
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}
