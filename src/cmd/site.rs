//! `mscdb site -o DIR [--force]`: the record as a static website. The pages
//! come from the engine's answers (`crate::site`), are rendered by
//! `render::html` and written by `crate::site_dir`.

use std::time::Instant;

use crate::cli::SiteArgs;
use crate::error::Result;
use crate::site;
use crate::site_dir::{check_target, write_atomically};

use super::Ctx;

pub fn run(args: &SiteArgs, ctx: &mut Ctx) -> Result<()> {
    let started = Instant::now();
    let target = &args.output;
    check_target(target, args.force)?;
    let data = site::site(&ctx.cx())?;
    let count = write_atomically(target, &data)?;
    ctx.out.line(&format!(
        "wrote {count} pages to {} (record date {}) in {} ms; open {}",
        target.display(),
        data.record_date,
        started.elapsed().as_millis(),
        target.join("index.html").display()
    ))
}
