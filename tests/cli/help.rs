//! Help, completions and the man page come from the clap definitions.

use predicates::str::contains;

use crate::common::mscdb;

#[test]
fn every_visible_command_has_help_with_examples() {
    let help = mscdb().arg("--help").output().unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    for command in [
        "check",
        "assess",
        "products",
        "show",
        "indications",
        "frameworks",
        "filings",
        "audit",
        "search",
        "sql",
        "validate",
        "build",
        "completions",
        "man",
    ] {
        assert!(
            text.contains(&format!("  {command}")),
            "{command} missing from --help"
        );
        let sub = mscdb().args([command, "--help"]).output().unwrap();
        let sub = String::from_utf8(sub.stdout).unwrap();
        assert!(sub.contains("Examples:"), "{command} --help has no examples");
    }
}

#[test]
fn completions_and_man_page_generate() {
    mscdb()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("_mscdb()"));
    mscdb()
        .args(["completions", "zsh"])
        .assert()
        .success()
        .stdout(contains("#compdef mscdb"));
    mscdb()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH mscdb"));
    mscdb().args(["completions", "tcsh"]).assert().code(2);
}
