//! `mscdb regulators`: the agencies the record knows.

use crate::answer::places;
use crate::error::Result;

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let answer = places::regulators(ctx.conn())?;
    ctx.emit(&answer)
}
