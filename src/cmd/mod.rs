//! One module per subcommand, each with `run(args, ctx)`. Shared here: the
//! context and the resolution of scope flags (country, regulator, date).

pub mod assess;
pub mod audit;
pub mod build;
pub mod check;
pub mod filings;
pub mod frameworks;
pub mod generate;
pub mod indications;
pub mod products;
pub mod search;
pub mod show;
pub mod sql;
pub mod validate;

use rusqlite::Connection;

use crate::cli::ScopeArgs;
use crate::date::Day;
use crate::error::{Error, Result};
use crate::model::CellType;
use crate::query::{self, Decision, Product};
use crate::render::Output;
use crate::resolve::{self, NameKind};
use crate::store::Store;

/// What every command gets.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub out: &'a mut Output,
    /// Append citations with URLs (`--sources`).
    pub with_sources: bool,
}

impl Ctx<'_> {
    pub fn conn(&self) -> &Connection {
        self.store.conn()
    }
}

/// Resolved scope flags.
#[derive(Debug, Clone)]
pub struct Scope {
    pub as_of: Day,
    /// The country asked for (as typed resolves to this code).
    pub country: Option<String>,
    /// Jurisdictions whose decisions apply there (the country and its union).
    pub jurisdictions: Option<Vec<String>>,
    pub regulators: Option<Vec<String>>,
    pub indications: Option<Vec<String>>,
    /// `None` means every cell type.
    pub cell_types: Option<Vec<CellType>>,
}

impl Scope {
    pub fn resolve(conn: &Connection, args: &ScopeArgs, indication: Option<&str>) -> Result<Scope> {
        let as_of = parse_as_of(args.as_of.as_deref())?;
        let country = match &args.country {
            Some(text) => Some(resolve::require(conn, NameKind::Jurisdiction, text)?.remove(0)),
            None => None,
        };
        let jurisdictions = match &country {
            Some(code) => Some(query::applicable_jurisdictions(conn, code)?),
            None => None,
        };
        let regulators = match &args.regulator {
            Some(text) => Some(resolve::require(conn, NameKind::Regulator, text)?),
            None => None,
        };
        let indications = match indication {
            Some(text) => Some(resolve::require(conn, NameKind::Indication, text)?),
            None => None,
        };
        let cell_types = if args.cell_type.iter().any(|t| t == "all") {
            None
        } else if args.cell_type.is_empty() {
            Some(
                CellType::ALL
                    .iter()
                    .copied()
                    .filter(|t| t.is_msc_like())
                    .collect(),
            )
        } else {
            Some(args.cell_type.iter().filter_map(|t| CellType::parse(t)).collect())
        };
        Ok(Scope {
            as_of,
            country,
            jurisdictions,
            regulators,
            indications,
            cell_types,
        })
    }

    pub fn includes_product(&self, product: &Product) -> bool {
        match (&self.cell_types, CellType::parse(&product.cell_type)) {
            (None, _) => true,
            (Some(types), Some(t)) => types.contains(&t),
            (Some(_), None) => false,
        }
    }

    /// Whether a decision falls in the places, regulators and indications asked.
    pub fn includes(&self, decision: &Decision) -> bool {
        self.includes_place(&decision.jurisdiction)
            && self
                .regulators
                .as_ref()
                .is_none_or(|r| r.contains(&decision.regulator))
            && self
                .indications
                .as_ref()
                .is_none_or(|i| decision.indication_id.as_ref().is_none_or(|id| i.contains(id)))
    }

    pub fn includes_place(&self, jurisdiction: &str) -> bool {
        self.jurisdictions
            .as_ref()
            .is_none_or(|j| j.iter().any(|c| c == jurisdiction))
    }

    pub fn includes_indication(&self, indication_id: &str) -> bool {
        self.indications
            .as_ref()
            .is_none_or(|i| i.iter().any(|c| c == indication_id))
    }
}

/// `--as-of`, or today.
pub fn parse_as_of(text: Option<&str>) -> Result<Day> {
    match text {
        None => Ok(Day::today()),
        Some(t) => Day::parse_as_of(t)
            .map_err(|e| Error::usage(format!("--as-of: {e} ('{}')", crate::error::printable(t, 40)))),
    }
}

/// One item per line, for a table cell.
pub fn join_lines(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("\n")
}

/// Prints the sources with these ids under a heading (for `--sources`).
pub fn print_sources(ctx: &mut Ctx, ids: &[String]) -> Result<()> {
    let sources = query::sources(ctx.conn(), ids)?;
    print_source_list(ctx.out, &sources)
}

/// A numbered list of sources: title, publisher, date, URL and id.
pub fn print_source_list(out: &mut Output, sources: &[query::Source]) -> Result<()> {
    if sources.is_empty() {
        return Ok(());
    }
    out.blank()?;
    out.line("Sources:")?;
    for (i, s) in sources.iter().enumerate() {
        let date = s.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
        let url = s.url.as_deref().unwrap_or("(no URL)");
        out.line(&format!(
            "[{}] {} — {}{}. {} ({})",
            i + 1,
            s.title,
            s.publisher,
            date,
            url,
            s.id
        ))?;
    }
    Ok(())
}
