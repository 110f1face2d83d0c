//! `mscdb check`: one verdict, with the decisions and sources behind it;
//! exit 0 only when approved in the scope asked.

use crate::answer::check::{self, CheckQuery};
use crate::cli::CheckArgs;
use crate::error::Result;
use crate::verdict::Verdict;

use super::Ctx;

pub fn run(args: &CheckArgs, ctx: &mut Ctx) -> Result<Verdict> {
    let answer = check::answer(&ctx.cx(), &query(args))?;
    ctx.emit(&answer)?;
    Ok(answer.verdict)
}

/// The typed question: words of an unquoted name are joined by spaces.
pub fn query(args: &CheckArgs) -> CheckQuery {
    CheckQuery {
        name: (!args.name.is_empty()).then(|| args.name.join(" ")),
        country: args.country.clone(),
        disease: args.indication.clone(),
        as_of: args.as_of.clone(),
    }
}
