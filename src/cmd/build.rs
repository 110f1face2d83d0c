//! `mscdb build -o FILE`: write the record to an `SQLite` file.

use crate::build_answer::{self as build, BuildQuery};
use crate::cli::BuildArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &BuildArgs, ctx: &mut Ctx) -> Result<()> {
    let query = BuildQuery {
        output: args.output.clone(),
    };
    let answer = build::build(ctx.store, &query)?;
    ctx.emit(&answer)
}
