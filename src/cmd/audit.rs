//! `mscdb audit`: published claims about approvals, checked against the record.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cli::AuditArgs;
use crate::date::Day;
use crate::error::{Error, Result, printable};
use crate::model::ClaimVerdict;
use crate::query::{self, Claim, Source};
use crate::render::Format;
use crate::resolve::normalize;

use super::Ctx;

/// The record's own count, set beside a claim about a number.
#[derive(Debug, Serialize)]
pub struct RecordCount {
    /// MSC and MSC-like products that have ever held a grant.
    pub msc_products_ever_granted: usize,
    /// Of those, the ones with a grant in force on `as_of`.
    pub msc_products_in_force: usize,
    pub as_of: String,
}

#[derive(Debug, Serialize)]
pub struct AuditedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    pub publication: String,
    pub as_printed: String,
    pub record_count: Option<RecordCount>,
}

/// Counts MSC-like products with grants, ever and on `as_of`.
pub fn record_count(ctx: &Ctx, as_of: Day) -> Result<RecordCount> {
    let conn = ctx.conn();
    let decisions = query::all_decisions(conn)?;
    let (mut ever, mut now) = (0, 0);
    for product in query::products(conn)?
        .into_iter()
        .filter(query::Product::is_msc_like)
    {
        let Some(list) = decisions.get(&product.id) else {
            continue;
        };
        let standings = query::standings(list, as_of);
        if standings.iter().any(|s| s.grant.is_some()) {
            ever += 1;
        }
        if standings.iter().any(|s| s.status.is_in_force()) {
            now += 1;
        }
    }
    Ok(RecordCount {
        msc_products_ever_granted: ever,
        msc_products_in_force: now,
        as_of: as_of.to_string(),
    })
}

/// Publications with claims that match `text`: by id, or by words of the title or publisher.
fn publications(ctx: &Ctx, claims: &[Claim], text: Option<&str>) -> Result<Vec<Source>> {
    let mut ids: Vec<String> = Vec::new();
    for c in claims {
        if !ids.contains(&c.source_id) {
            ids.push(c.source_id.clone());
        }
    }
    let all = query::sources(ctx.conn(), &ids)?;
    let Some(text) = text else { return Ok(all) };
    let wanted = normalize(text);
    let exact: Vec<Source> = all.iter().filter(|s| s.id == text).cloned().collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let found: Vec<Source> = all
        .iter()
        .filter(|s| {
            !wanted.is_empty()
                && (normalize(&s.id).contains(&wanted)
                    || normalize(&s.title).contains(&wanted)
                    || normalize(&s.publisher).contains(&wanted))
        })
        .cloned()
        .collect();
    if found.is_empty() {
        let known: Vec<String> = all.iter().map(|s| s.id.clone()).collect();
        return Err(Error::usage(format!(
            "no publication with claims matches '{}'; publications: {}",
            printable(text, 60),
            known.join(", ")
        )));
    }
    Ok(found)
}

pub fn audited(ctx: &Ctx, args: &AuditArgs) -> Result<Vec<AuditedClaim>> {
    let claims = query::claims(ctx.conn())?;
    let publications = publications(ctx, &claims, args.source.as_deref())?;
    let mut count = None;
    let mut out = Vec::new();
    for claim in claims {
        let Some(publication) = publications.iter().find(|p| p.id == claim.source_id) else {
            continue;
        };
        if args.verdict.as_ref().is_some_and(|v| v != &claim.verdict) {
            continue;
        }
        let record_count = match claim.claimed_count {
            Some(_)
                if claim
                    .printed_text
                    .as_deref()
                    .is_some_and(|t| t.contains("products approved")) =>
            {
                if count.is_none() {
                    count = Some(record_count(ctx, Day::today())?);
                }
                count.as_ref().map(|c| RecordCount {
                    as_of: c.as_of.clone(),
                    ..*c
                })
            }
            _ => None,
        };
        out.push(AuditedClaim {
            publication: format!("{} — {}", publication.title, publication.publisher),
            as_printed: claim.as_printed(),
            claim,
            record_count,
        });
    }
    Ok(out)
}

/// "Table 2: 20 rows — 10 confirmed, 4 corrected, 5 wrong, 1 unverified".
pub fn summary(section: &str, claims: &[&AuditedClaim]) -> String {
    let noun = if section.starts_with("Table") {
        "rows"
    } else {
        "claims"
    };
    let counts: Vec<String> = ClaimVerdict::NAMES
        .iter()
        .map(|v| (v, claims.iter().filter(|c| c.claim.verdict == *v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {v}"))
        .collect();
    format!("{section}: {} {noun} — {}", claims.len(), counts.join(", "))
}

pub fn run(args: &AuditArgs, ctx: &mut Ctx) -> Result<()> {
    let claims = audited(ctx, args)?;
    match ctx.out.format {
        Format::Json => return ctx.out.json(&claims),
        Format::Csv => {
            let rows: Vec<Vec<String>> = claims
                .iter()
                .map(|a| {
                    let c = &a.claim;
                    vec![
                        c.source_id.clone(),
                        c.locator.clone(),
                        a.as_printed.clone(),
                        c.verdict.clone(),
                        c.correction.clone(),
                        c.product_id.clone().unwrap_or_default(),
                        c.decision_ids.join(";"),
                        c.sources.join(";"),
                    ]
                })
                .collect();
            return ctx.out.csv(
                &[
                    "source_id",
                    "locator",
                    "as_printed",
                    "verdict",
                    "correction",
                    "product_id",
                    "decision_ids",
                    "sources",
                ],
                &rows,
            );
        }
        Format::Table => {}
    }
    if claims.is_empty() {
        return ctx.out.line("No claim matches.");
    }
    let mut by_publication: BTreeMap<(usize, String), Vec<&AuditedClaim>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for c in &claims {
        if !order.contains(&c.claim.source_id) {
            order.push(c.claim.source_id.clone());
        }
        let rank = order.iter().position(|s| s == &c.claim.source_id).unwrap_or(0);
        by_publication
            .entry((rank, c.publication.clone()))
            .or_default()
            .push(c);
    }
    for (i, ((_, publication), group)) in by_publication.iter().enumerate() {
        if i > 0 {
            ctx.out.blank()?;
        }
        ctx.out.line(publication)?;
        let mut sections: Vec<&str> = Vec::new();
        for c in group {
            if !sections.contains(&c.claim.section()) {
                sections.push(c.claim.section());
            }
        }
        for section in &sections {
            let members: Vec<&AuditedClaim> = group
                .iter()
                .copied()
                .filter(|c| c.claim.section() == *section)
                .collect();
            ctx.out.line(&summary(section, &members))?;
        }
        let rows: Vec<Vec<String>> = group
            .iter()
            .map(|a| {
                let mut correction = a.claim.correction.clone();
                if let (Some(claimed), Some(count)) = (a.claim.claimed_count, &a.record_count) {
                    correction.push_str(&format!(
                        "\nClaimed: {claimed}. Record: {} MSC and MSC-like products have ever held a grant; {} hold one on {}.",
                        count.msc_products_ever_granted, count.msc_products_in_force, count.as_of
                    ));
                }
                if !a.claim.decision_ids.is_empty() {
                    correction.push_str(&format!("\nDecisions: {}", a.claim.decision_ids.join(", ")));
                }
                if let Some(note) = &a.claim.note {
                    correction.push_str(&format!("\nNote: {note}"));
                }
                // The section is in the summary line above; the row names only the place within it.
                let place = a.claim.locator.split_once(", ").map_or(a.claim.locator.as_str(), |(_, rest)| rest);
                vec![place.to_string(), a.as_printed.clone(), a.claim.verdict.clone(), correction]
            })
            .collect();
        ctx.out
            .table(&["Where", "As printed", "Verdict", "The record"], &rows)?;
    }
    if ctx.with_sources {
        let ids: Vec<String> = claims.iter().flat_map(|c| c.claim.sources.clone()).collect();
        super::print_sources(ctx, &ids)?;
    }
    Ok(())
}
