//! Reading one CSV file into rows, checking its shape: header, field count,
//! UTF-8, quoting. Values are checked later, in `validate`.

use crate::error::Problem;
use crate::spec::Table;

/// A parsed table: rows of optional values (an empty cell is `None`),
/// in the column order of the spec.
#[derive(Debug, Clone)]
pub struct RawTable {
    pub table: &'static Table,
    pub rows: Vec<RawRow>,
}

/// One row, stored compactly: the cells share one buffer (a million rows
/// would otherwise be sixteen million small allocations).
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Line number of the row's first line in the file (the header is line 1).
    pub line: u64,
    text: String,
    /// Each cell's byte range in `text`, in spec column order; `None` when empty.
    cells: Vec<Option<(u32, u32)>>,
}

impl RawRow {
    /// The cell in spec column `index`; `None` when empty.
    pub fn value(&self, index: usize) -> Option<&str> {
        self.cells
            .get(index)
            .copied()
            .flatten()
            .map(|(a, b)| &self.text[a as usize..b as usize])
    }

    /// Every cell, in spec column order.
    pub fn values(&self) -> impl Iterator<Item = Option<&str>> {
        (0..self.cells.len()).map(|i| self.value(i))
    }

    pub fn get(&self, table: &Table, column: &str) -> Option<&str> {
        self.value(table.column(column)?)
    }
}

/// Parses `bytes` as the CSV file of `table`. On failure returns every
/// problem found in the file's shape.
pub fn parse(table: &'static Table, bytes: &[u8]) -> Result<RawTable, Vec<Problem>> {
    let file = table.file();
    let problem = |line: Option<u64>, column: Option<&str>, message: &str, value: Option<String>| Problem {
        file: file.clone(),
        line,
        column: column.map(str::to_string),
        message: message.to_string(),
        value,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![problem(
            None,
            None,
            "empty file: expected a header row",
            None,
        )]);
    }
    let mut problems = Vec::new();

    // The csv crate reads an unterminated quote to the end of the file
    // without complaint; an odd number of quote characters betrays it.
    if bytes.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
        let line = unterminated_quote_line(bytes);
        problems.push(problem(
            Some(line),
            None,
            "unterminated quoted field (a '\"' is never closed)",
            None,
        ));
        return Err(problems);
    }

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![problem(
                Some(1),
                None,
                &format!("unreadable header: {e}"),
                None,
            )]);
        }
    };
    // Map spec columns to file positions; report missing, unknown and repeated columns.
    let mut names = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(name) => names.push(name.to_string()),
            Err(_) => {
                problems.push(problem(
                    Some(1),
                    None,
                    "header is not valid UTF-8",
                    Some(String::from_utf8_lossy(raw).into_owned()),
                ));
                names.push(format!("#{i}"));
            }
        }
    }
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            problems.push(problem(
                Some(1),
                Some(name),
                "column appears twice in the header",
                None,
            ));
        } else if table.column(name).is_none() {
            let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            problems.push(problem(
                Some(1),
                Some(name),
                &format!("unknown column; expected: {}", expected.join(", ")),
                None,
            ));
        }
    }
    let mut positions = Vec::new();
    for column in table.columns {
        match names.iter().position(|n| n == column.name) {
            Some(p) => positions.push(p),
            None => problems.push(problem(Some(1), Some(column.name), "missing column", None)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut rows = Vec::new();
    for result in reader.byte_records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let (line, message) = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        pos,
                        expected_len,
                        len,
                    } => (
                        pos.as_ref().map(csv::Position::line),
                        format!("row has {len} fields; the header has {expected_len}"),
                    ),
                    _ => (
                        e.position().map(csv::Position::line),
                        format!("unreadable row: {e}"),
                    ),
                };
                problems.push(problem(line, None, &message, None));
                if problems.len() >= 50 {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map(csv::Position::line).unwrap_or(0);
        // A row of one empty field is a blank line (for example a trailing one).
        if record.len() == 1 && record[0].is_empty() && table.columns.len() > 1 {
            continue;
        }
        let mut text = String::with_capacity(record.as_slice().len());
        let mut cells = Vec::with_capacity(positions.len());
        for (column, &p) in table.columns.iter().zip(&positions) {
            let raw = &record[p];
            match std::str::from_utf8(raw) {
                Ok("") => cells.push(None),
                Ok(cell) => {
                    let start = text.len() as u32;
                    text.push_str(cell);
                    cells.push(Some((start, text.len() as u32)));
                }
                Err(_) => {
                    problems.push(problem(
                        Some(line),
                        Some(column.name),
                        "not valid UTF-8",
                        Some(String::from_utf8_lossy(raw).into_owned()),
                    ));
                    cells.push(None);
                }
            }
        }
        rows.push(RawRow { line, text, cells });
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(problem(
            None,
            None,
            "no rows: the file has a header but no data",
            None,
        ));
    }
    if problems.is_empty() {
        Ok(RawTable { table, rows })
    } else {
        Err(problems)
    }
}

/// The line on which the last quoted field opened.
fn unterminated_quote_line(bytes: &[u8]) -> u64 {
    let (mut line, mut open_line, mut in_quotes) = (1u64, 1u64, false);
    for &b in bytes {
        match b {
            b'"' => {
                if !in_quotes {
                    open_line = line;
                }
                in_quotes = !in_quotes;
            }
            b'\n' => line += 1,
            _ => {}
        }
    }
    open_line
}
