//! Where a product stands: the one type every answer (and every front end)
//! uses for "in force", "ended", "refused" or "no grant" in one jurisdiction
//! and indication on a date, derived by the record's status rule.

use serde::Serialize;

use crate::date::Day;
use crate::query::Decision;
use crate::status::{self, Event, Status};

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

/// One (jurisdiction, indication) on a date and the decisions behind where
/// the product stands there.
#[derive(Debug, Clone)]
pub struct Standing {
    pub jurisdiction: String,
    pub indication_id: String,
    /// The indication's name where the answer named it, else its id.
    pub indication: String,
    pub status: StandingStatus,
    /// The status rule's own result (which grant, which end).
    pub rule: Status,
    /// The grant behind an in-force or ended status.
    pub grant: Option<Decision>,
    /// The decision that ended the grant; `None` with an ended status means
    /// its term ran out.
    pub end: Option<Decision>,
    /// The negative decisions behind a refused status.
    pub negatives: Vec<Decision>,
    /// The first grant of an unbroken run that `grant` continues (a
    /// re-licence, a conversion), when that is an earlier grant.
    pub since: Option<Decision>,
    /// No decision of this scope had happened yet on the date asked (every
    /// one is dated later).
    pub nothing_yet: bool,
}

impl Standing {
    /// The decisions behind the status: the grant it continues, the grant
    /// and what ended it, or the refusals.
    pub fn decision_ids(&self) -> Vec<String> {
        match self.status {
            StandingStatus::Refused => self.negatives.iter().map(|d| d.id.clone()).collect(),
            _ => self
                .since
                .iter()
                .chain(&self.grant)
                .chain(&self.end)
                .map(|d| d.id.clone())
                .collect(),
        }
    }
}

/// Standing in every (jurisdiction, indication) the decisions are about.
pub fn standings(decisions: &[Decision], as_of: Day) -> Vec<Standing> {
    let events: Vec<Event> = decisions.iter().map(Decision::event).collect();
    let find = |id: &str| decisions.iter().find(|d| d.id == id).cloned();
    status::scopes(&events)
        .into_iter()
        .map(|(jurisdiction, indication_id)| {
            let rule = status::status(&events, &jurisdiction, &indication_id, as_of);
            let (grant, end, negatives) = match &rule {
                Status::InForce { grant } => (find(grant), None, Vec::new()),
                Status::TermEnded { grant, .. } => (find(grant), None, Vec::new()),
                Status::Ended { grant, end } => (find(grant), end.as_deref().and_then(find), Vec::new()),
                Status::Refused { decisions: ids } => {
                    (None, None, ids.iter().filter_map(|id| find(id)).collect())
                }
                Status::None => (None, None, Vec::new()),
            };
            let status = match (&rule, &grant) {
                (Status::InForce { .. }, Some(_)) => StandingStatus::InForce,
                (Status::TermEnded { .. }, Some(_)) => StandingStatus::TermEnded,
                (Status::Ended { .. }, Some(_)) => StandingStatus::Ended,
                (Status::Refused { .. }, _) => StandingStatus::Refused,
                _ => StandingStatus::NoGrant,
            };
            let since = status::continuing_since(&events, &jurisdiction, &indication_id, as_of)
                .and_then(|id| find(&id));
            Standing {
                indication: indication_id.clone(),
                jurisdiction,
                indication_id,
                status,
                rule,
                grant,
                end,
                negatives,
                since,
                nothing_yet: false,
            }
        })
        .collect()
}
