//! The synthetic record behind `mscdb generate` (hidden): a valid data
//! directory with N products and 10·N decisions, for scale benchmarks.
//! Never part of `data/`.

use std::path::Path;

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

/// A CSV writer for `table`, with the header the spec declares.
fn writer(dir: &Path, table: &str) -> Result<csv::Writer<std::fs::File>> {
    let spec =
        crate::spec::table(table).ok_or_else(|| Error::usage(format!("generate: no table {table}")))?;
    let path = dir.join(spec.file());
    // Never write through a symbolic link (or into a FIFO or device).
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && !meta.file_type().is_file()
    {
        return Err(Error::usage(format!(
            "generate: {}: not a regular file (a symbolic link, directory, FIFO or device); refusing to write through it",
            path.display()
        )));
    }
    let mut w = csv::Writer::from_path(&path).map_err(csv_error)?;
    w.write_record(spec.columns.iter().map(|c| c.name))
        .map_err(csv_error)?;
    Ok(w)
}

// By value, to be passed to `map_err` directly.
#[allow(clippy::needless_pass_by_value)]
fn csv_error(e: csv::Error) -> Error {
    Error::usage(format!("generate: {e}"))
}

/// The most products `generate` writes: about 1.1 KB of decisions per
/// product keeps `decisions.csv` under the 256 MiB that `--data` reads.
pub const MAX_PRODUCTS: usize = 200_000;

/// Writes the synthetic tables; the same N always gives the same files.
pub fn generate(dir: &Path, products: usize) -> Result<()> {
    if products == 0 || products > MAX_PRODUCTS {
        return Err(Error::usage(format!(
            "generate: --products must be between 1 and {MAX_PRODUCTS} (larger files exceed what --data reads)"
        )));
    }
    std::fs::create_dir_all(dir)?;
    let sources = (products / 10).max(10);
    let mut w = writer(dir, "sources")?;
    for i in 0..sources {
        let (id, title, url) = (
            format!("src-{i}"),
            format!("Synthetic source {i}"),
            format!("https://example.org/{i}"),
        );
        w.write_record([id.as_str(), "press", &title, "mscdb generator", "2020", &url])
            .map_err(csv_error)?;
    }
    // The sources the program cites by name must be in any record it loads.
    for (i, id) in crate::spec::CODE_CITED_SOURCES.iter().enumerate() {
        let (title, url) = (
            format!("Synthetic cited source {i}"),
            format!("https://example.org/cited/{i}"),
        );
        w.write_record([id, "press", &title, "mscdb generator", "2020", &url])
            .map_err(csv_error)?;
    }
    w.flush()?;
    let mut w = writer(dir, "jurisdictions")?;
    for (code, name) in PLACES {
        w.write_record([code, "", name, "", "", "", "", ""])
            .map_err(csv_error)?;
    }
    w.flush()?;
    let mut w = writer(dir, "regulators")?;
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
    let mut w = writer(dir, "indications")?;
    for i in 0..INDICATIONS {
        w.write_record([
            format!("ind-{i}"),
            format!("condition {i}"),
            format!("cond{i}"),
            "synthetic".into(),
            String::new(),
        ])
        .map_err(csv_error)?;
    }
    w.flush()?;
    let mut p = writer(dir, "products")?;
    let mut a = writer(dir, "aliases")?;
    let mut d = writer(dir, "decisions")?;
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
    let mut w = writer(dir, "frameworks")?;
    w.write_record(["RUS", "legal-basis", "A synthetic fact.", "src-0"])
        .map_err(csv_error)?;
    w.flush()?;
    let mut w = writer(dir, "filings")?;
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
    let mut w = writer(dir, "claims")?;
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
