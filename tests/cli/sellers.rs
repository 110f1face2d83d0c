//! Issue 20: sellers, the actions against them, the rules for unapproved
//! offers, and the credentials clinics show — through the binary.

use predicates::str::contains;
use serde_json::Value;

use crate::common::{answer, json, mscdb};

fn rows(value: &Value) -> &Vec<Value> {
    value.as_array().expect("a JSON list")
}

#[test]
fn us_stem_cell_clinic_has_its_warning_letter_and_its_injunction() {
    let actions = json(&["actions", "--seller", "US Stem Cell Clinic"]);
    let found: Vec<(&str, &str)> = rows(&actions)
        .iter()
        .map(|a| (a["date"].as_str().unwrap_or(""), a["kind"].as_str().unwrap()))
        .collect();
    assert!(found.contains(&("2017-08-24", "warning-letter")), "{found:?}");
    assert!(found.iter().any(|(_, k)| *k == "injunction"), "{found:?}");
    assert!(
        rows(&actions)
            .iter()
            .all(|a| a["seller_id"] == "us-stem-cell-clinic")
    );
    // The table says the same.
    mscdb()
        .args(["actions", "--seller", "US Stem Cell Clinic"])
        .assert()
        .success()
        .stdout(contains("2017-08-24"))
        .stdout(contains("warning-letter"))
        .stdout(contains("injunction"));
}

#[test]
fn seller_names_resolve_by_alias_and_width_but_never_fuzzily() {
    let by_name = json(&["actions", "--seller", "US Stem Cell Clinic, LLC"]);
    let by_alias = json(&["actions", "--seller", "USSC"]);
    let by_width = json(&["actions", "--seller", "ＵＳ Ｓｔｅｍ Ｃｅｌｌ Ｃｌｉｎｉｃ"]);
    assert_eq!(by_name, by_alias);
    assert_eq!(by_name, by_width);
    // A near miss is suggested, not matched.
    mscdb()
        .args(["actions", "--seller", "US Stem Cel Clinic"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "unknown seller: 'US Stem Cel Clinic'; did you mean 'US Stem Cell Clinic, LLC'",
        ));
}

#[test]
fn every_action_row_carries_the_issue_keys_and_sources_with_urls() {
    let actions = json(&["actions", "--for", "autism", "--in", "US"]);
    assert!(!rows(&actions).is_empty());
    for a in rows(&actions) {
        for key in [
            "date",
            "date_qualifier",
            "kind",
            "authority",
            "jurisdiction",
            "seller",
            "conditions",
            "materials",
            "reference",
            "sources",
            "record_date",
        ] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        assert_eq!(a["jurisdiction"], "US");
        assert!(rows(&a["conditions"]).iter().any(|c| c == "F84.0"), "{a}");
        let sources = rows(&a["sources"]);
        assert!(!sources.is_empty(), "{a}");
        for s in sources {
            let url = s["url"].as_str().unwrap_or_default();
            assert!(url.starts_with("http"), "{} has no URL", s["id"]);
        }
    }
}

#[test]
fn actions_filter_by_date_window_and_disease_hierarchy() {
    let all = json(&["actions"]);
    assert!(rows(&all).len() >= 40, "the issue asks for at least 40");
    let window = json(&["actions", "--since", "2019", "--until", "2019-06"]);
    for a in rows(&window) {
        let date = a["date"].as_str().unwrap();
        assert!(("2019".."2019-07").contains(&date), "{date}");
    }
    assert!(!rows(&window).is_empty());
    // A category covers the codes under it: G12 (spinal muscular atrophy and
    // related) covers ALS (G12.21).
    let als = json(&["actions", "--for", "ALS"]);
    let g12 = json(&["actions", "--for", "G12"]);
    assert!(!rows(&als).is_empty());
    for a in rows(&als) {
        assert!(rows(&g12).contains(a));
    }
    mscdb()
        .args(["actions", "--since", "2019-13"])
        .assert()
        .code(2)
        .stderr(contains("--since: no such month ('2019-13')"));
    mscdb()
        .args(["actions", "--since", "2020", "--until", "2019"])
        .assert()
        .code(2)
        .stderr(contains(
            "--until: 2019-12-31 is before the --since date 2020-01-01",
        ));
}

#[test]
fn actions_csv_has_one_row_per_action_with_urls() {
    let output = mscdb()
        .args(["actions", "--seller", "USSC", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with("reference,sources,source_urls"));
    let body: Vec<&str> = lines.collect();
    assert_eq!(body.len(), rows(&json(&["actions", "--seller", "USSC"])).len());
    assert!(
        body.iter()
            .all(|l| l.contains("https://") || l.contains("http://"))
    );
}

#[test]
fn a_seller_is_not_a_product() {
    let (code, answer) = answer("check", &["US", "Stem", "Cell", "Clinic"]);
    assert_eq!(code, 1);
    assert_eq!(answer["verdict"], "seller");
    assert_eq!(answer["seller"]["id"], "us-stem-cell-clinic");
    let headline = answer["headline"].as_str().unwrap();
    assert!(headline.contains("is a seller"), "{headline}");
    assert!(headline.contains("not a product"), "{headline}");
    let kinds: Vec<&str> = rows(&answer["actions"])
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"warning-letter") && kinds.contains(&"injunction"),
        "{kinds:?}"
    );
    // Keys are only added: a product answer keeps its keys and has the new ones empty.
    let (_, product) = crate::common::answer("check", &["ryoncil"]);
    assert_eq!(product["seller"], Value::Null);
    assert_eq!(product["actions"], serde_json::json!([]));
    assert_eq!(product["offer_rule"], Value::Null);
    assert!(product.get("evidence").is_some());
}

#[test]
fn check_for_autism_in_india_states_the_2026_ruling() {
    mscdb()
        .args(["check", "--for", "autism", "--in", "India"])
        .assert()
        .code(1)
        .stdout(contains(
            "Outside an approved trial, offering this in India has been unlawful since 2026-01-30",
        ))
        .stdout(contains("Authorities have acted against"));
    let (_, after) = answer("check", &["--for", "autism", "--in", "India"]);
    let rule = &after["offer_rule"];
    assert_eq!(rule["allowed"], "no");
    assert_eq!(rule["from"], "2026-01-30");
    assert!(rows(&rule["sources"]).iter().all(|s| s["url"].is_string()));
    assert!(
        rows(&after["actions"])
            .iter()
            .any(|a| a["id"] == "in-sc-2026-01-30-yash-charitable-trust")
    );
}

#[test]
fn the_offer_rule_moves_with_as_of() {
    let rule = |args: &[&str]| -> Value {
        let (_, a) = answer("check", args);
        a["offer_rule"].clone()
    };
    // India: the 2017 guideline until the Supreme Court's ruling.
    let before = rule(&["--for", "autism", "--in", "IN", "--as-of", "2026-01-29"]);
    let after = rule(&["--for", "autism", "--in", "IN", "--as-of", "2026-01-30"]);
    assert_eq!(before["rule_id"], "in-2017-no");
    assert_eq!(after["rule_id"], "in-2026-01-30-no");
    // Korea: designated institutions from 2025-02-21.
    let kr_before = rule(&["--for", "autism", "--in", "KR", "--as-of", "2025-02-20"]);
    let kr_after = rule(&["--for", "autism", "--in", "KR", "--as-of", "2025-02-21"]);
    assert_eq!(kr_before["allowed"], "no");
    assert_eq!(kr_after["allowed"], "only-under");
    // China: Decree 818 from 2026-05-01.
    let cn_before = rule(&["--for", "autism", "--in", "CN", "--as-of", "2026-04-30"]);
    let cn_after = rule(&["--for", "autism", "--in", "CN", "--as-of", "2026-05-01"]);
    assert_eq!(cn_before["allowed"], "no");
    assert_eq!(cn_after["allowed"], "only-under");
    assert!(cn_after["scheme"].as_str().unwrap().contains("818"));
    // A member state without a rule of its own gets the EU's.
    let de = rule(&["--for", "autism", "--in", "Germany"]);
    assert_eq!(de["jurisdiction"], "EU");
    assert_eq!(de["place"], "DE");
    // No rule in the record: no key value, no sentence.
    assert_eq!(rule(&["--for", "autism", "--in", "Panama"]), Value::Null);
}

#[test]
fn knee_osteoarthritis_in_japan_states_the_asrm_route() {
    mscdb()
        .args(["check", "--for", "knee osteoarthritis", "--in", "Japan"])
        .assert()
        .code(1)
        .stdout(contains("may offer this only under ASRM provision plan"));
    // And a product not approved there gets the same sentence.
    mscdb()
        .args([
            "check",
            "alofisel",
            "--in",
            "Japan",
            "--for",
            "knee osteoarthritis",
        ])
        .assert()
        .stdout(contains("only under ASRM provision plan"));
}

#[test]
fn no_offer_rule_sentence_when_approved_in_scope() {
    let (code, a) = answer("check", &["ryoncil", "--in", "US"]);
    assert_eq!(code, 0);
    assert_eq!(a["offer_rule"], Value::Null);
}

#[test]
fn credentials_are_listed_and_recognised_in_near_forms() {
    let all = json(&["credentials"]);
    assert!(rows(&all).len() >= 10);
    for c in rows(&all) {
        for key in ["phrase", "means", "does_not_mean", "sources"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
    for typed in [
        "FDA-registered",
        "fda registered",
        "Our lab is FDA registered!",
        "ＦＤＡ－ｒｅｇｉｓｔｅｒｅｄ",
    ] {
        let found = json(&["credentials", typed]);
        assert_eq!(rows(&found)[0]["id"], "fda-registered-us", "{typed}");
    }
    // Japan's list holds the ASRM plan number and the credentials that mean the same everywhere.
    let jp = json(&["credentials", "--in", "Japan"]);
    let ids: Vec<&str> = rows(&jp).iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"asrm-plan-jp"), "{ids:?}");
    assert!(!ids.contains(&"fda-registered-us"), "{ids:?}");
    mscdb()
        .args(["credentials", "FDA registerd"])
        .assert()
        .success()
        .stdout(contains(
            "No credential in the record matches 'FDA registerd'. Did you mean 'FDA registered'",
        ));
}

#[test]
fn assess_uses_the_offer_rule_and_decodes_the_credential() {
    // India after the ruling: a red flag of its own.
    let (code, a) = answer(
        "assess",
        &[
            "--cells",
            "msc",
            "--in",
            "India",
            "--credential",
            "our lab is FDA registered",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(a["offer_rule"]["rule_id"], "in-2026-01-30-no");
    let reasons: Vec<&str> = rows(&a["questions"])
        .iter()
        .flat_map(|q| rows(&q["flags"]).iter().map(|f| f["reason"].as_str().unwrap()))
        .collect();
    assert!(
        reasons.iter().any(|r| r.starts_with(
            "Outside an approved trial, offering this in India has been unlawful since 2026-01-30"
        )),
        "{reasons:?}"
    );
    assert_eq!(a["credential"]["matched"][0]["id"], "fda-registered-us");
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("'FDA-registered' is not an approval"))
    );
    // Japan: only under an ASRM plan is a caution, not a red flag.
    let (code, jp) = answer(
        "assess",
        &[
            "--cells",
            "msc",
            "--mechanism",
            "paracrine",
            "--identity-report",
            "yes",
            "--in",
            "Japan",
        ],
    );
    assert_eq!(jp["offer_rule"]["allowed"], "only-under");
    assert_eq!(jp["red_flags"], 0, "{jp}");
    assert_eq!(code, 0);
    // An unknown credential is said so, with near forms.
    mscdb()
        .args(["assess", "--cells", "msc", "--credential", "FDA registerd"])
        .assert()
        .stdout(contains(
            "Credential shown: 'FDA registerd' is not one the record knows; did you mean 'FDA registered'",
        ));
}

#[test]
fn a_seller_checked_in_a_place_gets_the_place_rule() {
    let (code, a) = answer("check", &["USSC", "--in", "US"]);
    assert_eq!(code, 1);
    assert_eq!(a["verdict"], "seller");
    assert_eq!(a["offer_rule"]["rule_id"], "us-361-only-under");
    assert!(a["offer_rule"]["sentence"].as_str().unwrap().starts_with(
        "Outside an approved trial, a clinic in the United States may offer this only under 361 HCT/P"
    ));
    // Asked as of a day before the injunction, the injunction is not yet an action.
    let (_, early) = answer("check", &["USSC", "--as-of", "2018-12-31"]);
    let kinds: Vec<&str> = rows(&early["actions"])
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"warning-letter") && !kinds.contains(&"injunction"),
        "{kinds:?}"
    );
}

#[test]
fn search_finds_sellers_and_actions() {
    let hits = json(&["search", "Comella"]);
    assert!(
        rows(&hits)
            .iter()
            .any(|h| h["kind"] == "seller" && h["id"] == "us-stem-cell-clinic"),
        "{hits}"
    );
    let hits = json(&["search", "0:18-cv-61047-UU"]);
    assert!(rows(&hits).iter().any(|h| h["kind"] == "action"), "{hits}");
}

#[test]
fn a_name_not_in_the_record_gets_the_place_rule() {
    let (code, a) = answer("check", &["StemXYZ", "--in", "India"]);
    assert_eq!(code, 1);
    assert_eq!(a["verdict"], "not-in-record");
    assert_eq!(a["offer_rule"]["allowed"], "no");
    mscdb()
        .args(["check", "StemXYZ", "--in", "India", "--as-of", "2025-01-01"])
        .assert()
        .code(1)
        .stdout(contains(
            "Outside an approved trial, offering this in India has been unlawful since 2017",
        ));
}
