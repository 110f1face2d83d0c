//! `jurisdictions`, `regulators` and `--version`: what the record knows.

use crate::common::{json, mscdb};

#[test]
fn jurisdictions_list_memberships_with_dates() {
    let places = json(&["jurisdictions"]);
    let gb = places
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "GB")
        .unwrap();
    let until: Vec<&str> = gb["member_of"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["until"].as_str())
        .collect();
    assert!(until.contains(&"2020-12-31"), "{gb}");
    let all = json(&["jurisdictions", "--all"]);
    assert_eq!(
        all.as_array().unwrap().len(),
        250,
        "249 ISO 3166-1 entries and the EU"
    );
    let hr = all
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "HR")
        .unwrap();
    assert_eq!(hr["member_of"][0]["from"], "2013-07-01");
    let iran = all
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "IR")
        .unwrap();
    assert!(iran["note"].as_str().unwrap().contains("name no product"));
}

#[test]
fn a_place_note_is_a_caveat_of_check() {
    let (_, a) = crate::common::answer("check", &["whartocell", "--in", "Iran"]);
    assert!(a["caveats"].to_string().contains("Royan Institute"), "{a}");
}

#[test]
fn regulators_are_listed_with_their_counts() {
    let regulators = json(&["regulators"]);
    let fda = regulators
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "FDA")
        .unwrap();
    assert_eq!(fda["jurisdiction"], "US");
    assert!(fda["decisions"].as_i64().unwrap() > 0);
    assert_eq!(fda["framework_facts"], 11);
}

#[test]
fn version_names_the_record_date_and_its_size() {
    let out = mscdb().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("mscdb 0.2.0, record of "), "{text}");
    assert!(text.contains(" products, ") && text.contains(" decisions, ") && text.contains(" sources"));
}

/// The derived vocabularies are what their scripts write from the pinned
/// sources; skipped (with a message) where Python or the sources are absent,
/// never in CI.
#[test]
fn derived_vocabularies_regenerate_without_a_difference() {
    let root = env!("CARGO_MANIFEST_DIR");
    for script in ["scripts/gen-jurisdictions", "scripts/gen-icd10cm"] {
        let output = std::process::Command::new("python3")
            .arg(format!("{root}/{script}"))
            .arg("--check")
            .output();
        match output {
            Ok(o) if o.status.success() => {}
            // A stale file is reported as a diff against the committed one.
            Ok(o)
                if o.status.code() == Some(1)
                    && String::from_utf8_lossy(&o.stderr).contains("(committed)") =>
            {
                panic!(
                    "{script} --check: the committed files are stale:\n{}",
                    String::from_utf8_lossy(&o.stderr)
                )
            }
            other => {
                let why = match &other {
                    Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
                    Err(e) => e.to_string(),
                };
                crate::common::skip(&format!("{script} --check"), &why);
            }
        }
    }
}
