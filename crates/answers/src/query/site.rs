//! Reads that only the static site needs: every name the resolver knows (the
//! ask page looks them up offline), the curated lay names and ICD-10-CM titles.

use rusqlite::{Connection, params};

use crate::error::Result;
use crate::resolve::NameKind;

use super::list;

/// A lay name of a condition ("autism", "MS"), with the codes it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayName {
    pub name: String,
    pub codes: Vec<String>,
    pub note: Option<String>,
    pub sources: Vec<String>,
}

pub fn lay_names(conn: &Connection) -> Result<Vec<LayName>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, icd10cm, note, sources FROM lay_names ORDER BY lower(name)")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(LayName {
                name: r.get(0)?,
                codes: list(r.get(1)?),
                note: r.get(2)?,
                sources: list(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Hands `each` every name of a kind as (normalised, target), sorted by
/// name then target, until it returns `false`: the disease names are
/// about 100,000, never held whole.
pub fn each_name(
    conn: &Connection,
    kind: NameKind,
    mut each: impl FnMut(String, String) -> Result<bool>,
) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("SELECT norm, target FROM names WHERE kind = ?1 ORDER BY norm, target")?;
    let mut rows = stmt.query(params![kind.as_str()])?;
    while let Some(r) = rows.next()? {
        if !each(r.get(0)?, r.get(1)?)? {
            break;
        }
    }
    Ok(())
}

/// Hands `each` every name of a kind once, as (normalised, its targets
/// joined by ";" in target order), sorted by name, until it returns `false`.
pub fn each_name_targets(
    conn: &Connection,
    kind: NameKind,
    mut each: impl FnMut(String, String) -> Result<bool>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT norm, group_concat(target, ';' ORDER BY target) FROM names WHERE kind = ?1 \
         GROUP BY norm ORDER BY norm",
    )?;
    let mut rows = stmt.query(params![kind.as_str()])?;
    while let Some(r) = rows.next()? {
        if !each(r.get(0)?, r.get(1)?)? {
            break;
        }
    }
    Ok(())
}

/// Hands `each` every ICD-10-CM code with its title, by code, until it
/// returns `false`.
pub fn each_icd_title(conn: &Connection, mut each: impl FnMut(String, String) -> Result<bool>) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT code, title FROM icd10cm ORDER BY code")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if !each(r.get(0)?, r.get(1)?)? {
            break;
        }
    }
    Ok(())
}

/// Hands `each` (product, jurisdiction, indication) of every decision:
/// where each product's and indication's decisions are, without reading
/// the decisions (nor holding them: a million rows at 10^6).
pub fn each_decision_scope(
    conn: &Connection,
    mut each: impl FnMut(String, String, Option<String>) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT product_id, jurisdiction, indication_id FROM decisions")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, r.get(2)?)?;
    }
    Ok(())
}
