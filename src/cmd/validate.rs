//! `mscdb validate`: check a data directory; loading already validates, so
//! reaching this point means the data is sound.

use crate::answer::validate;
use crate::error::Result;

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    let answer = validate::validate(ctx.conn())?;
    ctx.emit(&answer)
}
