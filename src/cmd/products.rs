//! `mscdb products`: products with their approvals in force, filtered.

use crate::answer::products::{self, ProductsQuery};
use crate::cli::ProductsArgs;
use crate::error::Result;

use super::{Ctx, Scope};

pub fn run(args: &ProductsArgs, ctx: &mut Ctx) -> Result<()> {
    let answer = products::products(&ctx.cx(), &query(ctx, args)?)?;
    ctx.emit(&answer)
}

/// The typed question: the scope resolved, the filters as given.
pub fn query(ctx: &Ctx, args: &ProductsArgs) -> Result<ProductsQuery> {
    Ok(ProductsQuery {
        scope: Scope::resolve(&ctx.cx(), &args.scope.request(), args.indication.as_deref())?,
        tissue: args.tissue.clone(),
        donor: args.donor.clone(),
        status: args.status.into(),
        since: args.since,
        until: args.until,
    })
}
