//! `mscdb check`: one verdict, with the decisions and sources behind it;
//! exit 0 only when approved in the scope asked.

use crate::answer::check::{self, CheckQuery};
use crate::cli::CheckArgs;
use crate::error::Result;
use crate::verdict::Verdict;

use super::Ctx;

pub fn run(args: &CheckArgs, ctx: &mut Ctx) -> Result<Verdict> {
    let mut q = query(args);
    place_words(&ctx.cx(), args, &mut q)?;
    let answer = check::answer(&ctx.cx(), &q)?;
    ctx.emit(&answer)?;
    Ok(answer.verdict)
}

/// `--in Estados Unidos` unquoted: the shell gives `Unidos` to the product
/// name. When the country as typed is no place but it and the name's first
/// or last words are one, those words are the country's.
fn place_words(cx: &crate::answer::Context, args: &CheckArgs, q: &mut CheckQuery) -> Result<()> {
    let (Some(country), false) = (&args.country, args.name.is_empty()) else {
        return Ok(());
    };
    let known = |text: &str| -> Result<bool> {
        Ok(!crate::resolve::lookup(cx.conn, crate::resolve::NameKind::Jurisdiction, text)?.is_empty())
    };
    if known(country)? {
        return Ok(());
    }
    let words = &args.name;
    for k in (1..=words.len()).rev() {
        let leading = format!("{country} {}", words[..k].join(" "));
        if known(&leading)? {
            q.country = Some(leading);
            q.name = (k < words.len()).then(|| words[k..].join(" "));
            return Ok(());
        }
        let trailing = format!("{country} {}", words[words.len() - k..].join(" "));
        if known(&trailing)? {
            q.country = Some(trailing);
            q.name = (k < words.len()).then(|| words[..words.len() - k].join(" "));
            return Ok(());
        }
    }
    Ok(())
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
