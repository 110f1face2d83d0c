//! `mscdb filings`: IND, CTA and registration numbers.

use crate::cli::FilingsArgs;
use crate::error::Result;
use crate::query::{self, Filing};
use crate::render::Format;
use crate::resolve::{self, NameKind};

use super::Ctx;
use crate::answer::require_product;

pub fn rows(ctx: &Ctx, args: &FilingsArgs) -> Result<Vec<Filing>> {
    let conn = ctx.conn();
    // An unknown product is an error here: a listing needs a real filter.
    let product = match &args.product {
        Some(name) => Some(require_product(ctx.conn(), name)?.id),
        None => None,
    };
    let regulators = match &args.regulator {
        Some(text) => Some(resolve::require(conn, NameKind::Regulator, text)?),
        None => None,
    };
    Ok(query::filings(conn)?
        .into_iter()
        .filter(|f| product.as_ref().is_none_or(|p| f.product_id.as_ref() == Some(p)))
        .filter(|f| {
            regulators
                .as_ref()
                .is_none_or(|r| f.regulator.as_ref().is_some_and(|x| r.contains(x)))
        })
        .filter(|f| args.kind.as_ref().is_none_or(|k| &f.kind == k))
        .collect())
}

pub fn run(args: &FilingsArgs, ctx: &mut Ctx) -> Result<()> {
    let rows = rows(ctx, args)?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&rows),
        Format::Csv => {
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|f| {
                    vec![
                        f.id.clone(),
                        f.product_id.clone().unwrap_or_default(),
                        f.sponsor.clone(),
                        f.regulator.clone().unwrap_or_default(),
                        f.kind.clone(),
                        f.number.clone().unwrap_or_default(),
                        f.date.clone().unwrap_or_default(),
                        f.status.clone(),
                        f.phase.clone().unwrap_or_default(),
                        f.indication_id.clone().unwrap_or_default(),
                        f.sources.join(";"),
                    ]
                })
                .collect();
            ctx.out.csv(
                &[
                    "id",
                    "product_id",
                    "sponsor",
                    "regulator",
                    "kind",
                    "number",
                    "date",
                    "status",
                    "phase",
                    "indication_id",
                    "sources",
                ],
                &lines,
            )
        }
        Format::Table => {
            if rows.is_empty() {
                return ctx.out.line("No filing matches.");
            }
            let lines: Vec<Vec<String>> = rows
                .iter()
                .map(|f| {
                    let product = f.product.clone().unwrap_or_else(|| "—".into());
                    vec![
                        format!("{product}\n{}", f.sponsor),
                        f.regulator.clone().unwrap_or_default(),
                        f.kind.clone(),
                        f.number.clone().unwrap_or_else(|| "(not found)".into()),
                        f.date_label(),
                        format!(
                            "{}{}",
                            f.status,
                            f.phase.as_deref().map(|p| format!("\n{p}")).unwrap_or_default()
                        ),
                    ]
                })
                .collect();
            ctx.out.table(
                &[
                    "Product / sponsor",
                    "Regulator",
                    "Kind",
                    "Number",
                    "Date",
                    "Status",
                ],
                &lines,
            )?;
            ctx.out.line(&format!("{} filing(s).", rows.len()))?;
            if ctx.with_sources {
                let ids: Vec<String> = rows.iter().flat_map(|f| f.sources.clone()).collect();
                super::print_sources(ctx, &ids)?;
            }
            Ok(())
        }
    }
}
