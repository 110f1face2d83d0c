//! Writes the SQLite image of `data/` that the binary embeds, using the same
//! parsing, validation and loading code as `mscdb --data` (the modules are
//! included from `src/`). Bad data therefore fails the build, with the same
//! `file:line: column: message` lines.

// Only part of each module is needed here.
#![allow(dead_code)]

#[path = "src/date.rs"]
mod date;
#[path = "src/error.rs"]
mod error;
#[path = "src/model.rs"]
mod model;
#[path = "src/resolve.rs"]
mod resolve;
#[path = "src/spec.rs"]
mod spec;
#[path = "src/store/mod.rs"]
mod store;

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    println!("cargo::rerun-if-changed=data");
    println!("cargo::rerun-if-changed=src/store");
    for file in ["date", "error", "model", "resolve", "spec"] {
        println!("cargo::rerun-if-changed=src/{file}.rs");
    }
    let record = match store::Store::from_dir(&root.join("data")) {
        Ok(record) => record,
        Err(e) => {
            for line in e.to_string().lines() {
                println!("cargo::error=data/{line}");
            }
            std::process::exit(1);
        }
    };
    if let Err(e) = record.write_to(&out.join("mscdb.sqlite")) {
        println!("cargo::error=writing the embedded database: {e}");
        std::process::exit(1);
    }
}
