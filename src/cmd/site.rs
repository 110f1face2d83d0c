//! `mscdb site -o DIR [--force]`: the record as a static website.
//!
//! The pages are collected (`answer::site`), written as HTML
//! (`render::html`) into a temporary directory beside DIR, then renamed into
//! place, so that DIR is either the old site or the whole new one. A
//! directory written by `mscdb site` carries a marker file; any other
//! non-empty directory is refused unless `--force`, and a DIR that is not a
//! directory (a file, a symbolic link) is never followed nor overwritten.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::cli::SiteArgs;
use crate::error::{Error, Result};
use crate::render::html::{self, Download};
use crate::render::{Csv, Output, Report};
use crate::site::{self, Site};
use crate::store::Store;

use super::Ctx;

/// The file that marks a directory as written by `mscdb site`.
pub const MARKER: &str = ".mscdb-site";

/// The page's own scripts: the ask page's look-up and the home filter.
const ASK_JS: &str = include_str!("../render/ask.js");
const FILTER_JS: &str = include_str!("../render/filter.js");

/// The tables of the record offered as CSV (the rest are derived indexes).
const CSV_TABLES: &[&str] = &[
    "meta",
    "products",
    "aliases",
    "decisions",
    "filings",
    "claims",
    "indications",
    "lay_names",
    "jurisdictions",
    "memberships",
    "regulators",
    "frameworks",
    "sources",
    "icd10cm",
];

/// What `site` did: `{"pages", "files", "path", "record_date"}`.
#[derive(Debug, Serialize)]
pub struct SiteReport {
    /// HTML pages written.
    pub pages: usize,
    /// Every file written (pages, scripts, downloads).
    pub files: usize,
    pub path: String,
    pub record_date: String,
}

impl Report for SiteReport {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec!["pages", "files", "path", "record_date"],
            rows: vec![vec![
                self.pages.to_string(),
                self.files.to_string(),
                self.path.clone(),
                self.record_date.clone(),
            ]],
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        out.line(&format!(
            "wrote {} pages to {} (record date {}); open {}",
            self.pages,
            self.path,
            self.record_date,
            Path::new(&self.path).join("index.html").display()
        ))
    }
}

pub fn run(args: &SiteArgs, ctx: &mut Ctx) -> Result<()> {
    let target = &args.output;
    check_target(target, args.force)?;
    let data = site::site(&ctx.cx())?;
    let (pages, files) = write_atomically(target, &data, ctx.store)?;
    ctx.emit(&SiteReport {
        pages,
        files,
        path: target.display().to_string(),
        record_date: data.record_date.clone(),
    })
}

fn io_error(path: &Path, e: &io::Error) -> Error {
    Error::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// Refuses a target that is not a directory, or a non-empty directory that
/// `mscdb site` did not write (unless `force`).
fn check_target(target: &Path, force: bool) -> Result<()> {
    let meta = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(target, &e)),
    };
    if !meta.file_type().is_dir() {
        return Err(Error::usage(format!(
            "{}: exists and is not a directory; mscdb site never follows or overwrites it",
            target.display()
        )));
    }
    if target.join(MARKER).is_file() || force {
        return Ok(());
    }
    let empty = fs::read_dir(target)
        .map_err(|e| io_error(target, &e))?
        .next()
        .is_none();
    if empty {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "{}: is not empty and was not written by mscdb site; choose another directory, or use --force to replace it",
            target.display()
        )))
    }
}

/// A sibling of `target` named for this process: `.NAME.mscdb-SUFFIX-PID`.
fn sibling(target: &Path, suffix: &str) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::usage(format!("{}: not a directory name", target.display())))?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(parent.join(format!(
        ".{}.mscdb-{suffix}-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

fn remove_own(dir: &Path) -> Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_dir() => fs::remove_dir_all(dir).map_err(|e| io_error(dir, &e)),
        Ok(_) => fs::remove_file(dir).map_err(|e| io_error(dir, &e)),
        Err(_) => Ok(()),
    }
}

/// Writes one file below `root`; `path` is made by the site from slugs.
fn put(root: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    let full = root.join(path);
    if let Some(dir) = full.parent() {
        fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    }
    fs::write(&full, bytes).map_err(|e| io_error(&full, &e))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The record as CSV files in one zip archive (zip: opened by every system
/// without extra tools).
fn csv_zip(store: &Store) -> Result<Vec<u8>> {
    let conn = store.conn();
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let zip_error = |e: zip::result::ZipError| Error::Io(io::Error::other(format!("csv zip: {e}")));
    for table in CSV_TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let headers: Vec<String> = stmt.column_names().map(ToString::to_string).collect();
        let n = headers.len();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).map_err(|e| Error::Io(io::Error::other(e.to_string())))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut cells = Vec::with_capacity(n);
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i)?;
                cells.push(match v {
                    rusqlite::types::Value::Null => String::new(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(_) => String::new(),
                });
            }
            w.write_record(&cells).map_err(|e| Error::Io(io::Error::other(e.to_string())))?;
        }
        let bytes = w.into_inner().map_err(|e| Error::Io(io::Error::other(e.to_string())))?;
        zip.start_file(format!("{table}.csv"), options).map_err(zip_error)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Writes every page into a temporary sibling of `target` and swaps it in.
/// Returns (HTML pages, files) written.
fn write_atomically(target: &Path, data: &Site, store: &Store) -> Result<(usize, usize)> {
    let tmp = sibling(target, "tmp")?;
    remove_own(&tmp)?;
    let mut counts = (0, 0);
    let written = (|| -> Result<()> {
        fs::create_dir(&tmp).map_err(|e| io_error(&tmp, &e))?;
        // Pages are written as they are made, never all held at once.
        for page in html::pages(data) {
            put(&tmp, &page.path, page.html.as_bytes())?;
            counts.0 += 1;
        }
        let mut scripts = data.ask.scripts();
        scripts.push(("ask/ask.js".into(), ASK_JS.into()));
        scripts.push(("ask/filter.js".into(), FILTER_JS.into()));
        scripts.push(("ask/find.js".into(), html::find_index(data)));
        for (path, text) in &scripts {
            put(&tmp, path, text.as_bytes())?;
            counts.1 += 1;
        }
        // Downloads, each with its digest.
        let sqlite = tmp.join("downloads/mscdb.sqlite");
        fs::create_dir_all(tmp.join("downloads")).map_err(|e| io_error(&tmp, &e))?;
        store.write_to(&sqlite)?;
        let sqlite_bytes = fs::read(&sqlite).map_err(|e| io_error(&sqlite, &e))?;
        let zip = csv_zip(store)?;
        put(&tmp, "downloads/mscdb-csv.zip", &zip)?;
        let answers = data.ask.answers_json();
        put(&tmp, "downloads/mscdb-answers.json", answers.as_bytes())?;
        let files = vec![
            Download {
                file: "mscdb-csv.zip".into(),
                what: format!("The record as CSV files, one per table ({} tables), record date {}", CSV_TABLES.len(), data.record_date),
                bytes: zip.len() as u64,
                sha256: sha256(&zip),
            },
            Download {
                file: "mscdb.sqlite".into(),
                what: format!("The record as one SQLite file (what mscdb build writes), record date {}", data.record_date),
                bytes: sqlite_bytes.len() as u64,
                sha256: sha256(&sqlite_bytes),
            },
            Download {
                file: "mscdb-answers.json".into(),
                what: format!("The check answers the ask page looks up (JSON), record date {}", data.record_date),
                bytes: answers.len() as u64,
                sha256: sha256(answers.as_bytes()),
            },
        ];
        let page = html::downloads_page(data, &files);
        put(&tmp, &page.path, page.html.as_bytes())?;
        counts.0 += 1;
        counts.1 += counts.0 + files.len();
        let marker = tmp.join(MARKER);
        fs::write(
            &marker,
            format!("written by mscdb site; record date {}\n", data.record_date),
        )
        .map_err(|e| io_error(&marker, &e))
    })();
    if let Err(e) = written {
        let _ = remove_own(&tmp);
        return Err(e);
    }
    // Checked again just before the swap: the target must still be a
    // directory (or absent), never a file or link put there meanwhile.
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::rename(&tmp, target).map_err(|e| {
                let _ = remove_own(&tmp);
                io_error(target, &e)
            })?;
        }
        Ok(m) if m.file_type().is_dir() => {
            let old = sibling(target, "old")?;
            remove_own(&old)?;
            fs::rename(target, &old).map_err(|e| {
                let _ = remove_own(&tmp);
                io_error(target, &e)
            })?;
            if let Err(e) = fs::rename(&tmp, target) {
                let _ = fs::rename(&old, target);
                let _ = remove_own(&tmp);
                return Err(io_error(target, &e));
            }
            remove_own(&old)?;
        }
        Ok(_) => {
            let _ = remove_own(&tmp);
            return Err(Error::usage(format!(
                "{}: exists and is not a directory; mscdb site never follows or overwrites it",
                target.display()
            )));
        }
        Err(e) => {
            let _ = remove_own(&tmp);
            return Err(io_error(target, &e));
        }
    }
    Ok(counts)
}
