//! `products`' one statement: the products a listing asks about, each with
//! its decisions in the places asked, in the order the listing shows them
//! (by name, case-insensitive, then id). Every filter the record can answer
//! before the status rule runs is applied here, so only the rows a listing
//! may show are read; the rows are handed on one product at a time, never
//! held whole.

use rusqlite::{Connection, Row};

use super::{Decision, Product, bad_value, decision_columns, json_array, product_row};
use crate::date::PartialDate;
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

/// The statement, with only the clauses the filter needs (parsing the
/// statement is a large part of a short answer's cost). `ps` is the
/// products asked, sorted once (the outer `ORDER BY` is met by the
/// materialised order: `SQLite` sorts the products, never the joined rows);
/// each one's decisions come through `decisions_by_product`. A grant dated
/// in part, `d`, is on or after the day `F` when
/// `d >= substr(F, 1, length(d))` (its last day is), and on or before `L`
/// when `d <= substr(L, 1, length(d))`. Parameters: ?1 cell types, ?2
/// tissue, ?3 donor, ?4 places, ?5 regulators, ?6 indications, ?7 from,
/// ?8 to (JSON arrays for lists); the kinds of grant are the record's own
/// closed list, written in.
pub(crate) fn products_sql(filter: &ProductsFilter) -> String {
    let mut products = String::new();
    let mut and = |clause: &str| {
        products.push_str(if products.is_empty() { " WHERE " } else { " AND " });
        products.push_str(clause);
    };
    if filter.cell_types.is_some() {
        and("p.cell_type IN (SELECT value FROM json_each(?1))");
    }
    if filter.tissue.is_some() {
        and("p.tissue = ?2");
    }
    if filter.donor.is_some() {
        and("p.donor = ?3");
    }
    if let Some(g) = &filter.granted {
        let kinds: Vec<String> = grant_kinds().iter().map(|k| format!("'{k}'")).collect();
        // The products granted are found from their grants (an index of
        // decisions), not by probing every product: in a place with no
        // grant the list is empty at once. When a place, regulator or
        // indication is asked, its index is the narrower start, so the kind
        // of decision is kept out of the planner's choice (`+`).
        let narrower = filter.places.is_some() || g.regulators.is_some() || filter.indications.is_some();
        let mut granted = format!(
            "p.id IN (SELECT e.product_id FROM decisions e WHERE {}e.decision IN ({})",
            if narrower { "+" } else { "" },
            kinds.join(", ")
        );
        for (present, clause) in [
            (
                filter.places.is_some(),
                " AND e.jurisdiction IN (SELECT value FROM json_each(?4))",
            ),
            (
                g.regulators.is_some(),
                " AND e.regulator IN (SELECT value FROM json_each(?5))",
            ),
            (
                filter.indications.is_some(),
                " AND e.indication_id IN (SELECT value FROM json_each(?6))",
            ),
            (g.from.is_some(), " AND e.date >= substr(?7, 1, length(e.date))"),
            (g.to.is_some(), " AND e.date <= substr(?8, 1, length(e.date))"),
        ] {
            if present {
                granted.push_str(clause);
            }
        }
        granted.push(')');
        and(&granted);
    }
    let mut decisions = String::new();
    if filter.places.is_some() {
        decisions.push_str(" AND d.jurisdiction IN (SELECT value FROM json_each(?4))");
    }
    if filter.indications.is_some() {
        decisions.push_str(
            " AND (d.indication_id IS NULL OR d.indication_id IN (SELECT value FROM json_each(?6)))",
        );
    }
    format!(
        "WITH ps AS MATERIALIZED (SELECT p.rowid AS r, lower(p.name) AS k, p.id AS id FROM products p{products} ORDER BY k, id)
  SELECT p.id, p.name, p.nonproprietary_name, p.sponsor, p.cell_type, p.donor, p.tissue, p.notes, p.sources,
    d.id, d.product_id, d.jurisdiction, d.regulator, d.decision, d.date,
    d.date_qualifier, d.valid_until, d.brand, d.indication_id, i.name, d.indication_text,
    d.pathway, d.sources, d.confidence, d.status_note, d.note
  FROM ps JOIN products p ON p.rowid = ps.r
  LEFT JOIN decisions d ON d.product_id = ps.id{decisions}
  LEFT JOIN indications i ON i.id = d.indication_id
  ORDER BY ps.k, ps.id"
    )
}

/// Statements for `tests/query_plans.rs`: every filter, a place, any grant, and none.
pub(crate) fn products_sql_variants() -> Vec<(&'static str, String)> {
    let all = |s: &str| Some(vec![s.to_string()]);
    let every = ProductsFilter {
        cell_types: all("msc"),
        tissue: Some("adipose".into()),
        donor: Some("autologous".into()),
        places: all("US"),
        granted: Some(GrantFilter {
            regulators: all("FDA"),
            from: Some("2019-01-01".into()),
            to: Some("2020-12-31".into()),
        }),
        indications: all("gvhd"),
    };
    vec![
        ("products (every filter)", products_sql(&every)),
        (
            "products (in a place)",
            products_sql(&ProductsFilter {
                places: all("TH"),
                granted: Some(GrantFilter::default()),
                ..ProductsFilter::default()
            }),
        ),
        (
            "products (approved anywhere)",
            products_sql(&ProductsFilter {
                granted: Some(GrantFilter::default()),
                ..ProductsFilter::default()
            }),
        ),
        ("products (all)", products_sql(&ProductsFilter::default())),
    ]
}

/// The decision columns of [`products_sql`] start here.
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
    let sql = products_sql(filter);
    let mut stmt = conn.prepare(&sql)?;
    let values: [(usize, Option<String>); 8] = [
        (1, json(&filter.cell_types)),
        (2, filter.tissue.clone()),
        (3, filter.donor.clone()),
        (4, json(&filter.places)),
        (5, granted.and_then(|g| json(&g.regulators))),
        (6, json(&filter.indications)),
        (7, granted.and_then(|g| g.from.clone())),
        (8, granted.and_then(|g| g.to.clone())),
    ];
    // Only the parameters the statement holds are bound.
    for (index, value) in values {
        if let Some(value) = value {
            stmt.raw_bind_parameter(index, value)?;
        }
    }
    let mut rows = stmt.raw_query();
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
        if let (Some(decision), Some((_, decisions))) = (decision_if_any(row)?, current.as_mut()) {
            decisions.push(decision);
        }
    }
    if let Some((product, decisions)) = current {
        each(product, decisions)?;
    }
    Ok(())
}

/// The decision of a joined row; `None` for a product without one. A
/// grant is read whole; any other decision only as far as the status rule
/// and the listing use it (what it is, where, on what, when), so the rows
/// the listing never shows cost little.
fn decision_if_any(row: &Row) -> rusqlite::Result<Option<Decision>> {
    let at = DECISION_AT;
    let Some(kind) = row.get_ref(at + 4)?.as_str_or_null()? else {
        return Ok(None);
    };
    let kind = DecisionKind::parse(kind).ok_or_else(|| bad_value("decision", kind, "not a decision kind"))?;
    if kind.effect() == Effect::Grant {
        return decision_columns(row, at).map(Some);
    }
    let date: String = row.get(at + 5)?;
    let when = PartialDate::parse(&date).map_err(|e| bad_value("date", &date, e))?;
    Ok(Some(Decision {
        id: row.get(at)?,
        product_id: row.get(at + 1)?,
        jurisdiction: row.get(at + 2)?,
        regulator: String::new(),
        decision: kind.as_str().to_string(),
        date,
        date_qualifier: None,
        // A term belongs to a grant; only a grant's is read.
        valid_until: None,
        brand: None,
        indication_id: row.get(at + 9)?,
        indication: None,
        indication_text: None,
        pathway: None,
        sources: Vec::new(),
        confidence: String::new(),
        status_note: None,
        note: None,
        label: None,
        kind,
        when,
        until: None,
    }))
}
