//! Output into pipes and terminals.

use crate::common::mscdb;

/// Runs `mscdb ARGS | head -1` in bash; returns the exit status of mscdb.
fn piped_into_head(args: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' {args} | head -1; exit ${{PIPESTATUS[0]}}",
            bin.display()
        ))
        .output()
        .unwrap()
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Enough output to fill the pipe, so that writing fails with EPIPE.
    let big = "sql 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT i FROM n' --format csv";
    for args in [big, "products --status all", "audit"] {
        let output = piped_into_head(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args}: {stderr}");
        assert!(stderr.is_empty(), "{args}: {stderr}");
    }
    assert_eq!(String::from_utf8_lossy(&piped_into_head(big).stdout), "i\n");
}

#[test]
fn tables_have_no_colour_when_piped() {
    let output = mscdb().args(["products", "--in", "US"]).output().unwrap();
    assert!(!output.stdout.contains(&0x1b), "escape sequence in piped output");
    let forced = mscdb()
        .args(["products", "--in", "US", "--color", "always"])
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b), "--color always is ignored");
}

#[test]
fn control_characters_in_data_are_escaped_in_tables() {
    let output = mscdb()
        .args(["sql", "SELECT char(27) || '[31mred' AS x"])
        .output()
        .unwrap();
    assert!(!output.stdout.contains(&0x1b));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\\u{1b}[31mred"));
}
