//! `mscdb sql QUERY`: one read-only SQL statement over the documented schema.

use crate::cli::SqlArgs;
use crate::error::Result;

use super::Ctx;

/// Checks and runs a query, writing rows as they come in the format asked
/// (see [`crate::query::sql::stream`] and [`crate::render::sql`]).
pub fn run(args: &SqlArgs, ctx: &mut Ctx) -> Result<()> {
    let conn = ctx.store.conn();
    let mut sink = crate::render::sql::sink(ctx.out);
    // Tests shorten the time budget; nothing else sets it.
    let budget = std::env::var("MSCDB_SQL_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(std::time::Duration::from_millis);
    crate::query::sql::stream(conn, &args.query, budget, sink.as_mut())
}
