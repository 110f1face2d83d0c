//! Reading the record back from `SQLite` into typed rows. Every statement has
//! bound parameters only; commands build their answers from these rows.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::date::{Day, PartialDate};
use crate::error::Result;
use crate::model::{CellType, DecisionKind};
use crate::spec::LIST_SEPARATOR;
use crate::status::Event;

#[derive(Debug, Clone, Serialize)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub nonproprietary_name: Option<String>,
    pub sponsor: String,
    pub cell_type: String,
    pub donor: String,
    pub tissue: String,
    pub notes: Option<String>,
    pub sources: Vec<String>,
}

impl Product {
    pub fn is_msc_like(&self) -> bool {
        CellType::parse(&self.cell_type).is_some_and(CellType::is_msc_like)
    }

    /// "Ryoncil (remestemcel-L)".
    pub fn display_name(&self) -> String {
        match &self.nonproprietary_name {
            Some(n) if n != &self.name && n.len() < 40 => format!("{} ({n})", self.name),
            _ => self.name.clone(),
        }
    }

    /// "allogeneic bone-marrow msc".
    pub fn cells(&self) -> String {
        format!("{} {} {}", self.donor, self.tissue, self.cell_type)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub id: String,
    pub product_id: String,
    pub jurisdiction: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    pub date_qualifier: Option<String>,
    pub valid_until: Option<String>,
    pub brand: Option<String>,
    pub indication_id: Option<String>,
    pub indication: Option<String>,
    pub indication_text: Option<String>,
    pub pathway: Option<String>,
    pub sources: Vec<String>,
    pub confidence: String,
    pub status_note: Option<String>,
    pub note: Option<String>,
    /// What the grant's label says (`labels.csv`), when the record has a row
    /// (boxed: most decisions have none, and an answer can hold thousands).
    pub label: Option<Box<Label>>,
    /// `decision`, parsed once when the row is read.
    #[serde(skip)]
    pub kind: DecisionKind,
    /// `date`, parsed once when the row is read.
    #[serde(skip)]
    pub when: PartialDate,
    /// `valid_until`, parsed once when the row is read.
    #[serde(skip)]
    pub until: Option<PartialDate>,
}

/// A grant's label facts and the regulator's own identifier (`labels.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub population: Option<String>,
    pub age_min: Option<String>,
    pub dose: Option<String>,
    pub route: Option<String>,
    pub label_source: Option<String>,
    pub label_date: Option<String>,
    pub regulator_ref: Option<String>,
    pub regulator_ref_kind: Option<String>,
    pub sources: Vec<String>,
}

impl Decision {
    pub fn kind(&self) -> DecisionKind {
        self.kind
    }

    /// The date as people should read it: "announced 2012-01-19", "by 2019".
    pub fn date_label(&self) -> String {
        crate::date::label(&self.date, self.date_qualifier.as_deref())
    }

    /// The indication in short: the record's name for it, else the text.
    pub fn indication_label(&self) -> String {
        self.indication
            .clone()
            .or_else(|| self.indication_text.clone())
            .unwrap_or_else(|| "all indications".into())
    }

    pub fn event(&self) -> Event {
        Event {
            id: self.id.clone(),
            jurisdiction: self.jurisdiction.clone(),
            indication: self.indication_id.clone(),
            kind: self.kind,
            date: self.when,
            valid_until: self.until,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub publisher: String,
    pub date: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alias {
    pub alias: String,
    pub kind: String,
    pub note: Option<String>,
}

fn list(text: Option<String>) -> Vec<String> {
    text.map(|t| t.split(LIST_SEPARATOR).map(|s| s.trim().to_string()).collect())
        .unwrap_or_default()
}

const PRODUCT_COLUMNS: &str =
    "id, name, nonproprietary_name, sponsor, cell_type, donor, tissue, notes, sources";

fn product_row(r: &Row) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        name: r.get(1)?,
        nonproprietary_name: r.get(2)?,
        sponsor: r.get(3)?,
        cell_type: r.get(4)?,
        donor: r.get(5)?,
        tissue: r.get(6)?,
        notes: r.get(7)?,
        sources: list(r.get(8)?),
    })
}

pub fn products(conn: &Connection) -> Result<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products ORDER BY lower(name)"
    ))?;
    Ok(stmt
        .query_map([], product_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The ids of the MSC and MSC-like products ([`Product::is_msc_like`]),
/// read without the rest of each product.
pub fn msc_like_product_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id, cell_type FROM products")?;
    let mut rows = stmt.query([])?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let cell_type: String = row.get(1)?;
        if CellType::parse(&cell_type).is_some_and(CellType::is_msc_like) {
            ids.push(row.get(0)?);
        }
    }
    Ok(ids)
}

pub fn product(conn: &Connection, id: &str) -> Result<Option<Product>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = ?1"))?;
    Ok(stmt.query_row([id], product_row).optional()?)
}

/// Hands `visit` each product with a decision on any of `indications`, in
/// the order [`products`] gives, as its row is read (at 10^6 decisions there
/// are tens of thousands, and the caller keeps few of them);
/// `decisions_by_indication` finds them without reading other decisions.
pub fn each_product_deciding(
    conn: &Connection,
    indications: &[String],
    mut visit: impl FnMut(Product) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&products_deciding_sql())?;
    let mut rows = stmt.query([json_array(indications)])?;
    while let Some(row) = rows.next()? {
        visit(product_row(row)?)?;
    }
    Ok(())
}

fn products_deciding_sql() -> String {
    format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE id IN
           (SELECT d.product_id FROM decisions d WHERE d.indication_id IN (SELECT value FROM json_each(?1)))
         ORDER BY lower(name)"
    )
}

/// A list of strings as a JSON array, for `json_each(?)`: one parameter
/// however long the list.
fn json_array(items: &[String]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for c in item.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push(']');
    out
}

/// Every jurisdiction with its count of decisions (`decisions_by_jurisdiction`).
const JURISDICTIONS_SQL: &str = "SELECT j.code, j.alpha3, j.name, j.aliases, j.note,
                (SELECT count(*) FROM decisions d WHERE d.jurisdiction = j.code),
                (SELECT group_concat(r.id, ';') FROM regulators r WHERE r.jurisdiction = j.code)
         FROM jurisdictions j ORDER BY j.code";

/// Every regulator with its counts of decisions (`decisions_by_regulator`) and frameworks.
const REGULATORS_SQL: &str = "SELECT r.id, r.name, r.jurisdiction, r.aliases,
                (SELECT count(*) FROM decisions d WHERE d.regulator = r.id),
                (SELECT count(*) FROM frameworks f WHERE f.regulator = r.id)
         FROM regulators r ORDER BY r.id";

/// Every statement `check`, `check --for`, `show`, `products`,
/// `jurisdictions` and `regulators` run against `decisions`:
/// `tests/query_plans.rs` asks SQLite for the plan of each and fails if one
/// reads the whole table. Only [`each_products_decisions`] reads every
/// decision, for the answer about every decision (`review`);
/// [`each_products_events`] reaches every product's through the index, for
/// `audit`'s count of what is approved.
/// `indications` reads the products with a grant in scope, through
/// [`products::products_with_decisions`].
pub fn decision_queries() -> Vec<(&'static str, String)> {
    let mut queries = vec![
        (
            "decisions_of",
            format!("{DECISION_SELECT} WHERE d.product_id = ?1"),
        ),
        (
            "decisions_in",
            format!("{DECISION_SELECT} WHERE d.jurisdiction = ?1"),
        ),
        ("decisions_of_on", decisions_of_on_sql(1)),
        ("decisions_of_on (3)", decisions_of_on_sql(3)),
        ("decisions_of_on (long)", decisions_of_on_json_sql()),
        ("products_deciding", products_deciding_sql()),
        ("products_events", PRODUCTS_EVENTS_SQL.to_string()),
        ("jurisdictions", JURISDICTIONS_SQL.to_string()),
        ("regulators", REGULATORS_SQL.to_string()),
    ];
    queries.extend(products::products_sql_variants());
    queries
}

const DECISION_SELECT: &str = "SELECT d.id, d.product_id, d.jurisdiction, d.regulator, d.decision, d.date,
    d.date_qualifier, d.valid_until, d.brand, d.indication_id, i.name AS indication_name, d.indication_text,
    d.pathway, d.sources, d.confidence, d.status_note, d.note,
    l.decision_id, l.population, l.age_min, l.dose, l.route, l.label_source, l.label_date,
    l.regulator_ref, l.regulator_ref_kind, l.sources
    FROM decisions d LEFT JOIN indications i ON i.id = d.indication_id
    LEFT JOIN labels l ON l.decision_id = d.id";

/// A value the loader would have refused, found in a database: an error
/// naming the column, never a silent default.
fn bad_value(column: &str, value: &str, why: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("decisions.{column}: {why} ({value})").into(),
    )
}

/// Maps a row of [`DECISION_SELECT`] by column position (looking each
/// name up among the columns cost more than the rest of the row), parsing
/// the kind and the dates once.
fn decision_row(r: &Row) -> rusqlite::Result<Decision> {
    let mut decision = decision_columns(r, 0)?;
    decision.label = match r.get_ref(17)?.data_type() {
        rusqlite::types::Type::Null => None,
        _ => Some(Box::new(Label {
            population: r.get(18)?,
            age_min: r.get(19)?,
            dose: r.get(20)?,
            route: r.get(21)?,
            label_source: r.get(22)?,
            label_date: r.get(23)?,
            regulator_ref: r.get(24)?,
            regulator_ref_kind: r.get(25)?,
            sources: list(r.get(26)?),
        })),
    };
    Ok(decision)
}

/// The decision in the 17 columns from `at`, in [`DECISION_SELECT`]'s
/// order up to `note`; the label is not read.
fn decision_columns(r: &Row, at: usize) -> rusqlite::Result<Decision> {
    let decision: String = r.get(at + 4)?;
    let date: String = r.get(at + 5)?;
    let valid_until: Option<String> = r.get(at + 7)?;
    let kind = DecisionKind::parse(&decision)
        .ok_or_else(|| bad_value("decision", &decision, "not a decision kind"))?;
    let when = PartialDate::parse(&date).map_err(|e| bad_value("date", &date, e))?;
    let until = valid_until
        .as_deref()
        .map(|d| PartialDate::parse(d).map_err(|e| bad_value("valid_until", d, e)))
        .transpose()?;
    Ok(Decision {
        id: r.get(at)?,
        product_id: r.get(at + 1)?,
        jurisdiction: r.get(at + 2)?,
        regulator: r.get(at + 3)?,
        decision,
        date,
        date_qualifier: r.get(at + 6)?,
        valid_until,
        brand: r.get(at + 8)?,
        indication_id: r.get(at + 9)?,
        indication: r.get(at + 10)?,
        indication_text: r.get(at + 11)?,
        pathway: r.get(at + 12)?,
        sources: list(r.get(at + 13)?),
        confidence: r.get(at + 14)?,
        status_note: r.get(at + 15)?,
        note: r.get(at + 16)?,
        label: None,
        kind,
        when,
        until,
    })
}

pub(crate) fn chronological(mut decisions: Vec<Decision>) -> Vec<Decision> {
    // Dates were parsed when the rows were read.
    decisions.sort_by(|a, b| {
        oldest_key(a.when, &a.jurisdiction, &a.id).cmp(&oldest_key(b.when, &b.jurisdiction, &b.id))
    });
    decisions
}

/// The order of a product's decisions, oldest first: by the last day its
/// date can mean, then the first, then place and id.
fn oldest_key<'a>(date: PartialDate, jurisdiction: &'a str, id: &'a str) -> (Day, Day, &'a str, &'a str) {
    (date.last_day(), date.first_day(), jurisdiction, id)
}

/// A product's decisions, oldest first.
pub fn decisions_of(conn: &Connection, product_id: &str) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(&format!("{DECISION_SELECT} WHERE d.product_id = ?1"))?;
    let rows = stmt
        .query_map([product_id], decision_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(chronological(rows))
}

/// A product's decisions on these indications, and those on no indication
/// (an end of every indication), oldest first: all the status rule reads for
/// the standings on them, without the product's other decisions.
pub fn decisions_of_on(conn: &Connection, product_id: &str, indications: &[String]) -> Result<Vec<Decision>> {
    // A short list is bound one indication a parameter, in a statement
    // cached for its length: a list bound as JSON (`json_each`) builds a
    // temporary table on every call, a third of the cost when a call is
    // made for each of 30,000 products. A long list (a disease with many
    // narrower ones, in a user's data) stays JSON, under SQLite's limit on
    // the depth of an expression.
    let rows = if indications.len() <= SHORT_LIST {
        let mut stmt = conn.prepare_cached(&decisions_of_on_sql(indications.len()))?;
        let params = std::iter::once(product_id).chain(indications.iter().map(String::as_str));
        stmt.query_map(rusqlite::params_from_iter(params), decision_row)?
            .collect::<rusqlite::Result<_>>()?
    } else {
        let mut stmt = conn.prepare_cached(&decisions_of_on_json_sql())?;
        stmt.query_map(
            rusqlite::params![product_id, json_array(indications)],
            decision_row,
        )?
        .collect::<rusqlite::Result<_>>()?
    };
    Ok(chronological(rows))
}

/// The longest list of indications `decisions_of_on` binds one by one.
const SHORT_LIST: usize = 8;

/// `decisions_of_on`'s statement for `n` indications: `?1` the product,
/// `?2`.. the indications.
fn decisions_of_on_sql(n: usize) -> String {
    let mut sql = format!("{DECISION_SELECT} WHERE d.product_id = ?1 AND (d.indication_id IS NULL");
    for i in 0..n {
        sql.push_str(&format!(" OR d.indication_id = ?{}", i + 2));
    }
    sql.push(')');
    sql
}

/// `decisions_of_on`'s statement for a long list, bound as JSON in `?2`.
fn decisions_of_on_json_sql() -> String {
    format!(
        "{DECISION_SELECT} WHERE d.product_id = ?1
           AND (d.indication_id IS NULL OR d.indication_id IN (SELECT value FROM json_each(?2)))"
    )
}

/// Every product's decisions, oldest first, handed to `each` one product
/// at a time in the order of product ids, so that the answer about every
/// decision never holds them all.
pub fn each_products_decisions(
    conn: &Connection,
    mut each: impl FnMut(Vec<Decision>) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!("{DECISION_SELECT} ORDER BY d.product_id"))?;
    let mut rows = stmt.query([])?;
    let mut current: Vec<Decision> = Vec::new();
    while let Some(row) = rows.next()? {
        let decision = decision_row(row)?;
        if current
            .first()
            .is_some_and(|d| d.product_id != decision.product_id)
        {
            each(chronological(std::mem::take(&mut current)))?;
        }
        current.push(decision);
    }
    if !current.is_empty() {
        each(chronological(current))?;
    }
    Ok(())
}

/// The events of every product of `cell_types` (as the record writes
/// them) with a decision, oldest first, handed to `each` one product at a time: only the
/// columns the status rule reads, through `decisions_by_product`, for
/// counts over the whole record that never hold it.
pub fn each_products_events(
    conn: &Connection,
    cell_types: &[String],
    mut each: impl FnMut(&[Event]) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(PRODUCTS_EVENTS_SQL)?;
    let mut rows = stmt.query([json_array(cell_types)])?;
    let mut product: Option<i64> = None;
    let mut events: Vec<Event> = Vec::new();
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        if product.is_some_and(|p| p != rowid) {
            each(oldest_first(&mut events))?;
            events.clear();
        }
        product = Some(rowid);
        events.push(event_row(row)?);
    }
    if product.is_some() {
        each(oldest_first(&mut events))?;
    }
    Ok(())
}

/// Events in [`chronological`]'s order, so that the status rule meets
/// decisions of one day as it does everywhere else.
fn oldest_first(events: &mut [Event]) -> &[Event] {
    events.sort_by(|a, b| {
        oldest_key(a.date, &a.jurisdiction, &a.id).cmp(&oldest_key(b.date, &b.jurisdiction, &b.id))
    });
    events
}

/// The rows come product by product, in the order products are stored,
/// which the outer scan meets without a sort.
const PRODUCTS_EVENTS_SQL: &str =
    "SELECT p.rowid, d.id, d.jurisdiction, d.indication_id, d.decision, d.date, d.valid_until
    FROM products p JOIN decisions d ON d.product_id = p.id
    WHERE p.cell_type IN (SELECT value FROM json_each(?1))
    ORDER BY p.rowid";

/// An event of [`PRODUCTS_EVENTS_SQL`]'s columns from 1.
fn event_row(r: &Row) -> rusqlite::Result<Event> {
    let kind = r.get_ref(4)?.as_str()?;
    let kind = DecisionKind::parse(kind).ok_or_else(|| bad_value("decision", kind, "not a decision kind"))?;
    let date = r.get_ref(5)?.as_str()?;
    let date = PartialDate::parse(date).map_err(|e| bad_value("date", date, e))?;
    let valid_until = r
        .get_ref(6)?
        .as_str_or_null()?
        .map(|d| PartialDate::parse(d).map_err(|e| bad_value("valid_until", d, e)))
        .transpose()?;
    Ok(Event {
        id: r.get(1)?,
        jurisdiction: r.get(2)?,
        indication: r.get(3)?,
        kind,
        date,
        valid_until,
    })
}

pub fn aliases_of(conn: &Connection, product_id: &str) -> Result<Vec<Alias>> {
    let mut stmt = conn
        .prepare_cached("SELECT alias, kind, note FROM aliases WHERE product_id = ?1 ORDER BY kind, alias")?;
    let rows = stmt
        .query_map([product_id], |r| {
            Ok(Alias {
                alias: r.get(0)?,
                kind: r.get(1)?,
                note: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The sources with these ids, in the order given, each once.
pub fn sources(conn: &Connection, ids: &[String]) -> Result<Vec<Source>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, kind, title, publisher, date, url FROM sources WHERE id = ?1")?;
    let mut out: Vec<Source> = Vec::new();
    // A set, not a search of `out`: a product may cite thousands (R8).
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::with_capacity(ids.len());
    for id in ids {
        if !seen.insert(id.as_str()) {
            continue;
        }
        if let Some(source) = stmt
            .query_row([id], |r| {
                Ok(Source {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    title: r.get(2)?,
                    publisher: r.get(3)?,
                    date: r.get(4)?,
                    url: r.get(5)?,
                })
            })
            .optional()?
        {
            out.push(source);
        }
    }
    Ok(out)
}

/// The jurisdictions whose decisions apply in `code` on `as_of`: itself and,
/// through memberships in force that day, the unions it belongs to —
/// nesting included (Réunion: RE, FR, EU). `UNION` keeps a cycle finite.
pub fn applicable_jurisdictions(conn: &Connection, code: &str, as_of: Day) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE up(code) AS (
           SELECT ?1
           UNION
           SELECT m.member_of FROM memberships m JOIN up ON m.jurisdiction = up.code
           WHERE m.\"from\" <= ?2 AND (m.\"until\" IS NULL OR m.\"until\" >= ?2)
         )
         SELECT code FROM up",
    )?;
    let out = stmt
        .query_map(params![code, as_of.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// A jurisdiction as the listing shows it.
#[derive(Debug, Clone)]
pub struct JurisdictionRow {
    pub code: String,
    pub alpha3: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub note: Option<String>,
    pub decisions: i64,
    pub regulators: Vec<String>,
}

/// Every jurisdiction, by code, with its number of decisions and its regulators.
pub fn jurisdictions(conn: &Connection) -> Result<Vec<JurisdictionRow>> {
    let mut stmt = conn.prepare_cached(JURISDICTIONS_SQL)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(JurisdictionRow {
                code: r.get(0)?,
                alpha3: r.get(1)?,
                name: r.get(2)?,
                aliases: list(r.get(3)?),
                note: r.get(4)?,
                decisions: r.get(5)?,
                regulators: list(r.get(6)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An agency, with how many decisions and framework facts the record holds.
#[derive(Debug, Clone, Serialize)]
pub struct Regulator {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    pub aliases: Vec<String>,
    pub decisions: i64,
    pub framework_facts: i64,
}

pub fn regulators(conn: &Connection) -> Result<Vec<Regulator>> {
    let mut stmt = conn.prepare_cached(REGULATORS_SQL)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Regulator {
                id: r.get(0)?,
                name: r.get(1)?,
                jurisdiction: r.get(2)?,
                aliases: list(r.get(3)?),
                decisions: r.get(4)?,
                framework_facts: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A period in which one jurisdiction's decisions apply in another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    pub jurisdiction: String,
    pub member_of: String,
    pub from: String,
    pub until: Option<String>,
    pub basis: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

/// Every membership of `code`, oldest first.
pub fn memberships_of(conn: &Connection, code: &str) -> Result<Vec<Membership>> {
    let mut stmt = conn.prepare_cached(
        "SELECT jurisdiction, member_of, \"from\", \"until\", basis, sources, note
         FROM memberships WHERE jurisdiction = ?1 ORDER BY \"from\"",
    )?;
    let rows = stmt
        .query_map([code], |r| {
            Ok(Membership {
                jurisdiction: r.get(0)?,
                member_of: r.get(1)?,
                from: r.get(2)?,
                until: r.get(3)?,
                basis: r.get(4)?,
                sources: list(r.get(5)?),
                note: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What the record says it covers (`meta.csv`), when it says.
pub fn record_coverage(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT coverage FROM meta LIMIT 1")?;
    Ok(stmt.query_row([], |r| r.get(0)).optional()?)
}

/// Code → name of every jurisdiction.
pub fn jurisdiction_names(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT code, name FROM jurisdictions")?;
    Ok(stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Id → name of every indication.
pub fn indication_names(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM indications")?;
    Ok(stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every source id, in file order.
pub fn source_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM sources")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The sources of the record's note on a place.
pub fn jurisdiction_sources(conn: &Connection, code: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT sources FROM jurisdictions WHERE code = ?1")?;
    Ok(list(stmt.query_row([code], |r| r.get(0)).optional()?.flatten()))
}

/// The record's note on a place, when it has one.
pub fn jurisdiction_note(conn: &Connection, code: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT note FROM jurisdictions WHERE code = ?1")?;
    Ok(stmt.query_row([code], |r| r.get(0)).optional()?.flatten())
}

/// The English article a place's name takes ("the" for the United States),
/// from `jurisdictions.csv`; empty when none.
pub fn jurisdiction_article(conn: &Connection, code: &str) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT article FROM jurisdictions WHERE code = ?1")?;
    Ok(stmt
        .query_row([code], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten()
        .unwrap_or_default())
}

pub fn jurisdiction_name(conn: &Connection, code: &str) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT name FROM jurisdictions WHERE code = ?1")?;
    Ok(stmt
        .query_row([code], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| code.to_string()))
}

/// A row of the full-text index.
#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub kind: String,
    pub id: String,
    pub title: String,
}

/// Where the record's text mentions `text` (names, notes, claims, filings):
/// what it says about a name that is not a product of the record.
pub fn mentions(conn: &Connection, text: &str, limit: usize) -> Result<Vec<Mention>> {
    // Quoted as one FTS5 string: the text is data, never query syntax.
    let phrase: String = text
        .chars()
        .filter(|c| *c != '\0')
        .collect::<String>()
        .replace('"', "\"\"");
    if phrase.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT kind, id, title FROM search_index WHERE search_index MATCH ?1 ORDER BY bm25(search_index) LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(
            params![format!("\"{phrase}\""), i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| {
                Ok(Mention {
                    kind: r.get(0)?,
                    id: r.get(1)?,
                    title: r.get(2)?,
                })
            },
        )?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every indication with its ICD-10-CM codes, in id order.
pub fn indication_codes(conn: &Connection) -> Result<Vec<(String, Vec<String>)>> {
    let mut stmt = conn.prepare_cached("SELECT id, icd10cm FROM indications ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, list(r.get(1)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An indication as the record holds it.
#[derive(Debug, Clone, Serialize)]
pub struct IndicationEntry {
    pub id: String,
    pub name: String,
    pub area: Option<String>,
    pub synonyms: Vec<String>,
    /// ICD-10-CM codes.
    pub icd10cm: Vec<String>,
}

/// Every indication in the record, by name (case-insensitive).
pub fn indications(conn: &Connection) -> Result<Vec<IndicationEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, area, synonyms, icd10cm FROM indications ORDER BY lower(name), id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(IndicationEntry {
                id: r.get(0)?,
                name: r.get(1)?,
                area: r.get(2)?,
                synonyms: list(r.get(3)?),
                icd10cm: list(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The ICD-10-CM title of a code.
pub fn icd_title(conn: &Connection, code: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT title FROM icd10cm WHERE code = ?1")?;
    Ok(stmt.query_row([code], |r| r.get(0)).optional()?)
}

/// The record's own date (`meta.csv`), when it has one.
pub fn record_date(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT record_date FROM meta LIMIT 1")?;
    Ok(stmt.query_row([], |r| r.get(0)).optional()?)
}

pub fn indication_name(conn: &Connection, id: &str) -> Result<String> {
    let mut stmt = conn.prepare_cached("SELECT name FROM indications WHERE id = ?1")?;
    Ok(stmt
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| id.to_string()))
}

pub use crate::answer::standing::{Standing, StandingStatus, standings};

/// The first grant of a run that a later grant continues (a re-licence, a
/// conversion from conditional to full, a renewal): the product has been
/// approved there since this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Since {
    pub decision_id: String,
    pub decision: String,
    pub date: String,
    pub date_qualifier: Option<String>,
    /// The pathway of the grant that continues it ("Re-licence as an advanced
    /// biopharmaceutical under the Advanced Regenerative Bio Act …").
    #[serde(skip)]
    pub continued_by: Option<String>,
    #[serde(skip)]
    pub continued_kind: String,
}

impl Since {
    pub fn new(first: &Decision, later: &Decision) -> Since {
        Since {
            decision_id: first.id.clone(),
            decision: first.decision.clone(),
            date: first.date.clone(),
            date_qualifier: first.date_qualifier.clone(),
            continued_by: later.pathway.clone(),
            continued_kind: later.decision.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Filing {
    pub id: String,
    pub product_id: Option<String>,
    pub product: Option<String>,
    pub sponsor: String,
    pub regulator: Option<String>,
    pub kind: String,
    pub number: Option<String>,
    pub date: Option<String>,
    pub date_qualifier: Option<String>,
    pub status: String,
    pub phase: Option<String>,
    pub indication_id: Option<String>,
    pub indication_text: Option<String>,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

impl Filing {
    /// Whether the filing is on record by `as_of`. The record cannot place an
    /// undated filing in time, so it counts only for answers as of today.
    pub fn on_record_by(&self, as_of: Day, today: Day) -> bool {
        match self.date.as_deref().and_then(|d| PartialDate::parse(d).ok()) {
            Some(date) => date.first_day() <= as_of,
            None => as_of >= today,
        }
    }

    pub fn date_label(&self) -> String {
        self.date
            .as_deref()
            .map(|d| crate::date::label(d, self.date_qualifier.as_deref()))
            .unwrap_or_default()
    }
}

const FILING_SELECT: &str =
    "SELECT f.id, f.product_id, p.name, f.sponsor, f.regulator, f.kind, f.number, f.date,
    f.date_qualifier, f.status, f.phase, f.indication_id, f.indication_text, f.sources, f.note
    FROM filings f LEFT JOIN products p ON p.id = f.product_id";

fn filing_row(r: &Row) -> rusqlite::Result<Filing> {
    Ok(Filing {
        id: r.get(0)?,
        product_id: r.get(1)?,
        product: r.get(2)?,
        sponsor: r.get(3)?,
        regulator: r.get(4)?,
        kind: r.get(5)?,
        number: r.get(6)?,
        date: r.get(7)?,
        date_qualifier: r.get(8)?,
        status: r.get(9)?,
        phase: r.get(10)?,
        indication_id: r.get(11)?,
        indication_text: r.get(12)?,
        sources: list(r.get(13)?),
        note: r.get(14)?,
    })
}

/// Every filing, ordered by product, date and id.
pub fn filings(conn: &Connection) -> Result<Vec<Filing>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{FILING_SELECT} ORDER BY coalesce(p.name, f.sponsor), coalesce(f.date, ''), f.id"
    ))?;
    Ok(stmt.query_map([], filing_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn filings_of(conn: &Connection, product_id: &str) -> Result<Vec<Filing>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{FILING_SELECT} WHERE f.product_id = ?1 ORDER BY coalesce(f.date, ''), f.id"
    ))?;
    Ok(stmt
        .query_map([product_id], filing_row)?
        .collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: String,
    pub source_id: String,
    pub locator: String,
    pub position: i64,
    pub printed_location: Option<String>,
    pub printed_year: Option<String>,
    pub printed_name: Option<String>,
    pub printed_cell_source: Option<String>,
    pub printed_indication: Option<String>,
    pub printed_text: Option<String>,
    pub verdict: String,
    pub product_id: Option<String>,
    pub decision_ids: Vec<String>,
    pub claimed_count: Option<i64>,
    pub correction: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

impl Claim {
    /// The claim as printed: the recorded table cells joined, or the sentence.
    pub fn as_printed(&self) -> String {
        if let Some(text) = &self.printed_text {
            return format!("\"{text}\"");
        }
        let cells: Vec<&str> = [
            &self.printed_location,
            &self.printed_year,
            &self.printed_name,
            &self.printed_cell_source,
            &self.printed_indication,
        ]
        .iter()
        .filter_map(|c| c.as_deref())
        .collect();
        cells.join(" | ")
    }

    /// The part of the locator before the first comma: "Table 2", "Text".
    pub fn section(&self) -> &str {
        self.locator.split(',').next().unwrap_or(&self.locator).trim()
    }
}

const CLAIM_SELECT: &str =
    "SELECT id, source_id, locator, position, printed_location, printed_year, printed_name,
    printed_cell_source, printed_indication, printed_text, verdict, product_id, decision_ids, claimed_count,
    correction, sources, note FROM claims";

fn claim_row(r: &Row) -> rusqlite::Result<Claim> {
    Ok(Claim {
        id: r.get(0)?,
        source_id: r.get(1)?,
        locator: r.get(2)?,
        position: r.get(3)?,
        printed_location: r.get(4)?,
        printed_year: r.get(5)?,
        printed_name: r.get(6)?,
        printed_cell_source: r.get(7)?,
        printed_indication: r.get(8)?,
        printed_text: r.get(9)?,
        verdict: r.get(10)?,
        product_id: r.get(11)?,
        decision_ids: list(r.get(12)?),
        claimed_count: r.get(13)?,
        correction: r.get(14)?,
        sources: list(r.get(15)?),
        note: r.get(16)?,
    })
}

/// Every claim, grouped by publication (in sources.csv order) and printed order.
pub fn claims(conn: &Connection) -> Result<Vec<Claim>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{CLAIM_SELECT} ORDER BY (SELECT rowid FROM sources s WHERE s.id = claims.source_id), position"
    ))?;
    Ok(stmt.query_map([], claim_row)?.collect::<rusqlite::Result<_>>()?)
}

pub fn claims_about(conn: &Connection, product_id: &str) -> Result<Vec<Claim>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{CLAIM_SELECT} WHERE product_id = ?1 ORDER BY (SELECT rowid FROM sources s WHERE s.id = claims.source_id), position"
    ))?;
    Ok(stmt
        .query_map([product_id], claim_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// The decisions made in these jurisdictions (through the jurisdiction
/// index), grouped by product, oldest first within each.
pub fn decisions_in(conn: &Connection, jurisdictions: &[String]) -> Result<BTreeMap<String, Vec<Decision>>> {
    let mut stmt = conn.prepare_cached(&format!("{DECISION_SELECT} WHERE d.jurisdiction = ?1"))?;
    let mut grouped: BTreeMap<String, Vec<Decision>> = BTreeMap::new();
    for code in jurisdictions {
        for d in stmt.query_map([code], decision_row)? {
            let d = d?;
            grouped.entry(d.product_id.clone()).or_default().push(d);
        }
    }
    Ok(grouped.into_iter().map(|(k, v)| (k, chronological(v))).collect())
}

pub mod actions;
pub mod canned;
pub mod frameworks;
pub mod products;
pub mod search;
pub mod sql;
pub mod validate;

/// An approval reported but not verified (`reports.csv`): a doubt, not a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub id: String,
    pub product_id: String,
    pub product_name: Option<String>,
    pub jurisdiction: String,
    pub indication_id: Option<String>,
    pub reported: String,
    pub reporter: String,
    pub date: Option<String>,
    pub note: Option<String>,
}

/// Every unverified report, by product (the table is small).
pub fn reports(conn: &Connection) -> Result<Vec<Report>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.product_id, p.name, r.jurisdiction, r.indication_id, r.reported, r.reporter, \
         r.date, r.note FROM reports r LEFT JOIN products p ON p.id = r.product_id ORDER BY r.product_id, r.id",
    )?;
    Ok(stmt
        .query_map([], |r| {
            Ok(Report {
                id: r.get(0)?,
                product_id: r.get(1)?,
                product_name: r.get(2)?,
                jurisdiction: r.get(3)?,
                indication_id: r.get(4)?,
                reported: r.get(5)?,
                reporter: r.get(6)?,
                date: r.get(7)?,
                note: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
pub mod site;
