//! `mscdb products`: products with their approvals in force, filtered,
//! printed as the engine finds them (memory holds one product at a time;
//! the table, one chunk of rows).

use crate::answer::Context;
use crate::answer::products::{self, ProductsQuery};
use crate::cli::ProductsArgs;
use crate::error::Result;
use crate::render::products::ProductsWriter;

use super::{Ctx, Scope};

pub fn run(args: &ProductsArgs, ctx: &mut Ctx) -> Result<()> {
    let q = query(ctx, args)?;
    let conn = ctx.store.conn();
    let record_date = crate::query::record_date(conn)?;
    let cx = Context::new(ctx.store, ctx.today);
    let mut writer = ProductsWriter::start(ctx.out, record_date.as_deref())?;
    let end = products::products_each(&cx, &q, |row| writer.row(&row))?;
    let sources = if ctx.with_sources && writer.shows_sources() {
        crate::query::sources(conn, &end.cited)?
    } else {
        Vec::new()
    };
    writer.finish(&end, ctx.with_sources, &sources)
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
