//! `mscdb indications`: which indications have an approved product in force,
//! where; `--all`: every indication in the record.

use crate::answer::indications;
use crate::cli::IndicationsArgs;
use crate::error::Result;

use super::{Ctx, Scope};

pub fn run(args: &IndicationsArgs, ctx: &mut Ctx) -> Result<()> {
    let scope = Scope::resolve(&ctx.cx(), &args.scope.request(), args.indication.as_deref())?;
    if args.all {
        let answer = indications::all(&ctx.cx(), &scope)?;
        ctx.emit(&answer)
    } else {
        let answer = indications::approved(&ctx.cx(), &scope)?;
        ctx.emit(&answer)
    }
}
