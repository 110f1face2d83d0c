//! The clients people already use, run against the real outputs: cffconvert
//! on `CITATION.cff`, frictionless on `data/datapackage.json`, mandoc on the
//! man pages. A client that is missing is a visible skip, and under CI a
//! failure (`.ci/run` installs each, pinned).

use std::path::Path;
use std::process::Command;

/// The client as a command, when it runs here (`--version` answers).
pub fn client(name: &str) -> Option<Command> {
    let runs = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        Some(Command::new(name))
    } else {
        crate::common::skip(&format!("the {name} check"), &format!("{name} is not installed"));
        None
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn citation_cff_is_valid_and_names_version_and_licences() {
    let Some(mut cffconvert) = client("cffconvert") else {
        return;
    };
    let out = cffconvert
        .args(["--validate", "-i"])
        .arg(root().join("CITATION.cff"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("cffconvert")
        .args(["-f", "zenodo", "-i"])
        .arg(root().join("CITATION.cff"))
        .output()
        .unwrap();
    let zenodo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(zenodo["version"], env!("CARGO_PKG_VERSION"));
    assert!(zenodo["license"].to_string().contains("CC-BY-4.0"), "{zenodo}");
    let cff = std::fs::read_to_string(root().join("CITATION.cff")).unwrap();
    assert!(cff.contains("preferred-citation:"));
    let licence = std::fs::read_to_string(root().join("LICENSE-DATA")).unwrap();
    assert!(licence.contains("Creative Commons Attribution 4.0 International Public License"));
}

/// `frictionless validate --json` on a package: (resource, error type, row,
/// field) of every error.
fn frictionless_errors(package: &Path) -> Vec<(String, String, Option<u64>, Option<String>)> {
    let out = Command::new("frictionless")
        .args(["validate", "--json"])
        .arg(package)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut errors = Vec::new();
    for task in report["tasks"].as_array().unwrap() {
        for e in task["errors"].as_array().unwrap() {
            errors.push((
                task["name"].as_str().unwrap_or_default().to_string(),
                e["type"].as_str().unwrap().to_string(),
                e["rowNumber"].as_u64(),
                e["fieldName"].as_str().map(String::from),
            ));
        }
    }
    assert_eq!(out.status.success(), errors.is_empty(), "{errors:?}");
    errors
}

/// The shipped package is valid for Frictionless: every key, pattern, hash
/// and size holds, and Namibia's `NA` is a value (`missingValues` is only
/// the empty cell; `NA` read as missing would break the primary key).
/// A copy with a broken foreign key, an impossible date and a malformed
/// source list is caught, row by row, and its changed file by its hash.
#[test]
fn frictionless_validates_the_package_and_catches_broken_rows() {
    if client("frictionless").is_none() {
        return;
    }
    let data = root().join("data");
    assert_eq!(frictionless_errors(&data.join("datapackage.json")), vec![]);

    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        }
    }
    // The fixture: three rows of decisions.csv broken, one way each.
    let decisions = copy.path().join("decisions.csv");
    let mut reader = csv::Reader::from_path(&decisions).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    rows[0][column("product_id")] = "no-such-product".into();
    rows[1][column("date")] = "2024-02-30".into();
    rows[2][column("sources")].push_str(";;");
    let mut writer = csv::Writer::from_path(&decisions).unwrap();
    writer.write_record(&headers).unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();

    let errors = frictionless_errors(&copy.path().join("datapackage.json"));
    let has = |kind: &str, row: Option<u64>, field: Option<&str>| {
        errors.iter().any(|(resource, k, r, f)| {
            resource == "decisions" && k == kind && *r == row && f.as_deref() == field
        })
    };
    assert!(has("foreign-key", Some(2), None), "{errors:?}");
    assert!(has("constraint-error", Some(3), Some("date")), "{errors:?}");
    assert!(has("constraint-error", Some(4), Some("sources")), "{errors:?}");
    assert!(has("hash-count", None, None), "{errors:?}");
}
