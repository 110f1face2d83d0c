//! `mscdb search TEXT`: full-text search (`SQLite` FTS5), ranked by bm25.

use crate::answer::search::{self, SearchQuery};
use crate::cli::SearchArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &SearchArgs, ctx: &mut Ctx) -> Result<()> {
    let query = SearchQuery {
        text: args.text.join(" "),
        limit: args.limit,
    };
    let answer = search::search(&ctx.cx(), &query)?;
    ctx.emit(&answer)
}
