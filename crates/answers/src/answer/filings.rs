//! `filings`: investigational filings and registrations, filtered.

use super::Context;

use crate::date::Day;
use crate::error::Result;
use crate::query::{self, Filing, Source};
use crate::resolve::{self, NameKind};

use super::{disease, require_product};

/// Filters, resolved. `None` means no filter.
#[derive(Debug, Clone)]
pub struct FilingsQuery {
    /// A product id.
    pub product: Option<String>,
    /// Regulator ids.
    pub regulators: Option<Vec<String>>,
    /// A filing kind, as spelt in the record (`ind`, `cta`, …).
    pub kind: Option<String>,
    /// Regulators acting in the place asked (and its unions on the date).
    pub place_regulators: Option<Vec<String>>,
    /// Indications of the disease asked, narrower ones included.
    pub indications: Option<Vec<String>>,
    /// Only filings on record by this day.
    pub as_of: Option<Day>,
    /// The context's today (an undated filing counts only as of today).
    pub today: Day,
}

/// The filters as typed.
#[derive(Debug, Clone, Default)]
pub struct FilingsFilters<'a> {
    pub product: Option<&'a str>,
    pub regulator: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub country: Option<&'a str>,
    pub disease: Option<&'a str>,
    pub as_of: Option<&'a str>,
}

impl FilingsQuery {
    /// Resolves the names typed. An unknown product, regulator, place or
    /// disease is an error here: a listing needs a real filter.
    pub fn resolve(cx: &Context, f: &FilingsFilters) -> Result<FilingsQuery> {
        let conn = cx.conn;
        let product = match f.product {
            Some(name) => Some(require_product(cx, name)?.id),
            None => None,
        };
        let regulators = match f.regulator {
            Some(text) => Some(resolve::require_regulators(conn, text)?),
            None => None,
        };
        let as_of = f
            .as_of
            .map(|t| super::parse_as_of(Some(t), cx.today))
            .transpose()?;
        let place_regulators = match f.country {
            Some(text) => {
                let code = resolve::require(conn, NameKind::Jurisdiction, text)?.remove(0);
                let mut ids = Vec::new();
                for j in query::applicable_jurisdictions(conn, &code, as_of.unwrap_or(cx.today))? {
                    ids.extend(query::frameworks::regulators_in(conn, &j)?);
                }
                Some(ids)
            }
            None => None,
        };
        let indications = match f.disease {
            Some(text) => {
                let d = disease::resolve(cx, text)?;
                Some(d.in_scope().into_iter().chain(d.narrower).collect())
            }
            None => None,
        };
        Ok(FilingsQuery {
            product,
            regulators,
            kind: f.kind.map(str::to_string),
            place_regulators,
            indications,
            as_of,
            today: cx.today,
        })
    }

    pub fn includes(&self, filing: &Filing) -> bool {
        self.product
            .as_ref()
            .is_none_or(|p| filing.product_id.as_ref() == Some(p))
            && self
                .regulators
                .as_ref()
                .is_none_or(|r| filing.regulator.as_ref().is_some_and(|x| r.contains(x)))
            && self.kind.as_ref().is_none_or(|k| &filing.kind == k)
            && self
                .place_regulators
                .as_ref()
                .is_none_or(|r| filing.regulator.as_ref().is_some_and(|x| r.contains(x)))
            && self
                .indications
                .as_ref()
                .is_none_or(|i| filing.indication_id.as_ref().is_some_and(|x| i.contains(x)))
            && self.as_of.is_none_or(|d| filing.on_record_by(d, self.today))
    }
}

/// The filings that match, ordered by product, date and id.
#[derive(Debug, Clone)]
pub struct FilingsAnswer {
    pub filings: Vec<Filing>,
    /// The sources the filings cite, each once, in order of citation.
    pub sources: Vec<Source>,
}

pub fn filings(cx: &Context, query: &FilingsQuery) -> Result<FilingsAnswer> {
    let conn = cx.conn;
    let filings: Vec<Filing> = query::filings(conn)?
        .into_iter()
        .filter(|f| query.includes(f))
        .collect();
    let cited: Vec<String> = filings.iter().flat_map(|f| f.sources.iter().cloned()).collect();
    Ok(FilingsAnswer {
        sources: query::sources(conn, &cited)?,
        filings,
    })
}
