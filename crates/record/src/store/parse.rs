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

/// One row, stored compactly: the cells share one buffer and their bounds
/// are one offset each (a million rows would otherwise be sixteen million
/// small allocations, and the held tables of a large record most of the
/// memory a build needs).
#[derive(Debug, Clone)]
pub struct RawRow {
    /// Line number of the row's first line in the file (the header is line 1).
    pub line: u64,
    /// The non-empty cells, one after another.
    text: Box<str>,
    /// Where each cell, in spec column order, ends in `text`; a cell that
    /// ends where the one before it ends is empty.
    ends: Box<[u32]>,
}

impl RawRow {
    /// A row from values read elsewhere (a database read back for checking).
    pub fn from_values<'a>(line: u64, values: impl IntoIterator<Item = Option<&'a str>>) -> RawRow {
        let mut text = String::new();
        let ends: Vec<u32> = values
            .into_iter()
            .map(|value| {
                text.push_str(value.unwrap_or_default());
                text.len() as u32
            })
            .collect();
        RawRow {
            line,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    /// The cell in spec column `index`; `None` when empty.
    pub fn value(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index {
            0 => 0,
            _ => self.ends[index - 1] as usize,
        };
        (start < end).then(|| &self.text[start..end])
    }

    /// Every cell, in spec column order.
    pub fn values(&self) -> impl Iterator<Item = Option<&str>> {
        (0..self.ends.len()).map(|i| self.value(i))
    }

    pub fn get(&self, table: &Table, column: &str) -> Option<&str> {
        self.value(table.column(column)?)
    }
}

/// Parses `bytes` as the CSV file of `table`. On failure returns every
/// problem found in the file's shape.
pub fn parse(table: &'static Table, bytes: &[u8]) -> Result<RawTable, Vec<Problem>> {
    let mut rows = Vec::new();
    parse_into(table, std::io::Cursor::new(bytes), |row| rows.push(row))?;
    Ok(RawTable { table, rows })
}

/// Bytes read at a time when a file is scanned or parsed as a stream.
const CHUNK: usize = 1 << 16;

/// Parses the CSV file of `table` from `input` without holding it: one pass
/// finds the records and their lines, a second hands each row to `sink` as
/// it is read, so memory does not grow with the file. Returns the number of
/// rows; on failure every problem found in the file's shape (rows already
/// given to `sink` are then to be thrown away).
pub fn parse_into<R: std::io::Read + std::io::Seek>(
    table: &'static Table,
    mut input: R,
    mut sink: impl FnMut(RawRow),
) -> Result<usize, Vec<Problem>> {
    let file = table.file();
    let problem = |line: Option<u64>, column: Option<&str>, message: &str, value: Option<String>| Problem {
        file: file.clone(),
        line,
        column: column.map(str::to_string),
        message: message.to_string(),
        value,
    };
    let unreadable = |e: std::io::Error| vec![problem(None, None, &format!("cannot read: {e}"), None)];
    let scan = Scan::read(&mut input).map_err(unreadable)?;
    if scan.blank {
        return Err(vec![problem(
            None,
            None,
            "empty file: expected a header row",
            None,
        )]);
    }
    let mut problems = Vec::new();
    if scan.head.starts_with(b"\xFF\xFE") || scan.head.starts_with(b"\xFE\xFF") {
        return Err(vec![problem(
            Some(1),
            None,
            "the file is UTF-16; save it as UTF-8 (CSV UTF-8 in a spreadsheet)",
            None,
        )]);
    }

    // The csv crate reads an unterminated quote to the end of the file
    // without complaint, and its line numbers are not an editor's. The
    // scanner finds both on its own; its record count is checked below.
    let layout = scan.layout;
    if let Some(line) = layout.unterminated {
        problems.push(problem(
            Some(line),
            None,
            "unterminated quoted field (a '\"' is never closed)",
            None,
        ));
        return Err(problems);
    }
    let line_of = |index: usize| layout.starts.get(index).copied();
    input.rewind().map_err(unreadable)?;

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(CHUNK)
        .from_reader(input);
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![problem(
                line_of(0),
                None,
                &format!("unreadable header: {e}"),
                None,
            )]);
        }
    };
    let header_line = line_of(0);
    // Map spec columns to file positions; report missing, unknown and repeated columns.
    let mut names = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        match std::str::from_utf8(raw) {
            Ok(name) => names.push(name.to_string()),
            Err(_) => {
                problems.push(problem(
                    header_line,
                    None,
                    "header is not valid UTF-8",
                    Some(String::from_utf8_lossy(raw).into_owned()),
                ));
                names.push(format!("#{i}"));
            }
        }
    }
    // RFC 4180 shape problems the scanner found, named by column.
    let column_name = |field: usize| names.get(field).map(String::as_str);
    if let Some((line, column, field)) = layout.after_quote {
        problems.push(problem(
            Some(line),
            column_name(field),
            &format!(
                "character {column}: text after a closing quote (RFC 4180 allows only a comma or a line end there; write a quote inside a quoted field as \"\")"
            ),
            None,
        ));
    }
    if let Some((opened, line)) = layout.row_inside_quotes {
        problems.push(problem(
            Some(opened),
            None,
            &format!(
                "a quote opened here is closed only after line {line}, which has as many fields as a row: rows would be swallowed into one cell (a stray '\"'?)"
            ),
            None,
        ));
    }
    for &(_, field, opened) in &layout.multiline {
        let free_text = column_name(field)
            .and_then(|n| table.column(n))
            .is_some_and(|c| matches!(table.columns[c].kind, crate::spec::Kind::Text));
        if !free_text {
            problems.push(problem(
                Some(opened),
                column_name(field),
                "a quoted field spans lines in a column that is not free text (a stray '\"'?)",
                None,
            ));
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut seen = std::collections::HashSet::with_capacity(names.len());
    for name in &names {
        if !seen.insert(name.as_str()) {
            problems.push(problem(
                header_line,
                Some(name),
                "column appears twice in the header",
                None,
            ));
        } else if table.column(name).is_none() {
            let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            problems.push(problem(
                header_line,
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
            None => problems.push(problem(header_line, Some(column.name), "missing column", None)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let mut rows = 0usize;
    // Every record the reader returns, good or bad, is record `index` of the
    // scanner (the header is record 0).
    let mut index = 0usize;
    let mut stopped_early = false;
    for result in reader.byte_records() {
        index += 1;
        let line = line_of(index);
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("row has {len} fields; the header has {expected_len}"),
                    _ => format!("unreadable row: {e}"),
                };
                problems.push(problem(line, None, &message, None));
                if problems.len() >= MAX_PROBLEMS {
                    stopped_early = true;
                    break;
                }
                continue;
            }
        };
        let line = line.unwrap_or(0);
        // A row of one empty field (a line holding only `""`) is skipped.
        if record.len() == 1 && record[0].is_empty() && table.columns.len() > 1 {
            continue;
        }
        let mut text = String::with_capacity(record.as_slice().len());
        let mut ends = Vec::with_capacity(positions.len());
        for (column, &p) in table.columns.iter().zip(&positions) {
            let raw = &record[p];
            match std::str::from_utf8(raw) {
                Ok(cell) => text.push_str(cell),
                Err(_) => problems.push(problem(
                    Some(line),
                    Some(column.name),
                    "not valid UTF-8",
                    Some(String::from_utf8_lossy(raw).into_owned()),
                )),
            }
            ends.push(text.len() as u32);
        }
        rows += 1;
        sink(RawRow {
            line,
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        });
    }
    // Loading never drops a row: the reader must have seen every record the
    // scanner counted, and no more.
    if !stopped_early && index + 1 != layout.starts.len() {
        let line = line_of(index + 1).or_else(|| line_of(layout.starts.len().saturating_sub(1)));
        problems.push(problem(
            line,
            None,
            &format!(
                "the file holds {} records but only {} could be read; refusing to drop rows (check the quoting from here on)",
                layout.starts.len().saturating_sub(1),
                index
            ),
            None,
        ));
    }
    if problems.is_empty() && rows == 0 {
        problems.push(problem(
            None,
            None,
            "no rows: the file has a header but no data",
            None,
        ));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The first pass over a file: its records, whether it holds only
/// whitespace, and its first bytes (for the byte-order marks).
struct Scan {
    layout: Layout,
    blank: bool,
    head: Vec<u8>,
}

impl Scan {
    fn read(input: &mut impl std::io::Read) -> std::io::Result<Scan> {
        let mut head = Vec::with_capacity(3);
        let mut buffer = vec![0u8; CHUNK];
        let mut scanner = Scanner::default();
        let mut blank = true;
        loop {
            let n = match input.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let mut chunk = &buffer[..n];
            blank = blank && chunk.iter().all(u8::is_ascii_whitespace);
            // The first three bytes are held until it is known whether they
            // are a UTF-8 byte-order mark, which is not text.
            if head.len() < 3 {
                let take = (3 - head.len()).min(chunk.len());
                head.extend_from_slice(&chunk[..take]);
                chunk = &chunk[take..];
                if head.len() < 3 {
                    continue;
                }
                scanner.feed(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head));
            }
            scanner.feed(chunk);
        }
        if head.len() < 3 {
            scanner.feed(&head);
        }
        Ok(Scan {
            layout: scanner.finish(),
            blank,
            head,
        })
    }
}

/// Problems reported per file before giving up on it.
const MAX_PROBLEMS: usize = 50;

/// The records of a CSV file as a quote-aware scan of its bytes sees them,
/// independently of the csv crate: where each record starts, counted in
/// lines the way an editor counts them (LF, CRLF and a lone CR each end a
/// line; a newline inside quotes is a line too; a UTF-8 byte-order mark is
/// not text), and where an unclosed quote opened.
///
/// Records follow the csv crate's rules: a run of line ends is one record
/// end (blank lines hold no record), a `"` opens a quoted field only at the
/// start of a field, `""` inside quotes is a quote, and after a closing
/// quote the field goes on unquoted.
#[derive(Debug, Default, PartialEq, Eq)]
struct Layout {
    /// The line each record starts on; the header is record 0.
    starts: Vec<u64>,
    /// The line of a quote still open at the end of the file.
    unterminated: Option<u64>,
    /// RFC 4180: after a closing quote only a comma or a line end may
    /// follow. The first place where something else does: line, column
    /// (characters from the line's start, from 1), field index.
    after_quote: Option<(u64, u64, usize)>,
    /// Quoted fields that span lines: record index, field index, the line
    /// the quote opened on.
    multiline: Vec<(usize, usize, u64)>,
    /// A quoted field holding a line shaped like a row (as many commas as
    /// the header): the line the quote opened on and that line.
    row_inside_quotes: Option<(u64, u64)>,
}

#[derive(Clone, Copy, Default)]
enum State {
    #[default]
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// [`Layout`] built a chunk at a time.
#[derive(Default)]
struct Scanner {
    layout: Layout,
    state: State,
    /// Lines ended so far (the current line is `ended + 1`).
    ended: u64,
    opened: u64,
    /// The last byte fed was a CR: it ends a line unless an LF follows.
    pending_cr: bool,
    /// Field index in the current record, and the header's field count.
    field: usize,
    header_fields: usize,
    /// Characters on the current line so far (for columns).
    column: u64,
    /// A line that began inside quotes, being read to count its commas:
    /// the line the quote opened on, that line, commas so far.
    next_line: Option<(u64, u64, usize)>,
}

impl Scanner {
    fn feed(&mut self, bytes: &[u8]) {
        use State::*;
        for &b in bytes {
            // CRLF is one line end, counted at its LF.
            if self.pending_cr && b != b'\n' {
                self.line_ended();
            }
            self.pending_cr = b == b'\r';
            if let Some((opened, line, commas)) = self.next_line {
                match b {
                    b'\n' | b'\r' => self.row_shaped(opened, line, commas),
                    b',' => self.next_line = Some((opened, line, commas + 1)),
                    _ => {}
                }
            }
            let line = self.ended + 1;
            let end_of_line = b == b'\n' || b == b'\r';
            if let RecordStart = self.state
                && !end_of_line
            {
                self.layout.starts.push(line);
                self.state = FieldStart;
                self.field = 0;
            }
            self.state = match (self.state, b) {
                (RecordStart, _) => RecordStart,
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (FieldStart, b'"') => {
                    self.opened = line;
                    Quoted
                }
                (QuoteInQuoted, b'"') => Quoted,
                (FieldStart | Unquoted | QuoteInQuoted, b',') => {
                    self.field += 1;
                    FieldStart
                }
                (FieldStart | Unquoted | QuoteInQuoted, b'\n' | b'\r') => {
                    if self.layout.starts.len() == 1 {
                        self.header_fields = self.field + 1;
                    }
                    RecordStart
                }
                (QuoteInQuoted, _) => {
                    if self.layout.after_quote.is_none() {
                        self.layout.after_quote = Some((line, self.column + 1, self.field));
                    }
                    Unquoted
                }
                (FieldStart | Unquoted, _) => Unquoted,
            };
            // A UTF-8 continuation byte is not a new character.
            if b & 0xC0 != 0x80 {
                self.column += 1;
            }
            if b == b'\n' {
                self.line_ended();
            }
        }
    }

    /// A line has ended: inside quotes, the field spans lines, and the
    /// line after it is read for the shape of a row.
    fn line_ended(&mut self) {
        self.ended += 1;
        self.column = 0;
        if let State::Quoted = self.state {
            let record = self.layout.starts.len().saturating_sub(1);
            if self
                .layout
                .multiline
                .last()
                .is_none_or(|m| (m.0, m.1) != (record, self.field))
            {
                self.layout.multiline.push((record, self.field, self.opened));
            }
            self.next_line = Some((self.opened, self.ended + 1, 0));
        }
    }

    fn row_shaped(&mut self, opened: u64, line: u64, commas: usize) {
        self.next_line = None;
        if self.header_fields > 1
            && commas + 1 >= self.header_fields
            && self.layout.row_inside_quotes.is_none()
        {
            self.layout.row_inside_quotes = Some((opened, line));
        }
    }

    fn finish(mut self) -> Layout {
        if let Some((opened, line, commas)) = self.next_line {
            self.row_shaped(opened, line, commas);
        }
        if let State::Quoted = self.state {
            self.layout.unterminated = Some(self.opened);
        }
        self.layout
    }
}

impl Layout {
    #[cfg(test)]
    fn scan(bytes: &[u8]) -> Layout {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut scanner = Scanner::default();
        scanner.feed(bytes);
        scanner.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Layout, Scanner};

    fn starts(text: &str) -> Vec<u64> {
        Layout::scan(text.as_bytes()).starts
    }

    #[test]
    fn lines_are_counted_as_an_editor_counts_them() {
        assert_eq!(starts("h\na\nb\n"), [1, 2, 3]);
        assert_eq!(starts("h\r\na\r\nb"), [1, 2, 3]);
        assert_eq!(starts("h\ra\rb\r"), [1, 2, 3]);
        assert_eq!(starts("\u{feff}h\na"), [1, 2]);
        assert_eq!(starts("h\na\n\n\n\nb\n\n"), [1, 2, 6]);
        assert_eq!(starts("h\r\n\"a\r\nb\",c\r\nd\r\n"), [1, 2, 4]);
        assert_eq!(starts("\n\nh\na"), [3, 4]);
        assert_eq!(starts("h\n\r\na"), [1, 3]);
    }

    /// The scan and the csv crate agree on the records of any closed text
    /// (a small deterministic fuzz over the characters that matter).
    #[test]
    fn the_scan_counts_records_as_the_csv_reader_does() {
        let alphabet = [b'a', b',', b'"', b'\r', b'\n', b' '];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            let mut state = seed;
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    alphabet[((state >> 33) % alphabet.len() as u64) as usize]
                })
                .collect();
            let layout = Layout::scan(&text);
            // Fed a byte at a time (a CR and its LF in different chunks),
            // the scan sees the same records.
            let mut scanner = Scanner::default();
            for b in &text {
                scanner.feed(std::slice::from_ref(b));
            }
            assert_eq!(scanner.finish(), layout, "{:?}", String::from_utf8_lossy(&text));
            if layout.unterminated.is_some() || layout.after_quote.is_some() {
                continue;
            }
            let records = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_slice())
                .byte_records()
                .count();
            assert_eq!(
                layout.starts.len(),
                records,
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn an_open_quote_is_found_whatever_the_quote_count() {
        // An inch mark in an unquoted field is a literal quote; the second
        // quote opens a field that never closes.
        let layout = Layout::scan(b"h,n\na,2\" bag\nb,\"open\nc,x");
        assert_eq!(layout.unterminated, Some(3));
        assert_eq!(Layout::scan(b"h\n\"a\"\"b\"\n").unterminated, None);
        assert_eq!(Layout::scan(b"h\n\"a\"b\"").unterminated, None);
    }

    #[test]
    fn text_after_a_closing_quote_and_rows_inside_quotes_are_found() {
        let layout = Layout::scan(b"h,n\na,\"x\"y\n");
        assert_eq!(layout.after_quote, Some((2, 6, 1)));
        assert_eq!(Layout::scan(b"h,n\na,\"x\"\"y\"\n").after_quote, None);
        let layout = Layout::scan(b"h,n\na,\"open\nb,c\nd,e 2\"\n");
        assert_eq!(layout.row_inside_quotes, Some((2, 3)));
        assert_eq!(layout.multiline, [(1, 1, 2)]);
        let layout = Layout::scan(b"h,n\na,\"two\nlines\"\n");
        assert_eq!(layout.row_inside_quotes, None);
    }
}
