//! The bad-input corpus: every case fails with exit 2, a message naming the
//! file, line, column and value, and no output; accepted cases load.

use crate::common::{cases, mscdb, overlay};

#[test]
fn every_bad_case_is_refused_with_a_precise_message() {
    let cases = cases("bad");
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("EXPECT")).unwrap();
        let dir = overlay(case);
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
