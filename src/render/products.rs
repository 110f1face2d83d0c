//! `products` printed: one row per grant in scope. [`ProductsWriter`]
//! writes each product as the engine hands it over (`mscdb products`); the
//! [`Report`] of a collected [`ProductsAnswer`] writes the same bytes.

use crate::answer::products::{Grant, ProductRow, ProductsAnswer, ProductsEnd};
use crate::answer::standing::StandingStatus;
use crate::error::Result;
use crate::query::Source;
use serde::Serialize;
use std::io::Write;

use super::output::{CsvRows, TableRows};
use super::{Csv, Format, Output, Report, prose};

const CSV_HEADERS: [&str; 15] = [
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
    "jurisdiction",
    "decision",
    "date",
    "date_qualifier",
    "indication",
];

const TABLE_HEADERS: [&str; 6] = ["Product", "Where", "Decision", "Date", "Indication", "Status"];

impl Report for ProductsAnswer {
    /// An array of products, each with its grants in scope.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.rows)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: CSV_HEADERS.to_vec(),
            rows: self.rows.iter().flat_map(csv_rows).collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        let mut table = out.table_rows(&TABLE_HEADERS);
        for r in &self.rows {
            for line in table_lines(r) {
                table.row(line)?;
            }
        }
        let grants = self.rows.iter().map(|r| r.grants.len()).sum();
        end_table(table, self.rows.len(), grants, self.as_of, &self.ended)?;
        Ok(())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

/// A product's CSV rows: one per grant in scope (a product without one:
/// one row with the grant columns empty). `status` is the grant's own
/// standing, so an ended grant is never listed as `approved`; `grants` is
/// its decision id.
fn csv_rows(r: &ProductRow) -> Vec<Vec<String>> {
    let product = |status: &str, grant: Option<&Grant>| {
        let g = |f: fn(&Grant) -> String| grant.map(f).unwrap_or_default();
        vec![
            r.id.clone(),
            r.name.clone(),
            r.nonproprietary_name.clone().unwrap_or_default(),
            r.sponsor.clone(),
            r.cell_type.clone(),
            r.donor.clone(),
            r.tissue.clone(),
            status.to_string(),
            r.as_of.clone(),
            g(|g| g.decision_id.clone()),
            g(|g| g.jurisdiction.clone()),
            g(|g| g.decision.clone()),
            g(|g| g.date.clone()),
            g(|g| g.date_qualifier.clone().unwrap_or_default()),
            g(|g| g.indication.clone()),
        ]
    };
    if r.grants.is_empty() {
        return vec![product(r.status.as_str(), None)];
    }
    r.grants
        .iter()
        .map(|grant| product(grant_status(grant), Some(grant)))
        .collect()
}

/// A product's table rows: Product · Where · Decision · Date · Indication ·
/// Status, one per grant in scope.
fn table_lines(r: &ProductRow) -> Vec<Vec<String>> {
    let name = match r.nonproprietary_name.as_deref() {
        Some(n) if n.chars().count() <= 30 && n != r.name => format!("{}\n{n}", r.name),
        _ => r.name.clone(),
    };
    if r.grants.is_empty() {
        return vec![vec![
            name,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "not approved".into(),
        ]];
    }
    r.grants
        .iter()
        .map(|g| {
            vec![
                name.clone(),
                g.jurisdiction.clone(),
                g.decision.clone(),
                prose::grant_date(g),
                g.indication.clone(),
                prose::grant_standing(g),
            ]
        })
        .collect()
}

/// The table's end, or for no row the sentence that says so (with the
/// names of the products whose grants have all ended, so an empty list is
/// not read as "never approved here"); then the count line.
fn end_table<'o>(
    table: TableRows<'o, '_>,
    products: usize,
    grants: usize,
    as_of: crate::date::Day,
    ended: &[String],
) -> Result<&'o mut Output> {
    let empty = table.is_empty();
    let out = table.finish()?;
    if empty {
        out.line(&format!("No product matches (as of {as_of})."))?;
        if !ended.is_empty() {
            out.line(&prose::ended_hint(ended))?;
        }
        return Ok(out);
    }
    out.line(&format!(
        "{}, {} in scope, status as of {}. 'mscdb show NAME' gives the full history and sources.",
        prose::count(products, "product"),
        prose::count(grants, "grant"),
        as_of
    ))?;
    Ok(out)
}

/// `mscdb products` written as the engine hands over its rows: JSON and
/// CSV row by row, the table [`TABLE_CHUNK`](super::output::TABLE_CHUNK)
/// rows at a time (its first chunk decides the column widths). The bytes
/// are those of the collected answer's [`Report`].
pub struct ProductsWriter<'o> {
    sink: Sink<'o>,
    /// Added to every JSON row, as [`super::emit`] adds it.
    record_date: Option<String>,
}

enum Sink<'o> {
    Json { out: &'o mut Output, first: bool },
    Ndjson(&'o mut Output),
    Csv(Box<CsvRows<'o>>),
    Table(TableRows<'o, 'static>),
}

impl<'o> ProductsWriter<'o> {
    /// Starts the output (the CSV header row is written at once).
    pub fn start(out: &'o mut Output, record_date: Option<&str>) -> Result<ProductsWriter<'o>> {
        let sink = match out.format {
            Format::Json => Sink::Json { out, first: true },
            Format::Ndjson => Sink::Ndjson(out),
            Format::Csv | Format::Tsv => Sink::Csv(Box::new(out.csv_rows(&CSV_HEADERS)?)),
            Format::Table => Sink::Table(out.table_rows(&TABLE_HEADERS)),
        };
        Ok(ProductsWriter {
            sink,
            record_date: record_date.map(str::to_string),
        })
    }

    /// Whether the form shows the answer's sources when `--sources` asks
    /// (only the table does), so they need reading.
    pub fn shows_sources(&self) -> bool {
        matches!(self.sink, Sink::Table(_))
    }

    pub fn row(&mut self, r: &ProductRow) -> Result<()> {
        match &mut self.sink {
            Sink::Json { out, first } => {
                let w = out.writer();
                w.write_all(if *first { b"[\n  " } else { b",\n  " })?;
                // The element as `to_writer_pretty` writes it inside the array: one level in.
                serde_json::to_writer_pretty(Indented(w), &dated(r, self.record_date.as_deref()))
                    .map_err(std::io::Error::from)?;
                *first = false;
            }
            Sink::Ndjson(out) => {
                let w = out.writer();
                serde_json::to_writer(&mut *w, &dated(r, self.record_date.as_deref()))
                    .map_err(std::io::Error::from)?;
                w.write_all(b"\n")?;
            }
            Sink::Csv(csv) => {
                for row in csv_rows(r) {
                    csv.row(&row)?;
                }
            }
            Sink::Table(table) => {
                for line in table_lines(r) {
                    table.row(line)?;
                }
            }
        }
        Ok(())
    }

    /// Ends the output: the JSON array, the table's end and its count line,
    /// and with `--sources` the sources (`sources`: those `end` cites).
    pub fn finish(self, end: &ProductsEnd, with_sources: bool, sources: &[Source]) -> Result<()> {
        match self.sink {
            Sink::Json { out, first } => {
                out.writer().write_all(if first { b"[]\n" } else { b"\n]\n" })?;
                Ok(())
            }
            Sink::Ndjson(_) => Ok(()),
            Sink::Csv(csv) => csv.finish(),
            Sink::Table(table) => {
                let out = end_table(table, end.products, end.grants, end.as_of, &end.ended)?;
                if with_sources {
                    super::source_list(out, sources)?;
                }
                Ok(())
            }
        }
    }
}

/// A row as JSON, with the record's date as [`super::emit`] adds it (its
/// last key), serialised straight from the row: through a
/// `serde_json::Value` it was 45 % of `products -f json` at 10^4 decisions.
#[derive(Serialize)]
struct Dated<'a> {
    #[serde(flatten)]
    row: &'a ProductRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    record_date: Option<&'a str>,
}

fn dated<'a>(row: &'a ProductRow, record_date: Option<&'a str>) -> Dated<'a> {
    Dated { row, record_date }
}

/// Writes through to a writer with every line after the first indented two
/// spaces: pretty JSON serialised alone, as it reads one level inside an
/// array. (A JSON string holds no raw line break, so each is the layout's.)
struct Indented<'w>(&'w mut dyn Write);

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|&b| b == b'\n') {
            self.0.write_all(&rest[..=at])?;
            self.0.write_all(b"  ")?;
            rest = &rest[at + 1..];
        }
        self.0.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// A grant's standing in the CSV's `status` column.
fn grant_status(g: &Grant) -> &'static str {
    match g.status {
        StandingStatus::InForce => "approved",
        StandingStatus::TermEnded => "term-ended",
        StandingStatus::Ended => "no-longer-approved",
        // A grant in scope is in force, term-ended or ended; nothing else reaches here.
        StandingStatus::Refused | StandingStatus::NoGrant => "not-approved",
    }
}
