//! Status as of a date, derived from decision events. Pure functions.
//!
//! For one product, in one jurisdiction, for one indication: the latest
//! grant or end on or before the date decides. An end with no indication
//! ends every indication there. A grant with its own term (`valid_until`)
//! runs out after it. Negative decisions count only when no grant ever was.

use crate::date::{Day, PartialDate};
use crate::model::{DecisionKind, Effect};

/// One decision, as status derivation needs it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub jurisdiction: String,
    pub indication: Option<String>,
    pub kind: DecisionKind,
    pub date: PartialDate,
    pub valid_until: Option<PartialDate>,
}

impl Event {
    /// An event counts once the whole period its date names has passed.
    pub fn happened_by(&self, as_of: Day) -> bool {
        self.date.last_day() <= as_of
    }

    /// A grant whose own term (`valid_until`) ran out before `as_of`.
    pub fn term_over_by(&self, as_of: Day) -> bool {
        self.kind.effect() == Effect::Grant && self.valid_until.is_some_and(|until| until.last_day() < as_of)
    }
}

/// Where a product stands in one (jurisdiction, indication).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A grant is in force; `grant` is its decision id.
    InForce { grant: String },
    /// A grant existed and has ended: by a decision (`end` is its id) or by
    /// its own term running out (`end` is `None`).
    Ended { grant: String, end: Option<String> },
    /// No grant ever, but negative decisions (ids, oldest first).
    Refused { decisions: Vec<String> },
    /// Nothing that bears on marketing.
    None,
}

impl Status {
    pub fn is_in_force(&self) -> bool {
        matches!(self, Status::InForce { .. })
    }
}

/// The status in `jurisdiction` for `indication` as of `as_of`. `events`
/// may hold any product's events; only those in the jurisdiction count.
pub fn status(events: &[Event], jurisdiction: &str, indication: &str, as_of: Day) -> Status {
    let mut relevant: Vec<&Event> = events
        .iter()
        .filter(|e| e.jurisdiction == jurisdiction && e.happened_by(as_of))
        .filter(|e| match e.indication.as_deref() {
            Some(i) => i == indication,
            None => e.kind.effect() == Effect::End,
        })
        .collect();
    relevant.sort_by(|a, b| a.date.chronological(b.date));

    let mut last_grant: Option<&Event> = None;
    let mut current: Option<&Event> = None;
    for event in &relevant {
        match event.kind.effect() {
            Effect::Grant => {
                last_grant = Some(event);
                current = Some(event);
            }
            Effect::End => current = Some(event),
            Effect::Negative | Effect::Step => {}
        }
    }
    match (current, last_grant) {
        (Some(c), Some(grant)) if c.kind.effect() == Effect::Grant => {
            if grant.term_over_by(as_of) {
                Status::Ended {
                    grant: grant.id.clone(),
                    end: None,
                }
            } else {
                Status::InForce {
                    grant: grant.id.clone(),
                }
            }
        }
        (Some(end), Some(grant)) => Status::Ended {
            grant: grant.id.clone(),
            end: Some(end.id.clone()),
        },
        _ => {
            let negative: Vec<String> = relevant
                .iter()
                .filter(|e| e.kind.effect() == Effect::Negative)
                .map(|e| e.id.clone())
                .collect();
            if negative.is_empty() {
                Status::None
            } else {
                Status::Refused { decisions: negative }
            }
        }
    }
}

/// A stretch of days with one status: from `from` (inclusive) to `to`
/// (exclusive; `None`: it still holds on the day asked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub status: Status,
    pub from: Day,
    pub to: Option<Day>,
}

/// How the status in (`jurisdiction`, `indication`) ran up to `as_of`: the
/// same rule as [`status`], asked on every day it can change (the day an
/// event counts, and the day after a term runs out). The timeline draws these.
pub fn history(events: &[Event], jurisdiction: &str, indication: &str, as_of: Day) -> Vec<Interval> {
    let mut days: Vec<Day> = events
        .iter()
        .filter(|e| e.jurisdiction == jurisdiction)
        .flat_map(|e| [Some(e.date.last_day()), e.valid_until.map(|u| u.last_day().next())])
        .flatten()
        .filter(|d| *d <= as_of)
        .collect();
    days.sort();
    days.dedup();
    let mut out: Vec<Interval> = Vec::new();
    for day in days {
        let now = status(events, jurisdiction, indication, day);
        if out.last().is_some_and(|last| last.status == now) {
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.to = Some(day);
        }
        out.push(Interval {
            status: now,
            from: day,
            to: None,
        });
    }
    out
}

/// Every (jurisdiction, indication) a product's events are about, sorted.
pub fn scopes(events: &[Event]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = events
        .iter()
        .filter_map(|e| Some((e.jurisdiction.clone(), e.indication.clone()?)))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        id: &str,
        place: &str,
        indication: Option<&str>,
        kind: &str,
        date: &str,
        until: Option<&str>,
    ) -> Event {
        Event {
            id: id.into(),
            jurisdiction: place.into(),
            indication: indication.map(Into::into),
            kind: DecisionKind::parse(kind).unwrap(),
            date: PartialDate::parse(date).unwrap(),
            valid_until: until.map(|u| PartialDate::parse(u).unwrap()),
        }
    }

    fn day(text: &str) -> Day {
        Day::parse_as_of(text, Day::from_unix_seconds(0)).unwrap()
    }

    /// Alofisel: EU approval 2018-03-23, withdrawal 2024-12 (no indication).
    fn alofisel() -> Vec<Event> {
        vec![
            event(
                "eu-approval",
                "EU",
                Some("fistula"),
                "approval",
                "2018-03-23",
                None,
            ),
            event("eu-withdrawal", "EU", None, "withdrawal", "2024-12", None),
            event(
                "jp-approval",
                "JP",
                Some("fistula"),
                "approval",
                "2021-09-27",
                None,
            ),
        ]
    }

    #[test]
    fn history_follows_the_status_rule() {
        let events = alofisel();
        let h = history(&events, "EU", "fistula", day("2026-01-01"));
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(h[0].from, day("2018-03-23"));
        assert_eq!(h[0].to, Some(day("2024-12-31")));
        assert!(h[0].status.is_in_force());
        assert!(matches!(h[1].status, Status::Ended { .. }));
        assert_eq!(h[1].to, None);
        // A term that runs out ends the bar the day after it.
        let term = vec![event("t", "KR", Some("x"), "conditional-approval", "2015", Some("2020-06"))];
        let h = history(&term, "KR", "x", day("2026-01-01"));
        assert_eq!(h[0].to, Some(day("2020-07-01")));
        assert_eq!(h[1].status, Status::Ended { grant: "t".into(), end: None });
        assert_eq!(Day { year: 2020, month: 12, day: 31 }.next(), day("2021-01-01"));
    }

    #[test]
    fn alofisel_in_the_eu_over_time() {
        let events = alofisel();
        assert_eq!(status(&events, "EU", "fistula", day("2018-03-22")), Status::None);
        assert_eq!(
            status(&events, "EU", "fistula", day("2019-06-01")),
            Status::InForce {
                grant: "eu-approval".into()
            }
        );
        // A month-precision withdrawal counts once the month is over.
        assert!(status(&events, "EU", "fistula", day("2024-12-15")).is_in_force());
        assert_eq!(
            status(&events, "EU", "fistula", day("2025-01-01")),
            Status::Ended {
                grant: "eu-approval".into(),
                end: Some("eu-withdrawal".into())
            }
        );
        // The EU withdrawal does not reach Japan.
        assert!(status(&events, "JP", "fistula", day("2026-01-01")).is_in_force());
    }

    /// Remestemcel-L: CA 2012-05-17; US complete responses 2020-09-30 and
    /// 2023-08; US approval 2024-12-18.
    fn remestemcel() -> Vec<Event> {
        vec![
            event(
                "ca-noc-c",
                "CA",
                Some("agvhd"),
                "conditional-approval",
                "2012-05-17",
                None,
            ),
            event("us-fast-track", "US", Some("agvhd"), "fast-track", "2005", None),
            event(
                "us-crl-1",
                "US",
                Some("agvhd"),
                "complete-response",
                "2020-09-30",
                None,
            ),
            event(
                "us-crl-2",
                "US",
                Some("agvhd"),
                "complete-response",
                "2023-08",
                None,
            ),
            event("us-approval", "US", Some("agvhd"), "approval", "2024-12-18", None),
            event(
                "nz-consent",
                "NZ",
                Some("agvhd"),
                "provisional-consent",
                "2012-06-14",
                Some("2014-06-14"),
            ),
            event(
                "nz-renewal",
                "NZ",
                Some("agvhd"),
                "provisional-consent",
                "2014-06-14",
                Some("2016-06-14"),
            ),
        ]
    }

    #[test]
    fn remestemcel_in_the_us_and_canada() {
        let events = remestemcel();
        assert_eq!(
            status(&events, "US", "agvhd", day("2024-01-01")),
            Status::Refused {
                decisions: vec!["us-crl-1".into(), "us-crl-2".into()]
            }
        );
        assert!(!status(&events, "US", "agvhd", day("2024-12-17")).is_in_force());
        assert_eq!(
            status(&events, "US", "agvhd", day("2024-12-18")),
            Status::InForce {
                grant: "us-approval".into()
            }
        );
        assert!(status(&events, "CA", "agvhd", day("2013-01-01")).is_in_force());
        assert_eq!(status(&events, "CA", "agvhd", day("2012-05-16")), Status::None);
        // Designations alone are nothing.
        assert_eq!(status(&events, "US", "agvhd", day("2006-01-01")), Status::None);
    }

    #[test]
    fn a_grant_runs_out_at_the_end_of_its_term_unless_renewed() {
        let events = remestemcel();
        assert_eq!(
            status(&events, "NZ", "agvhd", day("2015-01-01")),
            Status::InForce {
                grant: "nz-renewal".into()
            }
        );
        assert_eq!(
            status(&events, "NZ", "agvhd", day("2016-06-15")),
            Status::Ended {
                grant: "nz-renewal".into(),
                end: None
            }
        );
    }

    /// Stemirac: time-limited approval 2018-12-28, full-approval filing 2025-11-14.
    #[test]
    fn stemirac_stays_time_limited_while_the_filing_is_pending() {
        let events = vec![
            event(
                "jp-tl",
                "JP",
                Some("sci"),
                "time-limited-approval",
                "2018-12-28",
                None,
            ),
            event(
                "jp-filed",
                "JP",
                Some("sci"),
                "application-filed",
                "2025-11-14",
                None,
            ),
        ];
        assert_eq!(
            status(&events, "JP", "sci", day("2026-11-21")),
            Status::InForce {
                grant: "jp-tl".into()
            }
        );
        assert_eq!(status(&events, "JP", "sci", day("2018-12-27")), Status::None);
    }

    #[test]
    fn a_later_grant_replaces_an_earlier_one() {
        let events = vec![
            event(
                "limited",
                "IN",
                Some("cli"),
                "conditional-approval",
                "2016-05-30",
                None,
            ),
            event("full", "IN", Some("cli"), "approval", "2020-08", None),
        ];
        assert_eq!(
            status(&events, "IN", "cli", day("2019-01-01")),
            Status::InForce {
                grant: "limited".into()
            }
        );
        assert_eq!(
            status(&events, "IN", "cli", day("2021-01-01")),
            Status::InForce { grant: "full".into() }
        );
        assert_eq!(scopes(&events), vec![("IN".to_string(), "cli".to_string())]);
    }
}
