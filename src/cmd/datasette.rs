//! `mscdb datasette-metadata [--config]`: datasette metadata JSON for `mscdb
//! build`'s file (0.65 and 1.x), or the 1.x configuration.

use crate::cli::DatasetteArgs;
use crate::error::Result;
use crate::query;
use crate::render::datasette;

use super::Ctx;

pub fn run(args: &DatasetteArgs, ctx: &mut Ctx) -> Result<()> {
    let record_date = query::record_date(ctx.conn())?;
    let regulators = query::frameworks::covered_regulators(ctx.conn())?;
    let value = if args.config {
        datasette::config(&args.database, &regulators)
    } else {
        datasette::metadata(&args.database, record_date.as_deref(), &regulators)
    };
    ctx.out.json(&value)
}
