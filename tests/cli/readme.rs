//! Every `console` example in README.md is run, and its output must match.

use crate::common::mscdb;

/// Splits a command line on spaces, keeping "double-quoted" words whole.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[test]
fn readme_examples_are_what_the_binary_prints() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut examples = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let (command, expected) = block.split_once('\n').unwrap();
        let args = words(
            command
                .strip_prefix("$ mscdb ")
                .expect("examples start with '$ mscdb '"),
        );
        let output = mscdb().env("COLUMNS", "100").args(&args).output().unwrap();
        assert_ne!(
            output.status.code(),
            Some(2),
            "{command}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "README example differs: {command}"
        );
        examples += 1;
    }
    assert!(examples >= 5, "only {examples} examples found");
    assert!(readme.contains("cargo run --release -- check ryoncil"));
    assert!(readme.contains("cargo test"));
}
