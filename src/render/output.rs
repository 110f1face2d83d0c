//! The output sink: a terminal or pipe, its width and colour, and the
//! primitives every format is written with (wrapped lines, tables, JSON, CSV).

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{Attribute, Cell, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON document: an array of objects (one object for `show` and `check`).
    Json,
    /// CSV with a header row; lists are joined with ';'.
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Width used when output is not a terminal and COLUMNS is unset.
const FALLBACK_WIDTH: u16 = 100;

pub struct Output {
    writer: Box<dyn Write>,
    /// The pager the output goes through, waited for in [`Output::finish`].
    pager: Option<std::process::Child>,
    pub format: Format,
    terminal: bool,
    color: bool,
    width: Option<u16>,
}

impl Output {
    /// Standard output; on a terminal and with `page`, through `$PAGER`
    /// (default `less -FRX`, which leaves short output on the screen; an
    /// empty `PAGER` means none). Piped output never goes through a pager.
    pub fn stdout(format: Format, color: ColorChoice, page: bool) -> Output {
        let terminal = io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20);
        // On a terminal, ask comfy-table for its size; it reports None (or 0) when unknown.
        let width = width
            .or_else(|| {
                if terminal {
                    Table::new().width().filter(|w| *w >= 20)
                } else {
                    None
                }
            })
            .or(Some(FALLBACK_WIDTH));
        let mut pager = if page && terminal { spawn_pager() } else { None };
        let writer: Box<dyn Write> = match pager.as_mut().and_then(|p| p.stdin.take()) {
            Some(stdin) => Box::new(io::BufWriter::new(stdin)),
            None => Box::new(io::BufWriter::new(io::stdout().lock())),
        };
        Output {
            writer,
            pager,
            format,
            terminal,
            color,
            width,
        }
    }

    /// Flushes, then closes the pager's input and waits for the reader to quit.
    pub fn finish(mut self) -> Result<()> {
        let flushed = self.writer.flush();
        self.writer = Box::new(io::sink());
        if let Some(mut pager) = self.pager.take() {
            pager.wait()?;
        }
        // A reader that quit early (q in less) is not an error.
        match flushed {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => Ok(other?),
        }
    }

    /// An output that writes into memory (for benchmarks and tests).
    pub fn buffer(format: Format, sink: Box<dyn Write>) -> Output {
        Output {
            writer: sink,
            pager: None,
            format,
            terminal: false,
            color: false,
            width: Some(FALLBACK_WIDTH),
        }
    }

    /// A line of prose, wrapped to the output width when it is a table.
    pub fn line(&mut self, text: &str) -> Result<()> {
        let text = sanitize(text, true);
        let width = usize::from(self.width.unwrap_or(FALLBACK_WIDTH));
        for paragraph in text.split('\n') {
            writeln!(self.writer, "{}", wrap(paragraph, width))?;
        }
        Ok(())
    }

    /// The width tables and prose are fitted to.
    pub fn width(&self) -> usize {
        usize::from(self.width.unwrap_or(FALLBACK_WIDTH))
    }

    pub fn blank(&mut self) -> Result<()> {
        writeln!(self.writer)?;
        Ok(())
    }

    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = self.width {
            table.set_width(width);
        }
        if self.color {
            table.enforce_styling();
            table.set_header(
                headers
                    .iter()
                    .map(|h| Cell::new(sanitize(h, true)).add_attribute(Attribute::Bold)),
            );
        } else {
            table.force_no_tty();
            if let Some(width) = self.width {
                table.set_width(width);
            }
            table.set_header(headers.iter().map(|h| Cell::new(sanitize(h, true))));
        }
        for row in rows {
            table.add_row(
                row.iter()
                    .map(|cell| Cell::new(break_long_words(&sanitize(cell, true), MAX_UNBROKEN))),
            );
        }
        if let Some(width) = self.width {
            keep_words_whole(&mut table, headers, rows, usize::from(width));
        }
        writeln!(self.writer, "{table}")?;
        Ok(())
    }

    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer_pretty(&mut self.writer, value).map_err(io::Error::from)?;
        writeln!(self.writer)?;
        Ok(())
    }

    pub fn csv(&mut self, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
        let mut csv = self.csv_rows(headers)?;
        for row in rows {
            csv.row(row)?;
        }
        csv.finish()
    }

    /// A CSV writer that has written the header row; rows are written one
    /// at a time (for output that streams). See [`csv_cell`].
    pub fn csv_rows(&mut self, headers: &[&str]) -> Result<CsvRows<'_>> {
        let terminal = self.terminal;
        let mut rows = CsvRows {
            writer: csv::Writer::from_writer(&mut self.writer),
            terminal,
        };
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_string()).collect();
        rows.row(&headers)?;
        Ok(rows)
    }

    /// The raw output, for formats written piece by piece.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    pub fn flush(&mut self) -> Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// CSV rows written one at a time; see [`Output::csv_rows`].
pub struct CsvRows<'a> {
    writer: csv::Writer<&'a mut Box<dyn Write>>,
    terminal: bool,
}

impl CsvRows<'_> {
    pub fn row(&mut self, row: &[String]) -> Result<()> {
        let row: Vec<String> = row.iter().map(|c| csv_cell(c, self.terminal)).collect();
        self.writer.write_record(&row).map_err(csv_io)?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.flush()
    }

    /// Writes out what is buffered (the writer stays usable).
    pub fn flush(&mut self) -> Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// One CSV cell as written. A cell that a spreadsheet would run as a
/// formula (one beginning with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`, as OWASP advises against CSV injection; this
/// applies to CSV output only. On a terminal the cell is also escaped with
/// [`sanitize`] (data may hold newlines; only a terminal needs them escaped).
pub fn csv_cell(cell: &str, terminal: bool) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if terminal { sanitize(&cell, true) } else { cell }
}

/// The longest run of non-space characters handed to comfy-table, whose
/// splitting of one word is quadratic in its length; longer runs are cut
/// into lines of this many characters first (no real word comes close).
const MAX_UNBROKEN: usize = 1000;

/// Puts a line break after every `max` characters of a run without
/// whitespace. Linear; text without such runs is returned as it is.
fn break_long_words(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            if run == max {
                out.push('\n');
                run = 0;
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

/// Starts `$PAGER` (default `less -FRX`) with its input piped; `None` when
/// `PAGER` is empty or the program cannot be started (output then goes to
/// the terminal directly).
fn spawn_pager() -> Option<std::process::Child> {
    let command = std::env::var("PAGER").unwrap_or_else(|_| "less -FRX".to_string());
    let mut words = command.split_whitespace();
    let program = words.next()?;
    std::process::Command::new(program)
        .args(words)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()
}

/// Asks comfy-table not to break words (identifiers, dates, URLs) inside a
/// column: every column's longest word when they all fit the width at once;
/// else the columns of identifiers, trial numbers and dates (where most
/// cells' longest word has a digit) first, as wide as their longest word
/// that fits, then the narrowest others whose longest word fits, while the
/// columns left keep a few characters each. Those columns wrap at spaces.
fn keep_words_whole(table: &mut Table, headers: &[&str], rows: &[Vec<String>], width: usize) {
    const MAX_WORD: usize = 32;
    /// What a column left to comfy-table keeps at least (with padding and border).
    const MIN_LEFT: usize = 8 + 3;
    // Per column: the lengths of its words, longest first, and whether it holds identifiers.
    let columns: Vec<(Vec<usize>, bool)> = (0..headers.len())
        .map(|i| {
            let cells: Vec<&str> = rows.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
            let mut lengths: Vec<usize> = cells
                .iter()
                .chain([&headers[i]])
                .flat_map(|c| c.split_whitespace())
                .map(|w| w.chars().count().min(MAX_WORD))
                .collect();
            lengths.sort_unstable_by(|a, b| b.cmp(a));
            lengths.dedup();
            // A column of identifiers: in most cells, the longest word holds a digit.
            let longest_words: Vec<&str> = cells
                .iter()
                .filter_map(|c| c.split_whitespace().max_by_key(|w| w.chars().count()))
                .collect();
            let with_digit = longest_words
                .iter()
                .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
                .count();
            (lengths, with_digit > 0 && with_digit * 2 >= longest_words.len())
        })
        .collect();
    let longest = |i: usize| columns[i].0.first().copied().unwrap_or(0);
    // Each column also takes two padding characters and a border.
    let needed: usize = (0..columns.len()).map(|i| longest(i) + 3).sum::<usize>() + 1;
    let mut bounds: Vec<Option<usize>> = vec![None; columns.len()];
    if needed <= width {
        bounds = (0..columns.len()).map(|i| Some(longest(i))).collect();
    } else {
        let mut order: Vec<usize> = (0..columns.len()).collect();
        order.sort_by_key(|&i| (!columns[i].1, longest(i)));
        let mut used = 1;
        let mut left = columns.len();
        for i in order {
            left -= 1;
            let avail = width.saturating_sub(used + left * MIN_LEFT + 3);
            // Identifiers keep as many whole as fit; other columns all or none.
            let fits = if columns[i].1 {
                columns[i].0.iter().find(|&&w| w <= avail)
            } else {
                columns[i].0.first().filter(|&&w| w <= avail)
            };
            if let Some(&w) = fits {
                bounds[i] = Some(w);
                used += w + 3;
            } else {
                used += MIN_LEFT;
            }
        }
    }
    for (i, bound) in bounds.iter().enumerate() {
        if let (Some(w), Some(column)) = (bound, table.column_mut(i)) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(*w as u16 + 2)));
        }
    }
}

fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Escapes control, bidi and zero-width characters so that data never
/// drives the terminal; newlines survive when `keep_newlines`. The same
/// function as messages use ([`crate::error::escape`]).
pub fn sanitize(text: &str, keep_newlines: bool) -> String {
    crate::error::escape(text, keep_newlines, None)
}

/// Greedy word wrap; words longer than the width stay whole. Leading spaces
/// are kept and indent every line of the paragraph.
pub fn wrap(text: &str, width: usize) -> String {
    let body = text.trim_start_matches(' ');
    let indent = &text[..text.len() - body.len()];
    let width = width.saturating_sub(indent.len()).max(20);
    let mut out = String::from(indent);
    let mut line_len = 0;
    for word in body.split(' ') {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(
            sanitize("a\u{202e}b\u{200b}c\u{feff}", true),
            "a\\u{202e}b\\u{200b}c\\u{feff}"
        );
        assert_eq!(sanitize("\u{2066}x\u{2069}", false), "\\u{2066}x\\u{2069}");
        assert_eq!(sanitize("a\u{1b}[31mb", true), "a\\u{1b}[31mb");
        assert_eq!(sanitize("a\nb", true), "a\nb");
        assert_eq!(sanitize("a\nb", false), "a\\nb");
        assert_eq!(sanitize("a\r\nb\rc", true), "a\nb\nc");
    }

    #[test]
    fn csv_cells_that_start_a_formula_are_quoted() {
        for cell in ["=1+1", "+cmd", "-x", "@SUM(A1)", "\t=z", "\r=z"] {
            assert_eq!(csv_cell(cell, false), format!("'{cell}"));
        }
        assert_eq!(csv_cell("a=b", false), "a=b");
        assert_eq!(csv_cell("", false), "");
    }

    #[test]
    fn long_words_are_cut_before_layout() {
        assert_eq!(break_long_words("abcdefg hi", 3), "abc\ndef\ng hi");
        assert_eq!(break_long_words("abc def", 3), "abc def");
    }

    #[test]
    fn wraps_on_spaces() {
        assert_eq!(wrap("aaa bbb ccc ddd eee fff", 20), "aaa bbb ccc ddd eee\nfff");
        assert_eq!(
            wrap("averyveryverylongwordthatislong x", 20),
            "averyveryverylongwordthatislong\nx"
        );
        assert_eq!(
            wrap("  aaaa bbbb cccc dddd eeee ffff", 24),
            "  aaaa bbbb cccc dddd\n  eeee ffff"
        );
    }
}
