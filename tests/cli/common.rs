use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The binary, with the environment that changes output removed.
pub fn mscdb() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("mscdb");
    for var in [
        "NO_COLOR",
        "COLUMNS",
        "TERM",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "PAGER",
    ] {
        cmd.env_remove(var);
    }
    // "Today" is pinned: answers that depend on it must not change with the calendar.
    cmd.env("MSCDB_TODAY", TODAY);
    cmd
}

/// A synthetic record of `products` products written by `mscdb generate`
/// into `data/` of a fresh temporary directory (kept alive by the guard,
/// which also holds whatever else the test writes beside it).
pub fn generated(products: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mscdb()
        .args(["generate", "--products", &products.to_string(), "-o"])
        .arg(&data)
        .assert()
        .success();
    (dir, data)
}

/// The day the tests take as today.
pub const TODAY: &str = "2026-12-01";

/// Runs with `--format json`, expects exit 0, returns the parsed document.
pub fn json(args: &[&str]) -> Value {
    let output = mscdb().args(args).args(["--format", "json"]).output().unwrap();
    assert!(
        output.status.success(),
        "mscdb {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// Runs `mscdb COMMAND ARGS --format json` for a command whose exit code
/// carries an answer (`check`, `assess`: 0 or 1); returns both.
pub fn answer(command: &str, args: &[&str]) -> (i32, Value) {
    let output = mscdb()
        .arg(command)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = output.status.code().unwrap();
    assert!(
        code != 2,
        "{command} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (code, serde_json::from_slice(&output.stdout).expect("JSON"))
}

/// The `id` fields of a JSON array, sorted.
pub fn ids(value: &Value) -> Vec<String> {
    let mut ids: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A copy of the mini dataset with a case's files laid over it (and the
/// files named in its REMOVE deleted).
pub fn overlay(case_dir: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixtures().join("mini")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    for entry in std::fs::read_dir(case_dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".csv") {
            std::fs::copy(entry.path(), dir.path().join(&name)).unwrap();
        }
    }
    if let Ok(list) = std::fs::read_to_string(case_dir.join("REMOVE")) {
        for file in list.lines().filter(|l| !l.is_empty()) {
            std::fs::remove_file(dir.path().join(file)).unwrap();
        }
    }
    dir
}

/// Case directories under `tests/fixtures/<group>`, sorted.
pub fn cases(group: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join(group))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A check that cannot run here (a tool or a generator package missing).
/// Under CI (the `CI` variable set, as `CI=true`) that is a failure, since
/// `.ci/run` installs everything; elsewhere a line on the real standard
/// error, which `cargo test` shows (it captures only `eprintln!`), so a
/// skipped check never passes as a silent `ok`.
pub fn skip(what: &str, why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} cannot run under CI: {why} (.ci/run installs what it needs)"
    );
    let line = format!("\nSKIPPED {what}: {why}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
}
