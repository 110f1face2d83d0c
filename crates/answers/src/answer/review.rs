//! `review`: the maintainer's worklist, computed from the record on a date:
//! what needs a source re-read or a row edited before the next release.

use serde::Serialize;

use super::Context;
use crate::date::{Day, PartialDate};
use crate::error::Result;
use crate::model::{DecisionKind, Effect};
use crate::query::{self, Decision};
use crate::status::Status;

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

#[derive(Debug, Clone)]
pub struct ReviewAnswer {
    pub as_of: Day,
    pub items: Vec<ReviewItem>,
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

fn item(kind: ReviewKind, d: &Decision, date: &str, what: String) -> ReviewItem {
    ReviewItem {
        kind,
        file: "data/decisions.csv",
        id: d.id.clone(),
        product_id: d.product_id.clone(),
        jurisdiction: d.jurisdiction.clone(),
        date: date.to_string(),
        what,
    }
}

pub fn review(cx: &Context, as_of: Day) -> Result<ReviewAnswer> {
    let conn = cx.conn;
    let horizon = six_months_after(as_of);
    let year_ago = a_year_before(as_of);
    let mut items: Vec<ReviewItem> = Vec::new();
    // One product's decisions at a time, in the order of product ids.
    query::each_products_decisions(conn, |decisions| {
        for s in query::standings(&decisions, as_of) {
            let Some(g) = &s.grant else { continue };
            let until = g.valid_until.clone().unwrap_or_default();
            match &s.rule {
                Status::TermEnded { pending, .. } => items.push(item(
                    ReviewKind::TermEnded,
                    g,
                    &until,
                    format!(
                        "term ended {until}; record the decision on {} when it comes",
                        pending.join(", ")
                    ),
                )),
                Status::Ended { .. } if s.end.is_none() => items.push(item(
                    ReviewKind::TermEnded,
                    g,
                    &until,
                    format!("term ran out {until} with no decision recorded: confirm the lapse, or add the renewal"),
                )),
                Status::InForce { .. } => {
                    if let Some(end) = g.until
                        && end.first_day() <= horizon
                    {
                        items.push(item(
                            ReviewKind::TermEnding,
                            g,
                            &until,
                            format!("term ends {until}: watch for the renewal or full approval"),
                        ));
                    }
                    if let Some(note) = &g.status_note {
                        items.push(item(
                            ReviewKind::StatusUnconfirmed,
                            g,
                            &g.date,
                            format!("current status unconfirmed: {note}"),
                        ));
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
                    items.push(item(
                        ReviewKind::PendingApplication,
                        d,
                        &d.date,
                        "filed over a year ago with no decision recorded: look for the outcome".into(),
                    ));
                }
            }
            if matches!(d.date_qualifier.as_deref(), Some("announced" | "by"))
                && d.kind().effect() != Effect::Step
            {
                items.push(item(
                    ReviewKind::DateAnnounced,
                    d,
                    &d.date,
                    format!(
                        "dated {} ({}): find the decision's own date",
                        d.date,
                        if d.date_qualifier.as_deref() == Some("by") {
                            "on or before"
                        } else {
                            "the announcement"
                        }
                    ),
                ));
            }
        }
        Ok(())
    })?;
    for r in query::reports(conn)? {
        items.push(ReviewItem {
            kind: ReviewKind::UnverifiedReport,
            file: "data/reports.csv",
            id: r.id,
            product_id: r.product_id,
            jurisdiction: r.jurisdiction,
            date: r.date.unwrap_or_default(),
            what: format!(
                "{} reported by {}: look for the regulator's decision",
                r.reported, r.reporter
            ),
        });
    }
    items.sort_by(|a, b| (a.kind, &a.product_id, &a.id).cmp(&(b.kind, &b.product_id, &b.id)));
    Ok(ReviewAnswer { as_of, items })
}
