//! `audit --table`: a journalist's own table, audited row by row by the
//! written rule. The 2025 review's Table 2, typed as a CSV with the table's
//! own headers (tests/fixtures/audit-table), gets the curated audit's
//! verdicts.

use std::io::Write;
use std::process::Stdio;

use crate::common::{fixtures, json, mscdb};

fn table2() -> String {
    fixtures()
        .join("audit-table/review-2025-table2.csv")
        .display()
        .to_string()
}

#[test]
fn the_reviews_table_2_as_a_csv_gets_the_curated_verdicts() {
    let curated = json(&["audit", "--publication", "review-2025-li-fu"]);
    let curated: Vec<(String, String)> = curated
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["locator"].as_str().unwrap().starts_with("Table 2, row "))
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let audited = json(&["audit", "--table", &table2()]);
    let audited = audited.as_array().unwrap();
    assert_eq!(audited.len(), curated.len());
    for (row, (id, verdict)) in audited.iter().zip(&curated) {
        // One known difference: the review prints "Remestemcel-L" for Japan,
        // where the product is JCR's TEMCELL, made under licence. The record
        // keeps that licence in prose (TEMCELL's notes), not as a link the
        // rule can follow, so the rule finds no decision for remestemcel-L in
        // Japan (unverified) where the curator wrote "corrected".
        if id == "t2-05" {
            assert_eq!(row["verdict"], "unverified", "{row}");
            assert!(
                row["findings"].to_string().contains("no decision on record"),
                "{row}"
            );
            assert_eq!(verdict, "corrected");
            continue;
        }
        assert_eq!(row["verdict"], verdict.as_str(), "{id}: {row}");
    }
    // The corrections say why.
    let by_line = |line: u64| audited.iter().find(|r| r["line"] == line).unwrap();
    assert!(
        by_line(2)["findings"]
            .to_string()
            .contains("expanded-access 2009")
    );
    assert!(
        by_line(10)["findings"]
            .to_string()
            .contains("'Cuepistem' is a misspelling of Cupistem")
    );
    assert!(
        by_line(13)["findings"]
            .to_string()
            .contains("granted 2015-09-18, not 2016")
    );
    assert!(by_line(16)["findings"].to_string().contains("withdrawal 2024"));
}

#[test]
fn every_format_and_standard_input() {
    for format in ["table", "json", "csv", "ndjson", "tsv"] {
        let out = mscdb()
            .args(["audit", "--table", &table2(), "--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("wrong") && text.contains("confirmed"),
            "{format}: {text}"
        );
    }
    // Any column order, a header in other words, names the record does not know.
    let input = "Status,Year,Country,Product\n\
                 approved,2024,US,Ryoncil\n\
                 approved,2015,Atlantis,Ryoncil\n\
                 approved,2019,KR,Nevercel\n";
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("mscdb"))
        .args(["audit", "--table", "-", "--format", "json"])
        .env("MSCDB_TODAY", crate::common::TODAY)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["verdict"], "confirmed", "{rows}");
    assert_eq!(rows[0]["status"], "approved");
    assert_eq!(rows[1]["verdict"], "not-in-record", "{rows}");
    assert!(
        rows[1]["findings"]
            .to_string()
            .contains("no place the record knows: 'Atlantis'"),
        "{rows}"
    );
    assert_eq!(rows[2]["verdict"], "not-in-record", "{rows}");
    assert!(rows[2]["findings"].to_string().contains("Nevercel"), "{rows}");
}

#[test]
fn a_table_without_the_columns_it_needs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    std::fs::write(&file, "Country,Year\nUS,2024\n").unwrap();
    let out = mscdb().args(["audit", "--table"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("t.csv:1: header: no product column"), "{err}");
    let out = mscdb()
        .args(["audit", "--table", "/no/such/file.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
