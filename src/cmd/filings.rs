//! `mscdb filings`: IND, CTA and registration numbers.

use crate::answer::filings::{self, FilingsFilters, FilingsQuery};
use crate::cli::FilingsArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &FilingsArgs, ctx: &mut Ctx) -> Result<()> {
    let filters = FilingsFilters {
        product: args.product.as_deref(),
        regulator: args.regulator.as_deref(),
        kind: args.kind.as_deref(),
        country: args.country.as_deref(),
        disease: args.indication.as_deref(),
        as_of: args.as_of.as_deref(),
    };
    let query = FilingsQuery::resolve(&ctx.cx(), &filters)?;
    let answer = filings::filings(&ctx.cx(), &query)?;
    ctx.emit(&answer)
}
