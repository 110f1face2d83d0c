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
    let mut q = AssessQuery {
        cells: args.cells,
        mechanism: args.mechanism,
        identity_report: args.identity_report,
        product: args.product.clone(),
        country: args.country.clone(),
        indication: args.indication.clone(),
    };
    if args.is_empty() && std::io::stdin().is_terminal() {
        ask(&mut q)?;
    }
    let assessment = assess::assess(ctx.conn(), &q)?;
    ctx.emit(&assessment)?;
    Ok(assessment.is_clean())
}

/// Asks the three questions on the terminal (stderr for prompts).
fn ask(q: &mut AssessQuery) -> Result<()> {
    let mut lines = std::io::stdin().lock().lines();
    let mut prompt = |text: &str| -> Result<Option<String>> {
        eprint!("{text} ");
        std::io::stderr().flush()?;
        let line = lines.next().transpose()?.unwrap_or_default().trim().to_string();
        Ok((!line.is_empty()).then_some(line))
    };
    let cells = prompt("1. What cells does the clinic use? [msc, esc, ipsc, svf, hsc, exosomes, unknown]")?;
    q.cells = Some(
        cells
            .and_then(|c| Cells::from_str(&c, true).ok())
            .unwrap_or(Cells::Unknown),
    );
    let mechanism = prompt("2. How does it say they work? [replaces-tissue, paracrine, unknown]")?;
    q.mechanism = Some(
        mechanism
            .and_then(|m| Mechanism::from_str(&m, true).ok())
            .unwrap_or(Mechanism::Unknown),
    );
    let report = prompt("3. Can it show identity and purity reports? [yes, no, unknown]")?;
    q.identity_report = Some(
        report
            .and_then(|r| Answer::from_str(&r, true).ok())
            .unwrap_or(Answer::Unknown),
    );
    q.product = prompt("   Product name, if the clinic gave one (Enter to skip):")?;
    q.country = prompt("   Country of the clinic (Enter to skip):")?;
    q.indication = prompt("   Disease or condition treated (Enter to skip):")?;
    eprintln!();
    Ok(())
}
