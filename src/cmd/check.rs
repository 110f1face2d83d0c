//! `mscdb check`: is this product approved — here, for this, on this date?
//! One verdict with the decisions and sources behind it; exit 0 only when
//! approved in the scope asked.

use serde::Serialize;

use crate::cli::{CheckArgs, ScopeArgs};
use crate::date::Day;
use crate::error::{Error, Result, printable};
use crate::model::{DecisionKind, Effect};
use crate::query::{self, Decision, Filing, Product, Source, Standing};
use crate::render::Format;
use crate::resolve::{self, NameKind};
use crate::status::Status;
use crate::verdict::{Verdict, decide};

use super::{Ctx, Scope, join_lines};

#[derive(Debug, Serialize)]
pub struct CheckQuery {
    pub name: Option<String>,
    #[serde(rename = "in")]
    pub country: Option<String>,
    #[serde(rename = "for")]
    pub indication: Option<String>,
    pub as_of: String,
}

/// A decision behind the verdict, with the product it concerns.
#[derive(Debug, Serialize)]
pub struct Evidence {
    pub product: String,
    #[serde(flatten)]
    pub decision: Decision,
}

/// A grant in force outside the scope asked.
#[derive(Debug, Serialize)]
pub struct Elsewhere {
    pub product_id: String,
    pub product: String,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    pub indication_id: String,
    pub indication: String,
    pub decision_id: String,
}

#[derive(Debug, Serialize)]
pub struct CheckAnswer {
    pub verdict: Verdict,
    pub headline: String,
    pub query: CheckQuery,
    pub product: Option<Product>,
    pub evidence: Vec<Evidence>,
    pub approved_elsewhere: Vec<Elsewhere>,
    /// Investigational filings on record by the date (for an `investigational` verdict and context).
    pub filings: Vec<Filing>,
    pub caveats: Vec<String>,
    pub suggestions: Vec<String>,
    pub sources: Vec<Source>,
}

const ABSENCE: &str = "Absence from the record is not proof of anything: the record holds MSC and MSC-like \
products that received a regulatory decision, and the products its sources name.";

/// "the United States", "South Korea".
fn place(conn: &rusqlite::Connection, code: &str) -> Result<String> {
    Ok(with_article(&query::jurisdiction_name(conn, code)?))
}

fn with_article(name: &str) -> String {
    let needs_the = ["United ", "European ", "Netherlands", "Philippines"]
        .iter()
        .any(|p| name.starts_with(p));
    if needs_the {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

fn places(conn: &rusqlite::Connection, codes: impl IntoIterator<Item = String>) -> Result<String> {
    let mut codes: Vec<String> = codes.into_iter().collect();
    codes.dedup();
    let mut unique: Vec<String> = Vec::new();
    for c in codes {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    let names = unique
        .iter()
        .map(|c| place(conn, c))
        .collect::<Result<Vec<_>>>()?;
    Ok(and_list(&names))
}

/// "Ryoncil (remestemcel-L)", with the brand the grant carried.
fn product_label(product: &Product, brand: Option<&str>) -> String {
    let name = brand.unwrap_or(&product.name);
    match &product.nonproprietary_name {
        Some(n) if n != name && n.chars().count() <= 40 => format!("{name} ({n})"),
        _ => name.to_string(),
    }
}

fn is_today(as_of: Day) -> bool {
    as_of == Day::today()
}

/// " as of 2019-06-01" unless the date is today.
fn when(as_of: Day) -> String {
    if is_today(as_of) {
        String::new()
    } else {
        format!(" as of {as_of}")
    }
}

fn decision_phrase(d: &Decision) -> String {
    format!("{} {} {}", d.regulator, d.decision, d.date_label())
}

/// Caveats a grant carries: its conditions and what the sources left open.
fn grant_caveats(conn: &rusqlite::Connection, grant: &Decision, out: &mut Vec<String>) -> Result<()> {
    let where_ = place(conn, &grant.jurisdiction)?;
    if grant.kind().is_provisional_grant() {
        let mut text = format!("In {where_} the grant is a {}", grant.decision.replace('-', " "));
        if let Some(pathway) = &grant.pathway {
            text.push_str(&format!(" ({pathway})"));
        }
        text.push('.');
        if let Some(note) = &grant.note {
            text.push_str(&format!(" {note}"));
        }
        out.push(text);
    }
    if let Some(note) = &grant.status_note {
        out.push(format!("In {where_}, not confirmed by the sources: {note}"));
    }
    if let Some(until) = &grant.valid_until {
        out.push(format!("In {where_} the grant's term runs to {until}."));
    }
    Ok(())
}

pub fn run(args: &CheckArgs, ctx: &mut Ctx) -> Result<Verdict> {
    let answer = answer(ctx, args)?;
    print(ctx, &answer)?;
    Ok(answer.verdict)
}

pub fn answer(ctx: &Ctx, args: &CheckArgs) -> Result<CheckAnswer> {
    let conn = ctx.conn();
    if let Some(name) = &args.name
        && name.trim().is_empty()
    {
        return Err(Error::usage("empty product name"));
    }
    if args.name.is_none() && args.indication.is_none() {
        return Err(Error::usage(
            "check needs a product NAME, or --for INDICATION (or both)",
        ));
    }
    let scope_args = ScopeArgs {
        country: args.country.clone(),
        as_of: args.as_of.clone(),
        cell_type: vec!["all".into()],
        regulator: None,
    };
    let scope = Scope::resolve(conn, &scope_args, args.indication.as_deref())?;
    let query = CheckQuery {
        name: args.name.clone(),
        country: scope.country.clone(),
        indication: scope.indications.as_ref().map(|ids| ids.join(";")),
        as_of: scope.as_of.to_string(),
    };
    let mut answer = match &args.name {
        Some(name) => check_product(ctx, name, &scope, query)?,
        None => check_indication(ctx, &scope, query)?,
    };
    let mut ids: Vec<String> = answer
        .evidence
        .iter()
        .flat_map(|e| e.decision.sources.clone())
        .collect();
    ids.extend(answer.filings.iter().flat_map(|f| f.sources.clone()));
    if let Some(p) = &answer.product {
        ids.extend(p.sources.iter().cloned());
    }
    answer.sources = query::sources(conn, &ids)?;
    Ok(answer)
}

/// Describes the scope asked: " in the United States for knee osteoarthritis".
fn scope_phrase(conn: &rusqlite::Connection, scope: &Scope) -> Result<String> {
    let mut text = String::new();
    if let Some(code) = &scope.country {
        text.push_str(&format!(" in {}", place(conn, code)?));
    }
    if let Some(ids) = &scope.indications {
        let names = ids
            .iter()
            .map(|i| query::indication_name(conn, i))
            .collect::<Result<Vec<_>>>()?;
        text.push_str(&format!(" for {}", and_list(&names)));
    }
    Ok(text)
}

fn elsewhere_row(conn: &rusqlite::Connection, product: &Product, s: &Standing) -> Result<Option<Elsewhere>> {
    let Some(g) = s.grant else { return Ok(None) };
    Ok(Some(Elsewhere {
        product_id: product.id.clone(),
        product: g.brand.clone().unwrap_or_else(|| product.name.clone()),
        jurisdiction: g.jurisdiction.clone(),
        jurisdiction_name: query::jurisdiction_name(conn, &g.jurisdiction)?,
        regulator: g.regulator.clone(),
        decision: g.decision.clone(),
        date: g.date_label(),
        indication_id: s.indication_id.clone(),
        indication: query::indication_name(conn, &s.indication_id)?,
        decision_id: g.id.clone(),
    }))
}

fn check_product(ctx: &Ctx, name: &str, scope: &Scope, query: CheckQuery) -> Result<CheckAnswer> {
    let conn = ctx.conn();
    let ids = resolve::lookup(conn, NameKind::Product, name)?;
    let Some(product) = ids
        .first()
        .map(|id| query::product(conn, id))
        .transpose()?
        .flatten()
    else {
        let suggestions = resolve::suggest(conn, NameKind::Product, name)?;
        let mut headline = format!("'{}' is not in the record.", printable(name, 80));
        if !suggestions.is_empty() {
            headline.push_str(&format!(" Did you mean {}?", resolve::quote_list(&suggestions)));
        }
        return Ok(CheckAnswer {
            verdict: Verdict::NotInRecord,
            headline,
            query,
            product: None,
            evidence: Vec::new(),
            approved_elsewhere: Vec::new(),
            filings: Vec::new(),
            caveats: vec![ABSENCE.to_string()],
            suggestions,
            sources: Vec::new(),
        });
    };
    let decisions = query::decisions_of(conn, &product.id)?;
    let standings = query::standings(&decisions, scope.as_of);
    let in_scope: Vec<&Standing> = standings
        .iter()
        .filter(|s| scope.includes_place(&s.jurisdiction) && scope.includes_indication(&s.indication_id))
        .collect();
    let elsewhere: Vec<&Standing> = standings
        .iter()
        .filter(|s| s.status.is_in_force())
        .filter(|s| !(scope.includes_place(&s.jurisdiction) && scope.includes_indication(&s.indication_id)))
        .collect();
    let happened: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.event().happened_by(scope.as_of))
        .collect();
    let filings: Vec<Filing> = query::filings_of(conn, &product.id)?
        .into_iter()
        .filter(|f| f.on_record_by(scope.as_of))
        .collect();
    let has_filings = !filings.is_empty()
        || happened
            .iter()
            .any(|d| d.kind() == DecisionKind::ApplicationFiled);
    let statuses: Vec<&Status> = in_scope.iter().map(|s| &s.status).collect();
    let verdict = decide(&statuses, !elsewhere.is_empty(), has_filings);

    let mut evidence: Vec<&Decision> = Vec::new();
    let mut caveats = Vec::new();
    let label = product_label(&product, None);
    let asked = scope_phrase(conn, scope)?;
    let headline = match verdict {
        Verdict::Approved => {
            let grants: Vec<&Decision> = in_scope
                .iter()
                .filter(|s| s.status.is_in_force())
                .filter_map(|s| s.grant)
                .collect();
            evidence.extend(grants.iter().copied());
            for g in &grants {
                grant_caveats(conn, g, &mut caveats)?;
            }
            let mut by_recency = grants.clone();
            by_recency.sort_by(|a, b| b.event().date.chronological(a.event().date));
            let where_ = places(conn, by_recency.iter().map(|g| g.jurisdiction.clone()))?;
            let verb = if is_today(scope.as_of) { "is" } else { "was" };
            let indication = match &scope.indications {
                Some(_) => asked
                    .split(" for ")
                    .nth(1)
                    .map(|i| format!(" for {i}"))
                    .unwrap_or_default(),
                None => String::new(),
            };
            if let [g] = grants.as_slice() {
                format!(
                    "{} {verb} approved in {where_}{indication}{}: {} for {}.",
                    product_label(&product, g.brand.as_deref()),
                    when(scope.as_of),
                    decision_phrase(g),
                    g.indication_text.clone().unwrap_or_else(|| g.indication_label())
                )
            } else {
                // Most recent first, each with the brand it carried.
                let mut sorted = grants.clone();
                sorted.sort_by(|a, b| b.event().date.chronological(a.event().date));
                let parts: Vec<String> = sorted
                    .iter()
                    .map(|g| {
                        let brand = match g.brand.as_deref() {
                            Some(b) if b != product.name => format!(" as {b}"),
                            _ => String::new(),
                        };
                        format!("{}{brand} ({})", decision_phrase(g), g.indication_label())
                    })
                    .collect();
                format!(
                    "{label} {verb} approved in {where_}{indication}{}: {}.",
                    when(scope.as_of),
                    parts.join("; ")
                )
            }
        }
        Verdict::NoLongerApproved => {
            let ended: Vec<&&Standing> = in_scope
                .iter()
                .filter(|s| matches!(s.status, Status::Ended { .. }))
                .collect();
            let mut parts = Vec::new();
            for s in &ended {
                if let Some(g) = s.grant {
                    evidence.push(g);
                    let how = match s.end {
                        Some(end) => {
                            evidence.push(end);
                            format!("ended by {}", decision_phrase(end))
                        }
                        None => format!(
                            "its term ran out after {}",
                            g.valid_until.as_deref().unwrap_or("?")
                        ),
                    };
                    parts.push(format!("{}, {how}", decision_phrase(g)));
                }
            }
            format!(
                "{label} is no longer approved{asked}{}: {}.",
                when(scope.as_of),
                parts.join("; ")
            )
        }
        Verdict::Refused => {
            let negatives: Vec<&Decision> = in_scope
                .iter()
                .flat_map(|s| s.negatives.iter().copied())
                .collect();
            evidence.extend(negatives.iter().copied());
            let list: Vec<String> = negatives.iter().map(|d| decision_phrase(d)).collect();
            format!(
                "{label} is not approved{asked}{}: {}.",
                when(scope.as_of),
                list.join("; ")
            )
        }
        Verdict::ApprovedElsewhere => {
            // Whatever did happen in scope (designations, access programmes) is evidence too.
            evidence.extend(happened.iter().copied().filter(|d| scope.includes(d)));
            let mut parts: Vec<String> = Vec::new();
            for s in &elsewhere {
                let part = format!(
                    "{} for {}",
                    place(conn, &s.jurisdiction)?,
                    query::indication_name(conn, &s.indication_id)?
                );
                if !parts.contains(&part) {
                    parts.push(part);
                }
            }
            let scope_text = if asked.is_empty() {
                " here".to_string()
            } else {
                asked.clone()
            };
            format!(
                "{label} is not approved{scope_text}{}, but is approved in {}.",
                when(scope.as_of),
                parts.join("; ")
            )
        }
        Verdict::Investigational => {
            evidence.extend(happened.iter().copied());
            let numbers: Vec<String> = filings
                .iter()
                .map(|f| {
                    let number = f.number.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
                    format!(
                        "{} {}{number}",
                        f.regulator.as_deref().unwrap_or("registry"),
                        f.kind
                    )
                })
                .collect();
            let mut text = format!(
                "{label} is not approved anywhere{}; it is investigational",
                when(scope.as_of)
            );
            if !numbers.is_empty() {
                text.push_str(&format!(": {}", numbers.join(", ")));
            }
            text.push('.');
            text
        }
        Verdict::NotApproved | Verdict::NotInRecord => {
            evidence.extend(happened.iter().copied());
            let steps: Vec<String> = happened
                .iter()
                .map(|d| format!("{} {}", d.decision, d.date_label()))
                .collect();
            let mut text = format!(
                "{label} is in the record but holds no marketing approval anywhere{}",
                when(scope.as_of)
            );
            if !steps.is_empty() {
                text.push_str(&format!("; what it has: {}", steps.join(", ")));
            }
            text.push('.');
            text
        }
    };
    if verdict != Verdict::Approved
        && let Some(notes) = &product.notes
    {
        caveats.push(notes.clone());
    }
    // Notes on the steps and refusals shown (a grant's own note is in its caveat).
    for d in evidence.iter().filter(|d| d.kind().effect() != Effect::Grant) {
        if let Some(note) = &d.note {
            caveats.push(format!(
                "{} {} {}: {note}",
                d.jurisdiction,
                d.decision,
                d.date_label()
            ));
        }
    }
    let approved_elsewhere = elsewhere
        .iter()
        .map(|s| elsewhere_row(conn, &product, s))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    Ok(CheckAnswer {
        verdict,
        headline,
        query,
        evidence: evidence
            .into_iter()
            .map(|d| Evidence {
                product: product.name.clone(),
                decision: d.clone(),
            })
            .collect(),
        product: Some(product),
        approved_elsewhere,
        filings,
        caveats,
        suggestions: Vec::new(),
        sources: Vec::new(),
    })
}

/// `check --for INDICATION [--in COUNTRY]`: is any MSC product approved for it?
fn check_indication(ctx: &Ctx, scope: &Scope, query: CheckQuery) -> Result<CheckAnswer> {
    let conn = ctx.conn();
    let all = query::all_decisions(conn)?;
    let mut statuses: Vec<Status> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut approved_elsewhere: Vec<Elsewhere> = Vec::new();
    let mut caveats = Vec::new();
    let mut approved_names: Vec<String> = Vec::new();
    let mut approved_products: Vec<String> = Vec::new();
    for product in query::products(conn)?.into_iter().filter(Product::is_msc_like) {
        let Some(decisions) = all.get(&product.id) else {
            continue;
        };
        for s in query::standings(decisions, scope.as_of) {
            if !scope.includes_indication(&s.indication_id) {
                continue;
            }
            if !scope.includes_place(&s.jurisdiction) {
                if let Some(row) = elsewhere_row(conn, &product, &s)?.filter(|_| s.status.is_in_force()) {
                    approved_elsewhere.push(row);
                }
                continue;
            }
            let mut cited: Vec<&Decision> = Vec::new();
            match &s.status {
                Status::InForce { .. } => {
                    if let Some(g) = s.grant {
                        cited.push(g);
                        grant_caveats(conn, g, &mut caveats)?;
                        // One entry per product and place, however many indications.
                        let name = format!(
                            "{} ({} {})",
                            g.brand.clone().unwrap_or_else(|| product.name.clone()),
                            g.jurisdiction,
                            g.date_label()
                        );
                        if !approved_names.contains(&name) {
                            approved_names.push(name);
                        }
                        if !approved_products.contains(&product.id) {
                            approved_products.push(product.id.clone());
                        }
                    }
                }
                Status::Ended { .. } => cited.extend(s.grant.into_iter().chain(s.end)),
                Status::Refused { .. } => cited.extend(s.negatives.iter().copied()),
                Status::None => {}
            }
            evidence.extend(cited.into_iter().map(|d| Evidence {
                product: product.name.clone(),
                decision: d.clone(),
            }));
            statuses.push(s.status.clone());
        }
    }
    let refs: Vec<&Status> = statuses.iter().collect();
    // With no product named there are no filings to weigh.
    let verdict = decide(&refs, !approved_elsewhere.is_empty(), false);
    let asked = scope_phrase(conn, scope)?;
    let when = when(scope.as_of);
    let headline = match verdict {
        Verdict::Approved => format!(
            "{} MSC product{} approved{asked}{when}: {}.",
            approved_products.len(),
            if approved_products.len() == 1 {
                " is"
            } else {
                "s are"
            },
            and_list(&approved_names)
        ),
        Verdict::ApprovedElsewhere => {
            let names: Vec<String> = approved_elsewhere
                .iter()
                .map(|e| {
                    format!(
                        "{} ({}, {} {})",
                        e.product, e.jurisdiction_name, e.decision, e.date
                    )
                })
                .collect();
            format!(
                "No MSC product is approved{asked}{when}. Approved elsewhere: {}.",
                and_list(&names)
            )
        }
        Verdict::NoLongerApproved => {
            format!("No MSC product is approved{asked}{when} any longer; earlier grants ended.")
        }
        _ => format!("No MSC product in the record is approved{asked}{when}."),
    };
    if verdict != Verdict::Approved {
        caveats.push(ABSENCE.to_string());
    }
    Ok(CheckAnswer {
        verdict,
        headline,
        query,
        product: None,
        evidence,
        approved_elsewhere,
        filings: Vec::new(),
        caveats,
        suggestions: Vec::new(),
        sources: Vec::new(),
    })
}

fn print(ctx: &mut Ctx, answer: &CheckAnswer) -> Result<()> {
    match ctx.out.format {
        Format::Json => return ctx.out.json(answer),
        Format::Csv => {
            let rows: Vec<Vec<String>> = answer
                .evidence
                .iter()
                .map(|e| {
                    let d = &e.decision;
                    vec![
                        answer.verdict.as_str().to_string(),
                        d.product_id.clone(),
                        d.id.clone(),
                        d.jurisdiction.clone(),
                        d.regulator.clone(),
                        d.decision.clone(),
                        d.date.clone(),
                        d.indication_id.clone().unwrap_or_default(),
                        d.sources.join(";"),
                    ]
                })
                .collect();
            let rows = if rows.is_empty() {
                vec![vec![
                    answer.verdict.as_str().to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]]
            } else {
                rows
            };
            return ctx.out.csv(
                &[
                    "verdict",
                    "product_id",
                    "decision_id",
                    "jurisdiction",
                    "regulator",
                    "decision",
                    "date",
                    "indication_id",
                    "sources",
                ],
                &rows,
            );
        }
        Format::Table => {}
    }
    let out = &mut *ctx.out;
    out.line(&format!("{}: {}", answer.verdict.as_str(), answer.headline))?;
    if !answer.evidence.is_empty() {
        out.blank()?;
        let multi = answer.product.is_none();
        let rows: Vec<Vec<String>> = answer
            .evidence
            .iter()
            .map(|e| {
                let d = &e.decision;
                let mut what = format!("{} {}", d.regulator, d.decision);
                if d.kind().effect() == Effect::Step {
                    what.push_str(" (not an approval)");
                }
                let mut row = vec![d.jurisdiction.clone(), d.date_label(), what, d.indication_label()];
                if multi {
                    row.insert(0, e.product.clone());
                }
                row.push(join_lines(d.sources.iter().cloned()));
                row
            })
            .collect();
        let mut headers = vec!["Where", "Date", "Decision", "Indication", "Sources"];
        if multi {
            headers.insert(0, "Product");
        }
        out.table(&headers, &rows)?;
    }
    if answer.verdict == Verdict::Investigational && !answer.filings.is_empty() {
        out.blank()?;
        out.line("Filings on record:")?;
        for f in &answer.filings {
            out.line(&format!(
                "- {} {} {}: {} {}",
                f.regulator.as_deref().unwrap_or("registry"),
                f.kind,
                f.number.as_deref().unwrap_or("(number not found)"),
                f.status,
                f.date_label()
            ))?;
        }
    }
    if !answer.approved_elsewhere.is_empty() {
        out.blank()?;
        out.line(if answer.verdict == Verdict::Approved {
            "Also approved:"
        } else {
            "Approved elsewhere:"
        })?;
        for e in &answer.approved_elsewhere {
            out.line(&format!(
                "- {} in {}: {} {} {} for {}",
                e.product,
                with_article(&e.jurisdiction_name),
                e.regulator,
                e.decision,
                e.date,
                e.indication
            ))?;
        }
    }
    if !answer.caveats.is_empty() {
        out.blank()?;
        out.line("Caveats:")?;
        for c in &answer.caveats {
            out.line(&format!("- {c}"))?;
        }
    }
    if ctx.with_sources {
        let sources = answer.sources.clone();
        super::print_source_list(ctx.out, &sources)?;
    }
    Ok(())
}
