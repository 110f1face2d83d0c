//! `mscdb show PRODUCT`: everything the record holds about one product.

use crate::answer::{self, show};
use crate::cli::ShowArgs;
use crate::error::Result;

use super::{Ctx, parse_as_of};

pub fn run(args: &ShowArgs, ctx: &mut Ctx) -> Result<()> {
    let as_of = parse_as_of(args.as_of.as_deref(), ctx.today)?;
    let product = answer::require_product(&ctx.cx(), &args.product.join(" "))?;
    let answer = show::show(&ctx.cx(), product, as_of)?;
    ctx.emit(&answer)
}
