//! Man pages: clap_mangen renders the NAME, SYNOPSIS, DESCRIPTION and
//! OPTIONS sections; the rest is written here so that `mandoc -T lint`
//! finds nothing to warn about. `.TH` carries the record's date and the
//! version; the after-help text becomes EXAMPLES (its example lines, one a
//! line) and NOTES (its other lines, each kept as a line), with
//! `` `code` `` in bold; then ENVIRONMENT, EXIT STATUS and SEE ALSO.

use std::fmt::Write as _;

/// The date pages carry: the record's date (build.rs), which mandoc reads
/// as an ISO date.
const DATE: &str = env!("MSCDB_RECORD_DATE");

/// One page, roff. `environment` is the shared ENVIRONMENT and EXIT STATUS
/// text; `see_also` the other pages.
pub fn page(cmd: &clap::Command, environment: &str, see_also: &[String]) -> std::io::Result<Vec<u8>> {
    let after_help = cmd.get_after_help().map(ToString::to_string);
    let man = clap_mangen::Man::new(cmd.clone())
        .date(DATE)
        .source(format!("mscdb {}", env!("CARGO_PKG_VERSION")))
        .manual("mscdb manual");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut page)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut page)?;
    }
    let mut text = String::from_utf8(page).map_err(std::io::Error::other)?;
    // clap_mangen puts `.br`, a blank line and `.br` around lists of
    // possible values; one paragraph break says the same without the
    // warnings ("br before sp", "br after sp").
    text = text
        .replace("\n.br\n\n.br\n", "\n.sp\n")
        .replace("\n\n.br\n", "\n.br\n");
    if let Some(after) = after_help {
        text.push_str(&after_help_sections(&after));
    }
    text.push_str(environment);
    if !see_also.is_empty() {
        text.push_str(".SH \"SEE ALSO\"\n");
        let refs: Vec<String> = see_also.iter().map(|p| format!("\\fB{p}\\fR(1)")).collect();
        text.push_str(&refs.join(", "));
        text.push('\n');
    }
    Ok(text.into_bytes())
}

/// roff text: backslashes and hyphens escaped, a leading `.` or `'` made
/// literal, `` `code` `` set in bold.
fn roff(line: &str) -> String {
    let mut out = String::new();
    let mut bold = false;
    for c in line.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '`' => {
                out.push_str(if bold { "\\fR" } else { "\\fB" });
                bold = !bold;
            }
            c => out.push(c),
        }
    }
    if bold {
        out.push_str("\\fR");
    }
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

/// EXAMPLES from the "Examples:" block of the after-help text; NOTES from
/// the rest, each line its own line (indented lines as written, in no-fill
/// mode; others filled, so they wrap to the terminal).
fn after_help_sections(after: &str) -> String {
    let mut examples = Vec::new();
    let mut notes = Vec::new();
    let mut in_examples = false;
    for line in after.lines() {
        if line.trim_end() == "Examples:" {
            in_examples = true;
        } else if in_examples && line.starts_with("  ") {
            examples.push(line.trim());
        } else {
            in_examples = false;
            notes.push(line);
        }
    }
    let mut out = String::new();
    if !examples.is_empty() {
        out.push_str(".SH EXAMPLES\n.nf\n");
        for example in examples {
            let _ = writeln!(out, "{}", roff(example));
        }
        out.push_str(".fi\n");
    }
    while notes.first().is_some_and(|l| l.trim().is_empty()) {
        notes.remove(0);
    }
    while notes.last().is_some_and(|l| l.trim().is_empty()) {
        notes.pop();
    }
    if notes.is_empty() {
        return out;
    }
    out.push_str(".SH NOTES\n");
    let mut first = true;
    let mut literal = false;
    for line in notes {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(' ') {
            if !literal {
                out.push_str(if first { ".nf\n" } else { ".sp\n.nf\n" });
                literal = true;
            }
            let _ = writeln!(out, "{}", roff(line));
        } else {
            if literal {
                out.push_str(".fi\n");
                literal = false;
            }
            if !first {
                out.push_str(".PP\n");
            }
            let _ = writeln!(out, "{}", roff(line));
        }
        first = false;
    }
    if literal {
        out.push_str(".fi\n");
    }
    out
}
