//! `products`' one statement: the products a listing asks about, each with
//! its decisions in the places asked, in the order the listing shows them
//! (by name, case-insensitive, then id). Every filter the record can answer
//! before the status rule runs is applied here, so only the rows a listing
//! may show are read; the rows are handed on one product at a time, never
//! held whole.

use rusqlite::{Connection, Row};

use super::{Decision, Product, decision_columns, json_array, product_row};
use crate::error::Result;
use crate::model::{DecisionKind, Effect};

/// What the statement narrows to; `None` is "any".
#[derive(Debug, Clone, Default)]
pub struct ProductsFilter {
    /// Cell types, as the record writes them.
    pub cell_types: Option<Vec<String>>,
    pub tissue: Option<String>,
    pub donor: Option<String>,
    /// The jurisdictions whose decisions count (the product's others are not read).
    pub places: Option<Vec<String>>,
    /// Only products with a grant (of any kind) in the places, and by these.
    pub granted: Option<GrantFilter>,
    /// Only decisions on these indications (or on none: an end without one
    /// ends every indication).
    pub indications: Option<Vec<String>>,
}

/// Which grants a product must have to be read at all (a necessary
/// condition; the answer still applies the status rule).
#[derive(Debug, Clone, Default)]
pub struct GrantFilter {
    pub regulators: Option<Vec<String>>,
    /// A grant dated in part meets the range when its period does:
    /// `YYYY-MM-DD` of the first day asked, of the last day asked.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The statement. `ps` is the products asked, sorted once (the outer
/// `ORDER BY` is met by the materialised order: `SQLite` sorts the products,
/// never the joined rows); each one's decisions come through
/// `decisions_by_product`. A grant dated in part, `d`, is on or after the
/// day `F` when `d >= substr(F, 1, length(d))` (its last day is), and on or
/// before `L` when `d <= substr(L, 1, length(d))`.
pub(crate) const PRODUCTS_SQL: &str = "WITH ps AS MATERIALIZED (
    SELECT p.rowid AS r, lower(p.name) AS k, p.id AS id FROM products p
    WHERE (?1 IS NULL OR p.cell_type IN (SELECT value FROM json_each(?1)))
      AND (?2 IS NULL OR p.tissue = ?2)
      AND (?3 IS NULL OR p.donor = ?3)
      AND (?4 IS NULL OR EXISTS (SELECT 1 FROM decisions e
            WHERE e.product_id = p.id AND e.decision IN (SELECT value FROM json_each(?4))
              AND (?5 IS NULL OR e.jurisdiction IN (SELECT value FROM json_each(?5)))
              AND (?6 IS NULL OR e.regulator IN (SELECT value FROM json_each(?6)))
              AND (?7 IS NULL OR e.indication_id IN (SELECT value FROM json_each(?7)))
              AND (?8 IS NULL OR e.date >= substr(?8, 1, length(e.date)))
              AND (?9 IS NULL OR e.date <= substr(?9, 1, length(e.date)))))
    ORDER BY k, id)
  SELECT p.id, p.name, p.nonproprietary_name, p.sponsor, p.cell_type, p.donor, p.tissue, p.notes, p.sources,
    d.id, d.product_id, d.jurisdiction, d.regulator, d.decision, d.date,
    d.date_qualifier, d.valid_until, d.brand, d.indication_id, i.name, d.indication_text,
    d.pathway, d.sources, d.confidence, d.status_note, d.note
  FROM ps JOIN products p ON p.rowid = ps.r
  LEFT JOIN decisions d ON d.product_id = ps.id
    AND (?5 IS NULL OR d.jurisdiction IN (SELECT value FROM json_each(?5)))
    AND (?7 IS NULL OR d.indication_id IS NULL OR d.indication_id IN (SELECT value FROM json_each(?7)))
  LEFT JOIN indications i ON i.id = d.indication_id
  ORDER BY ps.k, ps.id";

/// The decision columns of [`PRODUCTS_SQL`] start here.
const DECISION_AT: usize = 9;

/// The grant kinds (approval, conditional approval, …), as the record writes them.
pub fn grant_kinds() -> Vec<String> {
    DecisionKind::ALL
        .iter()
        .filter(|k| k.effect() == Effect::Grant)
        .map(|k| k.as_str().to_string())
        .collect()
}

/// Hands `each` every product the filter lets through, in listing order,
/// with its decisions (in the places asked; unordered). One product's
/// decisions are held at a time. An error of `each` ends the statement.
pub fn products_with_decisions(
    conn: &Connection,
    filter: &ProductsFilter,
    mut each: impl FnMut(Product, Vec<Decision>) -> Result<()>,
) -> Result<()> {
    let json = |list: &Option<Vec<String>>| list.as_deref().map(json_array);
    let granted = filter.granted.as_ref();
    let mut stmt = conn.prepare_cached(PRODUCTS_SQL)?;
    let mut rows = stmt.query(rusqlite::params![
        json(&filter.cell_types),
        filter.tissue,
        filter.donor,
        granted.map(|_| json_array(&grant_kinds())),
        json(&filter.places),
        granted.and_then(|g| json(&g.regulators)),
        json(&filter.indications),
        granted.and_then(|g| g.from.clone()),
        granted.and_then(|g| g.to.clone()),
    ])?;
    let mut current: Option<(Product, Vec<Decision>)> = None;
    while let Some(row) = rows.next()? {
        let same = current
            .as_ref()
            .is_some_and(|(p, _)| row.get_ref(0).ok().and_then(|v| v.as_str().ok()) == Some(p.id.as_str()));
        if !same {
            if let Some((product, decisions)) = current.take() {
                each(product, decisions)?;
            }
            current = Some((product_row(row)?, Vec::new()));
        }
        if let Some(decision) = decision_if_any(row)? {
            if let Some((_, decisions)) = current.as_mut() {
                decisions.push(decision);
            }
        }
    }
    if let Some((product, decisions)) = current {
        each(product, decisions)?;
    }
    Ok(())
}

/// The decision of a joined row; `None` for a product without one.
fn decision_if_any(row: &Row) -> rusqlite::Result<Option<Decision>> {
    if row.get_ref(DECISION_AT)?.data_type() == rusqlite::types::Type::Null {
        return Ok(None);
    }
    decision_columns(row, DECISION_AT).map(Some)
}
