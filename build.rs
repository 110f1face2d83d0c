//! Writes the `SQLite` image of `data/` that the binary embeds, with the same
//! loader as `mscdb --data` (the `mscdb-record` crate). Bad data fails the
//! build with the same `file:line: column: message` lines.

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    println!("cargo::rerun-if-changed=data");
    let record = match mscdb_record::Store::from_dir(&root.join("data")) {
        Ok(record) => record,
        Err(mscdb_record::Error::Data(problems)) => {
            for problem in problems {
                println!("cargo::error=data/{problem}");
            }
            std::process::exit(1);
        }
        Err(e) => {
            println!("cargo::error=loading data/: {e}");
            std::process::exit(1);
        }
    };
    match record.summary() {
        Ok(summary) => println!("cargo::rustc-env=MSCDB_RECORD={summary}"),
        Err(e) => {
            println!("cargo::error=summarising the record: {e}");
            std::process::exit(1);
        }
    }
    if let Err(e) = record.write_to(&out.join("mscdb.sqlite")) {
        println!("cargo::error=writing the embedded database: {e}");
        std::process::exit(1);
    }
}
