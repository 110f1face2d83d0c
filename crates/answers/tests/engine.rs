//! The engine asked in-process, as any front end asks it: a store loaded
//! from `tests/fixtures/mini`, an explicit today, typed requests in, typed
//! answers and errors out. No binary, no argument parser, no clock.

use std::path::Path;

use mscdb_answers::answer::check::{self, CheckQuery};
use mscdb_answers::answer::products::{self, ProductStatus, ProductsQuery, StatusFilter};
use mscdb_answers::answer::standing::StandingStatus;
use mscdb_answers::answer::{Context, Scope, ScopeRequest, find_product, show};
use mscdb_answers::date::Day;
use mscdb_answers::error::{Error, Lookup};
use mscdb_answers::names::NameKind;
use mscdb_answers::store::Store;
use mscdb_answers::verdict::Verdict;

fn mini() -> Store {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/mini");
    Store::from_dir(&dir).expect("the mini record loads")
}

fn day(text: &str) -> Day {
    Day::parse_as_of(text, Day::from_unix_seconds(0)).unwrap()
}

fn ask(store: &Store, today: &str, q: &CheckQuery) -> check::CheckAnswer {
    check::answer(&Context::new(store, day(today)), q).unwrap()
}

#[test]
fn check_answers_by_place_and_by_the_day_given() {
    let store = mini();
    let here = |name: &str, place: &str| CheckQuery {
        name: Some(name.into()),
        country: Some(place.into()),
        ..Default::default()
    };
    assert_eq!(
        ask(&store, "2026-12-01", &here("Alphacel", "USA")).verdict,
        Verdict::Approved
    );
    assert_eq!(
        ask(&store, "2026-12-01", &here("alpha", "Germany")).verdict,
        Verdict::ApprovedElsewhere
    );
    // Betastem's EU grant (2018-03) was withdrawn in 2022; Germany is in the EU.
    assert_eq!(
        ask(&store, "2026-12-01", &here("Betastem", "DE")).verdict,
        Verdict::NoLongerApproved
    );
    assert_eq!(
        ask(&store, "2020-06-01", &here("Betastem", "DE")).verdict,
        Verdict::Approved
    );
    // "Today" is the context's: the same question on another day is another answer.
    assert_eq!(
        ask(&store, "2019-01-01", &here("alpha", "US")).verdict,
        Verdict::NotApproved
    );
}

#[test]
fn check_for_a_disease_names_what_is_approved() {
    let store = mini();
    let answer = ask(
        &store,
        "2026-12-01",
        &CheckQuery {
            disease: Some("GvHD".into()),
            ..Default::default()
        },
    );
    assert_eq!(answer.verdict, Verdict::Approved);
    assert!(answer.approved.iter().any(|a| a.product_id == "alpha"));
}

#[test]
fn unknown_names_are_typed_errors_with_suggestions() {
    let store = mini();
    let cx = Context::new(&store, day("2026-12-01"));
    let err = check::answer(
        &cx,
        &CheckQuery {
            name: Some("alpha".into()),
            country: Some("Atlantis".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Unknown { what: Lookup::Name(NameKind::Jurisdiction), text, .. } if text == "Atlantis"),
        "{err:?}"
    );
    let err = mscdb_answers::answer::require_product(&cx, "Alphacell").unwrap_err();
    match err {
        Error::Unknown {
            what: Lookup::Product,
            suggestions,
            ..
        } => assert_eq!(suggestions, vec!["Alphacel".to_string()]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn show_gives_one_standing_per_place_and_indication() {
    let store = mini();
    let cx = Context::new(&store, day("2026-12-01"));
    let product = find_product(&cx, "Betastem").unwrap().unwrap();
    let answer = show::show(&cx, product, cx.today).unwrap();
    let eu = answer.status.iter().find(|s| s.jurisdiction == "EU").unwrap();
    assert_eq!(eu.status, StandingStatus::Ended);
    assert_eq!(eu.grant.as_ref().map(|g| g.id.as_str()), Some("beta-eu-approval"));
    assert_eq!(eu.end.as_ref().map(|d| d.id.as_str()), Some("beta-eu-withdrawal"));
    assert_eq!(eu.indication, "knee osteoarthritis");
}

#[test]
fn products_filters_by_where_grants_stand() {
    let store = mini();
    let cx = Context::new(&store, day("2026-12-01"));
    let list = |status: StatusFilter| {
        let q = ProductsQuery {
            scope: Scope::resolve(&cx, &ScopeRequest::default(), None).unwrap(),
            tissue: None,
            donor: None,
            status,
            since: None,
            until: None,
        };
        products::products(&cx, &q).unwrap()
    };
    let approved = list(StatusFilter::Approved);
    let ids: Vec<&str> = approved.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["alpha"]);
    assert_eq!(approved.ended, vec!["Betastem".to_string()]);
    let all = list(StatusFilter::All);
    let beta = all.rows.iter().find(|r| r.id == "beta").unwrap();
    assert_eq!(beta.status, ProductStatus::NoLongerApproved);
}

/// The offer rule, asked in-process: an `until` is exclusive, the next
/// rule starts that day, and a member state gets its union's rule.
#[test]
fn the_offer_rule_of_a_place_on_a_day() {
    use mscdb_answers::answer::actions::{offer_rule, require_seller};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let store = Store::from_dir(&dir).expect("the shipped record loads");
    let cx = Context::new(&store, day("2026-12-01"));
    let rule = |place: &str, on: &str| offer_rule(&cx, place, day(on)).unwrap().map(|r| r.rule_id);
    assert_eq!(rule("IN", "2026-01-29").as_deref(), Some("in-2017-no"));
    assert_eq!(rule("IN", "2026-01-30").as_deref(), Some("in-2026-01-30-no"));
    assert_eq!(rule("JP", "2014-11-24").as_deref(), Some("jp-pre-asrm-yes"));
    assert_eq!(
        rule("JP", "2014-11-25").as_deref(),
        Some("jp-2014-11-25-only-under")
    );
    assert_eq!(
        rule("FR", "2026-12-01").as_deref(),
        Some("eu-2008-12-30-only-under")
    );
    assert_eq!(rule("PA", "2026-12-01"), None);
    // Before India's first rule (2017) the record has none.
    assert_eq!(rule("IN", "2016-12-31"), None);
    match require_seller(&cx, "US Stem Cel Clinic") {
        Err(Error::Unknown {
            what: Lookup::Name(NameKind::Seller),
            suggestions,
            ..
        }) => assert_eq!(
            suggestions.first().map(String::as_str),
            Some("US Stem Cell Clinic, LLC")
        ),
        other => panic!("expected an unknown seller, got {other:?}"),
    }
}

/// A product's decisions on some indications are the same whether the list
/// is short (bound one a parameter) or long (bound as JSON), and are its
/// decisions on those indications or on none.
#[test]
fn decisions_on_indications_by_either_statement() {
    use mscdb_answers::query;
    let store = mini();
    let conn = store.conn();
    let products = query::products(conn).unwrap();
    let indications: Vec<String> = conn
        .prepare("SELECT id FROM indications ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!products.is_empty() && !indications.is_empty());
    let mut found = 0;
    for product in &products {
        let all = query::decisions_of(conn, &product.id).unwrap();
        for asked in &indications {
            let short = query::decisions_of_on(conn, &product.id, std::slice::from_ref(asked)).unwrap();
            // Nine ids: one asked, eight in no decision.
            let mut long = vec![asked.clone()];
            long.extend((0..8).map(|i| format!("no-such-indication-{i}")));
            let by_json = query::decisions_of_on(conn, &product.id, &long).unwrap();
            let expected: Vec<_> = all
                .iter()
                .filter(|d| d.indication_id.as_ref().is_none_or(|i| i == asked))
                .cloned()
                .collect();
            assert_eq!(short, expected, "{} on {asked}", product.id);
            assert_eq!(by_json, expected, "{} on {asked}, as JSON", product.id);
            found += short.iter().filter(|d| d.indication_id.is_some()).count();
        }
    }
    assert!(found > 0, "no product had a decision on an indication");
}

/// The count beside a claim reads only events, product by product: it
/// must agree with the standings each product's decisions give (the rule
/// every other answer uses), on every date asked, and the events must be
/// the decisions' own, in their order. On the shipped record, which has
/// products of other cell types and grants that ended.
#[test]
fn record_count_agrees_with_each_products_standings() {
    use mscdb_answers::answer::audit::record_count;
    use mscdb_answers::answer::standing::standings;
    use mscdb_answers::query;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let store = Store::from_dir(&dir).expect("the shipped record loads");
    let conn = store.conn();
    let products = query::products(conn).unwrap();
    let msc_like: Vec<&query::Product> = products.iter().filter(|p| p.is_msc_like()).collect();
    assert!(
        msc_like.len() < products.len(),
        "the record has no product of another cell type"
    );

    let types: Vec<String> = msc_like.iter().map(|p| p.cell_type.clone()).collect();
    let mut read: Vec<String> = Vec::new();
    query::each_products_events(conn, &types, |events| {
        read.push(format!("{events:?}"));
        Ok(())
    })
    .unwrap();
    let mut expected: Vec<String> = msc_like
        .iter()
        .map(|p| query::decisions_of(conn, &p.id).unwrap())
        .filter(|list| !list.is_empty())
        .map(|list| {
            format!(
                "{:?}",
                list.iter().map(query::Decision::event).collect::<Vec<_>>()
            )
        })
        .collect();
    read.sort();
    expected.sort();
    assert_eq!(read, expected);

    let mut seen = std::collections::BTreeSet::new();
    for today in [
        "2000-01-01",
        "2012-06-30",
        "2016-01-01",
        "2020-06-30",
        "2026-12-01",
    ] {
        let as_of = day(today);
        let (mut ever, mut now) = (0, 0);
        for p in &msc_like {
            let list = standings(&query::decisions_of(conn, &p.id).unwrap(), as_of);
            ever += usize::from(list.iter().any(|s| s.grant.is_some()));
            now += usize::from(list.iter().any(|s| s.status == StandingStatus::InForce));
        }
        let count = record_count(conn, as_of).unwrap();
        assert_eq!(
            (count.msc_products_ever_granted, count.msc_products_in_force),
            (ever, now),
            "on {today}"
        );
        seen.insert((ever, now));
    }
    assert!(
        seen.len() > 1,
        "the dates asked give one count: the test shows nothing"
    );
}
