//! Behaviour asked for in the CLI issues: thin commands, assess by severity,
//! honest counts, `products` by grant, whole words in tables.

use crate::common::{json, mscdb};
use predicates::str::contains;

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
        crate::common::skip("the terminal test", "util-linux `script` is not installed");
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
    // Filings after the date asked are marked too (Cartistem's 2026 US IND).
    let out = mscdb()
        .args(["show", "cartistem", "--as-of", "2010"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let filings = text
        .split("Filings and registrations:")
        .nth(1)
        .expect("a filings table");
    assert!(filings.contains("(after 2010-12-31)"), "{text}");
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

/// The headline of `check --for` names each product once, as many names as
/// its count, the other brands of a product's grants after it.
#[test]
fn check_for_a_disease_counts_the_products_it_names() {
    let (code, a) = crate::common::answer("check", &["--for", "gvhd"]);
    assert_eq!(code, 0);
    let headline = a["headline"].as_str().unwrap();
    assert!(headline.starts_with("4 MSC products are approved"), "{headline}");
    assert!(
        headline.contains("Ryoncil (CA 2012-05-17 as Prochymal; US 2024-12-18)"),
        "{headline}"
    );
    assert_eq!(headline.matches("Ryoncil").count(), 1, "{headline}");
    assert!(!headline.contains("Prochymal ("), "{headline}");
    // The New Zealand consent ran out in 2016: it is evidence, and marked as over.
    let nz = a["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["jurisdiction"] == "NZ")
        .unwrap();
    assert_eq!(nz["term_ended"], "2016-06-14");
    let us = a["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["jurisdiction"] == "US")
        .unwrap();
    assert!(us.get("term_ended").is_none(), "{us}");
    mscdb()
        .args(["check", "--for", "gvhd"])
        .env("COLUMNS", "200")
        .assert()
        .code(0)
        .stdout(contains("(term ended 2016-06-14)"));
}

/// Two grants with the same doubt (Stempeucel's two Indian approvals) say it once.
#[test]
fn a_doubt_shared_by_two_grants_is_said_once() {
    let (_, a) = crate::common::answer(
        "check",
        &["stempeucel", "--in", "India", "--for", "critical limb ischaemia"],
    );
    let headline = a["headline"].as_str().unwrap();
    assert_eq!(headline.matches("Not certain").count(), 1, "{headline}");
    assert_eq!(a["uncertainty"].as_array().unwrap().len(), 2, "{a}");
    assert_eq!(a["caveats"].as_array().unwrap().len(), 1, "{a}");
}

/// `--for` is the disease on every command that filters; `--indication` still works.
#[test]
fn for_filters_products_indications_and_filings_alike() {
    let products = json(&["products", "--for", "gvhd"]);
    let ids: Vec<&str> = products
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"temcell") && !ids.contains(&"cartistem"), "{ids:?}");
    assert_eq!(json(&["products", "--indication", "gvhd"]), products);
    let rows = json(&["indications", "--for", "gvhd"]);
    assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
    assert_eq!(rows[0]["id"], "acute-gvhd");
    let all = json(&["indications", "--all", "--for", "knee osteoarthritis"]);
    assert!(
        all.as_array().unwrap().iter().all(|r| r["id"] != "acute-gvhd"),
        "{all}"
    );
    assert!(!all.as_array().unwrap().is_empty());
    mscdb()
        .args(["indications", "--for", "no such illness xyz"])
        .assert()
        .code(2);
    json(&["filings", "--indication", "stroke"]);
}

/// A name of several words needs no quotes for `show`, as for `check`.
#[test]
fn show_takes_a_name_of_several_words() {
    mscdb()
        .args(["show", "Stemirac", "for", "Injection"])
        .assert()
        .success()
        .stdout(contains("Stemirac for Injection"));
    mscdb()
        .args(["show", "TEMCELL", "HS", "Inj."])
        .assert()
        .success()
        .stdout(contains("TEMCELL"));
}

/// Usage errors from argument parsing carry the same prefix as every other error.
#[test]
fn every_error_has_one_prefix() {
    for args in [
        &["products", "--since", "abc"][..],
        &["-f", "xml", "check", "x"],
        &["check", "ryoncil", "--as-of", "abc"],
        &["show"],
    ] {
        let out = mscdb().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("mscdb: "), "{args:?}: {err}");
        assert!(!err.contains("error:"), "{args:?}: {err}");
    }
}

/// Counts read as English in `audit`'s summary lines ("1 row", not "1 rows").
#[test]
fn audit_summaries_count_in_english() {
    let out = mscdb().arg("audit").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(" 1 rows") && !text.contains(" 1 claims"), "{text}");
    assert!(text.contains("Table 1: 1 row — "), "{text}");
}

/// Global flags are listed under their own heading in every subcommand's help.
#[test]
fn help_lists_global_flags_apart() {
    let out = mscdb().args(["products", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let heading = help.find("Global options:").expect("a Global options heading");
    assert!(help.find("--format").unwrap() > heading, "{help}");
    assert!(help.find("--tissue").unwrap() < heading, "{help}");
}

/// A disease the record cannot resolve is asked again, keeping the answers given.
#[test]
fn assess_asks_again_for_an_unknown_disease() {
    let answers = "msc\nparacrine\nyes\n\n\nbad knee zzz\nknee osteoarthritis\n";
    let Some((code, text)) = assess_on_a_terminal(answers) else {
        return;
    };
    assert!(text.contains("or Enter to skip."), "{text}");
    assert!(text.contains("Type a disease"), "{text}");
    assert!(
        text.contains("They said: mesenchymal stem/stromal cells (MSCs)"),
        "{text}"
    );
    assert!(text.contains("knee osteoarthritis"), "{text}");
    assert_ne!(code, Some(2), "{text}");
}

/// The end of input is not an answer: nothing is assessed, exit 2.
#[test]
fn assess_stops_when_input_ends() {
    let Some((code, text)) = assess_on_a_terminal("msc\n") else {
        return;
    };
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("input ended before '2. How does it say they work?'"),
        "{text}"
    );
    assert!(!text.contains("not stated"), "{text}");
}

/// An empty listing says what ended in the place asked, so "none" is not read as "never".
#[test]
fn an_empty_listing_names_what_ended_there() {
    mscdb()
        .args(["products", "--in", "EU"])
        .assert()
        .success()
        .stdout(contains("No product matches"))
        .stdout(contains(
            "No longer approved here: Alofisel (--status no-longer-approved lists it).",
        ));
    let out = mscdb().args(["products", "--in", "BR"]).output().unwrap();
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("No longer approved")
    );
}

/// "chronic GvHD" is a disease the record knows (ICD-10-CM D89.811), not an unknown word.
#[test]
fn chronic_gvhd_resolves_to_its_code() {
    let (code, a) = crate::common::answer("check", &["--for", "chronic GvHD"]);
    assert_eq!(code, 1, "{a}");
    assert_eq!(a["verdict"], "not-approved");
    assert!(a["headline"].as_str().unwrap().contains("D89.811"), "{a}");
}
