//! `mscdb sql QUERY`: one read-only SQL statement over the documented schema.

use crate::cli::SqlArgs;
use crate::error::Result;

use super::Ctx;

/// Checks and runs a query, writing rows as they come in the format asked
/// (see [`crate::query::sql::stream`] and [`crate::render::sql`]).
pub fn run(args: &SqlArgs, ctx: &mut Ctx) -> Result<()> {
    let conn = ctx.store.conn();
    let mut sink = crate::render::sql::sink(ctx.out);
    crate::query::sql::stream(conn, &args.query, sink.as_mut())
}
