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

/// Whether `text` holds an [`is_unsafe_char`], read as bytes: printable
/// ASCII (most of what is printed) in one pass that vectorises, and
/// otherwise the UTF-8 forms of the unsafe characters matched byte by byte
/// (no character decoding: a line with an em dash is as cheap as ASCII).
fn has_unsafe_char(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .fold(true, |plain, &b| plain & (0x20..0x7f).contains(&b))
    {
        return false;
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    bytes.iter().enumerate().any(|(i, &b)| match b {
        0x00..=0x1f | 0x7f => true,
        // U+0080–U+009F
        0xc2 => (0x80..=0x9f).contains(&at(i + 1)),
        // U+061C
        0xd8 => at(i + 1) == 0x9c,
        // U+200B–U+200F, U+202A–U+202E; U+2060, U+2066–U+2069
        0xe2 => match at(i + 1) {
            0x80 => matches!(at(i + 2), 0x8b..=0x8f | 0xaa..=0xae),
            0x81 => matches!(at(i + 2), 0xa0 | 0xa6..=0xa9),
            _ => false,
        },
        // U+FEFF
        0xef => at(i + 1) == 0xbb && at(i + 2) == 0xbf,
        _ => false,
    })
}

/// The one escaping function for everything printed (messages, table
/// cells and headers, CSV on a terminal): each [`is_unsafe_char`] becomes
/// `\u{..}` (`\n`, `\t` for those). With `keep_newlines`, `\n` stays and
/// CRLF or a lone CR becomes LF. With `max_chars`, text is cut there
/// and ends in `…`.
pub fn escape(text: &str, keep_newlines: bool, max_chars: Option<usize>) -> String {
    let short = max_chars.is_none_or(|max| text.len() <= max);
    if short && !has_unsafe_char(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    // Runs of safe characters are copied whole, from `start`.
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    let mut i = 0;
    while let Some((at, c)) = chars.next() {
        if Some(i) == max_chars {
            out.push_str(&text[start..at]);
            out.push('…');
            return out;
        }
        i += 1;
        if !is_unsafe_char(c) {
            continue;
        }
        out.push_str(&text[start..at]);
        start = at + c.len_utf8();
        if c == '\n' && keep_newlines {
            out.push('\n');
        } else if c == '\r' && keep_newlines {
            // A CR of a CRLF pair is dropped; a lone CR is a line end.
            if chars.peek().map(|&(_, next)| next) != Some('\n') {
                out.push('\n');
            }
        } else if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out.push_str(&text[start..]);
    out
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data failed validation; nothing was loaded.
    #[error("{}", render_problems(.0))]
    Data(Vec<Problem>),
    /// A name the record does not know: what was looked for, the text as
    /// typed, and the closest names it does know (best first).
    #[error("{}", unknown_text(.what, .text, .suggestions))]
    Unknown {
        what: Lookup,
        text: String,
        suggestions: Vec<String>,
    },
    /// A value that cannot be used: which input, and why.
    #[error("{}", invalid_text(*.what, .why))]
    Invalid { what: Input, why: String },
    /// A front end's own usage problem (paths, flags that exclude each other).
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

/// What an unknown name was looked up as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A product (or brand, code, alias).
    Product,
    /// A name of one kind: country, regulator, indication.
    Name(crate::names::NameKind),
    /// An indication of the record or any ICD-10-CM disease.
    IndicationOrDisease,
    /// A regulator with framework facts; the ones the record covers.
    FrameworkRegulator { covered: Vec<String> },
    /// A regulator the record knows (`known`, its ids) that has no framework
    /// facts; the ones the record covers.
    RegulatorWithoutFrameworks {
        known: Vec<String>,
        covered: Vec<String>,
    },
    /// A framework topic; the topics there are.
    Topic { known: Vec<String> },
    /// A publication with claims; the ones there are.
    Publication { known: Vec<String> },
}

/// Which input an invalid value came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The date answers are given as of.
    AsOf,
    /// A question that names nothing to answer (no product, no disease).
    Request,
    /// A name that is empty.
    Name,
    /// Search text.
    Search,
    /// A framework topic.
    Topic,
    /// An SQL query.
    Sql,
    /// The first day of a window (`--since`).
    Since,
    /// The last day of a window (`--until`).
    Until,
}

fn did_you_mean(suggestions: &[String]) -> String {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("'{s}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => format!("; did you mean {}?", quoted[0]),
        n => format!(
            "; did you mean {} or {}?",
            quoted[..n - 1].join(", "),
            quoted[n - 1]
        ),
    }
}

fn unknown_text(what: &Lookup, text: &str, suggestions: &[String]) -> String {
    let hint = did_you_mean(suggestions);
    match what {
        Lookup::Product => format!("'{}' is not in the record{hint}", printable(text, 80)),
        Lookup::Name(kind) => format!("unknown {}: '{}'{hint}", kind.noun(), printable(text, 80)),
        Lookup::IndicationOrDisease => {
            format!("unknown indication or disease: '{}'{hint}", printable(text, 80))
        }
        Lookup::RegulatorWithoutFrameworks { known, covered } => format!(
            "'{}' is a regulator in the record ({}) but has no framework facts; the record covers {}{hint}",
            printable(text, 60),
            known.join(", "),
            covered.join(", ")
        ),
        Lookup::FrameworkRegulator { covered } => format!(
            "unknown regulator, or one without framework facts: '{}' (the record covers {}){hint}",
            printable(text, 60),
            covered.join(", ")
        ),
        Lookup::Topic { known } => {
            format!(
                "unknown topic '{}'; topics: {}",
                printable(text, 40),
                known.join(", ")
            )
        }
        Lookup::Publication { known } => format!(
            "no publication with claims matches '{}'; publications: {}",
            printable(text, 60),
            known.join(", ")
        ),
    }
}

fn invalid_text(what: Input, why: &str) -> String {
    match what {
        Input::AsOf => format!("--as-of: {why}"),
        Input::Sql => format!("sql: {why}"),
        Input::Search => format!("search: {why}"),
        Input::Since => format!("--since: {why}"),
        Input::Until => format!("--until: {why}"),
        Input::Request | Input::Name | Input::Topic => why.to_string(),
    }
}

impl Error {
    /// An unknown name.
    pub fn unknown(what: Lookup, text: &str, suggestions: Vec<String>) -> Self {
        Error::Unknown {
            what,
            text: text.to_string(),
            suggestions,
        }
    }

    /// An invalid value of `what`.
    pub fn invalid(what: Input, why: impl Into<String>) -> Self {
        Error::Invalid {
            what,
            why: why.into(),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::escape;

    /// [`escape`] a character at a time, as it was written first.
    fn one_by_one(text: &str, keep_newlines: bool, max_chars: Option<usize>) -> String {
        let mut out = String::new();
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
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            } else if c.is_control() {
                out.extend(c.escape_default());
            } else if super::is_unsafe_char(c) {
                out.extend(c.escape_unicode());
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The byte test agrees with [`super::is_unsafe_char`] on every
    /// character, alone and between others.
    #[test]
    fn the_byte_test_finds_every_unsafe_character() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let unsafe_char = super::is_unsafe_char(c);
            for text in [c.to_string(), format!("a\u{2014}{c}é"), format!("{c}x")] {
                assert_eq!(
                    super::has_unsafe_char(&text),
                    unsafe_char,
                    "U+{:04X} in {text:?}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn escapes_as_one_character_at_a_time() {
        let texts = [
            "",
            "plain text",
            "caf\u{e9} \u{2014} 日本",
            "a\nb\r\nc\rd\te",
            "Germ\u{202e}any\u{200b}\u{feff}",
            "\u{1b}[31mred\u{7f}\u{85}",
            "\r",
            "x\r",
        ];
        for text in texts {
            for keep in [false, true] {
                for max in [None, Some(0), Some(1), Some(3), Some(8)] {
                    assert_eq!(
                        escape(text, keep, max),
                        one_by_one(text, keep, max),
                        "{text:?} {keep} {max:?}"
                    );
                }
            }
        }
    }
}
