//! `filings` printed: one row per filing.

use crate::answer::filings::FilingsAnswer;
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, prose};

impl Report for FilingsAnswer {
    /// The filings as the record holds them (`query::Filing`'s fields).
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.filings)
    }

    fn json_streamed(&self, out: &mut Output, record_date: Option<&str>) -> Option<Result<()>> {
        Some(super::json_rows(out, &self.filings, record_date))
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "id",
                "product_id",
                "sponsor",
                "regulator",
                "kind",
                "number",
                "date",
                "date_qualifier",
                "status",
                "phase",
                "indication_id",
                "sources",
            ],
            rows: self
                .filings
                .iter()
                .map(|f| {
                    vec![
                        f.id.clone(),
                        f.product_id.clone().unwrap_or_default(),
                        f.sponsor.clone(),
                        f.regulator.clone().unwrap_or_default(),
                        f.kind.clone(),
                        f.number.clone().unwrap_or_default(),
                        f.date.clone().unwrap_or_default(),
                        f.date_qualifier.clone().unwrap_or_default(),
                        f.status.clone(),
                        f.phase.clone().unwrap_or_default(),
                        f.indication_id.clone().unwrap_or_default(),
                        f.sources.join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.filings.is_empty() {
            return out.line("No filing matches.");
        }
        let rows: Vec<Vec<String>> = self
            .filings
            .iter()
            .map(|f| {
                let product = f.product.clone().unwrap_or_else(|| "—".into());
                vec![
                    format!("{product}\n{}", f.sponsor),
                    f.regulator.clone().unwrap_or_default(),
                    f.kind.clone(),
                    f.number.clone().unwrap_or_else(|| "(not found)".into()),
                    f.date_label(),
                    format!(
                        "{}{}",
                        f.status,
                        f.phase.as_deref().map(|p| format!("\n{p}")).unwrap_or_default()
                    ),
                ]
            })
            .collect();
        out.table(
            &[
                "Product / sponsor",
                "Regulator",
                "Kind",
                "Number",
                "Date",
                "Status",
            ],
            &rows,
        )?;
        out.line(&format!("{}.", prose::count(self.filings.len(), "filing")))
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}
