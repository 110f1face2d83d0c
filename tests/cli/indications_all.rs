//! `mscdb indications --all`: every indication in the record, approved or
//! not, with its ICD-10-CM codes and synonyms.

use serde_json::{Value, json as j};

use crate::common::{ids, json, mscdb};

fn find<'a>(rows: &'a Value, id: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn every_indication_of_the_record_is_listed() {
    let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/indications.csv")).unwrap();
    let mut expected: Vec<String> = data
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    expected.sort();
    let rows = json(&["indications", "--all"]);
    let mut found = ids(&rows);
    found.sort();
    assert_eq!(found, expected);
    // Without --all only the approved ones are listed.
    assert!(ids(&json(&["indications"])).len() < found.len());
}

#[test]
fn codes_synonyms_and_where_approved() {
    let rows = json(&["indications", "--all"]);
    let gvhd = find(&rows, "acute-gvhd");
    assert_eq!(gvhd["icd10cm"], j!(["D89.810"]));
    assert!(gvhd["synonyms"].as_array().unwrap().contains(&j!("GvHD")));
    assert_eq!(gvhd["approved_in"], j!(["CA", "CN", "DE", "JP", "US"]));
    // Not approved anywhere, listed all the same, with both of its codes.
    let covid = find(&rows, "covid-19");
    assert_eq!(covid["icd10cm"], j!(["U07.1", "J12.82"]));
    assert_eq!(covid["approved_in"], j!([]));
    // The scope flags narrow where a product counts as approved, not the list.
    let us = json(&["indications", "--all", "--in", "US"]);
    assert_eq!(ids(&us).len(), ids(&rows).len());
    assert_eq!(find(&us, "acute-gvhd")["approved_in"], j!(["US"]));
    assert_eq!(find(&us, "knee-osteoarthritis")["approved_in"], j!([]));
}

#[test]
fn csv_and_table() {
    let out = mscdb()
        .args(["indications", "--all", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,area,icd10cm,synonyms,approved_in,as_of"
    );
    assert!(text.contains("\ncovid-19,COVID-19 pneumonia,infectious disease,U07.1;J12.82,COVID-19;COVID;"));
    let out = mscdb().args(["indications", "--all"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ICD-10-CM"), "{text}");
    assert!(text.contains("U07.1"), "{text}");
    assert!(text.contains("indications in the record;"), "{text}");
}
