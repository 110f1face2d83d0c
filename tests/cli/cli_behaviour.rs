//! Behaviour asked for in the CLI issues: thin commands, assess by severity,
//! honest counts, `products` by grant, whole words in tables.

use crate::common::mscdb;

/// Commands stay thin: the work lives in query/, answer/ and render/.
#[test]
fn command_files_stay_under_250_lines() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert!(lines < 250, "{} has {lines} lines", path.display());
    }
}

/// The sql command streams each format through its renderer as before.
#[test]
fn sql_streams_every_format() {
    let q = "SELECT 1 AS a, 'x' AS a, NULL AS b";
    let out = mscdb().args(["sql", q, "--format", "json"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "[\n  {\n    \"a\": 1,\n    \"a_2\": \"x\",\n    \"b\": null\n  }\n]\n"
    );
    let out = mscdb().args(["sql", q, "--format", "csv"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a,a,b\n1,x,\n");
    let out = mscdb()
        .args(["sql", "SELECT 1 WHERE 0", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
}

/// `generate` still writes a valid record from the moved generator.
#[test]
fn generate_writes_a_valid_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    mscdb()
        .args(["generate", "--products", "3", "-o"])
        .arg(&out)
        .assert()
        .success();
    mscdb().arg("validate").arg("--data").arg(&out).assert().success();
}

/// A CAUTION is not a red flag: counted apart, and it exits 0.
#[test]
fn assess_counts_and_exits_by_severity() {
    let args = [
        "assess",
        "--cells",
        "msc",
        "--mechanism",
        "paracrine",
        "--identity-report",
        "yes",
        "--product",
        "ryoncil",
        "--for",
        "gvhd",
        "--in",
        "US",
    ];
    let out = mscdb().args(args).env("COLUMNS", "200").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("CAUTION: "), "{text}");
    assert!(text.contains("1 caution, 0 red flags."), "{text}");
    assert!(!text.contains("red flag(s)"), "{text}");
    let out = mscdb().args(args).args(["--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["red_flags"], 0);
    assert_eq!(json["cautions"], 1);
    assert_eq!(json["product"], "remestemcel-l");
    assert_eq!(json["in"], "US");
    assert!(json["for"].as_str().unwrap().contains("gvhd"), "{}", json["for"]);
}

#[test]
fn assess_help_lists_the_severities() {
    let out = mscdb().args(["assess", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for word in ["STOP", "RED FLAG", "CAUTION", "note", "not a red flag"] {
        assert!(text.contains(word), "missing {word} in:\n{text}");
    }
}

/// Runs `mscdb assess` on a pseudo-terminal (util-linux `script`) with
/// `answers` typed; `None` when `script` is missing (a failure under CI).
fn assess_on_a_terminal(answers: &str) -> Option<(Option<i32>, String)> {
    let bin = assert_cmd::cargo::cargo_bin!("mscdb");
    let child = std::process::Command::new("script")
        .args(["-qec", &format!("'{}' assess", bin.display()), "/dev/null"])
        .env("COLUMNS", "200")
        .env("MSCDB_TODAY", crate::common::TODAY)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(
            std::env::var_os("CI").is_none(),
            "util-linux `script` is needed under CI"
        );
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    };
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    Some((
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    ))
}

#[test]
fn assess_asks_again_what_it_does_not_understand() {
    let answers = "banana\nmsc\nthey regrow cartilage\n\nyes\n\nNarnia\nUS\nknee osteoarthritis\n";
    let Some((code, text)) = assess_on_a_terminal(answers) else {
        return;
    };
    assert_eq!(code, Some(1), "{text}");
    for expected in [
        "Not understood. Answer one of: msc, esc, ipsc, svf, hsc, exosomes, unknown",
        "They said: mesenchymal stem/stromal cells (MSCs)",
        "They said: the cells replace damaged tissue",
        "They said: an identity and purity report was offered",
        "Type a country's name or code, or Enter to skip.",
        "in the United States",
    ] {
        assert!(text.contains(expected), "missing '{expected}' in:\n{text}");
    }
    assert!(!text.contains("They said: not stated"), "{text}");
}

/// `search` says when its limit stopped it, and how to see more.
#[test]
fn search_says_when_it_stopped_at_its_limit() {
    let all = mscdb()
        .args(["search", "msc", "--limit", "1000"])
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&all.stdout).into_owned();
    let total: usize = all
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in:\n{all}"));
    assert!(total > 2, "{all}");
    assert!(all.ends_with(" matches, best first.\n"), "{all}");
    let out = mscdb().args(["search", "msc", "--limit", "2"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with(&format!("2 of {total} shown, best first; --limit N for more.\n")),
        "{text}"
    );
}

/// Counts read as English: "1 row", "1 filing", "5 products".
#[test]
fn counts_are_singular_or_plural() {
    let out = mscdb().args(["sql", "SELECT 1"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("1 row.\n"));
    let out = mscdb().args(["sql", "SELECT 1 UNION SELECT 2"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("2 rows.\n"));
    for args in [
        &["filings"][..],
        &["products"],
        &["indications"],
        &["search", "msc"],
    ] {
        let out = mscdb().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("(s)") && !text.contains("(es)"),
            "{args:?}:\n{text}"
        );
    }
}

/// `show --as-of D` marks decisions dated after D, and says nothing had
/// happened yet where that is why there is no grant.
#[test]
fn show_as_of_marks_later_decisions() {
    let out = mscdb()
        .args(["show", "temcell", "--as-of", "2014-01-01"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(after 2014-01-01)"), "{text}");
    assert!(text.contains("nothing had happened yet"), "{text}");
    assert!(!text.contains("designations, filings or access"), "{text}");
    let json = crate::common::json(&["show", "temcell", "--as-of", "2016-01-01"]);
    let decisions = json["decisions"].as_array().unwrap();
    let after = |date: &str| {
        decisions
            .iter()
            .find(|d| d["date"] == date)
            .map(|d| d["after_as_of"].clone())
    };
    assert_eq!(after("2015-09-18"), Some(serde_json::Value::Bool(false)));
    assert_eq!(after("2019-03"), Some(serde_json::Value::Bool(true)));
    let today = mscdb().args(["show", "temcell"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&today.stdout).contains("(after "));
}

/// `products`: one table row per grant; the CSV names the jurisdiction and
/// never files an ended grant under `approved`; --since/--until take dates.
#[test]
fn products_list_grants_one_per_row() {
    let out = mscdb()
        .args(["products", "--in", "KR", "--as-of", "2026-11-21"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text.lines().nth(1).unwrap();
    for column in ["Product", "Where", "Decision", "Date", "Indication", "Status"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(text.contains("5 products, "), "{text}");
    let out = mscdb()
        .args(["products", "--status", "all", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (status, place, grant) = (col("status"), col("jurisdiction"), col("grants"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let nz = rows.iter().find(|r| &r[place] == "NZ").expect("the NZ consent");
    assert_eq!(&nz[status], "no-longer-approved");
    assert!(
        rows.iter()
            .all(|r| &r[status] != "approved" || !r[grant].is_empty())
    );
}

#[test]
fn products_since_and_until_take_dates() {
    let ids = |args: &[&str]| crate::common::ids(&crate::common::json(args));
    let year = ids(&["products", "--since", "2015", "--until", "2015"]);
    assert!(year.contains(&"temcell".to_string()), "{year:?}");
    let day = ids(&["products", "--since", "2015-09-18", "--until", "2015-09-18"]);
    assert!(day.contains(&"temcell".to_string()), "{day:?}");
    let before = ids(&[
        "products",
        "--since",
        "2015-09",
        "--until",
        "2015-09-17",
        "--in",
        "JP",
    ]);
    assert!(!before.contains(&"temcell".to_string()), "{before:?}");
    mscdb().args(["products", "--since", "2015-13"]).assert().code(2);
}

/// At 80 columns a table keeps trial numbers and dates whole. (Its words
/// need more than 80 columns, so the table is wider than the terminal rather
/// than cut inside one; see `tables::words_are_never_split_across_lines`.)
#[test]
fn tables_keep_trial_numbers_and_dates_whole_at_80_columns() {
    let out = mscdb().arg("filings").env("COLUMNS", "80").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NCT04208646"), "{text}");
    let split = regex_free_split(&text);
    assert!(split.is_empty(), "split across lines: {split:?}\n{text}");
}

/// Cells that begin `NCT` with fewer than 8 digits, or a date cut after its year.
fn regex_free_split(text: &str) -> Vec<String> {
    text.split(['┆', '│'])
        .map(str::trim)
        .filter(|cell| {
            let nct = cell
                .strip_prefix("NCT")
                .is_some_and(|d| d.len() < 8 && d.chars().all(|c| c.is_ascii_digit()));
            let date = cell.len() > 4
                && cell.len() < 10
                && cell.starts_with("20")
                && cell.ends_with('-')
                && cell.chars().all(|c| c.is_ascii_digit() || c == '-');
            nct || date
        })
        .map(str::to_string)
        .collect()
}
