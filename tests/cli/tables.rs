//! Tables wrap at spaces only: no identifier, trial number, date or word of
//! a name is split across lines, at any terminal width.

use serde_json::Value;

use crate::common::{json, mscdb};

/// The commands whose tables have split words, each at every width below.
const COMMANDS: &[&[&str]] = &[
    &["check", "temcell"],
    &["check", "--for", "arthritis"],
    &["check", "--for", "gvhd"],
    &["filings"],
    &["audit"],
    &["products"],
];

const WIDTHS: &[&str] = &["60", "80", "100", "120"];

/// The lines of the table rows (not prose, not rules) in `mscdb ARGS` at `columns`.
fn table_lines(args: &[&str], columns: &str) -> Vec<String> {
    let out = mscdb().args(args).env("COLUMNS", columns).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .filter(|l| l.starts_with('│'))
        .map(str::to_string)
        .collect()
}

/// Every whitespace-separated word of every string in a JSON answer.
fn words(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(s) => into.extend(s.split_whitespace().map(str::to_string)),
        Value::Array(items) => items.iter().for_each(|v| words(v, into)),
        Value::Object(map) => map.values().for_each(|v| words(v, into)),
        _ => {}
    }
}

/// Words that matter if cut: identifiers, trial numbers, dates (a digit or
/// a hyphen), and the longer words of names.
fn identifier_like(word: &str) -> bool {
    word.chars().count() >= 4
        && (word.chars().any(|c| c.is_ascii_digit() || c == '-') || word.chars().count() >= 7)
}

/// The words of the JSON answer that a table too wide to wrap shows, each
/// of which must then be whole in the table at every width.
#[test]
fn words_are_never_split_across_lines() {
    for args in COMMANDS {
        let mut all = Vec::new();
        words(&json(args), &mut all);
        all.sort();
        all.dedup();
        let wide = table_lines(args, "400").join("\n");
        let shown: Vec<&String> = all
            .iter()
            .filter(|w| identifier_like(w) && wide.contains(w.as_str()))
            .collect();
        assert!(shown.len() > 10, "mscdb {args:?} shows few words: {shown:?}");
        for columns in WIDTHS {
            let lines = table_lines(args, columns);
            let cut: Vec<&&String> = shown
                .iter()
                .filter(|w| !lines.iter().any(|l| l.contains(w.as_str())))
                .collect();
            assert!(
                cut.is_empty(),
                "COLUMNS={columns} mscdb {args:?} splits {cut:?}:\n{}",
                lines.join("\n")
            );
        }
    }
}

/// Headers are words too (`Indicatio` / `n` at 80 columns).
#[test]
fn headers_are_never_split() {
    for columns in WIDTHS {
        let lines = table_lines(&["check", "--for", "gvhd"], columns);
        for header in ["Product", "Where", "Date", "Decision", "Indication", "Sources"] {
            assert!(
                lines.iter().any(|l| l.contains(header)),
                "COLUMNS={columns}: {header} split:\n{}",
                lines.join("\n")
            );
        }
    }
}

/// When its words fit, a table still fits the terminal: it is wider only
/// when no layout could keep every word whole.
#[test]
fn tables_fit_the_terminal_when_their_words_do() {
    for args in COMMANDS {
        let out = mscdb().args(*args).env("COLUMNS", "120").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 120, "mscdb {args:?} is {widest} wide:\n{text}");
    }
}
