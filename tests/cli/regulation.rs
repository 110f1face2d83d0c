//! `frameworks`, `filings`, and the clinical-stage and non-MSC products.

use predicates::str::contains;

use crate::common::{ids, json, mscdb};

fn summary(facts: &serde_json::Value, regulator: &str, topic: &str) -> String {
    facts
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["regulator"] == regulator && f["topic"] == topic)
        .unwrap_or_else(|| panic!("{regulator}/{topic} missing"))["summary"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_four_big_regulators_side_by_side() {
    let facts = json(&["frameworks", "FDA", "EMA", "PMDA", "NMPA"]);
    assert_eq!(facts.as_array().unwrap().len(), 4 * 11);
    let fda = summary(&facts, "FDA", "legal-basis") + &summary(&facts, "FDA", "classification");
    for expected in ["§351", "§361", "21 CFR 1271"] {
        assert!(fda.contains(expected), "FDA: {expected}");
    }
    assert!(summary(&facts, "FDA", "expedited-programs").contains("RMAT"));
    assert!(summary(&facts, "EMA", "legal-basis").contains("1394/2007"));
    assert!(summary(&facts, "EMA", "classification").contains("CAT"));
    assert!(summary(&facts, "EMA", "expedited-programs").contains("PRIME"));
    assert!(summary(&facts, "EMA", "alternative-routes").contains("Hospital exemption"));
    assert!(summary(&facts, "PMDA", "expedited-programs").contains("Conditional and time-limited"));
    assert!(summary(&facts, "PMDA", "expedited-programs").contains("SAKIGAKE"));
    assert!(summary(&facts, "PMDA", "alternative-routes").contains("safety act"));
    assert!(summary(&facts, "NMPA", "classification").contains("Dual track"));
    assert!(summary(&facts, "NMPA", "investigational-application").contains("CXSL"));
    // Topics keep their fixed order; regulators the order asked.
    let first: Vec<&str> = facts.as_array().unwrap()[..4]
        .iter()
        .map(|f| f["regulator"].as_str().unwrap())
        .collect();
    assert_eq!(first, vec!["FDA", "EMA", "PMDA", "NMPA"]);
    assert_eq!(facts[0]["topic"], "legal-basis");
}

#[test]
fn all_nine_by_default_with_dated_changes() {
    let facts = json(&["frameworks"]);
    let regulators: Vec<String> = facts.as_array().unwrap()[..9]
        .iter()
        .map(|f| f["regulator"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        regulators,
        vec![
            "FDA", "EMA", "PMDA", "NMPA", "MFDS", "CDSCO", "HC", "TGA", "MEDSAFE"
        ]
    );
    assert_eq!(facts.as_array().unwrap().len(), 99);
    assert!(summary(&facts, "NMPA", "legal-basis").contains("2026-05-01"));
    assert!(summary(&facts, "MFDS", "alternative-routes").contains("2025-02-21"));
    assert!(summary(&facts, "PMDA", "legal-basis").contains("2025-05-31"));
    // Cells without a source say so and cite nothing; every other cell cites something.
    for fact in facts.as_array().unwrap() {
        let none = fact["summary"].as_str().unwrap().starts_with("No source found");
        assert_eq!(fact["sources"].as_array().unwrap().is_empty(), none, "{fact}");
    }
}

#[test]
fn regulators_resolve_by_alias_and_country() {
    for (typed, id) in [
        ("CBER", "FDA"),
        ("European Commission", "EMA"),
        ("MHLW", "PMDA"),
        ("CDE", "NMPA"),
        ("Japan", "PMDA"),
        ("KFDA", "MFDS"),
        ("DCGI", "CDSCO"),
        ("Health Canada", "HC"),
        ("Australia", "TGA"),
        ("NZ", "MEDSAFE"),
    ] {
        let facts = json(&["frameworks", typed, "--topic", "fees"]);
        assert_eq!(facts[0]["regulator"], id, "{typed}");
    }
}

#[test]
fn topic_filter_by_prefix_and_errors() {
    let facts = json(&["frameworks", "--topic", "expedited"]);
    assert!(
        facts
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["topic"] == "expedited-programs")
    );
    assert_eq!(facts.as_array().unwrap().len(), 9);
    mscdb()
        .args(["frameworks", "--topic", "review"])
        .assert()
        .success();
    mscdb()
        .args(["frameworks", "--topic", "zzz"])
        .assert()
        .code(2)
        .stderr(contains("unknown topic 'zzz'"));
    mscdb()
        .args(["frameworks", "--topic", "c"])
        .assert()
        .code(2)
        .stderr(contains("ambiguous"));
    mscdb()
        .args(["frameworks", "FDX"])
        .assert()
        .code(2)
        .stderr(contains("did you mean 'FDA'"));
    mscdb()
        .args(["frameworks", "Atlantis"])
        .assert()
        .code(2)
        .stderr(contains("unknown regulator"));
}

#[test]
fn narrow_terminals_get_one_regulator_per_block() {
    let output = mscdb()
        .env("COLUMNS", "50")
        .args(["frameworks", "FDA", "EMA", "--topic", "fees"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.matches("│ Topic").count(), 2, "{text}");
    let wide = mscdb()
        .env("COLUMNS", "200")
        .args(["frameworks", "FDA", "EMA", "--topic", "fees"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(wide.stdout).unwrap().matches("│ Topic").count(),
        1
    );
}

#[test]
fn nr_20201_filings_show_both_numbers() {
    let filings = json(&["filings", "--product", "NR-20201"]);
    let numbers: Vec<&str> = filings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, vec!["30788", "CXSL2400882"]);
    assert!(
        filings
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["sponsor"].as_str().unwrap().starts_with("Tasly"))
    );
    mscdb()
        .args(["filings", "--product", "nr20201"])
        .assert()
        .success()
        .stdout(contains("30788"))
        .stdout(contains("CXSL2400882"))
        .stdout(contains("Tasly"));
    let fda = json(&["filings", "--regulator", "FDA"]);
    assert!(fda.as_array().unwrap().iter().any(|f| f["number"] == "30788"));
    assert!(fda.as_array().unwrap().iter().all(|f| f["regulator"] == "FDA"));
}

#[test]
fn bemdaneprocel_trials_are_labelled_correctly() {
    let filings = json(&[
        "filings",
        "--product",
        "bemdaneprocel",
        "--kind",
        "trial-registration",
    ]);
    let find = |nct: &str| {
        filings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["number"] == nct)
            .unwrap()
            .clone()
    };
    assert!(
        find("NCT04802733")["phase"]
            .as_str()
            .unwrap()
            .starts_with("Phase 1")
    );
    assert!(
        find("NCT05897957")["phase"]
            .as_str()
            .unwrap()
            .contains("not Phase 3")
    );
    assert!(
        find("NCT06944522")["phase"]
            .as_str()
            .unwrap()
            .starts_with("Phase 3")
    );
    let vx = json(&["filings", "--product", "VX-264"]);
    assert!(
        vx.as_array()
            .unwrap()
            .iter()
            .any(|f| f["status"] == "discontinued" && f["date"] == "2025-03-28")
    );
}

#[test]
fn clinical_stage_products_are_investigational() {
    for name in [
        "NR-20201",
        "bemdaneprocel",
        "zimislecel",
        "HS-001",
        "HiCM-188",
        "AlloJoin",
    ] {
        let output = mscdb()
            .args(["check", name, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(answer["verdict"], "investigational", "{name}");
    }
    mscdb()
        .args(["check", "NR-20201"])
        .assert()
        .code(1)
        .stdout(contains(
            "investigational: NR-20201 is not approved anywhere; it is investigational: FDA ind 30788",
        ));
    mscdb()
        .args(["show", "NR-20201"])
        .assert()
        .success()
        .stdout(contains("CXSL2400882"));
}

#[test]
fn non_msc_products_answer_but_stay_out_of_default_listings() {
    for (name, place, verdict) in [
        ("Casgevy", "US", "approved"),
        ("Casgevy", "EU", "approved"),
        ("Lyfgenia", "US", "approved"),
        ("Lyfgenia", "EU", "approved-elsewhere"),
        ("Omisirge", "US", "approved"),
        ("Holoclar", "EU", "approved"),
        ("Amchepry", "JP", "approved"),
        ("ReHeart", "JP", "approved"),
        ("raguneprocel", "US", "approved-elsewhere"),
    ] {
        let output = mscdb()
            .args(["check", name, "--in", place, "--format", "json"])
            .output()
            .unwrap();
        let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(answer["verdict"], verdict, "{name} in {place}");
    }
    let verdict = |args: &[&str]| crate::common::answer("check", args).1["verdict"].clone();
    assert_eq!(
        verdict(&["ReHeart", "--in", "JP", "--as-of", "2026-03-05"]),
        "investigational"
    );
    assert_eq!(verdict(&["ReHeart", "--in", "JP"]), "approved");
    // Listings are MSC-only unless --cell-type widens them.
    assert_eq!(ids(&json(&["products", "--in", "US"])), vec!["remestemcel-l"]);
    let all = ids(&json(&["products", "--in", "US", "--cell-type", "all"]));
    assert_eq!(all, vec!["casgevy", "lyfgenia", "omisirge", "remestemcel-l"]);
    assert_eq!(
        ids(&json(&["products", "--in", "JP", "--cell-type", "ipsc-derived"])),
        vec!["amchepry", "reheart"]
    );
}
