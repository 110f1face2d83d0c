//! `mscdb actions`: what authorities did against sellers of cell products.

use crate::answer::actions::{self, ActionsFilters, ActionsQuery};
use crate::cli::ActionsArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &ActionsArgs, ctx: &mut Ctx) -> Result<()> {
    let filters = ActionsFilters {
        country: args.country.as_deref(),
        disease: args.disease.as_deref(),
        seller: args.seller.as_deref(),
        since: args.since.as_deref(),
        until: args.until.as_deref(),
    };
    let query = ActionsQuery::resolve(&ctx.cx(), &filters)?;
    let answer = actions::actions(&ctx.cx(), &query)?;
    ctx.emit(&answer)
}
