//! `mscdb products` on the embedded record.

use crate::common::{generated, ids, json, mscdb};

#[test]
fn exactly_one_product_is_approved_in_the_us() {
    let rows = json(&["products", "--in", "US"]);
    assert_eq!(ids(&rows), vec!["remestemcel-l"]);
    let grants = rows[0]["grants"].as_array().unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(rows[0]["name"], "Ryoncil");
    assert_eq!(grants[0]["date"], "2024-12-18");
    assert_eq!(grants[0]["decision"], "approval");
    assert_eq!(grants[0]["regulator"], "FDA");
}

#[test]
fn no_product_is_approved_in_the_eu_today_but_alofisel_was_in_2019() {
    assert_eq!(ids(&json(&["products", "--in", "EU"])), Vec::<String>::new());
    assert_eq!(
        ids(&json(&["products", "--in", "EU", "--as-of", "2019-06-01"])),
        vec!["alofisel"]
    );
    let ended = json(&["products", "--in", "EU", "--status", "no-longer-approved"]);
    assert_eq!(ids(&ended), vec!["alofisel"]);
    assert_eq!(ended[0]["grants"][0]["ended_by"], "withdrawal");
    assert_eq!(ended[0]["grants"][0]["ended_on"], "2024-12-13");
}

#[test]
fn eu_decisions_apply_in_member_states() {
    assert_eq!(
        ids(&json(&["products", "--in", "Germany", "--as-of", "2019-06-01"])),
        vec!["alofisel"]
    );
}

#[test]
fn korea_lists_its_five_products() {
    let expected = vec![
        "cartistem",
        "cupistem",
        "hearticellgram-ami",
        "neuronata-r",
        "queencell",
    ];
    assert_eq!(ids(&json(&["products", "--in", "KR"])), expected);
    // The aliases published tables use reach the same country.
    assert_eq!(ids(&json(&["products", "--in", "Korea Republic"])), expected);
    assert_eq!(ids(&json(&["products", "--in", "south korea"])), expected);
}

#[test]
fn adipose_products_include_alofisel_and_cupistem() {
    let found = ids(&json(&["products", "--source", "adipose"]));
    assert!(found.contains(&"alofisel".to_string()), "{found:?}");
    assert!(found.contains(&"cupistem".to_string()), "{found:?}");
    assert!(!found.contains(&"temcell".to_string()), "{found:?}");
}

#[test]
fn non_approvals_never_count_as_approvals() {
    let approved = ids(&json(&["products"]));
    for never in [
        "cellgram-aki",
        "astrostem",
        "mesoblast-mpc",
        "nurown",
        "jointstem",
        "whartocell",
        "cardiorel",
    ] {
        assert!(
            !approved.contains(&never.to_string()),
            "{never} listed as approved"
        );
    }
    let not_approved = ids(&json(&[
        "products",
        "--status",
        "not-approved",
        "--cell-type",
        "all",
    ]));
    for never in [
        "cellgram-aki",
        "astrostem",
        "mesoblast-mpc",
        "nurown",
        "cardiorel",
    ] {
        assert!(
            not_approved.contains(&never.to_string()),
            "{never} missing from not-approved"
        );
    }
}

#[test]
fn filters_by_indication_donor_regulator_and_year() {
    let gvhd = ids(&json(&["products", "--indication", "GvHD"]));
    assert_eq!(gvhd, vec!["amimestrocel", "msc-ffm", "remestemcel-l", "temcell"]);
    assert_eq!(
        ids(&json(&[
            "products",
            "--indication",
            "graft versus host disease",
            "--in",
            "JP"
        ])),
        vec!["temcell"]
    );
    let autologous = ids(&json(&["products", "--donor", "autologous", "--in", "JP"]));
    assert_eq!(autologous, vec!["stemirac"]);
    assert_eq!(
        // The 2021 re-licences as advanced biopharmaceuticals are grants too.
        ids(&json(&["products", "--regulator", "KFDA", "--since", "2014"])),
        vec![
            "cartistem",
            "cupistem",
            "hearticellgram-ami",
            "neuronata-r",
            "queencell"
        ]
    );
    assert_eq!(
        ids(&json(&[
            "products",
            "--regulator",
            "CDSCO",
            "--until",
            "2016",
            "--as-of",
            "2017"
        ])),
        vec!["stempeucel"]
    );
}

#[test]
fn the_new_zealand_consent_ran_out_after_its_term() {
    assert_eq!(
        ids(&json(&["products", "--in", "NZ", "--as-of", "2015-01-01"])),
        vec!["remestemcel-l"]
    );
    assert_eq!(ids(&json(&["products", "--in", "NZ"])), Vec::<String>::new());
    let ended = json(&["products", "--in", "NZ", "--status", "no-longer-approved"]);
    assert_eq!(ended[0]["grants"][0]["ended_by"], "expiry");
    assert_eq!(ended[0]["grants"][0]["ended_on"], "2016-06-14");
}

#[test]
fn listings_exit_zero_when_nothing_matches() {
    mscdb()
        .args(["products", "--in", "AU"])
        .assert()
        .success()
        .stdout(predicates::str::contains("No product matches"));
    assert_eq!(json(&["products", "--in", "AU"]), serde_json::json!([]));
}

#[test]
fn csv_has_a_header_and_one_row_per_grant() {
    let output = mscdb()
        .args(["products", "--in", "KR", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,nonproprietary_name,sponsor,cell_type,donor,tissue,status,as_of,grants,jurisdiction,decision,date,date_qualifier,indication"
    );
    // One row per grant in force in KR (issue: the CSV lists grants, with their jurisdiction).
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() >= 5, "{text}");
    assert!(
        rows.iter()
            .all(|r| r.contains(",approved,") && r.contains(",KR,")),
        "{text}"
    );
}

#[test]
fn the_table_names_the_product_and_its_grant() {
    mscdb()
        .args(["products", "--in", "US"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Ryoncil"))
        .stdout(predicates::str::contains("2024-12-18"))
        .stdout(predicates::str::contains("1 product, 1 grant in scope"));
}

#[test]
fn bad_flags_are_errors() {
    mscdb()
        .args(["products", "--in", "Atlantis"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown country or region: 'Atlantis'"));
    mscdb()
        .args(["products", "--in", "Kora"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean 'Korea'"));
    mscdb()
        .args(["products", "--as-of", "2019-02-30"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--as-of: no such day"));
    mscdb().args(["products", "--source", "marrow"]).assert().code(2);
    mscdb()
        .args(["products", "--indication", "baldness"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown indication"));
}

/// A date and its qualifier are two fields in every CSV and JSON answer,
/// never folded into one string ("by 2021-08-27").
#[test]
fn dates_and_qualifiers_are_separate_fields() {
    for args in [
        &["products", "--in", "KR"][..],
        &["indications"][..],
        &["filings"][..],
    ] {
        let out = mscdb().args(args).args(["--format", "csv"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let header = text.lines().next().unwrap();
        assert!(header.contains(",date,date_qualifier,"), "{args:?}: {header}");
        assert!(!text.contains(",by 20"), "{args:?}: a folded date in {text}");
    }
    let (_, a) = crate::common::answer("check", &["--for", "knee osteoarthritis", "--in", "US"]);
    let e = &a["approved_elsewhere"][0];
    assert_eq!(
        (e["date"].as_str(), e["date_qualifier"].as_str()),
        (Some("2021-08-27"), Some("by"))
    );
}

/// A buffer the in-process output writes into, read back afterwards.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `mscdb products ARGS` answered in-process and collected (every row in
/// memory, as the site asks), then printed through its `Report`.
fn collected(store: &mscdb::store::Store, args: &[&str], format: mscdb::render::Format) -> String {
    use clap::Parser;
    let cli = mscdb::cli::Cli::try_parse_from(["mscdb", "products"].iter().chain(args)).unwrap();
    let mscdb::cli::Command::Products(products_args) = &cli.command else {
        unreachable!("a products command")
    };
    let buffer = Shared::default();
    let mut out = mscdb::render::Output::buffer(format, Box::new(buffer.clone()));
    let today = mscdb::date::PartialDate::parse(crate::common::TODAY)
        .unwrap()
        .first_day();
    let ctx = mscdb::cmd::Ctx {
        store,
        out: &mut out,
        with_sources: false,
        today,
    };
    let q = mscdb::cmd::products::query(&ctx, products_args).unwrap();
    let answer = mscdb::answer::products::products(&ctx.cx(), &q).unwrap();
    let record_date = mscdb::query::record_date(store.conn()).unwrap();
    mscdb::render::emit(&answer, &mut out, false, record_date.as_deref()).unwrap();
    out.flush().unwrap();
    String::from_utf8(buffer.0.borrow().clone()).unwrap()
}

/// `products` prints its rows as it finds them; on a generated record whose
/// table takes more than one chunk, every form is byte for byte the
/// collected answer's, for the filters that narrow in SQL too.
#[test]
fn a_large_record_prints_the_collected_answer_as_it_goes() {
    use mscdb::render::Format;
    let (_dir, data) = generated(300);
    let store = mscdb::store::Store::from_dir(&data).unwrap();
    let asks: [&[&str]; 6] = [
        &[],
        &["--status", "all"],
        &["--status", "no-longer-approved", "--in", "KR"],
        &["--since", "2015", "--until", "2020-06", "--donor", "autologous"],
        &["--tissue", "adipose", "--regulator", "RJP"],
        &["--in", "European Union", "--as-of", "2012"],
    ];
    for args in asks {
        for (format, name) in [
            (Format::Table, "table"),
            (Format::Json, "json"),
            (Format::Ndjson, "ndjson"),
            (Format::Csv, "csv"),
            (Format::Tsv, "tsv"),
        ] {
            let printed = mscdb()
                .arg("--data")
                .arg(&data)
                .arg("products")
                .args(args)
                .args(["--format", name])
                .output()
                .unwrap();
            assert!(printed.status.success(), "{args:?} {name}");
            assert_eq!(
                String::from_utf8(printed.stdout).unwrap(),
                collected(&store, args, format),
                "{args:?} {name}"
            );
        }
    }
}

/// A table of more rows than are laid out at once is still one table: one
/// header, one top and one bottom border, every line as wide as the first.
#[test]
fn a_table_written_in_chunks_reads_as_one_table() {
    let (_dir, data) = generated(300);
    let printed = mscdb().arg("--data").arg(&data).arg("products").output().unwrap();
    let text = String::from_utf8(printed.stdout).unwrap();
    let table: Vec<&str> = text.lines().take_while(|l| !l.starts_with("300 ")).collect();
    let grants = table.iter().filter(|l| l.starts_with('├')).count() + 1;
    assert!(grants > mscdb::render::TABLE_CHUNK, "{grants} rows: not chunked");
    let count = |c: char| table.iter().filter(|l| l.starts_with(c)).count();
    assert_eq!((count('┌'), count('╞'), count('└')), (1, 1, 1), "{text}");
    assert!(table.last().unwrap().starts_with('└'));
    let width = table[0].chars().count();
    assert!(table.iter().all(|l| l.chars().count() == width), "{text}");
    assert!(
        text.contains(&format!("300 products, {grants} grants in scope")),
        "{}",
        text.lines().last().unwrap()
    );
}
