//! Output into pipes and terminals.

use crate::common::mscdb;

/// Runs `mscdb ARGS | head -1` in bash; returns the exit status of mscdb.
fn piped_into_head(args: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' {args} | head -1; exit ${{PIPESTATUS[0]}}",
            bin.display()
        ))
        .output()
        .unwrap()
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Enough output to fill the pipe, so that writing fails with EPIPE.
    let big = "sql 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT i FROM n' --format csv";
    for args in [big, "products --status all", "audit"] {
        let output = piped_into_head(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args}: {stderr}");
        assert!(stderr.is_empty(), "{args}: {stderr}");
    }
    assert_eq!(String::from_utf8_lossy(&piped_into_head(big).stdout), "i\n");
}

#[test]
fn tables_have_no_colour_when_piped() {
    let output = mscdb().args(["products", "--in", "US"]).output().unwrap();
    assert!(!output.stdout.contains(&0x1b), "escape sequence in piped output");
    let forced = mscdb()
        .args(["products", "--in", "US", "--color", "always"])
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b), "--color always is ignored");
}

#[test]
fn control_characters_in_data_are_escaped_in_tables() {
    let output = mscdb()
        .args(["sql", "SELECT char(27) || '[31mred' AS x"])
        .output()
        .unwrap();
    assert!(!output.stdout.contains(&0x1b));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\\u{1b}[31mred"));
}

/// On a terminal, output goes through `$PAGER`; `--no-pager` and a pipe
/// never do. Needs util-linux `script` for the terminal (skipped without it,
/// except in CI).
#[test]
fn long_output_is_paged_on_a_terminal_only() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !has_script {
        crate::common::skip("the terminal test", "util-linux `script` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pager = dir.path().join("pager");
    std::fs::write(&pager, "#!/bin/sh\necho PAGED-BY-TEST\ncat\n").unwrap();
    std::fs::set_permissions(&pager, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    let run = |extra: &str| {
        let out = std::process::Command::new("script")
            .args([
                "-qec",
                &format!("'{}' regulators {extra}", bin.display()),
                "/dev/null",
            ])
            .env("PAGER", &pager)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let with_pager = run("");
    assert!(
        with_pager.contains("PAGED-BY-TEST") && with_pager.contains("FDA"),
        "{with_pager}"
    );
    let plain = run("--no-pager");
    assert!(
        !plain.contains("PAGED-BY-TEST") && plain.contains("FDA"),
        "{plain}"
    );
    let through_a_pipe = crate::common::mscdb()
        .env("PAGER", &pager)
        .arg("regulators")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&through_a_pipe.stdout).contains("PAGED-BY-TEST"));
}
