//! `show`: everything the record holds about one product, and where it
//! stands in each jurisdiction and indication on a date.

use super::Context;

use crate::date::Day;
use crate::error::Result;
use crate::query::{self, Alias, Claim, Decision, Filing, Product, Source};

use super::standing::{Standing, StandingStatus};

#[derive(Debug, Clone)]
pub struct ShowAnswer {
    pub product: Product,
    pub aliases: Vec<Alias>,
    pub as_of: Day,
    /// The day the question was asked (the context's today).
    pub today: Day,
    /// In-force first, then ended, refused, the rest.
    pub status: Vec<Standing>,
    pub decisions: Vec<Decision>,
    pub filings: Vec<Filing>,
    /// Published claims about the product, with their verdicts.
    pub claims: Vec<Claim>,
    /// Numbered in the order a reader meets them: the timeline, then the product.
    pub sources: Vec<Source>,
}

impl ShowAnswer {
    /// The decision is dated after the date asked (it had not happened yet).
    pub fn is_after(&self, d: &Decision) -> bool {
        !d.event().happened_by(self.as_of)
    }
}

pub fn show(cx: &Context, product: Product, as_of: Day) -> Result<ShowAnswer> {
    let conn = cx.conn;
    let decisions = query::decisions_of(conn, &product.id)?;
    let mut status = query::standings(&decisions, as_of);
    for s in &mut status {
        s.indication = query::indication_name(conn, &s.indication_id)?;
    }
    for row in &mut status {
        let mut scope = decisions.iter().filter(|d| {
            d.jurisdiction == row.jurisdiction
                && d.indication_id.as_deref().unwrap_or_default() == row.indication_id
        });
        row.nothing_yet = row.status == StandingStatus::NoGrant
            && scope.clone().next().is_some()
            && scope.all(|d| !d.event().happened_by(as_of));
    }
    status.sort_by_key(|s| s.status);
    let filings = query::filings_of(conn, &product.id)?;
    let claims = query::claims_about(conn, &product.id)?;
    let mut ids: Vec<String> = decisions.iter().flat_map(|d| d.sources.clone()).collect();
    ids.extend(filings.iter().flat_map(|f| f.sources.clone()));
    ids.extend(product.sources.iter().cloned());
    let sources = query::sources(conn, &ids)?;
    let aliases = query::aliases_of(conn, &product.id)?;
    Ok(ShowAnswer {
        product,
        aliases,
        as_of,
        today: cx.today,
        status,
        decisions,
        filings,
        claims,
        sources,
    })
}
