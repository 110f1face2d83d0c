//! Label facts (`data/labels.csv`): who a grant's label is for, carried by
//! `check` and `show` in prose, JSON and CSV, loaded into SQLite, and refused
//! with file, line and column when a row is wrong.

use crate::common::{fixtures, json, mscdb};

fn stdout(args: &[&str]) -> String {
    let output = mscdb().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "mscdb {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Text with the line breaks of the terminal width folded into spaces.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn ryoncil_in_the_us_is_labelled_for_children_from_two_months() {
    for args in [
        &["check", "ryoncil", "--in", "US"][..],
        &["check", "ryoncil", "--for", "acute GvHD"][..],
    ] {
        let text = flat(&stdout(args));
        assert!(text.contains("Who it is approved for:"), "{args:?}: {text}");
        assert!(
            text.contains("In the United States (FDA approval 2024-12-18), the label is for patients aged 2 months and older: paediatric patients"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn check_json_carries_the_label_of_each_grant() {
    let answer = json(&["check", "ryoncil", "--in", "US"]);
    let grant = &answer["evidence"][0];
    assert_eq!(grant["id"], "remestemcel-us-2024-approval");
    assert_eq!(grant["label"]["age_min"], "2 months");
    assert_eq!(grant["label"]["route"], "intravenous infusion");
    assert_eq!(grant["label"]["label_source"], "fdareport-ryoncil-label");
    let canada = answer["approved_elsewhere"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["jurisdiction"] == "CA")
        .expect("Canada among the other grants");
    assert_eq!(canada["label"]["regulator_ref"], "150026");
    assert_eq!(canada["label"]["regulator_ref_kind"], "hc-control-number");
}

#[test]
fn show_gives_the_regulator_identifier_per_grant() {
    let answer = json(&["show", "stemirac"]);
    let grant = answer["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "stemirac-jp-2018-time-limited")
        .unwrap();
    assert_eq!(grant["label"]["regulator_ref"], "23000FZX00001000");
    assert_eq!(grant["label"]["regulator_ref_kind"], "pmda-approval-number");
    let text = flat(&stdout(&["show", "stemirac"]));
    assert!(text.contains("Labels, by grant:"), "{text}");
    assert!(text.contains("pmda-approval-number 23000FZX00001000"), "{text}");
    let csv = stdout(&["show", "stemirac", "--format", "csv"]);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",regulator_ref,regulator_ref_kind"), "{header}");
    assert!(csv.contains(",23000FZX00001000,pmda-approval-number"), "{csv}");
}

#[test]
fn sql_reads_the_labels_table_and_its_sources() {
    let text = stdout(&[
        "sql",
        "SELECT l.decision_id, l.regulator_ref, count(ls.source_id) AS n FROM labels l JOIN label_sources ls ON ls.decision_id = l.decision_id WHERE l.regulator_ref_kind = 'ema-product-number' GROUP BY l.decision_id ORDER BY l.decision_id",
        "--format",
        "csv",
    ]);
    assert!(
        text.contains("alofisel-eu-2018-approval,EMEA/H/C/004258,5"),
        "{text}"
    );
    assert!(
        text.contains("holoclar-eu-2015-conditional,EMEA/H/C/002450,"),
        "{text}"
    );
}

/// The mini record with a `labels.csv` of one data row.
fn with_labels(row: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures().join("mini")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    std::fs::write(
        dir.path().join("labels.csv"),
        format!("decision_id,regulator_ref,regulator_ref_kind,population,age_min,dose,route,label_source,label_date,sources,note\n{row}\n"),
    )
    .unwrap();
    dir
}

fn refused(row: &str, expected: &[&str]) {
    let dir = with_labels(row);
    let output = mscdb()
        .arg("--data")
        .arg(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{row}: {stderr}");
    assert!(output.stdout.is_empty());
    for e in expected {
        assert!(stderr.contains(e), "expected '{e}' in: {stderr}");
    }
}

#[test]
fn a_good_label_row_loads() {
    let dir = with_labels("alpha-us-approval,,,adults,18 years,,,src-a,2020-01,src-a,");
    let output = mscdb()
        .arg("--data")
        .arg(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_label_of_an_unknown_decision_is_refused() {
    refused(
        "no-such-decision,,,adults,,,,,,src-a,",
        &["labels.csv:2", "decision_id", "no-such-decision"],
    );
}

#[test]
fn a_bad_age_is_refused() {
    refused(
        "alpha-us-approval,,,adults,two months,,,,,src-a,",
        &["labels.csv:2", "age_min", "two months", "not an age"],
    );
    refused(
        "alpha-us-approval,,,adults,0 years,,,,,src-a,",
        &["labels.csv:2", "age_min"],
    );
}

#[test]
fn an_identifier_needs_its_kind_from_the_closed_list() {
    refused(
        "alpha-us-approval,BLA 1,bla-number,adults,,,,,,src-a,",
        &["labels.csv:2", "regulator_ref_kind", "bla-number"],
    );
    refused(
        "alpha-us-approval,BLA 1,,adults,,,,,,src-a,",
        &["labels.csv:2", "regulator_ref_kind", "kind is empty"],
    );
}
