//! What people type reaches the right product; near misses never do.

use predicates::str::contains;

use crate::common::{json, mscdb};

#[test]
fn names_brands_codes_and_printed_misspellings_resolve() {
    for (typed, id) in [
        ("ryoncil", "remestemcel-l"),
        ("Remestemcel L", "remestemcel-l"),
        ("remestemcel-L-rknd", "remestemcel-l"),
        ("PROCHYMAL", "remestemcel-l"),
        ("Porchymal", "remestemcel-l"),
        ("Cuepistem", "cupistem"),
        ("큐피스템", "cupistem"),
        ("Stemilac", "stemirac"),
        ("Cellgram-AMI", "hearticellgram-ami"),
        ("Hearticellgram®-AMI", "hearticellgram-ami"),
        ("NeuroNATA-R™", "neuronata-r"),
        ("darvadstrocel", "alofisel"),
        ("SB623", "akuugo"),
        ("RNL-Astrostem", "astrostem"),
        ("  temcell  hs  ", "temcell"),
    ] {
        assert_eq!(json(&["show", typed])["id"], id, "{typed}");
    }
}

#[test]
fn cellgram_aki_is_not_cellgram_ami() {
    assert_eq!(json(&["show", "Cellgram-AKI"])["id"], "cellgram-aki");
}

#[test]
fn hostile_names_are_plain_misses() {
    for typed in ["%", "_", "' OR 1=1 --", "\"quoted\"", "Ryon%", "a\\b"] {
        mscdb()
            .args(["show", typed])
            .assert()
            .code(2)
            .stderr(contains("is not in the record"));
    }
    mscdb()
        .args(["show", "esc\u{1b}[31mape"])
        .assert()
        .code(2)
        .stderr(contains("esc\\u{1b}[31mape"));
}

#[test]
fn countries_resolve_by_code_name_and_alias() {
    for typed in ["US", "us", "USA", "United States", "American", "U.S."] {
        let rows = json(&["products", "--in", typed]);
        assert_eq!(rows.as_array().unwrap().len(), 1, "{typed}");
    }
}
