//! `mscdb regulators`: the agencies the record knows.

use crate::answer::places;
use crate::error::Result;

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let answer = places::regulators(&ctx.cx())?;
    ctx.emit(&answer)
}
