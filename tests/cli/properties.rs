//! Property tests: mutated data never panics and never loads halfway; any
//! query text never panics and never reaches `SQLite` as syntax.

use std::collections::HashMap;

use mscdb::error::Error;
use mscdb::store::Store;
use proptest::prelude::*;

/// The shipped CSVs, with ICD-10-CM cut to the categories the record cites
/// (46,000 rows would make every case slow without testing anything more).
fn shipped() -> HashMap<String, Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let mut files: HashMap<String, Vec<u8>> = mscdb::spec::TABLES
        .iter()
        .map(|t| (t.file(), std::fs::read(format!("{dir}/{}", t.file())).unwrap()))
        .collect();
    let cited: Vec<String> = ["indications.csv", "lay_names.csv"]
        .iter()
        .flat_map(|f| {
            let mut reader = csv::Reader::from_reader(&files[*f][..]);
            let column = reader
                .headers()
                .unwrap()
                .iter()
                .position(|h| h == "icd10cm")
                .unwrap();
            reader
                .records()
                .map(|r| r.unwrap()[column].to_string())
                .collect::<Vec<_>>()
        })
        .flat_map(|cell| {
            cell.split(';')
                .map(|c| c.chars().take(3).collect())
                .collect::<Vec<String>>()
        })
        .collect();
    let icd = String::from_utf8(files["icd10cm.csv"].clone()).unwrap();
    let mut kept = String::new();
    for (i, line) in icd.lines().enumerate() {
        if i == 0
            || cited
                .iter()
                .any(|c| !c.is_empty() && line.starts_with(c.as_str()))
        {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    files.insert("icd10cm.csv".into(), kept.into_bytes());
    files
}

#[derive(Debug, Clone)]
enum Mutation {
    FlipByte { at: usize, value: u8 },
    Truncate { at: usize },
    DropLine { line: usize },
    DuplicateLine { line: usize },
    SwapCells { line: usize, a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, value)| Mutation::FlipByte { at, value }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        any::<usize>().prop_map(|line| Mutation::DropLine { line }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), 0usize..20, 0usize..20).prop_map(|(line, a, b)| Mutation::SwapCells { line, a, b }),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len().max(1);
    match *m {
        Mutation::FlipByte { at, value } => {
            let mut out = bytes.to_vec();
            if !out.is_empty() {
                let i = at % out.len();
                out[i] = value;
            }
            out
        }
        Mutation::Truncate { at } => bytes[..at % (bytes.len() + 1)].to_vec(),
        Mutation::DropLine { line } => {
            lines.remove(line % n);
            lines.join(&b'\n')
        }
        Mutation::DuplicateLine { line } => {
            let copy = lines[line % n].clone();
            lines.insert(line % n, copy);
            lines.join(&b'\n')
        }
        Mutation::SwapCells { line, a, b } => {
            let i = line % n;
            let mut cells: Vec<Vec<u8>> = lines[i].split(|c| *c == b',').map(<[u8]>::to_vec).collect();
            if a < cells.len() && b < cells.len() {
                cells.swap(a, b);
            }
            lines[i] = cells.join(&b',');
            lines.join(&b'\n')
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn mutated_data_loads_fully_or_fails_naming_a_file(table in 0usize..10, m in mutation()) {
        let mut files = shipped();
        let file = mscdb::spec::TABLES[table % mscdb::spec::TABLES.len()].file();
        let mutated = apply(&files[&file], &m);
        files.insert(file.clone(), mutated);
        match Store::load_with(|name| Ok(files.get(name).cloned())) {
            Ok(store) => {
                // Complete: every table answers.
                for t in mscdb::spec::TABLES {
                    let n: i64 = store.conn().query_row(&format!("SELECT count(*) FROM {}", t.name), [], |r| r.get(0)).unwrap();
                    prop_assert!(n > 0, "{} is empty after a successful load", t.name);
                }
            }
            Err(Error::Data(problems)) => {
                prop_assert!(!problems.is_empty());
                for p in problems {
                    prop_assert!(p.file.ends_with(".csv"), "problem without a file: {p}");
                }
            }
            Err(other) => prop_assert!(false, "not a data error: {other}"),
        }
    }
}

// rusqlite connections are not Sync; each test thread builds its own.
thread_local! {
    static LOCAL: Store = mscdb::embedded().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_plain_answer(text in prop_oneof![
        ".{0,40}",
        "[\"'%_\\\\*:()\\-\\^ ]{1,12}",
        "\\PC{200,400}",
        Just("CAR-T".to_string()),
        Just("\"".to_string()),
    ]) {
        LOCAL.with(|store| {
            let conn = store.conn();
            for kind in [mscdb::resolve::NameKind::Product, mscdb::resolve::NameKind::Jurisdiction, mscdb::resolve::NameKind::Indication] {
                mscdb::resolve::lookup(conn, kind, &text).unwrap();
                mscdb::resolve::suggest(conn, kind, &text).unwrap();
            }
            mscdb::query::search::hits(conn, &text, 5).unwrap();
            let by_name = mscdb::answer::check::CheckQuery { name: Some(text.clone()), ..Default::default() };
            let by_disease = mscdb::answer::check::CheckQuery { disease: Some(text.clone()), ..Default::default() };
            for q in [by_name, by_disease] {
                match mscdb::answer::check::answer(&mscdb::answer::Context { conn, today: mscdb::cmd::today() }, &q) {
                    Ok(_) | Err(Error::Usage(_) | Error::Unknown { .. } | Error::Invalid { .. }) => {}
                    Err(other) => panic!("check {text:?}: {other}"),
                }
            }
        });
    }
}
