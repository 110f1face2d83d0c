//! `mscdb assess`: the three questions to ask a clinic, answered from what the
//! user reports and from the record. Exit 0 with no red flag, 1 with one.

use std::io::{BufRead, IsTerminal, Write};

use clap::ValueEnum;
use serde::Serialize;

use crate::answer::check::CheckQuery;
use crate::assess::{self, Answer, ApprovalFinding, Cells, Claims, Mechanism, Question};
use crate::cli::AssessArgs;
use crate::error::Result;
use crate::render::Format;

use super::{Ctx, Scope};

#[derive(Debug, Serialize)]
pub struct Assessment {
    pub product: Option<String>,
    #[serde(rename = "in")]
    pub country: Option<String>,
    #[serde(rename = "for")]
    pub indication: Option<String>,
    pub questions: Vec<Question>,
    pub red_flags: usize,
}

pub fn run(args: &AssessArgs, ctx: &mut Ctx) -> Result<bool> {
    let args = if args.is_empty() && std::io::stdin().is_terminal() {
        ask(args)?
    } else {
        args.clone()
    };
    let conn = ctx.conn();
    // Resolve the country first: an unknown one is an error, as everywhere.
    let scope_args = crate::cli::ScopeArgs {
        country: args.country.clone(),
        ..Default::default()
    };
    let scope = Scope::resolve(conn, &scope_args, args.indication.as_deref())?;
    let finding = if args.product.is_some() || args.indication.is_some() {
        let query = CheckQuery {
            name: args.product.clone(),
            country: args.country.clone(),
            disease: args.indication.clone(),
            as_of: None,
        };
        let answer = crate::answer::check::answer(conn, &query)?;
        Some(ApprovalFinding {
            verdict: answer.verdict.as_str(),
            headline: crate::render::prose::check_headline(&answer),
            named_product: args.product.is_some(),
            sources: answer.sources.iter().map(|s| s.id.clone()).collect(),
        })
    } else {
        None
    };
    let claims = Claims {
        cells: args.cells.unwrap_or(Cells::Unknown),
        mechanism: args.mechanism.unwrap_or(Mechanism::Unknown),
        identity_report: args.identity_report.unwrap_or(Answer::Unknown),
        country: scope.country.clone(),
    };
    let questions = assess::assess(&claims, finding.as_ref());
    let red_flags = questions
        .iter()
        .flat_map(|q| &q.flags)
        .filter(|f| f.is_red())
        .count();
    let assessment = Assessment {
        product: args.product.clone(),
        country: scope.country.clone(),
        indication: args.indication.clone(),
        questions,
        red_flags,
    };
    print(ctx, &assessment)?;
    Ok(red_flags == 0)
}

fn print(ctx: &mut Ctx, a: &Assessment) -> Result<()> {
    match ctx.out.format {
        Format::Json => return ctx.out.json(a),
        Format::Csv => {
            let rows: Vec<Vec<String>> = a
                .questions
                .iter()
                .flat_map(|q| {
                    q.flags.iter().map(move |f| {
                        vec![
                            q.number.to_string(),
                            q.question.to_string(),
                            q.said.clone(),
                            serde_json::to_value(f.severity)
                                .ok()
                                .and_then(|v| v.as_str().map(String::from))
                                .unwrap_or_default(),
                            f.reason.clone(),
                            f.sources.join(";"),
                        ]
                    })
                })
                .collect();
            return ctx.out.csv(
                &["question", "text", "said", "severity", "reason", "sources"],
                &rows,
            );
        }
        Format::Table => {}
    }
    let mut cited = Vec::new();
    for q in &a.questions {
        ctx.out.line(&format!("{}. {}", q.number, q.question))?;
        ctx.out.line(&format!("   They said: {}", q.said))?;
        if let Some(record) = &q.record {
            ctx.out.line(&format!("   The record: {record}"))?;
        }
        for f in &q.flags {
            let label = match f.severity {
                assess::Severity::Stop => "STOP",
                assess::Severity::High => "RED FLAG",
                assess::Severity::Caution => "CAUTION",
                assess::Severity::Info => "note",
            };
            let sources = if f.sources.is_empty() {
                String::new()
            } else {
                format!(" [{}]", f.sources.join(", "))
            };
            ctx.out.line(&format!("   {label}: {}{sources}", f.reason))?;
            cited.extend(f.sources.iter().cloned());
        }
        ctx.out.blank()?;
    }
    ctx.out.line(&match a.red_flags {
        0 => "No red flag from what you reported. This is not medical advice; ask your doctor.".to_string(),
        n => format!("{n} red flag(s). This is not medical advice; ask your doctor or the regulator."),
    })?;
    if ctx.with_sources {
        super::print_sources(ctx, &cited)?;
    }
    Ok(())
}

/// Asks the three questions on the terminal (stderr for prompts).
fn ask(base: &AssessArgs) -> Result<AssessArgs> {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut prompt = |text: &str| -> Result<String> {
        eprint!("{text} ");
        std::io::stderr().flush()?;
        Ok(lines.next().transpose()?.unwrap_or_default().trim().to_string())
    };
    let mut args = base.clone();
    let cells = prompt("1. What cells does the clinic use? [msc, esc, ipsc, svf, hsc, exosomes, unknown]")?;
    args.cells = Some(Cells::from_str(&cells, true).unwrap_or(Cells::Unknown));
    let mechanism = prompt("2. How does it say they work? [replaces-tissue, paracrine, unknown]")?;
    args.mechanism = Some(Mechanism::from_str(&mechanism, true).unwrap_or(Mechanism::Unknown));
    let report = prompt("3. Can it show identity and purity reports? [yes, no, unknown]")?;
    args.identity_report = Some(Answer::from_str(&report, true).unwrap_or(Answer::Unknown));
    let product = prompt("   Product name, if the clinic gave one (Enter to skip):")?;
    args.product = (!product.is_empty()).then_some(product);
    let country = prompt("   Country of the clinic (Enter to skip):")?;
    args.country = (!country.is_empty()).then_some(country);
    let indication = prompt("   Disease or condition treated (Enter to skip):")?;
    args.indication = (!indication.is_empty()).then_some(indication);
    eprintln!();
    Ok(args)
}
