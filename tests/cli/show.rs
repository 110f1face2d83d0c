//! `mscdb show PRODUCT`.

use predicates::str::contains;

use crate::common::{json, mscdb};

#[test]
fn temcell_was_approved_on_2015_09_18() {
    let report = json(&["show", "temcell"]);
    assert_eq!(report["id"], "temcell");
    let approval = report["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["decision"] == "approval")
        .unwrap();
    assert_eq!(approval["date"], "2015-09-18");
    assert_eq!(approval["jurisdiction"], "JP");
    mscdb()
        .args(["show", "temcell"])
        .assert()
        .success()
        .stdout(contains("2015-09-18"));
}

#[test]
fn the_remestemcel_timeline_keeps_every_event_and_its_precision() {
    let report = json(&["show", "Ryoncil"]);
    let decisions = report["decisions"].as_array().unwrap();
    let dated: Vec<(String, String, String)> = decisions
        .iter()
        .map(|d| {
            (
                d["jurisdiction"].as_str().unwrap().into(),
                d["decision"].as_str().unwrap().into(),
                d["date"].as_str().unwrap().into(),
            )
        })
        .collect();
    for expected in [
        ("CA", "conditional-approval", "2012-05-17"),
        ("US", "complete-response", "2020-09-30"),
        ("US", "complete-response", "2023-08"),
        ("US", "approval", "2024-12-18"),
        ("US", "orphan-designation", "2010-05"),
        ("US", "fast-track", "2005"),
    ] {
        let expected = (
            expected.0.to_string(),
            expected.1.to_string(),
            expected.2.to_string(),
        );
        assert!(dated.contains(&expected), "{expected:?} missing");
    }
    // Oldest first.
    assert_eq!(decisions[0]["date"], "2005");
    assert_eq!(decisions.last().unwrap()["date"], "2024-12-18");
}

#[test]
fn every_decision_shown_cites_a_source_with_a_url() {
    for product in ["remestemcel-l", "alofisel", "stempeucel", "msc-ffm", "astrostem"] {
        let report = json(&["show", product]);
        let sources = report["sources"].as_array().unwrap();
        for decision in report["decisions"].as_array().unwrap() {
            let cited = decision["sources"].as_array().unwrap();
            assert!(!cited.is_empty(), "{} cites nothing", decision["id"]);
            for id in cited {
                let source = sources.iter().find(|s| &s["id"] == id).unwrap();
                assert!(
                    source["url"].as_str().unwrap().starts_with("http"),
                    "{id} has no URL"
                );
            }
        }
    }
}

#[test]
fn status_shows_what_ended_and_what_is_unconfirmed() {
    let report = json(&["show", "alofisel"]);
    let status = report["status"].as_array().unwrap();
    let eu = status.iter().find(|s| s["jurisdiction"] == "EU").unwrap();
    assert_eq!(eu["status"], "ended");
    assert_eq!(
        eu["decision_ids"],
        serde_json::json!(["alofisel-eu-2018-approval", "alofisel-eu-2024-withdrawal"])
    );
    let jp = status.iter().find(|s| s["jurisdiction"] == "JP").unwrap();
    assert_eq!(jp["status"], "in-force");
    mscdb()
        .args(["show", "alofisel"])
        .assert()
        .success()
        .stdout(contains(
            "Unconfirmed (JP 2021-09-27): Status after the 2024-12 EU withdrawal",
        ));
}

#[test]
fn as_of_changes_the_status_not_the_history() {
    let before = json(&["show", "alofisel", "--as-of", "2020-06-01"]);
    let eu = before["status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["jurisdiction"] == "EU")
        .unwrap()
        .clone();
    assert_eq!(eu["status"], "in-force");
    // The whole history: designations, opinion, filing, grants and the withdrawal.
    assert_eq!(before["decisions"].as_array().unwrap().len(), 8);
}

#[test]
fn an_unknown_product_is_an_error_with_suggestions() {
    mscdb()
        .args(["show", "Ryoncill"])
        .assert()
        .code(2)
        .stderr(contains(
            "'Ryoncill' is not in the record; did you mean 'Ryoncil'?",
        ));
}

#[test]
fn csv_is_the_timeline() {
    let output = mscdb()
        .args(["show", "cartistem", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("product_id,decision_id,date,"));
    assert!(text.contains("cartistem-kr-2012-approval,2012-01-19,announced,KR,MFDS,approval"));
    assert!(text.contains("cartistem-my-2022-withdrawn,2022-07,,MY,NPRA,application-withdrawn"));
}
