//! The output sink: a terminal or pipe, its width and colour, and the
//! primitives every format is written with (wrapped lines, tables, JSON, CSV).

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use comfy_table::{Attribute, Cell, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON document: an array of objects (one object for `show` and `check`).
    Json,
    /// CSV with a header row; lists are joined with ';'.
    Csv,
    /// Newline-delimited JSON: one compact object per line (the objects of
    /// `json`'s array; `show` and `check` give one line).
    Ndjson,
    /// Tab-separated values with a header row, the CSV's columns; a tab,
    /// newline, carriage return or backslash in a cell is written `\t`,
    /// `\n`, `\r`, `\\`.
    Tsv,
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
    pager: Option<Pager>,
    pub format: Format,
    terminal: bool,
    color: bool,
    width: Option<u16>,
}

impl Output {
    /// Standard output; on a terminal and with `page`, through the pager
    /// (see [`spawn_pager`]). Piped output never goes through a pager.
    pub fn stdout(format: Format, color: ColorChoice, page: bool) -> Output {
        let terminal = io::stdout().is_terminal();
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => auto_color(terminal),
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
        let writer: Box<dyn Write> = match pager.as_mut().and_then(|p| p.child.stdin.take()) {
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
            let status = pager.child.wait()?;
            // A pager that fails (`PAGER=false`, a bad option) has shown
            // nothing: say so rather than end with exit 0 and no output.
            if !status.success() {
                return Err(crate::error::Error::usage(format!(
                    "the pager '{}' failed ({status}), so the output was not shown; run with --no-pager, or set MSCDB_PAGER or PAGER",
                    pager.command
                )));
            }
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
        let table = self.layout(Some(headers), rows, None, &[]);
        // Line by line: the table's `Display` joins its lines into one more string.
        for line in table.lines() {
            writeln!(self.writer, "{line}")?;
        }
        Ok(())
    }

    /// A table laid out to the output's width, with a header row or none;
    /// with `widths` (each column's, padding included), at those widths.
    /// `floors`, by column: the widest word of rows still to come (see
    /// [`TableRows::measure`]).
    fn layout(
        &self,
        headers: Option<&[&str]>,
        rows: &[Vec<String>],
        widths: Option<&[u16]>,
        floors: &[usize],
    ) -> Table {
        // The text as comfy-table gets it, so that words are measured as they are laid out.
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| as_laid_out(cell)).collect())
            .collect();
        self.arrange(headers, rows, widths, floors)
    }

    /// [`Output::layout`] of rows already as laid out ([`as_laid_out`]).
    fn arrange(
        &self,
        headers: Option<&[&str]>,
        rows: Vec<Vec<String>>,
        widths: Option<&[u16]>,
        floors: &[usize],
    ) -> Table {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(width) = self.width {
            table.set_width(width);
        }
        let headers: Option<Vec<String>> = headers.map(|h| h.iter().map(|h| sanitize(h, true)).collect());
        if self.color {
            table.enforce_styling();
            if let Some(headers) = &headers {
                table.set_header(
                    headers
                        .iter()
                        .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
                );
            }
        } else {
            table.force_no_tty();
            if let Some(width) = self.width {
                table.set_width(width);
            }
            if let Some(headers) = &headers {
                table.set_header(headers.iter().map(Cell::new));
            }
        }
        // Measured before the rows move into their cells.
        let lower_bounds = match (widths, &headers, self.width) {
            (None, Some(headers), Some(width)) => {
                Some(longest_words(headers, &rows, usize::from(width), floors))
            }
            _ => None,
        };
        for row in rows {
            table.add_row(row.into_iter().map(Cell::new_owned));
        }
        if let Some(widths) = widths {
            for (i, w) in widths.iter().enumerate() {
                if let Some(column) = table.column_mut(i) {
                    column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(*w)));
                }
            }
        }
        for (i, bound) in lower_bounds.into_iter().flatten().enumerate() {
            if let (Some(column), Some(bound)) = (table.column_mut(i), bound) {
                // The boundary includes the column's padding of one space each side.
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(bound)));
            }
        }
        table
    }

    /// A table written as its rows come (see [`TableRows`]).
    pub fn table_rows<'h>(&mut self, headers: &'h [&'h str]) -> TableRows<'_, 'h> {
        TableRows {
            out: self,
            headers,
            rows: Vec::new(),
            widths: None,
            bottom: None,
            floors: Vec::new(),
            shapes: Vec::new(),
            lines: 0,
        }
    }

    /// Newline-delimited JSON: each element of an array on its own line, any
    /// other value as one line.
    pub fn ndjson(&mut self, value: &serde_json::Value) -> Result<()> {
        let one = std::slice::from_ref(value);
        let items = value.as_array().map_or(one, Vec::as_slice);
        for item in items {
            self.json_line(item)?;
        }
        Ok(())
    }

    /// One value as one line of JSON.
    fn json_line<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer(&mut self.writer, value).map_err(io::Error::from)?;
        writeln!(self.writer)?;
        Ok(())
    }

    /// A JSON array of the items as the iterator makes them, none held
    /// after it is written: pretty, or (NDJSON) one element a line.
    pub fn json_seq<T: Serialize>(&mut self, items: impl Iterator<Item = T>) -> Result<()> {
        if self.format == Format::Ndjson {
            for item in items {
                self.json_line(&item)?;
            }
            Ok(())
        } else {
            self.json(&Once(std::cell::Cell::new(Some(items))))
        }
    }

    /// One JSON object in the output's format: pretty, or (NDJSON) on one line.
    pub fn json_document<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        if self.format == Format::Ndjson {
            self.json_line(value)
        } else {
            self.json(value)
        }
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

    /// CSV rows written as the iterator makes them, none held after it is written.
    pub fn csv_each(&mut self, headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
        let mut csv = self.csv_rows(headers)?;
        for row in rows {
            csv.row(&row)?;
        }
        csv.finish()
    }

    /// A CSV writer that has written the header row; rows are written one
    /// at a time (for output that streams). See [`csv_cell`].
    pub fn csv_rows(&mut self, headers: &[&str]) -> Result<CsvRows<'_>> {
        let terminal = self.terminal;
        let tsv = self.format == Format::Tsv;
        let mut builder = csv::WriterBuilder::new();
        if tsv {
            builder.delimiter(b'\t').quote_style(csv::QuoteStyle::Never);
        }
        let mut rows = CsvRows {
            writer: builder.from_writer(&mut self.writer),
            terminal,
            tsv,
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

/// The rows (or, measured, the lines) a table lays out at once when it is
/// written as its rows come.
pub const TABLE_CHUNK: usize = 1000;

/// A table written as its rows come, a chunk at a time, so memory holds
/// one chunk; the later chunks take the first one's column widths and
/// continue it, so the chunks read as one table. Unmeasured, a chunk is
/// [`TABLE_CHUNK`] rows and the first is laid out as [`Output::table`] lays
/// out a table (a table of at most that many rows is byte for byte its
/// table). With every row measured first ([`TableRows::measure`]), the
/// widths are the whole table's and a chunk is about [`TABLE_CHUNK`] lines.
pub struct TableRows<'o, 'h> {
    out: &'o mut Output,
    headers: &'h [&'h str],
    rows: Vec<Vec<String>>,
    /// Each column's width, padding included, once the first chunk is out.
    widths: Option<Vec<u16>>,
    /// The bottom border of the chunk written last, held back until it is
    /// known whether another chunk continues the table.
    bottom: Option<String>,
    /// Each column's widest word among the rows measured beforehand.
    floors: Vec<usize>,
    /// Each column's lines among the rows measured beforehand, one of each
    /// shape (as laid out): with every row measured, the widths are the
    /// whole table's, whichever chunk holds the lines that decide them.
    shapes: Vec<BTreeMap<Vec<Piece>, String>>,
    /// Lines in the rows held.
    lines: usize,
}

impl<'o> TableRows<'o, '_> {
    /// Counts a row that will come, before any is given. Once every row is
    /// measured, the columns are as wide as the whole table laid out at once
    /// would make them, so chunks may hold any number of rows: they are then
    /// bounded by lines, for rows of thousands of lines. comfy-table sizes a
    /// column by its lines alone, each line by where it may wrap (the widths
    /// of its words and, within a word too long for the column, of its
    /// characters) and our floor is a column's widest word; so one line of
    /// each shape (see [`shape`]) sizes the columns as all of them do.
    pub fn measure(&mut self, row: &[String]) {
        if self.floors.len() < row.len() {
            self.floors.resize(row.len(), 0);
            self.shapes.resize(row.len(), BTreeMap::new());
        }
        for ((floor, shapes), cell) in self.floors.iter_mut().zip(&mut self.shapes).zip(row) {
            let text = as_laid_out(cell);
            for line in text.split('\n') {
                let words = line.split_whitespace().map(UnicodeWidthStr::width).max();
                *floor = (*floor).max(words.unwrap_or(0));
                shapes.entry(shape(line)).or_insert_with(|| line.to_string());
            }
        }
    }

    pub fn row(&mut self, row: Vec<String>) -> Result<()> {
        self.lines += row.iter().map(|c| c.matches('\n').count() + 1).max().unwrap_or(1);
        self.rows.push(row);
        let full = if self.shapes.is_empty() {
            self.rows.len() >= TABLE_CHUNK
        } else {
            self.lines >= TABLE_CHUNK
        };
        if full {
            self.write_chunk()?;
        }
        Ok(())
    }

    /// Whether any row has been given.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.widths.is_none()
    }

    fn write_chunk(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.rows);
        self.lines = 0;
        let first = self.widths.is_none();
        if first && !self.shapes.is_empty() {
            // The whole table's widths, from its header and one row that
            // holds a line of each shape of each column.
            let proxy = vec![
                self.shapes
                    .iter()
                    .map(|lines| lines.values().map(String::as_str).collect::<Vec<_>>().join("\n"))
                    .collect(),
            ];
            let sized = self.out.arrange(Some(self.headers), proxy, None, &self.floors);
            self.widths = sized.lines().next().as_deref().map(border_widths);
        }
        let table = match self.widths.as_deref() {
            Some(widths) => self
                .out
                .layout(first.then_some(self.headers), &rows, Some(widths), &[]),
            None => self.out.layout(Some(self.headers), &rows, None, &self.floors),
        };
        let mut lines: Vec<String> = table.lines().collect();
        let bottom = lines.pop();
        if first {
            if self.widths.is_none() {
                self.widths = lines.first().map(|top| border_widths(top));
            }
        } else if let Some(top) = lines.first_mut() {
            // Continued: the row separator where this chunk's top border was.
            *top = top
                .chars()
                .map(|c| match c {
                    '┌' => '├',
                    '┬' => '┼',
                    '┐' => '┤',
                    '─' => '╌',
                    c => c,
                })
                .collect();
        }
        self.bottom = bottom;
        for line in lines {
            writeln!(self.out.writer, "{line}")?;
        }
        Ok(())
    }

    /// Writes the last rows and the table's bottom border, and hands the
    /// output back for what follows the table.
    pub fn finish(mut self) -> Result<&'o mut Output> {
        self.write_chunk()?;
        if let Some(bottom) = self.bottom.take() {
            writeln!(self.out.writer, "{bottom}")?;
        }
        Ok(self.out)
    }
}

/// A piece of a line between spaces (comfy-table's delimiter), as far as
/// wrapping can tell it from another: printable ASCII by its width alone
/// (each character one column and one grapheme), anything else as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    Ascii(usize),
    Text(String),
}

/// A line's shape: its pieces. Two lines of one shape wrap alike at every width.
fn shape(line: &str) -> Vec<Piece> {
    line.split(' ')
        .map(|piece| {
            if piece.bytes().all(|b| b.is_ascii_graphic()) {
                Piece::Ascii(piece.len())
            } else {
                Piece::Text(piece.to_string())
            }
        })
        .collect()
}

/// The columns' widths, padding included, of a top border: `┌` and each
/// width in `─`, split by `┬`.
fn border_widths(top: &str) -> Vec<u16> {
    top.trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|c| u16::try_from(c.chars().count()).unwrap_or(u16::MAX))
        .collect()
}

/// CSV rows written one at a time; see [`Output::csv_rows`].
pub struct CsvRows<'a> {
    writer: csv::Writer<&'a mut Box<dyn Write>>,
    terminal: bool,
    tsv: bool,
}

impl CsvRows<'_> {
    pub fn row(&mut self, row: &[String]) -> Result<()> {
        let row: Vec<String> = row
            .iter()
            .map(|c| {
                if self.tsv {
                    tsv_cell(&csv_cell(c, self.terminal))
                } else {
                    csv_cell(c, self.terminal)
                }
            })
            .collect();
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
    let cell = if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if terminal { sanitize(&cell, true) } else { cell }
}

/// Whether a cell is a plain decimal number (`-5`, `+0.5`, `-1.5e-3`),
/// which a spreadsheet reads as a number, never as a formula: the CSV
/// guard leaves it as it is, so that numbers stay numbers.
fn is_plain_number(cell: &str) -> bool {
    let b = cell.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut count = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        count += digits(&mut i);
    }
    if count == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// One TSV cell: the escapes of the "linear TSV" convention (also what
/// `sqlite-utils --tsv` readers and `mlr --itsv` undo), so a row stays one
/// line and a cell never splits into two columns. No terminal escaping is
/// needed on top: on a terminal the other control characters are escaped
/// by [`sanitize`] first, as for CSV.
pub fn tsv_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for c in cell.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The longest run of non-space characters handed to comfy-table, whose
/// splitting of one word is quadratic in its length; longer runs are cut
/// into lines of this many characters first (no real word comes close).
const MAX_UNBROKEN: usize = 1000;

/// Puts a line break after every `max` characters of a run without
/// whitespace. Linear; text without such runs is returned as it is.
fn break_long_words(text: String, max: usize) -> String {
    // No run can be longer than the text's bytes.
    if text.len() <= max {
        return text;
    }
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

/// Whether `--color auto` colours: as anstream decides, through
/// anstyle-query. `NO_COLOR` (not empty) turns colour off; then
/// `CLICOLOR_FORCE` (not `0`) turns it on even in a pipe; `CLICOLOR=0` turns
/// it off; otherwise a terminal gets colour unless `TERM=dumb`.
fn auto_color(terminal: bool) -> bool {
    if anstyle_query::no_color() {
        false
    } else if anstyle_query::clicolor_force() {
        true
    } else if anstyle_query::clicolor() == Some(false) {
        false
    } else {
        terminal && std::env::var("TERM").map_or(true, |t| t != "dumb")
    }
}

/// A running pager and the command it was started as (for a message).
struct Pager {
    child: std::process::Child,
    command: String,
}

/// Starts the pager with its input piped: `MSCDB_PAGER`, else `PAGER`, else
/// `less -FRX` (which leaves short output on the screen), split into words
/// as a shell would (quotes kept, crate `shell-words`). An empty value means
/// no pager. `LESS=FRX` is set when `LESS` is unset, as git and gh do, so a
/// plain `PAGER=less` shows colour and quits on short output. A pager that
/// cannot be started or parsed is reported on standard error and the output
/// goes to the terminal directly.
fn spawn_pager() -> Option<Pager> {
    let command = std::env::var("MSCDB_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| "less -FRX".to_string());
    let words = match shell_words::split(&command) {
        Ok(words) => words,
        Err(e) => {
            eprintln!("mscdb: pager '{command}': {e}; printing directly");
            return None;
        }
    };
    let (program, args) = words.split_first()?;
    let mut pager = std::process::Command::new(program);
    pager.args(args).stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        pager.env("LESS", "FRX");
    }
    match pager.spawn() {
        Ok(child) => Some(Pager { child, command }),
        Err(e) => {
            eprintln!("mscdb: cannot start the pager '{command}': {e}; printing directly");
            None
        }
    }
}

/// The lower bound of each column that asks comfy-table never to break a
/// word (an identifier, a trial number, a
/// date, a name) inside a column: every column is at least as wide as the
/// longest run of non-space characters in its cells or header, measured in
/// terminal columns, so comfy-table wraps only at spaces and hands the width
/// left over to the columns that have more to say.
///
/// When those widths together do not fit the terminal, the table is left
/// wider than the terminal rather than cut inside a word: a row that runs
/// past the edge can still be read (or piped, or paged with `less -S`),
/// while `NCT0420` / `8646` is a different number to a reader, and a
/// split source id no longer finds its source. Only a word wider than a
/// whole line of the terminal, which no layout can keep on one line, is
/// cut, at the terminal width.
/// A cell's text as comfy-table gets it, so that words are measured as they are laid out.
fn as_laid_out(cell: &str) -> String {
    break_long_words(sanitize(cell, true), MAX_UNBROKEN)
}

fn longest_words(
    headers: &[String],
    rows: &[Vec<String>],
    width: usize,
    floors: &[usize],
) -> Vec<Option<u16>> {
    // A column's content, with its padding and one border, is at most a line.
    let max_word = width.saturating_sub(4).max(1);
    headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let longest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .chain([header])
                .flat_map(|c| c.split_whitespace())
                .map(UnicodeWidthStr::width)
                .max()
                .unwrap_or(0)
                .max(floors.get(i).copied().unwrap_or(0))
                .min(max_word);
            u16::try_from(longest + 2).ok()
        })
        .collect()
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
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(indent);
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

/// An iterator serialised as a JSON array, once (serde asks for `&self`).
struct Once<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Once<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
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
        assert_eq!(break_long_words("abcdefg hi".into(), 3), "abc\ndef\ng hi");
        assert_eq!(break_long_words("abc def".into(), 3), "abc def");
    }

    /// A table output `width` columns wide, into a buffer the caller reads.
    fn buffered(width: u16) -> (Output, std::rc::Rc<std::cell::RefCell<Vec<u8>>>) {
        struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
        impl Write for Sink {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let buffer = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut out = Output::buffer(Format::Table, Box::new(Sink(buffer.clone())));
        out.width = Some(width);
        (out, buffer)
    }

    /// The table as written at `width` columns.
    fn table_at(width: u16, headers: &[&str], rows: &[Vec<String>]) -> String {
        let (mut out, buffer) = buffered(width);
        out.table(headers, rows).unwrap();
        out.flush().unwrap();
        String::from_utf8(buffer.borrow().clone()).unwrap()
    }

    /// The same table written by [`TableRows`], every row measured first.
    fn table_rows_at(width: u16, headers: &[&str], rows: &[Vec<String>]) -> String {
        let (mut out, buffer) = buffered(width);
        let mut table = out.table_rows(headers);
        for row in rows {
            table.measure(row);
        }
        for row in rows {
            table.row(row.clone()).unwrap();
        }
        table.finish().unwrap().flush().unwrap();
        String::from_utf8(buffer.borrow().clone()).unwrap()
    }

    #[test]
    fn a_measured_table_in_chunks_is_the_table_laid_out_whole() {
        // Rows of many lines, so that chunks hold one row or a few; the
        // lines that decide the widths (the longest, the one that wraps
        // worst, wide characters, a word too long for any column) come in
        // later chunks, after the first is written.
        let mut rows: Vec<Vec<String>> = (0..40)
            .map(|i| {
                let lines: Vec<String> = (0..(97 + i * 13))
                    .map(|j| format!("Product {j} — KR approval by 2021-08-{:02}", 1 + (i + j) % 28))
                    .collect();
                vec![format!("indication {i}"), lines.join("\n")]
            })
            .collect();
        rows[23][1].push_str("\nNeuroNata-R — KR conditional-approval by 2021-08-27 and a tail that wraps");
        rows[31][0] = "間葉系幹細胞製品による治療の対象となる疾患".to_string();
        rows[37][1].push_str("\nscrt-2025-approved-products-table3-and-then-some-more-characters-still");
        // Rows of short lines, but for two of one width that wrap
        // differently: the one that needs the wider column comes last.
        let mut plain: Vec<Vec<String>> = (0..30)
            .map(|i| vec![format!("name {i}"), vec!["x y"; 60].join("\n")])
            .collect();
        plain[1][1].push_str("\naaaaaaaaaaa bbbbbbbbbbb ccccccccccc");
        plain[25][1].push_str("\naaaaaaaa bbbbbbbb cccccccc dddddddd");
        for width in [24, 30, 34, 40] {
            let whole = table_at(width, &["Name", "Note"], &plain);
            let chunked = table_rows_at(width, &["Name", "Note"], &plain);
            assert!(
                chunked == whole,
                "the plain tables differ at width {width}:\n{chunked}\n{whole}"
            );
        }
        let headers = ["Indication", "Approved products in force (as of 2026-12-07)"];
        for width in [24, 40, 57, 80, 100, 160] {
            let whole = table_at(width, &headers, &rows);
            let chunked = table_rows_at(width, &headers, &rows);
            assert!(chunked.lines().count() > TABLE_CHUNK, "one chunk only at {width}");
            assert!(chunked == whole, "the tables differ at width {width}");
        }
    }

    #[test]
    fn wide_characters_are_measured_in_terminal_columns() {
        // Eight CJK characters take 16 columns; counted as 8 chars they would be cut.
        let name = "間葉系幹細胞製品";
        let rows = vec![vec![
            name.to_string(),
            "a long note that has to wrap at its spaces to fit".to_string(),
        ]];
        let text = table_at(30, &["Name", "Note"], &rows);
        assert!(text.contains(name), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
    }

    #[test]
    fn words_wider_than_the_terminal_widen_the_table_rather_than_split() {
        let rows = vec![vec![
            "NCT04208646".to_string(),
            "scrt-2025-approved-products-table3".to_string(),
        ]];
        let text = table_at(40, &["Number", "Source"], &rows);
        assert!(text.contains("NCT04208646"), "{text}");
        assert!(text.contains("scrt-2025-approved-products-table3"), "{text}");
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
