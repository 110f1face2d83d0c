//! `mscdb show PRODUCT`: everything the record holds about one product.

use serde::Serialize;

use crate::cli::ShowArgs;
use crate::error::Result;
use crate::query::{self, Alias, Claim, Decision, Filing, Product, Source, Standing};
use crate::render::Format;
use crate::status::Status;

use super::{Ctx, parse_as_of};

#[derive(Debug, Serialize)]
pub struct StandingRow {
    pub jurisdiction: String,
    pub indication_id: String,
    pub indication: String,
    /// `in-force`, `ended`, `refused` or `no-grant`.
    pub status: &'static str,
    /// Human summary of why.
    pub detail: String,
    pub decision_ids: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProductReport {
    #[serde(flatten)]
    pub product: Product,
    pub aliases: Vec<Alias>,
    pub as_of: String,
    pub status: Vec<StandingRow>,
    pub decisions: Vec<Decision>,
    pub filings: Vec<Filing>,
    /// Published claims about the product, with their verdicts.
    pub claims: Vec<Claim>,
    pub sources: Vec<Source>,
}

pub fn standing_row(s: &Standing, indication: String) -> StandingRow {
    let (status, detail, ids): (&'static str, String, Vec<String>) = match (&s.status, s.grant) {
        (Status::InForce { .. }, Some(g)) => {
            let mut detail = format!("{} {} ({})", g.decision, g.date_label(), g.regulator);
            if g.status_note.is_some() {
                detail.push_str("; current status unconfirmed");
            }
            ("in-force", detail, vec![g.id.clone()])
        }
        (Status::Ended { .. }, Some(g)) => match s.end {
            Some(end) => (
                "ended",
                format!(
                    "{} {}, ended by {} {}",
                    g.decision,
                    g.date_label(),
                    end.decision,
                    end.date_label()
                ),
                vec![g.id.clone(), end.id.clone()],
            ),
            None => (
                "ended",
                format!(
                    "{} {}; its term ran out after {}",
                    g.decision,
                    g.date_label(),
                    g.valid_until.as_deref().unwrap_or("?")
                ),
                vec![g.id.clone()],
            ),
        },
        (Status::Refused { .. }, _) => (
            "refused",
            s.negatives
                .iter()
                .map(|d| format!("{} {}", d.decision, d.date_label()))
                .collect::<Vec<_>>()
                .join("; "),
            s.negatives.iter().map(|d| d.id.clone()).collect(),
        ),
        // `query::standings` always pairs a grant with in-force and ended statuses.
        _ => (
            "no-grant",
            "no grant: designations, filings or access programmes only".into(),
            Vec::new(),
        ),
    };
    StandingRow {
        jurisdiction: s.jurisdiction.clone(),
        indication_id: s.indication_id.clone(),
        indication,
        status,
        detail,
        decision_ids: ids,
    }
}

pub fn report(ctx: &Ctx, product: Product, as_of: crate::date::Day) -> Result<ProductReport> {
    let conn = ctx.conn();
    let decisions = query::decisions_of(conn, &product.id)?;
    let standings = query::standings(&decisions, as_of);
    let mut status = Vec::new();
    for s in &standings {
        status.push(standing_row(s, query::indication_name(conn, &s.indication_id)?));
    }
    // In-force first, then ended, refused, the rest.
    let rank = |s: &str| {
        ["in-force", "ended", "refused", "no-grant"]
            .iter()
            .position(|x| *x == s)
            .unwrap_or(9)
    };
    status.sort_by_key(|s| rank(s.status));
    // Numbered in the order a reader meets them: the timeline, then the product.
    let filings = query::filings_of(conn, &product.id)?;
    let claims = query::claims_about(conn, &product.id)?;
    let mut ids: Vec<String> = decisions.iter().flat_map(|d| d.sources.clone()).collect();
    ids.extend(filings.iter().flat_map(|f| f.sources.clone()));
    ids.extend(product.sources.iter().cloned());
    let sources = query::sources(conn, &ids)?;
    let aliases = query::aliases_of(conn, &product.id)?;
    Ok(ProductReport {
        product,
        aliases,
        as_of: as_of.to_string(),
        status,
        decisions,
        filings,
        claims,
        sources,
    })
}

pub fn run(args: &ShowArgs, ctx: &mut Ctx) -> Result<()> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let product = crate::answer::require_product(ctx.conn(), &args.product)?;
    let report = report(ctx, product, as_of)?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&report)?,
        Format::Csv => print_csv(ctx, &report)?,
        Format::Table => print_table(ctx, &report)?,
    }
    Ok(())
}

/// CSV of `show` is the decision timeline: one row per decision.
fn print_csv(ctx: &mut Ctx, report: &ProductReport) -> Result<()> {
    let headers = [
        "product_id",
        "decision_id",
        "date",
        "date_qualifier",
        "jurisdiction",
        "regulator",
        "decision",
        "brand",
        "indication_id",
        "indication_text",
        "pathway",
        "confidence",
        "sources",
    ];
    let rows: Vec<Vec<String>> = report
        .decisions
        .iter()
        .map(|d| {
            vec![
                d.product_id.clone(),
                d.id.clone(),
                d.date.clone(),
                d.date_qualifier.clone().unwrap_or_default(),
                d.jurisdiction.clone(),
                d.regulator.clone(),
                d.decision.clone(),
                d.brand.clone().unwrap_or_default(),
                d.indication_id.clone().unwrap_or_default(),
                d.indication_text.clone().unwrap_or_default(),
                d.pathway.clone().unwrap_or_default(),
                d.confidence.clone(),
                d.sources.join(";"),
            ]
        })
        .collect();
    ctx.out.csv(&headers, &rows)
}

fn print_table(ctx: &mut Ctx, r: &ProductReport) -> Result<()> {
    let p = &r.product;
    let out = &mut *ctx.out;
    out.line(&format!("{} — {}", p.display_name(), p.sponsor))?;
    out.line(&format!(
        "Cells: {} ({} donor, {} tissue)",
        p.cell_type, p.donor, p.tissue
    ))?;
    if !r.aliases.is_empty() {
        let names: Vec<String> = r
            .aliases
            .iter()
            .map(|a| format!("{} ({})", a.alias, a.kind))
            .collect();
        out.line(&format!("Also: {}", names.join(", ")))?;
    }
    if let Some(notes) = &p.notes {
        out.line(&format!("Notes: {notes}"))?;
    }
    out.blank()?;
    out.line(&format!("Status as of {}:", r.as_of))?;
    if r.status.is_empty() {
        out.line("  No decision on record.")?;
    } else {
        let rows: Vec<Vec<String>> = r
            .status
            .iter()
            .map(|s| {
                vec![
                    s.jurisdiction.clone(),
                    s.indication.clone(),
                    s.status.to_string(),
                    s.detail.clone(),
                ]
            })
            .collect();
        out.table(&["Where", "Indication", "Status", "Because"], &rows)?;
    }
    for s in r
        .decisions
        .iter()
        .filter_map(|d| d.status_note.as_ref().map(|n| (d, n)))
    {
        out.line(&format!(
            "Unconfirmed ({} {}): {}",
            s.0.jurisdiction,
            s.0.date_label(),
            s.1
        ))?;
    }
    out.blank()?;
    out.line("Decisions, by jurisdiction:")?;
    let mut decisions: Vec<&Decision> = r.decisions.iter().collect();
    decisions.sort_by(|a, b| a.jurisdiction.cmp(&b.jurisdiction)); // stable: keeps date order within
    let rows: Vec<Vec<String>> = decisions
        .iter()
        .map(|d| {
            let mut what = d.decision.clone();
            if let Some(pathway) = &d.pathway {
                what.push_str(&format!("\n{pathway}"));
            }
            let mut indication = d.indication_text.clone().unwrap_or_else(|| d.indication_label());
            if let Some(note) = &d.note {
                indication.push_str(&format!("\nNote: {note}"));
            }
            vec![
                d.jurisdiction.clone(),
                d.date_label(),
                d.regulator.clone(),
                what,
                indication,
                source_numbers(&r.sources, &d.sources),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.line("  None on record.")?;
    } else {
        out.table(
            &["Where", "Date", "Regulator", "Decision", "Indication", "Sources"],
            &rows,
        )?;
    }
    if !r.filings.is_empty() {
        out.blank()?;
        out.line("Filings and registrations:")?;
        let rows: Vec<Vec<String>> = r
            .filings
            .iter()
            .map(|f| {
                let phase = f.phase.as_deref().map(|p| format!("\n{p}")).unwrap_or_default();
                vec![
                    f.regulator.clone().unwrap_or_default(),
                    f.kind.clone(),
                    f.number.clone().unwrap_or_default(),
                    f.date_label(),
                    format!("{}{phase}", f.status),
                    source_numbers(&r.sources, &f.sources),
                ]
            })
            .collect();
        out.table(
            &["Regulator", "Kind", "Number", "Date", "Status", "Sources"],
            &rows,
        )?;
    }
    if !r.claims.is_empty() {
        out.blank()?;
        out.line("Published claims about it (see 'mscdb audit'):")?;
        let rows: Vec<Vec<String>> = r
            .claims
            .iter()
            .map(|c| {
                vec![
                    format!("{}\n{}", c.source_id, c.locator),
                    c.as_printed(),
                    c.verdict.clone(),
                ]
            })
            .collect();
        out.table(&["Where", "As printed", "Verdict"], &rows)?;
    }
    super::print_source_list(out, &r.sources)
}

/// "1, 3": the positions of `ids` in the numbered source list.
fn source_numbers(list: &[Source], ids: &[String]) -> String {
    let numbers: Vec<String> = ids
        .iter()
        .filter_map(|id| list.iter().position(|s| &s.id == id))
        .map(|i| (i + 1).to_string())
        .collect();
    numbers.join(", ")
}
