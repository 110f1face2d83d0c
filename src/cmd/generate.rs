//! `mscdb generate` (hidden): a synthetic, valid data directory with N
//! products and 10·N decisions, for scale benchmarks. Never part of `data/`.

use std::path::Path;

use crate::cli::GenerateArgs;
use crate::error::{Error, Result};

const PLACES: &[(&str, &str)] = &[
    ("US", "United States"),
    ("EU", "European Union"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("CN", "China"),
    ("IN", "India"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("GB", "United Kingdom"),
    ("CH", "Switzerland"),
    ("IL", "Israel"),
    ("BR", "Brazil"),
    ("MX", "Mexico"),
    ("SG", "Singapore"),
    ("TW", "Taiwan"),
    ("IR", "Iran"),
    ("MY", "Malaysia"),
    ("TH", "Thailand"),
    ("ZA", "South Africa"),
];
const KINDS: &[&str] = &[
    "orphan-designation",
    "fast-track",
    "application-filed",
    "approval",
    "conditional-approval",
    "time-limited-approval",
    "complete-response",
    "refusal",
    "approval",
    "withdrawal",
];
const TISSUES: &[&str] = &["bone-marrow", "adipose", "umbilical-cord", "umbilical-cord-blood"];
const INDICATIONS: usize = 50;

fn writer(dir: &Path, table: &str, header: &[&str]) -> Result<csv::Writer<std::fs::File>> {
    let mut w = csv::Writer::from_path(dir.join(format!("{table}.csv"))).map_err(csv_error)?;
    w.write_record(header).map_err(csv_error)?;
    Ok(w)
}

fn csv_error(e: csv::Error) -> Error {
    Error::usage(format!("generate: {e}"))
}

/// Writes the synthetic tables; the same N always gives the same files.
pub fn generate(dir: &Path, products: usize) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let sources = (products / 10).max(10);
    let mut w = writer(
        dir,
        "sources",
        &["id", "kind", "title", "publisher", "date", "url", "review_ref"],
    )?;
    for i in 0..sources {
        let (id, title, url) = (
            format!("src-{i}"),
            format!("Synthetic source {i}"),
            format!("https://example.org/{i}"),
        );
        w.write_record([id.as_str(), "press", &title, "mscdb generator", "2020", &url, ""])
            .map_err(csv_error)?;
    }
    w.flush()?;
    let mut w = writer(
        dir,
        "jurisdictions",
        &["code", "alpha3", "name", "member_of", "aliases"],
    )?;
    for (code, name) in PLACES {
        w.write_record([code, "", name, "", ""]).map_err(csv_error)?;
    }
    w.flush()?;
    let mut w = writer(dir, "regulators", &["id", "name", "jurisdiction", "aliases"])?;
    for (code, name) in PLACES {
        w.write_record([
            format!("R{code}"),
            format!("Regulator of {name}"),
            code.to_string(),
            String::new(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()?;
    let mut w = writer(dir, "indications", &["id", "name", "synonyms", "area"])?;
    for i in 0..INDICATIONS {
        w.write_record([
            format!("ind-{i}"),
            format!("condition {i}"),
            format!("cond{i}"),
            "synthetic".into(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()?;
    let mut p = writer(
        dir,
        "products",
        &[
            "id",
            "name",
            "nonproprietary_name",
            "sponsor",
            "cell_type",
            "donor",
            "tissue",
            "sources",
            "notes",
        ],
    )?;
    let mut a = writer(dir, "aliases", &["product_id", "alias", "kind", "note"])?;
    let mut d = writer(
        dir,
        "decisions",
        &[
            "id",
            "product_id",
            "jurisdiction",
            "regulator",
            "decision",
            "date",
            "date_qualifier",
            "valid_until",
            "brand",
            "indication_id",
            "indication_text",
            "pathway",
            "sources",
            "confidence",
            "status_note",
            "note",
        ],
    )?;
    for i in 0..products {
        let id = format!("p{i}");
        let name = format!("Synthocel {i}");
        let donor = if i % 2 == 0 { "allogeneic" } else { "autologous" };
        let source = format!("src-{}", i % sources);
        p.write_record([
            id.as_str(),
            &name,
            &format!("synthomestrocel-{i}"),
            &format!("Sponsor {}", i % 997),
            "msc",
            donor,
            TISSUES[i % TISSUES.len()],
            &source,
            "A synthetic product.",
        ])
        .map_err(csv_error)?;
        a.write_record([id.as_str(), &format!("SC-{i}"), "code", ""])
            .map_err(csv_error)?;
        for (j, kind) in KINDS.iter().enumerate() {
            let (code, _) = PLACES[(i + j / 3) % PLACES.len()];
            let indication = if *kind == "withdrawal" {
                String::new()
            } else {
                format!("ind-{}", (i + j) % INDICATIONS)
            };
            let date = format!(
                "{}-{:02}-{:02}",
                2000 + (j + i % 10),
                1 + (i + j) % 12,
                1 + (i * 7 + j) % 28
            );
            d.write_record([
                format!("d{i}-{j}"),
                id.clone(),
                code.to_string(),
                format!("R{code}"),
                kind.to_string(),
                date,
                String::new(),
                String::new(),
                name.clone(),
                indication,
                "synthetic indication".into(),
                String::new(),
                source.clone(),
                "high".into(),
                String::new(),
                String::new(),
            ])
            .map_err(csv_error)?;
        }
    }
    p.flush()?;
    a.flush()?;
    d.flush()?;
    let mut w = writer(dir, "frameworks", &["regulator", "topic", "summary", "sources"])?;
    w.write_record(["RUS", "legal-basis", "A synthetic fact.", "src-0"])
        .map_err(csv_error)?;
    w.flush()?;
    let mut w = writer(
        dir,
        "filings",
        &[
            "id",
            "product_id",
            "sponsor",
            "regulator",
            "kind",
            "number",
            "date",
            "date_qualifier",
            "status",
            "phase",
            "indication_id",
            "indication_text",
            "sources",
            "note",
        ],
    )?;
    for i in (0..products).step_by(10) {
        w.write_record([
            format!("f{i}"),
            format!("p{i}"),
            "Sponsor".into(),
            "RUS".into(),
            "ind".into(),
            format!("{}", 10_000 + i),
            "2021".into(),
            String::new(),
            "cleared".into(),
            String::new(),
            "ind-0".into(),
            String::new(),
            "src-0".into(),
            String::new(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()?;
    let mut w = writer(
        dir,
        "claims",
        &[
            "id",
            "source_id",
            "locator",
            "position",
            "printed_location",
            "printed_year",
            "printed_name",
            "printed_cell_source",
            "printed_indication",
            "printed_text",
            "verdict",
            "product_id",
            "decision_ids",
            "claimed_count",
            "correction",
            "sources",
            "note",
        ],
    )?;
    w.write_record([
        "c0",
        "src-0",
        "Table 1, row 1",
        "1",
        "US",
        "2000",
        "Synthocel 0",
        "",
        "",
        "",
        "wrong",
        "p0",
        "d0-3",
        "",
        "Synthetic.",
        "src-0",
        "",
    ])
    .map_err(csv_error)?;
    w.flush()?;
    Ok(())
}

pub fn run(args: &GenerateArgs) -> Result<()> {
    generate(&args.output, args.products)?;
    eprintln!(
        "wrote {} products and {} decisions to {}",
        args.products,
        args.products * 10,
        args.output.display()
    );
    Ok(())
}
