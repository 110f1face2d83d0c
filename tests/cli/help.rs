//! Help, completions and the man page come from the clap definitions.

use predicates::str::contains;

use crate::common::mscdb;

/// The example commands of a help text: the lines under "Examples:" up to
/// the first blank line, each cut before a redirection, a pipe or `&&`.
fn examples(help: &str) -> Vec<String> {
    help.split("Examples:")
        .nth(1)
        .unwrap_or("")
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| {
            let l = l.trim();
            let cut = [" > ", " | ", " && ", "  #"]
                .iter()
                .filter_map(|m| l.find(m))
                .min()
                .unwrap_or(l.len());
            l[..cut].trim().to_string()
        })
        .filter(|l| l.starts_with("mscdb "))
        .collect()
}

/// Splits an example into words, with double-quoted words kept whole.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Every subcommand in the clap tree (a new one included) has examples in
/// its help, and every example runs without an error.
#[test]
fn every_visible_command_has_examples_that_run() {
    use clap::CommandFactory;
    let tree = mscdb::cli::Cli::command();
    // Examples run in a scratch directory holding a copy of data/ (they may write files).
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
        }
    }
    for sub in tree.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        // The text as written, not as wrapped for a terminal.
        let help = sub.get_after_help().map(ToString::to_string).unwrap_or_default();
        let lines = examples(&help);
        assert!(!lines.is_empty(), "{name} --help has no examples");
        for line in lines {
            let args = words(&line);
            let output = mscdb().current_dir(dir.path()).args(&args[1..]).output().unwrap();
            assert_ne!(
                output.status.code(),
                Some(2),
                "example `{line}` failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn man_writes_one_page_per_subcommand_with_an_environment_section() {
    let dir = tempfile::tempdir().unwrap();
    mscdb().args(["man", "--dir"]).arg(dir.path()).assert().success();
    let check = std::fs::read_to_string(dir.path().join("mscdb-check.1")).unwrap();
    assert!(check.contains(".TH mscdb-check"), "{check}");
    assert!(check.contains(".SH ENVIRONMENT") && check.contains("NO_COLOR") && check.contains("COLUMNS"));
    assert!(dir.path().join("mscdb.1").exists());
}

#[test]
fn choices_ignore_case_and_old_flag_names_still_work() {
    mscdb()
        .args(["-f", "JSON", "filings", "--kind", "IND"])
        .assert()
        .success()
        .stdout(contains("30788"));
    mscdb()
        .args(["products", "--tissue", "Adipose", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("alofisel"));
    mscdb()
        .args(["products", "--source", "adipose", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("alofisel"));
    mscdb()
        .args(["audit", "--source", "review-2025-li-fu"])
        .assert()
        .success();
    mscdb()
        .args(["audit", "--publication", "review-2025-li-fu"])
        .assert()
        .success();
    mscdb()
        .args(["check", "ryoncil", "--as-of", "today"])
        .assert()
        .success();
}

#[test]
fn filings_take_the_same_scope_flags() {
    let rows = crate::common::json(&["filings", "--in", "CN", "--for", "acute ischaemic stroke"]);
    assert!(rows.to_string().contains("CXSL2400882"), "{rows}");
    let rows = crate::common::json(&["filings", "--regulator", "China"]);
    assert!(rows.to_string().contains("CXSL2400882"), "{rows}");
    let rows = crate::common::json(&["filings", "--product", "NR-20201", "--as-of", "2024-12"]);
    assert!(!rows.to_string().contains("CXSL2400882"), "{rows}");
}

#[test]
fn completions_and_man_page_generate() {
    mscdb()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("_mscdb()"));
    mscdb()
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(contains("#compdef mscdb"));
    mscdb()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH mscdb"));
    mscdb().args(["completions", "tcsh"]).assert().code(2);
}
