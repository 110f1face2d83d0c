//! Benchmarks of loading and of each question, asked of the engine on the
//! embedded record. Run with `cargo bench`; never part of `cargo test`.

use mscdb::answer::check::{self, CheckQuery};
use mscdb::answer::frameworks::{self, FrameworksQuery};
use mscdb::answer::products::{self, ProductsQuery, StatusFilter};
use mscdb::answer::search::{self, SearchQuery};
use mscdb::answer::{Context, Scope, ScopeRequest};
use mscdb::date::Day;
use mscdb::store::Store;

fn main() {
    divan::main();
}

/// A fixed day, so every run asks the same question.
fn today() -> Day {
    Day::parse_as_of("2026-12-01", Day::from_unix_seconds(0)).unwrap()
}

fn with_cx<T>(f: impl FnOnce(&Context) -> T) -> T {
    thread_local! { static STORE: Store = mscdb::embedded().unwrap(); }
    STORE.with(|store| f(&Context::new(store, today())))
}

/// Opening the image compiled into the binary (what every command does).
#[divan::bench]
fn open_embedded_image() -> Store {
    mscdb::embedded().unwrap()
}

/// Parsing, validating and loading the CSVs (what `--data` and the build script do).
#[divan::bench]
fn load_csv_directory() -> Store {
    Store::from_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))).unwrap()
}

#[divan::bench(args = ["ryoncil", "Cuepistem", "Ryoncill"])]
fn check(name: &str) {
    let q = CheckQuery {
        name: Some(name.into()),
        country: Some("US".into()),
        ..Default::default()
    };
    with_cx(|cx| divan::black_box(check::answer(cx, &q).unwrap()));
}

#[divan::bench]
fn check_for_indication() {
    let q = CheckQuery {
        country: Some("US".into()),
        disease: Some("knee osteoarthritis".into()),
        ..Default::default()
    };
    with_cx(|cx| divan::black_box(check::answer(cx, &q).unwrap()));
}

fn products_in(cx: &Context, country: Option<&str>, tissue: Option<&str>) -> products::ProductsAnswer {
    let request = ScopeRequest {
        country: country.map(Into::into),
        ..Default::default()
    };
    let q = ProductsQuery {
        scope: Scope::resolve(cx, &request, None).unwrap(),
        tissue: tissue.map(Into::into),
        donor: None,
        status: StatusFilter::Approved,
        since: None,
        until: None,
    };
    products::products(cx, &q).unwrap()
}

#[divan::bench]
fn products_in_korea() {
    with_cx(|cx| divan::black_box(products_in(cx, Some("KR"), None)));
}

#[divan::bench]
fn products_adipose() {
    with_cx(|cx| divan::black_box(products_in(cx, None, Some("adipose"))));
}

#[divan::bench]
fn show_remestemcel() {
    with_cx(|cx| {
        let product = mscdb::answer::find_product(cx, "prochymal").unwrap().unwrap();
        divan::black_box(mscdb::answer::show::show(cx, product, cx.today).unwrap())
    });
}

#[divan::bench]
fn indications() {
    with_cx(|cx| {
        let scope = Scope::resolve(cx, &ScopeRequest::default(), None).unwrap();
        divan::black_box(mscdb::answer::indications::approved(cx, &scope).unwrap())
    });
}

#[divan::bench]
fn frameworks_all() {
    with_cx(|cx| {
        let query = FrameworksQuery::resolve(cx, &[], &[]).unwrap();
        divan::black_box(frameworks::frameworks(cx, &query).unwrap())
    });
}

#[divan::bench(args = ["fistula", "CAR-T", "hospital exemption"])]
fn search(text: &str) {
    let query = SearchQuery {
        text: text.into(),
        limit: 20,
    };
    with_cx(|cx| divan::black_box(search::search(cx, &query).unwrap()));
}
