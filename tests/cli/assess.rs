//! `mscdb assess`: the three questions, red flags and exit codes.

use predicates::str::contains;
use serde_json::Value;

use crate::common::mscdb;

fn assess(args: &[&str]) -> (i32, Value) {
    crate::common::answer("assess", args)
}

fn severities(answer: &Value, question: usize) -> Vec<String> {
    answer["questions"][question]["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn ipsc_anti_aging_is_a_stop_sign() {
    let (code, answer) = assess(&[
        "--cells",
        "ipsc",
        "--mechanism",
        "replaces-tissue",
        "--identity-report",
        "yes",
    ]);
    assert_eq!(code, 1);
    assert!(severities(&answer, 0).contains(&"stop".to_string()));
    assert!(answer["questions"][0]["flags"].to_string().contains("March 2026"));
}

#[test]
fn msc_joint_repair_in_the_us_collects_the_red_flags() {
    let (code, answer) = assess(&[
        "--cells",
        "mesenchymal-stem-cells",
        "--mechanism",
        "replaces-tissue",
        "--identity-report",
        "no",
        "--for",
        "knee osteoarthritis",
        "--in",
        "United States",
    ]);
    assert_eq!(code, 1);
    assert_eq!(severities(&answer, 1), vec!["high"]);
    // The two red flags, and the US rule for an unapproved offer (only as a
    // 361 HCT/P) as a caution.
    assert_eq!(severities(&answer, 2), vec!["high", "high", "caution"]);
    assert!(
        answer["questions"][2]["record"]
            .as_str()
            .unwrap()
            .starts_with("approved-elsewhere")
    );
    // The MSC caution and the US offer rule's caution are not red flags
    // (issue: count by severity).
    assert_eq!(answer["red_flags"], 3);
    assert_eq!(answer["cautions"], 2);
}

#[test]
fn an_approved_product_with_reports_and_the_right_mechanism_is_clean() {
    let (code, answer) = assess(&[
        "--cells",
        "msc",
        "--mechanism",
        "paracrine",
        "--identity-report",
        "yes",
        "--product",
        "temcell",
        "--in",
        "JP",
    ]);
    // The MSC caution stays ("proceed cautiously") but is not a red flag.
    assert_eq!(answer["red_flags"], 0);
    assert_eq!(answer["cautions"], 1);
    assert_eq!(code, 0);
    assert!(answer["questions"][2]["flags"].as_array().unwrap().is_empty());
}

#[test]
fn svf_in_the_us_cites_the_court_rulings() {
    let (_, answer) = assess(&["--cells", "fat-derived", "--in", "US", "--mechanism", "paracrine"]);
    let flag = &answer["questions"][0]["flags"][0];
    assert_eq!(flag["severity"], "high");
    assert!(
        flag["sources"]
            .to_string()
            .contains("casetext-2021-us-stem-cell-clinic")
    );
}

#[test]
fn no_prompt_without_a_terminal_and_clear_errors() {
    mscdb()
        .arg("assess")
        .write_stdin("")
        .assert()
        .code(1)
        .stdout(contains("1. What exactly are the cells?"));
    mscdb().args(["assess", "--cells", "magic"]).assert().code(2);
    mscdb()
        .args(["assess", "--cells", "msc", "--in", "Atlantis"])
        .assert()
        .code(2)
        .stderr(contains("unknown country"));
}

/// Every id the rules and the clinic warning cite is declared in
/// `spec::CODE_CITED_SOURCES`, which loading checks (the bad case
/// `cited-source-missing` shows a record without one refused).
#[test]
fn every_source_the_code_cites_is_guarded_at_load() {
    let declared = mscdb::spec::CODE_CITED_SOURCES;
    for id in mscdb::assess::RULE_SOURCES
        .iter()
        .chain(mscdb::answer::check::CLINIC_WARNING_SOURCES)
    {
        assert!(
            declared.contains(id),
            "{id} is cited by the code but not declared in spec::CODE_CITED_SOURCES"
        );
    }
}

/// On a terminal with no flags, `assess` asks the questions one by one.
/// util-linux `script` gives the binary a pseudo-terminal.
#[test]
fn asks_the_questions_on_a_terminal() {
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    let answers = "ipsc\nreplaces-tissue\nno\n\nUS\nParkinson disease\n";
    let output = std::process::Command::new("script")
        .args(["-qec", &format!("'{}' assess", bin.display()), "/dev/null"])
        .env("COLUMNS", "200")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = output else {
        crate::common::skip("the terminal test", "util-linux `script` is not installed");
        return;
    };
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{text}");
    for expected in [
        "1. What cells does the clinic use?",
        "They said: induced pluripotent stem cells",
        "STOP: Pluripotent cells",
        "They said: the cells replace damaged tissue",
        "No MSC product in the record is approved for Parkinson's disease (ICD-10-CM G20) in the United States",
    ] {
        assert!(text.contains(expected), "missing '{expected}' in:\n{text}");
    }
}

/// newcomer m4: "stem cells", the answer most patients give, is understood
/// (as cells of no stated kind), and a product typed as "NONE" is no product.
#[test]
fn stem_cells_is_an_answer_and_none_is_no_product() {
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    let answers = "stem cells\nunknown\nunknown\nNONE\nThailand\nautism\n";
    let output = std::process::Command::new("script")
        .args(["-qec", &format!("'{}' assess", bin.display()), "/dev/null"])
        .env("COLUMNS", "200")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = output else {
        assert!(
            std::env::var_os("CI").is_none(),
            "util-linux `script` is needed under CI"
        );
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    };
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("Not understood"), "{text}");
    assert!(!text.contains("'NONE' is not in the record"), "{text}");
    assert!(text.contains("2. How does it say they work?"), "{text}");
}
