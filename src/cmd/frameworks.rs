//! `mscdb frameworks`: regulators side by side, one row per topic.

use crate::answer::frameworks::{self, FrameworksQuery};
use crate::cli::FrameworksArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &FrameworksArgs, ctx: &mut Ctx) -> Result<()> {
    let query = FrameworksQuery::resolve(&ctx.cx(), &args.regulators, &args.topic)?;
    let answer = frameworks::frameworks(&ctx.cx(), &query)?;
    ctx.emit(&answer)
}
