//! The clients people already use, run against the real outputs: cffconvert
//! on `CITATION.cff`, frictionless on `data/datapackage.json`, mandoc on the
//! man pages. A client that is missing is a visible skip, and under CI a
//! failure (`.ci/run` installs each, pinned).

use std::path::Path;
use std::process::Command;

/// The client as a command, when it runs here (`--version` answers; mandoc
/// has no such flag, and is only looked for).
pub fn client(name: &str) -> Option<Command> {
    let runs = match Command::new(name).arg("--version").output() {
        Ok(o) => o.status.success() || name == "mandoc",
        Err(_) => false,
    };
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

/// Every man page: zero `mandoc -T lint` warnings, the record's date and the
/// version in `.TH`, EXAMPLES (never clap_mangen's EXTRA) one example a
/// line, and the notes' line breaks kept (each verdict of `audit` on its own
/// line, `check`'s paragraphs apart).
#[test]
fn man_pages_lint_clean_with_examples_date_and_version() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::mscdb()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let version = format!("\"mscdb {}\"", env!("CARGO_PKG_VERSION"));
    let mut pages: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert!(pages.len() > 15, "{pages:?}");
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let th = text.lines().find(|l| l.starts_with(".TH ")).unwrap();
        assert!(th.contains(&version), "{}: {th}", page.display());
        assert!(
            th.split_whitespace()
                .nth(3)
                .is_some_and(|d| d.len() == 10 && d.starts_with("20")),
            "{}: {th}",
            page.display()
        );
        assert!(!text.contains(".SH EXTRA"), "{}", page.display());
    }
    let check = std::fs::read_to_string(dir.path().join("mscdb-check.1")).unwrap();
    assert!(
        check.contains(".SH EXAMPLES\n.nf\nmscdb check ryoncil\n"),
        "{check}"
    );
    assert!(check.contains(".PP\nWith \\-\\-for and no product"), "{check}");
    let audit = std::fs::read_to_string(dir.path().join("mscdb-audit.1")).unwrap();
    assert!(audit.contains("\n  corrected    the main point holds"), "{audit}");

    let Some(_) = client("mandoc") else {
        return;
    };
    for page in &pages {
        let out = Command::new("mandoc")
            .args(["-T", "lint", "-W", "warning"])
            .arg(page)
            .output()
            .unwrap();
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && report.is_empty(),
            "{}: {report}",
            page.display()
        );
    }
}
