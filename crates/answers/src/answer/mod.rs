//! The answer layer: pure functions from the record and a typed query to a
//! typed answer — no SQL text (that is in `query`), no prose, no output.
//! Logic that several commands share lives here, never in `cmd/`.

pub mod actions;
pub mod assess;
pub mod audit;

pub mod check;
pub mod disease;
pub mod filings;
pub mod frameworks;
pub mod indications;
pub mod places;
mod pool;
pub mod products;
pub mod review;
pub mod search;
pub mod show;
pub mod standing;

pub mod validate;

use rusqlite::Connection;

use crate::date::Day;
use crate::error::{Error, Input, Lookup, Result};
use crate::model::CellType;
use crate::query::{self, Decision, Product};
use crate::resolve::{self, NameKind};

/// What every question is asked against: the record and the day taken as
/// today (read once by the front end, so answers never depend on a clock).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub conn: &'a Connection,
    pub today: Day,
}

impl<'a> Context<'a> {
    pub fn new(store: &'a crate::store::Store, today: Day) -> Context<'a> {
        Context {
            conn: store.conn(),
            today,
        }
    }
}

/// Which cell types a question covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CellTypes {
    /// The MSC-like types (the default: what the record is about).
    #[default]
    MscLike,
    /// Every cell type.
    All,
    /// These types only.
    Only(Vec<CellType>),
}

/// The scope of a question, as typed: any field may be absent.
#[derive(Debug, Clone, Default)]
pub struct ScopeRequest {
    /// A country or region: code, name or alias, in any language the record knows.
    pub country: Option<String>,
    /// A regulator: id, name, alias, or a country.
    pub regulator: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; absent means today.
    pub as_of: Option<String>,
    pub cell_types: CellTypes,
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
    /// The disease asked, with the indications it covers.
    pub disease: Option<disease::Disease>,
}

impl Scope {
    pub fn resolve(cx: &Context, args: &ScopeRequest, indication: Option<&str>) -> Result<Scope> {
        let conn = cx.conn;
        let as_of = parse_as_of(args.as_of.as_deref(), cx.today)?;
        let country = match &args.country {
            Some(text) => Some(resolve::require(conn, NameKind::Jurisdiction, text)?.remove(0)),
            None => None,
        };
        let jurisdictions = match &country {
            Some(code) => Some(query::applicable_jurisdictions(conn, code, as_of)?),
            None => None,
        };
        let regulators = match &args.regulator {
            Some(text) => Some(resolve::require_regulators(conn, text)?),
            None => None,
        };
        let disease = indication.map(|text| disease::resolve(cx, text)).transpose()?;
        let indications = disease.as_ref().map(disease::Disease::in_scope);
        let cell_types = match &args.cell_types {
            CellTypes::All => None,
            CellTypes::MscLike => Some(CellType::msc_like().collect()),
            CellTypes::Only(types) => Some(types.clone()),
        };
        Ok(Scope {
            as_of,
            country,
            jurisdictions,
            regulators,
            indications,
            cell_types,
            disease,
        })
    }

    /// The cell types asked, as the record writes them (`None`: any).
    pub fn cell_type_names(&self) -> Option<Vec<String>> {
        self.cell_types
            .as_ref()
            .map(|types| types.iter().map(|t| t.as_str().to_string()).collect())
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

/// The date asked (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), or today.
pub fn parse_as_of(text: Option<&str>, today: Day) -> Result<Day> {
    match text {
        None => Ok(today),
        Some(t) => Day::parse_as_of(t, today)
            .map_err(|e| Error::invalid(Input::AsOf, format!("{e} ('{}')", crate::error::printable(t, 40)))),
    }
}

/// Resolves a product name; `None` when the record has no such product.
pub fn find_product(cx: &Context, name: &str) -> Result<Option<Product>> {
    let conn = cx.conn;
    let ids = resolve::lookup(conn, NameKind::Product, name)?;
    match ids.first() {
        Some(id) => query::product(conn, id),
        None => Ok(None),
    }
}

/// Resolves a product that must exist (for `show` and `filings --product`):
/// an unknown name is an error with "did you mean" suggestions.
pub fn require_product(cx: &Context, name: &str) -> Result<Product> {
    let conn = cx.conn;
    if let Some(product) = find_product(cx, name)? {
        return Ok(product);
    }
    let suggestions = resolve::suggest(conn, NameKind::Product, name)?;
    Err(Error::unknown(Lookup::Product, name, suggestions))
}
