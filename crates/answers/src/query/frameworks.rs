//! Reads behind `frameworks`: which regulators have framework facts, which
//! act in a jurisdiction, and one regulator's fact on one topic.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::model::Topic;

use super::list;

/// One framework fact as stored: its summary and the sources it cites.
#[derive(Debug, Clone)]
pub struct FrameworkFact {
    pub summary: String,
    pub sources: Vec<String>,
}

/// Regulators that have framework facts, in the order of regulators.csv.
pub fn covered_regulators(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id FROM regulators r WHERE EXISTS (SELECT 1 FROM frameworks f WHERE f.regulator = r.id) ORDER BY r.rowid",
    )?;
    Ok(stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The regulators acting in a jurisdiction, by id.
pub fn regulators_in(conn: &Connection, jurisdiction: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM regulators WHERE jurisdiction = ?1 ORDER BY id")?;
    Ok(stmt
        .query_map([jurisdiction], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A regulator's fact on a topic; `None` when the record has none.
pub fn fact(conn: &Connection, regulator: &str, topic: Topic) -> Result<Option<FrameworkFact>> {
    let mut stmt =
        conn.prepare_cached("SELECT summary, sources FROM frameworks WHERE regulator = ?1 AND topic = ?2")?;
    Ok(stmt
        .query_row([regulator, topic.as_str()], |r| {
            Ok(FrameworkFact {
                summary: r.get(0)?,
                sources: list(r.get(1)?),
            })
        })
        .optional()?)
}
