//! `site` writes a static website: every page is there, every internal link
//! resolves, every page is valid HTML (tidy) and renders without console
//! errors (headless Chromium). Datasette: tests/cli/datasette.rs.
//!
//! The external tools are skipped with a message when missing, except under
//! CI (the `CI` variable set), where a missing tool fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use predicates::str::contains;

use crate::common::{generated, mscdb};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// One column of a CSV file of the shipped record, every row.
fn column(file: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_path(data().join(file)).unwrap();
    let index = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{file} has no column {name}"));
    reader
        .records()
        .map(|r| r.unwrap()[index].to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn record_date() -> String {
    column("meta.csv", "record_date").remove(0)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    )
}

/// The site of the shipped record, written once for the tests that only read it.
fn generate() -> PathBuf {
    static SITE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        let site = target_dir()
            .join("site-test")
            .join(format!("site-{}", std::process::id()));
        mscdb()
            .args(["site", "--force", "-o"])
            .arg(&site)
            .assert()
            .success()
            .stdout(contains("wrote"));
        site
    })
    .clone()
}

/// `site` over the small fixture record, for the tests of the directory writer.
fn mini_site() -> assert_cmd::Command {
    let mut cmd = mscdb();
    cmd.arg("--data")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"))
        .arg("site");
    cmd
}

/// Every HTML file under `root`, as paths relative to it, sorted.
fn html_files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// The values of `attr="…"` in a page.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn site_has_every_page_and_every_internal_link_resolves() {
    let site = generate();
    let mut expected: BTreeSet<String> = [
        "index.html",
        "timeline.html",
        "frameworks.html",
        "clinic.html",
        "ask.html",
        "places.html",
        "conditions.html",
        "downloads.html",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    for id in column("products.csv", "id") {
        expected.insert(format!("products/{id}.html"));
    }
    // Every place of the record (ISO 3166-1 and the EU), every indication,
    // every lay name of a condition.
    for code in column("jurisdictions.csv", "code") {
        expected.insert(format!("places/{code}.html"));
    }
    for id in column("indications.csv", "id") {
        expected.insert(format!("indications/{id}.html"));
    }
    for name in ["autism", "multiple-sclerosis", "copd", "anti-aging"] {
        expected.insert(format!("conditions/{name}.html"));
    }
    for id in column("claims.csv", "source_id") {
        expected.insert(format!("audit/{id}.html"));
    }
    let written: BTreeSet<String> = html_files(&site)
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let missing: Vec<&String> = expected.difference(&written).collect();
    assert!(missing.is_empty(), "pages missing: {missing:?}");
    assert!(site.join(".mscdb-site").is_file(), "the marker file is written");

    let date = record_date();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let pages: Vec<(PathBuf, String)> = html_files(&site)
        .into_iter()
        .map(|p| {
            let html = std::fs::read_to_string(site.join(&p)).unwrap();
            (p, html)
        })
        .collect();
    for (path, html) in &pages {
        ids.insert(
            path.clone(),
            attributes(html, "id").into_iter().map(unescape).collect(),
        );
    }
    let mut broken = Vec::new();
    for (path, html) in &pages {
        let shown = path.display();
        assert!(html.starts_with("<!DOCTYPE html>"), "{shown}: doctype");
        assert!(html.contains("<html lang=\"en\">"), "{shown}: lang");
        assert!(html.contains("<meta name=\"viewport\""), "{shown}: viewport");
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_default();
        assert!(!title.trim().is_empty(), "{shown}: <title>");
        assert!(html.contains(&date), "{shown}: the record date {date}");
        assert!(
            !html.contains("http://localhost") && !html.contains("<link "),
            "{shown}: no external assets"
        );
        for svg in html.split("<svg").skip(1) {
            let tag = svg.split('>').next().unwrap();
            assert!(
                tag.contains("role=\"img\"") && tag.contains("aria-label=\""),
                "{shown}: svg role and label"
            );
            assert!(svg.contains("<title>"), "{shown}: svg <title>");
        }
        for link in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            let link = unescape(link);
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            assert!(
                !link.starts_with('/') && !link.contains("://"),
                "{shown}: not relative: {link}"
            );
            assert!(!link.contains(' '), "{shown}: a space in a link: {link}");
            let (file, fragment) = match link.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (link.as_str(), None),
            };
            // The query string is for the page's script, not a file.
            let file = file.split_once('?').map_or(file, |(f, _)| f);
            let target = if file.is_empty() {
                path.clone()
            } else {
                normalize(&path.parent().unwrap().join(file))
            };
            if !site.join(&target).is_file() {
                broken.push(format!("{shown}: {link}"));
                continue;
            }
            if let Some(fragment) = fragment
                && !ids.get(&target).is_some_and(|set| set.contains(fragment))
            {
                broken.push(format!("{shown}: {link} (no such id)"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// `a/../b` → `b`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn the_ryoncil_page_says_approved_in_the_united_states_on_2024_12_18() {
    let site = generate();
    let html = std::fs::read_to_string(site.join("products/remestemcel-l.html")).unwrap();
    assert!(html.contains("<h1>Ryoncil (remestemcel-L)</h1>"));
    // The status table: the United States row, in force, with the FDA approval.
    let row = html
        .split("<tr>")
        .find(|r| r.contains(">United States</a></th>") && r.contains("acute graft-versus-host disease"))
        .expect("a United States row in the status table");
    // The same words as `show`: its status and why.
    assert!(row.contains("in-force"), "{row}");
    assert!(row.contains("approval 2024-12-18 (FDA)"), "{row}");
    // Canada: in force by the record, its current status unconfirmed, as `show` says.
    let canada = html
        .split("<tr>")
        .find(|r| r.contains(">Canada</a></th>"))
        .expect("a Canada row");
    assert!(canada.contains("unconfirmed"), "{canada}");
    assert!(
        html.contains("is approved in the United States"),
        "the headline sentence"
    );
    // The timeline of the product, and its sources with links.
    assert!(html.contains("<svg") && html.contains("Approvals timeline of Ryoncil"));
    assert!(html.contains(r#"<li id="src-asgct-2025-ryoncil"><a href="https://"#));
}

#[test]
fn site_refuses_a_foreign_directory_unless_forced_and_replaces_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("notes.txt"), "mine").unwrap();
    mini_site()
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(contains("not written by mscdb site"))
        .stderr(contains("--force"));
    assert_eq!(std::fs::read_to_string(target.join("notes.txt")).unwrap(), "mine");

    mini_site()
        .args(["--force", "-o"])
        .arg(&target)
        .assert()
        .success();
    assert!(
        !target.join("notes.txt").exists(),
        "--force replaces the directory as a whole"
    );
    assert!(target.join("index.html").is_file());

    // Its own site is replaced without --force, with the pages it wrote
    // (the marker lists them) that the record no longer has; nothing is
    // left beside it.
    std::fs::write(target.join("products/stale.html"), "old").unwrap();
    let marker = target.join(".mscdb-site");
    let listed = std::fs::read_to_string(&marker).unwrap();
    std::fs::write(&marker, format!("{listed}products/stale.html\n")).unwrap();
    mini_site().arg("-o").arg(&target).assert().success();
    assert!(!target.join("products/stale.html").exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["out"]);

    // An empty directory is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    mini_site().arg("-o").arg(&empty).assert().success();
}

#[test]
fn site_never_follows_or_overwrites_a_file_or_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "keep").unwrap();
    for force in [false, true] {
        let mut cmd = mini_site();
        cmd.arg("-o").arg(&file);
        if force {
            cmd.arg("--force");
        }
        cmd.assert().code(2).stderr(contains("not a directory"));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    #[cfg(unix)]
    {
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        mini_site()
            .args(["--force", "-o"])
            .arg(&link)
            .assert()
            .code(2)
            .stderr(contains("not a directory"));
        assert!(std::fs::read_dir(&real).unwrap().next().is_none());
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }
}

/// Whether an external tool runs; when not, a message, and under CI a failure.
fn available(tool: &str, args: &[&str]) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        crate::common::skip(&format!("the {tool} check"), &format!("{tool} is not installed"));
    }
    ok
}

#[test]
fn every_page_is_valid_html_for_tidy() {
    if !available("tidy", &["-v"]) {
        return;
    }
    let site = generate();
    let mut failures = Vec::new();
    for page in html_files(&site) {
        let out = Command::new("tidy")
            .args(["-errors", "-q"])
            .arg(site.join(&page))
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stderr);
        // Exit 2 means errors (1: warnings only).
        if out.status.code() == Some(2) || report.contains("Error:") {
            failures.push(format!("{}:\n{report}", page.display()));
        }
    }
    assert!(failures.is_empty(), "tidy errors:\n{}", failures.join("\n"));
}

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium(profile: &Path) -> Command {
    let mut cmd = Command::new(CHROMIUM);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn every_page_renders_in_chromium_without_console_errors() {
    if !Path::new(CHROMIUM).exists() {
        available(CHROMIUM, &["--version"]);
        return;
    }
    let site = generate();
    let dir = tempfile::tempdir().unwrap();
    let pages = html_files(&site);
    // One browser run loads every page in a frame of a harness page (kept
    // outside the site): console errors of any frame are logged, and the
    // harness writes whether each frame rendered its main heading.
    let mut frames = String::new();
    for page in &pages {
        frames.push_str(&format!(
            "<iframe src=\"{}\" data-page=\"{}\"></iframe>",
            file_url(&site.join(page)),
            page.display()
        ));
    }
    let harness = dir.path().join("harness.html");
    std::fs::write(
        &harness,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>harness</title></head><body>{frames}<script>\
window.addEventListener('load',function(){{var out=[];document.querySelectorAll('iframe').forEach(function(f){{\
var d=null;try{{d=f.contentDocument;}}catch(e){{}}var ok=d&&d.querySelector('main h1')&&d.querySelector('footer time');\
out.push(f.dataset.page+'='+(ok?'rendered':'missing'));}});var pre=document.createElement('pre');pre.id='result';\
pre.textContent=out.join('\\n');document.body.appendChild(pre);}});</script></body></html>"
        ),
    )
    .unwrap();
    let out = chromium(&dir.path().join("profile"))
        .args([
            "--allow-file-access-from-files",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=20000",
            "--dump-dom",
        ])
        .arg(file_url(&harness))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("Uncaught") || l.contains("ERROR:CONSOLE"))
        .collect();
    assert!(console.is_empty(), "console errors:\n{}", console.join("\n"));
    let result = dom
        .split("<pre id=\"result\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or_else(|| panic!("the harness did not run:\n{dom}\n{log}"));
    let missing: Vec<&str> = result.lines().filter(|l| !l.ends_with("=rendered")).collect();
    assert!(missing.is_empty(), "pages that did not render: {missing:?}");
    assert_eq!(result.lines().count(), pages.len());

    // Screenshots of the home page, the Ryoncil page and the timeline, at a
    // phone's width and a laptop's, for people to look at.
    let shots = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        )
        .join("site-shots");
    std::fs::create_dir_all(&shots).unwrap();
    let jobs: Vec<(&str, &str)> = ["index.html", "products/remestemcel-l.html", "timeline.html"]
        .iter()
        .flat_map(|p| [(*p, "375"), (*p, "1280")])
        .collect();
    std::thread::scope(|scope| {
        for (i, (page, width)) in jobs.iter().enumerate() {
            let site = &site;
            let shots = &shots;
            let profile = dir.path().join(format!("shot-profile-{i}"));
            scope.spawn(move || {
                let name = page.replace("products/", "").replace(".html", "");
                let file = shots.join(format!("{name}-{width}.png"));
                let _ = std::fs::remove_file(&file);
                let status = chromium(&profile)
                    .arg(format!("--screenshot={}", file.display()))
                    .arg(format!("--window-size={width},2000"))
                    .arg(file_url(&site.join(page)))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                assert!(status.success(), "screenshot of {page} at {width}");
                assert!(file.is_file(), "{} written", file.display());
            });
        }
    });
}

#[test]
fn site_reports_in_the_format_asked_and_prints_no_timing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let out = mini_site()
        .arg("-o")
        .arg(&target)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert!(doc["pages"].as_u64().unwrap() > 5, "{doc}");
    assert!(
        doc["files"].as_u64().unwrap() > doc["pages"].as_u64().unwrap(),
        "{doc}"
    );
    assert_eq!(doc["path"], target.display().to_string());
    assert!(doc["record_date"].is_string(), "{doc}");
    let table = mini_site().arg("-o").arg(&target).output().unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.starts_with("wrote "), "{text}");
    assert!(!text.contains(" ms"), "no timing on stdout: {text}");
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The part of a page inside `<section aria-labelledby="ID">`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    html.split(&format!("<section aria-labelledby=\"{id}\">"))
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("no section {id}"))
}

#[test]
fn place_pages_keep_other_cell_types_apart_and_say_what_is_unconfirmed() {
    let site = generate();
    let austria = page(&site, "places/AT.html");
    let now = section(&austria, "now");
    assert!(
        now.contains("No MSC product in the record is approved in Austria"),
        "{now}"
    );
    for other in ["Casgevy", "Holoclar"] {
        assert!(!now.contains(other), "{other} is not an MSC approval: {now}");
    }
    assert!(section(&austria, "other").contains("Casgevy"), "listed apart");
    // Korea: the grants the sources do not confirm say so, as `products --in KR` does.
    let korea = page(&site, "places/KR.html");
    assert!(section(&korea, "now").contains("in force (unconfirmed)"), "Korea");
    // Mexico has a page though the record holds no decision of its own.
    let mexico = page(&site, "places/MX.html");
    assert!(mexico.contains("No MSC product in the record is approved in Mexico"));
    assert!(page(&site, "places.html").contains("href=\"places/MX.html\""));
}

#[test]
fn condition_pages_give_check_for_with_its_sourced_caution() {
    let site = generate();
    let autism = page(&site, "conditions/autism.html");
    assert!(
        autism.contains("No MSC product in the record is approved anywhere for autism (ICD-10-CM F84.0)"),
        "the check --for headline"
    );
    assert!(autism.contains("data-verdict=\"not-approved\""));
    assert!(autism.contains("<li id=\"src-fda-2021-regenerative-consumer-info\">"));
    assert!(
        autism.contains("<li id=\"src-medlineplus-autism\">"),
        "the lay name's own source"
    );
    let az = page(&site, "conditions.html");
    for name in ["autism", "multiple sclerosis", "COPD", "anti-aging"] {
        assert!(az.contains(&format!(">{name}</a>")), "{name} in the A–Z list");
    }
    let home = page(&site, "index.html");
    assert!(home.contains("href=\"places.html\"") && home.contains("href=\"conditions.html\""));
}

#[test]
fn downloads_carry_their_sha256_and_the_record_date() {
    use sha2::Digest as _;
    let site = generate();
    let html = page(&site, "downloads.html");
    assert!(html.contains(&record_date()));
    for file in ["mscdb-csv.zip", "mscdb.sqlite", "mscdb-answers.json"] {
        let bytes = std::fs::read(site.join("downloads").join(file)).unwrap();
        let digest: String = sha2::Sha256::digest(&bytes)
            .iter()
            .fold(String::new(), |mut hex, b| {
                use std::fmt::Write as _;
                let _ = write!(hex, "{b:02x}");
                hex
            });
        assert!(html.contains(&digest), "{file}: its SHA-256 {digest}");
        assert!(
            html.contains(&format!("href=\"downloads/{file}\"")),
            "{file} linked"
        );
    }
    let zip = std::fs::read(site.join("downloads/mscdb-csv.zip")).unwrap();
    assert!(zip.starts_with(b"PK"), "a zip archive");
    assert!(
        zip.windows(12).any(|w| w == b"products.csv"),
        "holds products.csv"
    );
}

/// The question a case asks and check's answer, as the ask page must give it.
fn expected(
    cx: &mscdb::answer::Context,
    product: Option<&str>,
    place: &str,
    condition: Option<&str>,
    as_of: &str,
) -> Option<(String, bool)> {
    use mscdb::render::Report as _;
    let answer = mscdb::answer::check::answer(
        cx,
        &mscdb::answer::check::CheckQuery {
            name: product.map(ToString::to_string),
            country: Some(place.to_string()),
            disease: condition.map(ToString::to_string),
            as_of: Some(as_of.to_string()),
        },
    )
    .ok()?;
    let doc = answer.json().unwrap();
    Some((doc["verdict"].as_str()?.to_string(), doc["certain"].as_bool()?))
}

/// Every product × place, and sampled conditions × places (lay names,
/// ICD-10-CM titles and inclusion terms, countries in their own languages),
/// with check's verdict and certainty; and names with their normalised form.
fn ask_cases(dir: &Path) -> PathBuf {
    let store = mscdb::embedded().unwrap();
    let today =
        mscdb::date::Day::parse_as_of(crate::common::TODAY, mscdb::date::Day::from_unix_seconds(0)).unwrap();
    let cx = mscdb::answer::Context::new(&store, today);
    let date = record_date();
    let names = |kind: &str| -> Vec<(String, String, String)> {
        let mut stmt = store
            .conn()
            .prepare("SELECT label, target, norm FROM names WHERE kind = ?1 ORDER BY norm, target")
            .unwrap();
        stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let places = names("jurisdiction");
    let products = names("product");
    let diseases = names("disease");
    let lay: Vec<String> = column("lay_names.csv", "name");
    // A fixed walk through the lists (no randomness: a failure repeats).
    let mut seed: u64 = 0x5eed;
    let mut pick = |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    let mut cases = Vec::new();
    let codes: BTreeSet<&str> = places.iter().map(|(_, c, _)| c.as_str()).collect();
    let mut seen_products = BTreeSet::new();
    for (label, id, _) in &products {
        if !seen_products.insert(id.clone()) {
            continue;
        }
        for code in &codes {
            let place = places
                .iter()
                .find(|(_, c, _)| c == code)
                .map_or(*code, |(l, _, _)| l.as_str());
            if let Some((v, c)) = expected(&cx, Some(label), place, None, &date) {
                cases.push(serde_json::json!([label, place, null, v, c]));
            }
        }
    }
    let mut conditions = 0;
    while conditions < 600 {
        let condition = if conditions < lay.len() {
            lay[conditions].clone()
        } else {
            diseases[pick(diseases.len())].0.clone()
        };
        let place = &places[pick(places.len())].0;
        if let Some((v, c)) = expected(&cx, None, place, Some(&condition), &date) {
            cases.push(serde_json::json!([null, place, condition, v, c]));
        }
        conditions += 1;
    }
    for _ in 0..150 {
        let product = &products[pick(products.len())].0;
        let condition = if pick(2) == 0 {
            lay[pick(lay.len())].clone()
        } else {
            diseases[pick(diseases.len())].0.clone()
        };
        let place = &places[pick(places.len())].0;
        if let Some((v, c)) = expected(&cx, Some(product), place, Some(&condition), &date) {
            cases.push(serde_json::json!([product, place, condition, v, c]));
        }
    }
    // The in-process answers are the binary's: a few, asked of `mscdb check`.
    for case in cases.iter().step_by(997) {
        let mut cmd = mscdb();
        cmd.arg("check");
        if let Some(p) = case[0].as_str() {
            cmd.arg(p);
        }
        cmd.args([
            "--in",
            case[1].as_str().unwrap(),
            "--as-of",
            &date,
            "--format",
            "json",
        ]);
        if let Some(c) = case[2].as_str() {
            cmd.args(["--for", c]);
        }
        let out = cmd.output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!((&doc["verdict"], &doc["certain"]), (&case[3], &case[4]), "{case}");
    }
    let mut norms: Vec<serde_json::Value> = places
        .iter()
        .chain(&products)
        .map(|(l, _, n)| serde_json::json!([l, n]))
        .collect();
    for _ in 0..2000 {
        let (l, _, n) = &diseases[pick(diseases.len())];
        norms.push(serde_json::json!([l, n]));
    }
    let file = dir.join("cases.json");
    std::fs::write(
        &file,
        serde_json::json!({"answers": cases, "norms": norms}).to_string(),
    )
    .unwrap();
    file
}

#[test]
fn the_site_works_in_a_browser_as_a_person_uses_it() {
    // Playwright from PyPI on Debian's Chromium (.ci/run installs both).
    if !browser_ready() {
        return;
    }
    let site = generate();
    let dir = tempfile::tempdir().unwrap();
    let cases = ask_cases(dir.path());
    let shots = target_dir().join("site-shots");
    let printed = run_browser(
        "site.py",
        &[site.as_os_str(), shots.as_os_str(), cases.as_os_str()],
    );
    eprintln!("browser: {printed}");
}

/// The JSON an ask script assigns, after `prefix` (`window.MSCDB_ASK=`, …).
fn ask_script(site: &Path, name: &str, prefix: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(site.join("ask").join(name)).unwrap();
    let json = text
        .strip_prefix(prefix)
        .unwrap()
        .trim_end()
        .strip_suffix(';')
        .unwrap();
    serde_json::from_str(json).unwrap()
}

/// The first product name of each shard, as `core.js` lists them.
fn product_shards(site: &Path) -> Vec<String> {
    ask_script(site, "core.js", "window.MSCDB_ASK=")["product_shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

/// Runs a script of `tests/browser` with `args`; fails with its output
/// unless it succeeds, and returns what it printed.
fn run_browser(script: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = Command::new("python3")
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/browser")
                .join(script),
        )
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "browser test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A record of `products` generated products, and its site.
fn generated_site(products: u32) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, data) = generated(products);
    let site = dir.path().join("site");
    mscdb()
        .arg("--data")
        .arg(&data)
        .args(["site", "-o"])
        .arg(&site)
        .assert()
        .success();
    (dir, data, site)
}

/// Whether Playwright and Chromium are here; in CI they must be.
fn browser_ready() -> bool {
    let ready = Path::new(CHROMIUM).exists()
        && Command::new("python3")
            .args(["-c", "import playwright.sync_api"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "playwright or chromium is missing, and CI is set: .ci/run installs them"
        );
        eprintln!("skipped: python3 -m pip install -r scripts/requirements.txt, and chromium");
    }
    ready
}

/// On 2,500 products the ask page holds no answers and its product names
/// are in several shards: in Chromium, names from every shard (and on
/// either side of a shard's first name) each lead to their product's page,
/// a name the record does not know is said to be unknown, and the home
/// filter finds a product.
#[test]
fn a_large_site_finds_product_names_in_a_browser() {
    if !browser_ready() {
        return;
    }
    let (_dir, _data, site) = generated_site(2500);
    let find = std::fs::read_to_string(site.join("ask/find.js")).unwrap();
    assert!(
        !find.contains("MSCDB_FIND_PRODUCTS"),
        "2,500 products are in the filter"
    );
    // Names from every shard, and the first and last of one: the shard a
    // name is in, from the first name of each (code-point order; these are ASCII).
    let names = [
        "Synthocel 5",
        "p17",
        "SC-2347",
        "SC-2348",
        "synthomestrocel-1448",
        "Synthomestrocel 999",
        "NOPE Synthocel 99999",
    ];
    let firsts = product_shards(&site);
    let shard_of = |name: &str| {
        let norm: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        firsts.iter().rposition(|f| f.as_str() <= norm.as_str())
    };
    let reached: BTreeSet<Option<usize>> = names[..names.len() - 1].iter().map(|n| shard_of(n)).collect();
    assert_eq!(
        reached.len(),
        firsts.len(),
        "the names asked are not in every shard: {firsts:?}"
    );
    assert!(firsts.len() >= 3, "{firsts:?}");
    let mut args = vec![site.as_os_str()];
    args.extend(names.iter().map(std::ffi::OsStr::new));
    run_browser("large.py", &args);
}

/// The ask page's scripts stay small as the record grows: `core.js` holds
/// the first name of each shard of product names, and each name the record
/// knows is in the one shard whose range holds it (the range the page
/// looks it up in), naming the product the record's first such name names.
fn ask_scripts_hold_the_product_names_in_shards(site: &Path, data: &Path) {
    let core = ask_script(site, "core.js", "window.MSCDB_ASK=");
    assert!(
        core["names"].get("product").is_none(),
        "core.js holds every product name"
    );
    let firsts = product_shards(site);
    assert!(firsts.len() >= 2, "the names are in one shard: {firsts:?}");
    let out = mscdb()
        .arg("--data")
        .arg(data)
        .args([
            "sql",
            "SELECT norm, target FROM names WHERE kind = 'product' ORDER BY norm, target",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for row in rows.as_array().unwrap() {
        expected
            .entry(row["norm"].as_str().unwrap().to_string())
            .or_insert_with(|| row["target"].as_str().unwrap().to_string());
    }
    let mut found = 0;
    for (i, first) in firsts.iter().enumerate() {
        let name = format!("n-{i}.js");
        let bytes = std::fs::metadata(site.join("ask").join(&name)).unwrap().len();
        assert!(bytes <= 2_000_000, "{name}: {bytes} bytes");
        let shard = ask_script(
            site,
            &name,
            &format!("(window.MSCDB_N=window.MSCDB_N||{{}})[{i}]="),
        );
        for (norm, id) in shard.as_object().unwrap() {
            // Rust orders strings as SQLite orders the names: by code point.
            assert!(
                norm >= first && firsts.get(i + 1).is_none_or(|next| norm < next),
                "{norm} in {name}"
            );
            assert_eq!(expected.get(norm).map(String::as_str), id.as_str(), "{norm}");
            found += 1;
        }
    }
    assert_eq!(found, expected.len(), "every product name in a shard");
    for file in ["core.js", "find.js"] {
        let bytes = std::fs::metadata(site.join("ask").join(file)).unwrap().len();
        assert!(bytes <= 2_000_000, "ask/{file}: {bytes} bytes");
    }
}

/// A record of 2,500 products (`mscdb generate`, 25,000 decisions): every
/// list that grows with the record — the home list, the timeline, a place's
/// tables of grants and its checks, a condition's evidence — is split into
/// pages that between them hold each row once, and no page is larger than
/// a phone should load. Each table holds at most a page's rows (a row is
/// well under a kilobyte), so a page's size does not grow with the record.
#[test]
fn a_large_record_has_paged_lists_and_no_page_over_2_mb() {
    use mscdb::render::html::{CHECKS_PER_PAGE, EVIDENCE_PER_PAGE, GRANTS_PER_PAGE};
    let (_dir, data, site) = generated_site(2500);
    let pages = html_files(&site);
    for page in &pages {
        let bytes = std::fs::metadata(site.join(page)).unwrap().len();
        assert!(bytes <= 2_000_000, "{}: {bytes} bytes", page.display());
    }
    let products: BTreeSet<String> = pages
        .iter()
        .filter_map(|p| p.to_str()?.strip_prefix("products/")?.strip_suffix(".html"))
        .map(ToString::to_string)
        .collect();
    assert_eq!(products.len(), 2500, "a page for every product");
    ask_scripts_hold_the_product_names_in_shards(&site, &data);
    // Every table of a place or a condition (and of their pages of rows)
    // holds at most one page's rows.
    for path in &pages {
        let path = path.to_str().unwrap();
        if !["places/", "indications/", "conditions/"]
            .iter()
            .any(|d| path.starts_with(d))
        {
            continue;
        }
        let html = page(&site, path);
        for table in html.split("<table").skip(1) {
            let table = table.split("</table>").next().unwrap();
            let rows = table.matches("<tr>").count() - 1;
            let caption = table
                .split("<caption>")
                .nth(1)
                .and_then(|c| c.split("</caption>").next())
                .unwrap_or("");
            let most = match caption {
                "Evidence" => EVIDENCE_PER_PAGE,
                "" => CHECKS_PER_PAGE,
                _ => GRANTS_PER_PAGE,
            };
            assert!(rows <= most, "{path}: a table of {rows} rows ({caption:?})");
        }
    }

    // The pages of a list, as the page that lists them links them.
    let parts = |list: &str, prefix: &str| -> Vec<String> {
        let html = page(&site, list);
        let parts: Vec<String> = attributes(&html, "href")
            .into_iter()
            .filter(|h| h.starts_with(prefix) && h.ends_with(".html"))
            .map(ToString::to_string)
            .collect();
        assert!(parts.len() >= 2, "{list} is split into pages: {parts:?}");
        parts
    };
    let linked = |html: &str| -> BTreeSet<String> {
        attributes(html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix("products/")?.strip_suffix(".html"))
            .map(ToString::to_string)
            .collect()
    };
    for (list, prefix) in [("index.html", "products-"), ("timeline.html", "timeline-")] {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for part in parts(list, prefix) {
            for id in linked(&page(&site, &part)) {
                *seen.entry(id).or_default() += 1;
            }
        }
        assert_eq!(
            seen.keys().cloned().collect::<BTreeSet<_>>(),
            products,
            "{list}: its pages link every product"
        );
        assert!(
            seen.values().all(|&n| n == 1),
            "{list}: each product on one page only"
        );
        assert!(
            linked(&page(&site, list)).is_empty(),
            "{list} lists pages, not products"
        );
    }
    // The pages of the United States' approvals hold, each once, the
    // products `products --in US` finds approved.
    let approved: BTreeSet<String> = {
        let out = mscdb()
            .arg("--data")
            .arg(&data)
            .args(["products", "--in", "US", "--format", "json"])
            .output()
            .unwrap();
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "approved")
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let us = page(&site, "places/US.html");
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let now: Vec<&str> = attributes(section(&us, "now"), "href")
        .into_iter()
        .filter(|h| h.starts_with("US-now-"))
        .collect();
    assert!(
        now.len() >= 2,
        "the approvals in the US are split into pages: {now:?}"
    );
    for part in now {
        let html = page(&site, &format!("places/{part}"));
        // A product with several grants has a row for each.
        let here: BTreeSet<&str> = attributes(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix("../products/")?.strip_suffix(".html"))
            .collect();
        for id in here {
            *seen.entry(id.to_string()).or_default() += 1;
        }
    }
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), approved);
    assert!(
        seen.values().all(|&n| n == 1),
        "each approved product on one page"
    );
    // A condition's pages of evidence hold the rows of `check --for`, in order.
    let out = mscdb()
        .arg("--data")
        .arg(&data)
        .args(["check", "--for", "ind-0", "--format", "json"])
        .output()
        .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: Vec<String> = answer["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["product"].as_str().unwrap().to_string())
        .collect();
    let main = page(&site, "indications/ind-0.html");
    let parts: Vec<&str> = attributes(&main, "href")
        .into_iter()
        .filter(|h| h.starts_with("ind-0_evidence-"))
        .collect();
    assert!(
        parts.len() >= 2,
        "the evidence of ind-0 is split into pages: {parts:?}"
    );
    let mut rows: Vec<String> = Vec::new();
    for part in parts {
        let html = page(&site, &format!("indications/{part}"));
        let table = html
            .split("<tbody>")
            .nth(1)
            .unwrap()
            .split("</tbody>")
            .next()
            .unwrap();
        for row in table.split("<tr>").skip(1) {
            let cell = row
                .split("<th scope=\"row\">")
                .nth(1)
                .unwrap()
                .split("</th>")
                .next()
                .unwrap();
            rows.push(unescape(cell));
        }
    }
    assert_eq!(rows, expected, "the evidence of ind-0, page by page");
}
