//! `search` printed: one row per match, best first.

use crate::answer::search::SearchAnswer;
use crate::error::Result;

use super::{Csv, Output, Report, prose};

impl Report for SearchAnswer {
    /// An array of `{"kind", "id", "title", "snippet"}`.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.hits)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec!["kind", "id", "title", "snippet"],
            rows: self
                .hits
                .iter()
                .map(|h| vec![h.kind.clone(), h.id.clone(), h.title.clone(), h.snippet.clone()])
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.hits.is_empty() {
            return out.line("No match.");
        }
        let rows: Vec<Vec<String>> = self
            .hits
            .iter()
            .map(|h| {
                vec![
                    h.kind.clone(),
                    format!("{}\n{}", h.id, h.title),
                    h.snippet.clone(),
                ]
            })
            .collect();
        out.table(&["Kind", "Id", "Match"], &rows)?;
        out.line(&prose::search_summary(self.hits.len(), self.total))
    }
}
