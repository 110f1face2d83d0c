//! `mscdb products`: products with their approvals in force, filtered.

use serde::Serialize;

use crate::cli::{ProductsArgs, StatusFilter};
use crate::error::Result;
use crate::query::{self, Decision, Product, Standing};
use crate::render::Format;
use crate::status::Status;

use super::{Ctx, Scope, join_lines};

/// One grant in the scope asked, with where it stands.
#[derive(Debug, Serialize)]
pub struct Grant {
    pub decision_id: String,
    pub jurisdiction: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    /// How the date was reported: `announced`, `by` (on or before), or none.
    pub date_qualifier: Option<String>,
    pub indication_id: String,
    pub indication: String,
    /// `in-force` or `ended`.
    pub status: &'static str,
    pub ended_by: Option<String>,
    pub ended_on: Option<String>,
    /// The name the product carried in this grant.
    pub brand: Option<String>,
    pub status_note: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ProductRow {
    pub id: String,
    pub name: String,
    pub nonproprietary_name: Option<String>,
    pub sponsor: String,
    pub cell_type: String,
    pub donor: String,
    pub tissue: String,
    /// `approved`, `no-longer-approved` or `not-approved`, in the scope asked.
    pub status: &'static str,
    pub as_of: String,
    pub grants: Vec<Grant>,
}

/// The grants of one product that fall in scope.
pub fn grants_in_scope(standings: &[Standing], scope: &Scope) -> Vec<Grant> {
    standings
        .iter()
        .filter(|s| scope.includes_place(&s.jurisdiction) && scope.includes_indication(&s.indication_id))
        .filter_map(|s| {
            let grant: &Decision = s.grant?;
            if !scope.includes(grant) {
                return None;
            }
            let (status, ended_by, ended_on) = match &s.status {
                Status::InForce { .. } => ("in-force", None, None),
                Status::Ended { .. } => match s.end {
                    Some(end) => ("ended", Some(end.decision.clone()), Some(end.date.clone())),
                    None => ("ended", Some("expiry".to_string()), grant.valid_until.clone()),
                },
                _ => return None,
            };
            Some(Grant {
                decision_id: grant.id.clone(),
                jurisdiction: grant.jurisdiction.clone(),
                regulator: grant.regulator.clone(),
                decision: grant.decision.clone(),
                date: grant.date.clone(),
                date_qualifier: grant.date_qualifier.clone(),
                indication_id: s.indication_id.clone(),
                indication: grant.indication_label(),
                status,
                ended_by,
                ended_on,
                brand: grant.brand.clone(),
                status_note: grant.status_note.clone(),
                sources: grant.sources.clone(),
            })
        })
        .collect()
}

impl Grant {
    /// "2019-03", "by 2019", "announced 2012-01-19".
    pub fn date_label(&self) -> String {
        crate::date::label(&self.date, self.date_qualifier.as_deref())
    }
}

fn product_status(grants: &[Grant]) -> &'static str {
    if grants.iter().any(|g| g.status == "in-force") {
        "approved"
    } else if grants.is_empty() {
        "not-approved"
    } else {
        "no-longer-approved"
    }
}

/// The rows `products` answers with; used by the command and by benchmarks.
pub fn rows(ctx: &Ctx, args: &ProductsArgs, scope: &Scope) -> Result<Vec<ProductRow>> {
    let conn = ctx.conn();
    // Listing grants in a country needs only that country's decisions, which
    // the jurisdiction index finds; "not approved" needs every product.
    let narrow = matches!(
        args.status,
        StatusFilter::Approved | StatusFilter::NoLongerApproved
    );
    let (decisions, products) = match (&scope.jurisdictions, narrow) {
        (Some(places), true) => {
            let decisions = query::decisions_in(conn, places)?;
            let mut products = Vec::with_capacity(decisions.len());
            for id in decisions.keys() {
                products.extend(query::product(conn, id)?);
            }
            products.sort_by_key(|p| p.name.to_lowercase());
            (decisions, products)
        }
        _ => (query::all_decisions(conn)?, query::products(conn)?),
    };
    let empty = Vec::new();
    let mut out = Vec::new();
    for product in products {
        if !scope.includes_product(&product)
            || args.tissue.as_ref().is_some_and(|t| t != &product.tissue)
            || args.donor.as_ref().is_some_and(|d| d != &product.donor)
        {
            continue;
        }
        let product_decisions = decisions.get(&product.id).unwrap_or(&empty);
        let standings = query::standings(product_decisions, scope.as_of);
        let mut grants = grants_in_scope(&standings, scope);
        grants.retain(|g| {
            let year: u16 = g.date[..4].parse().unwrap_or(0);
            args.since.is_none_or(|s| year >= s) && args.until.is_none_or(|u| year <= u)
        });
        let status = product_status(&grants);
        let wanted = match args.status {
            StatusFilter::Approved => status == "approved",
            StatusFilter::NoLongerApproved => status == "no-longer-approved",
            StatusFilter::NotApproved => status == "not-approved",
            StatusFilter::All => true,
        };
        if wanted {
            out.push(row(product, status, scope, grants));
        }
    }
    Ok(out)
}

fn row(product: Product, status: &'static str, scope: &Scope, grants: Vec<Grant>) -> ProductRow {
    ProductRow {
        id: product.id,
        name: product.name,
        nonproprietary_name: product.nonproprietary_name,
        sponsor: product.sponsor,
        cell_type: product.cell_type,
        donor: product.donor,
        tissue: product.tissue,
        status,
        as_of: scope.as_of.to_string(),
        grants,
    }
}

/// "KR approval 2012-01-19: knee osteoarthritis and cartilage defects".
pub fn grant_label(g: &Grant) -> String {
    let mut text = format!(
        "{} {} {} ({}): {}",
        g.jurisdiction,
        g.decision,
        g.date_label(),
        g.regulator,
        g.indication
    );
    if g.status == "ended" {
        text.push_str(&format!(
            " — ended: {} {}",
            g.ended_by.as_deref().unwrap_or(""),
            g.ended_on.as_deref().unwrap_or("")
        ));
    } else if g.status_note.is_some() {
        text.push_str(" [current status unconfirmed]");
    }
    text
}

pub fn run(args: &ProductsArgs, ctx: &mut Ctx) -> Result<()> {
    let scope = Scope::resolve(ctx.conn(), &args.scope, args.indication.as_deref())?;
    let rows = rows(ctx, args, &scope)?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&rows)?,
        Format::Csv => {
            let headers = [
                "id",
                "name",
                "nonproprietary_name",
                "sponsor",
                "cell_type",
                "donor",
                "tissue",
                "status",
                "as_of",
                "grants",
            ];
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        r.nonproprietary_name.clone().unwrap_or_default(),
                        r.sponsor.clone(),
                        r.cell_type.clone(),
                        r.donor.clone(),
                        r.tissue.clone(),
                        r.status.to_string(),
                        r.as_of.clone(),
                        r.grants
                            .iter()
                            .map(|g| g.decision_id.clone())
                            .collect::<Vec<_>>()
                            .join(";"),
                    ]
                })
                .collect();
            ctx.out.csv(&headers, &lines)?;
        }
        Format::Table => {
            if rows.is_empty() {
                ctx.out
                    .line(&format!("No product matches (as of {}).", scope.as_of))?;
                return Ok(());
            }
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        match r.nonproprietary_name.as_deref() {
                            Some(n) if n.chars().count() <= 30 => format!("{}\n{n}", r.name),
                            _ => r.name.clone(),
                        },
                        format!("{} {}\n{}", r.donor, r.tissue, r.cell_type),
                        r.sponsor.clone(),
                        join_lines(r.grants.iter().map(grant_label)),
                    ]
                })
                .collect();
            let heading = format!("Grants in scope (as of {})", scope.as_of);
            ctx.out
                .table(&["Product", "Cells", "Sponsor", &heading], &lines)?;
            ctx.out.line(&format!(
                "{} product(s). 'mscdb show NAME' gives the full history and sources.",
                rows.len()
            ))?;
            if ctx.with_sources {
                let ids: Vec<String> = rows
                    .iter()
                    .flat_map(|r| r.grants.iter().flat_map(|g| g.sources.clone()))
                    .collect();
                super::print_sources(ctx, &ids)?;
            }
        }
    }
    Ok(())
}
