//! `mscdb credentials`: what the credentials clinics show mean.

use crate::answer::actions;
use crate::cli::CredentialsArgs;
use crate::error::Result;

use super::Ctx;

pub fn run(args: &CredentialsArgs, ctx: &mut Ctx) -> Result<()> {
    let phrase = (!args.phrase.is_empty()).then(|| args.phrase.join(" "));
    let answer = actions::credentials(&ctx.cx(), args.country.as_deref(), phrase.as_deref())?;
    ctx.emit(&answer)
}
