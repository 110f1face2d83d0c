//! `show`: everything the record holds about one product, and where it
//! stands in each jurisdiction and indication on a date.

use super::Context;
use serde::Serialize;

use crate::date::Day;
use crate::error::Result;
use crate::query::{self, Alias, Claim, Decision, Filing, Product, Since, Source, Standing};
use crate::status::Status;

/// Where a product stands in one jurisdiction and indication. The order is
/// the order `show` lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StandingStatus {
    InForce,
    /// Its term has passed with an application filed within it undecided.
    TermEnded,
    Ended,
    Refused,
    /// Designations, filings or access programmes only.
    NoGrant,
}

impl StandingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StandingStatus::InForce => "in-force",
            StandingStatus::TermEnded => "term-ended",
            StandingStatus::Ended => "ended",
            StandingStatus::Refused => "refused",
            StandingStatus::NoGrant => "no-grant",
        }
    }
}

/// One (jurisdiction, indication) and the decisions behind its status.
#[derive(Debug, Clone)]
pub struct StandingRow {
    pub jurisdiction: String,
    pub indication_id: String,
    pub indication: String,
    pub status: StandingStatus,
    /// The grant behind an in-force or ended status.
    pub grant: Option<Decision>,
    /// The decision that ended the grant; `None` with an ended status means
    /// its term ran out.
    pub end: Option<Decision>,
    /// The negative decisions behind a refused status.
    pub negatives: Vec<Decision>,
    /// No decision of this scope had happened yet on the date asked (every
    /// one is dated later).
    pub nothing_yet: bool,
    /// The first grant the grant continues (a re-licence, a conversion).
    pub since: Option<Since>,
}

impl StandingRow {
    fn new(s: &Standing, indication: String) -> StandingRow {
        let status = match (&s.status, s.grant) {
            (Status::InForce { .. }, Some(_)) => StandingStatus::InForce,
            (Status::TermEnded { .. }, Some(_)) => StandingStatus::TermEnded,
            (Status::Ended { .. }, Some(_)) => StandingStatus::Ended,
            (Status::Refused { .. }, _) => StandingStatus::Refused,
            // `query::standings` always pairs a grant with in-force and ended statuses.
            _ => StandingStatus::NoGrant,
        };
        let grant = match status {
            StandingStatus::InForce | StandingStatus::TermEnded | StandingStatus::Ended => s.grant.cloned(),
            _ => None,
        };
        StandingRow {
            jurisdiction: s.jurisdiction.clone(),
            indication_id: s.indication_id.clone(),
            indication,
            status,
            end: if status == StandingStatus::Ended {
                s.end.cloned()
            } else {
                None
            },
            grant,
            negatives: if status == StandingStatus::Refused {
                s.negatives.iter().map(|d| (*d).clone()).collect()
            } else {
                Vec::new()
            },
            nothing_yet: false,
            since: match (s.grant, s.since) {
                (Some(g), Some(first)) => Some(Since::new(first, g)),
                _ => None,
            },
        }
    }

    /// The decisions behind the status: the grant it continues, the grant and
    /// what ended it, or the refusals.
    pub fn decision_ids(&self) -> Vec<String> {
        match self.status {
            StandingStatus::Refused => self.negatives.iter().map(|d| d.id.clone()).collect(),
            _ => self
                .since
                .iter()
                .map(|s| s.decision_id.clone())
                .chain(self.grant.iter().chain(&self.end).map(|d| d.id.clone()))
                .collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ShowAnswer {
    pub product: Product,
    pub aliases: Vec<Alias>,
    pub as_of: Day,
    /// The day the question was asked (the context's today).
    pub today: Day,
    /// In-force first, then ended, refused, the rest.
    pub status: Vec<StandingRow>,
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
    let standings = query::standings(&decisions, as_of);
    let mut status = Vec::new();
    for s in &standings {
        status.push(StandingRow::new(
            s,
            query::indication_name(conn, &s.indication_id)?,
        ));
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
