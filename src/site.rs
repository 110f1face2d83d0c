//! `site`: everything the static website shows, collected as typed values —
//! products with their standings and timelines, places, indications,
//! frameworks, audited publications and the clinic questions. Pure reads of
//! the record; `render::html` turns this into pages.
//!
//! Every status is derived as of the record's own date (`meta.csv`), so that
//! the site says the same thing whenever it is generated.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use crate::answer::Context;
use crate::answer::audit::{self, AuditQuery, AuditedClaim};
use crate::answer::check::{self, CheckQuery};
use crate::answer::frameworks::{self, FrameworksAnswer, FrameworksQuery};
use crate::assess::{self, Answer, Cells, Claims, Mechanism, Question};
use crate::date::{Day, PartialDate};
use crate::error::Result;
use crate::model::{DecisionKind, Effect};
use crate::query::{self, Alias, Claim, Decision, Filing, Membership, Product, Source};
use crate::render::prose;
use crate::status::Status;

/// A product's standing in one (jurisdiction, indication), owned.
#[derive(Debug, Clone)]
pub struct StandingRow {
    pub jurisdiction: String,
    pub indication_id: String,
    pub status: Status,
    pub grant: Option<Decision>,
    pub end: Option<Decision>,
    pub negatives: Vec<Decision>,
}

impl StandingRow {
    /// "in force", "ended", "refused", "no grant".
    pub fn status_word(&self) -> &'static str {
        match self.status {
            Status::InForce { .. } => "in force",
            Status::TermEnded { .. } => "term ended",
            Status::Ended { .. } => "ended",
            Status::Refused { .. } => "refused",
            Status::None => "no grant",
        }
    }
}

/// How a bar of the timeline looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantShape {
    /// A full approval: a solid bar.
    Full,
    /// Conditional, time-limited, provisional or hospital-exemption: a
    /// hatched bar with a dashed outline and a label.
    Provisional,
}

/// One grant drawn as a bar, from its date to its end or to the record date.
#[derive(Debug, Clone)]
pub struct Bar {
    pub decision_id: String,
    pub kind: DecisionKind,
    pub shape: GrantShape,
    pub start: PartialDate,
    /// When the bar stops; `None`: still in force at the record date.
    pub end: Option<PartialDate>,
    /// What stopped it: "withdrawal 2019", "term ended 2020-06", "superseded by approval 2021".
    pub end_label: Option<String>,
    pub indication: String,
}

/// An event drawn as a marker: an end (withdrawal, expiry, …) or a refusal.
#[derive(Debug, Clone)]
pub struct Marker {
    pub decision_id: String,
    pub kind: DecisionKind,
    pub date: PartialDate,
    pub label: String,
}

/// One lane of the timeline: one product in one jurisdiction.
#[derive(Debug, Clone)]
pub struct Lane {
    pub product_id: String,
    pub product: String,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub bars: Vec<Bar>,
    pub markers: Vec<Marker>,
}

/// Everything a product page shows.
#[derive(Debug, Clone)]
pub struct ProductPage {
    pub product: Product,
    pub aliases: Vec<Alias>,
    /// `check`'s one-sentence answer for the product, as of the record date.
    pub headline: String,
    /// Decisions per jurisdiction (code order), oldest first within each.
    pub decisions: BTreeMap<String, Vec<Decision>>,
    pub standings: Vec<StandingRow>,
    pub filings: Vec<Filing>,
    pub claims: Vec<Claim>,
    pub lanes: Vec<Lane>,
    /// Every source the page cites.
    pub sources: Vec<String>,
}

/// A product with a grant in a place, for place and indication pages.
#[derive(Debug, Clone)]
pub struct GrantRow {
    pub product_id: String,
    pub product: String,
    pub jurisdiction: String,
    pub indication_id: String,
    pub grant: Decision,
    pub end: Option<Decision>,
}

/// A jurisdiction with decisions or memberships.
#[derive(Debug, Clone)]
pub struct PlacePage {
    pub code: String,
    pub name: String,
    pub note: Option<String>,
    pub note_sources: Vec<String>,
    pub memberships: Vec<Membership>,
    /// Jurisdictions whose decisions apply here on the record date (itself first).
    pub applicable: Vec<String>,
    pub in_force: Vec<GrantRow>,
    pub ended: Vec<GrantRow>,
    /// Refusals and other negative answers with no grant.
    pub refused: Vec<(String, String, Decision)>,
    pub regulators: Vec<query::Regulator>,
    /// Framework facts of the regulators acting here (or in a union it belongs to).
    pub frameworks: FrameworksAnswer,
    pub sources: Vec<String>,
}

/// An indication with any decision.
#[derive(Debug, Clone)]
pub struct IndicationPage {
    pub id: String,
    pub name: String,
    pub in_force: Vec<GrantRow>,
    pub ended: Vec<GrantRow>,
    /// Other decisions for it (designations, refusals, filings of an application).
    pub other: Vec<(String, Decision)>,
    pub sources: Vec<String>,
}

/// One audited publication.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub source: Source,
    pub claims: Vec<AuditedClaim>,
    pub sources: Vec<String>,
}

/// One of the clinic questions, with what each possible answer leads to.
#[derive(Debug, Clone)]
pub struct ClinicQuestion {
    pub number: u8,
    pub question: &'static str,
    /// (what the clinic says, the flags the rules raise).
    pub answers: Vec<(String, Question)>,
}

/// The whole site, as data.
#[derive(Debug, Clone)]
pub struct Site {
    pub record_date: String,
    pub as_of: Day,
    pub coverage: Option<String>,
    pub products: Vec<ProductPage>,
    pub places: Vec<PlacePage>,
    pub indications: Vec<IndicationPage>,
    pub frameworks: FrameworksAnswer,
    pub regulators: Vec<query::Regulator>,
    pub audits: Vec<AuditPage>,
    pub clinic: Vec<ClinicQuestion>,
    pub clinic_sources: Vec<String>,
    /// Every lane of every product, for the home timeline.
    pub lanes: Vec<Lane>,
    /// Every source of the record, by id.
    pub sources: BTreeMap<String, Source>,
    pub place_names: BTreeMap<String, String>,
    pub indication_names: BTreeMap<String, String>,
}

impl Site {
    pub fn place_name(&self, code: &str) -> String {
        self.place_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    pub fn indication_name(&self, id: &str) -> String {
        self.indication_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// Whether a page exists for this place / indication / product.
    pub fn has_place(&self, code: &str) -> bool {
        self.places.iter().any(|p| p.code == code)
    }

    pub fn has_indication(&self, id: &str) -> bool {
        self.indications.iter().any(|p| p.id == id)
    }
}

/// Appends the ids not yet in `out`; linear in both (a product may cite
/// thousands of sources).
fn push_unique(out: &mut Vec<String>, ids: &[String]) {
    let mut seen: std::collections::HashSet<String> = out.iter().cloned().collect();
    for id in ids {
        if seen.insert(id.clone()) {
            out.push(id.clone());
        }
    }
}

fn all_sources(conn: &Connection) -> Result<BTreeMap<String, Source>> {
    let ids = query::source_ids(conn)?;
    Ok(query::sources(conn, &ids)?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect())
}

fn standings_owned(decisions: &[Decision], as_of: Day) -> Vec<StandingRow> {
    query::standings(decisions, as_of)
        .into_iter()
        .map(|s| StandingRow {
            jurisdiction: s.jurisdiction,
            indication_id: s.indication_id,
            status: s.rule,
            grant: s.grant,
            end: s.end,
            negatives: s.negatives,
        })
        .collect()
}

fn parse(date: &str) -> Option<PartialDate> {
    PartialDate::parse(date).ok()
}

/// The lanes of one product: one per jurisdiction with a grant, an end or a refusal.
pub fn lanes(
    product: &Product,
    decisions: &[Decision],
    places: &BTreeMap<String, String>,
    as_of: Day,
) -> Vec<Lane> {
    let mut by_place: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for d in decisions {
        if d.kind().effect() != Effect::Step {
            by_place.entry(d.jurisdiction.as_str()).or_default().push(d);
        }
    }
    let mut out = Vec::new();
    for (place, list) in by_place {
        let mut bars: Vec<Bar> = Vec::new();
        let mut markers = Vec::new();
        for (i, d) in list.iter().enumerate() {
            let Some(start) = parse(&d.date) else { continue };
            let kind = d.kind();
            match kind.effect() {
                Effect::Grant => {
                    // The first later event that ends it: an end for its
                    // indication (or for all), or a later grant for the
                    // same indication (which supersedes it).
                    let later = list[i + 1..].iter().find(|e| {
                        let same = e.indication_id.is_none() || e.indication_id == d.indication_id;
                        let effect = e.kind().effect();
                        same && (effect == Effect::End
                            || (effect == Effect::Grant && e.indication_id == d.indication_id))
                    });
                    let term = d.valid_until.as_deref().and_then(parse);
                    let (end, end_label) = match (later.and_then(|e| parse(&e.date).map(|p| (e, p))), term) {
                        (Some((_, at)), Some(t)) if t.last_day() < at.first_day() => {
                            (Some(t), Some(format!("term ended {t}")))
                        }
                        (Some((e, at)), _) if e.kind().effect() == Effect::End => {
                            (Some(at), Some(format!("{} {}", e.decision, e.date_label())))
                        }
                        (Some((e, at)), _) => (
                            Some(at),
                            Some(format!("followed by {} {}", e.decision, e.date_label())),
                        ),
                        (None, Some(t)) if t.last_day() < as_of => (Some(t), Some(format!("term ended {t}"))),
                        (None, Some(t)) => (Some(t), Some(format!("term runs to {t}"))),
                        (None, None) => (None, None),
                    };
                    let bar = Bar {
                        decision_id: d.id.clone(),
                        kind,
                        shape: if kind.is_provisional_grant() {
                            GrantShape::Provisional
                        } else {
                            GrantShape::Full
                        },
                        start,
                        end,
                        end_label,
                        indication: d.indication_label(),
                    };
                    // A re-licence or renewal of the same shape continues the
                    // bar before it: one grant, one bar (not a new approval).
                    let continues = bars.iter_mut().rev().find(|b| {
                        b.indication == bar.indication
                            && b.shape == bar.shape
                            && b.end == Some(bar.start)
                            && b.end_label
                                .as_deref()
                                .is_some_and(|l| l.starts_with("followed by"))
                    });
                    match continues {
                        Some(earlier) => {
                            earlier.end = bar.end;
                            earlier.end_label = bar.end_label;
                        }
                        None => bars.push(bar),
                    }
                }
                Effect::End | Effect::Negative => markers.push(Marker {
                    decision_id: d.id.clone(),
                    kind,
                    date: start,
                    label: format!("{} {}", d.decision, d.date_label()),
                }),
                Effect::Step => {}
            }
        }
        out.push(Lane {
            product_id: product.id.clone(),
            product: product.name.clone(),
            jurisdiction: place.to_string(),
            jurisdiction_name: places.get(place).cloned().unwrap_or_else(|| place.to_string()),
            bars,
            markers,
        });
    }
    out
}

fn product_page(
    cx: &Context,
    product: Product,
    decisions: &[Decision],
    as_of: Day,
    places: &BTreeMap<String, String>,
) -> Result<ProductPage> {
    let conn = cx.conn;
    let answer = check::answer(
        cx,
        &CheckQuery {
            name: Some(product.id.clone()),
            as_of: Some(as_of.to_string()),
            ..CheckQuery::default()
        },
    )?;
    let headline = prose::check_headline(&answer);
    let mut by_place: BTreeMap<String, Vec<Decision>> = BTreeMap::new();
    for d in decisions {
        by_place
            .entry(d.jurisdiction.clone())
            .or_default()
            .push(d.clone());
    }
    let filings = query::filings_of(conn, &product.id)?;
    let claims = query::claims_about(conn, &product.id)?;
    let mut sources = Vec::new();
    push_unique(&mut sources, &product.sources);
    for d in decisions {
        push_unique(&mut sources, &d.sources);
    }
    for f in &filings {
        push_unique(&mut sources, &f.sources);
    }
    for c in &claims {
        push_unique(&mut sources, std::slice::from_ref(&c.source_id));
        push_unique(&mut sources, &c.sources);
    }
    Ok(ProductPage {
        aliases: query::aliases_of(conn, &product.id)?,
        headline,
        standings: standings_owned(decisions, as_of),
        lanes: lanes(&product, decisions, places, as_of),
        decisions: by_place,
        filings,
        claims,
        sources,
        product,
    })
}

fn grant_row(product: &Product, s: &StandingRow) -> Option<GrantRow> {
    Some(GrantRow {
        product_id: product.id.clone(),
        product: product.name.clone(),
        jurisdiction: s.jurisdiction.clone(),
        indication_id: s.indication_id.clone(),
        grant: s.grant.clone()?,
        end: s.end.clone(),
    })
}

fn grant_sources(rows: &[GrantRow], out: &mut Vec<String>) {
    for r in rows {
        push_unique(out, &r.grant.sources);
        if let Some(e) = &r.end {
            push_unique(out, &e.sources);
        }
    }
}

fn place_page(
    cx: &Context,
    row: &query::JurisdictionRow,
    products: &[ProductPage],
    regulators: &[query::Regulator],
    as_of: Day,
) -> Result<PlacePage> {
    let conn = cx.conn;
    let applicable = query::applicable_jurisdictions(conn, &row.code, as_of)?;
    let memberships = query::memberships_of(conn, &row.code)?;
    let (mut in_force, mut ended, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for page in products {
        for s in page
            .standings
            .iter()
            .filter(|s| applicable.contains(&s.jurisdiction))
        {
            match s.status {
                Status::InForce { .. } | Status::TermEnded { .. } => {
                    in_force.extend(grant_row(&page.product, s));
                }
                Status::Ended { .. } => ended.extend(grant_row(&page.product, s)),
                Status::Refused { .. } => {
                    for d in &s.negatives {
                        refused.push((page.product.id.clone(), page.product.name.clone(), d.clone()));
                    }
                }
                Status::None => {}
            }
        }
    }
    let acting: Vec<query::Regulator> = regulators
        .iter()
        .filter(|r| applicable.contains(&r.jurisdiction))
        .cloned()
        .collect();
    let covered = query::frameworks::covered_regulators(conn)?;
    let fw = frameworks::frameworks(
        cx,
        &FrameworksQuery {
            regulators: acting
                .iter()
                .map(|r| r.id.clone())
                .filter(|id| covered.contains(id))
                .collect(),
            topics: crate::model::Topic::ALL.to_vec(),
        },
    )?;
    let note_sources = query::jurisdiction_sources(conn, &row.code)?;
    let mut sources = note_sources.clone();
    for m in &memberships {
        push_unique(&mut sources, &m.sources);
    }
    grant_sources(&in_force, &mut sources);
    grant_sources(&ended, &mut sources);
    for (_, _, d) in &refused {
        push_unique(&mut sources, &d.sources);
    }
    for f in &fw.facts {
        push_unique(&mut sources, &f.sources);
    }
    Ok(PlacePage {
        code: row.code.clone(),
        name: row.name.clone(),
        note: row.note.clone(),
        note_sources,
        memberships,
        applicable,
        in_force,
        ended,
        refused,
        regulators: acting,
        frameworks: fw,
        sources,
    })
}

fn indication_page(id: &str, name: &str, products: &[ProductPage]) -> IndicationPage {
    let (mut in_force, mut ended, mut other) = (Vec::new(), Vec::new(), Vec::new());
    for page in products {
        for s in page.standings.iter().filter(|s| s.indication_id == id) {
            match s.status {
                Status::InForce { .. } => in_force.extend(grant_row(&page.product, s)),
                Status::Ended { .. } => ended.extend(grant_row(&page.product, s)),
                _ => {}
            }
        }
        for d in page.decisions.values().flatten() {
            if d.indication_id.as_deref() == Some(id) && d.kind().effect() != Effect::Grant {
                other.push((page.product.name.clone(), d.clone()));
            }
        }
    }
    let mut sources = Vec::new();
    grant_sources(&in_force, &mut sources);
    grant_sources(&ended, &mut sources);
    for (_, d) in &other {
        push_unique(&mut sources, &d.sources);
    }
    IndicationPage {
        id: id.to_string(),
        name: name.to_string(),
        in_force,
        ended,
        other,
        sources,
    }
}

/// The clinic questions with each answer the rules know.
fn clinic() -> (Vec<ClinicQuestion>, Vec<String>) {
    let base = Claims {
        cells: Cells::Msc,
        mechanism: Mechanism::Paracrine,
        identity_report: Answer::Yes,
        country: None,
    };
    let mut q1 = Vec::new();
    for cells in [
        Cells::Msc,
        Cells::Svf,
        Cells::Esc,
        Cells::Ipsc,
        Cells::Hsc,
        Cells::Exosomes,
        Cells::Unknown,
    ] {
        let claims = Claims {
            cells,
            country: (cells == Cells::Svf).then(|| "US".to_string()),
            ..base.clone()
        };
        let q = assess::assess(&claims, None).remove(0);
        q1.push((q.said.clone(), q));
    }
    let mut q2 = Vec::new();
    for mechanism in [
        Mechanism::ReplacesTissue,
        Mechanism::Paracrine,
        Mechanism::Unknown,
    ] {
        let claims = Claims {
            mechanism,
            ..base.clone()
        };
        let q = assess::assess(&claims, None).remove(1);
        q2.push((q.said.clone(), q));
    }
    let mut q3 = Vec::new();
    for identity_report in [Answer::Yes, Answer::No, Answer::Unknown] {
        let claims = Claims {
            identity_report,
            ..base.clone()
        };
        let q = assess::assess(&claims, None).remove(2);
        q3.push((q.said.clone(), q));
    }
    let questions: Vec<ClinicQuestion> = [q1, q2, q3]
        .into_iter()
        .map(|answers| ClinicQuestion {
            number: answers[0].1.number,
            question: answers[0].1.question,
            answers,
        })
        .collect();
    let mut sources = Vec::new();
    for q in &questions {
        for (_, a) in &q.answers {
            for f in &a.flags {
                push_unique(&mut sources, &f.sources);
            }
        }
    }
    push_unique(
        &mut sources,
        &prose::CLINIC_WARNING_SOURCES
            .iter()
            .map(|s| (*s).to_string())
            .collect::<Vec<_>>(),
    );
    (questions, sources)
}

/// Collects the whole site from the record.
pub fn site(cx: &Context) -> Result<Site> {
    let conn = cx.conn;
    // The site speaks as of the record's date, so the same record gives the same pages.
    let record_date = query::record_date(conn)?.unwrap_or_else(|| cx.today.to_string());
    let as_of = Day::parse_as_of(&record_date, cx.today).unwrap_or(cx.today);
    let coverage = query::record_coverage(conn)?;
    let place_names = query::jurisdiction_names(conn)?;
    let indication_names = query::indication_names(conn)?;
    let all = query::all_decisions(conn)?;
    let mut products = Vec::new();
    for product in query::products(conn)? {
        let decisions = all.get(&product.id).map(Vec::as_slice).unwrap_or_default();
        products.push(product_page(cx, product, decisions, as_of, &place_names)?);
    }
    let regulators = query::regulators(conn)?;
    let mut places = Vec::new();
    for row in query::jurisdictions(conn)? {
        let has_memberships = !query::memberships_of(conn, &row.code)?.is_empty();
        if row.decisions > 0 || has_memberships {
            places.push(place_page(cx, &row, &products, &regulators, as_of)?);
        }
    }
    let used: BTreeSet<&str> = all
        .values()
        .flatten()
        .filter_map(|d| d.indication_id.as_deref())
        .collect();
    let indications = used
        .iter()
        .map(|id| {
            let name = indication_names.get(*id).map_or(*id, String::as_str);
            indication_page(id, name, &products)
        })
        .collect();
    let frameworks = frameworks::frameworks(cx, &FrameworksQuery::resolve(cx, &[], &[])?)?;
    let audit = audit::audit(cx, &AuditQuery::default())?;
    let mut audits: Vec<AuditPage> = Vec::new();
    let sources = all_sources(conn)?;
    for claim in audit.claims {
        if let Some(page) = audits.iter_mut().find(|p| p.source.id == claim.claim.source_id) {
            push_unique(&mut page.sources, &claim.claim.sources);
            page.claims.push(claim);
        } else if let Some(source) = sources.get(&claim.claim.source_id) {
            let mut cited = vec![source.id.clone()];
            push_unique(&mut cited, &claim.claim.sources);
            audits.push(AuditPage {
                source: source.clone(),
                claims: vec![claim],
                sources: cited,
            });
        }
    }
    let (clinic, clinic_sources) = clinic();
    let lanes = products.iter().flat_map(|p| p.lanes.iter().cloned()).collect();
    Ok(Site {
        record_date,
        as_of,
        coverage,
        products,
        places,
        indications,
        frameworks,
        regulators,
        audits,
        clinic,
        clinic_sources,
        lanes,
        sources,
        place_names,
        indication_names,
    })
}
