//! The findings of the 2026-12 fact-check (`factcheck-2026-12.md`, F1–F14,
//! M1–M6 and its dates table) and the newcomer report's data questions (M8,
//! n1), pinned through the binary: each test fails if the record goes back
//! to what the reports found wrong or missing.

use serde_json::Value;

use crate::common::{answer, json};

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

fn claim(id: &str) -> Value {
    json(&["audit"])
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no claim {id}"))
        .clone()
}

fn framework(regulator: &str, topic: &str) -> String {
    json(&["frameworks", regulator])
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["topic"] == topic)
        .map(|f| text(&f["summary"]).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// F1, F4, M1, M2: Stempeutics' pooled BM-MSCs are approved in India for knee
/// osteoarthritis, sold as StemOne (Alkem) and Ciplostem (Cipla).
#[test]
fn f1_m1_stempeucel_is_approved_in_india_for_knee_osteoarthritis() {
    let (code, report) = answer(
        "check",
        &["Stempeucel", "--in", "India", "--for", "knee osteoarthritis"],
    );
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["verdict"], "approved");
    let d = decision("stempeucel", "stempeucel-in-2022-knee-oa");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"]), text(&d["date_qualifier"])),
        ("approval", "2022-09-18", "announced")
    );
    assert_eq!(d["brand"], "StemOne");
    assert!(text(&d["note"]).contains("Ciplostem"), "{d}");
    // Both brands are names of the product.
    for brand in ["StemOne", "Ciplostem"] {
        let (_, r) = answer("check", &[brand, "--in", "IN", "--for", "knee osteoarthritis"]);
        assert_eq!(r["product"]["id"], "stempeucel", "{brand}");
        assert_eq!(r["verdict"], "approved", "{brand}");
    }
    let product = json(&["show", "stempeucel"]);
    assert!(
        !text(&product["notes"]).contains("not approved for knee"),
        "{product}"
    );
}

/// F2, M8: time-limited grants carry their terms; Stemirac's ran out with its
/// full-approval application pending, and the answer is not a certain "approved".
#[test]
fn f2_time_limited_grants_carry_their_terms() {
    for (product, id, until) in [
        ("stemirac", "stemirac-jp-2018-time-limited", "2025-12"),
        ("akuugo", "akuugo-jp-2024-time-limited", "2031-07"),
        ("amchepry", "amchepry-jp-2026-time-limited", "2033-03"),
        ("reheart", "reheart-jp-2026-time-limited", "2033-03"),
    ] {
        assert_eq!(decision(product, id)["valid_until"], until, "{id}");
    }
    let d = decision("stemirac", "stemirac-jp-2018-time-limited");
    assert_eq!(
        d["status_note"],
        "term ended 2025-12; full-approval application of 2025-11-14 pending"
    );
    // Not "approved": the term ended with the full-approval application undecided.
    let (code, report) = answer("check", &["stemirac", "--in", "JP"]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "term-ended", "{report}");
    assert_eq!(report["certain"], false, "{report}");
    let doubt = report["uncertainty"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["reason"] == "term-ended")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(doubt["until"], "2025-12");
    assert_eq!(doubt["pending"][0], "stemirac-jp-2025-full-filing");
    assert!(
        text(&report["headline"])
            .contains("term ended 2025-12; full-approval application of 2025-11-14 pending"),
        "{report}"
    );
    let shown = json(&["show", "stemirac"]);
    assert!(shown.to_string().contains("\"term-ended\""), "{shown}");
    // Listed with the approved products, its status saying what it is.
    let listed = json(&["products", "--in", "JP"]);
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "stemirac")
        .unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(row["status"], "term-ended");
    // F13: the audit's correction of the 2025 review's Stemirac row says so too.
    let t213 = claim("t2-13");
    assert_eq!(t213["verdict"], "confirmed");
    assert!(
        text(&t213["correction"]).contains("term ended in 2025-12"),
        "{t213}"
    );
    // Before the term ended the grant was simply in force.
    let (code, before) = answer("check", &["stemirac", "--in", "JP", "--as-of", "2025-06-01"]);
    assert_eq!(code, 0);
    assert_eq!(before["verdict"], "approved");
}

/// F3, F10, M3: Holoclar's conditional authorisation became a full one on 2024-02-22.
#[test]
fn f3_m3_holoclar_became_a_full_authorisation_in_2024() {
    let d = decision("holoclar", "holoclar-eu-2024-full");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"])),
        ("approval", "2024-02-22")
    );
    assert!(text(&d["pathway"]).contains("1299 (2024)"), "{d}");
    // The dates table: the 2015 Commission decision is dated to the day.
    assert_eq!(
        decision("holoclar", "holoclar-eu-2015-conditional")["date"],
        "2015-02-19"
    );
    let product = json(&["show", "holoclar"]);
    assert!(text(&product["notes"]).contains("2024-02-22"), "{product}");
    assert!(framework("EMA", "landmark-decisions").contains("full since 2024-02-22"));
}

/// M4: Akuugo's shipment restriction, and why it is a note and not a decision.
#[test]
fn m4_akuugo_shipment_restriction_lift_is_on_the_grant() {
    let d = decision("akuugo", "akuugo-jp-2024-time-limited");
    let note = text(&d["note"]);
    assert!(note.contains("lifted the shipment restriction"), "{note}");
    assert!(note.contains("not given"), "{note}");
}

/// M5, F7: Revascor's HLHS designations, and which indication its older orphan designation is for.
#[test]
fn m5_f7_revascor_hlhs_designations() {
    let rmat = decision("revascor", "rexlemestrocel-us-2024-rmat-hlhs");
    assert_eq!(
        (
            text(&rmat["decision"]),
            text(&rmat["date"]),
            text(&rmat["indication_id"])
        ),
        (
            "rmat-designation",
            "2024-12-04",
            "hypoplastic-left-heart-syndrome"
        )
    );
    let orphan = decision("revascor", "rexlemestrocel-us-2024-orphan-hlhs");
    assert_eq!(orphan["decision"], "orphan-designation");
    let (code, report) = answer("check", &["revascor", "--for", "HLHS"]);
    assert_eq!(code, 1);
    assert_ne!(report["verdict"], "approved");
    let notes = text(&json(&["show", "revascor"])["notes"]).to_string();
    assert!(notes.contains("post-implantation mucosal bleeding"), "{notes}");
}

/// M6: TEMCELL's 2018 orphan designation for ulcers in epidermolysis bullosa.
#[test]
fn m6_temcell_eb_orphan_designation() {
    let d = decision("temcell", "temcell-jp-2018-eb-orphan");
    assert_eq!(
        (text(&d["decision"]), text(&d["date"]), text(&d["indication_id"])),
        ("orphan-designation", "2018-10", "epidermolysis-bullosa")
    );
}

/// The dates table and F6: dates the sources give more exactly.
#[test]
fn dates_are_as_exact_as_the_sources() {
    for (product, id, date) in [
        ("alofisel", "alofisel-jp-2019-orphan", "2019-03-13"),
        ("stempeucel", "stempeucel-eu-2015-orphan", "2015-05-21"),
        ("temcell", "temcell-jp-2019-eb-withdrawn", "2019-09-19"),
        ("ryoncil", "remestemcel-us-2007-fast-track", "2007-12-10"),
        ("ryoncil", "remestemcel-us-2023-resubmission", "2023-03-07"),
        ("revascor", "rexlemestrocel-us-2017-rmat", "2017-12-21"),
    ] {
        assert_eq!(decision(product, id)["date"], date, "{id}");
    }
    // F6: the orphan designation's date comes from a source the row cites.
    let d = decision("stempeucel", "stempeucel-eu-2015-orphan");
    assert!(
        d["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "ema-eu-3-15-1499"),
        "{d}"
    );
}

/// F8, F9, F11: framework rows agree with the decisions.
#[test]
fn f8_f9_f11_framework_rows_agree_with_the_decisions() {
    let mfds = framework("MFDS", "landmark-decisions");
    assert!(mfds.contains("refused three times"), "{mfds}");
    assert!(mfds.contains("2023-04-07"), "{mfds}");
    let ema = framework("EMA", "post-marketing");
    assert!(ema.contains("not a conditional one"), "{ema}");
    let pmda = framework("PMDA", "post-marketing");
    assert!(pmda.contains("2024-07-24"), "{pmda}");
    assert!(pmda.contains("2024-08 or later"), "{pmda}");
    assert!(!pmda.contains("refused full approval in 2024-07"), "{pmda}");
}

/// F5, F14: the WJSC 2020 table's Ossgrow and AstroStem rows are audited.
#[test]
fn f5_f14_wjsc_2020_rows_are_all_audited() {
    let ossgrow = claim("wjsc20-ossgrow");
    assert_eq!(ossgrow["verdict"], "wrong");
    assert_eq!(ossgrow["product_id"], "ossgrow");
    let astrostem = claim("wjsc20-astrostem");
    assert_eq!(astrostem["verdict"], "wrong");
    let product = json(&["show", "ossgrow"]);
    assert_eq!(product["cell_type"], "other");
    // Not MSC: the default listing leaves it out.
    let listed = json(&["products", "--in", "IN"]);
    assert!(
        !listed.as_array().unwrap().iter().any(|p| p["id"] == "ossgrow"),
        "{listed}"
    );
}

/// n1: Invossa, often listed as a stem-cell product, is a non-MSC cell and gene
/// therapy approved in Korea in 2017 and revoked in 2019.
#[test]
fn n1_invossa_is_a_non_msc_product_revoked_in_2019() {
    let (code, report) = answer("check", &["invossa", "--in", "KR"]);
    assert_eq!(code, 1);
    assert_eq!(report["verdict"], "no-longer-approved", "{report}");
    assert_eq!(report["product"]["cell_type"], "other");
    assert_eq!(
        decision("invossa", "invossa-kr-2019-revocation")["date"],
        "2019-05-28"
    );
    let (_, then) = answer("check", &["TissueGene-C", "--in", "KR", "--as-of", "2018-06-01"]);
    assert_eq!(then["verdict"], "approved", "{then}");
    // It is not counted among MSC products.
    let ever = json(&["products", "--status", "all", "--in", "KR"]);
    assert!(
        !ever.as_array().unwrap().iter().any(|p| p["id"] == "invossa"),
        "{ever}"
    );
}
