//! `mscdb validate`: check a data directory; loading already validates, so
//! reaching this point means the data is sound.

use crate::answer::validate;
use crate::error::Result;

use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<()> {
    // A `--db` file is checked like a data directory (integrity, values).
    ctx.store.verify()?;
    let answer = validate::validate(&ctx.cx())?;
    ctx.emit(&answer)
}
