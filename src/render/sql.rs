//! The rows of `mscdb sql` as they come: a [`RowSink`] for each format. CSV,
//! TSV, JSON and ndjson stream (JSON is an array of objects keyed by
//! [`json_keys`], in column order); a table is laid out whole, so it holds
//! at most 10,000 rows.

use crate::error::{Error, Result};
use crate::query::sql::{RowSink, Value, json_keys};

use super::output::CsvRows;
use super::{Format, Output};

/// Rows a table (which is laid out whole) may hold; CSV and JSON stream.
const MAX_TABLE_ROWS: usize = 10_000;

/// Bytes of text a table may hold (laid out, it needs several times that).
const MAX_TABLE_BYTES: usize = 16 * 1024 * 1024;

/// A cell as text: empty for NULL, a blob by its size.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(n) => format!("<{n} bytes>"),
    }
}

fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(f) => serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, Into::into),
        other => text(other).into(),
    }
}

/// The sink for the format `out` is in.
pub fn sink(out: &mut Output) -> Box<dyn RowSink + '_> {
    match out.format {
        Format::Json | Format::Ndjson => Box::new(JsonRows {
            lines: out.format == Format::Ndjson,
            out,
            keys: Vec::new(),
            first: true,
        }),
        Format::Csv | Format::Tsv => Box::new(CsvSink::Pending(Some(out))),
        Format::Table => Box::new(TableRows {
            out,
            headers: Vec::new(),
            rows: Vec::new(),
            bytes: 0,
        }),
    }
}

struct JsonRows<'a> {
    out: &'a mut Output,
    /// One compact object a line (ndjson) rather than one array.
    lines: bool,
    /// The keys, already written as JSON strings.
    keys: Vec<String>,
    first: bool,
}

impl RowSink for JsonRows<'_> {
    fn columns(&mut self, names: &[String]) -> Result<()> {
        self.keys = json_keys(names)
            .iter()
            .map(|k| serde_json::Value::from(k.as_str()).to_string())
            .collect();
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<()> {
        let out = self.out.writer();
        if self.lines {
            out.write_all(b"{")?;
            for (i, (key, value)) in self.keys.iter().zip(values).enumerate() {
                let comma = if i == 0 { "" } else { "," };
                write!(out, "{comma}{key}:{}", json(value))?;
            }
            out.write_all(b"}\n")?;
            return Ok(());
        }
        out.write_all(if self.first { b"[\n  {" } else { b",\n  {" })?;
        self.first = false;
        for (i, (key, value)) in self.keys.iter().zip(values).enumerate() {
            let comma = if i == 0 { "" } else { "," };
            write!(out, "{comma}\n    {key}: {}", json(value))?;
        }
        out.write_all(b"\n  }")?;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let out = self.out.writer();
        if self.lines {
            return Ok(());
        }
        out.write_all(if self.first { b"[]\n" } else { b"\n]\n" })?;
        Ok(())
    }
}

/// CSV: the header row is written when the columns are known.
enum CsvSink<'a> {
    Pending(Option<&'a mut Output>),
    Writing(Box<CsvRows<'a>>),
}

impl RowSink for CsvSink<'_> {
    fn columns(&mut self, names: &[String]) -> Result<()> {
        if let CsvSink::Pending(out) = self
            && let Some(out) = out.take()
        {
            let headers: Vec<&str> = names.iter().map(String::as_str).collect();
            *self = CsvSink::Writing(Box::new(out.csv_rows(&headers)?));
        }
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<()> {
        match self {
            CsvSink::Writing(csv) => csv.row(&values.iter().map(text).collect::<Vec<_>>()),
            CsvSink::Pending(_) => Ok(()),
        }
    }

    fn finish(&mut self) -> Result<()> {
        match self {
            CsvSink::Writing(csv) => csv.flush(),
            CsvSink::Pending(_) => Ok(()),
        }
    }
}

struct TableRows<'a> {
    out: &'a mut Output,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Text held so far, checked against [`MAX_TABLE_BYTES`].
    bytes: usize,
}

impl RowSink for TableRows<'_> {
    fn columns(&mut self, names: &[String]) -> Result<()> {
        self.headers = names.to_vec();
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<()> {
        if self.rows.len() == MAX_TABLE_ROWS {
            return Err(Error::usage(format!(
                "sql: more than {MAX_TABLE_ROWS} rows for a table; use --format csv or json, or add a LIMIT"
            )));
        }
        let row: Vec<String> = values.iter().map(text).collect();
        self.bytes += row.iter().map(String::len).sum::<usize>();
        if self.bytes > MAX_TABLE_BYTES {
            return Err(Error::usage(format!(
                "sql: more than {} MB of text for a table; use --format csv or json (which stream), or add a LIMIT",
                MAX_TABLE_BYTES / (1024 * 1024)
            )));
        }
        self.rows.push(row);
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        self.out.table(&headers, &self.rows)?;
        self.out
            .line(&format!("{}.", super::prose::count(self.rows.len(), "row")))
    }
}
