//! Benchmarks of loading and of each query path, on the embedded record.
//! Run with `cargo bench`; never part of `cargo test`.

use mscdb::answer::check::{self, CheckQuery};
use mscdb::answer::frameworks::{self, FrameworksQuery};
use mscdb::answer::search::{self, SearchQuery};
use mscdb::cli::{FrameworksArgs, IndicationsArgs, ProductsArgs, ScopeArgs, StatusFilter};
use mscdb::cmd::{self, Ctx, Scope};
use mscdb::render::{Format, Output};
use mscdb::store::Store;

fn main() {
    divan::main();
}

fn with_ctx<T>(f: impl FnOnce(&Ctx) -> T) -> T {
    thread_local! { static STORE: Store = mscdb::embedded().unwrap(); }
    STORE.with(|store| {
        let mut out = Output::buffer(Format::Json, Box::new(std::io::sink()));
        let ctx = Ctx {
            store,
            out: &mut out,
            with_sources: false,
        };
        f(&ctx)
    })
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
    with_ctx(|ctx| divan::black_box(check::answer(ctx.conn(), &q).unwrap()));
}

#[divan::bench]
fn check_for_indication() {
    let q = CheckQuery {
        country: Some("US".into()),
        disease: Some("knee osteoarthritis".into()),
        ..Default::default()
    };
    with_ctx(|ctx| divan::black_box(check::answer(ctx.conn(), &q).unwrap()));
}

fn products_args(country: Option<&str>, tissue: Option<&str>) -> ProductsArgs {
    ProductsArgs {
        scope: ScopeArgs {
            country: country.map(Into::into),
            ..Default::default()
        },
        indication: None,
        tissue: tissue.map(Into::into),
        donor: None,
        status: StatusFilter::Approved,
        since: None,
        until: None,
    }
}

#[divan::bench]
fn products_in_korea() {
    let args = products_args(Some("KR"), None);
    with_ctx(|ctx| {
        let q = cmd::products::query(ctx, &args).unwrap();
        divan::black_box(mscdb::answer::products::products(ctx.conn(), &q).unwrap())
    });
}

#[divan::bench]
fn products_adipose() {
    let args = products_args(None, Some("adipose"));
    with_ctx(|ctx| {
        let q = cmd::products::query(ctx, &args).unwrap();
        divan::black_box(mscdb::answer::products::products(ctx.conn(), &q).unwrap())
    });
}

#[divan::bench]
fn show_remestemcel() {
    with_ctx(|ctx| {
        let product = mscdb::answer::find_product(ctx.conn(), "prochymal")
            .unwrap()
            .unwrap();
        divan::black_box(mscdb::answer::show::show(ctx.conn(), product, mscdb::date::Day::today()).unwrap())
    });
}

#[divan::bench]
fn indications() {
    let args = IndicationsArgs {
        scope: ScopeArgs::default(),
        indication: None,
        all: false,
    };
    with_ctx(|ctx| {
        let scope = Scope::resolve(ctx.conn(), &args.scope, None).unwrap();
        divan::black_box(mscdb::answer::indications::approved(ctx.conn(), &scope).unwrap())
    });
}

#[divan::bench]
fn frameworks_all() {
    let args = FrameworksArgs {
        regulators: vec![],
        topic: vec![],
    };
    with_ctx(|ctx| {
        let query = FrameworksQuery::resolve(ctx.conn(), &args.regulators, &args.topic).unwrap();
        divan::black_box(frameworks::frameworks(ctx.conn(), &query).unwrap())
    });
}

#[divan::bench(args = ["fistula", "CAR-T", "hospital exemption"])]
fn search(text: &str) {
    let query = SearchQuery {
        text: text.into(),
        limit: 20,
    };
    with_ctx(|ctx| divan::black_box(search::search(ctx.conn(), &query).unwrap()));
}
