//! The SQL of datasette's canned queries (`mscdb datasette-metadata`): the
//! grants of a country (memberships applied) or an indication, scoped as the
//! CLI scopes them (MSC products in force; ended grants and other cell
//! products apart), and the frameworks side by side. Status itself is
//! derived by `mscdb check`.

use crate::model::{CellType, DecisionKind, Effect, Topic};

fn kinds(effect: Effect) -> String {
    DecisionKind::ALL
        .iter()
        .filter(|k| k.effect() == effect)
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which grants a canned query returns, as the CLI scopes them: MSC and
/// MSC-like products by default, grants that ended apart, other cell
/// products apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// MSC and MSC-like products, grants with no end recorded after them and
    /// whose own term (`valid_until`, at its precision) has not run out.
    MscInForce,
    /// MSC and MSC-like products, grants ended by a later end event or by
    /// their term.
    MscEnded,
    /// Products of other cells (iPSC, ESC, HSC…), in force or not.
    OtherCells,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::MscInForce, Scope::MscEnded, Scope::OtherCells];

    fn condition(self) -> String {
        let msc = msc_cell_types();
        let ended = "(end_events_after_grant IS NOT NULL
       OR (valid_until IS NOT NULL AND valid_until < substr(date('now'), 1, length(valid_until))))";
        match self {
            Scope::MscInForce => format!("cell_type IN ({msc}) AND NOT {ended}"),
            Scope::MscEnded => format!("cell_type IN ({msc}) AND {ended}"),
            Scope::OtherCells => format!("cell_type NOT IN ({msc})"),
        }
    }
}

fn msc_cell_types() -> String {
    CellType::msc_like()
        .map(|c| format!("'{}'", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grants of the record with their end events, for a `WHERE` clause
/// that picks the rows, in one scope.
fn grants_query(filter_cte: &str, filter: &str, scope: Scope) -> String {
    let grants = kinds(Effect::Grant);
    let ends = kinds(Effect::End);
    let with = if filter_cte.is_empty() {
        "WITH ".to_string()
    } else {
        format!("{filter_cte},\n")
    };
    format!(
        "{with}grants AS (
SELECT p.name AS product, p.id AS product_id, p.cell_type, d.jurisdiction, d.regulator,
  d.decision AS grant_kind, d.date AS granted, d.valid_until, d.brand,
  coalesce(i.name, d.indication_text) AS indication, d.indication_id,
  (SELECT group_concat(e.decision || ' ' || e.date, '; ') FROM decisions e
     WHERE e.product_id = d.product_id AND e.jurisdiction = d.jurisdiction
       AND e.decision IN ({ends})
       AND (e.indication_id IS NULL OR e.indication_id = d.indication_id)
       AND e.date >= substr(d.date, 1, length(e.date))) AS end_events_after_grant,
  (SELECT group_concat(s.url, ' ') FROM decision_sources ds JOIN sources s ON s.id = ds.source_id
     WHERE ds.decision_id = d.id) AS source_urls,
  d.id AS decision_id,
  l.population, l.age_min, l.regulator_ref, l.regulator_ref_kind
FROM decisions d
JOIN products p ON p.id = d.product_id
LEFT JOIN indications i ON i.id = d.indication_id
LEFT JOIN labels l ON l.decision_id = d.id
WHERE d.decision IN ({grants}) AND {filter}
)
SELECT * FROM grants
WHERE {}
ORDER BY granted, product",
        scope.condition()
    )
}

/// The grants made in a country or in a union it belongs to today (by code
/// or English name), in one scope.
pub fn grants_in_country_sql(scope: Scope) -> String {
    grants_query(
        "WITH RECURSIVE here(code) AS (
  SELECT code FROM jurisdictions WHERE code = upper(trim(:country)) OR lower(name) = lower(trim(:country))
  UNION
  SELECT m.member_of FROM memberships m JOIN here ON m.jurisdiction = here.code
  WHERE m.\"from\" <= date('now') AND (m.\"until\" IS NULL OR m.\"until\" >= date('now'))
)",
        "d.jurisdiction IN (SELECT code FROM here)",
        scope,
    )
}

/// The grants for an indication, by id, name or synonym, in one scope.
pub fn grants_for_indication_sql(scope: Scope) -> String {
    grants_query(
        "",
        "d.indication_id IN (SELECT id FROM indications WHERE id = lower(trim(:indication))
    OR lower(name) = lower(trim(:indication))
    OR ';' || lower(coalesce(synonyms, '')) || ';' LIKE '%;' || lower(trim(:indication)) || ';%')",
        scope,
    )
}

/// The canned query "frameworks side by side": one row per topic in the
/// fixed order, one column per regulator.
pub fn frameworks_sql(regulators: &[String]) -> String {
    let columns: Vec<String> = regulators
        .iter()
        .map(|r| {
            let lit = r.replace('\'', "''");
            let ident = r.replace('"', "\"\"");
            format!("  max(CASE WHEN regulator = '{lit}' THEN summary END) AS \"{ident}\"")
        })
        .collect();
    let order: Vec<String> = Topic::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!("WHEN '{}' THEN {i}", t.as_str()))
        .collect();
    format!(
        "SELECT topic,\n{}\nFROM frameworks\nGROUP BY topic\nORDER BY CASE topic {} ELSE 99 END",
        columns.join(",\n"),
        order.join(" ")
    )
}
