//! The bad-input corpus: every case fails with exit 2, a message naming the
//! file, line, column and value, and no output; accepted cases load.

use crate::common::{cases, mscdb, overlay};

/// Loads the case `tests/fixtures/bad/<name>` over the mini record and
/// checks that every command refuses it: exit 2, nothing on stdout, no panic,
/// and each line of the case's EXPECT file in the error.
fn assert_refused(name: &str) {
    let case = crate::common::fixtures().join("bad").join(name);
    let expected = std::fs::read_to_string(case.join("EXPECT")).unwrap();
    let dir = overlay(&case);
    for command in [
        &["validate"][..],
        &["products", "--status", "all"][..],
        &["show", "alpha"][..],
    ] {
        let output = mscdb()
            .arg("--data")
            .arg(dir.path())
            .args(command)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {command:?} exit code; stderr: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{name}: {command:?} printed to stdout");
        assert!(!stderr.contains("panicked"), "{name}: panic: {stderr}");
        for line in expected.lines().filter(|l| !l.is_empty()) {
            assert!(stderr.contains(line), "{name}: expected '{line}' in:\n{stderr}");
        }
    }
}

/// One test per case directory: the test's name with `-` for `_` is the
/// directory under `tests/fixtures/bad`. `LISTED` holds every name, so that
/// a directory no test lists fails `every_bad_case_has_a_test`.
macro_rules! bad_cases {
    ($($case:ident,)+) => {
        $(
            #[test]
            fn $case() {
                assert_refused(&stringify!($case).replace('_', "-"));
            }
        )+
        const LISTED: &[&str] = &[$(stringify!($case)),+];
    };
}

mod refused {
    use super::assert_refused;

    bad_cases! {
        action_authority_outside_its_jurisdiction,
        action_cites_source_without_url,
        action_condition_not_icd,
        action_unknown_kind,
        action_unknown_material,
        action_without_source,
        offer_rules_overlap,
        seller_name_collides,
        alias_collides_with_other_product,
        bad_identifier,
        bad_url,
        cited_source_missing,
        claim_cites_unknown_decision,
        claim_position_not_a_number,
        control_character,
        dangling_alias_product,
        dangling_claim_product,
        dangling_claim_publication,
        dangling_decision_indication,
        dangling_decision_jurisdiction,
        dangling_decision_product,
        dangling_decision_regulator,
        dangling_filing_indication,
        dangling_filing_product,
        dangling_filing_regulator,
        dangling_filing_source,
        dangling_framework_regulator,
        dangling_framework_source,
        dangling_membership,
    confusable_look_alike,
    confusable_mixed_script,
    unclosed_quote_even_count,
    utf16_file,
    membership_cycle,
    membership_partial_date,
    bad_icd_code,
    dangling_indication_icd,
        dangling_product_source,
        dangling_regulator_jurisdiction,
        decision_cites_source_without_url,
        decision_cites_unknown_source,
        duplicate_decision_id,
        duplicate_framework_key,
        duplicate_product_id,
        empty_file,
        end_without_indication_only,
        filing_date_impossible,
        framework_contradicts_decision,
        framework_without_source,
        header_only,
        impossible_date,
        impossible_day,
        invalid_utf8,
        malformed_date,
        malformed_source_date,
        missing_column,
        missing_file,
        missing_required_date,
        ragged_row,
        regulator_outside_its_jurisdiction,
        trailing_space,
        unknown_alias_kind,
        unknown_cell_type,
        unknown_claim_verdict,
        unknown_column,
        unknown_confidence,
        unknown_date_qualifier,
        unknown_decision,
        unknown_donor,
        unknown_filing_kind,
        unknown_source_kind,
        unknown_tissue,
        unknown_topic,
        unterminated_quote,
        text_after_closing_quote,
        decision_after_record_date,
        stray_quote_swallows_rows,
        multiline_in_a_column_not_free_text,
        valid_until_before_date,
    }

    #[test]
    fn every_bad_case_has_a_test() {
        let cases = crate::common::cases("bad");
        assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
        let listed: Vec<String> = LISTED.iter().map(|c| c.replace('_', "-")).collect();
        let on_disk: Vec<String> = cases
            .iter()
            .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let untested: Vec<&String> = on_disk.iter().filter(|d| !listed.contains(d)).collect();
        assert!(
            untested.is_empty(),
            "fixture directories with no test (add them to bad_cases! in tests/cli/bad_input.rs): {untested:?}"
        );
        let missing: Vec<&String> = listed.iter().filter(|l| !on_disk.contains(l)).collect();
        assert!(
            missing.is_empty(),
            "tests for missing fixture directories: {missing:?}"
        );
    }
}

#[test]
fn accepted_variations_load_like_the_original() {
    let baseline = mscdb()
        .args(["--data"])
        .arg(crate::common::fixtures().join("mini"))
        .args(["products", "--status", "all", "--format", "json"])
        .output()
        .unwrap();
    assert!(baseline.status.success());
    for case in cases("good") {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = overlay(&case);
        mscdb()
            .arg("--data")
            .arg(dir.path())
            .arg("validate")
            .assert()
            .success();
        let output = mscdb()
            .arg("--data")
            .arg(dir.path())
            .args(["products", "--status", "all", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            output.stdout, baseline.stdout,
            "{name}: answers differ from the original"
        );
    }
}

#[test]
fn quoted_newlines_survive_loading() {
    let dir = overlay(&crate::common::fixtures().join("good/quoted-newline"));
    let output = mscdb()
        .arg("--data")
        .arg(dir.path())
        .args(["show", "alpha", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["notes"], "A fixture product,\nwith a second line.");
}

#[test]
fn a_missing_directory_is_an_error() {
    mscdb()
        .args(["--data", "/nonexistent/mscdb-data", "validate"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "/nonexistent/mscdb-data: not a directory",
        ));
}

#[test]
fn the_shipped_data_validates() {
    mscdb()
        .args(["--data", concat!(env!("CARGO_MANIFEST_DIR"), "/data"), "validate"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("ok: "));
}

#[test]
fn datapackage_json_matches_what_loading_enforces() {
    let output = mscdb().arg("datapackage").output().unwrap();
    let generated: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/datapackage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        generated, shipped,
        "regenerate with: cargo run -- datapackage > data/datapackage.json"
    );
    let decision = &shipped["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "decisions")
        .unwrap();
    let kinds = decision["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "decision")
        .unwrap();
    assert!(
        kinds["constraints"]["enum"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("time-limited-approval"))
    );
}
