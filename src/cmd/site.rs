//! `mscdb site -o DIR [--force]`: the record as a static website. The pages
//! come from the engine's answers (`crate::site`), are rendered by
//! `render::html` and written by `crate::site_dir`.

use std::path::Path;

use serde::Serialize;

use crate::cli::SiteArgs;
use crate::error::Result;
use crate::render::{Csv, Output, Report};
use crate::site;
use crate::site_dir::{check_target, write_atomically};

use super::Ctx;

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
    // Every page asks the engine many questions, each of a dozen or more
    // statements: kept prepared instead of compiled again per answer.
    ctx.store.conn().set_prepared_statement_cache_capacity(256);
    let data = site::site(&ctx.cx())?;
    let (pages, files) = write_atomically(target, &data, ctx.store)?;
    ctx.emit(&SiteReport {
        pages,
        files,
        path: target.display().to_string(),
        record_date: data.record_date.clone(),
    })
}
