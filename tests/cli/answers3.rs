//! Answers said rightly (issue 21; newcomer report M1, M2, M6, m4, m6, m9):
//! each test runs the binary on the case the report found said wrongly.

use crate::common::{answer, json, mscdb};

fn headline(args: &[&str]) -> String {
    let (_, report) = answer("check", args);
    report["headline"].as_str().unwrap_or_default().to_string()
}

/// M1: a brand that is the start of the approved brand is that brand.
#[test]
fn m1_the_right_brand_is_not_told_it_was_never_approved() {
    for args in [
        &["stemirac", "--in", "JP", "--as-of", "2024-01-01"][..],
        &["temcell", "--in", "japan"][..],
        &["Hearticellgram", "--in", "Korea", "--as-of", "2011-08"][..],
        &["neuronata", "--in", "KR", "--as-of", "2015"][..],
    ] {
        let h = headline(args);
        assert!(!h.contains("never been approved"), "{args:?}: {h}");
        assert!(!h.contains("had not been approved"), "{args:?}: {h}");
        let (code, _) = answer("check", args);
        assert_eq!(code, 0, "{args:?}");
    }
    // A former brand really was never approved in the US under that name.
    let h = headline(&["prochymal", "--in", "US"]);
    assert!(
        h.starts_with("Prochymal is a former brand of remestemcel-L; it has never been approved in the United States under that name."),
        "{h}"
    );
    let (_, r) = answer("check", &["temcell", "--in", "japan"]);
    assert!(!r["caveats"].to_string().contains("carries another brand"), "{r}");
    mscdb()
        .args(["check", "temcell", "--in", "japan"])
        .assert()
        .code(0);
    let _ = json(&["show", "temcell"]);
}

/// M2: a re-licence continues a grant: the first approval is not lost.
#[test]
fn m2_first_approvals_are_kept_behind_relicences() {
    let h = headline(&["cartistem", "--in", "KR"]);
    assert!(
        h.contains("MFDS approval since 2012-01-19 (announced; re-licensed by 2021-08-27 under the Advanced Regenerative Bio Act)"),
        "{h}"
    );
    let (_, r) = answer("check", &["cartistem", "--in", "KR"]);
    let evidence: Vec<&str> = r["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert!(evidence.contains(&"cartistem-kr-2012-approval"), "{evidence:?}");
    // `products` carries the first grant too, as data and in its table.
    let listed = json(&["products", "--in", "KR"]);
    let cartistem = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "cartistem")
        .unwrap();
    assert_eq!(
        cartistem["grants"][0]["since"]["decision_id"],
        "cartistem-kr-2012-approval"
    );
    mscdb()
        .args(["products", "--in", "KR"])
        .env("COLUMNS", "200")
        .assert()
        .stdout(predicates::str::contains(
            "since 2012-01-19 (re-licensed by 2021-08-27)",
        ));
    // Approved elsewhere, too.
    let h = headline(&["--for", "knee osteoarthritis", "--in", "US"]);
    assert!(
        h.contains("Cartistem (South Korea, approval since 2012-01-19"),
        "{h}"
    );
    // `show` says it too, and names both decisions.
    let shown = json(&["show", "cartistem"]);
    let kr = shown["status"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["jurisdiction"] == "KR")
        .unwrap()
        .clone();
    assert!(
        kr["detail"].as_str().unwrap().contains("since 2012-01-19"),
        "{kr}"
    );
    assert_eq!(kr["decision_ids"][0], "cartistem-kr-2012-approval", "{kr}");
    // Before the re-licence there is nothing to continue.
    let h = headline(&["cartistem", "--in", "KR", "--as-of", "2015-01-01"]);
    assert!(!h.contains("since"), "{h}");
}

/// m6: the disease asked is kept in JSON `query.for` and in the CSV row.
#[test]
fn m6_the_disease_asked_is_kept() {
    let (_, r) = answer("check", &["--for", "autism"]);
    assert_eq!(r["query"]["for"], "F84.0", "{r}");
    let out = mscdb()
        .args(["check", "--for", "autism", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",query_for,query_in"), "{text}");
    assert!(lines.next().unwrap().ends_with(",F84.0,"), "{text}");
    // An indication of the record is still its id.
    let (_, r) = answer("check", &["--for", "GvHD"]);
    assert_eq!(r["query"]["for"], "acute-gvhd");
}

/// m9: a regulator the record knows but without framework facts is said so,
/// and the name typed is never suggested back.
#[test]
fn m9_frameworks_mhra_does_not_suggest_mhra() {
    let out = mscdb().args(["frameworks", "MHRA"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no framework facts"), "{err}");
    assert!(!err.contains("did you mean 'MHRA'"), "{err}");
    let out = mscdb().args(["frameworks", "FDAA"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean 'FDA'"));
}

/// M6: an approval the record's sources report but could not verify makes
/// the answer uncertain (reason `unverified-report`), not a confident "not approved".
#[test]
fn m6_doubts_the_record_holds_reach_the_verdict() {
    for (args, report) in [
        (&["alofisel", "--in", "Switzerland"][..], "alofisel-ch-reported"),
        (
            &["alofisel", "--in", "UK", "--as-of", "2021-06"][..],
            "alofisel-gb-reported",
        ),
        (
            &["--for", "knee osteoarthritis", "--in", "Iran"][..],
            "whartocell-ir-reported",
        ),
    ] {
        let (code, r) = answer("check", args);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(r["certain"], false, "{args:?}: {r}");
        let doubt = r["uncertainty"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["reason"] == "unverified-report")
            .unwrap_or_else(|| panic!("{args:?}: {r}"));
        assert_eq!(doubt["report_id"], report);
        let h = r["headline"].as_str().unwrap();
        assert!(h.contains("which the record could not verify"), "{h}");
    }
    let h = headline(&["alofisel", "--in", "Switzerland"]);
    assert!(h.contains("has no verified approval in Switzerland"), "{h}");
    // Where nothing was reported the answer stays certain.
    let (_, r) = answer("check", &["alofisel", "--in", "US"]);
    assert_eq!(r["certain"], true, "{r}");
    // The reports are data, with sources.
    let rows = json(&["sql", "SELECT id, sources FROM reports ORDER BY id"]);
    assert_eq!(rows.as_array().unwrap().len(), 4, "{rows}");
}

/// `review`: the maintainer's worklist, each item with the row to edit.
#[test]
fn review_lists_what_needs_a_source_reread() {
    let items = json(&["review"]);
    let items = items.as_array().unwrap();
    let find = |kind: &str, id: &str| {
        items
            .iter()
            .find(|i| i["kind"] == kind && i["id"] == id)
            .unwrap_or_else(|| panic!("no {kind} {id} in {items:?}"))
            .clone()
    };
    let stemirac = find("term-ended", "stemirac-jp-2018-time-limited");
    assert_eq!(stemirac["file"], "data/decisions.csv");
    assert!(
        stemirac["what"]
            .as_str()
            .unwrap()
            .contains("stemirac-jp-2025-full-filing")
    );
    find("pending-application", "stemirac-jp-2025-full-filing");
    find("status-unconfirmed", "remestemcel-ca-2012-noc-c");
    find("date-announced", "cartistem-kr-2012-approval");
    let report = find("unverified-report", "whartocell-ir-reported");
    assert_eq!(report["file"], "data/reports.csv");
    // Terms ending within six months of the date asked: Akuugo's runs to 2031-07.
    let later = json(&["review", "--as-of", "2031-03-01"]);
    assert!(
        later
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "term-ending" && i["id"] == "akuugo-jp-2024-time-limited"),
        "{later}"
    );
    // A year earlier, Stemirac's filing was not yet pending for a year.
    let earlier = json(&["review", "--as-of", "2026-06-01"]);
    assert!(
        !earlier
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "pending-application" && i["id"] == "stemirac-jp-2025-full-filing"),
        "{earlier}"
    );
    mscdb().args(["review", "--as-of", "2026-02-30"]).assert().code(2);
}

/// The worklist's order: by kind (as `review --help` lists them), then
/// product, then row; on the shipped record and on a generated one whose
/// items of every kind come from many products.
#[test]
fn review_is_ordered_by_kind_then_product_then_row() {
    let kinds = [
        "term-ended",
        "term-ending",
        "pending-application",
        "status-unconfirmed",
        "date-announced",
        "unverified-report",
    ];
    let (_dir, data) = crate::common::generated(200);
    let generated = mscdb()
        .arg("--data")
        .arg(&data)
        .args(["review", "--format", "json", "--as-of", "2030-01-01"])
        .output()
        .unwrap();
    assert!(generated.status.success());
    let generated: serde_json::Value = serde_json::from_slice(&generated.stdout).unwrap();
    for items in [json(&["review"]), generated] {
        let keys: Vec<(usize, String, String)> = items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let kind = kinds.iter().position(|k| i["kind"] == *k).expect("a known kind");
                (
                    kind,
                    i["product_id"].as_str().unwrap().into(),
                    i["id"].as_str().unwrap().into(),
                )
            })
            .collect();
        assert!(keys.len() > 10, "{keys:?}");
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        let products: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.1.as_str()).collect();
        assert!(products.len() > 5, "{products:?}");
    }
}

/// M2 on the site: the timeline draws one bar for a grant continued by its re-licence.
#[test]
fn m2_the_timeline_draws_one_bar_per_continuing_grant() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    mscdb().args(["site", "-o"]).arg(&out).assert().success();
    let timeline = std::fs::read_to_string(out.join("timeline.html")).unwrap();
    let lane = &timeline[timeline.find("Cartistem · South Korea").unwrap()..];
    let lane = &lane[..lane.find("</g>").unwrap_or(lane.len())];
    assert!(lane.contains("2012-01-19 – in force"), "{lane}");
    assert!(
        !timeline.contains("followed by approval by 2021-08-27"),
        "a second bar"
    );
}
