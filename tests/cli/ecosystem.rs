//! The clients people already use, run against the real outputs: cffconvert
//! on `CITATION.cff`, frictionless on `data/datapackage.json`, mandoc on the
//! man pages. A client that is missing is a visible skip, and under CI a
//! failure (`.ci/run` installs each, pinned).

use std::path::Path;
use std::process::Command;

/// The client as a command, when it runs here (`--version` answers).
pub fn client(name: &str) -> Option<Command> {
    let runs = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        Some(Command::new(name))
    } else {
        crate::common::skip(&format!("the {name} check"), &format!("{name} is not installed"));
        None
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn citation_cff_is_valid_and_names_version_and_licences() {
    let Some(mut cffconvert) = client("cffconvert") else {
        return;
    };
    let out = cffconvert
        .args(["--validate", "-i"])
        .arg(root().join("CITATION.cff"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new("cffconvert")
        .args(["-f", "zenodo", "-i"])
        .arg(root().join("CITATION.cff"))
        .output()
        .unwrap();
    let zenodo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(zenodo["version"], env!("CARGO_PKG_VERSION"));
    assert!(zenodo["license"].to_string().contains("CC-BY-4.0"), "{zenodo}");
    let cff = std::fs::read_to_string(root().join("CITATION.cff")).unwrap();
    assert!(cff.contains("preferred-citation:"));
    let licence = std::fs::read_to_string(root().join("LICENSE-DATA")).unwrap();
    assert!(licence.contains("Creative Commons Attribution 4.0 International Public License"));
}
