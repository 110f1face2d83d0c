//! `build` writes a database atomically; `--db` reads it back read-only.

use predicates::str::contains;

use crate::common::{generated, mscdb};

#[test]
fn a_built_database_answers_like_the_embedded_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    mscdb()
        .args(["build", "-o"])
        .arg(&db)
        .assert()
        .success()
        .stdout(contains("wrote"));
    let embedded = mscdb()
        .args(["products", "--status", "all", "--format", "json"])
        .output()
        .unwrap();
    let from_db = mscdb()
        .arg("--db")
        .arg(&db)
        .args(["products", "--status", "all", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        from_db.status.success(),
        "{}",
        String::from_utf8_lossy(&from_db.stderr)
    );
    assert_eq!(embedded.stdout, from_db.stdout);
    // Nothing but the database is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["kb.sqlite"]);
}

/// `--data` loads into SQLite's private temporary file, which a record of
/// 1,000 products (a 21 MB database, past the 16 MiB cache) spills into:
/// the answers are the built file's, and the temporary directory is left
/// empty.
#[test]
fn a_record_loaded_on_disk_answers_like_its_built_file_and_leaves_no_file() {
    let (dir, data) = generated(1000);
    let db = dir.path().join("kb.sqlite");
    mscdb()
        .arg("--data")
        .arg(&data)
        .args(["build", "-o"])
        .arg(&db)
        .assert()
        .success();
    let temporary = tempfile::tempdir().unwrap();
    for question in [
        &["indications", "--format", "csv"][..],
        &["review", "--format", "csv"],
        &["check", "--for", "condition 0", "--in", "US", "--format", "json"],
    ] {
        let loaded = mscdb()
            .env("SQLITE_TMPDIR", temporary.path())
            .env("TMPDIR", temporary.path())
            .arg("--data")
            .arg(&data)
            .args(question)
            .output()
            .unwrap();
        let built = mscdb().arg("--db").arg(&db).args(question).output().unwrap();
        assert_eq!(loaded.status.code(), built.status.code(), "{question:?}");
        assert!(
            loaded.stdout.len() > 1000,
            "{question:?}: {}",
            String::from_utf8_lossy(&loaded.stderr)
        );
        assert!(
            loaded.stdout == built.stdout,
            "{question:?}: --data and --db differ"
        );
        let left: Vec<_> = std::fs::read_dir(temporary.path()).unwrap().collect();
        assert!(left.is_empty(), "{question:?} left {left:?}");
    }
}

#[test]
fn a_failed_build_leaves_the_old_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    std::fs::write(&db, b"previous contents").unwrap();
    let bad = crate::common::overlay(&crate::common::fixtures().join("bad/impossible-date"));
    mscdb()
        .arg("--data")
        .arg(bad.path())
        .args(["build", "-o"])
        .arg(&db)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&db).unwrap(), b"previous contents");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn files_that_are_not_mscdb_databases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"this is not a database at all, just some text....").unwrap();
    mscdb()
        .arg("--db")
        .arg(&junk)
        .arg("products")
        .assert()
        .code(2)
        .stderr(contains("not an mscdb database"));

    let other = dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    mscdb()
        .arg("--db")
        .arg(&other)
        .arg("products")
        .assert()
        .code(2)
        .stderr(contains("wrong application id"));

    let old = dir.path().join("old.sqlite");
    mscdb().args(["build", "-o"]).arg(&old).assert().success();
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    mscdb()
        .arg("--db")
        .arg(&old)
        .arg("products")
        .assert()
        .code(2)
        .stderr(contains("schema version 99"));

    let truncated = dir.path().join("truncated.sqlite");
    mscdb().args(["build", "-o"]).arg(&truncated).assert().success();
    let bytes = std::fs::read(&truncated).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    mscdb()
        .arg("--db")
        .arg(&truncated)
        .args(["products", "--status", "all"])
        .assert()
        .code(2)
        .stderr(contains("truncated.sqlite"));

    mscdb()
        .args(["--db", "/nonexistent/kb.sqlite", "products"])
        .assert()
        .code(2)
        .stderr(contains("no such file"));
}

#[test]
fn the_database_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    mscdb().args(["build", "-o"]).arg(&db).assert().success();
    let before = std::fs::read(&db).unwrap();
    mscdb()
        .arg("--db")
        .arg(&db)
        .args(["show", "ryoncil"])
        .assert()
        .success();
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn the_synthetic_generator_writes_a_valid_record() {
    let (dir, data) = generated(50);
    mscdb()
        .arg("--data")
        .arg(&data)
        .arg("validate")
        .assert()
        .success()
        .stdout(contains("50 products, 50 aliases, 500"));
    let db = built(&data, &dir.path().join("gen.sqlite"));
    mscdb()
        .arg("--db")
        .arg(&db)
        .args(["show", "Synthocel 7"])
        .assert()
        .success()
        .stdout(contains("Synthocel 7"));
}

#[test]
fn build_reports_what_it_wrote_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    let built = crate::common::json(&["build", "-o", db.to_str().unwrap()]);
    assert_eq!(built["wrote"], db.to_str().unwrap());
    assert_eq!(built["bytes"], std::fs::metadata(&db).unwrap().len());
    let mut validated = crate::common::json(&["--db", db.to_str().unwrap(), "validate"]);
    // A list answer carries the record's date on each row; the build's nested table list does not.
    for row in validated.as_array_mut().unwrap() {
        let date = row.as_object_mut().unwrap().remove("record_date").unwrap();
        assert_eq!(date, built["record_date"]);
    }
    assert_eq!(built["tables"], validated);
    let products = validated
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "products")
        .unwrap();
    assert_eq!(built["products"], products["rows"]);

    let csv = mscdb()
        .args(["build", "--format", "csv", "-o"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(csv.status.success());
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("wrote,bytes,table,rows\n"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + validated.as_array().unwrap().len());
}

#[test]
fn a_built_database_keeps_the_full_text_defaults_and_finds_its_rows() {
    // The build fills the full-text indexes with a larger buffer and takes
    // the setting out again: a tool that adds rows later gets SQLite's
    // default, and every row is still found.
    let (dir, data) = generated(50);
    let db = built(&data, &dir.path().join("gen.sqlite"));
    let settings = mscdb()
        .arg("--db")
        .arg(&db)
        .args([
            "sql",
            "SELECT k FROM search_index_config UNION ALL SELECT k FROM products_search_config \
             UNION ALL SELECT k FROM decisions_search_config UNION ALL SELECT k FROM sources_search_config",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&settings.stdout),
        "k\nversion\nversion\nversion\nversion\n"
    );
    let found = mscdb()
        .arg("--db")
        .arg(&db)
        .args([
            "sql",
            "WITH t AS (SELECT concat_ws(' ', brand, indication_text, pathway, status_note, note) AS text \
             FROM decisions) \
             SELECT (SELECT count(*) FROM decisions_search WHERE decisions_search MATCH 'synthetic') \
             = (SELECT count(*) FROM t WHERE text LIKE '%synthetic%') \
             AND (SELECT count(*) FROM t WHERE text LIKE '%synthetic%') > 0 AS same",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&found.stdout), "same\n1\n");
}

/// `mscdb --data DATA build -o DB`, which must succeed; gives `DB`.
fn built(data: &std::path::Path, db: &std::path::Path) -> std::path::PathBuf {
    mscdb()
        .arg("--data")
        .arg(data)
        .args(["build", "-o"])
        .arg(db)
        .assert()
        .success();
    db.to_path_buf()
}
