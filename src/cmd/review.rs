//! `mscdb review`: the maintainer's worklist.

use crate::answer::{parse_as_of, review};
use crate::cli::ReviewArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &ReviewArgs, ctx: &mut Ctx) -> Result<()> {
    let cx = ctx.cx();
    let as_of = parse_as_of(args.as_of.as_deref(), cx.today)?;
    let answer = review::review(&cx, as_of)?;
    ctx.emit(&answer)
}
