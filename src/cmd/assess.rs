//! `mscdb assess`: the three questions to ask a clinic, answered from what the
//! user reports and from the record. Exit 0 with no red flag, 1 with one.

use std::io::{BufRead, IsTerminal, Write};

use clap::ValueEnum;

use crate::answer::assess::{self, AssessQuery};
use crate::assess::{Answer, Cells, Mechanism};
use crate::cli::AssessArgs;
use crate::error::Result;

use super::Ctx;

/// Asks on the terminal when no flag is given; returns whether no red flag came up.
pub fn run(args: &AssessArgs, ctx: &mut Ctx) -> Result<bool> {
    let mut q = AssessQuery::from(args);
    if args.is_empty() && std::io::stdin().is_terminal() {
        ask(&mut q)?;
    }
    let assessment = assess::assess(ctx.conn(), &q)?;
    ctx.emit(&assessment)?;
    Ok(assessment.is_clean())
}

/// Asks the three questions on the terminal (stderr for prompts); an answer
/// that is not one of the choices is `unknown`.
fn ask(q: &mut AssessQuery) -> Result<()> {
    let mut lines = std::io::stdin().lock().lines();
    let mut prompt = |text: &str| -> Result<Option<String>> {
        eprint!("{text} ");
        std::io::stderr().flush()?;
        let line = lines.next().transpose()?.unwrap_or_default().trim().to_string();
        Ok((!line.is_empty()).then_some(line))
    };
    q.cells = Some(pick(
        prompt("1. What cells does the clinic use? [msc, esc, ipsc, svf, hsc, exosomes, unknown]")?,
        Cells::Unknown,
    ));
    q.mechanism = Some(pick(
        prompt("2. How does it say they work? [replaces-tissue, paracrine, unknown]")?,
        Mechanism::Unknown,
    ));
    q.identity_report = Some(pick(
        prompt("3. Can it show identity and purity reports? [yes, no, unknown]")?,
        Answer::Unknown,
    ));
    q.product = prompt("   Product name, if the clinic gave one (Enter to skip):")?;
    q.country = prompt("   Country of the clinic (Enter to skip):")?;
    q.indication = prompt("   Disease or condition treated (Enter to skip):")?;
    eprintln!();
    Ok(())
}

fn pick<T: ValueEnum>(answer: Option<String>, unknown: T) -> T {
    answer.and_then(|a| T::from_str(&a, true).ok()).unwrap_or(unknown)
}
