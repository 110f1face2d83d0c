//! `mscdb audit`: published tables and claims against the record.

use predicates::str::contains;
use serde_json::Value;

use crate::common::{json, mscdb};

fn claim<'a>(claims: &'a Value, id: &str) -> &'a Value {
    claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

#[test]
fn every_table_2_row_has_a_verdict_in_printed_order() {
    let claims = json(&["audit", "--source", "review-2025-li-fu"]);
    let rows: Vec<&Value> = claims
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["locator"].as_str().unwrap().starts_with("Table 2"))
        .collect();
    assert_eq!(rows.len(), 20);
    let positions: Vec<i64> = rows.iter().map(|c| c["position"].as_i64().unwrap()).collect();
    assert_eq!(positions, (1..=20).collect::<Vec<_>>());
    for row in &rows {
        assert!(
            ["confirmed", "corrected", "wrong", "unverified"].contains(&row["verdict"].as_str().unwrap())
        );
        assert!(!row["sources"].as_array().unwrap().is_empty());
    }
    // The duplicate New Zealand row stays a row of its own.
    assert_eq!(
        rows.iter()
            .filter(|c| c["printed_location"] == "New Zealand")
            .count(),
        2
    );
}

#[test]
fn the_verdicts_the_dossier_gives() {
    let claims = json(&["audit"]);
    for (id, verdict, needle) in [
        ("t2-01", "wrong", "2024-12-18"),
        ("t2-02", "wrong", "orphan-drug designation"),
        ("t2-11", "wrong", "expanded-access"),
        ("t2-14", "wrong", "Act on the Safety of Regenerative Medicine"),
        ("t2-09", "corrected", "Cupistem"),
        ("t2-12", "corrected", "2015-09-18"),
        ("t2-15", "corrected", "withdrawn on 2024-12-13"),
        ("t2-20", "wrong", "manufacturing licence"),
        ("t2-17", "unverified", "CardioRel"),
        ("text-02", "wrong", "orphan designation"),
        // Main point true (conditional approval exists), law and example wrong.
        ("text-06", "corrected", "clinical study"),
        // The New Zealand consent lapsed after 2016, like the EU Alofisel row.
        ("t2-04", "corrected", "2016-06-14"),
        ("t2-06", "corrected", "2016-06-14"),
        ("text-08", "unverified", "Not found"),
        ("scrt21-prochymal", "wrong", "2024-12-18"),
        ("scrt21-multistem", "wrong", "MultiStem"),
        ("scrt21-mpc", "wrong", "manufacturing licence"),
        ("sttt24-stempeucel", "wrong", "orphan designation"),
        ("wjsc20-porchymal", "corrected", "Prochymal"),
        ("wjsc20-stemilac", "wrong", "spinal cord injury"),
        ("pharm23-remestemcel", "wrong", "2024-12-18"),
    ] {
        let c = claim(&claims, id);
        assert_eq!(c["verdict"], verdict, "{id}");
        assert!(
            c["correction"].as_str().unwrap().contains(needle),
            "{id}: {}",
            c["correction"]
        );
    }
    // The decisions behind a verdict are the record's own.
    assert_eq!(
        claim(&claims, "t2-12")["decision_ids"],
        serde_json::json!(["temcell-jp-2015-approval"])
    );
}

#[test]
fn a_count_claim_is_set_beside_the_records_count() {
    let claims = json(&["audit", "--source", "review-2025-li-fu"]);
    let c = claim(&claims, "text-01");
    assert_eq!(c["claimed_count"], 14);
    let count = &c["record_count"];
    // Counted from the record: MSC-like products that ever held a grant.
    let ever = json(&[
        "products",
        "--status",
        "all",
        "--as-of",
        count["as_of"].as_str().unwrap(),
    ]);
    let granted = ever
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["grants"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(
        count["msc_products_ever_granted"].as_u64().unwrap() as usize,
        granted
    );
    // `products` also lists a grant whose term ended with an application
    // pending (status "term-ended"); it is not in force.
    let in_force = json(&["products"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "approved")
        .count();
    assert_eq!(
        count["msc_products_in_force"].as_u64().unwrap() as usize,
        in_force
    );
    mscdb()
        .args(["audit", "--source", "review-2025-li-fu"])
        .env("COLUMNS", "200")
        .assert()
        .success()
        .stdout(contains("Claimed: 14. Record:"));
}

#[test]
fn summaries_per_publication_and_filters() {
    mscdb()
        .args(["audit", "--source", "review-2025-li-fu"])
        .assert()
        .success()
        .stdout(contains(
            "Table 2: 20 rows — 8 confirmed, 6 corrected, 5 wrong, 1 unverified",
        ))
        .stdout(contains("Text: 16 claims"));
    let wrong = json(&["audit", "--verdict", "wrong"]);
    assert!(wrong.as_array().unwrap().iter().all(|c| c["verdict"] == "wrong"));
    assert!(wrong.as_array().unwrap().len() >= 10);
    let scrt = json(&[
        "audit",
        "--source",
        "Stem Cell Research & Therapy; doi:10.1186/s13287-021",
    ]);
    assert!(
        scrt.as_array()
            .unwrap()
            .iter()
            .all(|c| c["source_id"] == "scrt-2021-table2")
    );
    assert_eq!(
        json(&["audit", "--source", "scrt-2021-table2"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    mscdb()
        .args(["audit", "--source", "Nature 1999"])
        .assert()
        .code(2)
        .stderr(contains("no publication with claims matches"));
    mscdb().args(["audit", "--verdict", "maybe"]).assert().code(2);
}

#[test]
fn show_lists_the_claims_about_a_product() {
    let report = json(&["show", "Cupistem"]);
    let claims = report["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["printed_name"], "Cuepistem");
    assert_eq!(claims[0]["verdict"], "corrected");
    mscdb()
        .args(["show", "prochymal"])
        .assert()
        .success()
        .stdout(contains("Published claims about it"));
}
