//! Any country, any disease, any name: questions outside the record's own
//! lists get answers, and only text that names nothing is an error.

use predicates::str::contains;

use crate::common::{answer, json, mscdb};

fn verdict(args: &[&str]) -> (i32, String, serde_json::Value) {
    let (code, a) = answer("check", args);
    (code, a["verdict"].as_str().unwrap().to_string(), a)
}

#[test]
fn a_country_is_answered_through_the_union_it_belongs_to() {
    let (code, v, a) = verdict(&["alofisel", "--in", "France"]);
    assert_eq!((code, v.as_str()), (1, "no-longer-approved"));
    assert_eq!(a["query"]["in"], "FR");
    let caveats = a["caveats"].to_string();
    assert!(
        caveats.contains("Decisions of the European Union apply in France"),
        "{caveats}"
    );
    let (code, v, a) = verdict(&["alofisel", "--in", "France", "--as-of", "2020-06-01"]);
    assert_eq!((code, v.as_str()), (0, "approved"));
    assert!(
        a["headline"]
            .as_str()
            .unwrap()
            .contains("France (through the European Union)")
    );
}

#[test]
fn eu_decisions_applied_in_the_united_kingdom_until_the_end_of_2020() {
    assert_eq!(
        verdict(&["alofisel", "--in", "GB", "--as-of", "2020-06-01"]).1,
        "approved"
    );
    assert_eq!(
        verdict(&["alofisel", "--in", "UK", "--as-of", "2020-12-31"]).1,
        "approved"
    );
    let (code, v, a) = verdict(&["alofisel", "--in", "GB", "--as-of", "2022-01-01"]);
    assert_eq!((code, v.as_str()), (1, "approved-elsewhere"));
    assert!(a["caveats"].to_string().contains("until 2020-12-31"));
    // Croatia joined on 2013-07-01; Norway applies EU authorisations through the EEA.
    assert_eq!(
        verdict(&["alofisel", "--in", "Hrvatska", "--as-of", "2020-06-01"]).1,
        "approved"
    );
    assert_eq!(
        verdict(&["alofisel", "--in", "Norway", "--as-of", "2020-06-01"]).1,
        "approved"
    );
}

#[test]
fn products_in_a_member_state_list_eu_authorisations() {
    let rows = json(&["products", "--in", "FR", "--as-of", "2020-06-01"]);
    assert!(rows.to_string().contains("alofisel"), "{rows}");
}

#[test]
fn names_in_the_countrys_own_language_resolve() {
    for (name, place) in [
        ("temcell", "日本"),
        ("cartistem", "대한민국"),
        ("cartistem", "한국"),
        ("temcell", "ＪＰ"),
    ] {
        let (code, v, _) = verdict(&[name, "--in", place]);
        assert_eq!((code, v.as_str()), (0, "approved"), "{name} in {place}");
    }
    for place in [
        "Deutschland",
        "España",
        "Italia",
        "Schweiz",
        "Україна",
        "Holland",
        "Britain",
        "America",
    ] {
        mscdb()
            .args(["check", "ryoncil", "--in", place])
            .assert()
            .code(predicates::ord::lt(2));
    }
}

#[test]
fn a_disease_with_no_approval_is_an_answer_not_an_error() {
    let (code, v, a) = verdict(&["--for", "autism"]);
    assert_eq!((code, v.as_str()), (1, "not-approved"));
    assert_eq!(
        a["headline"],
        "No MSC product in the record is approved anywhere for autism (ICD-10-CM F84.0)."
    );
    assert!(
        a["caveats"]
            .to_string()
            .contains("fda-2021-regenerative-consumer-info")
    );
    for args in [
        &["--for", "multiple sclerosis", "--in", "US"][..],
        &["--for", "Parkinson's disease"][..],
        &["--for", "COPD"][..],
        &["--for", "back pain"][..],
    ] {
        let (code, v, _) = verdict(args);
        assert_eq!((code, v.as_str()), (1, "not-approved"), "{args:?}");
    }
}

#[test]
fn lay_names_reach_the_approved_indication() {
    let (code, v, a) = verdict(&["--for", "Lou Gehrig's disease"]);
    assert_eq!((code, v.as_str()), (0, "approved"));
    assert_eq!(a["evidence"][0]["jurisdiction"], "KR");
    let (code, v, a) = verdict(&["--for", "heart attack"]);
    assert_eq!((code, v.as_str()), (0, "approved"));
    assert_eq!(a["evidence"][0]["jurisdiction"], "KR");
}

#[test]
fn a_broad_disease_finds_narrower_approvals_and_says_so() {
    let (code, v, a) = verdict(&["--for", "Crohn's disease"]);
    assert_eq!((code, v.as_str()), (1, "not-approved"));
    let headline = a["headline"].as_str().unwrap();
    assert!(headline.contains("narrower indication"), "{headline}");
    assert!(
        headline.contains("Alofisel (Japan)") && headline.contains("Cupistem (South Korea)"),
        "{headline}"
    );
    let narrower = a["approved_other_indication"].as_array().unwrap();
    assert!(narrower.iter().all(|e| e["relation"] == "narrower"));
}

#[test]
fn text_that_names_no_disease_exits_two_with_suggestions() {
    mscdb()
        .args(["check", "--for", "zzqqxx"])
        .assert()
        .code(2)
        .stderr(contains("unknown indication or disease"));
    mscdb()
        .args(["check", "--for", "autsm"])
        .assert()
        .code(2)
        .stderr(contains("did you mean 'autism'"));
}

#[test]
fn a_brand_asked_is_respected() {
    let (code, v, a) = verdict(&["prochymal", "--in", "US"]);
    assert_eq!((code, v.as_str()), (0, "approved"));
    let headline = a["headline"].as_str().unwrap();
    assert!(
        headline.starts_with("Prochymal is a former brand of remestemcel-L"),
        "{headline}"
    );
    assert!(headline.contains("never been approved in the United States under that name"));
    assert!(headline.contains("as Ryoncil (FDA approval 2024-12-18)"));
}

#[test]
fn approved_here_for_another_disease_has_its_own_verdict() {
    let (code, v, _) = verdict(&["temcell", "--in", "JP", "--for", "Crohn's disease"]);
    assert_eq!((code, v.as_str()), (1, "approved-other-indication"));
    let (code, v, a) = verdict(&["alofisel", "--in", "JP", "--for", "Crohn's disease"]);
    assert_eq!((code, v.as_str()), (1, "approved-other-indication"));
    assert_eq!(a["approved_other_indication"][0]["relation"], "narrower");
}

#[test]
fn a_name_not_in_the_record_points_to_what_the_record_says() {
    let (code, v, a) = verdict(&["MultiStem"]);
    assert_eq!((code, v.as_str()), (1, "not-in-record"));
    assert!(
        a["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "claim"),
        "{a}"
    );
}

#[test]
fn answers_that_hang_on_an_unknown_day_say_so() {
    // The second complete-response letter is dated 2023-08 only.
    let (_, v, a) = verdict(&["ryoncil", "--in", "US", "--as-of", "2023-08-15"]);
    assert_eq!(v, "refused");
    assert_eq!(a["certain"], false);
    assert_eq!(a["uncertainty"][0]["reason"], "partial-date");
    assert!(a["headline"].as_str().unwrap().contains("Not certain"));
    let (_, _, a) = verdict(&["ryoncil", "--in", "US", "--as-of", "2023-09-01"]);
    assert_eq!(a["certain"], true);
    let (_, _, a) = verdict(&["ryoncil", "--in", "US", "--as-of", "2030-01-01"]);
    assert_eq!(a["uncertainty"][0]["reason"], "future");
    // A lapsed provisional consent: no decision confirms its end.
    let (_, v, a) = verdict(&["prochymal", "--in", "NZ"]);
    assert_eq!(v, "no-longer-approved");
    assert_eq!(a["certain"], false);
}

#[test]
fn unquoted_words_make_one_name() {
    let (code, v, _) = verdict(&["TEMCELL", "HS", "Inj."]);
    assert_eq!((code, v.as_str()), (0, "approved"));
}

#[test]
fn json_answers_carry_the_record_date() {
    let (_, _, a) = verdict(&["ryoncil"]);
    assert_eq!(a["record_date"], "2026-12-01");
}

#[test]
fn other_cell_types_approved_for_the_disease_are_named_but_do_not_count() {
    let (code, v, a) = verdict(&["--for", "Parkinson's disease"]);
    assert_eq!((code, v.as_str()), (1, "not-approved"));
    let others = a["other_cell_types"].as_array().unwrap();
    assert!(
        others
            .iter()
            .any(|e| e["product_id"] == "amchepry" && e["jurisdiction"] == "JP"),
        "{a}"
    );
    // An approval of any kind exists, so the clinic warning would be wrong here.
    assert!(
        !a["caveats"]
            .to_string()
            .contains("no regulator in the record has approved")
    );
}

#[test]
fn nested_membership_applies_a_union_through_a_member_state() {
    // Réunion is part of France, and so of the EU (a territory, applied transitively).
    let (code, v, a) = verdict(&["alofisel", "--in", "Réunion", "--as-of", "2020-06-01"]);
    assert_eq!((code, v.as_str()), (0, "approved"), "{a}");
    assert_eq!(a["query"]["in"], "RE");
}
