//! Hostile input, round two (issue 13): each test reproduces a finding of
//! the red-team report of 2026-11 (`H1`, `M1`, … in the test's comment).

use crate::common::{cases, generated, mscdb, overlay};

/// M1, L1: files saved the way editors and spreadsheets save them (CRLF,
/// CR only, a byte-order mark, quoted newlines, blank lines between rows
/// and at the end) report the line an editor shows. Each case's EXPECT holds
/// every `products.csv` line of the error output, exactly.
#[test]
fn editor_saved_files_report_the_line_an_editor_shows() {
    let cases = cases("lines");
    assert!(cases.len() >= 10, "the corpus has {} cases", cases.len());
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("EXPECT")).unwrap();
        let dir = overlay(case);
        let output = mscdb()
            .arg("--data")
            .arg(dir.path())
            .arg("validate")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let got: Vec<&str> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("mscdb: "))
            .filter(|l| l.starts_with("products.csv"))
            .collect();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(got, expected, "{name}");
    }
}

/// M3: `build -o` never replaces a FIFO, socket, device or symbolic link.
#[test]
fn build_refuses_a_target_that_is_not_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.sqlite");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let socket = dir.path().join("s.sqlite");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let link = dir.path().join("l.sqlite");
    std::fs::write(dir.path().join("victim"), "keep").unwrap();
    std::os::unix::fs::symlink("victim", &link).unwrap();
    let mut targets = vec![(fifo, "a FIFO"), (socket, "a socket"), (link, "a symbolic link")];
    // A private /dev/null (needs root, as the report's tests ran).
    let device = dir.path().join("nulldev");
    if std::process::Command::new("mknod")
        .args(["-m", "666"])
        .arg(&device)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success())
    {
        targets.push((device, "a character device"));
    }
    for (target, kind) in &targets {
        mscdb()
            .arg("build")
            .arg("-o")
            .arg(target)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "is {kind}, not a regular file; refusing to replace it"
            )));
        let meta = std::fs::symlink_metadata(target).unwrap();
        assert!(!meta.file_type().is_file(), "{kind} was replaced");
        if *kind == "a character device" {
            assert!(meta.file_type().is_char_device());
        }
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim")).unwrap(),
        "keep"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// L8: an output name is a path, never an SQLite URI.
#[test]
fn build_output_names_are_paths_not_uris() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("file:out")).unwrap();
    for name in ["file:out/x.sqlite", "file:y.sqlite?mode=memory", "file:z.sqlite"] {
        mscdb()
            .current_dir(dir.path())
            .args(["build", "-o", name])
            .assert()
            .success();
        let written = dir.path().join(name);
        assert!(written.is_file(), "{name} not written as a plain file");
        mscdb()
            .current_dir(dir.path())
            .args(["--db", name, "check", "ryoncil"])
            .assert()
            .success();
    }
    mscdb()
        .current_dir(dir.path())
        .args(["build", "-o", "file:missing/x.sqlite"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "file:missing/x.sqlite: the directory file:missing does not exist",
        ));
}

/// L9, L10: a rebuilt file keeps its mode; a name as long as the file
/// system allows is accepted.
#[test]
fn build_keeps_the_mode_and_accepts_long_names() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kb.sqlite");
    mscdb().arg("build").arg("-o").arg(&target).assert().success();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    mscdb().arg("build").arg("-o").arg(&target).assert().success();
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let long = dir.path().join(format!("{}.db", "k".repeat(252)));
    mscdb().arg("build").arg("-o").arg(&long).assert().success();
    assert!(long.is_file());
}

/// A database written by `build`, changed by `sql` (run with a writable connection).
fn tampered_db(dir: &std::path::Path, name: &str, sql: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    mscdb().arg("build").arg("-o").arg(&path).assert().success();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    path
}

/// M5: `validate --db` checks the values like loading CSV does.
#[test]
fn validate_db_checks_values_like_csv_loading() {
    let dir = tempfile::tempdir().unwrap();
    let db = tampered_db(
        dir.path(),
        "m5.sqlite",
        "UPDATE decisions SET date = 'not-a-date', decision = 'bogus' \
           WHERE id = (SELECT min(id) FROM decisions); \
         UPDATE products SET name = name || char(27) WHERE id = (SELECT min(id) FROM products);",
    );
    let output = mscdb().arg("--db").arg(&db).arg("validate").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty());
    for part in [
        "m5.sqlite: decisions row 1: date:",
        "m5.sqlite: decisions row 1: decision:",
        "m5.sqlite: products row 1: name:",
    ] {
        assert!(stderr.contains(part), "expected '{part}' in:\n{stderr}");
    }
    assert!(!stderr.contains('\u{1b}'), "raw ESC in: {stderr}");
}

/// M5: `validate --db` also checks the derived tables (names, links, the
/// search index) against what the loader makes of the rest.
#[test]
fn validate_db_checks_the_derived_tables() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql, table) in [
        (
            "names.sqlite",
            "UPDATE names SET target = (SELECT max(id) FROM products) WHERE norm = 'ryoncil';",
            "names",
        ),
        (
            "search.sqlite",
            "INSERT INTO search_index (kind, id, title, body) VALUES ('product', 'x', 'x', 'x');",
            "search_index",
        ),
    ] {
        let db = tampered_db(dir.path(), name, sql);
        mscdb()
            .arg("--db")
            .arg(&db)
            .arg("validate")
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "damaged database: table {table} does not match the rest of the record"
            )));
    }
}

/// M8: a database whose tables were replaced (by a view), or with a
/// trigger or an extra table, is refused by every command, before any of its
/// SQL runs. (Indexes, views beside the tables, FTS tables and statistics
/// are allowed: see `r4_a_db_sqlite_utils_touched_still_opens`.)
#[test]
fn a_db_whose_schema_differs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql, says) in [
        (
            "view.sqlite",
            "ALTER TABLE products RENAME TO products_real; \
             CREATE VIEW products AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) \
             SELECT p.* FROM products_real p, r;",
            "",
        ),
        (
            "trigger.sqlite",
            "CREATE TRIGGER t AFTER DELETE ON products BEGIN SELECT 1; END;",
            "unexpected trigger t",
        ),
        (
            "extra.sqlite",
            "CREATE TABLE extra (x);",
            "unexpected table extra",
        ),
    ] {
        let db = tampered_db(dir.path(), name, sql);
        for command in [&["products"][..], &["show", "ryoncil"][..], &["validate"][..]] {
            mscdb()
                .arg("--db")
                .arg(&db)
                .args(command)
                .timeout(std::time::Duration::from_secs(20))
                .assert()
                .code(2)
                .stderr(predicates::str::contains(format!(
                    "not an mscdb database: {says}"
                )));
        }
    }
}

/// L6: a WAL-mode database opened with `--db` leaves no `-wal`/`-shm`
/// files and reads in a read-only directory.
#[test]
fn a_wal_db_is_read_without_side_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = tampered_db(dir.path(), "wal.sqlite", "PRAGMA journal_mode = WAL;");
    mscdb().arg("--db").arg(&db).arg("products").assert().success();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["wal.sqlite"]);
}

/// L3: a FIFO, a device or a symbolic link to one under `--data` is
/// refused before it is read (no hang, no endless read); too large a file
/// is refused by its size.
#[test]
fn special_files_under_data_are_refused_before_reading() {
    type Make<'a> = &'a dyn Fn(&std::path::Path);
    let cases: [(&str, Make, &str); 4] = [
        (
            "fifo",
            &|p| {
                assert!(
                    std::process::Command::new("mkfifo")
                        .arg(p)
                        .status()
                        .unwrap()
                        .success()
                );
            },
            "products.csv: cannot read: is a FIFO, not a regular file",
        ),
        (
            "zero",
            &|p| std::os::unix::fs::symlink("/dev/zero", p).unwrap(),
            "products.csv: cannot read: is a character device, not a regular file",
        ),
        (
            "directory",
            &|p| std::fs::create_dir(p).unwrap(),
            "products.csv: cannot read: is a directory, not a regular file",
        ),
        (
            "huge",
            &|p| {
                let file = std::fs::File::create(p).unwrap();
                file.set_len(300 * 1024 * 1024).unwrap();
            },
            "products.csv: cannot read: larger than 256 MiB; refusing to read it",
        ),
    ];
    for (_name, make, message) in cases {
        let dir = overlay(&crate::common::fixtures().join("mini"));
        let path = dir.path().join("products.csv");
        std::fs::remove_file(&path).unwrap();
        make(&path);
        mscdb()
            .arg("--data")
            .arg(dir.path())
            .arg("validate")
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
}

const FOREVER: &str = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r)";

/// M2: a query that never ends is stopped by the time budget, with exit 2
/// and a clear message; rows are written while it runs, not buffered.
#[test]
fn sql_stops_a_runaway_query_and_streams_rows() {
    mscdb()
        .env("MSCDB_SQL_TIMEOUT_MS", "500")
        .args(["sql", &format!("{FOREVER} SELECT count(*) FROM r")])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "sql: stopped after 0.5 s: the query takes too long",
        ));
    let output = mscdb()
        .env("MSCDB_SQL_TIMEOUT_MS", "300")
        .args(["sql", &format!("{FOREVER} SELECT n FROM r"), "--format", "csv"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.starts_with(b"n\n1\n2\n3\n"),
        "rows were not streamed"
    );
}

/// M2: a query that needs too much memory is stopped by the heap limit.
#[test]
fn sql_stops_at_the_memory_budget() {
    mscdb()
        .args(["sql", "SELECT length(randomblob(300000000))"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "sql: stopped: the query needs more than 200 MB of memory",
        ));
}

/// M7: JSON keeps every column, in column order; a repeated name gets
/// `_2`, `_3`, ….
#[test]
fn sql_json_keeps_repeated_columns_in_order() {
    let output = mscdb()
        .args(["sql", "SELECT 1 AS b, 2 AS a, 3 AS a", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "[\n  {\n    \"b\": 1,\n    \"a\": 2,\n    \"a_2\": 3\n  }\n]\n"
    );
    let rows = crate::common::json(&[
        "sql",
        "SELECT p.id, d.id FROM products p JOIN decisions d ON d.product_id = p.id \
         ORDER BY p.id, d.id LIMIT 1",
    ]);
    let product = rows[0]["id"].as_str().unwrap();
    assert!(
        rows[0]["id_2"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{product}-"))
    );
    let all = crate::common::json(&[
        "sql",
        "SELECT * FROM products p JOIN decisions d ON d.product_id = p.id LIMIT 1",
    ]);
    let products = crate::common::json(&["sql", "SELECT * FROM products LIMIT 1"]);
    let decisions = crate::common::json(&["sql", "SELECT * FROM decisions LIMIT 1"]);
    assert_eq!(
        all[0].as_object().unwrap().len(),
        products[0].as_object().unwrap().len() + decisions[0].as_object().unwrap().len()
    );
}

/// M6, L12: headers are escaped like cells, and bidi overrides and
/// zero-width characters are escaped everywhere text is printed.
#[test]
fn headers_bidi_and_zero_width_characters_are_escaped() {
    let output = mscdb()
        .args([
            "sql",
            "SELECT 1 AS \"\u{1b}[2Jx\", char(8238) || 'cba' AS \"h\u{202e}\", 'a' || char(8203) || 'b' AS z",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    for raw in ['\u{1b}', '\u{202e}', '\u{200b}'] {
        assert!(!stdout.contains(raw), "raw {raw:?} in:\n{stdout}");
    }
    for escaped in ["\\u{1b}[2Jx", "h\\u{202e}", "\\u{202e}cba", "a\\u{200b}b"] {
        assert!(stdout.contains(escaped), "no {escaped} in:\n{stdout}");
    }
    let output = mscdb()
        .args(["check", "\u{202e}lecahplA\u{feff}"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    for text in [&stderr, &stdout] {
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{feff}'),
            "raw bidi in: {text}"
        );
    }
}

/// OBS1: CSV cells that a spreadsheet would run as a formula get a leading `'`.
#[test]
fn csv_cells_that_start_a_formula_are_defused() {
    let output = mscdb()
        .args([
            "sql",
            "SELECT '=1+1' AS a, '+cmd' AS b, '-x' AS c, '@y' AS d, char(9) || '=z' AS e, 'ok' AS f",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "a,b,c,d,e,f\n'=1+1,'+cmd,'-x,'@y,'\t=z,ok\n"
    );
}

/// L17: `generate` never writes through a symbolic link, and refuses 0 or
/// more products than `--data` could read back.
#[test]
fn generate_refuses_symlinks_and_bad_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(dir.path().join("victim.txt"), "keep").unwrap();
    std::os::unix::fs::symlink("../victim.txt", out.join("products.csv")).unwrap();
    mscdb()
        .args(["generate", "--products", "2", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("refusing to write through it"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim.txt")).unwrap(),
        "keep"
    );
    for n in ["0", "18446744073709551615"] {
        mscdb()
            .args(["generate", "--products", n, "-o"])
            .arg(dir.path().join(format!("g{n}")))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "--products must be between 1 and 200000",
            ));
    }
}

/// L18: `--help` and `--version` that cannot be written fail like every
/// other command (exit 2 and a message).
#[test]
fn help_and_version_report_write_failures() {
    for arg in ["--help", "--version"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_mscdb"))
            .arg(arg)
            .stdout(std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{arg}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("No space left on device"),
            "{arg}"
        );
    }
}

/// L5: a table cell holding one very long word is laid out in linear time.
#[test]
fn a_very_long_word_in_a_table_is_fast() {
    let dir = overlay(&crate::common::fixtures().join("mini"));
    let path = dir.path().join("products.csv");
    let word = "x".repeat(1_000_000);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(",Betastem,", &format!(",{word},"));
    std::fs::write(&path, text).unwrap();
    let output = mscdb()
        .arg("--data")
        .arg(dir.path())
        .args(["products", "--status", "all"])
        .timeout(std::time::Duration::from_mins(1))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// L2: a header of 100,000 extra columns is checked at once, and error
/// output is bounded: at most 50 problems per file, then a count.
#[test]
fn error_output_is_bounded_and_headers_are_checked_in_linear_time() {
    let dir = overlay(&crate::common::fixtures().join("mini"));
    let path = dir.path().join("indications.csv");
    let extra: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    std::fs::write(
        &path,
        format!("id,name,synonyms,area,icd10cm,{}\n", extra.join(",")),
    )
    .unwrap();
    let output = mscdb()
        .arg("--data")
        .arg(dir.path())
        .arg("validate")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.lines().count() <= 52, "{} lines", stderr.lines().count());
    assert!(
        stderr.contains("indications.csv: … and 99950 more problems"),
        "{stderr}"
    );

    let dir = overlay(&crate::common::fixtures().join("mini"));
    let path = dir.path().join("indications.csv");
    let mut text = String::from(
        "id,name,synonyms,area,icd10cm\ngvhd,graft-versus-host disease,GvHD,haematology,\nknee-oa,knee osteoarthritis,knee OA;osteoarthritis,musculoskeletal,\n",
    );
    for i in 0..2000 {
        text.push_str(&format!("I {i},name {i},,haematology,\n"));
    }
    std::fs::write(&path, text).unwrap();
    let output = mscdb()
        .arg("--data")
        .arg(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.lines().count() <= 51, "{} lines", stderr.lines().count());
    assert!(
        stderr.contains("indications.csv: … and 1950 more problems"),
        "{stderr}"
    );
}

/// L7: SIGINT or SIGTERM during `build` leaves no temporary file behind.
#[test]
fn an_interrupted_build_removes_its_temporary_file() {
    let (dir, data) = generated(5000);
    for signal in ["INT", "TERM"] {
        let out = dir.path().join(format!("out-{signal}"));
        std::fs::create_dir(&out).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mscdb"))
            .arg("--data")
            .arg(&data)
            .arg("build")
            .arg("-o")
            .arg(out.join("kb.sqlite"))
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let temporary = |out: &std::path::Path| {
            std::fs::read_dir(out)
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
        };
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        while !temporary(&out) && std::time::Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_some() {
            // The build finished before it could be interrupted: nothing to check.
            continue;
        }
        assert!(
            std::process::Command::new("kill")
                .arg(format!("-{signal}"))
                .arg(child.id().to_string())
                .status()
                .unwrap()
                .success()
        );
        let status = child.wait().unwrap();
        if status.code() == Some(0) {
            // The build won the race with the signal: it finished first.
            continue;
        }
        let expected = if signal == "TERM" { 143 } else { 130 };
        assert_eq!(status.code(), Some(expected), "{signal}");
        let left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(left.is_empty(), "{signal}: left behind {left:?}");
        eprintln!("interrupted by SIG{signal}");
    }
}

/// L16: `--db` on a directory, FIFO or device says what it is.
#[test]
fn a_db_that_is_not_a_file_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("f.sqlite");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (path, kind) in [
        (fifo.as_path(), "a FIFO"),
        (dir.path(), "a directory"),
        (std::path::Path::new("/dev/null"), "a character device"),
    ] {
        mscdb()
            .arg("--db")
            .arg(path)
            .arg("products")
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "is {kind}, not a database file"
            )));
    }
}

/// L4: many repeated or distinct words are answered at once, not in
/// quadratic time (the timeout only guards against a hang).
#[test]
fn search_with_thousands_of_words_returns() {
    mscdb()
        .arg("search")
        .args(vec!["fistula"; 20_000])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .stdout(predicates::str::contains("alofisel"));
    let distinct: Vec<String> = (0..50_000).map(|i| format!("w{i}")).collect();
    mscdb()
        .arg("search")
        .args(&distinct)
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success();
}

// ---- Round three (issue 22): the red-team report of 2026-12, R1–R15 ----

/// A database that `build` wrote, then changed by `sql` with Python's
/// sqlite3 semantics (foreign keys off), as `common.sh`'s `craft` does.
fn crafted(dir: &std::path::Path, name: &str, sql: &str) -> std::path::PathBuf {
    tampered_db(dir, name, &format!("PRAGMA foreign_keys = OFF; {sql}"))
}

/// R1: an id from a crafted `--db` never becomes a path outside the
/// output directory (nor a stray subdirectory); nothing is written.
#[test]
fn r1_site_never_writes_outside_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    for (name, id) in [
        ("up.sqlite", "../../../../ESCAPED"),
        ("slash.sqlite", "javascript:alert(1)//"),
    ] {
        let db = crafted(
            dir.path(),
            name,
            &format!(
                "UPDATE products SET id = '{id}' WHERE id = 'akuugo'; \
                 UPDATE decisions SET product_id = '{id}' WHERE product_id = 'akuugo';"
            ),
        );
        let work = dir.path().join(format!("w-{name}"));
        std::fs::create_dir_all(work.join("a/b")).unwrap();
        std::fs::write(work.join("ESCAPED.html"), "precious").unwrap();
        let output = mscdb()
            .current_dir(&work)
            .arg("--db")
            .arg(&db)
            .args(["site", "-o", "a/b/site"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains("products id: not an identifier"),
            "{name}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(work.join("ESCAPED.html")).unwrap(),
            "precious"
        );
        let left: Vec<_> = std::fs::read_dir(work.join("a/b")).unwrap().collect();
        assert!(left.is_empty(), "{name}: wrote {left:?}");
    }
}

/// R3: a `javascript:` URL in a crafted `--db` is refused on open, by every
/// command, so it never becomes a link (the site renders only http(s) and
/// DOI addresses as links in any case: see `render::html`'s tests).
#[test]
fn r3_a_db_with_a_script_url_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "javascript:alert(document.domain)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "https://x.org/a b",
    ] {
        let db = crafted(
            dir.path(),
            "js.sqlite",
            &format!("UPDATE sources SET url = '{url}' WHERE url IS NOT NULL;"),
        );
        for command in [&["site", "-o"][..], &["show", "ryoncil"][..], &["validate"][..]] {
            let mut cmd = mscdb();
            cmd.arg("--db").arg(&db).args(command);
            if command[0] == "site" {
                cmd.arg(dir.path().join("s"));
            }
            let output = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{url} {command:?}: {stderr}");
            assert!(stderr.contains("url"), "{url} {command:?}: {stderr}");
            assert!(!dir.path().join("s").exists());
        }
        std::fs::remove_file(&db).unwrap();
    }
}

/// R4: a changed row in a derived table (or a date) of a `--db` makes
/// every command refuse the file, not answer from it; `validate` refuses it
/// too.
#[test]
fn r4_a_db_whose_content_changed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql, table) in [
        (
            "names.sqlite",
            "UPDATE names SET target = 'temcell' WHERE norm = 'ryoncil';",
            "names",
        ),
        (
            "date.sqlite",
            "UPDATE decisions SET date = '2099-07-31' WHERE product_id = 'akuugo';",
            "decisions",
        ),
        (
            "wal.sqlite",
            "PRAGMA journal_mode = WAL; UPDATE names SET target = 'temcell' WHERE norm = 'ryoncil'; PRAGMA wal_checkpoint;",
            "names",
        ),
    ] {
        let db = crafted(dir.path(), name, sql);
        for command in [
            &["check", "ryoncil", "--in", "JP"][..],
            &["check", "akuugo", "--in", "JP"][..],
            &["products"][..],
        ] {
            mscdb()
                .arg("--db")
                .arg(&db)
                .args(command)
                .assert()
                .code(2)
                .stdout("")
                .stderr(predicates::str::contains(format!(
                    "table {table} has changed since 'mscdb build' wrote the file"
                )));
        }
        mscdb().arg("--db").arg(&db).arg("validate").assert().code(2);
    }
}

/// Issue 23 with R4: what sqlite-utils adds (indexes on every column, a
/// view, an FTS table with its shadow tables, ANALYZE statistics, a VACUUM)
/// changes no answer, so the file still opens and answers exactly as the
/// untouched one.
#[test]
fn r4_a_db_sqlite_utils_touched_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.sqlite");
    mscdb().arg("build").arg("-o").arg(&plain).assert().success();
    let mut indexes = String::new();
    let conn = rusqlite::Connection::open(&plain).unwrap();
    let mut stmt = conn
        .prepare("SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE 'search_index_%'")
        .unwrap();
    let columns: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(stmt);
    drop(conn);
    for (i, (table, column)) in columns.iter().enumerate() {
        indexes.push_str(&format!(
            "CREATE INDEX extra_{i} ON \"{table}\" (\"{column}\" DESC);"
        ));
    }
    let touched = tampered_db(
        dir.path(),
        "touched.sqlite",
        &format!(
            "{indexes} CREATE VIEW us_decisions AS SELECT * FROM decisions WHERE jurisdiction = 'US'; \
             CREATE VIRTUAL TABLE products_fts USING fts5 (name, notes, content = 'products'); \
             INSERT INTO products_fts (products_fts) VALUES ('rebuild'); ANALYZE; VACUUM;"
        ),
    );
    let site_of = |db: &std::path::Path, out: &str| {
        mscdb()
            .arg("--db")
            .arg(db)
            .args(["site", "-o"])
            .arg(dir.path().join(out))
            .assert()
            .success();
    };
    for command in [
        &["products", "--status", "all", "--format", "json"][..],
        &["show", "ryoncil", "--format", "json"][..],
        &["check", "ryoncil", "--in", "JP", "--format", "json"][..],
        &["frameworks", "--format", "json"][..],
        &["filings", "--format", "json"][..],
        &["search", "fistula", "--format", "json"][..],
        &["validate"][..],
    ] {
        let run = |db: &std::path::Path| mscdb().arg("--db").arg(db).args(command).output().unwrap();
        let (a, b) = (run(&plain), run(&touched));
        assert_eq!(
            b.status.code(),
            a.status.code(),
            "{command:?}: {}",
            String::from_utf8_lossy(&b.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&a.stdout).replace("touched.sqlite", "plain.sqlite"),
            String::from_utf8_lossy(&b.stdout).replace("touched.sqlite", "plain.sqlite"),
            "{command:?}"
        );
    }
    site_of(&plain, "site-a");
    site_of(&touched, "site-b");
    let mut pages = Vec::new();
    for sub in ["", "products", "places", "indications", "audit"] {
        for entry in std::fs::read_dir(dir.path().join("site-a").join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                pages.push(
                    path.strip_prefix(dir.path().join("site-a"))
                        .unwrap()
                        .to_path_buf(),
                );
            }
        }
    }
    assert!(pages.len() > 100, "{} pages", pages.len());
    for page in pages {
        // The downloads page gives the size and digest of the SQLite file
        // it offers, which is the file given (here the touched one).
        if page == std::path::Path::new("downloads.html") {
            continue;
        }
        assert!(
            std::fs::read(dir.path().join("site-a").join(&page)).unwrap()
                == std::fs::read(dir.path().join("site-b").join(&page)).unwrap(),
            "{} differs",
            page.display()
        );
    }
}

/// Issue 23 with R4: the real sqlite-utils (pinned in
/// scripts/requirements.txt), when installed; under CI it must be.
#[test]
fn r4_sqlite_utils_enrichments_keep_the_db_usable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.sqlite");
    mscdb().arg("build").arg("-o").arg(&db).assert().success();
    let steps: [&[&str]; 5] = [
        &["enable-fts", "kb.sqlite", "products", "name", "notes"],
        &[
            "create-view",
            "kb.sqlite",
            "us_decisions",
            "select * from decisions where jurisdiction = 'US'",
        ],
        &["create-index", "kb.sqlite", "decisions", "date"],
        &["analyze", "kb.sqlite"],
        &["enable-wal", "kb.sqlite"],
    ];
    for step in steps {
        match std::process::Command::new("sqlite-utils")
            .args(step)
            .current_dir(dir.path())
            .status()
        {
            Ok(status) => assert!(status.success(), "sqlite-utils {step:?}"),
            Err(_) if std::env::var_os("CI").is_none() => {
                eprintln!("SKIPPED: sqlite-utils is not installed (pip install -r scripts/requirements.txt)");
                return;
            }
            Err(e) => panic!("sqlite-utils is not installed under CI: {e}"),
        }
    }
    mscdb()
        .arg("--db")
        .arg(&db)
        .args(["check", "ryoncil", "--in", "US"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("approved: Ryoncil"));
}

/// R9: only a marker that is a regular file this program wrote counts, and
/// files the last site did not write are never deleted without --force.
#[test]
fn r9_site_never_deletes_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    mscdb().args(["site", "-o"]).arg(&docs).assert().success();
    mscdb().args(["site", "-o"]).arg(&docs).assert().success();
    std::fs::write(docs.join("CNAME"), "example.org").unwrap();
    std::fs::create_dir(docs.join(".git")).unwrap();
    std::fs::write(docs.join("products/mine.txt"), "mine").unwrap();
    mscdb()
        .args(["site", "-o"])
        .arg(&docs)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "holds files mscdb site did not write (.git, CNAME, products/mine.txt)",
        ));
    assert_eq!(
        std::fs::read_to_string(docs.join("CNAME")).unwrap(),
        "example.org"
    );
    assert!(docs.join(".git").is_dir() && docs.join("products/mine.txt").is_file());
    mscdb()
        .args(["site", "--force", "-o"])
        .arg(&docs)
        .assert()
        .success();
    assert!(!docs.join("CNAME").exists());

    let proj = dir.path().join("proj");
    std::fs::create_dir(&proj).unwrap();
    std::fs::write(proj.join("notes.txt"), "mine").unwrap();
    std::fs::write(
        dir.path().join("elsewhere"),
        "written by mscdb site; record date x\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../elsewhere", proj.join(".mscdb-site")).unwrap();
    mscdb()
        .args(["site", "-o"])
        .arg(&proj)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("was not written by mscdb site"));
    assert_eq!(std::fs::read_to_string(proj.join("notes.txt")).unwrap(), "mine");
}

/// R10, R15: SIGINT or SIGTERM during `site` leaves no temporary or old
/// directory behind, and the target is the old site or the new one, whole;
/// the exit code is 130 for SIGINT, 143 for SIGTERM.
#[test]
fn r10_an_interrupted_site_leaves_nothing_behind() {
    let (dir, data) = generated(500);
    let out = dir.path().join("out");
    mscdb()
        .arg("--data")
        .arg(&data)
        .args(["site", "-o"])
        .arg(&out)
        .assert()
        .success();
    let mut interrupted = 0;
    for (round, signal) in ["INT", "TERM", "INT", "TERM"].iter().enumerate() {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mscdb"))
            .arg("--data")
            .arg(&data)
            .args(["site", "-o"])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the temporary directory holds pages, then a little more each round.
        let tmp = dir.path().join(format!(".out.mscdb-tmp-{}", child.id()));
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        while !tmp.join("products").exists() && std::time::Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        std::thread::sleep(std::time::Duration::from_millis(30 * round as u64));
        std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        if status.code() != Some(0) {
            interrupted += 1;
            let expected = if *signal == "TERM" { 143 } else { 130 };
            assert_eq!(status.code(), Some(expected), "SIG{signal}");
        }
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("mscdb-"))
            .collect();
        assert!(left.is_empty(), "SIG{signal}: left behind {left:?}");
        assert!(
            out.join("index.html").is_file() && out.join(".mscdb-site").is_file(),
            "SIG{signal}: no whole site"
        );
    }
    eprintln!("{interrupted} of 4 runs interrupted");
}

/// R14: the CSV formula guard leaves numbers alone (negative, signed,
/// decimal, exponent), as JSON does, and still defuses what is not one.
#[test]
fn r14_csv_formula_guard_does_not_quote_numbers() {
    let output = mscdb()
        .args([
            "sql",
            "SELECT -5 AS n, -0.5 AS r, '+3' AS p, '-1.5e-3' AS e, '-5+1' AS f, '-' AS d, '-.5' AS h, '-1e' AS x",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "n,r,p,e,f,d,h,x\n-5,-0.5,+3,-1.5e-3,'-5+1,'-,-.5,'-1e\n"
    );
}

/// R12: an argument holding a bidi override (or another invisible format
/// control) is refused like a look-alike letter, shown escaped; the
/// zero-width non-joiner some scripts need is not refused.
#[test]
fn r12_arguments_with_bidi_controls_are_refused() {
    for args in [
        &["check", "alofisel", "--in", "Germ\u{202e}any"][..],
        &["check", "Alo\u{202e}fisel"][..],
        &["show", "ryoncil\u{2066}"][..],
        &["search", "fist\u{200b}ula"][..],
    ] {
        let output = mscdb().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.contains("holds an invisible control character"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.chars().any(mscdb::is_invisible_control),
            "raw control in: {stderr}"
        );
    }
    let output = mscdb().args(["search", "fistula\u{200c}"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stderr).contains("invisible control"));
}

/// R13: a decision dated after the record date (2099 for 2024) is refused
/// by validate and the loader (the bad case decision-after-record-date), and
/// the real record has none.
#[test]
fn r13_a_decision_after_the_record_date_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    std::process::Command::new("cp")
        .arg("-r")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
        .arg(&data)
        .status()
        .unwrap();
    let path = data.join("decisions.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("akuugo-") && l.contains(",2024-07-31,"))
        .unwrap();
    std::fs::write(&path, text.replacen(",2024-07-31,", ",2099-07-31,", 1)).unwrap();
    for command in [&["validate"][..], &["check", "akuugo", "--in", "JP"][..]] {
        mscdb()
            .arg("--data")
            .arg(&data)
            .args(command)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "decisions.csv:{}: date: dated after the record date (2026-12-01, meta.csv)",
                line + 1
            )));
    }
}

/// R5: a table holds at most 16 MB of text: a query of 10,000 rows of
/// 100 KB stops at once with a message that suggests --format csv (no
/// gigabytes buffered, no abort).
#[test]
fn r5_a_table_caps_the_bytes_it_buffers() {
    let query = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r LIMIT 9999) \
                 SELECT printf('%.*c', 100000, 'x') || ' ' FROM r";
    let output = mscdb()
        .args(["sql", query])
        .timeout(std::time::Duration::from_mins(1))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(
        stderr.contains("sql: more than 16 MB of text for a table; use --format csv or json"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked") && !stderr.contains("memory allocation"));
}

/// R6: the time budget counts the time SQLite spends, not the time the
/// rows wait on a slow reader: a fast query read slowly (a pipe that is
/// not read for longer than the budget) still arrives whole.
#[test]
fn r6_a_slow_reader_does_not_use_up_the_time_budget() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mscdb"))
        .env("MSCDB_SQL_TIMEOUT_MS", "300")
        .args([
            "sql",
            "SELECT a.id, b.id, c.title FROM sources a, sources b, sources c LIMIT 100000",
            "--format",
            "csv",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // The pipe fills at once; nothing is read for three budgets.
    std::thread::sleep(std::time::Duration::from_secs(1));
    let mut text = Vec::new();
    stdout.read_to_end(&mut text).unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{stderr}");
    assert_eq!(text.iter().filter(|&&b| b == b'\n').count(), 100_001);
}

/// Not reached in 2026-12: a `--db` whose header was crafted (page size,
/// WAL flags, reserved bytes, a truncated header), or whose page size is
/// one `build` never writes; `file:` names that are not files.
#[test]
fn a_db_with_a_crafted_header_is_refused_or_read_as_built() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.sqlite");
    mscdb().arg("build").arg("-o").arg(&plain).assert().success();
    let bytes = std::fs::read(&plain).unwrap();
    type Edit = fn(&mut Vec<u8>);
    let crafted: [(&str, Edit); 6] = [
        ("page-size", |b| b[16..18].copy_from_slice(&512u16.to_be_bytes())),
        ("page-size-odd", |b| {
            b[16..18].copy_from_slice(&1000u16.to_be_bytes());
        }),
        ("wal-flags", |b| {
            b[18] = 2;
            b[19] = 2;
        }),
        ("reserved", |b| b[20] = 255),
        ("header-only", |b| b.truncate(100)),
        ("page-count", |b| b[28..32].copy_from_slice(&7u32.to_be_bytes())),
    ];
    for (name, edit) in crafted {
        let mut b = bytes.clone();
        edit(&mut b);
        let path = dir.path().join(format!("{name}.sqlite"));
        std::fs::write(&path, &b).unwrap();
        let output = mscdb()
            .arg("--db")
            .arg(&path)
            .args(["check", "ryoncil", "--in", "US"])
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        match output.status.code() {
            Some(2) => assert!(stderr.contains(&format!("{name}.sqlite: ")), "{name}: {stderr}"),
            // Read at all, it answers as the file that build wrote.
            Some(0) => assert!(
                String::from_utf8_lossy(&output.stdout).starts_with("approved: Ryoncil"),
                "{name}"
            ),
            other => panic!("{name}: exit {other:?}: {stderr}"),
        }
    }
    // A page size build never writes, set by VACUUM: the content is the
    // same, so it opens (through the digest) and answers the same.
    let big = tampered_db(
        dir.path(),
        "big-pages.sqlite",
        "PRAGMA page_size = 65536; VACUUM;",
    );
    mscdb()
        .arg("--db")
        .arg(&big)
        .args(["check", "ryoncil", "--in", "US"])
        .assert()
        .success();
    for name in ["file::memory:", "file:plain.sqlite?mode=rwc", "file:/etc/passwd"] {
        mscdb()
            .current_dir(dir.path())
            .args(["--db", name, "products"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("no such file"));
    }
}

/// Not reached in 2026-12: a WAL file beside a `--db` holding changes that
/// were never checkpointed is neither read nor touched; the answers are
/// those of the file as `build` wrote it.
#[test]
fn a_db_with_an_unmerged_wal_file_answers_as_built() {
    let dir = tempfile::tempdir().unwrap();
    let db = tampered_db(dir.path(), "w.sqlite", "PRAGMA journal_mode = WAL;");
    let plain = mscdb()
        .arg("--db")
        .arg(&db)
        .args(["check", "ryoncil", "--in", "JP"])
        .output()
        .unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA wal_autocheckpoint = 0; UPDATE names SET target = 'temcell' WHERE norm = 'ryoncil';",
    )
    .unwrap();
    let wal = dir.path().join("w.sqlite-wal");
    let before = std::fs::read(&wal).unwrap();
    assert!(!before.is_empty());
    let output = mscdb()
        .arg("--db")
        .arg(&db)
        .args(["check", "ryoncil", "--in", "JP"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), plain.status.code());
    assert_eq!(output.stdout, plain.stdout);
    assert_eq!(std::fs::read(&wal).unwrap(), before);
    drop(conn);
}

/// Not reached in 2026-12: man pages and completions never read the record,
/// so a hostile `--data` or `--db` cannot reach them.
#[test]
fn man_and_completions_ignore_a_hostile_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = tampered_db(
        dir.path(),
        "evil.sqlite",
        "PRAGMA foreign_keys = OFF; UPDATE products SET name = char(27) || '[2J' || name, id = '../x' WHERE id = 'akuugo';",
    );
    let bad_data = crate::common::overlay(
        &crate::common::fixtures()
            .join("bad")
            .join("stray-quote-swallows-rows"),
    );
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"][..],
        &["man"][..],
    ] {
        let plain = mscdb().args(args).output().unwrap();
        assert!(plain.status.success(), "{args:?}");
        for (flag, path) in [("--db", db.as_path()), ("--data", bad_data.path())] {
            let output = mscdb().arg(flag).arg(path).args(args).output().unwrap();
            assert!(output.status.success(), "{flag} {args:?}");
            assert_eq!(output.stdout, plain.stdout, "{flag} {args:?}");
            assert!(!output.stdout.contains(&0x1b), "{flag} {args:?}: raw ESC");
        }
    }
}

/// R8: one product citing 40,000 sources: `show` and `site` are linear in
/// them (source numbers through maps, not a search per id). The timeout
/// only guards against the quadratic case (minutes); no time is asserted.
#[test]
fn r8_a_product_citing_many_sources_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d");
    std::process::Command::new("cp")
        .arg("-r")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
        .arg(&data)
        .status()
        .unwrap();
    let n = 40_000;
    let mut sources = std::fs::read_to_string(data.join("sources.csv")).unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        sources.push_str(&format!(
            "zz-{i},press,Generated source {i},P,2020-01-02,https://example.org/g/{i}\n"
        ));
        ids.push(format!("zz-{i}"));
    }
    std::fs::write(data.join("sources.csv"), sources).unwrap();
    let products = std::fs::read_to_string(data.join("products.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(products.as_bytes());
    let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = rows[0].iter().position(|h| h == "sources").unwrap();
    let id = rows[1][0].to_string();
    let mut first: Vec<String> = rows[1].iter().map(str::to_string).collect();
    first[column] = format!("{};{}", first[column], ids.join(";"));
    rows[1] = csv::StringRecord::from(first);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(data.join("products.csv"))
        .unwrap();
    for row in &rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    mscdb()
        .arg("--data")
        .arg(&data)
        .args(["show", &id])
        .timeout(std::time::Duration::from_mins(3))
        .assert()
        .success()
        .stdout(predicates::str::contains("zz-39999"));
    mscdb()
        .arg("--data")
        .arg(&data)
        .args(["site", "-o"])
        .arg(dir.path().join("s"))
        .timeout(std::time::Duration::from_mins(3))
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.path().join("s/products").join(format!("{id}.html"))).unwrap();
    assert!(page.contains("<li id=\"src-zz-39999\">"));
}
