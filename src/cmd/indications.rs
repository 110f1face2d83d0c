//! `mscdb indications`: which indications have an approved product in force, where.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cli::IndicationsArgs;
use crate::error::Result;
use crate::query;
use crate::render::Format;

use super::products::grants_in_scope;
use super::{Ctx, Scope, join_lines};

#[derive(Debug, Serialize)]
pub struct Approved {
    pub product_id: String,
    /// The name the product carried in the grant.
    pub product: String,
    pub jurisdiction: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    pub decision_id: String,
}

#[derive(Debug, Serialize)]
pub struct IndicationRow {
    pub id: String,
    pub name: String,
    pub as_of: String,
    pub jurisdictions: Vec<String>,
    pub products: Vec<Approved>,
}

pub fn rows(ctx: &Ctx, scope: &Scope) -> Result<Vec<IndicationRow>> {
    let conn = ctx.conn();
    let decisions = query::all_decisions(conn)?;
    let mut by_indication: BTreeMap<String, Vec<Approved>> = BTreeMap::new();
    for product in query::products(conn)? {
        if !scope.includes_product(&product) {
            continue;
        }
        let Some(product_decisions) = decisions.get(&product.id) else {
            continue;
        };
        let standings = query::standings(product_decisions, scope.as_of);
        for grant in grants_in_scope(&standings, scope)
            .into_iter()
            .filter(|g| g.status == "in-force")
        {
            by_indication
                .entry(grant.indication_id.clone())
                .or_default()
                .push(Approved {
                    product_id: product.id.clone(),
                    product: grant.brand.clone().unwrap_or_else(|| product.name.clone()),
                    date: grant.date_label(),
                    jurisdiction: grant.jurisdiction,
                    regulator: grant.regulator,
                    decision: grant.decision,
                    decision_id: grant.decision_id,
                });
        }
    }
    let mut out = Vec::new();
    for (id, products) in by_indication {
        let mut jurisdictions: Vec<String> = products.iter().map(|p| p.jurisdiction.clone()).collect();
        jurisdictions.sort();
        jurisdictions.dedup();
        out.push(IndicationRow {
            name: query::indication_name(conn, &id)?,
            id,
            as_of: scope.as_of.to_string(),
            jurisdictions,
            products,
        });
    }
    out.sort_by_key(|r| r.name.to_lowercase());
    Ok(out)
}

pub fn run(args: &IndicationsArgs, ctx: &mut Ctx) -> Result<()> {
    let scope = Scope::resolve(ctx.conn(), &args.scope, None)?;
    let rows = rows(ctx, &scope)?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&rows)?,
        Format::Csv => {
            let lines: Vec<Vec<String>> = rows
                .iter()
                .flat_map(|r| {
                    r.products.iter().map(move |p| {
                        vec![
                            r.id.clone(),
                            r.name.clone(),
                            p.product_id.clone(),
                            p.jurisdiction.clone(),
                            p.regulator.clone(),
                            p.decision.clone(),
                            p.date.clone(),
                            r.as_of.clone(),
                        ]
                    })
                })
                .collect();
            ctx.out.csv(
                &[
                    "indication_id",
                    "indication",
                    "product_id",
                    "jurisdiction",
                    "regulator",
                    "decision",
                    "date",
                    "as_of",
                ],
                &lines,
            )?;
        }
        Format::Table => {
            if rows.is_empty() {
                ctx.out.line(&format!(
                    "No indication has a product approved in this scope (as of {}).",
                    scope.as_of
                ))?;
                return Ok(());
            }
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.name.clone(),
                        join_lines(r.products.iter().map(|p| {
                            format!("{} — {} {} {}", p.product, p.jurisdiction, p.decision, p.date)
                        })),
                    ]
                })
                .collect();
            ctx.out.table(
                &[
                    "Indication",
                    &format!("Approved products in force (as of {})", scope.as_of),
                ],
                &lines,
            )?;
            ctx.out.line(&format!("{} indication(s).", rows.len()))?;
        }
    }
    Ok(())
}
