//! `mscdb sql` is read-only; `mscdb search` takes any text.

use predicates::str::contains;

use crate::common::{json, mscdb};

#[test]
fn writes_attach_and_pragmas_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    mscdb().args(["build", "-o"]).arg(&db).assert().success();
    let before = std::fs::read(&db).unwrap();
    for (query, why) in [
        ("DELETE FROM products", "DELETE statements are refused"),
        ("ATTACH DATABASE 'x.db' AS x", "ATTACH statements are refused"),
        ("PRAGMA writable_schema=ON", "PRAGMA statements are refused"),
        ("SELECT 1; DELETE FROM products", "more than one statement"),
        ("WITH x AS (SELECT 1) DELETE FROM products", "would write"),
        ("SELECT load_extension('x')", "not authorized"),
        ("", "empty query"),
        ("SELEC 1", "SELEC statements are refused"),
    ] {
        for store in [vec![], vec!["--db".to_string(), db.display().to_string()]] {
            mscdb()
                .args(&store)
                .args(["sql", query])
                .current_dir(dir.path())
                .assert()
                .code(2)
                .stderr(contains(why));
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!dir.path().join("x.db").exists());
    assert_eq!(json(&["sql", "SELECT count(*) AS n FROM products"])[0]["n"], 37);
}

#[test]
fn select_answers_in_every_format() {
    let rows = json(&["sql", "SELECT count(*) FROM decisions"]);
    assert!(rows[0]["count(*)"].as_i64().unwrap() >= 49);
    let rows = json(&[
        "sql",
        "SELECT id, date FROM decisions WHERE product_id = 'temcell' AND decision = 'approval'",
    ]);
    assert_eq!(rows[0]["date"], "2015-09-18");
    mscdb()
        .args([
            "sql",
            "SELECT code, name FROM jurisdictions WHERE code = 'KR'",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout("code,name\nKR,South Korea\n");
    mscdb()
        .args(["sql", "/* comment */ SELECT 1 AS one"])
        .assert()
        .success()
        .stdout(contains("1 row."));
    mscdb()
        .args(["sql", "SELECT * FROM no_such_table"])
        .assert()
        .code(2)
        .stderr(contains("no such table"));
    mscdb()
        .args(["sql", "SELECT ?1"])
        .assert()
        .code(2)
        .stderr(contains("parameters"));
}

#[test]
fn search_finds_fistula_products_and_survives_fts_syntax() {
    let hits = json(&["search", "fistula"]);
    let ids: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"alofisel") && ids.contains(&"cupistem"), "{ids:?}");
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[fistula]"));
    for text in [
        "CAR-T",
        "\"",
        "a\"b",
        "*",
        "NEAR(x y)",
        "title:x",
        "(",
        "-",
        "AND OR NOT",
        "%_\\",
        "' OR 1=1",
    ] {
        mscdb().args(["search", text]).assert().success();
    }
    mscdb()
        .args(["search", ""])
        .assert()
        .code(2)
        .stderr(contains("empty text"));
    assert_eq!(
        json(&["search", "hospital", "exemption", "--limit", "2"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
