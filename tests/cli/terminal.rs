//! The terminal: completion of the names people type in bash, zsh and fish
//! (each run for real), the pager (`MSCDB_PAGER`, `PAGER` as shell words,
//! `LESS=FRX`, a failing pager reported) and colour (`CLICOLOR`,
//! `CLICOLOR_FORCE`). Shells and `script` missing: a visible skip, and a
//! failure under CI.

use std::process::{Command, Stdio};

use crate::common::{mscdb, skip};

fn script(shell: &str) -> String {
    let out = mscdb().args(["completions", shell]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn has(program: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip(
            &format!("the {program} check"),
            &format!("{program} is not installed"),
        );
    }
    ok
}

/// What bash's completion function offers for `line` (the last word is
/// the one completed).
fn bash_offers(file: &std::path::Path, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n_mscdb mscdb '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .collect()
}

fn fish_offers(file: &std::path::Path, line: &str) -> Vec<String> {
    let program = format!("source '{}'; complete -C '{line}'", file.display());
    let out = Command::new("fish")
        .args(["--no-config", "-c", &program])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

/// The line zsh shows after Tab on `line` (a unique completion is inserted),
/// through a pseudo-terminal (zsh's own zpty module).
fn zsh_completes(dir: &std::path::Path, line: &str) -> String {
    let program = format!(
        r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z 'PS1="> "; fpath=({dir} $fpath); autoload -U compinit; compinit -u -D; mscdb() {{ :; }}'
zpty -w -n z $'{line}\t'
sleep 1
zpty -w -n z $'\x01print -r -- RESULT: \n'
sleep 1
zpty -w z 'exit'
out=""
while zpty -r z chunk; do out+=$chunk; done
print -r -- "$out""#,
        dir = dir.display()
    );
    let out = Command::new("zsh").args(["-f", "-c", &program]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find_map(|l| l.strip_prefix("RESULT: ").map(|r| r.trim_end().to_string()))
        .unwrap_or_default()
}

/// (line typed, a word it must offer): brands in either case, aliases,
/// country names, regulators, publications, lay disease names; positionals
/// and options.
const CASES: &[(&str, &str)] = &[
    ("mscdb check ryo", "ryoncil"),
    ("mscdb check Ryo", "Ryoncil"),
    ("mscdb show Proch", "Prochymal"),
    ("mscdb check TEMCELL-HS", "TEMCELL-HS-Inj."),
    ("mscdb check ryoncil --in Fra", "France"),
    ("mscdb frameworks CB", "CBER"),
    ("mscdb filings --regulator Health", "Health-Canada"),
    ("mscdb audit --publication scrt", "scrt-2021-table2"),
    ("mscdb check --for crohns-d", "crohns-disease"),
    ("mscdb check --for heart-att", "heart-attack"),
];

#[test]
fn completion_offers_the_names_people_type_in_bash_fish_and_zsh() {
    let dir = tempfile::tempdir().unwrap();
    let mut ran = false;
    if has("bash") {
        let file = dir.path().join("mscdb.bash");
        std::fs::write(&file, script("bash")).unwrap();
        for (line, word) in CASES {
            let offers = bash_offers(&file, line);
            assert!(offers.iter().any(|o| o == word), "bash, {line}: {offers:?}");
        }
        ran = true;
    }
    if has("fish") {
        let file = dir.path().join("mscdb.fish");
        std::fs::write(&file, script("fish")).unwrap();
        for (line, word) in CASES {
            let offers = fish_offers(&file, line);
            assert!(offers.iter().any(|o| o == word), "fish, {line}: {offers:?}");
        }
        ran = true;
    }
    if has("zsh") {
        std::fs::write(dir.path().join("_mscdb"), script("zsh")).unwrap();
        for (line, completed) in [
            ("mscdb check ryo", "mscdb check ryoncil"),
            ("mscdb frameworks CBE", "mscdb frameworks CBER"),
            (
                "mscdb audit --publication scrt-2021",
                "mscdb audit --publication scrt-2021-table2",
            ),
        ] {
            assert_eq!(zsh_completes(dir.path(), line), completed, "zsh, {line}");
        }
        ran = true;
    }
    if !ran {
        return;
    }
    // What is offered is understood: every product and regulator word.
    // (`frameworks` offers every regulator; only nine have framework facts.)
    if has("bash") {
        let file = dir.path().join("mscdb.bash");
        let names = |line: &str| {
            bash_offers(&file, line)
                .into_iter()
                .filter(|w| !w.starts_with('-'))
        };
        for word in names("mscdb show ") {
            mscdb().args(["show", &word]).assert().success();
        }
        for word in names("mscdb filings --regulator ") {
            mscdb().args(["filings", "--regulator", &word]).assert().success();
        }
    }
}

/// `mscdb ARGS` on a pseudo-terminal (util-linux `script`) with `env`:
/// exit code and what the terminal showed.
fn on_a_terminal(args: &str, env: &[(&str, &str)], remove: &[&str]) -> Option<(i32, String)> {
    if !has("script") {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("'{}' {args}", bin.display()), "/dev/null"])
        .env("MSCDB_TODAY", crate::common::TODAY)
        .env("TERM", "xterm")
        .stdin(Stdio::null());
    for var in [
        "PAGER",
        "MSCDB_PAGER",
        "LESS",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
    ] {
        cmd.env_remove(var);
    }
    for var in remove {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Some((
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[test]
fn the_pager_is_chosen_parsed_and_checked() {
    // A failing pager showed nothing: that is an error, not exit 0.
    for pager in ["false", "cat -Z"] {
        let Some((code, text)) = on_a_terminal("regulators", &[("PAGER", pager)], &[]) else {
            return;
        };
        assert_eq!(code, 2, "PAGER={pager}: {text}");
        assert!(text.contains(&format!("the pager '{pager}' failed")), "{text}");
    }
    // MSCDB_PAGER beats PAGER, and is split as a shell splits it (quotes kept).
    let (code, text) = on_a_terminal(
        "regulators",
        &[("MSCDB_PAGER", "sed 's/^/PAGED: /'"), ("PAGER", "false")],
        &[],
    )
    .unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("PAGED: ") && l.contains("FDA")),
        "{text}"
    );
    // LESS=FRX when LESS is unset (as git and gh set it); a user's LESS is kept.
    let show_less = ("MSCDB_PAGER", "sh -c 'echo \"LESS=[$LESS]\"; cat >/dev/null'");
    let (_, text) = on_a_terminal("regulators", &[show_less], &[]).unwrap();
    assert!(text.contains("LESS=[FRX]"), "{text}");
    let (_, text) = on_a_terminal("regulators", &[show_less, ("LESS", "S")], &[]).unwrap();
    assert!(text.contains("LESS=[S]"), "{text}");
    // A pager that does not exist: said, and the output shown directly.
    let (code, text) = on_a_terminal("regulators", &[("PAGER", "no-such-pager-here")], &[]).unwrap();
    assert_eq!(code, 0);
    assert!(
        text.contains("cannot start the pager") && text.contains("FDA"),
        "{text}"
    );
}

#[test]
fn clicolor_and_clicolor_force_are_honoured() {
    let piped = |env: &[(&str, &str)]| {
        let mut cmd = mscdb();
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.arg("regulators").output().unwrap();
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    assert!(!piped(&[]));
    assert!(piped(&[("CLICOLOR_FORCE", "1")]));
    assert!(!piped(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    let Some((_, text)) = on_a_terminal("regulators --no-pager", &[], &[]) else {
        return;
    };
    assert!(text.contains('\u{1b}'), "{text}");
    let (_, text) = on_a_terminal("regulators --no-pager", &[("CLICOLOR", "0")], &[]).unwrap();
    assert!(!text.contains("\u{1b}[1m"), "{text}");
}
