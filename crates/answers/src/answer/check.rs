//! `check`: is this product approved — here, for this, on this date? And with
//! no product named: is any MSC product approved for this disease, and where?
//! The answer is data (a verdict, the decisions behind it, caveats, what the
//! record cannot know); `render::prose` tells it in English.

use super::Context;
use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;
use serde::Serialize;

use crate::date::Day;
use crate::error::{Error, Input, Result};
use crate::model::{AliasKind, DecisionKind, Effect};
use crate::query::{self, Decision, Filing, Membership, Product, Since, Source, Standing};
use crate::resolve::{self, NameKind};
use crate::status::Status;
use crate::verdict::{self, Verdict};

use super::actions::{self as sellers, ActionsAnswer, ActionsQuery, OfferRuleAnswer};
use super::disease::{self, Disease};
use super::{Scope, parse_as_of};
use crate::query::actions::Seller;

/// The sources behind the clinic warning (FDA and ISSCR patient pages).
pub const CLINIC_WARNING_SOURCES: &[&str] = &[
    crate::spec::cited::FDA_CONSUMER_WARNING,
    crate::spec::cited::ISSCR_UNPROVEN,
];

/// The question, as typed.
#[derive(Debug, Default)]
pub struct CheckQuery {
    pub name: Option<String>,
    pub country: Option<String>,
    pub disease: Option<String>,
    pub as_of: Option<String>,
}

/// The question, as resolved (the JSON `query` object).
#[derive(Debug, Clone, Serialize)]
pub struct Asked {
    pub name: Option<String>,
    #[serde(rename = "in")]
    pub country: Option<String>,
    #[serde(rename = "for")]
    pub indication: Option<String>,
    pub as_of: String,
}

/// A decision behind the verdict, with the product it concerns.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub product: String,
    /// (Boxed: a `check --for` holds one per decision cited, 20,000 and
    /// more at 10^6 decisions, and a vector of them grows by doubling.)
    #[serde(flatten)]
    pub decision: Box<Decision>,
    /// The last day of a grant's term, when the term ran out before the date asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_ended: Option<String>,
}

impl Evidence {
    fn new(product: &Product, decision: &Decision, as_of: Day) -> Self {
        let term_ended = decision
            .event()
            .term_over_by(as_of)
            .then(|| decision.valid_until.clone())
            .flatten();
        Self {
            product: product.name.clone(),
            decision: Box::new(decision.clone()),
            term_ended,
        }
    }
}

/// A grant in force outside the scope asked.
#[derive(Debug, Clone, Serialize)]
pub struct Elsewhere {
    pub product_id: String,
    /// The name the grant was made under (its brand, else the product's name).
    pub product: String,
    /// The product's own name, the same for all its grants.
    pub product_name: String,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    /// The article the place's name takes in English ("the"), from the place data.
    #[serde(skip)]
    pub jurisdiction_article: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    pub date_qualifier: Option<String>,
    pub indication_id: String,
    pub indication: String,
    pub decision_id: String,
    /// How its indication relates to the disease asked: `other`, `narrower`
    /// (within it) or `broader`; absent when no disease was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<&'static str>,
    /// The first grant this one continues (a re-licence, a conversion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Box<Since>>,
    /// The grant's label facts and the regulator's identifier, when known.
    pub label: Option<Box<crate::query::Label>>,
}

impl Elsewhere {
    /// "by 2021-08-27", "announced 2016-05-30", "2024-12-18".
    pub fn date_label(&self) -> String {
        crate::date::label(&self.date, self.date_qualifier.as_deref())
    }
}

/// Something the reader must know beside the verdict.
#[derive(Debug, Clone, PartialEq)]
pub enum Caveat {
    /// A conditional, time-limited or provisional grant, with its terms.
    /// (Its terms, not the whole grant: a `check --for` meets one per
    /// approved product, and most are the same caveat.)
    Provisional {
        place: String,
        decision: String,
        pathway: Option<String>,
        note: Option<String>,
    },
    /// The sources do not confirm the grant's current status.
    Unconfirmed { place: String, note: String },
    /// The grant has a term of its own.
    Term { place: String, until: String },
    /// The product's notes (shown when it is not approved in scope).
    ProductNote(String),
    /// The note on a step or refusal shown as evidence.
    DecisionNote(Box<Decision>),
    /// Absence from the record proves nothing.
    Absence,
    /// The place asked is answered through a union it belongs to.
    Through {
        place: String,
        membership: Membership,
        union: String,
    },
    /// The place once belonged to a union whose decisions no longer apply.
    Left {
        place: String,
        membership: Membership,
        union: String,
    },
    /// What the record knows about the place beyond its decisions.
    PlaceNote { place: String, note: String },
    /// An approval for a broader indication answers a narrower question.
    Broader { indication: String, asked: String },
    /// A clinic selling cells for a disease with no approval sells an unapproved product.
    ClinicWarning { disease: String },
    /// The name asked is a brand the grant in scope did not carry.
    Brand { asked: String, kind: AliasKind },
}

/// Why an answer may not hold: the record cannot know the day, or the status.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Uncertainty {
    /// The date asked falls inside the month or year of an event dated only that far.
    PartialDate { decision_id: String, date: String },
    /// A grant whose current status the sources do not confirm.
    StatusUnconfirmed { decision_id: String },
    /// A grant that ran out by its own term, with no decision recorded.
    Lapsed { decision_id: String, until: String },
    /// A grant whose own term has passed while applications filed within it
    /// (`pending`) are undecided: whether it still holds is not known.
    TermEnded {
        decision_id: String,
        until: String,
        pending: Vec<String>,
    },
    /// An approval in the scope asked was reported (by the sponsor, or one
    /// source) but the record could not verify it (`reports.csv`).
    UnverifiedReport {
        report_id: String,
        product_id: String,
        product_name: Option<String>,
        jurisdiction: String,
        reported: String,
        reporter: String,
        date: Option<String>,
    },
    /// The date asked is after the record's date.
    Future {
        as_of: String,
        record_date: Option<String>,
    },
}

pub use crate::query::Mention;

#[derive(Debug, Clone)]
pub struct CheckAnswer {
    pub verdict: Verdict,
    pub asked: Asked,
    pub as_of: Day,
    /// The day the question was asked (the context's today), for tense.
    pub today: Day,
    /// The name typed (for `not-in-record`).
    pub typed: Option<String>,
    pub place: Option<String>,
    pub disease: Option<Disease>,
    pub product: Option<Product>,
    /// Grants in force in scope, most recent first.
    pub grants: Vec<Decision>,
    /// For a grant in `grants` that continues an earlier one, keyed by its id.
    pub since: BTreeMap<String, Since>,
    /// Grants in scope that ended, with what ended them.
    pub ended: Vec<(Decision, Option<Decision>)>,
    pub negatives: Vec<Decision>,
    /// What did happen (designations, steps) when nothing was granted.
    pub steps: Vec<Decision>,
    pub evidence: Vec<Evidence>,
    /// Every decision in scope, happened or not (what uncertainty refers to),
    /// for one product; for `--for` the evidence holds them.
    pub considered: Vec<Decision>,
    pub approved_elsewhere: Vec<Elsewhere>,
    /// In force in the place asked, for another indication.
    pub other_indication: Vec<Elsewhere>,
    /// For `check --for` with no product: products and places approved.
    pub approved: Vec<Elsewhere>,
    /// For `check --for`: products of other cell types (not MSC) approved for it anywhere.
    pub other_cell_types: Vec<Elsewhere>,
    pub filings: Vec<Filing>,
    pub caveats: Vec<Caveat>,
    pub uncertain: Vec<Uncertainty>,
    pub suggestions: Vec<String>,
    pub mentions: Vec<Mention>,
    pub sources: Vec<Source>,
    /// Names of the jurisdictions and indications the answer mentions.
    pub places: BTreeMap<String, String>,
    /// The English article of each place in `places` ("the" or empty).
    pub articles: BTreeMap<String, String>,
    pub indications: BTreeMap<String, String>,
    /// For a name that is a seller, not a product: the seller.
    pub seller: Option<Seller>,
    /// The actions against the seller named, or, for `--for`, the actions
    /// in scope (the disease, the place), up to the date asked.
    pub actions: Option<ActionsAnswer>,
    /// The rule for an unapproved offer in the place asked, on the date
    /// asked, when nothing in scope is approved.
    pub offer_rule: Option<OfferRuleAnswer>,
}

pub fn answer(cx: &Context, q: &CheckQuery) -> Result<CheckAnswer> {
    let conn = cx.conn;
    if let Some(name) = &q.name
        && name.trim().is_empty()
    {
        return Err(Error::invalid(Input::Name, "empty product name"));
    }
    if q.name.is_none() && q.disease.is_none() {
        return Err(Error::invalid(
            Input::Request,
            "check needs a product NAME, or --for INDICATION (or both)",
        ));
    }
    let as_of = parse_as_of(q.as_of.as_deref(), cx.today)?;
    let place = match &q.country {
        Some(text) => Some(resolve::require(conn, NameKind::Jurisdiction, text)?.remove(0)),
        None => None,
    };
    let disease = q
        .disease
        .as_deref()
        .map(|t| disease::resolve(cx, t))
        .transpose()?;
    let scope = Scope {
        as_of,
        jurisdictions: match &place {
            Some(code) => Some(query::applicable_jurisdictions(conn, code, as_of)?),
            None => None,
        },
        country: place.clone(),
        regulators: None,
        indications: disease.as_ref().map(Disease::in_scope),
        cell_types: None,
        disease: disease.clone(),
    };
    let asked = Asked {
        name: q.name.clone(),
        country: place.clone(),
        // The indications asked; for a disease no indication of the record
        // is, its ICD-10-CM codes, so that the question is never lost.
        indication: scope.indications.as_ref().map(|ids| {
            if ids.is_empty() {
                scope
                    .disease
                    .as_ref()
                    .map(|d| d.codes.join(";"))
                    .unwrap_or_default()
            } else {
                ids.join(";")
            }
        }),
        as_of: as_of.to_string(),
    };
    let mut answer = CheckAnswer {
        verdict: Verdict::NotApproved,
        asked,
        as_of,
        today: cx.today,
        typed: q.name.clone(),
        place: place.clone(),
        disease,
        product: None,
        grants: Vec::new(),
        since: BTreeMap::new(),
        articles: BTreeMap::new(),
        ended: Vec::new(),
        negatives: Vec::new(),
        steps: Vec::new(),
        evidence: Vec::new(),
        considered: Vec::new(),
        approved_elsewhere: Vec::new(),
        other_indication: Vec::new(),
        approved: Vec::new(),
        other_cell_types: Vec::new(),
        filings: Vec::new(),
        caveats: Vec::new(),
        uncertain: Vec::new(),
        suggestions: Vec::new(),
        mentions: Vec::new(),
        sources: Vec::new(),
        places: BTreeMap::new(),
        indications: BTreeMap::new(),
        seller: None,
        actions: None,
        offer_rule: None,
    };
    match &q.name {
        Some(name) => check_product(cx, name, &scope, &mut answer)?,
        None => check_indication(conn, &scope, &mut answer)?,
    }
    // An unconfirmed grant leaves the answer open only when no confirmed one
    // carries it. (A set: a `check --for` can hold 10,000 grants and 20,000
    // evidence rows, and pairing them would be quadratic.)
    let confirmed_rows: std::collections::HashSet<&str> = answer
        .evidence
        .iter()
        .filter(|e| e.decision.status_note.is_none())
        .map(|e| e.decision.id.as_str())
        .collect();
    let confirmed = answer
        .grants
        .iter()
        .map(|g| g.id.as_str())
        .chain(answer.approved.iter().map(|e| e.decision_id.as_str()))
        .any(|id| confirmed_rows.contains(id));
    if confirmed {
        answer
            .uncertain
            .retain(|u| !matches!(u, Uncertainty::StatusUnconfirmed { .. }));
    }
    place_caveats(conn, &scope, &mut answer)?;
    actions_and_rule(cx, &scope, &mut answer)?;
    if as_of > cx.today {
        answer.uncertain.push(Uncertainty::Future {
            as_of: as_of.to_string(),
            record_date: query::record_date(conn)?,
        });
    }
    name_everything(conn, &mut answer)?;
    let mut ids: Vec<String> = answer
        .evidence
        .iter()
        .flat_map(|e| e.decision.sources.clone())
        .collect();
    ids.extend(answer.filings.iter().flat_map(|f| f.sources.clone()));
    if let Some(p) = &answer.product {
        ids.extend(p.sources.iter().cloned());
    }
    if answer
        .caveats
        .iter()
        .any(|c| matches!(c, Caveat::ClinicWarning { .. }))
    {
        ids.extend(CLINIC_WARNING_SOURCES.iter().map(ToString::to_string));
    }
    if let Some(seller) = &answer.seller {
        ids.extend(seller.sources.iter().cloned());
    }
    if let Some(actions) = &answer.actions {
        ids.extend(actions.sources.iter().map(|s| s.id.clone()));
    }
    if let Some(rule) = &answer.offer_rule {
        ids.extend(rule.sources.iter().map(|s| s.id.clone()));
    }
    answer.sources = query::sources(conn, &ids)?;
    Ok(answer)
}

/// The actions in scope (against the seller named; or, for a disease, the
/// actions naming it in the place asked) and, when nothing in scope is
/// approved, the rule for an unapproved offer in the place asked.
fn actions_and_rule(cx: &Context, scope: &Scope, answer: &mut CheckAnswer) -> Result<()> {
    let until = (scope.as_of < cx.today).then_some(scope.as_of);
    let query = match (&answer.seller, &answer.product, &scope.disease) {
        (Some(seller), _, _) => Some(ActionsQuery {
            seller: Some(seller.id.clone()),
            until,
            ..ActionsQuery::default()
        }),
        (None, None, Some(d)) => Some(ActionsQuery {
            country: scope.country.clone(),
            jurisdictions: scope.jurisdictions.clone(),
            disease: Some(d.clone()),
            until,
            ..ActionsQuery::default()
        }),
        _ => None,
    };
    if let Some(q) = query {
        answer.actions = Some(sellers::actions(cx, &q)?);
    }
    // A name the record does not know gets the rule too: an offer of an
    // unknown product is still an offer of an unapproved one.
    if answer.verdict != Verdict::Approved
        && let Some(place) = &scope.country
    {
        answer.offer_rule = sellers::offer_rule(cx, place, scope.as_of)?;
    }
    Ok(())
}

/// How an indication relates to the disease asked.
fn relation(scope: &Scope, indication_id: &str) -> Option<&'static str> {
    let d = scope.disease.as_ref()?;
    Some(if d.narrower.iter().any(|i| i == indication_id) {
        "narrower"
    } else if d.broader.iter().any(|i| i == indication_id) {
        "broader"
    } else {
        "other"
    })
}

fn elsewhere_row(product: &Product, s: &Standing, scope: &Scope) -> Option<Elsewhere> {
    let g = s.grant.as_ref()?;
    Some(Elsewhere {
        product_id: product.id.clone(),
        product: g.brand.clone().unwrap_or_else(|| product.name.clone()),
        product_name: product.name.clone(),
        jurisdiction: g.jurisdiction.clone(),
        jurisdiction_name: String::new(),
        jurisdiction_article: String::new(),
        regulator: g.regulator.clone(),
        decision: g.decision.clone(),
        date: g.date.clone(),
        date_qualifier: g.date_qualifier.clone(),
        indication_id: s.indication_id.clone(),
        indication: String::new(),
        decision_id: g.id.clone(),
        relation: relation(scope, &s.indication_id),
        since: s.since.as_ref().map(|first| Box::new(Since::new(first, g))),
        label: g.label.clone(),
    })
}

/// The conditions and open questions a grant in force carries.
fn grant_caveats(grant: &Decision, answer: &mut CheckAnswer) {
    let place = grant.jurisdiction.clone();
    // Each caveat once: at 10,000 grants most are the same one again.
    let mut add = |c: Caveat| {
        if !answer.caveats.contains(&c) {
            answer.caveats.push(c);
        }
    };
    if grant.kind().is_provisional_grant() {
        add(Caveat::Provisional {
            place: place.clone(),
            decision: grant.decision.clone(),
            pathway: grant.pathway.clone(),
            note: grant.note.clone(),
        });
    }
    if let Some(note) = &grant.status_note {
        add(Caveat::Unconfirmed {
            place: place.clone(),
            note: note.clone(),
        });
        answer.uncertain.push(Uncertainty::StatusUnconfirmed {
            decision_id: grant.id.clone(),
        });
    }
    if let Some(until) = &grant.valid_until {
        add(Caveat::Term {
            place,
            until: until.clone(),
        });
    }
}

/// A grant whose term has passed with applications pending: its conditions
/// and notes are caveats, and the answer is not certain.
fn term_ended(grant: &Decision, pending: &[String], answer: &mut CheckAnswer) {
    grant_caveats(grant, answer);
    // The term is the doubt; "status unconfirmed" would say it twice.
    answer
        .uncertain
        .retain(|u| !matches!(u, Uncertainty::StatusUnconfirmed { decision_id } if *decision_id == grant.id));
    let u = Uncertainty::TermEnded {
        decision_id: grant.id.clone(),
        until: grant.valid_until.clone().unwrap_or_default(),
        pending: pending.to_vec(),
    };
    if !answer.uncertain.contains(&u) {
        answer.uncertain.push(u);
    }
}

/// Reports of approvals in scope that the record could not verify: the
/// answer is not certain ("not on record" is not "not approved").
fn unverified_reports(
    conn: &Connection,
    product_id: Option<&str>,
    scope: &Scope,
    answer: &mut CheckAnswer,
) -> Result<()> {
    for r in query::reports(conn)? {
        if product_id.is_some_and(|p| p != r.product_id) {
            continue;
        }
        let reported_by = r
            .date
            .as_deref()
            .and_then(|d| crate::date::PartialDate::parse(d).ok())
            .is_none_or(|d| d.first_day() <= scope.as_of);
        let indication = r
            .indication_id
            .as_deref()
            .is_none_or(|i| scope.includes_indication(i));
        if reported_by && indication && scope.includes_place(&r.jurisdiction) {
            answer.uncertain.push(Uncertainty::UnverifiedReport {
                report_id: r.id,
                product_id: r.product_id,
                product_name: r.product_name,
                jurisdiction: r.jurisdiction,
                reported: r.reported,
                reporter: r.reporter,
                date: r.date,
            });
        }
    }
    Ok(())
}

/// Events the answer rests on whose date is known only to the month or year
/// that holds the date asked: on that day the record cannot tell.
fn partial_dates(decisions: &[&Decision], as_of: Day, answer: &mut CheckAnswer) {
    for d in decisions {
        let event = d.event();
        if event.date.day.is_none() && event.date.first_day() <= as_of && as_of < event.date.last_day() {
            let u = Uncertainty::PartialDate {
                decision_id: d.id.clone(),
                date: d.date.clone(),
            };
            if !answer.uncertain.contains(&u) {
                answer.uncertain.push(u);
            }
        }
    }
}

fn check_product(cx: &Context, name: &str, scope: &Scope, answer: &mut CheckAnswer) -> Result<()> {
    let conn = cx.conn;
    let Some(product) = super::find_product(cx, name)? else {
        if let Some(seller) = sellers::find_seller(cx, name)? {
            answer.verdict = Verdict::Seller;
            answer.seller = Some(seller);
            return Ok(());
        }
        answer.verdict = Verdict::NotInRecord;
        answer.suggestions = resolve::suggest(conn, NameKind::Product, name)?;
        answer.mentions = query::mentions(conn, name, 10)?;
        answer.caveats.push(Caveat::Absence);
        return Ok(());
    };
    let decisions = query::decisions_of(conn, &product.id)?;
    let standings = query::standings(&decisions, scope.as_of);
    let in_place = |s: &&Standing| scope.includes_place(&s.jurisdiction);
    let in_scope: Vec<&Standing> = standings
        .iter()
        .filter(in_place)
        .filter(|s| scope.includes_indication(&s.indication_id))
        .collect();
    for s in standings.iter().filter(|s| s.rule.is_in_force()) {
        if in_scope.iter().any(|x| std::ptr::eq(*x, s)) {
            continue;
        }
        let Some(row) = elsewhere_row(&product, s, scope) else {
            continue;
        };
        if scope.indications.is_some() && scope.includes_place(&s.jurisdiction) {
            answer.other_indication.push(row);
        } else {
            answer.approved_elsewhere.push(row);
        }
    }
    let happened: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.event().happened_by(scope.as_of))
        .collect();
    answer.filings = query::filings_of(conn, &product.id)?
        .into_iter()
        .filter(|f| f.on_record_by(scope.as_of, cx.today))
        .collect();
    let has_filings = !answer.filings.is_empty()
        || happened
            .iter()
            .any(|d| d.kind() == DecisionKind::ApplicationFiled);
    let statuses: Vec<&Status> = in_scope.iter().map(|s| &s.rule).collect();
    answer.verdict = verdict::decide_product(
        &statuses,
        !answer.other_indication.is_empty(),
        !answer.approved_elsewhere.is_empty(),
        has_filings,
    );
    // The evidence: what decides the verdict, in scope.
    let mut evidence: Vec<&Decision> = Vec::new();
    match answer.verdict {
        Verdict::Approved => {
            let mut grants: Vec<&Decision> = in_scope
                .iter()
                .filter(|s| s.rule.is_in_force())
                .filter_map(|s| s.grant.as_ref())
                .collect();
            evidence.extend(grants.iter().copied());
            for s in in_scope.iter().filter(|s| s.rule.is_in_force()) {
                if let (Some(g), Some(first)) = (&s.grant, &s.since) {
                    evidence.push(first);
                    answer.since.insert(g.id.clone(), Since::new(first, g));
                }
            }
            for g in &grants {
                grant_caveats(g, answer);
            }
            grants.sort_by(|a, b| b.event().date.chronological(a.event().date));
            answer.grants = grants.into_iter().cloned().collect();
        }
        Verdict::TermEnded => {
            for s in &in_scope {
                if let Status::TermEnded { pending, .. } = &s.rule
                    && let Some(g) = &s.grant
                {
                    evidence.push(g);
                    evidence.extend(decisions.iter().filter(|d| pending.contains(&d.id)));
                    term_ended(g, pending, answer);
                    answer.grants.push(g.clone());
                }
            }
        }
        Verdict::NoLongerApproved => {
            for s in in_scope.iter().filter(|s| matches!(s.rule, Status::Ended { .. })) {
                if let Some(g) = &s.grant {
                    evidence.push(g);
                    evidence.extend(s.end.as_ref());
                    if s.end.is_none()
                        && let Some(until) = &g.valid_until
                    {
                        answer.uncertain.push(Uncertainty::Lapsed {
                            decision_id: g.id.clone(),
                            until: until.clone(),
                        });
                    }
                    answer.ended.push((g.clone(), s.end.clone()));
                }
            }
        }
        Verdict::Refused => {
            let negatives: Vec<&Decision> = in_scope.iter().flat_map(|s| s.negatives.iter()).collect();
            evidence.extend(negatives.iter().copied());
            answer.negatives = negatives.into_iter().cloned().collect();
        }
        Verdict::ApprovedOtherIndication | Verdict::ApprovedElsewhere => {
            // Whatever did happen in scope (designations, access programmes) is evidence too.
            evidence.extend(happened.iter().copied().filter(|d| scope.includes(d)));
        }
        Verdict::Investigational | Verdict::NotApproved | Verdict::NotInRecord | Verdict::Seller => {
            evidence.extend(happened.iter().copied());
            answer.steps = happened.iter().map(|d| (*d).clone()).collect();
        }
    }
    if !matches!(answer.verdict, Verdict::Approved | Verdict::TermEnded) {
        unverified_reports(conn, Some(&product.id), scope, answer)?;
    }
    if answer.verdict != Verdict::Approved
        && let Some(notes) = &product.notes
    {
        answer.caveats.push(Caveat::ProductNote(notes.clone()));
    }
    for d in evidence.iter().filter(|d| d.kind().effect() != Effect::Grant) {
        if d.note.is_some() {
            answer.caveats.push(Caveat::DecisionNote(Box::new((*d).clone())));
        }
    }
    // A brand asked that the grants in scope did not carry. A brand that is
    // the start of the granted brand ("Stemirac" for "Stemirac for
    // Injection", "TEMCELL" for "TEMCELL HS Inj.") is that brand; a former
    // brand (Prochymal for the US grant of Ryoncil) is not.
    if let Some(kind) = asked_alias_kind(conn, &product, name)?
        && !answer.grants.is_empty()
        && !answer.grants.iter().any(|g| {
            g.brand.as_deref().is_some_and(|b| {
                let (granted, asked) = (resolve::normalize(b), resolve::normalize(name));
                granted == asked || (kind.1 == AliasKind::Brand && granted.starts_with(&asked))
            })
        })
    {
        answer.caveats.insert(
            0,
            Caveat::Brand {
                asked: kind.0,
                kind: kind.1,
            },
        );
    }
    // Every event in scope, happened or not: one dated only to the month
    // that holds the date asked may or may not have happened by then.
    let basis: Vec<&Decision> = decisions.iter().filter(|d| scope.includes(d)).collect();
    partial_dates(&basis, scope.as_of, answer);
    answer.considered = basis.into_iter().cloned().collect();
    answer.evidence = evidence
        .into_iter()
        .map(|d| Evidence::new(&product, d, scope.as_of))
        .collect();
    answer.product = Some(product);
    Ok(())
}

/// The kind of alias `name` is, when it is a brand or former name rather
/// than the product's own name, code or a misspelling.
fn asked_alias_kind(conn: &Connection, product: &Product, name: &str) -> Result<Option<(String, AliasKind)>> {
    let norm = resolve::normalize(name);
    if norm == resolve::normalize(&product.name) {
        return Ok(None);
    }
    Ok(query::aliases_of(conn, &product.id)?
        .into_iter()
        .find(|a| resolve::normalize(&a.alias) == norm)
        .and_then(|a| AliasKind::parse(&a.kind).map(|k| (a.alias, k)))
        .filter(|(_, k)| matches!(k, AliasKind::Brand | AliasKind::Former)))
}

/// `check --for DISEASE [--in PLACE]`: is any MSC product approved for it?
fn check_indication(conn: &Connection, scope: &Scope, answer: &mut CheckAnswer) -> Result<()> {
    // Only a product with a decision on an indication asked (or one
    // narrower) has a standing that counts here, so only those products and
    // their decisions are read (`decisions_by_indication`, then
    // `decisions_by_product`), never the whole record. (A `check` without a
    // product always asks a disease: `answer` refuses one with neither.)
    let mut ids = scope.indications.clone().unwrap_or_default();
    ids.extend(scope.disease.iter().flat_map(|d| d.narrower.iter().cloned()));
    // Each candidate's decisions are read when its turn comes, so memory
    // holds one product's decisions and the answer, not every candidate's.
    // Only its decisions on the indications asked (and those on none, which
    // end every indication) are read: the status rule for an indication
    // reads no others, and the standings on other indications are skipped
    // below in any case.
    let decisions_of = |product: &Product| query::decisions_of_on(conn, &product.id, &ids);
    // The verdict asks only which kinds of status occur, so one of each is kept.
    let mut statuses: Vec<Status> = Vec::new();
    let mut narrower = false;
    // Read once, as they come: MSC products answer the question, and the
    // few others are kept to be named beside it.
    let mut others: Vec<Product> = Vec::new();
    let mut visit = |product: Product| -> Result<()> {
        if !product.is_msc_like() {
            others.push(product);
            return Ok(());
        }
        let decisions = decisions_of(&product)?;
        for s in query::standings(&decisions, scope.as_of) {
            let narrower_here = scope
                .disease
                .as_ref()
                .is_some_and(|d| d.narrower.contains(&s.indication_id));
            if !scope.includes_indication(&s.indication_id) && !narrower_here {
                continue;
            }
            if !scope.includes_place(&s.jurisdiction) {
                if s.rule.is_in_force()
                    && let Some(row) = elsewhere_row(&product, &s, scope)
                {
                    answer.approved_elsewhere.push(row);
                }
                continue;
            }
            if narrower_here {
                if s.rule.is_in_force()
                    && let Some(row) = elsewhere_row(&product, &s, scope)
                {
                    narrower = true;
                    answer.other_indication.push(row);
                }
                continue;
            }
            let mut cited: Vec<&Decision> = Vec::new();
            match &s.rule {
                Status::InForce { .. } => {
                    if let Some(g) = &s.grant {
                        cited.push(g);
                        grant_caveats(g, answer);
                        if let Some(row) = elsewhere_row(&product, &s, scope) {
                            answer.approved.push(row);
                        }
                    }
                }
                Status::TermEnded { pending, .. } => {
                    if let Some(g) = &s.grant {
                        cited.push(g);
                        cited.extend(decisions.iter().filter(|d| pending.contains(&d.id)));
                        term_ended(g, pending, answer);
                    }
                }
                Status::Ended { .. } => cited.extend(s.grant.iter().chain(&s.end)),
                Status::Refused { .. } => cited.extend(s.negatives.iter()),
                Status::None => {}
            }
            partial_dates(&cited, scope.as_of, answer);
            // `considered` stays empty here: it would be the evidence's
            // decisions again, a second copy of each, which at 10,000
            // products is tens of megabytes.
            answer
                .evidence
                .extend(cited.into_iter().map(|d| Evidence::new(&product, d, scope.as_of)));
            if !statuses
                .iter()
                .any(|k| std::mem::discriminant(k) == std::mem::discriminant(&s.rule))
            {
                statuses.push(s.rule.clone());
            }
        }
        Ok(())
    };
    query::each_product_deciding(conn, &ids, &mut visit)?;
    // Grown by doubling, each holds up to as much again unused (at 10^6
    // decisions, megabytes of it) for the rest of the answer's life.
    for list in [
        &mut answer.approved,
        &mut answer.approved_elsewhere,
        &mut answer.other_indication,
    ] {
        list.shrink_to_fit();
    }
    answer.evidence.shrink_to_fit();
    let refs: Vec<&Status> = statuses.iter().collect();
    answer.verdict = verdict::decide_indication(&refs, !answer.approved_elsewhere.is_empty());
    if !matches!(answer.verdict, Verdict::Approved | Verdict::TermEnded) {
        let msc_ids = query::msc_like_product_ids(conn)?;
        let before = answer.uncertain.len();
        unverified_reports(conn, None, scope, answer)?;
        let mut i = 0;
        answer.uncertain.retain(|u| {
            i += 1;
            i <= before
                || !matches!(u, Uncertainty::UnverifiedReport { product_id, .. } if !msc_ids.contains(product_id))
        });
    }
    if let Some(d) = &scope.disease {
        let approved_broader: Vec<String> = answer
            .approved
            .iter()
            .filter(|a| d.broader.contains(&a.indication_id))
            .map(|a| a.indication_id.clone())
            .collect();
        for id in approved_broader {
            let c = Caveat::Broader {
                indication: id,
                asked: d.label.clone(),
            };
            if !answer.caveats.contains(&c) {
                answer.caveats.push(c);
            }
        }
    }
    if answer.verdict != Verdict::Approved {
        answer.caveats.push(Caveat::Absence);
    }
    // Other cell types are not the question, but a patient should know of them.
    for product in others {
        let decisions = decisions_of(&product)?;
        for s in query::standings(&decisions, scope.as_of) {
            if s.rule.is_in_force()
                && scope.includes_indication(&s.indication_id)
                && let Some(row) = elsewhere_row(&product, &s, scope)
            {
                answer.other_cell_types.push(row);
            }
        }
    }
    let nothing_anywhere = answer.approved.is_empty()
        && answer.approved_elsewhere.is_empty()
        && answer.other_cell_types.is_empty()
        && !narrower;
    if nothing_anywhere && let Some(d) = &scope.disease {
        answer.caveats.push(Caveat::ClinicWarning {
            disease: d.label.clone(),
        });
    }
    Ok(())
}

/// When the place asked is answered through a union (France through the
/// EU), or once was (the United Kingdom until 2020-12-31), say so.
fn place_caveats(conn: &Connection, scope: &Scope, answer: &mut CheckAnswer) -> Result<()> {
    let Some(code) = &scope.country else {
        return Ok(());
    };
    if let Some(note) = query::jurisdiction_note(conn, code)? {
        answer.caveats.push(Caveat::PlaceNote {
            place: code.clone(),
            note,
        });
    }
    let applicable = scope.jurisdictions.clone().unwrap_or_default();
    for m in query::memberships_of(conn, code)? {
        let union = m.member_of.clone();
        if applicable.contains(&union) {
            answer.caveats.push(Caveat::Through {
                place: code.clone(),
                membership: m,
                union,
            });
        } else if m
            .until
            .as_deref()
            .is_some_and(|u| u < answer.asked.as_of.as_str())
        {
            answer.caveats.push(Caveat::Left {
                place: code.clone(),
                membership: m,
                union,
            });
        }
    }
    Ok(())
}

/// Fills in the names of every jurisdiction and indication the answer mentions.
fn name_everything(conn: &Connection, answer: &mut CheckAnswer) -> Result<()> {
    // Each code and id once: at 10^6 decisions the answer cites 24,000
    // decisions of 10,000 products, a few dozen places among them.
    let mut codes: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let add = |set: &mut BTreeSet<String>, value: &String| {
        if !set.contains(value) {
            set.insert(value.clone());
        }
    };
    for code in answer
        .place
        .iter()
        .chain(answer.seller.iter().map(|s| &s.jurisdiction))
    {
        add(&mut codes, code);
    }
    for e in &answer.evidence {
        add(&mut codes, &e.decision.jurisdiction);
    }
    for list in [
        &answer.approved_elsewhere,
        &answer.other_indication,
        &answer.approved,
        &answer.other_cell_types,
    ] {
        for e in list {
            add(&mut codes, &e.jurisdiction);
            add(&mut ids, &e.indication_id);
        }
    }
    for c in &answer.caveats {
        match c {
            Caveat::Through { union, .. } | Caveat::Left { union, .. } => add(&mut codes, union),
            Caveat::Broader { indication, .. } => add(&mut ids, indication),
            _ => {}
        }
    }
    for d in answer.grants.iter().chain(&answer.negatives) {
        add(&mut codes, &d.jurisdiction);
    }
    if let Some(d) = &answer.disease {
        for id in d.exact.iter().chain(&d.narrower).chain(&d.broader) {
            add(&mut ids, id);
        }
    }
    for code in codes {
        if let std::collections::btree_map::Entry::Vacant(slot) = answer.articles.entry(code.clone()) {
            let article = query::jurisdiction_article(conn, slot.key())?;
            slot.insert(article);
        }
        if let std::collections::btree_map::Entry::Vacant(slot) = answer.places.entry(code) {
            let name = query::jurisdiction_name(conn, slot.key())?;
            slot.insert(name);
        }
    }
    for id in ids {
        if let std::collections::btree_map::Entry::Vacant(slot) = answer.indications.entry(id) {
            let name = query::indication_name(conn, slot.key())?;
            slot.insert(name);
        }
    }
    for list in [
        &mut answer.approved_elsewhere,
        &mut answer.other_indication,
        &mut answer.approved,
        &mut answer.other_cell_types,
    ] {
        for e in list.iter_mut() {
            e.jurisdiction_name = answer.places[&e.jurisdiction].clone();
            e.jurisdiction_article = answer.articles.get(&e.jurisdiction).cloned().unwrap_or_default();
            e.indication = answer.indications[&e.indication_id].clone();
        }
    }
    Ok(())
}
