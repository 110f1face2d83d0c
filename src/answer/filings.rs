//! `filings`: investigational filings and registrations, filtered.

use rusqlite::Connection;

use crate::error::Result;
use crate::query::{self, Filing, Source};
use crate::resolve::{self, NameKind};

use super::require_product;

/// Filters, resolved. `None` means no filter.
#[derive(Debug, Clone, Default)]
pub struct FilingsQuery {
    /// A product id.
    pub product: Option<String>,
    /// Regulator ids.
    pub regulators: Option<Vec<String>>,
    /// A filing kind, as spelt in the record (`ind`, `cta`, …).
    pub kind: Option<String>,
}

impl FilingsQuery {
    /// Resolves the names typed. An unknown product or regulator is an error
    /// here: a listing needs a real filter.
    pub fn resolve(
        conn: &Connection,
        product: Option<&str>,
        regulator: Option<&str>,
        kind: Option<&str>,
    ) -> Result<FilingsQuery> {
        let product = match product {
            Some(name) => Some(require_product(conn, name)?.id),
            None => None,
        };
        let regulators = match regulator {
            Some(text) => Some(resolve::require(conn, NameKind::Regulator, text)?),
            None => None,
        };
        Ok(FilingsQuery {
            product,
            regulators,
            kind: kind.map(str::to_string),
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
    }
}

/// The filings that match, ordered by product, date and id.
#[derive(Debug, Clone)]
pub struct FilingsAnswer {
    pub filings: Vec<Filing>,
    /// The sources the filings cite, each once, in order of citation.
    pub sources: Vec<Source>,
}

pub fn filings(conn: &Connection, query: &FilingsQuery) -> Result<FilingsAnswer> {
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
