//! The formats people script with: `ndjson` is `json`'s rows one a line and
//! `tsv` is the CSV's rows with tabs, for every command that lists rows.

use crate::common::mscdb;

/// The commands that list rows (and the two that answer one object).
const COMMANDS: &[&[&str]] = &[
    &["products", "--status", "all"],
    &["products", "--in", "US"],
    &["indications", "--all"],
    &["jurisdictions", "--all"],
    &["regulators"],
    &["frameworks"],
    &["filings"],
    &["audit"],
    &["search", "fistula"],
    &["sql", "select id, date, note from decisions"],
    &["check", "ryoncil"],
    &["show", "ryoncil"],
];

fn run(args: &[&str], format: &str) -> String {
    let out = mscdb().args(args).args(["--format", format]).output().unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "{args:?} {format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn ndjson_is_the_json_rows_one_a_line() {
    for args in COMMANDS {
        let json: serde_json::Value = serde_json::from_str(&run(args, "json")).unwrap();
        let lines: Vec<serde_json::Value> = run(args, "ndjson")
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{args:?}: {e}: {l}")))
            .collect();
        match &json {
            serde_json::Value::Array(rows) => assert_eq!(&lines, rows, "{args:?}"),
            object => assert_eq!(lines, vec![object.clone()], "{args:?}"),
        }
        assert!(!lines.is_empty(), "{args:?}");
    }
}

#[test]
fn tsv_is_the_csv_rows_with_tabs() {
    for args in COMMANDS {
        let csv = run(args, "csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let tsv = run(args, "tsv");
        let mut lines = tsv.lines();
        assert_eq!(
            lines.next().unwrap().split('\t').collect::<Vec<_>>(),
            headers,
            "{args:?}"
        );
        let unescape = |cell: &str| {
            cell.replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\r", "\r")
                .replace("\\\\", "\\")
        };
        let tsv_rows: Vec<Vec<String>> = lines.map(|l| l.split('\t').map(unescape).collect()).collect();
        assert_eq!(tsv_rows, rows, "{args:?}");
    }
}

#[test]
fn tsv_escapes_tabs_and_newlines_so_a_row_stays_one_line() {
    let out = run(
        &[
            "sql",
            "select 'a' || char(9) || 'b' as x, 'c' || char(10) || 'd' as y, 'e\\f' as z",
        ],
        "tsv",
    );
    assert_eq!(out, "x\ty\tz\na\\tb\tc\\nd\te\\\\f\n");
}
