//! The corrections and additions of the 2026-11 fact-check, pinned through
//! the binary's JSON: each test fails if the record goes back to what the
//! fact-check found wrong or missing.

use serde_json::Value;

use crate::common::{answer, json};

/// One decision of a product, as `show` prints it.
fn decision(product: &str, id: &str) -> Value {
    let report = json(&["show", product]);
    report["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{product} has no decision {id}"))
        .clone()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// The claim with this id, as `audit` prints it.
fn claim(id: &str) -> Value {
    json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no claim {id}"))
        .clone()
}

fn alias_kind(product: &str, alias: &str) -> String {
    let report = json(&["show", product]);
    report["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["alias"] == alias)
        .unwrap_or_else(|| panic!("{product} has no alias {alias}"))["kind"]
        .as_str()
        .unwrap()
        .to_string()
}

// --- Corrections (fact-check §1) ---

#[test]
fn e1_ryoncil_us_label_is_paediatric() {
    let d = decision("ryoncil", "remestemcel-us-2024-approval");
    assert!(
        text(&d["indication_text"]).contains("paediatric patients aged 2 months"),
        "{d}"
    );
}

#[test]
fn e2_e3_holoclar_is_a_conditional_authorisation_held_by_chiesi() {
    let d = decision("holoclar", "holoclar-eu-2015-conditional");
    assert_eq!(d["decision"], "conditional-approval");
    assert_eq!(d["date"], "2015-02-19");
    let opinion = decision("holoclar", "holoclar-eu-2014-chmp");
    assert_eq!(opinion["decision"], "advisory-vote");
    assert_eq!(opinion["date"], "2014-12-19");
    let product = json(&["show", "holoclar"]);
    let sponsor = text(&product["sponsor"]);
    assert!(
        sponsor.contains("Chiesi") && sponsor.contains("Holostem"),
        "{sponsor}"
    );
}

#[test]
fn e4_jointstem_was_refused_three_times() {
    let (code, report) = answer("check", &["jointstem", "--in", "KR"]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "refused");
    let refusals: Vec<(String, String)> = report["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["decision"] == "refusal")
        .map(|e| (text(&e["id"]).to_string(), text(&e["date"]).to_string()))
        .collect();
    assert_eq!(
        refusals,
        vec![
            ("jointstem-kr-2018-refusal".into(), "2018-03".into()),
            ("jointstem-kr-2023-refusal".into(), "2023-04-07".into()),
            ("jointstem-kr-2025-refusal".into(), "2025-08-05".into()),
        ]
    );
    let last = decision("jointstem", "jointstem-kr-2025-refusal");
    assert!(last["date_qualifier"].is_null());
    assert!(!text(&last["pathway"]).starts_with("Full marketing application"));
}

#[test]
fn e5_cellgram_aki_expanded_access_is_dated_by_the_approval() {
    let d = decision("cellgram-aki", "cellgram-aki-kr-2020-expanded-access");
    assert_eq!(d["date"], "2020-03-27");
    assert!(text(&claim("t2-11")["correction"]).contains("2020-03-27"));
}

#[test]
fn e6_alofisel_eu_withdrawal_has_its_day() {
    let d = decision("alofisel", "alofisel-eu-2024-withdrawal");
    assert_eq!(d["date"], "2024-12-13");
    let (_, report) = answer("check", &["alofisel", "--in", "EU", "--as-of", "2024-12-13"]);
    assert_eq!(report["verdict"], "no-longer-approved");
    let (_, report) = answer("check", &["alofisel", "--in", "EU", "--as-of", "2024-12-12"]);
    assert_eq!(report["verdict"], "approved");
}

#[test]
fn e7_cellgram_ami_is_the_sponsors_own_name() {
    assert_eq!(alias_kind("hearticellgram-ami", "Cellgram-AMI"), "brand");
}

#[test]
fn e8_cartistem_japanese_filing_is_planned_for_the_second_half_of_2026() {
    let notes = json(&["show", "cartistem"])["notes"].clone();
    assert!(text(&notes).contains("second half of 2026"), "{notes}");
    assert!(!text(&notes).contains("second quarter"), "{notes}");
}

#[test]
fn e9_obnitix_is_msc_ffm() {
    let report = json(&["show", "Obnitix"]);
    assert_eq!(report["id"], "msc-ffm");
    assert_eq!(alias_kind("msc-ffm", "Obnitix"), "brand");
    assert!(!text(&report["notes"]).contains("not confirmed in any source"));
    // The grant carries the brand it is sold under; MSC-FFM still resolves.
    let d = decision("msc-ffm", "msc-ffm-de-hospital-exemption");
    assert_eq!(d["brand"], "Obnitix");
    assert!(
        d["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "infopatient-obnitix")
    );
    assert!(text(&d["note"]).contains("call the product MSC-FFM"), "{d}");
    assert_eq!(json(&["show", "MSC-FFM"])["id"], "msc-ffm");
    for name in ["Obnitix", "MSC-FFM"] {
        let (code, report) = answer("check", &[name, "--in", "DE"]);
        assert_eq!(code, 0, "{name}");
        assert_eq!(report["verdict"], "approved", "{name}");
        assert_eq!(report["evidence"][0]["brand"], "Obnitix", "{name}: {report}");
        assert!(
            text(&report["headline"]).starts_with("Obnitix is approved in Germany"),
            "{name}: {report}"
        );
        assert!(
            !report["caveats"].to_string().contains("under that name"),
            "{name}: {report}"
        );
    }
}

#[test]
fn e10_astrostem_plan_went_to_the_kyushu_regional_bureau() {
    let d = decision("astrostem", "astrostem-jp-2018-clinic-plan");
    assert_eq!(d["decision"], "clinic-plan");
    assert!(text(&d["pathway"]).contains("Kyushu Regional Bureau"), "{d}");
    assert!(
        d["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "jasc-2018-astrostem")
    );
    // Its regulator is the MHLW's regional bureaus, a second Japanese regulator.
    assert_eq!(d["regulator"], "MHLWRB");
    assert!(!text(&d["note"]).contains("only because"), "{d}");
    let regulators = json(&["regulators"]);
    let regulators = regulators.as_array().unwrap();
    assert_eq!(regulators.len(), 16);
    let japan: Vec<&str> = regulators
        .iter()
        .filter(|r| r["jurisdiction"] == "JP")
        .map(|r| text(&r["id"]))
        .collect();
    assert_eq!(japan, vec!["MHLWRB", "PMDA"]);
    let bureau = regulators.iter().find(|r| r["id"] == "MHLWRB").unwrap();
    assert_eq!(bureau["decisions"], 1);
    assert_eq!(bureau["framework_facts"], 0);
    // PMDA keeps the rest of Japan; "MHLW" and "Japan" still mean its frameworks.
    for typed in ["MHLW", "Japan"] {
        let facts = json(&["frameworks", typed, "--topic", "fees"]);
        assert_eq!(facts.as_array().unwrap().len(), 1, "{typed}");
        assert_eq!(facts[0]["regulator"], "PMDA", "{typed}");
    }
    let by_bureau = json(&["sql", "SELECT id FROM decisions WHERE regulator = 'MHLWRB'"]);
    assert_eq!(by_bureau.as_array().unwrap().len(), 1);
    assert_eq!(by_bureau[0]["id"], "astrostem-jp-2018-clinic-plan");
    let filings = json(&["filings", "--regulator", "Japan"]);
    assert!(
        filings
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["regulator"] == "PMDA"),
        "{filings}"
    );
    assert!(
        !json(&["indications", "--regulator", "PMDA"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let (_, checked) = answer("check", &["astrostem", "--in", "JP"]);
    assert_eq!(checked["verdict"], "not-approved", "{checked}");
}

#[test]
fn e11_stempeucel_2020_is_anchored_on_the_announcement() {
    for id in [
        "stempeucel-in-2020-buergers",
        "stempeucel-in-2020-atherosclerotic",
    ] {
        let d = decision("stempeucel", id);
        assert_eq!(d["date"], "2020-08");
        assert!(text(&d["note"]).contains("2020-08-21"), "{d}");
        assert!(
            d["sources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "reg-stempeucel-2020")
        );
        assert!(
            d["sources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "dsij-2020-stempeucel"),
            "{d}"
        );
    }
    let release = json(&[
        "sql",
        "SELECT url, date FROM sources WHERE id = 'reg-stempeucel-2020'",
    ]);
    assert_eq!(
        release[0]["url"],
        "https://iop.asianetnews.net/view-release?pr-id=85214"
    );
    assert_eq!(release[0]["date"], "2020-08-21");
}

#[test]
fn e12_canadian_noc_c_carries_the_qualifying_notice_caveat() {
    let d = decision("prochymal", "remestemcel-ca-2012-noc-c");
    assert_eq!(d["date"], "2012-05-17");
    assert!(text(&d["note"]).contains("Qualifying Notice"), "{d}");
    assert!(text(&claim("t2-03")["correction"]).contains("Qualifying Notice"));
}

#[test]
fn e13_e14_amimestrocel_date_is_an_announcement_and_its_names_are_stated() {
    let d = decision("amimestrocel", "amimestrocel-cn-2025-conditional");
    assert_eq!(d["date"], "2025-01-02");
    assert_eq!(d["date_qualifier"], "announced");
    let notes = json(&["show", "amimestrocel"])["notes"].clone();
    assert!(
        text(&notes).contains("Animimatuo") && text(&notes).contains("PLEB001"),
        "{notes}"
    );
    assert_eq!(json(&["show", "Animimatuo"])["id"], "amimestrocel");
    // The grant carries the Chinese brand; the English name is flagged unconfirmed.
    assert_eq!(d["brand"], "睿铂生");
    assert!(text(&d["note"]).contains("English name is unconfirmed"), "{d}");
    let (_, report) = answer("check", &["睿铂生", "--in", "CN"]);
    assert_eq!(report["verdict"], "approved");
    assert!(
        !report["caveats"].to_string().contains("under that name"),
        "{report}"
    );
}

#[test]
fn nz_gazette_renewal_notice_is_dated_to_the_day() {
    let rows = json(&[
        "sql",
        "SELECT date FROM sources WHERE id = 'nzgazette-2014-go3437'",
    ]);
    assert_eq!(rows[0]["date"], "2014-05-30");
}

// --- Additions (fact-check §2-3) ---

#[test]
fn korean_2021_relicences_keep_the_original_indication() {
    for (product, relicence, original, kind) in [
        (
            "hearticellgram-ami",
            "hearticellgram-kr-2021-relicence",
            "hearticellgram-kr-2011-approval",
            "approval",
        ),
        (
            "cartistem",
            "cartistem-kr-2021-relicence",
            "cartistem-kr-2012-approval",
            "approval",
        ),
        (
            "cupistem",
            "cupistem-kr-2021-relicence",
            "cupistem-kr-2012-approval",
            "approval",
        ),
        (
            "neuronata-r",
            "neuronata-kr-2021-relicence",
            "neuronata-kr-2014-conditional",
            "conditional-approval",
        ),
    ] {
        let new = decision(product, relicence);
        let old = decision(product, original);
        assert_eq!(new["date"], "2021-08-27", "{relicence}");
        assert_eq!(new["date_qualifier"], "by", "{relicence}");
        assert_eq!(new["decision"], kind, "{relicence}");
        assert_eq!(new["indication_id"], old["indication_id"], "{relicence}");
        // One scope in Korea: the re-licence adds no indication.
        let status = json(&["show", product])["status"].clone();
        let korean: Vec<&Value> = status
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["jurisdiction"] == "KR")
            .collect();
        assert_eq!(korean.len(), 1, "{product}: {status}");
        assert_eq!(korean[0]["indication_id"], old["indication_id"]);
    }
    // NeuroNata-R's conditions survive the re-licence.
    let (_, report) = answer("check", &["neuronata-r", "--in", "KR"]);
    assert!(report["caveats"].to_string().contains("conditional approval"));
}

#[test]
fn alofisel_designations_opinion_and_japanese_filing() {
    for (id, kind, date) in [
        ("alofisel-eu-2009-orphan", "orphan-designation", "2009-10-08"),
        ("alofisel-eu-2017-chmp", "advisory-vote", "2017-12"),
        ("alofisel-jp-2019-orphan", "orphan-designation", "2019-03-13"),
        ("alofisel-jp-2021-filed", "application-filed", "2021-02-10"),
    ] {
        let d = decision("alofisel", id);
        assert_eq!((text(&d["decision"]), text(&d["date"])), (kind, date), "{id}");
    }
    // Steps never grant: the US is still "approved elsewhere".
    let (_, report) = answer("check", &["alofisel", "--in", "US"]);
    assert_eq!(report["verdict"], "approved-elsewhere");
}

#[test]
fn japanese_steps_stemirac_sakigake_and_akuugo_partial_change() {
    let d = decision("stemirac", "stemirac-jp-2016-sakigake");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"])),
        ("sakigake-designation", "2016-02-10")
    );
    let d = decision("akuugo", "akuugo-jp-2025-change-filed");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"])),
        ("application-filed", "2025-06-12")
    );
    let d = decision("akuugo", "akuugo-jp-2025-council");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"])),
        ("advisory-vote", "2025-10-16")
    );
}

#[test]
fn neuronata_licence_change_application_is_recorded() {
    let d = decision("neuronata-r", "neuronata-kr-2025-change-filed");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"])),
        ("application-filed", "2025-04-29")
    );
}

#[test]
fn amimestrocel_priority_review_and_nda_rest_on_one_weak_source() {
    for (id, kind, date) in [
        (
            "amimestrocel-cn-2024-priority-review",
            "priority-review",
            "2024-06-12",
        ),
        (
            "amimestrocel-cn-2024-nda-accepted",
            "application-filed",
            "2024-06-25",
        ),
    ] {
        let d = decision("amimestrocel", id);
        assert_eq!((text(&d["decision"]), text(&d["date"])), (kind, date), "{id}");
        assert_eq!(d["confidence"], "low", "{id}");
    }
}

#[test]
fn ryoncil_2024_resubmission_is_dated() {
    let d = decision("ryoncil", "remestemcel-us-2024-resubmission");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"])),
        ("application-filed", "2024-07-08")
    );
}

#[test]
fn revascor_is_investigational_with_a_bla_filing() {
    let (code, report) = answer("check", &["revascor"]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "investigational");
    assert_eq!(report["product"]["id"], "rexlemestrocel-l");
    let filings = json(&["filings", "--product", "rexlemestrocel-l"]);
    assert!(
        filings.as_array().unwrap().iter().any(|f| f["kind"] == "bla"),
        "{filings}"
    );
}

#[test]
fn iran_has_a_dated_source_and_no_decision() {
    let rows = json(&["sql", "SELECT date, url FROM sources WHERE id = 'ana-2026-royan'"]);
    assert_eq!(rows[0]["date"], "2026-02-15");
    let rows = json(&[
        "sql",
        "SELECT count(*) AS n FROM decisions WHERE jurisdiction = 'IR'",
    ]);
    assert_eq!(rows[0]["n"], 0);
}

// --- The audit by one rule ---

#[test]
fn audit_verdicts_follow_the_rule() {
    for (id, verdict) in [
        ("t2-04", "corrected"),
        ("t2-06", "corrected"),
        ("t2-15", "corrected"),
        ("text-06", "corrected"),
        ("t2-20", "wrong"),
        ("scrt21-mpc", "wrong"),
        ("text-10", "corrected"),
        ("text-11", "corrected"),
        ("text-12", "confirmed"),
        ("text-13", "wrong"),
        ("text-14", "wrong"),
        ("text-15", "wrong"),
        ("text-16", "corrected"),
    ] {
        assert_eq!(claim(id)["verdict"], verdict, "{id}");
    }
    // A count's main point is its number (docs/audit-verdicts.md, "Counts"): 14 against at most 10.
    let count = claim("text-01");
    assert_eq!(count["verdict"], "wrong");
    assert!(text(&count["note"]).contains("Queencell"), "{count}");
    let correction = text(&count["correction"]);
    assert!(correction.contains("13 products"), "{count}");
    // CardioRel's row is unverified: it counts as unknown, not as a non-approval.
    assert_eq!(claim("t2-17")["verdict"], "unverified");
    assert!(correction.contains("9 of them have a grant on record"), "{count}");
    assert!(
        correction.contains("3 never held a marketing approval"),
        "{count}"
    );
    assert!(correction.contains("1 is unknown: for CardioRel"), "{count}");
    assert!(!correction.contains("4 of them"), "{count}");
}

// --- Citable ---

#[test]
fn every_source_has_a_url_or_doi() {
    let rows = json(&[
        "sql",
        "SELECT id FROM sources WHERE url IS NULL OR url = '' ORDER BY id",
    ]);
    let missing: Vec<&str> = rows.as_array().unwrap().iter().map(|r| text(&r["id"])).collect();
    assert!(missing.is_empty(), "sources without a URL: {missing:?}");
    // The 2025 review's DOI was not found: its URL is a title search, and the record says so.
    let review = json(&[
        "sql",
        "SELECT url, publisher FROM sources WHERE id = 'review-2025-li-fu'",
    ]);
    assert!(
        text(&review[0]["url"]).starts_with("https://search.crossref.org/"),
        "{review}"
    );
    assert!(
        text(&review[0]["publisher"]).contains("DOI not found"),
        "{review}"
    );
    let cited = json(&[
        "sql",
        "SELECT count(*) AS n FROM decision_sources ds JOIN sources s ON s.id = ds.source_id \
         WHERE s.url IS NULL OR s.url = ''",
    ]);
    assert_eq!(cited[0]["n"], 0);
    let dois = json(&[
        "sql",
        "SELECT id FROM sources WHERE url LIKE 'https://doi.org/%' ORDER BY id",
    ]);
    let dois: Vec<&str> = dois.as_array().unwrap().iter().map(|r| text(&r["id"])).collect();
    for id in ["pharmaceuticals-2023-table1", "wjsc-2020-table1"] {
        assert!(dois.contains(&id), "{id} has no DOI URL: {dois:?}");
    }
}

/// Every JSON answer names the date of the record it came from: an object
/// once, a list on each of its rows. `sql` prints only the columns selected.
#[test]
fn every_json_answer_carries_the_record_date() {
    let date = json(&["sql", "SELECT record_date FROM meta"])[0]["record_date"].clone();
    assert!(date.is_string(), "{date}");
    let lists: &[&[&str]] = &[
        &["products", "--status", "all"],
        &["indications"],
        &["jurisdictions"],
        &["regulators"],
        &["frameworks"],
        &["filings"],
        &["audit"],
        &["search", "fistula"],
        &["validate"],
    ];
    for args in lists {
        let rows = json(args);
        let rows = rows
            .as_array()
            .unwrap_or_else(|| panic!("{args:?} is not a list"));
        assert!(!rows.is_empty(), "{args:?}");
        for row in rows {
            assert_eq!(row["record_date"], date, "{args:?}: {row}");
        }
    }
    for args in [&["show", "temcell"][..], &["indications", "--in", "JP"]] {
        let value = json(args);
        if let Some(rows) = value.as_array() {
            assert!(rows.iter().all(|r| r["record_date"] == date), "{args:?}");
        } else {
            assert_eq!(value["record_date"], date, "{args:?}");
        }
    }
    let (_, checked) = answer("check", &["ryoncil"]);
    assert_eq!(checked["record_date"], date);
    let (_, assessed) = answer("assess", &["--cells", "msc", "--in", "US"]);
    assert_eq!(assessed["record_date"], date);
    let rows = json(&["sql", "SELECT id FROM products LIMIT 1"]);
    assert!(rows[0].get("record_date").is_none(), "{rows}");
}
