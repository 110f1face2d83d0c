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

use crate::query::canned;
use crate::spec::{self, TABLES};

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
            "title": "Grants in a country, with their end events (MSC products first; not the verdict)",
            "description": format!(
                "Grants (approval, conditional or time-limited approval, provisional consent, hospital exemption) made in a country or in a union it belongs to today, by ISO code (US, JP, KR) or English name. {DERIVED}"
            ),
            "sql": canned::approved_in_country_sql(),
        },
        "approved_for_indication": {
            "title": "Grants for an indication, with their end events",
            "description": format!(
                "Grants for an indication, by the record's id (acute-gvhd), name or synonym (GvHD). {DERIVED}"
            ),
            "sql": canned::approved_for_indication_sql(),
        },
        "frameworks_side_by_side": {
            "title": "Regulators side by side",
            "description": "How each regulator treats MSC products, one row per topic in the record's fixed order, one column per regulator. Sources are in framework_sources.",
            "sql": canned::frameworks_sql(regulators),
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
