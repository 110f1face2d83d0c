//! `mscdb assess`: the three questions to ask a clinic, answered from what the
//! user reports and from the record. Exit 1 with a red flag (STOP or RED
//! FLAG), else 0: cautions alone are not red flags.

use std::io::{BufRead, IsTerminal, Write};

use crate::answer::assess::{self, AssessQuery};
use crate::answer::{Scope, ScopeRequest};
use crate::assess::{Choice, understand};
use crate::cli::AssessArgs;
use crate::error::Result;

use super::Ctx;

/// Asks on the terminal when no flag is given; returns whether no red flag came up.
pub fn run(args: &AssessArgs, ctx: &mut Ctx) -> Result<bool> {
    let mut q = AssessQuery {
        cells: args.cells,
        mechanism: args.mechanism,
        identity_report: args.identity_report,
        product: args.product.clone(),
        country: args.country.clone(),
        indication: args.indication.clone(),
        credential: args.credential.clone(),
    };
    if args.is_empty() && std::io::stdin().is_terminal() {
        ask(&ctx.cx(), &mut q)?;
    }
    let assessment = assess::assess(&ctx.cx(), &q)?;
    ctx.emit(&assessment)?;
    Ok(assessment.is_clean())
}

/// A line typed on the terminal after a prompt on stderr; `None` at the end of input.
fn prompt(lines: &mut impl Iterator<Item = std::io::Result<String>>, text: &str) -> Result<Option<String>> {
    eprint!("{text} ");
    std::io::stderr().flush()?;
    Ok(lines.next().transpose()?.map(|l| l.trim().to_string()))
}

/// Asks until the answer names a choice (free text is matched to the
/// closest one). The end of input (Ctrl-D) is not an answer: nothing is
/// assessed rather than a question recorded as not stated.
fn choose<T: Choice>(lines: &mut impl Iterator<Item = std::io::Result<String>>, question: &str) -> Result<T> {
    let choices: Vec<&str> = T::ALL.iter().map(|c| c.name()).collect();
    let choices = choices.join(", ");
    loop {
        let Some(line) = prompt(lines, &format!("{question} [{choices}]"))? else {
            eprintln!();
            return Err(crate::error::Error::usage(format!(
                "input ended before '{question}' was answered; nothing was assessed (answer 'unknown' if the clinic did not say)"
            )));
        };
        if let Some(choice) = understand::<T>(&line) {
            return Ok(choice);
        }
        eprintln!("   Not understood. Answer one of: {choices} (unknown if the clinic did not say).");
    }
}

/// Asks the three questions on the terminal (stderr for prompts); an
/// answer not understood, or a country not known, is asked again.
fn ask(cx: &crate::answer::Context, q: &mut AssessQuery) -> Result<()> {
    let mut lines = std::io::stdin().lock().lines();
    q.cells = Some(choose(&mut lines, "1. What cells does the clinic use?")?);
    q.mechanism = Some(choose(&mut lines, "2. How does it say they work?")?);
    q.identity_report = Some(choose(&mut lines, "3. Can it show identity and purity reports?")?);
    let optional = |line: Option<String>| line.filter(|l| !l.is_empty());
    q.product = optional(prompt(
        &mut lines,
        "   Product name, if the clinic gave one (Enter to skip):",
    )?);
    // A country or disease the record cannot resolve is asked again, so the
    // answers already given are kept.
    q.country = loop {
        let country = optional(prompt(&mut lines, "   Country of the clinic (Enter to skip):")?);
        let request = ScopeRequest {
            country: country.clone(),
            ..Default::default()
        };
        match Scope::resolve(cx, &request, None) {
            Ok(_) => break country,
            Err(e) => eprintln!("   {e}. Type a country's name or code, or Enter to skip."),
        }
    };
    q.indication = loop {
        let disease = optional(prompt(
            &mut lines,
            "   Disease or condition treated (Enter to skip):",
        )?);
        match Scope::resolve(cx, &ScopeRequest::default(), disease.as_deref()) {
            Ok(_) => break disease,
            Err(e) => {
                eprintln!("   {e}. Type a disease (a common name or an ICD-10-CM code), or Enter to skip.");
            }
        }
    };
    q.credential = optional(prompt(
        &mut lines,
        "   A credential the clinic shows, e.g. FDA-registered (Enter to skip):",
    )?);
    eprintln!();
    Ok(())
}
