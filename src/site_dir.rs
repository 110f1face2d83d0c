//! The site's output directory: what may be replaced, and replacing it
//! whole. The pages are written, each as soon as it is made, into a
//! temporary directory beside the target, then renamed into place, so the
//! target is either the old site or the whole new one. A directory written
//! by `mscdb site` carries a marker listing every file it wrote; anything
//! else in it (a `CNAME`, a `.git`, notes), or no marker, is refused unless
//! `--force`; a target that is not a directory is never followed nor
//! overwritten. Page paths are checked here again, whatever the renderer
//! made of the ids: only plain names are written. Interrupted (SIGINT,
//! SIGTERM), the temporary directory is removed and an old site moved aside
//! is put back.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::render::html::{self, Download};
use crate::site::Site;
use crate::site::ask::AskData;
use crate::store::{Store, Temporary};

/// The file that marks a directory as written by `mscdb site`.
pub const MARKER: &str = ".mscdb-site";

/// The marker's first line; the files written follow, one per line.
const MARKER_HEAD: &str = "written by mscdb site";

/// The page's own scripts: the ask page's look-up and the home filter.
const ASK_JS: &str = include_str!("render/ask.js");
const FILTER_JS: &str = include_str!("render/filter.js");

fn io_error(path: &Path, e: &io::Error) -> Error {
    Error::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// Whether a page path is relative and made only of plain names
/// (letters, digits, `-`, `_`, `.`, not starting with `.`): never `..`, an
/// absolute path, a hidden file or a name a shell or browser reads
/// specially.
fn is_plain_path(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.components().all(|c| match c {
            Component::Normal(name) => name.to_str().is_some_and(|n| {
                !n.starts_with('.')
                    && n.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            }),
            _ => false,
        })
}

/// What the marker of a directory says `mscdb site` wrote there, when the
/// marker is a regular file (not a link) written by this program.
fn written_by_us(target: &Path) -> Option<Vec<String>> {
    let marker = target.join(MARKER);
    let meta = fs::symlink_metadata(&marker).ok()?;
    if !meta.file_type().is_file() || meta.len() > 64 * 1024 * 1024 {
        return None;
    }
    let text = fs::read_to_string(&marker).ok()?;
    let mut lines = text.lines();
    if !lines.next()?.starts_with(MARKER_HEAD) {
        return None;
    }
    Some(lines.filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// Whether a path is one of the pages a marker written before markers
/// listed their files may stand for (the site's own layout).
fn in_site_layout(path: &str) -> bool {
    let top = ["index.html", "timeline.html", "frameworks.html", "clinic.html"];
    if top.contains(&path) {
        return true;
    }
    ["products", "places", "indications", "audit"].iter().any(|dir| {
        path == *dir
            || path
                .strip_prefix(dir)
                .and_then(|r| r.strip_prefix('/'))
                .is_some_and(|r| r.ends_with(".html") && !r.contains('/'))
    })
}

/// Every entry under `dir` (files, links, directories), relative, with `/`.
fn entries(dir: &Path, prefix: &str, out: &mut Vec<(String, bool)>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let is_dir = entry.file_type()?.is_dir();
        out.push((rel.clone(), is_dir));
        if is_dir {
            entries(&entry.path(), &rel, out)?;
        }
    }
    Ok(())
}

/// Refuses a target that is not a directory; a non-empty directory with no
/// marker this program wrote; and one that holds files the last site did
/// not write (unless `force`, which replaces the directory whole).
pub fn check_target(target: &Path, force: bool) -> Result<()> {
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
    if force {
        return Ok(());
    }
    let mut found = Vec::new();
    entries(target, "", &mut found).map_err(|e| io_error(target, &e))?;
    found.sort();
    if found.is_empty() {
        return Ok(());
    }
    let Some(written) = written_by_us(target) else {
        return Err(Error::usage(format!(
            "{}: is not empty and was not written by mscdb site; choose another directory, or use --force to replace it",
            target.display()
        )));
    };
    let listed: std::collections::HashSet<&str> = written.iter().map(String::as_str).collect();
    let ours = |path: &str, is_dir: bool| {
        path == MARKER
            || if listed.is_empty() {
                in_site_layout(path)
            } else {
                listed.contains(path)
                    || (is_dir
                        && listed
                            .iter()
                            .any(|l| l.strip_prefix(path).is_some_and(|r| r.starts_with('/'))))
            }
    };
    let foreign: Vec<&str> = found
        .iter()
        .filter(|(path, is_dir)| !ours(path, *is_dir))
        .map(|(path, _)| path.as_str())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = foreign
        .iter()
        .take(5)
        .map(|p| crate::error::printable(p, 80))
        .collect();
    let more = if foreign.len() > 5 {
        format!(" and {} more", foreign.len() - 5)
    } else {
        String::new()
    };
    Err(Error::usage(format!(
        "{}: holds files mscdb site did not write ({}{more}); replacing the site would delete them. Move them away, or use --force to replace the directory whole",
        target.display(),
        shown.join(", ")
    )))
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

fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// The SHA-256 of a file, read in pieces (a download may be large).
fn sha256_file(path: &Path) -> Result<String> {
    use std::fmt::Write as _;
    use std::io::Read as _;
    let mut file = fs::File::open(path).map_err(|e| io_error(path, &e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| io_error(path, &e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        }))
}

/// The record as CSV files in one zip archive (zip: opened by every system
/// without extra tools), written into `out` row by row.
fn csv_zip(store: &Store, out: fs::File) -> Result<()> {
    let conn = store.conn();
    let mut zip = zip::ZipWriter::new(io::BufWriter::new(out));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let zip_error = |e: zip::result::ZipError| Error::Io(io::Error::other(format!("csv zip: {e}")));
    let csv_error = |e: csv::Error| Error::Io(io::Error::other(e.to_string()));
    // Every table of the record, as its CSV file (the spec lists them).
    for table in crate::spec::TABLES.iter().map(|t| t.name) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let headers: Vec<String> = stmt.column_names().map(ToString::to_string).collect();
        let n = headers.len();
        zip.start_file(format!("{table}.csv"), options)
            .map_err(zip_error)?;
        let mut w = csv::Writer::from_writer(&mut zip);
        w.write_record(&headers).map_err(csv_error)?;
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
            w.write_record(&cells).map_err(csv_error)?;
        }
        w.flush()?;
    }
    zip.finish()
        .map_err(zip_error)?
        .flush()
        .map_err(|e| Error::Io(io::Error::other(format!("csv zip: {e}"))))
}

/// Writes every page, script and download into a fresh temporary
/// directory, one at a time as each is made, with the marker listing them.
/// Returns (HTML pages, files) written.
fn write_pages(tmp: &Path, data: &Site, store: &Store) -> Result<(usize, usize)> {
    fs::create_dir(tmp).map_err(|e| io_error(tmp, &e))?;
    let mut written: Vec<String> = Vec::new();
    let mut put = |path: &str, bytes: &[u8]| -> Result<()> {
        if !is_plain_path(path) {
            return Err(Error::usage(format!(
                "site: refusing to write the page '{}': not a plain relative path",
                crate::error::printable(path, 80)
            )));
        }
        let full = tmp.join(path);
        crate::store::write_step(|| -> Result<()> {
            if let Some(dir) = full.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
            }
            // create_new: a page never replaces another, nor follows a link.
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&full)
                .map_err(|e| io_error(&full, &e))?;
            file.write_all(bytes).map_err(|e| io_error(&full, &e))
        })?;
        written.push(path.to_string());
        Ok(())
    };
    // Pages are written as they are made, never all held at once.
    let mut pages = html::write_pages(data, &mut |page| put(&page.path, page.html.as_bytes()))?;
    let mut answers = data.ask.answers_json(data.cx.conn)?;
    AskData::scripts(data.cx.conn, &answers, &mut |path, text| {
        put(path, text.as_bytes())
    })?;
    answers.push('\n');
    put("ask/ask.js", ASK_JS.as_bytes())?;
    put("ask/filter.js", FILTER_JS.as_bytes())?;
    put("ask/find.js", html::find_index(data).as_bytes())?;
    // Downloads, each with its digest.
    // The zip is written as it is made, into an empty file `put` made.
    put("downloads/mscdb-csv.zip", &[])?;
    let zip_path = tmp.join("downloads/mscdb-csv.zip");
    let zip_file = fs::OpenOptions::new()
        .write(true)
        .open(&zip_path)
        .map_err(|e| io_error(&zip_path, &e))?;
    crate::store::write_step(|| csv_zip(store, zip_file))?;
    put("downloads/mscdb-answers.json", answers.as_bytes())?;
    let sqlite = tmp.join("downloads/mscdb.sqlite");
    store.write_to(&sqlite)?;
    let size = |path: &Path| {
        fs::metadata(path)
            .map(|m| m.len())
            .map_err(|e| io_error(path, &e))
    };
    let files = vec![
        Download {
            file: "mscdb-csv.zip".into(),
            what: format!(
                "The record as CSV files, one per table ({} tables)",
                crate::spec::TABLES.len()
            ),
            bytes: size(&zip_path)?,
            sha256: sha256_file(&zip_path)?,
        },
        Download {
            file: "mscdb.sqlite".into(),
            what: "The record as one SQLite file (what mscdb build writes)".into(),
            bytes: size(&sqlite)?,
            sha256: sha256_file(&sqlite)?,
        },
        Download {
            file: "mscdb-answers.json".into(),
            what: "The check answers the ask page looks up (JSON)".into(),
            bytes: answers.len() as u64,
            sha256: sha256(answers.as_bytes()),
        },
    ];
    let page = html::downloads_page(data, &files);
    put(&page.path, page.html.as_bytes())?;
    pages += 1;
    written.push("downloads/mscdb.sqlite".into());
    let marker = tmp.join(MARKER);
    let mut text = format!("{MARKER_HEAD}; record date {}\n", data.record_date);
    for path in &written {
        text.push_str(path);
        text.push('\n');
    }
    crate::store::write_step(|| fs::write(&marker, text)).map_err(|e| io_error(&marker, &e))?;
    Ok((pages, written.len()))
}

/// Writes the site into `target` whole (see the module comment). Returns
/// (HTML pages, files) written.
pub fn write_atomically(target: &Path, data: &Site, store: &Store) -> Result<(usize, usize)> {
    // `-o build/site` with no `build/` yet: made, as `mkdir -p` would.
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
    }
    let tmp = sibling(target, "tmp")?;
    remove_own(&tmp)?;
    let _tmp_guard = Temporary::register(&tmp, None);
    let count = match write_pages(&tmp, data, store) {
        Ok(count) => count,
        Err(e) => {
            let _ = remove_own(&tmp);
            return Err(e);
        }
    };
    // Checked again just before the swap: the target must still be a
    // directory (or absent), never a file or link put there meanwhile.
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            crate::store::write_step(|| fs::rename(&tmp, target)).map_err(|e| {
                let _ = remove_own(&tmp);
                io_error(target, &e)
            })?;
        }
        Ok(m) if m.file_type().is_dir() => {
            let old = sibling(target, "old")?;
            remove_own(&old)?;
            // Interrupted between the two renames, the handler puts the old
            // site back; after them, it removes what is left of it.
            let _old_guard = Temporary::register(&old, Some(target));
            // Both renames are one step: an interrupt waits for the pair.
            crate::store::write_step(|| -> Result<()> {
                fs::rename(target, &old).map_err(|e| {
                    let _ = remove_own(&tmp);
                    io_error(target, &e)
                })?;
                if let Err(e) = fs::rename(&tmp, target) {
                    let _ = fs::rename(&old, target);
                    let _ = remove_own(&tmp);
                    return Err(io_error(target, &e));
                }
                Ok(())
            })?;
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
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::{in_site_layout, is_plain_path};

    #[test]
    fn only_plain_relative_paths_are_written() {
        for ok in ["index.html", "products/ryoncil.html", "places/US.html"] {
            assert!(is_plain_path(ok), "{ok}");
        }
        for bad in [
            "",
            "../x.html",
            "products/../../x.html",
            "/etc/passwd",
            "products/.html",
            "products/javascript:alert(1)//.html",
            ".mscdb-site",
        ] {
            assert!(!is_plain_path(bad), "{bad}");
        }
        assert!(in_site_layout("products/x.html") && !in_site_layout("CNAME"));
    }
}
