//! `site`: which answers make up the static website. Every page is made of
//! the engine's answers, asked exactly as the command line asks them — a
//! product page from `show` (and `check`'s headline), a place page from
//! `products --in` and `check PRODUCT --in`, a condition page from
//! `check --for` — and told in the same sentences (`render::prose`,
//! `render::check::view`). Nothing here decides where a product stands.
//!
//! Every answer is asked as of the record's own date (`meta.csv`), so that
//! the site says the same thing whenever it is generated.

pub mod ask;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rusqlite::Connection;

use crate::answer::Context;
use crate::answer::audit::{self, AuditQuery, AuditedClaim};
use crate::answer::check::{self, CheckQuery};
use crate::answer::frameworks::{self, FrameworksAnswer, FrameworksQuery};
use crate::answer::products::{self, ProductsAnswer, ProductsQuery, StatusFilter};
use crate::answer::show::{self, ShowAnswer};
use crate::answer::{CellTypes, Scope, ScopeRequest};
use crate::assess::{self, Answer, Cells, Claims, Mechanism, Question};
use crate::date::Day;
use crate::error::Result;
use crate::model::{DecisionKind, Effect};
use crate::query::site::LayName;
use crate::query::{self, Decision, Membership, Product, Source};
use crate::render::check::{CheckView, view};
use crate::render::prose;
use crate::status::{self, Event, Status};

/// How a bar of the timeline looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantShape {
    /// A full approval: a solid bar.
    Full,
    /// Conditional, time-limited, provisional or hospital-exemption: a
    /// hatched bar with a dashed outline and a label.
    Provisional,
}

/// One stretch in force, drawn as a bar: an interval of `status::history`.
#[derive(Debug, Clone)]
pub struct Bar {
    pub decision_id: String,
    pub kind: DecisionKind,
    pub shape: GrantShape,
    /// The grant's date as the record gives it ("2019-03", "by 2012").
    pub start_label: String,
    pub start: Day,
    /// The first day it no longer held; `None`: in force on the record date.
    pub end: Option<Day>,
    /// What stopped it: "withdrawal 2019", "term ended 2020-06", "followed by approval 2021".
    pub end_label: Option<String>,
    pub indication: String,
    /// The sources do not confirm its current status.
    pub unconfirmed: bool,
}

/// An event drawn as a marker: an end (withdrawal, expiry, …) or a refusal.
#[derive(Debug, Clone)]
pub struct Marker {
    pub decision_id: String,
    pub kind: DecisionKind,
    pub date: Day,
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

/// A product page: `show`'s answer, `check`'s headline and the timeline.
#[derive(Debug, Clone)]
pub struct ProductPage {
    pub show: ShowAnswer,
    /// `check PRODUCT` as of the record date.
    pub check: CheckView,
    pub lanes: Vec<Lane>,
    /// Every source the page cites.
    pub sources: Vec<String>,
}

/// A place page: what applies there (`products --in`, MSC and the rest
/// apart), each MSC product checked there, and the record's regulator facts.
#[derive(Debug, Clone)]
pub struct PlacePage {
    pub code: String,
    pub name: String,
    /// The English article the name takes ("the"), from the place data.
    pub article: String,
    pub note: Option<String>,
    pub note_sources: Vec<String>,
    pub memberships: Vec<Membership>,
    /// Jurisdictions whose decisions apply here on the record date (itself first).
    pub applicable: Vec<String>,
    /// `products --in CODE --status all`, the MSC-like types: rows with a grant in scope.
    pub msc: ProductsAnswer,
    /// The same for every other cell type (listed apart, never as MSC approvals).
    pub other: ProductsAnswer,
    /// (id, name) of each MSC product with a grant anywhere that is
    /// checked here (`check PRODUCT --in CODE`), in the order shown.
    pub checked: Vec<(String, String)>,
    /// Their answers when one page holds them all
    /// ([`crate::render::html::CHECKS_PER_PAGE`]); else each page of them
    /// is asked when it is written ([`Site::place_checks`]).
    pub checks: Vec<(String, String, CheckView)>,
    /// MSC products not in `checks`: none of their decisions applies here
    /// and the record is too large for the ask page to hold their answers.
    pub unlisted: usize,
    pub regulators: Vec<query::Regulator>,
    /// Framework facts of the regulators acting here (or in a union it belongs to).
    pub frameworks: FrameworksAnswer,
    pub sources: Vec<String>,
}

impl PlacePage {
    /// MSC products with a grant in force here.
    pub fn approved(&self) -> usize {
        self.msc
            .rows
            .iter()
            .filter(|r| r.status == products::ProductStatus::Approved)
            .count()
    }
}

/// What a condition page is named after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConditionKind {
    /// An indication of the record.
    Indication,
    /// A curated lay name (`lay_names.csv`), with the record's note on it.
    LayName(LayName),
}

/// A condition page: `check --for NAME`.
#[derive(Debug, Clone)]
pub struct ConditionPage {
    /// The page's file name (without `.html`), a plain slug.
    pub slug: String,
    pub name: String,
    pub kind: ConditionKind,
    pub check: CheckView,
    pub sources: Vec<String>,
}

impl ConditionPage {
    pub fn path(&self) -> String {
        match self.kind {
            ConditionKind::Indication => format!("indications/{}.html", self.slug),
            ConditionKind::LayName(_) => format!("conditions/{}.html", self.slug),
        }
    }
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

/// What the lists of the site (home, timeline, ask, find) need of a
/// product: its record row (without its notes and sources) and `show`'s
/// standing, place by place. Its page
/// is made from the engine again when it is written (`Site::product_page`),
/// so that no more than one product's answers are held at a time.
#[derive(Debug, Clone)]
pub struct ProductEntry {
    pub product: Product,
    pub aliases: Vec<String>,
    /// Jurisdictions where a grant is in force on the record date, and
    /// where every grant has ended (in `show`'s order).
    pub in_force: Vec<String>,
    pub ended: Vec<String>,
    /// How many of its decisions the timeline shows (grants, ends, refusals).
    pub events: usize,
}

/// A condition page before its answer is asked.
#[derive(Debug, Clone)]
pub struct ConditionEntry {
    pub slug: String,
    pub name: String,
    pub kind: ConditionKind,
}

impl ConditionEntry {
    pub fn path(&self) -> String {
        match self.kind {
            ConditionKind::Indication => format!("indications/{}.html", self.slug),
            ConditionKind::LayName(_) => format!("conditions/{}.html", self.slug),
        }
    }
}

/// The whole site: the lists every page links from, and the means to ask
/// each page's answers when it is written (pages are made one at a time).
#[derive(Clone)]
pub struct Site<'a> {
    pub cx: Context<'a>,
    pub record_date: String,
    pub as_of: Day,
    pub coverage: Option<String>,
    pub products: Vec<ProductEntry>,
    pub places: Vec<query::JurisdictionRow>,
    pub conditions: Vec<ConditionEntry>,
    pub frameworks: FrameworksAnswer,
    pub regulators: Vec<query::Regulator>,
    covered: Vec<String>,
    /// (id, name) of every MSC product with a grant anywhere: checked on each place page.
    pub msc_products: Vec<(String, String)>,
    pub audits: Vec<AuditPage>,
    pub clinic: Vec<ClinicQuestion>,
    pub clinic_sources: Vec<String>,
    /// Every source of the record, by id.
    pub sources: BTreeMap<String, Source>,
    pub place_names: BTreeMap<String, String>,
    pub indication_names: BTreeMap<String, String>,
    /// What the ask page looks up.
    pub ask: ask::AskData,
    product_index: HashMap<String, usize>,
    place_codes: HashSet<String>,
    indication_pages: HashSet<String>,
}

impl Site<'_> {
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

    /// A product's name, by id.
    pub fn product_name(&self, id: &str) -> Option<&str> {
        self.product_index
            .get(id)
            .map(|&i| self.products[i].product.name.as_str())
    }

    /// Whether a page exists for this place / indication.
    pub fn has_place(&self, code: &str) -> bool {
        self.place_codes.contains(code)
    }

    pub fn has_indication(&self, id: &str) -> bool {
        self.indication_pages.contains(id)
    }

    /// A product's page, asked of the engine now (its row read again: the
    /// entry keeps only what the lists show).
    pub fn product_page(&self, entry: &ProductEntry) -> Result<ProductPage> {
        let product =
            query::product(self.cx.conn, &entry.product.id)?.unwrap_or_else(|| entry.product.clone());
        product_page(&self.cx, product, self.as_of, &self.place_names)
    }

    /// A place's page, asked of the engine now.
    pub fn place_page(&self, row: &query::JurisdictionRow) -> Result<PlacePage> {
        place_page(self, row)
    }

    /// `check PRODUCT --in CODE` for these products: the ask page's
    /// answers when it holds them, else asked of the engine now.
    pub fn place_checks(
        &self,
        code: &str,
        products: &[(String, String)],
    ) -> Result<Vec<(String, String, CheckView)>> {
        let mut out = Vec::with_capacity(products.len());
        for (id, name) in products {
            let v = if self.ask.products_asked {
                self.ask.product_in(id, code)
            } else {
                Some(check_view(&self.cx, Some(id), Some(code), None, self.as_of)?)
            };
            if let Some(v) = v {
                out.push((id.clone(), name.clone(), v));
            }
        }
        Ok(out)
    }

    /// A condition's page: `check --for NAME`, asked now.
    pub fn condition_page(&self, entry: &ConditionEntry) -> Result<ConditionPage> {
        // An indication is asked by its id, a lay name as people type it.
        let asked = match entry.kind {
            ConditionKind::Indication => entry.slug.clone(),
            ConditionKind::LayName(_) => entry.name.clone(),
        };
        let mut page = condition_page(
            &self.cx,
            entry.slug.clone(),
            asked,
            entry.kind.clone(),
            self.as_of,
        )?;
        page.name.clone_from(&entry.name);
        Ok(page)
    }

    /// The timeline's lanes and events of some products (a page of the
    /// timeline): each product's decisions, read again.
    pub fn timeline_part(&self, entries: &[ProductEntry]) -> Result<(Vec<Lane>, Vec<Decision>)> {
        let mut lanes_out = Vec::new();
        let mut events = Vec::new();
        for e in entries {
            let decisions = query::decisions_of(self.cx.conn, &e.product.id)?;
            lanes_out.extend(lanes(&e.product, &decisions, &self.place_names, self.as_of));
            events.extend(
                decisions
                    .into_iter()
                    .filter(|d| d.kind().effect() != Effect::Step),
            );
        }
        Ok((lanes_out, events))
    }
}

/// A name as a file name: ASCII letters and digits (case kept: `AT`,
/// `remestemcel-l`), every other run as one `-`. Page paths are made only of these.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "x".into() } else { out }
}

/// Source ids in the order first cited, each once. A product or a place
/// may cite thousands, so what was seen is kept in a set: rebuilding it for
/// each list appended made a page's sources quadratic in their number.
#[derive(Default)]
struct Cited {
    ids: Vec<String>,
    seen: HashSet<String>,
}

impl Cited {
    /// Appends the ids not yet cited.
    fn push(&mut self, ids: &[String]) {
        for id in ids {
            if !self.seen.contains(id) {
                self.seen.insert(id.clone());
                self.ids.push(id.clone());
            }
        }
    }

    /// The sources of an answer's evidence.
    fn view(&mut self, v: &CheckView) {
        for (_, ids) in &v.evidence {
            self.push(ids);
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

/// `check` as of the record date.
pub fn check_view(
    cx: &Context,
    name: Option<&str>,
    country: Option<&str>,
    disease: Option<&str>,
    as_of: Day,
) -> Result<CheckView> {
    let answer = check::answer(
        cx,
        &CheckQuery {
            name: name.map(ToString::to_string),
            country: country.map(ToString::to_string),
            disease: disease.map(ToString::to_string),
            as_of: Some(as_of.to_string()),
        },
    )?;
    Ok(view(&answer))
}

/// The lanes of one product, one per jurisdiction with a grant, an end or a
/// refusal. The bars are the in-force intervals of `status::history`: the
/// same rule as every status the site shows.
pub fn lanes(
    product: &Product,
    decisions: &[Decision],
    places: &BTreeMap<String, String>,
    as_of: Day,
) -> Vec<Lane> {
    let events: Vec<Event> = decisions.iter().map(Decision::event).collect();
    let find = |id: &str| decisions.iter().find(|d| d.id == id);
    let mut lanes: BTreeMap<String, Lane> = BTreeMap::new();
    fn lane<'l>(
        lanes: &'l mut BTreeMap<String, Lane>,
        product: &Product,
        places: &BTreeMap<String, String>,
        place: &str,
    ) -> &'l mut Lane {
        lanes.entry(place.to_string()).or_insert_with(|| Lane {
            product_id: product.id.clone(),
            product: product.name.clone(),
            jurisdiction: place.to_string(),
            jurisdiction_name: places.get(place).cloned().unwrap_or_else(|| place.to_string()),
            bars: Vec::new(),
            markers: Vec::new(),
        })
    }
    for (place, indication) in status::scopes(&events) {
        let history = status::history(&events, &place, &indication, as_of);
        for (i, stretch) in history.iter().enumerate() {
            let (Status::InForce { grant } | Status::TermEnded { grant, .. }) = &stretch.status else {
                continue;
            };
            let Some(g) = find(grant) else { continue };
            let term_ended = matches!(stretch.status, Status::TermEnded { .. });
            let end_label = match history.get(i + 1).map(|n| &n.status) {
                _ if term_ended => Some(format!(
                    "term ended {}; an application is pending, undecided",
                    g.valid_until.as_deref().unwrap_or("?")
                )),
                Some(Status::TermEnded { .. }) => {
                    Some(format!("term ended {}", g.valid_until.as_deref().unwrap_or("?")))
                }
                Some(Status::Ended { end: Some(e), .. }) => {
                    find(e).map(|e| format!("{} {}", e.decision, e.date_label()))
                }
                Some(Status::Ended { end: None, .. }) => {
                    Some(format!("term ended {}", g.valid_until.as_deref().unwrap_or("?")))
                }
                Some(Status::InForce { grant: next }) => {
                    find(next).map(|n| format!("followed by {} {}", n.decision, n.date_label()))
                }
                _ => g.valid_until.as_ref().map(|t| format!("term runs to {t}")),
            };
            let kind = g.kind();
            let bar = Bar {
                decision_id: g.id.clone(),
                kind,
                shape: if kind.is_provisional_grant() {
                    GrantShape::Provisional
                } else {
                    GrantShape::Full
                },
                start_label: g.date_label(),
                start: stretch.from,
                end: stretch.to,
                end_label,
                indication: g.indication_label(),
                unconfirmed: g.status_note.is_some() || term_ended,
            };
            let bars = &mut lane(&mut lanes, product, places, &place).bars;
            // A re-licence or renewal of the same shape continues the bar
            // before it: one grant, one bar (not a new approval).
            let continues = bars.iter_mut().rev().find(|b| {
                b.indication == bar.indication
                    && b.shape == bar.shape
                    && !term_ended
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
    }
    for d in decisions {
        let effect = d.kind().effect();
        if matches!(effect, Effect::End | Effect::Negative) {
            lane(&mut lanes, product, places, &d.jurisdiction)
                .markers
                .push(Marker {
                    decision_id: d.id.clone(),
                    kind: d.kind(),
                    date: d.when.first_day(),
                    label: format!("{} {}", d.decision, d.date_label()),
                });
        }
    }
    lanes.into_values().collect()
}

fn product_page(
    cx: &Context,
    product: Product,
    as_of: Day,
    places: &BTreeMap<String, String>,
) -> Result<ProductPage> {
    let check = check_view(cx, Some(&product.id), None, None, as_of)?;
    let show = show::show(cx, product, as_of)?;
    let mut sources = Cited::default();
    sources.push(&show.product.sources);
    for d in &show.decisions {
        sources.push(&d.sources);
    }
    for f in &show.filings {
        sources.push(&f.sources);
    }
    for c in &show.claims {
        sources.push(std::slice::from_ref(&c.source_id));
        sources.push(&c.sources);
    }
    sources.view(&check);
    let sources = sources.ids;
    let lanes = lanes(&show.product, &show.decisions, places, as_of);
    Ok(ProductPage {
        show,
        check,
        lanes,
        sources,
    })
}

/// `products --in CODE --status all` for these cell types, keeping the rows
/// with a grant in scope (asked for only those: `StatusFilter::Granted`).
fn products_in(cx: &Context, code: &str, as_of: Day, cell_types: CellTypes) -> Result<ProductsAnswer> {
    let scope = Scope::resolve(
        cx,
        &ScopeRequest {
            country: Some(code.to_string()),
            regulator: None,
            as_of: Some(as_of.to_string()),
            cell_types,
        },
        None,
    )?;
    let mut answer = products::products(
        cx,
        &ProductsQuery {
            scope,
            tissue: None,
            donor: None,
            status: StatusFilter::Granted,
            since: None,
            until: None,
        },
    )?;
    answer.rows.retain(|r| !r.grants.is_empty());
    Ok(answer)
}

fn place_page(site: &Site, row: &query::JurisdictionRow) -> Result<PlacePage> {
    let (cx, ask, as_of) = (&site.cx, &site.ask, site.as_of);
    let (regulators, covered) = (&site.regulators, &site.covered);
    let conn = cx.conn;
    let applicable = query::applicable_jurisdictions(conn, &row.code, as_of)?;
    let memberships = query::memberships_of(conn, &row.code)?;
    let msc = products_in(cx, &row.code, as_of, CellTypes::MscLike)?;
    let mut other = products_in(cx, &row.code, as_of, CellTypes::All)?;
    let msc_ids: HashSet<&str> = msc.rows.iter().map(|m| m.id.as_str()).collect();
    other.rows.retain(|r| !msc_ids.contains(r.id.as_str()));
    // Every MSC product when the ask page holds their answers; else those
    // whose decisions apply here, the others counted.
    let mut checked: Vec<(String, String)> = Vec::new();
    let mut unlisted = 0;
    for (id, name) in &site.msc_products {
        if ask.products_asked || ask.reaches(id, &row.code) {
            checked.push((id.clone(), name.clone()));
        } else {
            unlisted += 1;
        }
    }
    let checks = if checked.len() <= crate::render::html::CHECKS_PER_PAGE {
        site.place_checks(&row.code, &checked)?
    } else {
        Vec::new()
    };
    let acting: Vec<query::Regulator> = regulators
        .iter()
        .filter(|r| applicable.contains(&r.jurisdiction))
        .cloned()
        .collect();
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
    // The note's own sources first, as they are (each once after them).
    let mut sources = Cited {
        ids: note_sources.clone(),
        seen: note_sources.iter().cloned().collect(),
    };
    for m in &memberships {
        sources.push(&m.sources);
    }
    for r in msc.rows.iter().chain(&other.rows) {
        for g in &r.grants {
            sources.push(&g.sources);
        }
    }
    for (_, _, v) in &checks {
        sources.view(v);
    }
    for f in &fw.facts {
        sources.push(&f.sources);
    }
    let sources = sources.ids;
    Ok(PlacePage {
        code: row.code.clone(),
        name: row.name.clone(),
        article: query::jurisdiction_article(conn, &row.code)?,
        note: row.note.clone(),
        note_sources,
        memberships,
        applicable,
        msc,
        other,
        checked,
        checks,
        unlisted,
        regulators: acting,
        frameworks: fw,
        sources,
    })
}

fn condition_page(
    cx: &Context,
    slug: String,
    name: String,
    kind: ConditionKind,
    as_of: Day,
) -> Result<ConditionPage> {
    let check = check_view(cx, None, None, Some(&name), as_of)?;
    let mut sources = Cited::default();
    if let ConditionKind::LayName(lay) = &kind {
        sources.push(&lay.sources);
    }
    sources.view(&check);
    if check
        .caveats
        .iter()
        .any(|c| c.contains(prose::CLINIC_WARNING_SOURCES[0]))
    {
        sources.push(
            &prose::CLINIC_WARNING_SOURCES
                .iter()
                .map(|s| (*s).to_string())
                .collect::<Vec<_>>(),
        );
    }
    Ok(ConditionPage {
        slug,
        name,
        kind,
        check,
        sources: sources.ids,
    })
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
    let mut sources = Cited::default();
    for q in &questions {
        for (_, a) in &q.answers {
            for f in &a.flags {
                sources.push(&f.sources);
            }
        }
    }
    sources.push(
        &prose::CLINIC_WARNING_SOURCES
            .iter()
            .map(|s| (*s).to_string())
            .collect::<Vec<_>>(),
    );
    (questions, sources.ids)
}

/// Collects the lists of the site from the record; each page's answers
/// are asked when the page is written.
pub fn site<'a>(cx: &Context<'a>) -> Result<Site<'a>> {
    let conn = cx.conn;
    // The site speaks as of the record's date, so the same record gives the same pages.
    let record_date = query::record_date(conn)?.unwrap_or_else(|| cx.today.to_string());
    let as_of = Day::parse_as_of(&record_date, cx.today).unwrap_or(cx.today);
    let coverage = query::record_coverage(conn)?;
    let place_names = query::jurisdiction_names(conn)?;
    let indication_names = query::indication_names(conn)?;
    let mut products = Vec::new();
    let mut msc_products = Vec::new();
    let mut used: BTreeSet<String> = indication_names.keys().cloned().collect();
    for product in query::products(conn)? {
        // `show`, read once for the lists and dropped: the page asks again.
        let show = show::show(cx, product, as_of)?;
        let mut in_force: Vec<String> = Vec::new();
        let mut ended: Vec<String> = Vec::new();
        for s in &show.status {
            let list = match s.status {
                crate::answer::standing::StandingStatus::InForce => &mut in_force,
                crate::answer::standing::StandingStatus::Ended => &mut ended,
                _ => continue,
            };
            if !list.contains(&s.jurisdiction) {
                list.push(s.jurisdiction.clone());
            }
        }
        ended.retain(|j| !in_force.contains(j));
        used.extend(show.decisions.iter().filter_map(|d| d.indication_id.clone()));
        if crate::model::CellType::parse(&show.product.cell_type)
            .is_some_and(crate::model::CellType::is_msc_like)
            && show.decisions.iter().any(|d| d.kind().effect() == Effect::Grant)
        {
            msc_products.push((show.product.id.clone(), show.product.name.clone()));
        }
        products.push(ProductEntry {
            events: show
                .decisions
                .iter()
                .filter(|d| d.kind().effect() != Effect::Step)
                .count(),
            aliases: show.aliases.iter().map(|a| a.alias.clone()).collect(),
            // What no list shows is not kept (the page reads the row again).
            product: Product {
                notes: None,
                sources: Vec::new(),
                ..show.product
            },
            in_force,
            ended,
        });
    }
    let ask = ask::collect(cx, as_of, &record_date)?;
    let regulators = query::regulators(conn)?;
    let covered = query::frameworks::covered_regulators(conn)?;
    let places = query::jurisdictions(conn)?;
    let mut conditions = Vec::new();
    for id in used {
        let name = indication_names.get(&id).cloned().unwrap_or_else(|| id.clone());
        conditions.push(ConditionEntry {
            slug: id,
            name,
            kind: ConditionKind::Indication,
        });
    }
    let mut slugs: BTreeSet<String> = BTreeSet::new();
    for lay in query::site::lay_names(conn)? {
        let mut s = slug(&lay.name.to_lowercase());
        while !slugs.insert(s.clone()) {
            s.push('-');
            s.push('2');
        }
        conditions.push(ConditionEntry {
            slug: s,
            name: lay.name.clone(),
            kind: ConditionKind::LayName(lay),
        });
    }
    let frameworks = frameworks::frameworks(cx, &FrameworksQuery::resolve(cx, &[], &[])?)?;
    let audit = audit::audit(cx, &AuditQuery::default())?;
    let mut audits: Vec<(AuditPage, Cited)> = Vec::new();
    let sources = all_sources(conn)?;
    for claim in audit.claims {
        if let Some((page, cited)) = audits
            .iter_mut()
            .find(|(p, _)| p.source.id == claim.claim.source_id)
        {
            cited.push(&claim.claim.sources);
            page.claims.push(claim);
        } else if let Some(source) = sources.get(&claim.claim.source_id) {
            let mut cited = Cited::default();
            cited.push(std::slice::from_ref(&source.id));
            cited.push(&claim.claim.sources);
            audits.push((
                AuditPage {
                    source: source.clone(),
                    claims: vec![claim],
                    sources: Vec::new(),
                },
                cited,
            ));
        }
    }
    let audits: Vec<AuditPage> = audits
        .into_iter()
        .map(|(page, cited)| AuditPage {
            sources: cited.ids,
            ..page
        })
        .collect();
    let (clinic, clinic_sources) = clinic();
    let product_index = products
        .iter()
        .enumerate()
        .map(|(i, e)| (e.product.id.clone(), i))
        .collect();
    let place_codes = places.iter().map(|p| p.code.clone()).collect();
    let indication_pages = conditions
        .iter()
        .filter(|c| c.kind == ConditionKind::Indication)
        .map(|c| c.slug.clone())
        .collect();
    Ok(Site {
        cx: *cx,
        record_date,
        as_of,
        coverage,
        products,
        places,
        conditions,
        frameworks,
        regulators,
        covered,
        msc_products,
        audits,
        clinic,
        clinic_sources,
        sources,
        place_names,
        indication_names,
        ask,
        product_index,
        place_codes,
        indication_pages,
    })
}
