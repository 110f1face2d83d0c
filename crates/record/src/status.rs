//! Status as of a date, derived from decision events. Pure functions.
//!
//! For one product, in one jurisdiction, for one indication: the latest
//! grant or end on or before the date decides. An end with no indication
//! ends every indication there. A grant with its own term (`valid_until`)
//! runs out after it; if an application filed within the term is still
//! unanswered, the term has ended but the grant has not simply lapsed
//! (`TermEnded`). Negative decisions count only when no grant ever was.

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
    /// A grant whose own term has passed while an application filed within
    /// the term is still unanswered (`pending`, oldest first): not in force
    /// for certain, not lapsed either.
    TermEnded { grant: String, pending: Vec<String> },
    /// No grant ever, but negative decisions (ids, oldest first).
    Refused { decisions: Vec<String> },
    /// Nothing that bears on marketing.
    None,
}

impl Status {
    pub fn is_in_force(&self) -> bool {
        matches!(self, Status::InForce { .. })
    }

    /// The grant the status rests on, in force or not.
    pub fn grant(&self) -> Option<&str> {
        match self {
            Status::InForce { grant } | Status::Ended { grant, .. } | Status::TermEnded { grant, .. } => {
                Some(grant)
            }
            Status::Refused { .. } | Status::None => None,
        }
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
            let pending = pending_applications(&relevant, grant);
            if grant.term_over_by(as_of) && !pending.is_empty() {
                Status::TermEnded {
                    grant: grant.id.clone(),
                    pending,
                }
            } else if grant.term_over_by(as_of) {
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

/// The first grant of the unbroken run of grants that ends in the grant
/// deciding the status, when that is an earlier grant: a re-licence or a
/// conversion (conditional to full) continues a grant, so the product has
/// been approved there since the first one. A run breaks at an end, or
/// where a grant's term ran out before the next grant.
pub fn continuing_since(
    events: &[Event],
    jurisdiction: &str,
    indication: &str,
    as_of: Day,
) -> Option<String> {
    let (Status::InForce { grant: current } | Status::TermEnded { grant: current, .. }) =
        status(events, jurisdiction, indication, as_of)
    else {
        return None;
    };
    let mut relevant: Vec<&Event> = events
        .iter()
        .filter(|e| e.jurisdiction == jurisdiction && e.happened_by(as_of))
        .filter(|e| match e.indication.as_deref() {
            Some(i) => i == indication,
            None => e.kind.effect() == Effect::End,
        })
        .filter(|e| matches!(e.kind.effect(), Effect::Grant | Effect::End))
        .collect();
    relevant.sort_by(|a, b| a.date.chronological(b.date));
    let mut first: Option<&Event> = None;
    let mut last: Option<&Event> = None;
    for e in relevant {
        if e.kind.effect() == Effect::End {
            first = None;
            last = None;
            continue;
        }
        let lapsed_between = last
            .and_then(|l| l.valid_until)
            .is_some_and(|until| until.last_day() < e.date.first_day());
        if first.is_none() || lapsed_between {
            first = Some(e);
        }
        last = Some(e);
        if e.id == current {
            break;
        }
    }
    first.filter(|f| f.id != current).map(|f| f.id.clone())
}

/// Applications filed within a grant's term, in the grant's scope, that no
/// later decision has answered (oldest first). `events` are the scope's
/// events that happened by the date asked. While one is pending, a grant
/// whose term has passed has not simply lapsed: its status is
/// [`Status::TermEnded`].
pub fn pending_applications(events: &[&Event], grant: &Event) -> Vec<String> {
    let Some(until) = grant.valid_until else {
        return Vec::new();
    };
    let filed: Vec<&&Event> = events
        .iter()
        .filter(|e| e.kind == DecisionKind::ApplicationFiled)
        .filter(|e| e.jurisdiction == grant.jurisdiction && e.indication == grant.indication)
        .filter(|e| grant.date.chronological(e.date).is_lt() && e.date.first_day() <= until.last_day())
        .collect();
    filed
        .into_iter()
        .filter(|f| {
            !events.iter().any(|e| {
                e.kind != DecisionKind::ApplicationFiled
                    && e.kind.effect() != Effect::Step
                    && f.date.chronological(e.date).is_lt()
            })
        })
        .map(|f| f.id.clone())
        .collect()
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
        .flat_map(|e| {
            [
                Some(e.date.last_day()),
                e.valid_until.map(|u| u.last_day().next()),
            ]
        })
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
        let term = vec![event(
            "t",
            "KR",
            Some("x"),
            "conditional-approval",
            "2015",
            Some("2020-06"),
        )];
        let h = history(&term, "KR", "x", day("2026-01-01"));
        assert_eq!(h[0].to, Some(day("2020-07-01")));
        assert_eq!(
            h[1].status,
            Status::Ended {
                grant: "t".into(),
                end: None
            }
        );
        assert_eq!(
            Day {
                year: 2020,
                month: 12,
                day: 31
            }
            .next(),
            day("2021-01-01")
        );
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

    /// Stemirac with its term: 7 years from 2018-12-28, ended 2025-12; the
    /// full-approval application of 2025-11-14 is pending, so the grant has
    /// not simply lapsed. A refusal of that application would end it.
    #[test]
    fn a_term_that_ran_out_with_an_application_pending_has_not_lapsed() {
        let mut events = vec![
            event(
                "jp-tl",
                "JP",
                Some("sci"),
                "time-limited-approval",
                "2018-12-28",
                Some("2025-12"),
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
        let scope: Vec<&Event> = events.iter().collect();
        assert_eq!(
            pending_applications(&scope, &events[0]),
            vec!["jp-filed".to_string()]
        );
        assert_eq!(
            status(&events, "JP", "sci", day("2026-12-01")),
            Status::TermEnded {
                grant: "jp-tl".into(),
                pending: vec!["jp-filed".into()]
            }
        );
        // Within the term it is simply in force.
        assert!(status(&events, "JP", "sci", day("2025-12-01")).is_in_force());
        events.push(event("jp-refused", "JP", Some("sci"), "refusal", "2026-06", None));
        assert_eq!(
            status(&events, "JP", "sci", day("2026-12-01")),
            Status::Ended {
                grant: "jp-tl".into(),
                end: None
            }
        );
        // Without the application the term simply runs out.
        events.retain(|e| e.id == "jp-tl");
        assert_eq!(
            status(&events, "JP", "sci", day("2026-01-01")),
            Status::Ended {
                grant: "jp-tl".into(),
                end: None
            }
        );
    }

    #[test]
    fn an_application_filed_after_the_term_does_not_keep_a_grant() {
        let events = vec![
            event(
                "g",
                "NZ",
                Some("a"),
                "provisional-consent",
                "2012-06-14",
                Some("2014-06-14"),
            ),
            event("late", "NZ", Some("a"), "application-filed", "2015", None),
        ];
        let scope: Vec<&Event> = events.iter().collect();
        assert!(pending_applications(&scope, &events[0]).is_empty());
        assert!(!status(&events, "NZ", "a", day("2016-01-01")).is_in_force());
    }

    /// Cartistem: approved 2012-01-19, re-licensed by 2021-08-27: one grant
    /// continuing since 2012. New Zealand's renewal on the day the first
    /// consent ran out continues it too; a grant after a lapse does not.
    #[test]
    fn a_relicence_continues_the_first_grant() {
        let events = vec![
            event("kr-2012", "KR", Some("oa"), "approval", "2012-01-19", None),
            event("kr-2021", "KR", Some("oa"), "approval", "2021-08-27", None),
        ];
        assert_eq!(
            continuing_since(&events, "KR", "oa", day("2026-01-01")),
            Some("kr-2012".to_string())
        );
        assert_eq!(continuing_since(&events, "KR", "oa", day("2015-01-01")), None);
        let nz = remestemcel();
        assert_eq!(
            continuing_since(&nz, "NZ", "agvhd", day("2015-01-01")),
            Some("nz-consent".to_string())
        );
        let lapsed = vec![
            event(
                "a",
                "NZ",
                Some("x"),
                "provisional-consent",
                "2010-01-01",
                Some("2011-01-01"),
            ),
            event("b", "NZ", Some("x"), "approval", "2013", None),
        ];
        assert_eq!(continuing_since(&lapsed, "NZ", "x", day("2014-01-01")), None);
        let ended = vec![
            event("a", "EU", Some("x"), "approval", "2010", None),
            event("w", "EU", None, "withdrawal", "2012", None),
            event("b", "EU", Some("x"), "approval", "2014", None),
        ];
        assert_eq!(continuing_since(&ended, "EU", "x", day("2015-01-01")), None);
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
