//! `mscdb audit`: published claims about approvals, checked against the record.

use crate::answer::audit::{self, AuditQuery};
use crate::cli::AuditArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &AuditArgs, ctx: &mut Ctx) -> Result<()> {
    if let Some(path) = &args.table {
        let (_, rows) = crate::audit_table::read(path)?;
        let mut answer = crate::audit_table::audit(&ctx.cx(), rows)?;
        if let Some(verdict) = &args.verdict {
            answer.rows.retain(|r| r.verdict == verdict);
        }
        return ctx.emit(&answer);
    }
    let query = AuditQuery {
        publication: args.source.clone(),
        verdict: args.verdict.clone(),
    };
    let answer = audit::audit(&ctx.cx(), &query)?;
    ctx.emit(&answer)
}
