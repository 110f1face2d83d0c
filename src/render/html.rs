//! The static website: every page built from the engine's answers.
//!
//! HTML is written with `maud`: templates are checked by the compiler and
//! every interpolated value is escaped unless it is explicitly marked as
//! markup (`PreEscaped`, used only for the SVG drawn by `render::svg` and the
//! page's own script files' names). Escaping is then a property of how a page
//! is written, not of remembering to call a function — record text, ids,
//! URLs and labels alike. Links to documents are only `http(s)` or DOIs.
//!
//! Pages link to each other with relative links only; CSS is inline, there
//! are no fonts, images or scripts from elsewhere. The home filter and the
//! ask page use scripts of the site's own; every page reads without them.
//! Every fact cites its sources by number, and each page ends with its
//! source list. Tables turn into stacked records on a narrow screen, and the
//! print stylesheet keeps every column and the whole timeline.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::answer::products::{Grant, ProductRow, ProductStatus, ProductsAnswer};
use crate::answer::standing::StandingStatus;
use crate::error::{Error, Result};
use crate::query::Decision;
use crate::render::check::CheckView;
use crate::site::{AuditPage, ConditionKind, ConditionPage, PlacePage, ProductEntry, ProductPage, Site};
use crate::spec::Kind;
use crate::store::validate::{check_value, link_href};

use super::prose;
use super::svg;

/// A written page or file: its path relative to the site root and its bytes.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub html: String,
}

/// A file offered on the downloads page.
#[derive(Debug, Clone)]
pub struct Download {
    pub file: String,
    pub what: String,
    pub bytes: u64,
    pub sha256: String,
}

const CSS: &str = "\
:root{color-scheme:light}\
*{box-sizing:border-box}\
html{-webkit-text-size-adjust:100%}\
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:break-word}\
header,main,footer{max-width:74rem;margin:0 auto;padding:0 1rem}\
header{border-bottom:1px solid #ccc}\
header p{margin:.5rem 0 0;font-weight:700}\
nav ul{list-style:none;margin:.25rem 0 .5rem;padding:0;display:flex;flex-wrap:wrap;gap:.1rem 1rem}\
a{color:#0b4f9c}a:visited{color:#5b2a8c}a:focus{outline:2px solid #1a1a1a;outline-offset:2px}\
h1{font-size:1.7rem;line-height:1.25}h2{font-size:1.35rem;margin-top:2rem}h3{font-size:1.1rem}\
table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.5rem 0 1rem}\
caption{text-align:left;font-weight:600;padding:.2rem 0}\
th,td{border:1px solid #b5b5b5;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
thead th{background:#e9eef5}\
tbody th{background:#f5f7fa;font-weight:600}\
code{overflow-wrap:anywhere}\
.scroll{overflow-x:auto;max-width:100%}\
figure{margin:1rem 0}\
.timeline{display:block;max-width:none;font-family:system-ui,sans-serif;font-size:12px}\
.status{font-weight:700}\
.in-force{color:#14532d}.ended{color:#8a1c1c}.unconfirmed{color:#8a4b00}\
.lead{font-size:1.1rem}\
.record{color:#333;font-size:.95rem}\
.verdict{font-weight:700;text-transform:uppercase;font-size:.85rem}\
.answer{border:2px solid #1d4f91;padding:.5rem 1rem;margin:1rem 0}\
.answer[data-certain=false]{border-color:#8a4b00}\
sup{line-height:0}\
ol.sources li{margin-bottom:.3rem;overflow-wrap:anywhere}\
.date{white-space:nowrap}\
.az{columns:16rem auto}\
footer{border-top:1px solid #ccc;margin-top:2rem;padding-bottom:2rem;color:#333;font-size:.95rem}\
label{font-weight:600;display:block;margin-top:.5rem}\
input,button{font:inherit;padding:.3rem .5rem;border:1px solid #767676;max-width:100%}\
input{width:24rem}button{margin-top:.75rem}\
@media screen and (max-width:40rem){h1{font-size:1.4rem}\
table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:auto}\
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\
table.stack tr{border:1px solid #b5b5b5;margin:0 0 .6rem}\
table.stack th,table.stack td{border:0;border-top:1px solid #e4e4e4}\
table.stack td[data-label]::before{content:attr(data-label) ': ';font-weight:600}\
.az{columns:auto}input{width:100%}}\
@media print{header nav,form,.filter,noscript{display:none}\
body{font-size:10pt}header,main,footer{max-width:none;padding:0}\
.scroll{overflow:visible}table{font-size:8pt;page-break-inside:auto}tr{break-inside:avoid}\
thead{display:table-header-group}th,td{padding:.1rem .2rem}\
svg.timeline{width:100%;height:auto}a{color:#000}}";

/// Numbered citations on one page: each cited source gets a number the
/// first time it is cited, and the page ends with the list.
struct Cites<'a> {
    site: &'a Site<'a>,
    ids: Vec<String>,
    numbers: HashMap<String, usize>,
}

impl<'a> Cites<'a> {
    fn new(site: &'a Site<'a>) -> Self {
        Cites {
            site,
            ids: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    /// `[1][3]`, linking to the page's source list.
    fn refs(&mut self, ids: &[String]) -> Markup {
        let mut cited = Vec::new();
        for id in ids {
            let Some(source) = self.site.sources.get(id) else {
                continue;
            };
            let n = match self.numbers.get(id) {
                Some(n) => *n,
                None => {
                    self.ids.push(id.clone());
                    self.numbers.insert(id.clone(), self.ids.len());
                    self.ids.len()
                }
            };
            cited.push((id.clone(), source.title.clone(), n));
        }
        html! {
            @for (id, title, n) in &cited {
                sup { a href={ "#src-" (id) } title=(title) { "[" (n) "]" } }
            }
        }
    }

    fn str_refs(&mut self, ids: &[&str]) -> Markup {
        let owned: Vec<String> = ids.iter().map(|s| (*s).to_string()).collect();
        self.refs(&owned)
    }

    /// The source list.
    fn list(&self) -> Markup {
        html! {
            section aria-labelledby="sources" {
                h2 id="sources" { "Sources" }
                @if self.ids.is_empty() {
                    p { "This page cites no document." }
                } @else {
                    ol.sources {
                        @for id in &self.ids {
                            @let s = &self.site.sources[id];
                            li id={ "src-" (id) } {
                                // Only an http(s) or DOI address becomes a link; anything
                                // else a database holds is shown as text.
                                @match s.url.as_deref().map(|u| (u, link_href(u))) {
                                    Some((_, Some(href))) => a href=(href) { (s.title) },
                                    Some((url, None)) => { (s.title) " (address not linked: " (url) ")" },
                                    None => { (s.title) " (no URL)" },
                                }
                                " — " (s.publisher)
                                @if let Some(d) = &s.date { ", " (d) }
                                ". "
                                small { (s.kind) " · id " code { (id) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A table that becomes stacked records on a narrow screen: the first cell
/// of each row is its header, the others carry their column's name.
fn table(caption: Option<&str>, headers: &[&str], rows: Vec<Vec<Markup>>) -> Markup {
    html! {
        div.scroll {
            table.stack {
                @if let Some(c) = caption { caption { (c) } }
                thead { tr { @for h in headers { th scope="col" { (h) } } } }
                tbody {
                    @for row in rows {
                        tr {
                            @for (i, cell) in row.into_iter().enumerate() {
                                @if i == 0 {
                                    th scope="row" { (cell) }
                                } @else {
                                    td data-label=(headers.get(i).copied().unwrap_or("")) { (cell) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The frame of every page. `depth` is how many folders below the root the
/// page is (0 or 1), for relative links.
fn layout(site: &Site, depth: usize, title: &str, body: &Markup, scripts: &[&str]) -> String {
    let root = "../".repeat(depth);
    let nav = [
        ("index.html", "Home"),
        ("ask.html", "Ask"),
        ("index.html#products", "Products"),
        ("places.html", "Places A–Z"),
        ("conditions.html", "Conditions A–Z"),
        ("timeline.html", "Timeline"),
        ("frameworks.html", "Regulators"),
        ("index.html#audits", "Published tables"),
        ("clinic.html", "Asking a clinic"),
        ("downloads.html", "Downloads"),
    ];
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — mscdb" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    p { a href={ (root) "index.html" } { "mscdb" } ": approved mesenchymal stromal cell products, sourced" }
                    nav aria-label="Site" { ul { @for (href, text) in nav { li { a href={ (root) (href) } { (text) } } } } }
                }
                main { (body) }
                footer {
                    p {
                        "Record date: " time datetime=(site.record_date) { (site.record_date) }
                        ". Every answer on this site is the one " code { "mscdb" } " gives as of that date. Generated by "
                        code { "mscdb site" } "; data CC BY 4.0."
                    }
                }
                @for s in scripts { script src={ (root) (s) } {} }
            }
        }
    }
    .into_string()
}

fn record_line(site: &Site) -> Markup {
    html! { p.record { "As of the record date, " time datetime=(site.record_date) { (site.record_date) } "." } }
}

fn product_link(site: &Site, depth: usize, id: &str) -> Markup {
    let name = site.product_name(id).unwrap_or(id);
    html! { a href={ ("../".repeat(depth)) "products/" (id) ".html" } { (name) } }
}

fn place_link(site: &Site, depth: usize, code: &str) -> Markup {
    let name = site.place_name(code);
    html! {
        @if site.has_place(code) {
            a href={ ("../".repeat(depth)) "places/" (code) ".html" } { (name) }
        } @else { (name) }
    }
}

fn indication_link(site: &Site, depth: usize, id: &str) -> Markup {
    let name = site.indication_name(id);
    html! {
        @if site.has_indication(id) {
            a href={ ("../".repeat(depth)) "indications/" (id) ".html" } { (name) }
        } @else { (name) }
    }
}

fn decision_indication(site: &Site, depth: usize, d: &Decision) -> Markup {
    html! {
        @match &d.indication_id {
            Some(id) => {
                (indication_link(site, depth, id))
                @if let Some(text) = d.indication_text.as_ref().filter(|t| **t != site.indication_name(id)) {
                    " " small { "(" (text) ")" }
                }
            },
            None => (d.indication_label()),
        }
    }
}

/// A `check` answer as `check` prints it: verdict, headline, evidence, lists, caveats.
fn answer_block(c: &mut Cites, v: &CheckView, id: Option<&str>) -> Markup {
    answer_with(c, v, id, None)
}

/// The evidence of an answer as a table, with its sources.
fn evidence_table(c: &mut Cites, v: &CheckView, evidence: &[(Vec<String>, Vec<String>)]) -> Markup {
    let rows: Vec<Vec<Markup>> = evidence
        .iter()
        .map(|(cells, sources)| {
            let mut row: Vec<Markup> = cells.iter().map(|t| html! { (t) }).collect();
            row.push(c.refs(sources));
            row
        })
        .collect();
    let mut headers = v.evidence_headers.clone();
    headers.push("Sources");
    table(Some("Evidence"), &headers, rows)
}

/// [`answer_block`], with `evidence` (the list of its pages) in place of
/// the evidence table when it is given.
fn answer_with(c: &mut Cites, v: &CheckView, id: Option<&str>, evidence: Option<Markup>) -> Markup {
    let evidence = match evidence {
        Some(m) => Some(m),
        None => (!v.evidence.is_empty()).then(|| evidence_table(c, v, &v.evidence)),
    };
    html! {
        div.answer id=[id] data-verdict=(v.verdict) data-certain=(v.certain) {
            p.lead { span.verdict { (v.verdict) } ": " (v.headline) }
            @if let Some(e) = evidence { (e) }
            @for (title, lines) in &v.lists {
                p { strong { (title) } }
                ul { @for l in lines { li { (l) } } }
            }
            @if !v.caveats.is_empty() {
                p { strong { "Caveats:" } }
                ul { @for cv in &v.caveats { li { (cv) } } }
            }
        }
    }
}

fn grant_status(g: &Grant) -> Markup {
    let class = match g.status {
        StandingStatus::InForce if g.status_note.is_some() => "status unconfirmed",
        StandingStatus::InForce => "status in-force",
        StandingStatus::Ended => "status ended",
        _ => "status",
    };
    html! { span class=(class) { (prose::grant_standing(g)) } }
}

// ---- home -------------------------------------------------------------------

/// The most products one list page holds, and the most events one
/// timeline page shows: a longer list is split into pages (about 1 KB a
/// row, so each stays well under 2 MB, what a phone should have to load).
pub const PRODUCTS_PER_PAGE: usize = 250;
pub const EVENTS_PER_PAGE: usize = 1500;

/// The products' table of the home page (or of one of its list pages).
fn products_table(site: &Site, products: &[ProductEntry]) -> Markup {
    let product_rows: Vec<Vec<Markup>> = products
        .iter()
        .map(|p| {
            let prod = &p.product;
            let places = |list: &[String]| {
                html! {
                    @if list.is_empty() { "—" }
                    @for (i, code) in list.iter().enumerate() {
                        @if i > 0 { ", " }
                        (place_link(site, 0, code))
                    }
                }
            };
            vec![
                html! { a href={ "products/" (prod.id) ".html" } { (prod.display_name()) } },
                html! { (prod.sponsor) },
                html! { (prod.cells()) },
                places(&p.in_force),
                places(&p.ended),
            ]
        })
        .collect();
    table(
        Some("Every product in the record, with where a grant is in force on the record date"),
        &["Product", "Sponsor", "Cells", "In force in", "Ended in"],
        product_rows,
    )
}

/// The products in list pages of [`PRODUCTS_PER_PAGE`]; one part when they fit.
fn product_parts<'s>(site: &'s Site) -> Vec<&'s [ProductEntry]> {
    if site.products.len() <= PRODUCTS_PER_PAGE {
        return vec![&site.products[..]];
    }
    site.products.chunks(PRODUCTS_PER_PAGE).collect()
}

/// The products in timeline pages of at most [`EVENTS_PER_PAGE`] events
/// (a product with more has a page of its own); one part when they fit.
fn timeline_parts<'s>(site: &'s Site) -> Vec<&'s [ProductEntry]> {
    let mut parts = Vec::new();
    let (mut start, mut events) = (0, 0);
    for (i, p) in site.products.iter().enumerate() {
        if i > start && events + p.events > EVENTS_PER_PAGE {
            parts.push(&site.products[start..i]);
            start = i;
            events = 0;
        }
        events += p.events;
    }
    parts.push(&site.products[start..]);
    parts
}

/// A list of the pages a long list is split into: "Aaa – Bbb (250)".
fn parts_list(parts: &[&[ProductEntry]], file: &str) -> Markup {
    html! {
        ol {
            @for (i, part) in parts.iter().enumerate() {
                @let first = part.first().map_or("", |p| p.product.name.as_str());
                @let last = part.last().map_or("", |p| p.product.name.as_str());
                li { a href={ (file) "-" (i + 1) ".html" } { (first) " – " (last) } " " small { "(" (prose::count(part.len(), "product")) ")" } }
            }
        }
    }
}

/// One of the pages the home page's product list is split into.
fn products_part(site: &Site, n: usize, part: &[ProductEntry], of: usize) -> Page {
    let body = html! {
        h1 { "Products, page " (n) " of " (of) }
        (record_line(site))
        p { "The products of the record, in the home page's order; " a href="index.html#products" { "all pages of the list" } "." }
        (products_table(site, part))
    };
    Page {
        path: format!("products-{n}.html"),
        html: layout(site, 0, &format!("Products, page {n} of {of}"), &body, &[]),
    }
}

fn index(site: &Site) -> Page {
    let mut c = Cites::new(site);
    let parts = product_parts(site);
    let products = if parts.len() == 1 {
        products_table(site, parts[0])
    } else {
        html! {
            p { "The record holds " (prose::count(site.products.len(), "product")) "; the list is in pages of " (PRODUCTS_PER_PAGE) ":" }
            (parts_list(&parts, "products"))
        }
    };
    let body = html! {
        h1 { "Approved mesenchymal stromal cell (MSC) products: the sourced record" }
        p.lead {
            "Which MSC products are approved, where, for which disease, and whether the approval still stands — every fact with its source. Record date: "
            time datetime=(site.record_date) { (site.record_date) } "."
        }
        @if let Some(cov) = &site.coverage { p { "What the record covers: " (cov) } }
        section aria-labelledby="questions" {
            h2 id="questions" { "The questions people ask, and where to look" }
            ul {
                li { strong { "Is this product approved — here, for this disease, still?" } " " a href="ask.html" { "Ask" } ": type a product, a country and a disease." }
                li { strong { "What is approved in my country?" } " Every country and territory has a page: " a href="places.html" { "places A–Z" } "." }
                li { strong { "Is anything approved for my disease?" } " See " a href="conditions.html" { "conditions A–Z" } " (diseases by their everyday names too)." }
                li { strong { "When was what approved, and what was withdrawn?" } " See the " a href="timeline.html" { "approvals timeline" } "." }
                li { strong { "How do FDA, EMA, PMDA, NMPA and others regulate these products?" } " See " a href="frameworks.html" { "regulators side by side" } "." }
                li { strong { "Is this published table of approvals right?" } " See " a href="#audits" { "published tables, row by row" } "." }
                li { strong { "A clinic offers me stem cells." } " Read " a href="clinic.html" { "the three questions to ask a clinic" } "." }
                li { strong { "I want the data." } " See " a href="downloads.html" { "downloads" } "." }
            }
            p { "Not in the record does not mean approved, nor the reverse: the record holds MSC and MSC-like products that received a regulatory decision, and the products its sources name." }
        }
        section.filter aria-labelledby="find" hidden {
            h2 id="find" { "Find a product, place or condition" }
            label for="filter" { "Type a name" }
            input id="filter" type="search" placeholder="Alofisel, Mexico, knee, autism" autocomplete="off";
            p id="filter-status" aria-live="polite" {}
            ul id="filter-results" {}
        }
        section aria-labelledby="products" {
            h2 id="products" { "Products" }
            (products)
        }
        section aria-labelledby="places" {
            h2 id="places" { "Places" }
            p { "Every country and territory (ISO 3166-1) and the European Union has a page: what applies there today, through memberships too, and what the record says of its regulator. " a href="places.html" { "All places, A–Z" } "." }
        }
        section aria-labelledby="conditions" {
            h2 id="conditions" { "Diseases and conditions" }
            p { "Every indication in the record, and the conditions people ask about by their everyday names (autism, MS, COPD, …). " a href="conditions.html" { "All conditions, A–Z" } "." }
        }
        section aria-labelledby="audits" {
            h2 id="audits" { "Published tables and claims, row by row" }
            ul {
                @for a in &site.audits {
                    @let wrong = a.claims.iter().filter(|cl| cl.claim.verdict == "wrong").count();
                    li { a href={ "audit/" (a.source.id) ".html" } { (a.source.title) } " — " (prose::count(a.claims.len(), "claim")) ", " (wrong) " wrong" }
                }
            }
        }
        (c.list())
    };
    let _ = &mut c;
    Page {
        path: "index.html".into(),
        html: layout(
            site,
            0,
            "Approved MSC products",
            &body,
            &["ask/find.js", "ask/filter.js"],
        ),
    }
}

/// The most products the home filter searches by part of a name: 10,000
/// make `find.js` about 1.9 MB, which the home page loads; 100,000 made it
/// 19 MB. Above, the filter finds places and conditions, and sends a
/// product's name to the ask page, which looks names up a shard at a time.
pub const FIND_PRODUCTS: usize = 10_000;

/// What the home filter searches: every page a name leads to (products
/// only up to [`FIND_PRODUCTS`]; above, `MSCDB_FIND_PRODUCTS` says how many
/// are left out). Written item by item (the same JSON as the whole list
/// serialised at once).
pub fn find_index(site: &Site) -> String {
    find_index_upto(site, FIND_PRODUCTS)
}

/// [`find_index`] with products searched up to `most`.
fn find_index_upto(site: &Site, most: usize) -> String {
    let mut out = String::from("window.MSCDB_FIND=[");
    let products = if site.products.len() <= most {
        &site.products[..]
    } else {
        &[]
    };
    let mut first = true;
    let mut item = |path: &str, text: &str, kind: &str| {
        if !std::mem::take(&mut first) {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(&(path, text, kind)).unwrap_or_else(|_| "[]".into()));
    };
    for p in products {
        let prod = &p.product;
        let mut words = vec![prod.name.clone(), prod.sponsor.clone(), prod.cells()];
        words.extend(prod.nonproprietary_name.clone());
        words.extend(p.aliases.iter().cloned());
        item(
            &format!("products/{}.html", prod.id),
            &format!("{}|{}", prod.display_name(), words.join(" ")),
            "product",
        );
    }
    for p in &site.places {
        item(
            &format!("places/{}.html", p.code),
            &format!("{}|{} {}", p.name, p.name, p.code),
            "place",
        );
    }
    for cpage in &site.conditions {
        item(
            &cpage.path(),
            &format!("{}|{}", cpage.name, cpage.name),
            "condition",
        );
    }
    out.push_str("];\n");
    if products.len() < site.products.len() {
        out.push_str(&format!("window.MSCDB_FIND_PRODUCTS={};\n", site.products.len()));
    }
    out
}

/// The timeline of some products: the drawing and the same events as a
/// table. `title` and `path` name the page (the whole timeline, or a part).
fn timeline_of(
    site: &Site,
    part: &[ProductEntry],
    path: String,
    title: &str,
    parts: Option<&Markup>,
) -> Result<Page> {
    let mut c = Cites::new(site);
    let (lanes, events) = site.timeline_part(part)?;
    let rows: Vec<Vec<Markup>> = events
        .iter()
        .map(|d| {
            vec![
                product_link(site, 0, &d.product_id),
                place_link(site, 0, &d.jurisdiction),
                html! { span.date { (d.date_label()) } },
                html! { (d.decision) " " (c.refs(&d.sources)) },
                decision_indication(site, 0, d),
            ]
        })
        .collect();
    let body = html! {
        h1 { (title) }
        (record_line(site))
        p { "One lane per product and jurisdiction. A bar runs while a grant is in force by the same rule every answer uses, to the event that ended it or to the record date. Solid bars are full approvals; hatched bars with a dashed outline are conditional, time-limited or provisional grants, and every bar is labelled in words. Triangles mark withdrawals, expiries, suspensions and revocations; crosses mark refusals. On a small screen, scroll the drawing sideways; the table below lists the same events." }
        @if let Some(p) = parts { (p) }
        figure {
            div.scroll { (PreEscaped(svg::timeline(&lanes, site.as_of, "Approvals of MSC products by jurisdiction"))) }
            figcaption { "Approvals timeline for every product in the record; the table below links each event to its product page and sources." }
        }
        section aria-labelledby="events" {
            h2 id="events" { "The same events as a table" }
            (table(Some("Grants, ends and refusals, product by product"), &["Product", "Place", "Date", "Decision", "Indication"], rows))
        }
        (c.list())
    };
    Ok(Page {
        path,
        html: layout(site, 0, title, &body, &[]),
    })
}

/// The timeline: one page when it fits [`EVENTS_PER_PAGE`], else a page
/// listing its parts and the parts, each written as it is made.
fn timeline_pages(site: &Site, put: &mut dyn FnMut(Page) -> Result<()>) -> Result<()> {
    let parts = timeline_parts(site);
    if parts.len() == 1 {
        return put(timeline_of(
            site,
            parts[0],
            "timeline.html".into(),
            "Approvals timeline",
            None,
        )?);
    }
    let of = parts.len();
    let body = html! {
        h1 { "Approvals timeline" }
        (record_line(site))
        p { "The record holds " (prose::count(site.products.len(), "product")) "; their timeline is in " (of) " pages, each with the drawing and the same events as a table:" }
        (parts_list(&parts, "timeline"))
    };
    put(Page {
        path: "timeline.html".into(),
        html: layout(site, 0, "Approvals timeline", &body, &[]),
    })?;
    for (i, part) in parts.iter().enumerate() {
        let n = i + 1;
        let back = html! { p { "Page " (n) " of " (of) "; " a href="timeline.html" { "all pages of the timeline" } "." } };
        put(timeline_of(
            site,
            part,
            format!("timeline-{n}.html"),
            &format!("Approvals timeline, page {n} of {of}"),
            Some(&back),
        )?)?;
    }
    Ok(())
}

// ---- products ---------------------------------------------------------------

fn standing_class(s: StandingStatus, unconfirmed: bool) -> &'static str {
    match s {
        StandingStatus::InForce if unconfirmed => "status unconfirmed",
        StandingStatus::InForce => "status in-force",
        StandingStatus::Ended => "status ended",
        _ => "status",
    }
}

fn product_page(site: &Site, p: &ProductPage) -> PagePath {
    let mut c = Cites::new(site);
    let show = &p.show;
    let prod = &show.product;
    let lead = answer_block(&mut c, &p.check, None);
    let about = {
        let mut rows = vec![vec![
            html! { "Name" },
            html! { (prod.name) " " (c.refs(&prod.sources)) },
        ]];
        if let Some(n) = &prod.nonproprietary_name {
            rows.push(vec![html! { "Nonproprietary name" }, html! { (n) }]);
        }
        rows.push(vec![html! { "Sponsor" }, html! { (prod.sponsor) }]);
        rows.push(vec![
            html! { "Cells" },
            html! { (prod.cells()) " (" (prod.donor) " donor; tissue: " (prod.tissue) "; type: " (prod.cell_type) ")" },
        ]);
        if !show.aliases.is_empty() {
            rows.push(vec![
                html! { "Other names" },
                html! { ul { @for a in &show.aliases { li { (a.alias) " " small { "(" (a.kind) ")" } @if let Some(n) = &a.note { " — " (n) } } } } },
            ]);
        }
        if let Some(notes) = &prod.notes {
            rows.push(vec![html! { "Notes" }, html! { (notes) }]);
        }
        table(None, &["", "Value"], rows)
    };
    let status_rows: Vec<Vec<Markup>> = show
        .status
        .iter()
        .map(|s| {
            let unconfirmed = s.grant.as_ref().is_some_and(|g| g.status_note.is_some());
            let behind: Vec<&Decision> = s.grant.iter().chain(&s.end).chain(&s.negatives).collect();
            let ids: Vec<String> = behind.iter().flat_map(|d| d.sources.clone()).collect();
            vec![
                place_link(site, 1, &s.jurisdiction),
                indication_link(site, 1, &s.indication_id),
                html! { span class=(standing_class(s.status, unconfirmed)) { (s.status.as_str()) @if unconfirmed { " (unconfirmed)" } } },
                html! { (prose::standing_detail(s)) " " (c.refs(&ids)) },
            ]
        })
        .collect();
    let mut by_place: Vec<(&str, Vec<&Decision>)> = Vec::new();
    for d in &show.decisions {
        match by_place.iter_mut().find(|(j, _)| *j == d.jurisdiction) {
            Some((_, list)) => list.push(d),
            None => by_place.push((&d.jurisdiction, vec![d])),
        }
    }
    by_place.sort_by_key(|(j, _)| *j);
    let decisions: Vec<(String, Markup)> = by_place
        .iter()
        .map(|(code, list)| {
            let rows = list
                .iter()
                .map(|d| {
                    let mut note = Vec::new();
                    if let Some(v) = &d.valid_until {
                        note.push(format!("valid until {v}"));
                    }
                    if let Some(pw) = &d.pathway {
                        note.push(format!("pathway: {pw}"));
                    }
                    if let Some(n) = &d.status_note {
                        note.push(n.clone());
                    }
                    if let Some(n) = &d.note {
                        note.push(n.clone());
                    }
                    if d.confidence != "high" {
                        note.push(format!("confidence: {}", d.confidence));
                    }
                    vec![
                        html! { span.date { (d.date_label()) } },
                        html! { (d.decision) " " (c.refs(&d.sources)) },
                        html! { (d.regulator) },
                        decision_indication(site, 1, d),
                        html! { (d.brand.as_deref().unwrap_or("")) },
                        html! { (note.join("; ")) },
                    ]
                })
                .collect();
            (
                (*code).to_string(),
                table(
                    None,
                    &["Date", "Decision", "Regulator", "Indication", "Brand", "Note"],
                    rows,
                ),
            )
        })
        .collect();
    let filings: Vec<Vec<Markup>> = show
        .filings
        .iter()
        .map(|f| {
            vec![
                html! { (f.kind) },
                html! { (f.number.as_deref().unwrap_or("(number not found)")) " " (c.refs(&f.sources)) },
                html! { (f.regulator.as_deref().unwrap_or("registry")) },
                html! { (f.date_label()) },
                html! { (f.status) },
                html! { (f.indication_text.as_deref().or(f.indication_id.as_deref()).unwrap_or("")) },
            ]
        })
        .collect();
    let claims: Vec<Vec<Markup>> = show
        .claims
        .iter()
        .map(|cl| {
            vec![
                html! { (cl.locator) " " (c.refs(std::slice::from_ref(&cl.source_id))) },
                html! { span.verdict { (cl.verdict) } },
                html! { (cl.correction) " " (c.refs(&cl.sources)) },
            ]
        })
        .collect();
    let body = html! {
        h1 { (prod.display_name()) }
        (record_line(site))
        (lead)
        section aria-labelledby="about" { h2 id="about" { "Names and cells" } (about) }
        section aria-labelledby="status" {
            h2 id="status" { "Where it stands, place by place" }
            @if status_rows.is_empty() {
                p { "The record holds no decision about marketing this product in any place." }
            } @else {
                (table(Some(&format!("Status of {} in each place and indication on {}", prod.name, site.record_date)),
                    &["Place", "Indication", "Status", "Why"], status_rows))
            }
        }
        @if !p.lanes.is_empty() {
            section aria-labelledby="timeline" {
                h2 id="timeline" { "Timeline" }
                figure {
                    div.scroll { (PreEscaped(svg::timeline(&p.lanes, site.as_of, &format!("Approvals timeline of {}", prod.name)))) }
                    figcaption { "Grants as bars while in force (hatched: conditional or time-limited), ends and refusals as markers; the decisions are listed below with their sources." }
                }
            }
        }
        section aria-labelledby="decisions" {
            h2 id="decisions" { "Decisions, place by place" }
            @if decisions.is_empty() { p { "None recorded." } }
            @for (code, t) in &decisions {
                h3 id={ "in-" (code) } { (place_link(site, 1, code)) }
                (t)
            }
        }
        @if !filings.is_empty() {
            section aria-labelledby="filings" {
                h2 id="filings" { "Investigational filings and registrations" }
                (table(None, &["Kind", "Number", "Regulator", "Date", "Status", "Indication"], filings))
            }
        }
        @if !claims.is_empty() {
            section aria-labelledby="claims" {
                h2 id="claims" { "What publications say about it" }
                (table(None, &["Where", "Verdict", "What the record says"], claims))
            }
        }
        p { a href={ "../ask.html?product=" (query_value(&prod.id)) } { "Ask about " (prod.name) " in your country" } }
        (c.list())
    };
    Ok(Page {
        path: page_path("products", &prod.id, Kind::Slug)?,
        html: layout(site, 1, &prod.name, &body, &[]),
    })
}

// ---- places -----------------------------------------------------------------

/// The grants of these rows, one table row each.
fn grants_table(site: &Site, c: &mut Cites, products: &[&ProductRow], caption: &str) -> Option<Markup> {
    let mut rows = Vec::new();
    for r in products {
        for g in &r.grants {
            rows.push(vec![
                product_link(site, 1, &r.id),
                html! { (r.cell_type) },
                place_link(site, 1, &g.jurisdiction),
                html! { (prose::grant_label(g)) " " (c.refs(&g.sources)) },
                grant_status(g),
            ]);
        }
    }
    (!rows.is_empty()).then(|| {
        table(
            Some(caption),
            &["Product", "Cells", "Decided by", "Grant", "Status"],
            rows,
        )
    })
}

/// The most grants one table of a place page holds; a longer table is
/// split into pages of its own (a place of a large record has thousands).
pub const GRANTS_PER_PAGE: usize = 250;

/// One of a place page's tables of grants: the rows it shows, in pages of
/// at most [`GRANTS_PER_PAGE`] grants (a product's grants kept together);
/// one part when they fit.
struct GrantList<'a> {
    /// The section's id, and the part pages' infix: `now`, `ended`, `other`.
    key: &'static str,
    heading: &'static str,
    caption: &'static str,
    parts: Vec<Vec<&'a ProductRow>>,
}

impl<'a> GrantList<'a> {
    fn new(
        key: &'static str,
        heading: &'static str,
        caption: &'static str,
        answer: &'a ProductsAnswer,
        want: &[ProductStatus],
    ) -> Self {
        let mut parts: Vec<Vec<&ProductRow>> = vec![Vec::new()];
        let mut grants = 0;
        for r in answer.rows.iter().filter(|r| want.contains(&r.status)) {
            let last = parts.len() - 1;
            if !parts[last].is_empty() && grants + r.grants.len() > GRANTS_PER_PAGE {
                parts.push(Vec::new());
                grants = 0;
            }
            grants += r.grants.len();
            let last = parts.len() - 1;
            parts[last].push(r);
        }
        GrantList {
            key,
            heading,
            caption,
            parts,
        }
    }

    fn paged(&self) -> bool {
        self.parts.len() > 1
    }

    /// The table, or (when paged) the list of its pages.
    fn on_page(&self, site: &Site, c: &mut Cites, code: &str) -> Option<Markup> {
        if !self.paged() {
            return grants_table(site, c, &self.parts[0], self.caption);
        }
        let products: usize = self.parts.iter().map(Vec::len).sum();
        let grants: usize = self.parts.iter().flatten().map(|r| r.grants.len()).sum();
        Some(html! {
            p { (prose::count(products, "product")) " with " (prose::count(grants, "grant")) ", in pages of at most " (GRANTS_PER_PAGE) " grants:" }
            ol {
                @for (i, part) in self.parts.iter().enumerate() {
                    @let first = part.first().map_or("", |r| r.name.as_str());
                    @let last = part.last().map_or("", |r| r.name.as_str());
                    li { a href={ (code) "-" (self.key) "-" (i + 1) ".html" } { (first) " – " (last) } " " small { "(" (prose::count(part.len(), "product")) ")" } }
                }
            }
        })
    }

    /// The pages the table is split into (none when it fits).
    fn part_pages(&self, site: &Site, p: &PlacePage, put: &mut dyn FnMut(Page) -> Result<()>) -> Result<()> {
        if !self.paged() {
            return Ok(());
        }
        let of = self.parts.len();
        for (i, part) in self.parts.iter().enumerate() {
            let n = i + 1;
            let mut c = Cites::new(site);
            let t = grants_table(site, &mut c, part, self.caption);
            let title = format!("{}: {}, page {n} of {of}", p.name, self.heading);
            let body = html! {
                h1 { (title) }
                (record_line(site))
                p { "A page of a table of " a href={ (p.code) ".html#" (self.key) } { (p.name) } "'s page." }
                @if let Some(t) = t { (t) }
                (c.list())
            };
            put(Page {
                path: format!("places/{}-{}-{n}.html", p.code, self.key),
                html: layout(site, 1, &title, &body, &[]),
            })?;
        }
        Ok(())
    }
}

/// A place page's three tables of grants.
fn grant_lists(p: &PlacePage) -> [GrantList<'_>; 3] {
    [
        GrantList::new(
            "now",
            "MSC products approved here now",
            "MSC products with a grant in force here on the record date",
            &p.msc,
            &[ProductStatus::Approved],
        ),
        GrantList::new(
            "ended",
            "No longer approved here",
            "MSC products whose grants here have all ended",
            &p.msc,
            &[ProductStatus::NoLongerApproved],
        ),
        GrantList::new(
            "other",
            "Not MSC products, listed apart",
            "Not MSC products (other cell types), listed apart",
            &p.other,
            &[ProductStatus::Approved, ProductStatus::NoLongerApproved],
        ),
    ]
}

fn frameworks_table(site: &Site, c: &mut Cites, fw: &crate::answer::frameworks::FrameworksAnswer) -> Markup {
    let mut headers: Vec<String> = vec!["Topic".into()];
    for r in &fw.regulators {
        headers.push(
            site.regulators
                .iter()
                .find(|x| &x.id == r)
                .map_or(r.clone(), |x| format!("{} ({})", x.id, x.name)),
        );
    }
    let rows: Vec<Vec<Markup>> = fw
        .topics
        .iter()
        .map(|&topic| {
            let mut row = vec![html! { (topic.as_str()) }];
            for r in &fw.regulators {
                row.push(match fw.fact(r, topic) {
                    Some(f) => match &f.summary {
                        Some(s) => html! { (s) " " (c.refs(&f.sources)) },
                        None => html! { "not in the record" },
                    },
                    None => html! { "—" },
                });
            }
            row
        })
        .collect();
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    table(Some("Topics (rows) by regulator (columns)"), &refs, rows)
}

fn place_page(site: &Site, p: &PlacePage, lists: &[GrantList; 3]) -> PagePath {
    let mut c = Cites::new(site);
    let [approved, ended, other] = lists.each_ref().map(|l| l.on_page(site, &mut c, &p.code));
    let n = p.approved();
    let paged = p.checked.len() > CHECKS_PER_PAGE;
    let checks = if paged {
        let parts: Vec<&[(String, String)]> = p.checked.chunks(CHECKS_PER_PAGE).collect();
        html! {
            p { (prose::count(p.checked.len(), "MSC product")) ", in pages of " (CHECKS_PER_PAGE) ":" }
            ol {
                @for (i, part) in parts.iter().enumerate() {
                    @let first = part.first().map_or("", |x| x.1.as_str());
                    @let last = part.last().map_or("", |x| x.1.as_str());
                    li { a href={ (p.code) "-checks-" (i + 1) ".html" } { (first) " – " (last) } }
                }
            }
        }
    } else {
        checks_table(site, &mut c, &p.checks)
    };
    let memberships = html! {
        ul {
            @for m in &p.memberships {
                li {
                    (place_link(site, 1, &m.member_of)) " from " (m.from)
                    @if let Some(u) = &m.until { " until " (u) }
                    " (" (m.basis) ") " (m.note.as_deref().unwrap_or("")) (c.refs(&m.sources))
                }
            }
        }
    };
    let note_refs = c.refs(&p.note_sources);
    let fw = (!p.frameworks.regulators.is_empty()).then(|| frameworks_table(site, &mut c, &p.frameworks));
    let body = html! {
        h1 { (p.name) " (" (p.code) ")" }
        (record_line(site))
        p.lead { (prose::place_summary(&prose::with_article(&p.name, &p.article), n, p.msc.rows.iter().filter(|r| r.status == ProductStatus::NoLongerApproved).count())) }
        @if let Some(note) = &p.note { p { (note) " " (note_refs) } }
        @if p.applicable.len() > 1 {
            p {
                "Decisions of "
                @for (i, j) in p.applicable[1..].iter().enumerate() { @if i > 0 { ", " } (place_link(site, 1, j)) }
                " apply here on the record date, through membership."
            }
        }
        section aria-labelledby="now" {
            h2 id="now" { "MSC products approved here now" }
            @match &approved { Some(t) => (t), None => p { (prose::place_summary(&prose::with_article(&p.name, &p.article), 0, 0)) } }
        }
        @if let Some(t) = &ended { section aria-labelledby="ended" { h2 id="ended" { "No longer approved here" } (t) } }
        @if let Some(t) = &other {
            section aria-labelledby="other" {
                h2 id="other" { "Not MSC products, listed apart" }
                p { "These products are of other cell types (gene-modified blood stem cells, limbal stem cells and others). The record holds them because its sources name them; they are not MSC approvals." }
                (t)
            }
        }
        section aria-labelledby="checks" {
            h2 id="checks" { "Each MSC product, checked here" }
            p { "What " code { "mscdb check PRODUCT --in " (p.code) } " answers for every MSC product with a grant anywhere. " a href={ "../ask.html?in=" (query_value(&p.code)) } { "Ask about a disease here" } "." }
            (checks)
            @if p.unlisted > 0 {
                p { "The record holds " (prose::count(p.unlisted, "other MSC product")) " with a grant elsewhere and no decision that applies here; each one's page gives what " code { "mscdb check" } " answers for it." }
            }
        }
        @if !p.memberships.is_empty() { section aria-labelledby="members" { h2 id="members" { "Memberships" } (memberships) } }
        section aria-labelledby="regulator" {
            h2 id="regulator" { "Regulator and framework" }
            @if p.regulators.is_empty() {
                p { "The record names no regulator acting here. That means the record has not collected this regulator's decisions, not that nothing is regulated here." }
            } @else {
                ul { @for r in &p.regulators { li { strong { (r.id) } ": " (r.name) " (" (place_link(site, 1, &r.jurisdiction)) ")" } } }
                @match &fw {
                    Some(t) => { (t) p { "All regulators side by side: " a href="../frameworks.html" { "frameworks" } "." } },
                    None => p { "The record holds no framework facts for these regulators." },
                }
            }
        }
        (c.list())
    };
    Ok(Page {
        path: page_path("places", &p.code, Kind::Code)?,
        html: layout(site, 1, &p.name, &body, &[]),
    })
}

/// (code, name, MSC products approved there) of every place, as its page found.
type PlaceCount = (String, String, usize);

/// The most products one place page checks; more go to pages of their own.
pub const CHECKS_PER_PAGE: usize = 500;

/// `check PRODUCT --in CODE` for some products, as rows.
fn checks_table(site: &Site, c: &mut Cites, checks: &[(String, String, CheckView)]) -> Markup {
    let rows: Vec<Vec<Markup>> = checks
        .iter()
        .map(|(id, _, v)| {
            let ids: Vec<String> = v.evidence.iter().flat_map(|(_, s)| s.clone()).collect();
            vec![
                product_link(site, 1, id),
                html! { span.verdict data-verdict=(v.verdict) data-certain=(v.certain) { (v.verdict) } },
                html! { (v.headline) " " (c.refs(&ids)) },
            ]
        })
        .collect();
    table(None, &["Product", "Verdict", "Answer"], rows)
}

/// The pages a long list of checks in a place is split into (none when it
/// fits), each asked of the engine and written before the next.
fn place_check_parts(site: &Site, p: &PlacePage, put: &mut dyn FnMut(Page) -> Result<()>) -> Result<()> {
    if p.checked.len() <= CHECKS_PER_PAGE {
        return Ok(());
    }
    let of = p.checked.len().div_ceil(CHECKS_PER_PAGE);
    for (i, part) in p.checked.chunks(CHECKS_PER_PAGE).enumerate() {
        let n = i + 1;
        let checks = site.place_checks(&p.code, part)?;
        let mut c = Cites::new(site);
        let t = checks_table(site, &mut c, &checks);
        let title = format!("{}: each MSC product checked, page {n} of {of}", p.name);
        let body = html! {
            h1 { (title) }
            (record_line(site))
            p { "What " code { "mscdb check PRODUCT --in " (p.code) } " answers; " a href={ (p.code) ".html#checks" } { "back to " (p.name) } "." }
            (t)
            (c.list())
        };
        put(Page {
            path: format!("places/{}-checks-{n}.html", p.code),
            html: layout(site, 1, &title, &body, &[]),
        })?;
    }
    Ok(())
}

fn places_az(site: &Site, counts: &[PlaceCount]) -> Page {
    let mut places: Vec<&PlaceCount> = counts.iter().collect();
    places.sort_by_key(|p| p.1.to_lowercase());
    let body = html! {
        h1 { "Places, A–Z" }
        (record_line(site))
        p { "Every country and territory of ISO 3166-1, and the European Union. Each page says what applies there (directly or through a union it belongs to), which MSC products are approved, and what the record says of its regulator. A place with no decision in the record is not a place where anything is approved." }
        ul.az {
            @for (code, name, n) in places {
                @let n = *n;
                li { a href={ "places/" (code) ".html" } { (name) } " " small { "(" @if n == 0 { "no MSC grant in force" } @else { (prose::count(n, "MSC product")) " approved" } ")" } }
            }
        }
    };
    Page {
        path: "places.html".into(),
        html: layout(site, 0, "Places A–Z", &body, &[]),
    }
}

// ---- conditions ---------------------------------------------------------------

/// The most rows of evidence one condition page holds; a longer table is
/// split into pages of its own (at 10^5 decisions a condition has thousands).
pub const EVIDENCE_PER_PAGE: usize = 250;

/// The path of a page of a condition's evidence: `_` is in no slug, so it
/// is never another condition's page.
fn evidence_part_path(cp: &ConditionPage, n: usize) -> String {
    let dir = match cp.kind {
        ConditionKind::Indication => "indications",
        ConditionKind::LayName(_) => "conditions",
    };
    format!("{dir}/{}_evidence-{n}.html", cp.slug)
}

fn condition_page(site: &Site, cp: &ConditionPage) -> PagePath {
    let mut c = Cites::new(site);
    let lay = match &cp.kind {
        ConditionKind::LayName(l) => Some((l, c.refs(&l.sources))),
        ConditionKind::Indication => None,
    };
    let rows = cp.check.evidence.len();
    let answer = if rows > EVIDENCE_PER_PAGE {
        let list = html! {
            p { strong { "Evidence:" } " " (prose::count(rows, "row")) ", in pages of " (EVIDENCE_PER_PAGE) ":" }
            ol {
                @for (i, start) in (0..rows).step_by(EVIDENCE_PER_PAGE).enumerate() {
                    @let end = (start + EVIDENCE_PER_PAGE).min(rows);
                    li { a href={ (cp.slug) "_evidence-" (i + 1) ".html" } { "rows " (start + 1) "–" (end) } }
                }
            }
        };
        answer_with(&mut c, &cp.check, None, Some(list))
    } else {
        answer_block(&mut c, &cp.check, None)
    };
    if cp
        .check
        .caveats
        .iter()
        .any(|x| x.contains(prose::CLINIC_WARNING_SOURCES[0]))
    {
        let _ = c.str_refs(prose::CLINIC_WARNING_SOURCES);
    }
    let body = html! {
        h1 { (cp.name) }
        (record_line(site))
        @if let Some((l, refs)) = &lay {
            p { "An everyday name, which the record reads as ICD-10-CM " (l.codes.join(", ")) "." @if let Some(n) = &l.note { " " (n) } " " (refs) }
        }
        (answer)
        p { a href={ "../ask.html?for=" (query_value(&cp.name)) } { "Ask about " (cp.name) " in your country" } }
        (c.list())
    };
    let depth = 1;
    let path = match cp.kind {
        ConditionKind::Indication => page_path("indications", &cp.slug, Kind::Slug)?,
        ConditionKind::LayName(_) => cp.path(),
    };
    Ok(Page {
        path,
        html: layout(site, depth, &cp.name, &body, &[]),
    })
}

/// The pages a condition's long evidence table is split into (none when it fits).
fn condition_parts(site: &Site, cp: &ConditionPage, put: &mut dyn FnMut(Page) -> Result<()>) -> Result<()> {
    let rows = cp.check.evidence.len();
    if rows <= EVIDENCE_PER_PAGE {
        return Ok(());
    }
    let of = rows.div_ceil(EVIDENCE_PER_PAGE);
    for (i, part) in cp.check.evidence.chunks(EVIDENCE_PER_PAGE).enumerate() {
        let n = i + 1;
        let mut c = Cites::new(site);
        let t = evidence_table(&mut c, &cp.check, part);
        let title = format!("{}: evidence, page {n} of {of}", cp.name);
        let body = html! {
            h1 { (title) }
            (record_line(site))
            p { "The evidence of what " code { "mscdb check --for " (cp.name) } " answers; " a href={ (cp.slug) ".html" } { "back to " (cp.name) } "." }
            (t)
            (c.list())
        };
        put(Page {
            path: evidence_part_path(cp, n),
            html: layout(site, 1, &title, &body, &[]),
        })?;
    }
    Ok(())
}

/// (path, name, verdict) of every condition page, as it was written.
type ConditionVerdict = (String, String, String);

fn conditions_az(site: &Site, verdicts: &[ConditionVerdict]) -> Page {
    let mut all: Vec<&ConditionVerdict> = verdicts.iter().collect();
    all.sort_by_key(|c| c.1.to_lowercase());
    let body = html! {
        h1 { "Conditions, A–Z" }
        (record_line(site))
        p { "Every indication in the record, and the conditions people bring by their everyday names. Each page gives the answer of " code { "mscdb check --for" } ". Any other disease (any ICD-10-CM title, inclusion term or code) can be " a href="ask.html" { "asked" } "." }
        ul.az {
            @for (path, name, verdict) in all {
                li { a href=(path) { (name) } " " small { "(" (verdict) ")" } }
            }
        }
    };
    Page {
        path: "conditions.html".into(),
        html: layout(site, 0, "Conditions A–Z", &body, &[]),
    }
}

// ---- ask ----------------------------------------------------------------------

fn ask_page(site: &Site) -> Page {
    let body = html! {
        h1 { "Ask: is it approved?" }
        (record_line(site))
        p { "Type a product, a country and a disease (any two, or all three). The answer is the one " code { "mscdb check" } " gives, computed when this site was made; this page looks it up and asks nothing of any server. The address of the answer can be shared." }
        form id="ask" action="ask.html" method="get" {
            label for="product" { "Product (name, brand or code)" }
            input id="product" name="product" type="text" list="product-names" autocomplete="off" placeholder="Alofisel";
            label for="in" { "Country or region (in any language)" }
            input id="in" name="in" type="text" list="place-names" autocomplete="off" placeholder="Mexico, México, Deutschland";
            label for="for" { "Disease or condition (everyday name, ICD-10-CM title or code)" }
            input id="for" name="for" type="text" list="condition-names" autocomplete="off" placeholder="autism, knee osteoarthritis, G35";
            button type="submit" { "Ask" }
        }
        // The names to choose from, for a record of a size to choose in
        // (100,000 would make the page 4 MB).
        datalist id="product-names" { @if site.products.len() <= crate::site::ask::ASK_PRODUCTS { @for p in &site.products { option value=(p.product.name) {} } } }
        datalist id="place-names" { @for p in &site.places { option value=(p.name) {} } }
        datalist id="condition-names" { @for cp in &site.conditions { option value=(cp.name) {} } }
        noscript {
            p { "This page needs JavaScript to look answers up. Without it, every answer is on a page of its own: " a href="places.html" { "places A–Z" } ", " a href="conditions.html" { "conditions A–Z" } " and the " a href="index.html#products" { "products" } "." }
        }
        div id="answer" aria-live="polite" {}
        p { "Browse instead: " a href="places.html" { "places A–Z" } ", " a href="conditions.html" { "conditions A–Z" } "." }
    };
    Page {
        path: "ask.html".into(),
        html: layout(site, 0, "Ask", &body, &["ask/core.js", "ask/ask.js"]),
    }
}

// ---- frameworks, audits, clinic, downloads ----------------------------------

fn frameworks_page(site: &Site) -> Page {
    let mut c = Cites::new(site);
    let t = frameworks_table(site, &mut c, &site.frameworks);
    let body = html! {
        h1 { "Regulators side by side" }
        (record_line(site))
        p { "How each regulator treats MSC and other cell products, topic by topic. On a small screen each topic is a card." }
        ul { @for r in &site.regulators { li { strong { (r.id) } ": " (r.name) " (" (place_link(site, 0, &r.jurisdiction)) ")" } } }
        (t)
        (c.list())
    };
    Page {
        path: "frameworks.html".into(),
        html: layout(site, 0, "Regulators side by side", &body, &[]),
    }
}

fn audit_page(site: &Site, a: &AuditPage) -> PagePath {
    let mut c = Cites::new(site);
    let mut counts: Vec<(String, usize)> = Vec::new();
    for cl in &a.claims {
        match counts.iter_mut().find(|(v, _)| v == &cl.claim.verdict) {
            Some((_, n)) => *n += 1,
            None => counts.push((cl.claim.verdict.clone(), 1)),
        }
    }
    let summary: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {v}")).collect();
    let head_refs = c.refs(std::slice::from_ref(&a.source.id));
    let rows: Vec<Vec<Markup>> = a
        .claims
        .iter()
        .map(|ac| {
            let cl = &ac.claim;
            let count = ac.record_count.as_ref().map(|rc| {
                format!(
                    " The record counts {} MSC or MSC-like products ever granted, {} in force on {}.",
                    rc.msc_products_ever_granted, rc.msc_products_in_force, rc.as_of
                )
            });
            vec![
                html! { (cl.locator) },
                html! { (ac.as_printed) },
                html! { span.verdict { (cl.verdict) } },
                match &cl.product_id {
                    Some(id) => product_link(site, 1, id),
                    None => html! { "—" },
                },
                html! { (cl.correction) (count.unwrap_or_default()) " " (c.refs(&cl.sources)) },
            ]
        })
        .collect();
    let body = html! {
        h1 { (a.source.title) }
        (record_line(site))
        p { "Published by " (a.source.publisher) @if let Some(d) = &a.source.date { ", " (d) } " " (head_refs) ". Each row as printed, with the record's verdict and what the sources say." }
        p { strong { "Verdicts:" } " " (summary.join(", ")) "." }
        (table(None, &["Row", "As printed", "Verdict", "Product", "What the record says"], rows))
        (c.list())
    };
    Ok(Page {
        path: page_path("audit", &a.source.id, Kind::Slug)?,
        html: layout(site, 1, &format!("Audit: {}", a.source.title), &body, &[]),
    })
}

fn clinic_page(site: &Site) -> Page {
    let mut c = Cites::new(site);
    let intro = c.str_refs(&[crate::spec::cited::THREE_QUESTIONS]);
    let warn = c.str_refs(prose::CLINIC_WARNING_SOURCES);
    let sections: Vec<(u8, &str, Markup)> = site
        .clinic
        .iter()
        .map(|q| {
            let mut rows = Vec::new();
            for (said, answer) in &q.answers {
                if answer.flags.is_empty() {
                    rows.push(vec![
                        html! { (said) },
                        html! { "no flag" },
                        html! { "Nothing to add: go on to the next question." },
                    ]);
                }
                for f in &answer.flags {
                    let severity = match f.severity {
                        crate::assess::Severity::Info => "information",
                        crate::assess::Severity::Caution => "caution",
                        crate::assess::Severity::High => "red flag",
                        crate::assess::Severity::Stop => "walk away",
                    };
                    rows.push(vec![
                        html! { (said) },
                        html! { strong { (severity) } },
                        html! { (f.reason) " " (c.refs(&f.sources)) },
                    ]);
                }
            }
            (
                q.number,
                q.question,
                table(None, &["If the clinic says", "Severity", "What it means"], rows),
            )
        })
        .collect();
    let body = html! {
        h1 { "Three questions to ask a clinic" }
        (record_line(site))
        p.lead { "Before paying for a stem cell treatment, ask these three questions. For each answer a clinic may give, here is what it means. " (intro) }
        p {
            "Then look it up: " a href="ask.html" { "ask whether the product is approved in your country for your disease" } ", or browse " a href="places.html" { "places" } " and " a href="conditions.html" { "conditions" } ". If no grant for it is in force in your country for your disease, it is not an approved treatment there. A clinic selling cells for a disease with no approval sells an unapproved product. " (warn)
        }
        @for (n, question, t) in &sections {
            section aria-labelledby={ "q" (n) } { h2 id={ "q" (n) } { (n) ". " (question) } (t) }
        }
        (c.list())
    };
    Page {
        path: "clinic.html".into(),
        html: layout(site, 0, "Three questions to ask a clinic", &body, &[]),
    }
}

/// The downloads page: each file with its size, SHA-256 and the record date.
pub fn downloads_page(site: &Site, files: &[Download]) -> Page {
    let rows: Vec<Vec<Markup>> = files
        .iter()
        .map(|f| {
            vec![
                html! { a href={ "downloads/" (f.file) } { (f.file) } },
                html! { (f.what) },
                html! { (f.bytes) " bytes" },
                html! { code { (f.sha256) } },
            ]
        })
        .collect();
    let body = html! {
        h1 { "Downloads" }
        (record_line(site))
        p { "The record this site was built from, record date " (site.record_date) ". Check a file with " code { "sha256sum FILE" } " against the value below." }
        (table(Some("Files"), &["File", "What it holds", "Size", "SHA-256"], rows))
        p { "The data is licensed CC BY 4.0; cite the sources each row names." }
    };
    Page {
        path: "downloads.html".into(),
        html: layout(site, 0, "Downloads", &body, &[]),
    }
}

/// A record's own page, or why it cannot be made: its id is not an identifier.
pub type PagePath = std::result::Result<Page, String>;

/// The path of a record's own page, `DIR/ID.html`, for an id proved to be
/// a slug or a code (never `..`, `/` or anything else a crafted database may
/// hold); `Err` names the id.
fn page_path(dir: &str, id: &str, kind: Kind) -> std::result::Result<String, String> {
    match check_value(kind, id) {
        Ok(()) if !id.is_empty() => Ok(format!("{dir}/{id}.html")),
        _ => Err(format!(
            "{dir}: the id '{}' is not an identifier; refusing to make a page of it",
            crate::error::printable(id, 80)
        )),
    }
}

/// Writes every HTML page of the site except the downloads page (which
/// needs the files' digests) through `put`, each made from the engine's
/// answers just before it is written, so that only one page is in memory at
/// a time. The A–Z lists come after the pages they list (they show what
/// each page found). Returns the pages written.
pub fn write_pages(site: &Site, put: &mut dyn FnMut(Page) -> Result<()>) -> Result<usize> {
    let mut pages = 0;
    let mut put = |page: Page| -> Result<()> {
        pages += 1;
        put(page)
    };
    let made = |page: PagePath| page.map_err(Error::usage);
    for f in [index, frameworks_page, clinic_page, ask_page] {
        put(f(site))?;
    }
    timeline_pages(site, &mut put)?;
    let parts = product_parts(site);
    if parts.len() > 1 {
        for (i, part) in parts.iter().enumerate() {
            put(products_part(site, i + 1, part, parts.len()))?;
        }
    }
    for p in &site.products {
        put(made(product_page(site, &site.product_page(p)?))?)?;
    }
    let mut counts = Vec::with_capacity(site.places.len());
    for row in &site.places {
        let p = site.place_page(row)?;
        let lists = grant_lists(&p);
        put(made(place_page(site, &p, &lists))?)?;
        for list in &lists {
            list.part_pages(site, &p, &mut put)?;
        }
        place_check_parts(site, &p, &mut put)?;
        counts.push((p.code.clone(), p.name.clone(), p.approved()));
    }
    put(places_az(site, &counts))?;
    let mut verdicts = Vec::with_capacity(site.conditions.len());
    for entry in &site.conditions {
        let cp = site.condition_page(entry)?;
        put(made(condition_page(site, &cp))?)?;
        condition_parts(site, &cp, &mut put)?;
        verdicts.push((cp.path(), cp.name.clone(), cp.check.verdict.to_string()));
    }
    put(conditions_az(site, &verdicts))?;
    for a in &site.audits {
        put(made(audit_page(site, a))?)?;
    }
    Ok(pages)
}

/// A value for a link's query string, percent-encoded as
/// `encodeURIComponent` does (a space, an apostrophe or `&` in a disease
/// name would otherwise break the URL).
fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::write_pages;
    use crate::store::validate::link_href;

    /// Each page's source list holds every source its answers cite.
    #[test]
    fn every_page_lists_the_sources_its_facts_cite() {
        let store = crate::embedded().unwrap();
        let site = crate::site::site(&crate::answer::Context::new(&store, crate::cmd::today())).unwrap();
        let mut pages: Vec<super::Page> = Vec::new();
        write_pages(&site, &mut |p| {
            pages.push(p);
            Ok(())
        })
        .unwrap();
        let page = |path: &str| {
            &pages
                .iter()
                .find(|p| p.path == path)
                .unwrap_or_else(|| panic!("{path}"))
                .html
        };
        let mut expected: Vec<(String, Vec<String>)> = Vec::new();
        for p in &site.products {
            let page = site.product_page(p).unwrap();
            expected.push((format!("products/{}.html", p.product.id), page.sources));
        }
        for row in &site.places {
            let page = site.place_page(row).unwrap();
            expected.push((format!("places/{}.html", row.code), page.sources));
        }
        for e in &site.conditions {
            expected.push((e.path(), site.condition_page(e).unwrap().sources));
        }
        for a in &site.audits {
            expected.push((format!("audit/{}.html", a.source.id), a.sources.clone()));
        }
        expected.push(("clinic.html".into(), site.clinic_sources.clone()));
        for (path, ids) in expected {
            let html = page(&path);
            for id in ids.iter().filter(|id| site.sources.contains_key(*id)) {
                assert!(
                    html.contains(&format!("<li id=\"src-{id}\">")),
                    "{path} does not list {id}"
                );
            }
        }
    }

    /// The home filter's index: every product up to the limit; above it, no
    /// product, every place and condition, and how many products it leaves
    /// out (what `filter.js` reads to say so).
    #[test]
    fn the_filter_index_leaves_products_out_above_its_limit() {
        let store = crate::embedded().unwrap();
        let site = crate::site::site(&crate::answer::Context::new(&store, crate::cmd::today())).unwrap();
        let items = |index: &str| -> Vec<(String, String, String)> {
            let list = index
                .strip_prefix("window.MSCDB_FIND=")
                .and_then(|rest| rest.split_once(";\n"))
                .map(|(list, _)| list)
                .expect("the index assignment");
            serde_json::from_str(list).unwrap()
        };
        let count =
            |items: &[(String, String, String)], kind: &str| items.iter().filter(|i| i.2 == kind).count();
        let products = site.products.len();
        let all = super::find_index_upto(&site, products);
        assert_eq!(count(&items(&all), "product"), products);
        assert!(!all.contains("MSCDB_FIND_PRODUCTS"));
        let over = super::find_index_upto(&site, products - 1);
        let left = items(&over);
        assert_eq!(count(&left, "product"), 0);
        assert_eq!(count(&left, "place"), site.places.len());
        assert_eq!(count(&left, "condition"), site.conditions.len());
        assert!(
            over.ends_with(&format!("window.MSCDB_FIND_PRODUCTS={products};\n")),
            "{over}"
        );
    }

    #[test]
    fn only_web_links_and_dois_become_links() {
        assert_eq!(link_href("https://x.org/a").as_deref(), Some("https://x.org/a"));
        assert_eq!(link_href("doi:10.1/x").as_deref(), Some("https://doi.org/10.1/x"));
        assert_eq!(link_href("javascript:alert(1)"), None);
        assert_eq!(link_href("data:text/html,x"), None);
    }

    #[test]
    fn record_text_is_escaped() {
        let m = maud::html! { p title=("\"><script>") { ("<b>&") } };
        assert_eq!(
            m.into_string(),
            "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;</p>"
        );
    }
}
