//! Output into pipes and terminals.

use crate::common::mscdb;

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' show ryoncil --as-of 2025-01-01 | head -1; exit ${{PIPESTATUS[0]}}",
            bin.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
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
