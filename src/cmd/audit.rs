//! `mscdb audit`: published claims about approvals, checked against the record.

use crate::answer::audit::{self, AuditQuery};
use crate::cli::AuditArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &AuditArgs, ctx: &mut Ctx) -> Result<()> {
    let query = AuditQuery {
        publication: args.source.clone(),
        verdict: args.verdict.clone(),
    };
    let answer = audit::audit(&ctx.cx(), &query)?;
    ctx.emit(&answer)
}
