//! `mscdb jurisdictions`: the places the record knows, with memberships.

use crate::answer::places;
use crate::cli::JurisdictionsArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &JurisdictionsArgs, ctx: &mut Ctx) -> Result<()> {
    let answer = places::jurisdictions(&ctx.cx(), args.all)?;
    ctx.emit(&answer)
}
