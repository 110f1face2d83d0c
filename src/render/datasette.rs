//! Datasette metadata for a file written by `mscdb build`: titles and
//! descriptions of every table and column from the one schema declaration
//! (`spec::TABLES`), the licence and source, search boxes on the tables
//! people browse, internal tables hidden, and canned queries for the jobs
//! people come with — what is approved in a country, for an indication, and
//! regulators side by side — scoped as the CLI scopes them (MSC products in
//! force; ended grants and other cell products in queries of their own).
//!
//! Two layouts: datasette 0.65 reads everything from metadata (`-m`);
//! datasette 1.x reads canned queries and table settings only from its
//! configuration (`-c`), which [`config`] writes.
//!
//! SQL cannot derive status exactly as `mscdb check` does (ends without an
//! indication, dates at partial precision), so the descriptions say how the
//! queries approximate it and point to `check` for the verdict.

use serde_json::{Map, Value, json};

use crate::query::canned::{self, Scope};
use crate::spec::{self, TABLES};

const DERIVED: &str = "Status is not stored: `mscdb check` derives it from the latest event on or before a date. \
Here a grant is in force when no end event (withdrawal, expiry, suspension, revocation) is recorded after it and its \
own term (valid_until, at its precision) has not run out today. Ask `mscdb check NAME --in COUNTRY` for the verdict.";

/// The internal tables a person browsing has no use for (the name index and
/// the full-text indexes behind `search` and the search boxes).
pub const HIDDEN: &[&str] = &[
    "names",
    "search_index",
    "products_search",
    "decisions_search",
    "sources_search",
];

/// The tables with a search box: each with its full-text table (external
/// content, rowid for rowid; see store/schema.sql).
pub const SEARCHABLE: &[(&str, &str)] = &[
    ("products", "products_search"),
    ("decisions", "decisions_search"),
    ("sources", "sources_search"),
];

/// The table settings datasette reads from configuration (1.x) or from the
/// metadata's tables (0.65): hidden tables and the search boxes.
fn table_settings() -> Map<String, Value> {
    let mut tables = Map::new();
    for name in HIDDEN {
        tables.insert((*name).into(), json!({ "hidden": true }));
    }
    for (table, fts) in SEARCHABLE {
        tables.insert((*table).into(), json!({ "fts_table": fts, "fts_pk": "rowid" }));
    }
    tables
}

/// One canned query's title, description and the name it is served under.
fn scoped(kind: &str, scope: Scope) -> (String, String, String) {
    let (name, title, what) = match scope {
        Scope::MscInForce => (
            "msc_grants_in_force",
            "MSC products: grants in force",
            "Grants (approval, conditional or time-limited approval, provisional consent, hospital exemption) of MSC and MSC-like products that are in force",
        ),
        Scope::MscEnded => (
            "msc_grants_ended",
            "MSC products: grants that ended",
            "Grants of MSC and MSC-like products that ended, by a later end event or by their own term",
        ),
        Scope::OtherCells => (
            "other_cell_product_grants",
            "Other cell products (not MSC): grants",
            "Grants of cell products that are not MSC or MSC-like (iPSC-, ESC- and HSC-derived products, limbal stem cells), in force or ended",
        ),
    };
    match kind {
        "country" => (
            format!("{name}_in_country"),
            format!("{title}, in a country"),
            format!(
                "{what}, made in a country or in a union it belongs to today (France: the EU's grants too), by ISO code (US, JP, FR) or English name."
            ),
        ),
        _ => (
            format!("{name}_for_indication"),
            format!("{title}, for an indication"),
            format!("{what}, for an indication by the record's id (acute-gvhd), name or synonym (GvHD)."),
        ),
    }
}

/// The canned queries, by name.
fn queries(regulators: &[String]) -> Map<String, Value> {
    let mut queries = Map::new();
    for kind in ["country", "indication"] {
        for scope in Scope::ALL {
            let (name, title, description) = scoped(kind, scope);
            let sql = if kind == "country" {
                canned::grants_in_country_sql(scope)
            } else {
                canned::grants_for_indication_sql(scope)
            };
            queries.insert(
                name,
                json!({
                    "title": title,
                    "description": format!("{description} {DERIVED}"),
                    "sql": sql,
                }),
            );
        }
    }
    queries.insert(
        "frameworks_side_by_side".into(),
        json!({
            "title": "Regulators side by side",
            "description": "How each regulator treats MSC products, one row per topic in the record's fixed order, one column per regulator. Sources are in framework_sources.",
            "sql": canned::frameworks_sql(regulators),
        }),
    );
    queries
}

/// The datasette 1.x configuration (`datasette FILE -m metadata.json -c
/// datasette.json`): the canned queries and the table settings, which 1.x
/// no longer reads from metadata.
pub fn config(database: &str, regulators: &[String]) -> Value {
    let mut db = Map::new();
    db.insert(
        database.into(),
        json!({ "tables": table_settings(), "queries": queries(regulators) }),
    );
    json!({ "databases": db })
}

/// The metadata document: everything for datasette 0.65 (`-m`), and the
/// titles, descriptions and licence for 1.x (which takes the rest from
/// [`config`]).
pub fn metadata(database: &str, record_date: Option<&str>, regulators: &[String]) -> Value {
    let mut tables = table_settings();
    for table in TABLES {
        let mut columns = Map::new();
        for c in table.columns {
            columns.insert(c.name.into(), Value::String(c.description.into()));
        }
        let entry = tables
            .entry(table.name)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("an object");
        entry.insert("title".into(), table.title.into());
        entry.insert("description".into(), table.description.into());
        entry.insert("columns".into(), Value::Object(columns));
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
    let mut db = Map::new();
    db.insert(
        database.into(),
        json!({
            "title": "mscdb record",
            "description": format!("The record as of {date}, written by `mscdb build`."),
            "tables": tables,
            "queries": queries(regulators),
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
