//! `mscdb indications`.

use crate::common::{ids, json};

#[test]
fn approved_indications_today() {
    let rows = json(&["indications"]);
    let found = ids(&rows);
    for id in [
        "acute-gvhd",
        "knee-osteoarthritis",
        "spinal-cord-injury",
        "als",
        "crohns-perianal-fistula",
    ] {
        assert!(found.contains(&id.to_string()), "{id} missing from {found:?}");
    }
    // Designations, expanded access and clinic plans are not approvals.
    for id in ["covid-19", "alzheimers-disease", "type-1-diabetes", "bone-repair"] {
        assert!(!found.contains(&id.to_string()), "{id} listed");
    }
    let gvhd = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "acute-gvhd")
        .unwrap();
    assert_eq!(
        gvhd["jurisdictions"],
        serde_json::json!(["CA", "CN", "DE", "JP", "US"])
    );
    // The grant's own brand is shown: Prochymal in Canada.
    let canada = gvhd["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["jurisdiction"] == "CA")
        .unwrap();
    assert_eq!(canada["product"], "Prochymal");
}

#[test]
fn filtered_by_country_regulator_and_date() {
    assert_eq!(ids(&json(&["indications", "--in", "US"])), vec!["acute-gvhd"]);
    assert_eq!(ids(&json(&["indications", "--in", "EU"])), Vec::<String>::new());
    assert_eq!(
        ids(&json(&["indications", "--in", "EU", "--as-of", "2020"])),
        vec!["crohns-perianal-fistula"]
    );
    assert_eq!(
        ids(&json(&[
            "indications",
            "--regulator",
            "PMDA",
            "--as-of",
            "2016-01-01"
        ])),
        vec!["acute-gvhd"]
    );
}
