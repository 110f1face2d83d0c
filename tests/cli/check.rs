//! `mscdb check`: verdicts, exit codes and the evidence behind them.

use predicates::str::contains;
use serde_json::Value;

use crate::common::mscdb;

fn check(args: &[&str]) -> (i32, Value) {
    crate::common::answer("check", args)
}

#[test]
fn verdicts_drawn_from_the_dossier() {
    let cases: &[(&[&str], &str)] = &[
        (&["ryoncil"], "approved"),
        (&["ryoncil", "--in", "US"], "approved"),
        (&["ryoncil", "--in", "US", "--as-of", "2024-01-01"], "refused"),
        (&["ryoncil", "--in", "US", "--as-of", "2024-12-17"], "refused"),
        (&["ryoncil", "--in", "US", "--as-of", "2024-12-18"], "approved"),
        (
            &["ryoncil", "--in", "US", "--as-of", "2019-01-01"],
            "approved-elsewhere",
        ),
        (&["prochymal", "--in", "CA", "--as-of", "2013-01-01"], "approved"),
        (
            &["prochymal", "--in", "CA", "--as-of", "2012-05-16"],
            "not-approved",
        ),
        (&["prochymal", "--in", "NZ", "--as-of", "2013-01-01"], "approved"),
        (&["prochymal", "--in", "NZ"], "no-longer-approved"),
        (&["remestemcel-L", "--in", "EU"], "approved-elsewhere"),
        (
            &["remestemcel-L", "--for", "type 1 diabetes"],
            "approved-other-indication",
        ),
        (&["remestemcel-L", "--for", "GvHD", "--in", "USA"], "approved"),
        (&["alofisel", "--in", "EU"], "no-longer-approved"),
        (&["alofisel", "--in", "EU", "--as-of", "2020-06-01"], "approved"),
        (&["alofisel", "--in", "DE", "--as-of", "2020-06-01"], "approved"),
        (&["alofisel", "--in", "Japan"], "approved"),
        (&["darvadstrocel", "--in", "US"], "approved-elsewhere"),
        (&["nurown"], "refused"),
        (&["nurown", "--in", "US"], "refused"),
        (&["cellgram-aki"], "not-approved"),
        (
            &["cellgram-aki", "--in", "KR", "--for", "COVID-19"],
            "not-approved",
        ),
        (&["RNL-Astrostem", "--in", "JP"], "not-approved"),
        (&["mpc", "--in", "AU"], "not-approved"),
        (&["cardiorel", "--in", "IN"], "not-approved"),
        (&["whartocell"], "not-approved"),
        (&["jointstem", "--in", "KR"], "refused"),
        (&["temcell", "--in", "JP"], "approved"),
        (
            &["temcell", "--in", "JP", "--for", "epidermolysis bullosa"],
            "refused",
        ),
        (&["temcell", "--in", "JP", "--as-of", "2015"], "approved"),
        (&["temcell", "--in", "JP", "--as-of", "2015-09"], "approved"),
        (
            &["temcell", "--in", "JP", "--as-of", "2015-09-17"],
            "not-approved",
        ),
        (&["Cuepistem", "--in", "Korea Republic"], "approved"),
        (
            &["Stemilac", "--in", "JP", "--for", "spinal cord injury"],
            "term-ended",
        ),
        (
            &[
                "Stemilac",
                "--in",
                "JP",
                "--for",
                "spinal cord injury",
                "--as-of",
                "2025-06-01",
            ],
            "approved",
        ),
        (
            &["stemirac", "--in", "JP", "--as-of", "2018-12-27"],
            "not-approved",
        ),
        (&["Cellgram-AMI", "--in", "KR"], "approved"),
        (&["cartistem", "--in", "MY"], "refused"),
        (&["cartistem", "--in", "US"], "approved-elsewhere"),
        (&["stempeucel", "--in", "EU"], "approved-elsewhere"),
        (
            &[
                "stempeucel",
                "--in",
                "IN",
                "--for",
                "peripheral arterial disease",
                "--as-of",
                "2019",
            ],
            "approved-other-indication",
        ),
        (
            &["stempeucel", "--in", "IN", "--for", "peripheral arterial disease"],
            "approved",
        ),
        (&["msc-ffm", "--in", "Germany"], "approved"),
        (&["neuronata-r", "--in", "KR"], "approved"),
        (&["Ryoncill"], "not-in-record"),
        (&["Obnitix"], "approved"),
        (&["Ryon%"], "not-in-record"),
        (&["' OR '1'='1"], "not-in-record"),
        (&["\"Prochymal\""], "approved"),
        (
            &["--for", "knee osteoarthritis", "--in", "US"],
            "approved-elsewhere",
        ),
        (&["--for", "knee OA", "--in", "KR"], "approved"),
        (&["--for", "GvHD", "--in", "EU"], "approved-elsewhere"),
        (&["--for", "bone repair", "--in", "AU"], "not-approved"),
        (&["--for", "Crohn's fistula", "--in", "EU"], "approved-elsewhere"),
        (
            &["--for", "Crohn's fistula", "--in", "EU", "--as-of", "2020-06-01"],
            "approved",
        ),
        (&["--for", "Alzheimer's disease"], "not-approved"),
        (&["--for", "COVID-19", "--in", "KR"], "not-approved"),
    ];
    assert!(cases.len() >= 25);
    for (args, expected) in cases {
        let (code, answer) = check(args);
        assert_eq!(
            answer["verdict"], *expected,
            "check {args:?}: {}",
            answer["headline"]
        );
        assert_eq!(
            code,
            i32::from(*expected != "approved"),
            "exit code of check {args:?}"
        );
    }
}

#[test]
fn the_approved_answer_is_one_sentence_with_its_evidence() {
    mscdb()
        .env("COLUMNS", "400")
        .args(["check", "ryoncil", "--in", "US"])
        .assert()
        .code(0)
        .stdout(contains(
            "approved: Ryoncil (remestemcel-L) is approved in the United States: FDA approval 2024-12-18 for \
             steroid-refractory acute GVHD in paediatric patients aged 2 months and older, including adolescents and \
             teenagers.",
        ));
    let (_, answer) = check(&["ryoncil", "--in", "US"]);
    assert_eq!(answer["query"]["in"], "US");
    assert_eq!(answer["product"]["id"], "remestemcel-l");
    assert_eq!(answer["evidence"][0]["id"], "remestemcel-us-2024-approval");
    assert_eq!(answer["approved_elsewhere"][0]["jurisdiction"], "CA");
    assert!(
        answer["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["url"].as_str().unwrap().starts_with("http"))
    );
}

#[test]
fn before_approval_the_complete_responses_are_the_evidence() {
    let (_, answer) = check(&["ryoncil", "--in", "US", "--as-of", "2024-01-01"]);
    let ids: Vec<&str> = answer["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["remestemcel-us-2020-crl", "remestemcel-us-2023-crl"]);
    assert_eq!(answer["query"]["as_of"], "2024-01-01");
}

#[test]
fn conditional_grants_and_unconfirmed_status_are_caveats() {
    let (_, answer) = check(&["neuronata-r", "--in", "KR"]);
    let caveats = answer["caveats"].to_string();
    assert!(caveats.contains("conditional approval"), "{caveats}");
    assert!(caveats.contains("missed its primary endpoint"), "{caveats}");
    let (_, stemirac) = check(&["stemirac"]);
    assert!(stemirac["caveats"].to_string().contains("time limited approval"));
}

#[test]
fn any_product_answers_count_products_not_grants() {
    let (code, answer) = check(&["--for", "critical limb ischaemia", "--in", "India"]);
    assert_eq!(code, 0);
    let headline = answer["headline"].as_str().unwrap();
    assert!(
        headline.starts_with("1 MSC product is approved in India"),
        "{headline}"
    );
    assert_eq!(headline.matches("Stempeucel").count(), 1, "{headline}");
    let (_, gvhd) = check(&["--for", "GvHD"]);
    assert!(
        gvhd["headline"]
            .as_str()
            .unwrap()
            .starts_with("4 MSC products are approved"),
        "{}",
        gvhd["headline"]
    );
}

#[test]
fn a_clinic_offering_joint_repair_in_the_us() {
    let (code, answer) = check(&["--for", "knee osteoarthritis", "--in", "US"]);
    assert_eq!(code, 1);
    assert!(answer["product"].is_null());
    let elsewhere = &answer["approved_elsewhere"][0];
    assert_eq!(elsewhere["product_id"], "cartistem");
    assert_eq!(elsewhere["jurisdiction"], "KR");
    mscdb()
        .args(["check", "--for", "knee osteoarthritis", "--in", "US"])
        .assert()
        .code(1)
        .stdout(contains("No MSC product is approved in the United States"))
        .stdout(contains("Cartistem"));
}

#[test]
fn not_in_record_suggests_and_says_absence_proves_nothing() {
    let (_, answer) = check(&["Ryoncill"]);
    assert_eq!(answer["suggestions"], serde_json::json!(["Ryoncil"]));
    assert!(answer["product"].is_null());
    assert!(
        answer["caveats"][0]
            .as_str()
            .unwrap()
            .starts_with("Absence from the record is not proof")
    );
}

#[test]
fn errors_exit_two() {
    mscdb()
        .args(["check", ""])
        .assert()
        .code(2)
        .stderr(contains("empty product name"));
    mscdb()
        .arg("check")
        .assert()
        .code(2)
        .stderr(contains("check needs a product NAME, or --for"));
    mscdb()
        .args(["check", "ryoncil", "--in", "Narnia"])
        .assert()
        .code(2)
        .stderr(contains("unknown country"));
    mscdb()
        .args(["check", "ryoncil", "--for", "zzqqxx"])
        .assert()
        .code(2)
        .stderr(contains("unknown indication"));
    mscdb()
        .args(["check", "ryoncil", "--as-of", "2024-02-30"])
        .assert()
        .code(2)
        .stderr(contains("no such day"));
    mscdb()
        .args(["check", "ryoncil", "--as-of", "yesterday"])
        .assert()
        .code(2);
}

#[test]
fn sources_flag_adds_citations_with_urls() {
    mscdb()
        .args(["check", "temcell", "--sources"])
        .assert()
        .code(0)
        .stdout(contains("Sources:"))
        .stdout(contains("https://globenewswire.com/news-release/2015/09/18/"));
}
