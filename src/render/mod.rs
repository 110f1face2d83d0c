//! Printing answers. Every command hands a typed answer to [`emit`]; the
//! answer's [`Report`] implementation (one file per answer, here) says how it
//! looks as a table, as JSON and as CSV. Sentences come from [`prose`].

pub mod actions;
pub mod assess;
pub mod audit;
pub mod build;
pub mod check;
pub mod datasette;
pub mod filings;
pub mod frameworks;
pub mod html;
pub mod indications;
mod output;
pub mod places;
pub mod products;
pub mod prose;
pub mod review;
pub mod search;
pub mod show;
pub mod sql;
pub mod svg;
pub mod validate;

pub use output::{ColorChoice, Format, Output, TABLE_CHUNK, sanitize, wrap};

use crate::error::Result;
use crate::query::Source;
use serde::Serialize;

/// A CSV document: a header row and rows of the same width.
pub struct Csv {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// An answer that can be printed in every format.
pub trait Report {
    /// The JSON document (a declared wire type, stable keys).
    fn json(&self) -> serde_json::Result<serde_json::Value>;
    /// The JSON document written as it is serialised, with `record_date`
    /// as its last key, for an answer too large to hold as a
    /// `serde_json::Value`; `None` where `json` is used.
    fn json_streamed(&self, _out: &mut Output, _record_date: Option<&str>) -> Option<Result<()>> {
        None
    }
    /// The CSV rows.
    fn csv(&self) -> Csv;
    /// The CSV written row by row as it is made, for an answer too large
    /// to hold twice; `None` where `csv` is used.
    fn csv_streamed(&self, _out: &mut Output) -> Option<Result<()>> {
        None
    }
    /// The human-readable form.
    fn table(&self, out: &mut Output) -> Result<()>;
    /// The sources `--sources` appends to the table form.
    fn sources(&self) -> &[Source] {
        &[]
    }
    /// A line the table form ends with when `--sources` is not given
    /// (where the answer has sources worth pointing to).
    fn without_sources(&self) -> Option<&str> {
        None
    }
}

/// The one place that decides which form an answer takes. A JSON answer
/// also carries the date of the record it was computed from: an object as a
/// key of its own, a list as a key of each row (so the list stays a list and
/// `jq '.[]'` keeps working).
pub fn emit(
    report: &impl Report,
    out: &mut Output,
    with_sources: bool,
    record_date: Option<&str>,
) -> Result<()> {
    match out.format {
        Format::Json | Format::Ndjson => {
            if let Some(written) = report.json_streamed(out, record_date) {
                return written;
            }
            let mut value = report.json().map_err(std::io::Error::from)?;
            if let Some(date) = record_date {
                let date = serde_json::Value::String(date.to_string());
                match &mut value {
                    serde_json::Value::Object(map) => {
                        map.insert("record_date".into(), date);
                    }
                    serde_json::Value::Array(rows) => {
                        for row in rows.iter_mut().filter_map(serde_json::Value::as_object_mut) {
                            row.insert("record_date".into(), date.clone());
                        }
                    }
                    _ => {}
                }
            }
            if out.format == Format::Ndjson {
                out.ndjson(&value)
            } else {
                out.json(&value)
            }
        }
        Format::Csv | Format::Tsv => {
            if let Some(written) = report.csv_streamed(out) {
                return written;
            }
            let csv = report.csv();
            out.csv(&csv.headers, &csv.rows)
        }
        Format::Table => {
            report.table(out)?;
            if with_sources {
                source_list(out, report.sources())?;
            } else if let Some(line) = report.without_sources() {
                out.line(line)?;
            }
            Ok(())
        }
    }
}

/// A list answer's JSON as `emit` writes it from `json()` (each row an
/// object, with `record_date` as its last key), serialised straight to the
/// output as the rows come: a list of 100,000 rows is never held, as a
/// `serde_json::Value` or at all.
pub fn json_rows<T: Serialize>(
    out: &mut Output,
    rows: impl IntoIterator<Item = T>,
    record_date: Option<&str>,
) -> Result<()> {
    #[derive(Serialize)]
    struct Dated<'a, T> {
        #[serde(flatten)]
        row: T,
        #[serde(skip_serializing_if = "Option::is_none")]
        record_date: Option<&'a str>,
    }
    out.json_seq(rows.into_iter().map(|row| Dated { row, record_date }))
}

/// A numbered list of sources: title, publisher, date, URL and id.
pub fn source_list(out: &mut Output, sources: &[Source]) -> Result<()> {
    if sources.is_empty() {
        return Ok(());
    }
    out.blank()?;
    out.line("Sources:")?;
    for (i, s) in sources.iter().enumerate() {
        let date = s.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
        // Only an http(s) or DOI address is shown as an address to open.
        let url = match s.url.as_deref() {
            Some(u) if crate::store::validate::link_href(u).is_some() => u.to_string(),
            Some(u) => format!("(not an http(s) address: {u})"),
            None => "(no URL)".to_string(),
        };
        out.line(&format!(
            "[{}] {} — {}{}. {} ({})",
            i + 1,
            s.title,
            s.publisher,
            date,
            url,
            s.id
        ))?;
    }
    Ok(())
}

/// One item per line, for a table cell.
pub fn join_lines(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("\n")
}

/// The CSV columns of a grant's label facts (`labels.csv`), in the order
/// [`label_cells`] gives them: the same in `check` and `show`.
pub const LABEL_HEADERS: [&str; 8] = [
    "population",
    "age_min",
    "dose",
    "route",
    "label_source",
    "label_date",
    "regulator_ref",
    "regulator_ref_kind",
];

/// A decision's label facts as CSV cells, in [`LABEL_HEADERS`]' order;
/// empty where the record has none.
pub fn label_cells(d: &crate::query::Decision) -> [String; 8] {
    let cell = |f: fn(&crate::query::Label) -> &Option<String>| {
        d.label.as_deref().and_then(|l| f(l).clone()).unwrap_or_default()
    };
    [
        cell(|l| &l.population),
        cell(|l| &l.age_min),
        cell(|l| &l.dose),
        cell(|l| &l.route),
        cell(|l| &l.label_source),
        cell(|l| &l.label_date),
        cell(|l| &l.regulator_ref),
        cell(|l| &l.regulator_ref_kind),
    ]
}
