//! Hostile input, round two (issue 13): each test reproduces a finding of
//! the red-team report of 2026-11 (`H1`, `M1`, … in the test's comment).

use crate::common::{cases, mscdb, overlay};

/// M1, L1: files saved the way editors and spreadsheets save them (CRLF,
/// CR only, a byte-order mark, quoted newlines, blank lines between rows
/// and at the end) report the line an editor shows. Each case's EXPECT holds
/// every `products.csv` line of the error output, exactly.
#[test]
fn editor_saved_files_report_the_line_an_editor_shows() {
    let cases = cases("lines");
    assert!(cases.len() >= 10, "the corpus has {} cases", cases.len());
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("EXPECT")).unwrap();
        let dir = overlay(case);
        let output = mscdb()
            .arg("--data")
            .arg(dir.path())
            .arg("validate")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let got: Vec<&str> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("mscdb: "))
            .filter(|l| l.starts_with("products.csv"))
            .collect();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(got, expected, "{name}");
    }
}
