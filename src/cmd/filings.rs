//! `mscdb filings`: IND, CTA and registration numbers.

use crate::answer::filings::{self, FilingsQuery};
use crate::cli::FilingsArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &FilingsArgs, ctx: &mut Ctx) -> Result<()> {
    let query = FilingsQuery::resolve(
        ctx.conn(),
        args.product.as_deref(),
        args.regulator.as_deref(),
        args.kind.as_deref(),
    )?;
    let answer = filings::filings(ctx.conn(), &query)?;
    ctx.emit(&answer)
}
