//! The JSON contract: every command's key set is recorded in
//! `tests/fixtures/json-keys.txt`, and a key recorded there must still be in
//! the output. Keys may be added, never removed or renamed (as datasette
//! promises for its JSON API). `MSCDB_BLESS=1 cargo test json_keys` rewrites
//! the file after an addition; a removal should never be blessed.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::common::mscdb;

/// The questions whose answers pin the contract: each command, in the
/// shapes its answers take (a product, a disease, a place; found or not).
const QUESTIONS: &[&[&str]] = &[
    &["check", "ryoncil", "--in", "US"],
    &["check", "alofisel", "--in", "France"],
    &["check", "ryoncil", "--in", "JP"],
    &["check", "--for", "acute GvHD"],
    &["check", "--for", "autism", "--in", "Mexico"],
    &["check", "notaproduct"],
    &["check", "US Stem Cell Clinic", "--in", "US"],
    &["check", "--for", "autism", "--in", "India"],
    &["actions", "--for", "autism"],
    &["credentials"],
    &[
        "assess",
        "--cells",
        "msc",
        "--in",
        "India",
        "--credential",
        "FDA-registered lab",
    ],
    &["show", "ryoncil"],
    &["products"],
    &["products", "--status", "all"],
    &["indications"],
    &["indications", "--all"],
    &["jurisdictions"],
    &["regulators"],
    &["frameworks", "FDA"],
    &["filings"],
    &["audit"],
    &["search", "fistula"],
    &["validate"],
    &[
        "assess",
        "--cells",
        "svf",
        "--mechanism",
        "replaces-tissue",
        "--identity-report",
        "no",
        "--in",
        "US",
        "--for",
        "knee osteoarthritis",
    ],
];

/// Every key path of a document: `a`, `a.b`, `a[].c` (list items merged).
fn paths(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                paths(v, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

fn current() -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for args in QUESTIONS {
        let output = mscdb().args(*args).args(["--format", "json"]).output().unwrap();
        assert_ne!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let doc: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        let mut keys = BTreeSet::new();
        paths(&doc, "", &mut keys);
        all.extend(keys.into_iter().map(|k| format!("{} :: {k}", args[0])));
    }
    all
}

#[test]
fn json_keys_are_only_ever_added() {
    let file = crate::common::fixtures().join("json-keys.txt");
    let now = current();
    if std::env::var_os("MSCDB_BLESS").is_some() {
        let text: String = now.iter().flat_map(|k| [k.as_str(), "\n"]).collect();
        std::fs::write(&file, text).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&file).expect("tests/fixtures/json-keys.txt");
    let missing: Vec<&str> = recorded
        .lines()
        .filter(|l| !l.is_empty() && !now.contains(*l))
        .collect();
    assert!(
        missing.is_empty(),
        "JSON keys removed or renamed (add, never rename):\n{}",
        missing.join("\n")
    );
    let added: Vec<&String> = now
        .iter()
        .filter(|k| !recorded.lines().any(|l| l == k.as_str()))
        .collect();
    if !added.is_empty() {
        eprintln!(
            "json_keys: {} new keys (record them with MSCDB_BLESS=1): {:?}",
            added.len(),
            added
        );
    }
}

/// The check can fail: a document missing a recorded key is caught.
#[test]
fn a_removed_key_is_caught() {
    let doc: Value = serde_json::json!({"verdict": "approved", "evidence": [{"id": "x"}]});
    let mut keys = BTreeSet::new();
    paths(&doc, "", &mut keys);
    assert!(keys.contains("evidence[].id"));
    let without: Value = serde_json::json!({"verdict": "approved", "evidence": [{}]});
    let mut fewer = BTreeSet::new();
    paths(&without, "", &mut fewer);
    assert!(!fewer.contains("evidence[].id"));
}
