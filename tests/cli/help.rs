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
    let tree = mscdb::cli::command();
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
    // `help` is clap's own subcommand, added when the tree is built.
    for sub in tree
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = sub.get_name();
        // The text as written, not as wrapped for a terminal.
        let help = sub.get_after_help().map(ToString::to_string).unwrap_or_default();
        let lines = examples(&help);
        assert!(!lines.is_empty(), "{name} --help has no examples");
        // An example line that fits in 80 columns is never wrapped inside its quotes.
        let block = help.split("Examples:").nth(1).unwrap_or("");
        for line in block.lines().skip(1).take_while(|l| !l.trim().is_empty()) {
            assert!(
                line.chars().count() <= 78,
                "{name}: example wider than 80 columns: {line}"
            );
        }
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

#[test]
fn completion_offers_countries_products_and_indications() {
    // clap's fish script completes options' values, not positional names.
    for (shell, names) in [
        (
            "bash",
            &["KR", "FR", "remestemcel-l", "temcell", "acute-gvhd"][..],
        ),
        ("zsh", &["KR", "FR", "remestemcel-l", "temcell", "acute-gvhd"][..]),
        ("fish", &["KR", "FR", "acute-gvhd"][..]),
    ] {
        let out = mscdb().args(["completions", shell]).output().unwrap();
        let script = String::from_utf8(out.stdout).unwrap();
        for name in names {
            assert!(script.contains(name), "{shell} completion lacks {name}");
        }
    }
    // The lists stay out of --help.
    let help = mscdb().args(["check", "--help"]).output().unwrap();
    assert!(!String::from_utf8(help.stdout).unwrap().contains("remestemcel-l"));
}

/// The global flags (--format, --db, --sources …) change nothing for
/// `completions` and `man`: they are not offered, documented or accepted there,
/// and stay on every command that reads the record.
#[test]
fn completions_and_man_offer_no_global_flags() {
    let script = |shell: &str| {
        let out = mscdb().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    // bash: the option list of each subcommand's case.
    let bash = script("bash");
    let opts = |sub: &str| -> String {
        let start = bash
            .find(&format!("mscdb__subcmd__{sub})\n"))
            .unwrap_or_else(|| panic!("no bash case for {sub}"));
        let rest = &bash[start..];
        let line = rest
            .lines()
            .find(|l| l.trim_start().starts_with("opts="))
            .unwrap();
        line.to_string()
    };
    for sub in ["completions", "man"] {
        let line = opts(sub);
        for flag in ["--format", "--db", "--data", "--sources", "--color", "--no-pager"] {
            assert!(!line.contains(flag), "bash offers {flag} for {sub}: {line}");
        }
    }
    assert!(opts("man").contains("--dir"));
    assert!(opts("check").contains("--format") && opts("check").contains("--sources"));
    // fish: one line per option, tagged with its subcommand.
    let fish = script("fish");
    for sub in ["completions", "man"] {
        let tag = format!("__fish_mscdb_using_subcommand {sub}\"");
        let lines: Vec<&str> = fish.lines().filter(|l| l.contains(&tag)).collect();
        assert!(!lines.is_empty(), "fish has no lines for {sub}");
        assert!(
            lines
                .iter()
                .all(|l| !l.contains("-l format") && !l.contains("-l db")),
            "{lines:?}"
        );
    }
    assert!(fish.contains("__fish_mscdb_using_subcommand check\" -s f -l format"));
    // zsh: the _arguments block of each subcommand.
    let zsh = script("zsh");
    for sub in ["completions", "man"] {
        let start = zsh.find(&format!("\n({sub})\n")).unwrap();
        let block = &zsh[start..start + zsh[start..].find(";;").unwrap()];
        assert!(
            !block.contains("--format") && !block.contains("--sources"),
            "{block}"
        );
    }
    // Help and man pages say the same; the flags are refused after the subcommand.
    for sub in ["completions", "man"] {
        let help = mscdb().args([sub, "--help"]).output().unwrap();
        let help = String::from_utf8(help.stdout).unwrap();
        assert!(!help.contains("--format") && !help.contains("--db"), "{help}");
    }
    mscdb()
        .args(["completions", "bash", "--format", "json"])
        .assert()
        .code(2)
        .stderr(contains("unexpected argument '--format'"));
    let dir = tempfile::tempdir().unwrap();
    mscdb().args(["man", "--dir"]).arg(dir.path()).assert().success();
    let page = std::fs::read_to_string(dir.path().join("mscdb-completions.1")).unwrap();
    assert!(!page.contains("format"), "{page}");
    let page = std::fs::read_to_string(dir.path().join("mscdb-check.1")).unwrap();
    assert!(page.contains("format"), "{page}");
}
