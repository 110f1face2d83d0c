//! `review` printed: one row per item of the worklist.

use crate::answer::review::{ReviewAnswer, ReviewItem};
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, prose};

impl Report for ReviewAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self.items().collect::<Vec<_>>())
    }

    fn json_streamed(&self, out: &mut Output, record_date: Option<&str>) -> Option<Result<()>> {
        Some(super::json_rows(out, self.items(), record_date))
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: CSV_HEADERS.to_vec(),
            rows: self.items().map(|i| csv_row(&i)).collect(),
        }
    }

    fn csv_streamed(&self, out: &mut Output) -> Option<Result<()>> {
        Some(out.csv_each(CSV_HEADERS, self.items().map(|i| csv_row(&i))))
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        out.line(&format!("Worklist as of {}:", self.as_of))?;
        if self.is_empty() {
            return out.line("Nothing to review.");
        }
        // Laid out a chunk at a time, as `check --for` lays out its evidence:
        // a large record's worklist has hundreds of thousands of rows. Every
        // row is measured first, so the columns are the whole table's.
        let mut table = out.table_rows(&["Kind", "Row to edit", "Where", "What to do"]);
        for i in self.items() {
            table.measure(&row(&i));
        }
        for i in self.items() {
            table.row(row(&i))?;
        }
        table.finish()?;
        out.line(&format!("{}.", prose::count(self.len(), "item")))
    }

    fn sources(&self) -> &[Source] {
        &[]
    }
}

/// One item as the table shows it.
fn row(i: &ReviewItem) -> Vec<String> {
    vec![
        i.kind.as_str().to_string(),
        format!("{}\n{}", i.file, i.id),
        i.jurisdiction.clone(),
        i.what.clone(),
    ]
}

const CSV_HEADERS: &[&str] = &["kind", "file", "id", "product_id", "jurisdiction", "date", "what"];

/// One item as a CSV row.
fn csv_row(i: &ReviewItem) -> Vec<String> {
    vec![
        i.kind.as_str().to_string(),
        i.file.to_string(),
        i.id.clone(),
        i.product_id.clone(),
        i.jurisdiction.clone(),
        i.date.clone(),
        i.what.clone(),
    ]
}
