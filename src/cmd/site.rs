//! `mscdb site -o DIR [--force]`: the record as a static website.
//!
//! The pages are collected (`answer::site`), written as HTML
//! (`render::html`) into a temporary directory beside DIR, then renamed into
//! place, so that DIR is either the old site or the whole new one. A
//! directory written by `mscdb site` carries a marker file; any other
//! non-empty directory is refused unless `--force`, and a DIR that is not a
//! directory (a file, a symbolic link) is never followed nor overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::SiteArgs;
use crate::error::{Error, Result};
use crate::render::html;
use crate::site;

use super::Ctx;

/// The file that marks a directory as written by `mscdb site`.
pub const MARKER: &str = ".mscdb-site";

pub fn run(args: &SiteArgs, ctx: &mut Ctx) -> Result<()> {
    let started = Instant::now();
    let target = &args.output;
    check_target(target, args.force)?;
    let data = site::site(&ctx.cx())?;
    let pages = html::pages(&data);
    write_atomically(target, &pages, &data.record_date)?;
    ctx.out.line(&format!(
        "wrote {} pages to {} (record date {}) in {} ms; open {}",
        pages.len(),
        target.display(),
        data.record_date,
        started.elapsed().as_millis(),
        target.join("index.html").display()
    ))
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

fn write_atomically(target: &Path, pages: &[html::Page], record_date: &str) -> Result<()> {
    let tmp = sibling(target, "tmp")?;
    remove_own(&tmp)?;
    let written = (|| -> Result<()> {
        fs::create_dir(&tmp).map_err(|e| io_error(&tmp, &e))?;
        for page in pages {
            let path = tmp.join(&page.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
            }
            fs::write(&path, &page.html).map_err(|e| io_error(&path, &e))?;
        }
        let marker = tmp.join(MARKER);
        fs::write(
            &marker,
            format!("written by mscdb site; record date {record_date}\n"),
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
    Ok(())
}
