//! Errors. Every one of them means exit code 2, except a closed pipe.

use std::fmt;

/// One problem in a data directory, reported as `file:line: column: what (value)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
    pub value: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "{column}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(value) = &self.value {
            write!(f, " ({})", printable(value, 80))?;
        }
        Ok(())
    }
}

/// Makes text safe to print: see [`escape`]; long text is cut.
pub fn printable(text: &str, max_chars: usize) -> String {
    escape(text, false, Some(max_chars))
}

/// Whether a character must not reach a terminal raw: control characters
/// (`Cc`), bidirectional overrides, embeddings and isolates (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C) and zero-width characters
/// (U+200B–U+200D, U+2060, U+FEFF).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}')
        || matches!(c, '\u{061C}' | '\u{2060}' | '\u{FEFF}')
}

/// The one escaping function for everything printed (messages, table
/// cells and headers, CSV on a terminal): each [`is_unsafe_char`] becomes
/// `\u{..}` (`\n`, `\t` for those). With `keep_newlines`, `\n` stays and
/// CRLF or a lone CR becomes LF. With `max_chars`, text is cut there
/// and ends in `…`.
pub fn escape(text: &str, keep_newlines: bool, max_chars: Option<usize>) -> String {
    let short = max_chars.is_none_or(|max| text.len() <= max);
    if short && !text.chars().any(is_unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        if Some(i) == max_chars {
            out.push('…');
            break;
        }
        i += 1;
        if c == '\n' && keep_newlines {
            out.push('\n');
        } else if c == '\r' && keep_newlines {
            // A CR of a CRLF pair is dropped; a lone CR is a line end.
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        } else if c.is_control() {
            out.extend(c.escape_default());
        } else if is_unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data failed validation; nothing was loaded.
    #[error("{}", render_problems(.0))]
    Data(Vec<Problem>),
    /// The user asked for something that does not exist or cannot be done.
    #[error("{0}")]
    Usage(String),
    /// A database file that is not ours, is damaged or has another schema.
    #[error("{path}: {message}")]
    Database { path: String, message: String },
    #[error("SQLite: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn render_problems(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage(message.into())
    }
}

/// A message alone is a usage error (for callbacks that only say why).
impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::Usage(message)
    }
}
