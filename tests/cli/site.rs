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

use crate::common::mscdb;

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

/// Writes the site into a fresh temporary directory.
fn generate() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    mscdb()
        .args(["site", "-o"])
        .arg(&site)
        .assert()
        .success()
        .stdout(contains("wrote"));
    (dir, site)
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
    let (_dir, site) = generate();
    let mut expected: BTreeSet<String> = ["index.html", "timeline.html", "frameworks.html", "clinic.html"]
        .iter()
        .map(ToString::to_string)
        .collect();
    for id in column("products.csv", "id") {
        expected.insert(format!("products/{id}.html"));
    }
    for code in column("decisions.csv", "jurisdiction")
        .into_iter()
        .chain(column("memberships.csv", "jurisdiction"))
    {
        expected.insert(format!("places/{code}.html"));
    }
    for id in column("decisions.csv", "indication_id") {
        expected.insert(format!("indications/{id}.html"));
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
            let (file, fragment) = match link.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (link.as_str(), None),
            };
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
    let (_dir, site) = generate();
    let html = std::fs::read_to_string(site.join("products/remestemcel-l.html")).unwrap();
    assert!(html.contains("<h1>Ryoncil (remestemcel-L)</h1>"));
    // The status table: the United States row, in force, with the FDA approval.
    let row = html
        .split("<tr>")
        .find(|r| r.contains(">United States</a></th>") && r.contains("acute graft-versus-host disease"))
        .expect("a United States row in the status table");
    assert!(row.contains("in force"), "{row}");
    assert!(row.contains("FDA approval 2024-12-18"), "{row}");
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
    mscdb()
        .args(["site", "-o"])
        .arg(&target)
        .assert()
        .code(2)
        .stderr(contains("not written by mscdb site"))
        .stderr(contains("--force"));
    assert_eq!(std::fs::read_to_string(target.join("notes.txt")).unwrap(), "mine");

    mscdb()
        .args(["site", "--force", "-o"])
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
    mscdb().args(["site", "-o"]).arg(&target).assert().success();
    assert!(!target.join("products/stale.html").exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["out"]);

    // An empty directory is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    mscdb().args(["site", "-o"]).arg(&empty).assert().success();
}

#[test]
fn site_never_follows_or_overwrites_a_file_or_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "keep").unwrap();
    for force in [false, true] {
        let mut cmd = mscdb();
        cmd.args(["site", "-o"]).arg(&file);
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
        mscdb()
            .args(["site", "--force", "-o"])
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
    let (_dir, site) = generate();
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
    let (dir, site) = generate();
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
