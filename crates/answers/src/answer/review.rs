//! `review`: the maintainer's worklist, computed from the record on a date:
//! what needs a source re-read or a row edited before the next release.

use serde::Serialize;

use super::Context;
use crate::date::{Day, PartialDate};
use crate::error::Result;
use crate::model::{DecisionKind, Effect};
use crate::query::{self, Decision};
use crate::status::Status;

use super::pool::Pool;

/// Why a row is on the worklist, in the order the list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewKind {
    /// A grant's own term has passed: record the decision that followed, or the lapse.
    TermEnded,
    /// A grant's term ends within six months of the date asked.
    TermEnding,
    /// An application filed more than a year before the date asked, with no decision since.
    PendingApplication,
    /// A grant in force whose current status the sources do not confirm.
    StatusUnconfirmed,
    /// A date known only from an announcement (or as "by"): find the decision's own date.
    DateAnnounced,
    /// An approval reported but not verified (`reports.csv`).
    UnverifiedReport,
}

impl ReviewKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewKind::TermEnded => "term-ended",
            ReviewKind::TermEnding => "term-ending",
            ReviewKind::PendingApplication => "pending-application",
            ReviewKind::StatusUnconfirmed => "status-unconfirmed",
            ReviewKind::DateAnnounced => "date-announced",
            ReviewKind::UnverifiedReport => "unverified-report",
        }
    }
}

/// One row to look at again.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewItem {
    pub kind: ReviewKind,
    /// The file and the row's id: what to edit.
    pub file: &'static str,
    pub id: String,
    pub product_id: String,
    pub jurisdiction: String,
    /// The date that puts it on the list (the term's end, the filing, the announcement).
    pub date: String,
    /// What to do, in a few words.
    pub what: String,
}

/// The worklist, in order. The items are held as numbers into one pool of
/// text and made by [`ReviewAnswer::items`] as they are asked for: at 10^6
/// decisions the 268,000 items, held as `ReviewItem`, were 136 MB.
#[derive(Debug, Clone)]
pub struct ReviewAnswer {
    pub as_of: Day,
    held: Vec<Held>,
    pool: Pool,
}

/// A [`ReviewItem`], its text by number in the answer's pool.
#[derive(Debug, Clone, Copy)]
struct Held {
    kind: ReviewKind,
    file: &'static str,
    id: u32,
    product_id: u32,
    jurisdiction: u32,
    date: u32,
    what: u32,
}

impl ReviewAnswer {
    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// The items, in the worklist's order, each made when it is reached.
    pub fn items(&self) -> impl Iterator<Item = ReviewItem> + '_ {
        let text = |n: u32| self.pool.get(n).to_string();
        self.held.iter().map(move |h| ReviewItem {
            kind: h.kind,
            file: h.file,
            id: text(h.id),
            product_id: text(h.product_id),
            jurisdiction: text(h.jurisdiction),
            date: text(h.date),
            what: text(h.what),
        })
    }
}

/// The worklist as it is gathered: the product of the items being added
/// is pushed to the pool once.
#[derive(Default)]
struct Gathering {
    pool: Pool,
    held: Vec<Held>,
    product: Option<(String, u32)>,
}

impl Gathering {
    /// An item: the row (`file`, id), its product and place, its date and
    /// what to do.
    fn add(
        &mut self,
        kind: ReviewKind,
        file: &'static str,
        [id, product_id, jurisdiction, date, what]: [&str; 5],
    ) {
        let product_id = match &self.product {
            Some((last, n)) if last == product_id => *n,
            _ => {
                let n = self.pool.push(product_id);
                self.product = Some((product_id.to_string(), n));
                n
            }
        };
        let held = Held {
            kind,
            file,
            id: self.pool.push(id),
            product_id,
            jurisdiction: self.pool.intern(jurisdiction),
            date: self.pool.intern(date),
            what: self.pool.intern(what),
        };
        self.held.push(held);
    }

    /// A decision's item.
    fn decision(&mut self, kind: ReviewKind, d: &Decision, date: &str, what: &str) {
        self.add(
            kind,
            "data/decisions.csv",
            [&d.id, &d.product_id, &d.jurisdiction, date, what],
        );
    }
}

/// The day six months after `day` (the last day of the month when shorter).
fn six_months_after(day: Day) -> Day {
    let months = u32::from(day.month) + 6;
    let (year, month) = if months > 12 {
        (day.year + 1, (months - 12) as u8)
    } else {
        (day.year, months as u8)
    };
    let last = PartialDate {
        year,
        month: Some(month),
        day: None,
    }
    .last_day();
    Day {
        year,
        month,
        day: day.day.min(last.day),
    }
}

/// A year before `day` (28 February for 29 February).
fn a_year_before(day: Day) -> Day {
    let day_of = if day.month == 2 && day.day == 29 {
        28
    } else {
        day.day
    };
    Day {
        year: day.year - 1,
        month: day.month,
        day: day_of,
    }
}

pub fn review(cx: &Context, as_of: Day) -> Result<ReviewAnswer> {
    let conn = cx.conn;
    let horizon = six_months_after(as_of);
    let year_ago = a_year_before(as_of);
    let mut list = Gathering::default();
    // One product's decisions at a time, in the order of product ids.
    query::each_products_decisions(conn, |decisions| {
        for s in query::standings(&decisions, as_of) {
            let Some(g) = &s.grant else { continue };
            let until = g.valid_until.clone().unwrap_or_default();
            match &s.rule {
                Status::TermEnded { pending, .. } => list.decision(
                    ReviewKind::TermEnded,
                    g,
                    &until,
                    &format!(
                        "term ended {until}; record the decision on {} when it comes",
                        pending.join(", ")
                    ),
                ),
                Status::Ended { .. } if s.end.is_none() => list.decision(
                    ReviewKind::TermEnded,
                    g,
                    &until,
                    &format!("term ran out {until} with no decision recorded: confirm the lapse, or add the renewal"),
                ),
                Status::InForce { .. } => {
                    if let Some(end) = g.until
                        && end.first_day() <= horizon
                    {
                        list.decision(
                            ReviewKind::TermEnding,
                            g,
                            &until,
                            &format!("term ends {until}: watch for the renewal or full approval"),
                        );
                    }
                    if let Some(note) = &g.status_note {
                        list.decision(
                            ReviewKind::StatusUnconfirmed,
                            g,
                            &g.date,
                            &format!("current status unconfirmed: {note}"),
                        );
                    }
                }
                _ => {}
            }
        }
        for d in &decisions {
            if !d.event().happened_by(as_of) {
                continue;
            }
            if d.kind() == DecisionKind::ApplicationFiled && d.when.last_day() < year_ago {
                let answered = decisions.iter().any(|later| {
                    later.jurisdiction == d.jurisdiction
                        && later.indication_id == d.indication_id
                        && later.kind() != DecisionKind::ApplicationFiled
                        && later.kind().effect() != Effect::Step
                        && d.when.chronological(later.when).is_lt()
                        && later.event().happened_by(as_of)
                });
                if !answered {
                    list.decision(
                        ReviewKind::PendingApplication,
                        d,
                        &d.date,
                        "filed over a year ago with no decision recorded: look for the outcome",
                    );
                }
            }
            if matches!(d.date_qualifier.as_deref(), Some("announced" | "by"))
                && d.kind().effect() != Effect::Step
            {
                list.decision(
                    ReviewKind::DateAnnounced,
                    d,
                    &d.date,
                    &format!(
                        "dated {} ({}): find the decision's own date",
                        d.date,
                        if d.date_qualifier.as_deref() == Some("by") {
                            "on or before"
                        } else {
                            "the announcement"
                        }
                    ),
                );
            }
        }
        Ok(())
    })?;
    for r in query::reports(conn)? {
        list.add(
            ReviewKind::UnverifiedReport,
            "data/reports.csv",
            [
                &r.id,
                &r.product_id,
                &r.jurisdiction,
                r.date.as_deref().unwrap_or_default(),
                &format!(
                    "{} reported by {}: look for the regulator's decision",
                    r.reported, r.reporter
                ),
            ],
        );
    }
    let Gathering { pool, mut held, .. } = list;
    held.sort_by(|a, b| {
        (a.kind, pool.get(a.product_id), pool.get(a.id)).cmp(&(
            b.kind,
            pool.get(b.product_id),
            pool.get(b.id),
        ))
    });
    Ok(ReviewAnswer { as_of, held, pool })
}
