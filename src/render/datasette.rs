//! Datasette metadata for a file written by `mscdb build`: titles and
//! descriptions of every table and column from the one schema declaration
//! (`spec::TABLES`), the licence and source, and canned queries for the
//! three jobs people come with — what is approved in a country, what is
//! approved for an indication, and regulators side by side.
//!
//! SQL cannot derive status the way `mscdb check` does (dates at partial
//! precision, ends without an indication, terms running out), so the canned
//! queries list grants with the end events recorded after them and say so.

use serde_json::{Map, Value, json};

use crate::model::{DecisionKind, Effect, Topic};
use crate::spec::{self, TABLES};

fn kinds(effect: Effect) -> String {
    DecisionKind::ALL
        .iter()
        .filter(|k| k.effect() == effect)
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The grants of the record with their end events, for a `WHERE` clause
/// that picks the rows.
fn grants_query(filter_cte: &str, filter: &str) -> String {
    let grants = kinds(Effect::Grant);
    let ends = kinds(Effect::End);
    format!(
        "{filter_cte}SELECT p.name AS product, p.id AS product_id, d.jurisdiction, d.regulator,
  d.decision AS grant_kind, d.date AS granted, d.valid_until, d.brand,
  coalesce(i.name, d.indication_text) AS indication, d.indication_id,
  (SELECT group_concat(e.decision || ' ' || e.date, '; ') FROM decisions e
     WHERE e.product_id = d.product_id AND e.jurisdiction = d.jurisdiction
       AND e.decision IN ({ends})
       AND (e.indication_id IS NULL OR e.indication_id = d.indication_id)
       AND e.date >= substr(d.date, 1, length(e.date))) AS end_events_after_grant,
  (SELECT group_concat(s.url, ' ') FROM decision_sources ds JOIN sources s ON s.id = ds.source_id
     WHERE ds.decision_id = d.id) AS source_urls,
  d.id AS decision_id
FROM decisions d
JOIN products p ON p.id = d.product_id
LEFT JOIN indications i ON i.id = d.indication_id
WHERE d.decision IN ({grants}) AND {filter}
ORDER BY d.date, p.name"
    )
}

/// The canned query "approved in a country": grants made there or in a union
/// it belongs to today (by code or English name).
pub fn approved_in_country_sql() -> String {
    grants_query(
        "WITH RECURSIVE here(code) AS (
  SELECT code FROM jurisdictions WHERE code = upper(trim(:country)) OR lower(name) = lower(trim(:country))
  UNION
  SELECT m.member_of FROM memberships m JOIN here ON m.jurisdiction = here.code
  WHERE m.\"from\" <= date('now') AND (m.\"until\" IS NULL OR m.\"until\" >= date('now'))
)
",
        "d.jurisdiction IN (SELECT code FROM here)",
    )
}

/// The canned query "approved for an indication": by id, name or synonym.
pub fn approved_for_indication_sql() -> String {
    grants_query(
        "",
        "d.indication_id IN (SELECT id FROM indications WHERE id = lower(trim(:indication))
    OR lower(name) = lower(trim(:indication))
    OR ';' || lower(coalesce(synonyms, '')) || ';' LIKE '%;' || lower(trim(:indication)) || ';%')",
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

const DERIVED: &str = "Status is not stored: it is derived by `mscdb check` from the latest event on or before a date. \
This query lists the grants in the record with the end events recorded after them (withdrawal, expiry, suspension, \
revocation); a grant with no end event and no past valid_until is in force. Ask `mscdb check NAME --in COUNTRY` for the verdict.";

/// The metadata document.
pub fn metadata(database: &str, record_date: Option<&str>, regulators: &[String]) -> Value {
    let mut tables = Map::new();
    for table in TABLES {
        let mut columns = Map::new();
        for c in table.columns {
            columns.insert(c.name.into(), Value::String(c.description.into()));
        }
        tables.insert(
            table.name.into(),
            json!({
                "title": table.title,
                "description": table.description,
                "columns": columns,
            }),
        );
        for column in table.columns {
            if let Some((link, keys, target)) = spec::link_table(table, column) {
                tables.insert(
                    link,
                    json!({
                        "title": format!("{} → {}", table.title, column.name),
                        "description": format!(
                            "One row per value of {}.{} (a ';'-separated list in the CSV): {} → {}, in the order written.",
                            table.name, column.name, keys.join(", "), target
                        ),
                    }),
                );
            }
        }
    }
    let date = record_date.unwrap_or("unknown");
    let queries = json!({
        "approved_in_country": {
            "title": "Grants in a country, with their end events",
            "description": format!(
                "Grants (approval, conditional or time-limited approval, provisional consent, hospital exemption) made in a country or in a union it belongs to today, by ISO code (US, JP, KR) or English name. {DERIVED}"
            ),
            "sql": approved_in_country_sql(),
        },
        "approved_for_indication": {
            "title": "Grants for an indication, with their end events",
            "description": format!(
                "Grants for an indication, by the record's id (acute-gvhd), name or synonym (GvHD). {DERIVED}"
            ),
            "sql": approved_for_indication_sql(),
        },
        "frameworks_side_by_side": {
            "title": "Regulators side by side",
            "description": "How each regulator treats MSC products, one row per topic in the record's fixed order, one column per regulator. Sources are in framework_sources.",
            "sql": frameworks_sql(regulators),
        },
    });
    let mut db = Map::new();
    db.insert(
        database.into(),
        json!({
            "title": "mscdb record",
            "description": format!("The record as of {date}, written by `mscdb build`."),
            "tables": tables,
            "queries": queries,
        }),
    );
    json!({
        "title": "mscdb: approved mesenchymal stromal cell (MSC) products",
        "description": format!(
            "A curated, sourced record of regulatory decisions on MSC and MSC-like cell products, the rules of nine regulators, investigational filings and published claims checked row by row. Record date {date}. Every decision cites rows of the sources table. Status is derived, not stored: use `mscdb check`."
        ),
        "license": "Data CC BY 4.0; code MIT OR Apache-2.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "mscdb record (data/*.csv), with the documents in the sources table",
        "about": format!("mscdb record date {date}"),
        "databases": db,
    })
}
