//! Every statement an answer runs against `decisions` reaches it through an
//! index: SQLite's own plan (`EXPLAIN QUERY PLAN`) is asked for each, on the
//! schema the loader writes, and a plan that reads the whole table fails.
//! (Without `ANALYZE` statistics the plan depends on the schema only, so
//! the small record gives the plan a large one gets.)

use std::path::Path;

use mscdb_answers::query::decision_queries;
use mscdb_answers::store::Store;

fn mini() -> Store {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/mini");
    Store::from_dir(&dir).expect("the mini record loads")
}

/// The plan's lines, one per step, as SQLite words them.
fn plan(store: &Store, sql: &str) -> Vec<String> {
    let conn = store.conn();
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    // The plan does not depend on the values; unbound parameters are NULL.
    let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
    stmt.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A step that reads every row of `decisions` (as `d`, `e` or by name),
/// through the table or any of its indexes.
fn scans_decisions(step: &str) -> bool {
    let Some(rest) = step.strip_prefix("SCAN ") else {
        return false;
    };
    let table = rest.split_whitespace().next().unwrap_or("");
    matches!(table, "decisions" | "d" | "e")
}

#[test]
fn no_answer_query_reads_every_decision() {
    let store = mini();
    let queries = decision_queries();
    assert!(queries.len() >= 5, "the list of answer queries shrank");
    let mut failures = Vec::new();
    for (name, sql) in &queries {
        let steps = plan(&store, sql);
        assert!(
            steps.iter().any(|s| s.contains("decisions_by_")),
            "{name} uses no decisions index: {steps:?}"
        );
        if let Some(step) = steps.iter().find(|s| scans_decisions(s)) {
            failures.push(format!("{name}: {step}\n  {sql}"));
        }
    }
    assert!(
        failures.is_empty(),
        "whole scans of decisions:\n{}",
        failures.join("\n")
    );
}

/// The check above can fail: the statement every answer used to start from
/// (all decisions, filtered afterwards) is a whole scan.
#[test]
fn a_whole_scan_is_recognised() {
    let store = mini();
    let steps = plan(
        &store,
        "SELECT d.id FROM decisions d LEFT JOIN indications i ON i.id = d.indication_id",
    );
    assert!(steps.iter().any(|s| scans_decisions(s)), "{steps:?}");
    let steps = plan(&store, "SELECT d.id FROM decisions d WHERE d.note = 'x'");
    assert!(steps.iter().any(|s| scans_decisions(s)), "{steps:?}");
}

/// `products` streams its rows in listing order: `SQLite` sorts the products
/// asked (the materialised `ps`), and meets the statement's `ORDER BY` with
/// that order, never sorting the joined decision rows.
#[test]
fn products_sorts_the_products_not_their_decisions() {
    let store = mini();
    let queries = decision_queries();
    let products: Vec<_> = queries
        .iter()
        .filter(|(name, _)| name.starts_with("products ("))
        .collect();
    assert_eq!(products.len(), 4, "the products statements are listed");
    for (name, sql) in products {
        let steps = plan(&store, sql);
        let sorts = steps.iter().filter(|s| s.contains("TEMP B-TREE")).count();
        assert_eq!(sorts, 1, "{name}: {steps:?}");
        assert!(
            steps.iter().any(|s| s.contains("decisions_by_product")),
            "{name}: {steps:?}"
        );
    }
}

/// `products --in PLACE` starts from that place's decisions: it never
/// probes every product for a grant there, which at 10^6 decisions cost a
/// third of a second for a place with none.
#[test]
fn products_in_a_place_start_from_its_decisions() {
    let store = mini();
    let queries = decision_queries();
    let (name, sql) = queries
        .iter()
        .find(|(name, _)| *name == "products (in a place)")
        .expect("the statement of a place is listed");
    let steps = plan(&store, sql);
    assert!(
        steps.iter().any(|s| s.contains("decisions_by_jurisdiction")),
        "{name}: {steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s == "SCAN p" || s.starts_with("SCAN p ")),
        "{name}: every product probed: {steps:?}"
    );
}
