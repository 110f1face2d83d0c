//! Sellers, the actions authorities took against them, the rules for
//! unapproved offers, and the credentials clinics show: rows read back.

use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::date::{Day, PartialDate};
use crate::error::Result;

use super::list;

#[derive(Debug, Clone, Serialize)]
pub struct Seller {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub jurisdiction: String,
    pub kind: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

const SELLER_COLUMNS: &str = "id, name, aliases, jurisdiction, kind, sources, note";

fn seller_row(r: &Row) -> rusqlite::Result<Seller> {
    Ok(Seller {
        id: r.get(0)?,
        name: r.get(1)?,
        aliases: list(r.get(2)?),
        jurisdiction: r.get(3)?,
        kind: r.get(4)?,
        sources: list(r.get(5)?),
        note: r.get(6)?,
    })
}

pub fn seller(conn: &Connection, id: &str) -> Result<Option<Seller>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {SELLER_COLUMNS} FROM sellers WHERE id = ?1"))?;
    Ok(stmt.query_row([id], seller_row).optional()?)
}

/// An action against a seller, with the names of who acted and against whom.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub id: String,
    pub date: Option<String>,
    pub date_qualifier: Option<String>,
    pub kind: String,
    pub authority: String,
    pub authority_name: String,
    pub authority_kind: String,
    pub jurisdiction: String,
    pub seller_id: Option<String>,
    pub seller: Option<String>,
    pub materials: Vec<String>,
    pub conditions: Vec<String>,
    pub conditions_text: Option<String>,
    pub reference: Option<String>,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

impl Action {
    /// "2017-08-24", "announced 2019-12-06", "about 2026-03-25", "undated".
    pub fn date_label(&self) -> String {
        self.date.as_deref().map_or_else(
            || "undated".to_string(),
            |d| crate::date::label(d, self.date_qualifier.as_deref()),
        )
    }

    pub fn when(&self) -> Option<PartialDate> {
        self.date.as_deref().and_then(|d| PartialDate::parse(d).ok())
    }

    /// Whether the action falls between two days (either end open). An
    /// undated action is in no dated window.
    pub fn within(&self, since: Option<Day>, until: Option<Day>) -> bool {
        if since.is_none() && until.is_none() {
            return true;
        }
        let Some(when) = self.when() else {
            return false;
        };
        since.is_none_or(|s| when.last_day() >= s) && until.is_none_or(|u| when.first_day() <= u)
    }
}

const ACTION_SELECT: &str = "SELECT a.id, a.date, a.date_qualifier, a.kind, a.authority, au.name, au.kind,
    a.jurisdiction, a.seller_id, s.name, a.materials, a.conditions, a.conditions_text, a.reference,
    a.sources, a.note
    FROM actions a JOIN authorities au ON au.id = a.authority LEFT JOIN sellers s ON s.id = a.seller_id";

fn action_row(r: &Row) -> rusqlite::Result<Action> {
    Ok(Action {
        id: r.get(0)?,
        date: r.get(1)?,
        date_qualifier: r.get(2)?,
        kind: r.get(3)?,
        authority: r.get(4)?,
        authority_name: r.get(5)?,
        authority_kind: r.get(6)?,
        jurisdiction: r.get(7)?,
        seller_id: r.get(8)?,
        seller: r.get(9)?,
        materials: list(r.get(10)?),
        conditions: list(r.get(11)?),
        conditions_text: r.get(12)?,
        reference: r.get(13)?,
        sources: list(r.get(14)?),
        note: r.get(15)?,
    })
}

/// Every action, oldest first (undated ones last), then by id.
pub fn actions(conn: &Connection) -> Result<Vec<Action>> {
    actions_narrowed(conn, None, None)
}

/// [`actions`] read only where they may be in one of `jurisdictions` and
/// about one of the ICD-10-CM `codes` (or a code under one; `None` is any),
/// so that a question reads the few actions it may show, not all of them.
/// A superset: a condition within a code has it, dots aside, as a prefix,
/// so the condition list holds it as a substring; the caller keeps its own
/// exact test.
pub fn actions_narrowed(
    conn: &Connection,
    jurisdictions: Option<&[String]>,
    codes: Option<&[String]>,
) -> Result<Vec<Action>> {
    let mut sql = String::from(ACTION_SELECT);
    let mut and = |clause: &str| {
        sql.push_str(if sql.len() == ACTION_SELECT.len() {
            " WHERE "
        } else {
            " AND "
        });
        sql.push_str(clause);
    };
    if jurisdictions.is_some() {
        and("a.jurisdiction IN (SELECT value FROM json_each(?1))");
    }
    // One `instr` per code, bound without its dots from ?2 on (a
    // `json_each` here would be parsed again for every action).
    if let Some(codes) = codes {
        let tests: Vec<String> = (0..codes.len())
            .map(|i| {
                format!(
                    " OR instr(replace(coalesce(a.conditions, ''), '.', ''), ?{}) > 0",
                    i + 2
                )
            })
            .collect();
        and(&format!("(0{})", tests.concat()));
    }
    sql.push_str(" ORDER BY a.date IS NULL, a.date, a.id");
    let mut stmt = conn.prepare_cached(&sql)?;
    // Bound up to the highest parameter the statement names.
    let mut bound = vec![jurisdictions.map(super::json_array)];
    match codes {
        Some(codes) if !codes.is_empty() => bound.extend(codes.iter().map(|c| Some(c.replace('.', "")))),
        _ if jurisdictions.is_none() => bound.clear(),
        _ => {}
    }
    Ok(stmt
        .query_map(rusqlite::params_from_iter(bound), action_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A rule on selling an unapproved cell intervention outside a trial.
#[derive(Debug, Clone, Serialize)]
pub struct OfferRule {
    pub id: String,
    pub jurisdiction: String,
    pub from: Option<String>,
    pub until: Option<String>,
    pub allowed: String,
    pub scheme: Option<String>,
    pub summary: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

impl OfferRule {
    /// Whether the rule applies on `day` (`from` inclusive, `until` exclusive;
    /// an empty end is open).
    pub fn applies_on(&self, day: Day) -> bool {
        let first = |d: &Option<String>| d.as_deref().and_then(|t| PartialDate::parse(t).ok());
        first(&self.from).is_none_or(|f| f.first_day() <= day)
            && first(&self.until).is_none_or(|u| day < u.first_day())
    }
}

/// Every offer rule of a place, in order of their start (open starts first).
pub fn offer_rules_of(conn: &Connection, code: &str) -> Result<Vec<OfferRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, jurisdiction, \"from\", \"until\", allowed, scheme, summary, sources, note
         FROM offer_rules WHERE jurisdiction = ?1 ORDER BY \"from\" IS NOT NULL, \"from\", id",
    )?;
    Ok(stmt
        .query_map([code], |r| {
            Ok(OfferRule {
                id: r.get(0)?,
                jurisdiction: r.get(1)?,
                from: r.get(2)?,
                until: r.get(3)?,
                allowed: r.get(4)?,
                scheme: r.get(5)?,
                summary: r.get(6)?,
                sources: list(r.get(7)?),
                note: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The places that have offer rules, sorted.
pub fn offer_rule_places(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT jurisdiction FROM offer_rules ORDER BY 1")?;
    Ok(stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// What a credential shown by a clinic means and does not mean.
#[derive(Debug, Clone, Serialize)]
pub struct Credential {
    pub id: String,
    pub phrase: String,
    pub variants: Vec<String>,
    pub jurisdiction: Option<String>,
    pub means: String,
    pub does_not_mean: String,
    pub sources: Vec<String>,
}

/// Every credential, in file key order.
pub fn credentials(conn: &Connection) -> Result<Vec<Credential>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, phrase, variants, jurisdiction, means, does_not_mean, sources FROM credentials ORDER BY jurisdiction IS NULL, jurisdiction, id",
    )?;
    Ok(stmt
        .query_map([], |r| {
            Ok(Credential {
                id: r.get(0)?,
                phrase: r.get(1)?,
                variants: list(r.get(2)?),
                jurisdiction: r.get(3)?,
                means: r.get(4)?,
                does_not_mean: r.get(5)?,
                sources: list(r.get(6)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
