//! The static website: pages written as HTML5 strings.
//!
//! No template engine: each page is built with `format!`/`write!` and the
//! one escaping function [`esc`], which every piece of text and every
//! attribute value goes through (record text, URLs, ids, labels alike).
//! Pages link to each other with relative links only; CSS is inline, there
//! are no fonts, images or scripts from elsewhere, and the one tiny inline
//! script (filtering the product table) is optional: every page reads fully
//! without it. Every fact cites its sources by number, and each page ends
//! with its source list (titles linking to the documents).

use std::fmt::Write as _;

use crate::query::Decision;
use crate::site::{AuditPage, GrantRow, IndicationPage, PlacePage, ProductPage, Site, StandingRow};
use crate::spec::Kind;
use crate::status::Status;
use crate::store::validate::{check_value, link_href};

use super::prose;
use super::svg;

/// Escapes text for HTML element content and for quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no place in a page.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A written page: its path relative to the site root and its HTML.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub html: String,
}

const CSS: &str = "\
:root{color-scheme:light}\
*{box-sizing:border-box}\
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1a1a1a;background:#fff}\
header,main,footer{max-width:74rem;margin:0 auto;padding:0 1rem}\
header{border-bottom:1px solid #ccc}\
header p{margin:.5rem 0 0;font-weight:700}\
nav ul{list-style:none;margin:.25rem 0 .5rem;padding:0;display:flex;flex-wrap:wrap;gap:.1rem 1rem}\
a{color:#0b4f9c}a:visited{color:#5b2a8c}a:focus{outline:2px solid #1a1a1a;outline-offset:2px}\
h1{font-size:1.7rem;line-height:1.25}h2{font-size:1.35rem;margin-top:2rem}h3{font-size:1.1rem}\
table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.5rem 0 1rem}\
th,td{border:1px solid #b5b5b5;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}\
thead th{background:#e9eef5}\
tbody th{background:#f5f7fa;font-weight:600}\
.scroll{overflow-x:auto;max-width:100%}\
.scroll table{min-width:40rem}\
figure{margin:1rem 0}\
.timeline{display:block;max-width:none;font-family:system-ui,sans-serif;font-size:12px}\
.status{font-weight:700}\
.in-force{color:#14532d}.ended{color:#8a1c1c}\
.lead{font-size:1.1rem}\
.record{color:#333;font-size:.95rem}\
.verdict{font-weight:700;text-transform:uppercase;font-size:.85rem}\
sup{line-height:0}\
ol.sources li{margin-bottom:.3rem;overflow-wrap:anywhere}\
.date{white-space:nowrap}\
footer{border-top:1px solid #ccc;margin-top:2rem;padding-bottom:2rem;color:#333;font-size:.95rem}\
label{font-weight:600;margin-right:.5rem}\
input{font:inherit;padding:.2rem .4rem;border:1px solid #767676}\
@media (max-width:40rem){h1{font-size:1.4rem}th,td{padding:.25rem .35rem}}";

const FILTER_SCRIPT: &str = "(function(){var f=document.getElementById('filter');if(!f){return;}\
f.parentNode.hidden=false;var rows=document.querySelectorAll('#product-table tbody tr');\
f.addEventListener('input',function(){var q=f.value.toLowerCase();\
for(var i=0;i<rows.length;i++){rows[i].hidden=q!==''&&rows[i].textContent.toLowerCase().indexOf(q)<0;}});})();";

/// Numbered citations on one page: each cited source gets a number the
/// first time it is cited, and the page ends with the list.
struct Cites<'a> {
    site: &'a Site,
    ids: Vec<String>,
    /// Each id's number, so that a page citing many sources is linear.
    numbers: std::collections::HashMap<String, usize>,
}

impl<'a> Cites<'a> {
    fn new(site: &'a Site) -> Self {
        Cites {
            site,
            ids: Vec::new(),
            numbers: std::collections::HashMap::new(),
        }
    }

    /// `[1][3]`, linking to the page's source list.
    fn refs(&mut self, ids: &[String]) -> String {
        let mut out = String::new();
        for id in ids {
            if !self.site.sources.contains_key(id) {
                continue;
            }
            let n = if let Some(n) = self.numbers.get(id) {
                *n
            } else {
                self.ids.push(id.clone());
                self.numbers.insert(id.clone(), self.ids.len());
                self.ids.len()
            };
            let _ = write!(
                out,
                r##"<sup><a href="#src-{}" title="{}">[{n}]</a></sup>"##,
                esc(id),
                esc(&self.site.sources[id].title)
            );
        }
        out
    }

    fn str_refs(&mut self, ids: &[&str]) -> String {
        let owned: Vec<String> = ids.iter().map(|s| (*s).to_string()).collect();
        self.refs(&owned)
    }

    /// The source list.
    fn list(&self) -> String {
        let mut out = String::from(r#"<section aria-labelledby="sources"><h2 id="sources">Sources</h2>"#);
        if self.ids.is_empty() {
            out.push_str("<p>This page cites no document.</p></section>");
            return out;
        }
        out.push_str(r#"<ol class="sources">"#);
        for id in &self.ids {
            let s = &self.site.sources[id];
            // Only an http(s) or DOI address becomes a link; anything else
            // a database holds (`javascript:`, `data:`) is shown as text.
            let title = match s.url.as_deref().map(|u| (u, link_href(u))) {
                Some((_, Some(href))) => format!(r#"<a href="{}">{}</a>"#, esc(&href), esc(&s.title)),
                Some((url, None)) => format!("{} (address not linked: {})", esc(&s.title), esc(url)),
                None => format!("{} (no URL)", esc(&s.title)),
            };
            let date = s
                .date
                .as_deref()
                .map(|d| format!(", {}", esc(d)))
                .unwrap_or_default();
            let _ = write!(
                out,
                r#"<li id="src-{}">{title} — {}{date}. <small>{} · id <code>{}</code></small></li>"#,
                esc(id),
                esc(&s.publisher),
                esc(&s.kind),
                esc(id)
            );
        }
        out.push_str("</ol></section>");
        out
    }
}

/// The frame of every page. `depth` is how many folders below the root the
/// page is (0 or 1), for relative links.
fn layout(site: &Site, depth: usize, title: &str, body: &str, script: bool) -> String {
    let root = "../".repeat(depth);
    let nav = [
        ("index.html", "Home"),
        ("timeline.html", "Timeline"),
        ("index.html#products", "Products"),
        ("index.html#places", "Places"),
        ("index.html#indications", "Diseases"),
        ("frameworks.html", "Regulators"),
        ("index.html#audits", "Published tables"),
        ("clinic.html", "Asking a clinic"),
    ];
    let mut links = String::new();
    for (href, text) in nav {
        let _ = write!(
            links,
            r#"<li><a href="{}{}">{}</a></li>"#,
            esc(&root),
            esc(href),
            esc(text)
        );
    }
    let script = if script {
        format!("<script>{FILTER_SCRIPT}</script>")
    } else {
        String::new()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title} — mscdb</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
<header><p><a href=\"{root}index.html\">mscdb</a>: approved mesenchymal stromal cell products, sourced</p>\
<nav aria-label=\"Site\"><ul>{links}</ul></nav></header>\n<main>\n{body}\n</main>\n\
<footer><p>Record date: <time datetime=\"{date}\">{date}</time>. Every status on this site is derived from the \
decisions in the record as of that date. Generated by <code>mscdb site</code>; data CC BY 4.0.</p></footer>\n{script}\n</body>\n</html>\n",
        title = esc(title),
        root = esc(&root),
        date = esc(&site.record_date),
    )
}

fn record_line(site: &Site) -> String {
    format!(
        r#"<p class="record">Status as of the record date, <time datetime="{d}">{d}</time>.</p>"#,
        d = esc(&site.record_date)
    )
}

fn product_link(depth: usize, id: &str, name: &str) -> String {
    format!(
        r#"<a href="{}products/{}.html">{}</a>"#,
        "../".repeat(depth),
        esc(id),
        esc(name)
    )
}

fn place_link(site: &Site, depth: usize, code: &str) -> String {
    let name = site.place_name(code);
    if site.has_place(code) {
        format!(
            r#"<a href="{}places/{}.html">{}</a>"#,
            "../".repeat(depth),
            esc(code),
            esc(&name)
        )
    } else {
        esc(&name)
    }
}

fn indication_link(site: &Site, depth: usize, id: &str) -> String {
    let name = site.indication_name(id);
    if site.has_indication(id) {
        format!(
            r#"<a href="{}indications/{}.html">{}</a>"#,
            "../".repeat(depth),
            esc(id),
            esc(&name)
        )
    } else {
        esc(&name)
    }
}

fn decision_indication(site: &Site, depth: usize, d: &Decision) -> String {
    match &d.indication_id {
        Some(id) => {
            let mut s = indication_link(site, depth, id);
            if let Some(text) = &d.indication_text
                && text != &site.indication_name(id)
            {
                let _ = write!(s, " <small>({})</small>", esc(text));
            }
            s
        }
        None => esc(&d.indication_label()),
    }
}

fn opt(text: Option<&str>) -> String {
    text.map(esc).unwrap_or_default()
}

// ---- home -------------------------------------------------------------------

fn index(site: &Site) -> Page {
    let mut c = Cites::new(site);
    let mut b = String::new();
    b.push_str("<h1>Approved mesenchymal stromal cell (MSC) products: the sourced record</h1>");
    let _ = write!(
        b,
        r#"<p class="lead">Which MSC products are approved, where, for which disease, and whether the approval still stands — every fact with its source. Record date: <time datetime="{d}">{d}</time>.</p>"#,
        d = esc(&site.record_date)
    );
    if let Some(cov) = &site.coverage {
        let _ = write!(b, "<p>What the record covers: {}</p>", esc(cov));
    }
    b.push_str(concat!(
        r#"<section aria-labelledby="questions"><h2 id="questions">The questions people ask, and where to look</h2><ul>"#,
        r##"<li><strong>Is this product approved — here, for this disease, still?</strong> Find it under <a href="#products">Products</a>: each product page shows its status in every place, its decisions and its sources.</li>"##,
        r##"<li><strong>What is approved in my country?</strong> See <a href="#places">Places</a>: what is approved there now, what ended, who regulates.</li>"##,
        r##"<li><strong>Is anything approved for my disease?</strong> See <a href="#indications">Diseases</a>.</li>"##,
        r#"<li><strong>When was what approved, and what was withdrawn?</strong> See the <a href="timeline.html">approvals timeline</a>.</li>"#,
        r#"<li><strong>How do FDA, EMA, PMDA, NMPA and others regulate these products?</strong> See <a href="frameworks.html">regulators side by side</a>.</li>"#,
        r##"<li><strong>Is this published table of approvals right?</strong> See <a href="#audits">Published tables, row by row</a>.</li>"##,
        r#"<li><strong>A clinic offers me stem cells.</strong> Read <a href="clinic.html">the three questions to ask a clinic</a>.</li>"#,
        "</ul><p>Not in the record does not mean approved, nor the reverse: the record holds MSC and MSC-like products that received a regulatory decision, and the products its sources name.</p></section>"
    ));
    // Products.
    b.push_str(r#"<section aria-labelledby="products"><h2 id="products">Products</h2>"#);
    b.push_str(r#"<p hidden><label for="filter">Filter products</label><input id="filter" type="search" placeholder="name, place, cell type"></p>"#);
    b.push_str(r#"<div class="scroll"><table id="product-table"><caption>Every product in the record, with where a grant is in force on the record date</caption><thead><tr><th scope="col">Product</th><th scope="col">Sponsor</th><th scope="col">Cells</th><th scope="col">In force in</th><th scope="col">Ended in</th></tr></thead><tbody>"#);
    for p in &site.products {
        let mut places = |want_in_force: bool| {
            let mut cells: Vec<(String, Vec<String>)> = Vec::new();
            for s in p.standings.iter().filter(|s| {
                s.status.is_in_force() == want_in_force
                    && matches!(s.status, Status::InForce { .. } | Status::Ended { .. })
            }) {
                let mut ids: Vec<String> = s.grant.iter().flat_map(|g| g.sources.iter().cloned()).collect();
                ids.extend(s.end.iter().flat_map(|e| e.sources.iter().cloned()));
                match cells.iter_mut().find(|(code, _)| code == &s.jurisdiction) {
                    Some((_, list)) => list.extend(ids),
                    None => cells.push((s.jurisdiction.clone(), ids)),
                }
            }
            cells
                .iter()
                .map(|(code, ids)| {
                    let mut unique: Vec<String> = Vec::new();
                    for id in ids {
                        if !unique.contains(id) {
                            unique.push(id.clone());
                        }
                    }
                    format!("{}{}", place_link(site, 0, code), c.refs(&unique))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let in_force = places(true);
        let mut ended = places(false);
        if ended.is_empty() {
            ended = "—".into();
        }
        let _ = write!(
            b,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            product_link(0, &p.product.id, &p.product.display_name()),
            esc(&p.product.sponsor),
            esc(&p.product.cells()),
            if in_force.is_empty() {
                "none".to_string()
            } else {
                in_force
            },
            ended
        );
    }
    b.push_str("</tbody></table></div></section>");
    // Places.
    b.push_str(r#"<section aria-labelledby="places"><h2 id="places">Places</h2><p>Countries and regions with a decision in the record, or whose membership of a union brings its decisions in.</p><ul>"#);
    for p in &site.places {
        let n = p.in_force.len();
        let _ = write!(
            b,
            "<li>{} <small>({})</small></li>",
            place_link(site, 0, &p.code),
            if n == 0 {
                "no grant in force".to_string()
            } else {
                prose::count(n, "grant") + " in force"
            }
        );
    }
    b.push_str("</ul></section>");
    // Indications.
    b.push_str(
        r#"<section aria-labelledby="indications"><h2 id="indications">Diseases and conditions</h2><ul>"#,
    );
    for i in &site.indications {
        let _ = write!(
            b,
            "<li>{} <small>({})</small></li>",
            indication_link(site, 0, &i.id),
            if i.in_force.is_empty() {
                "no grant in force".to_string()
            } else {
                prose::count(i.in_force.len(), "grant") + " in force"
            }
        );
    }
    b.push_str("</ul></section>");
    // Audits.
    b.push_str(r#"<section aria-labelledby="audits"><h2 id="audits">Published tables and claims, row by row</h2><ul>"#);
    for a in &site.audits {
        let wrong = a.claims.iter().filter(|c| c.claim.verdict == "wrong").count();
        let _ = write!(
            b,
            r#"<li><a href="audit/{}.html">{}</a> — {}, {wrong} wrong</li>"#,
            esc(&a.source.id),
            esc(&a.source.title),
            esc(&prose::count(a.claims.len(), "claim")),
        );
    }
    b.push_str("</ul></section>");
    b.push_str(&c.list());
    Page {
        path: "index.html".into(),
        html: layout(site, 0, "Approved MSC products", &b, true),
    }
}

fn timeline_page(site: &Site) -> Page {
    let mut b = String::new();
    b.push_str("<h1>Approvals timeline</h1>");
    b.push_str(&record_line(site));
    b.push_str("<p>One lane per product and jurisdiction. A bar runs from a grant to the event that ended it, or to the record date. Solid bars are full approvals; hatched bars with a dashed outline are conditional, time-limited or provisional grants, and every bar is labelled in words. Triangles mark withdrawals, expiries, suspensions and revocations; crosses mark refusals. Each product page has its own timeline with sources. On a small screen, scroll the drawing sideways; the table below it lists the same events.</p>");
    b.push_str(r#"<figure><div class="scroll">"#);
    b.push_str(&svg::timeline(
        &site.lanes,
        site.as_of,
        "Approvals of MSC products by jurisdiction",
    ));
    b.push_str("</div><figcaption>Approvals timeline for every product in the record; the table below links each event to its product page and sources.</figcaption></figure>");
    let mut c = Cites::new(site);
    b.push_str(r#"<section aria-labelledby="events"><h2 id="events">The same events as a table</h2><div class="scroll"><table><caption>Grants, ends and refusals, product by product</caption><thead><tr><th scope="col">Product</th><th scope="col">Place</th><th scope="col">Date</th><th scope="col">Decision</th><th scope="col">Indication</th></tr></thead><tbody>"#);
    for p in &site.products {
        for d in p.decisions.values().flatten() {
            if d.kind().effect() == crate::model::Effect::Step {
                continue;
            }
            let _ = write!(
                b,
                r#"<tr><th scope="row">{}</th><td>{}</td><td><span class="date">{}</span></td><td>{} {}</td><td>{}</td></tr>"#,
                product_link(0, &p.product.id, &p.product.name),
                place_link(site, 0, &d.jurisdiction),
                esc(&d.date_label()),
                esc(&d.decision),
                c.refs(&d.sources),
                decision_indication(site, 0, d)
            );
        }
    }
    b.push_str("</tbody></table></div></section>");
    b.push_str(&c.list());
    Page {
        path: "timeline.html".into(),
        html: layout(site, 0, "Approvals timeline", &b, false),
    }
}

// ---- products ---------------------------------------------------------------

fn status_cell(s: &StandingRow) -> String {
    let class = match s.status {
        Status::InForce { .. } => "in-force",
        Status::Ended { .. } => "ended",
        _ => "",
    };
    format!(r#"<span class="status {class}">{}</span>"#, esc(s.status_word()))
}

fn product_page(site: &Site, p: &ProductPage) -> PagedPage {
    let mut c = Cites::new(site);
    let mut b = String::new();
    let prod = &p.product;
    let _ = write!(b, "<h1>{}</h1>", esc(&prod.display_name()));
    b.push_str(&record_line(site));
    let _ = write!(b, r#"<p class="lead">{}</p>"#, esc(&p.headline));
    // Names and cells.
    b.push_str(r#"<section aria-labelledby="about"><h2 id="about">Names and cells</h2><table><tbody>"#);
    let _ = write!(
        b,
        r#"<tr><th scope="row">Name</th><td>{} {}</td></tr>"#,
        esc(&prod.name),
        c.refs(&prod.sources)
    );
    if let Some(n) = &prod.nonproprietary_name {
        let _ = write!(
            b,
            r#"<tr><th scope="row">Nonproprietary name</th><td>{}</td></tr>"#,
            esc(n)
        );
    }
    let _ = write!(
        b,
        r#"<tr><th scope="row">Sponsor</th><td>{}</td></tr>"#,
        esc(&prod.sponsor)
    );
    let _ = write!(
        b,
        r#"<tr><th scope="row">Cells</th><td>{} ({} donor; tissue: {}; type: {})</td></tr>"#,
        esc(&prod.cells()),
        esc(&prod.donor),
        esc(&prod.tissue),
        esc(&prod.cell_type)
    );
    if !p.aliases.is_empty() {
        let names: Vec<String> = p
            .aliases
            .iter()
            .map(|a| {
                let note = a
                    .note
                    .as_deref()
                    .map(|n| format!(" — {}", esc(n)))
                    .unwrap_or_default();
                format!("{} <small>({})</small>{note}", esc(&a.alias), esc(&a.kind))
            })
            .collect();
        let _ = write!(
            b,
            r#"<tr><th scope="row">Other names</th><td><ul><li>{}</li></ul></td></tr>"#,
            names.join("</li><li>")
        );
    }
    if let Some(notes) = &prod.notes {
        let _ = write!(b, r#"<tr><th scope="row">Notes</th><td>{}</td></tr>"#, esc(notes));
    }
    b.push_str("</tbody></table></section>");
    // Status.
    b.push_str(r#"<section aria-labelledby="status"><h2 id="status">Status as of the record date</h2>"#);
    if p.standings.is_empty() {
        b.push_str("<p>The record holds no decision about marketing this product in any place.</p>");
    } else {
        let _ = write!(
            b,
            r#"<div class="scroll"><table><caption>Status of {} in each place and indication on {}</caption><thead><tr><th scope="col">Place</th><th scope="col">Indication</th><th scope="col">Status</th><th scope="col">Grant</th><th scope="col">Ended by</th></tr></thead><tbody>"#,
            esc(&prod.name),
            esc(&site.record_date)
        );
        for s in &p.standings {
            let grant = s
                .grant
                .as_ref()
                .map(|g| format!("{} {}", esc(&prose::decision_phrase(g)), c.refs(&g.sources)))
                .unwrap_or_else(|| {
                    s.negatives
                        .iter()
                        .map(|d| format!("{} {}", esc(&prose::decision_phrase(d)), c.refs(&d.sources)))
                        .collect::<Vec<_>>()
                        .join("<br>")
                });
            let end = match (&s.end, &s.status) {
                (Some(e), _) => format!("{} {}", esc(&prose::decision_phrase(e)), c.refs(&e.sources)),
                (None, Status::Ended { .. }) => "its own term ran out".into(),
                _ => "—".into(),
            };
            let _ = write!(
                b,
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{grant}</td><td>{end}</td></tr>"#,
                place_link(site, 1, &s.jurisdiction),
                indication_link(site, 1, &s.indication_id),
                status_cell(s)
            );
        }
        b.push_str("</tbody></table></div>");
    }
    b.push_str("</section>");
    // Timeline.
    if !p.lanes.is_empty() {
        b.push_str(r#"<section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2><figure><div class="scroll">"#);
        b.push_str(&svg::timeline(
            &p.lanes,
            site.as_of,
            &format!("Approvals timeline of {}", prod.name),
        ));
        b.push_str("</div><figcaption>Grants as bars (hatched: conditional or time-limited), ends and refusals as markers; the decisions are listed below with their sources.</figcaption></figure></section>");
    }
    // Decisions per jurisdiction.
    b.push_str(r#"<section aria-labelledby="decisions"><h2 id="decisions">Decisions, place by place</h2>"#);
    if p.decisions.is_empty() {
        b.push_str("<p>None recorded.</p>");
    }
    for (code, list) in &p.decisions {
        let _ = write!(
            b,
            r#"<h3 id="in-{}">{}</h3><div class="scroll"><table><thead><tr><th scope="col">Date</th><th scope="col">Decision</th><th scope="col">Regulator</th><th scope="col">Indication</th><th scope="col">Brand</th><th scope="col">Note</th></tr></thead><tbody>"#,
            esc(code),
            place_link(site, 1, code)
        );
        for d in list {
            let mut note = Vec::new();
            if let Some(v) = &d.valid_until {
                note.push(format!("valid until {}", esc(v)));
            }
            if let Some(pw) = &d.pathway {
                note.push(format!("pathway: {}", esc(pw)));
            }
            if let Some(n) = &d.status_note {
                note.push(esc(n));
            }
            if let Some(n) = &d.note {
                note.push(esc(n));
            }
            if d.confidence != "high" {
                note.push(format!("confidence: {}", esc(&d.confidence)));
            }
            let _ = write!(
                b,
                r#"<tr><th scope="row"><span class="date">{}</span></th><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&d.date_label()),
                esc(&d.decision),
                c.refs(&d.sources),
                esc(&d.regulator),
                decision_indication(site, 1, d),
                opt(d.brand.as_deref()),
                note.join("; ")
            );
        }
        b.push_str("</tbody></table></div>");
    }
    b.push_str("</section>");
    // Filings.
    if !p.filings.is_empty() {
        b.push_str(r#"<section aria-labelledby="filings"><h2 id="filings">Investigational filings and registrations</h2><div class="scroll"><table><thead><tr><th scope="col">Kind</th><th scope="col">Number</th><th scope="col">Regulator</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col">Indication</th></tr></thead><tbody>"#);
        for f in &p.filings {
            let _ = write!(
                b,
                r#"<tr><th scope="row">{}</th><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&f.kind),
                opt(f.number.as_deref()),
                c.refs(&f.sources),
                opt(f.regulator.as_deref()),
                esc(&f.date_label()),
                esc(&f.status),
                opt(f.indication_text.as_deref())
            );
        }
        b.push_str("</tbody></table></div></section>");
    }
    // Claims.
    if !p.claims.is_empty() {
        b.push_str(r#"<section aria-labelledby="claims"><h2 id="claims">Published claims about it</h2><div class="scroll"><table><thead><tr><th scope="col">Where</th><th scope="col">As printed</th><th scope="col">Verdict</th><th scope="col">What the record says</th></tr></thead><tbody>"#);
        for cl in &p.claims {
            let publication = site
                .sources
                .get(&cl.source_id)
                .map_or(cl.source_id.clone(), |s| s.title.clone());
            let page_link = if site.audits.iter().any(|a| a.source.id == cl.source_id) {
                format!(
                    r#"<a href="../audit/{}.html">{}</a>"#,
                    esc(&cl.source_id),
                    esc(&publication)
                )
            } else {
                esc(&publication)
            };
            let _ = write!(
                b,
                r#"<tr><th scope="row">{page_link} {}, {}</th><td>{}</td><td class="verdict">{}</td><td>{} {}</td></tr>"#,
                c.refs(std::slice::from_ref(&cl.source_id)),
                esc(&cl.locator),
                esc(&cl.as_printed()),
                esc(&cl.verdict),
                esc(&cl.correction),
                c.refs(&cl.sources)
            );
        }
        b.push_str("</tbody></table></div></section>");
    }
    b.push_str(&c.list());
    PagedPage {
        path: page_path("products", &p.product.id, Kind::Slug),
        html: layout(site, 1, &p.product.display_name(), &b, false),
    }
}

// ---- places -----------------------------------------------------------------

fn grant_table(
    site: &Site,
    c: &mut Cites,
    rows: &[GrantRow],
    caption: &str,
    ended: bool,
    by_place: bool,
) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        r#"<div class="scroll"><table><caption>{}</caption><thead><tr><th scope="col">Product</th><th scope="col">{}</th><th scope="col">Grant</th>{}</tr></thead><tbody>"#,
        esc(caption),
        if by_place { "Place" } else { "Indication" },
        if ended {
            r#"<th scope="col">Ended by</th>"#
        } else {
            ""
        }
    );
    for r in rows {
        let second = if by_place {
            place_link(site, 1, &r.jurisdiction)
        } else {
            indication_link(site, 1, &r.indication_id)
        };
        let grant = format!(
            "{} {}{}",
            esc(&prose::decision_phrase(&r.grant)),
            c.refs(&r.grant.sources),
            if r.grant.kind().is_provisional_grant() {
                " <small>(conditional or time-limited)</small>"
            } else {
                ""
            }
        );
        let end = if ended {
            match &r.end {
                Some(e) => format!(
                    "<td>{} {}</td>",
                    esc(&prose::decision_phrase(e)),
                    c.refs(&e.sources)
                ),
                None => "<td>its own term ran out</td>".into(),
            }
        } else {
            String::new()
        };
        let _ = write!(
            b,
            r#"<tr><th scope="row">{}</th><td>{second}</td><td>{grant}</td>{end}</tr>"#,
            product_link(1, &r.product_id, &r.product)
        );
    }
    b.push_str("</tbody></table></div>");
    b
}

fn frameworks_table(
    site: &Site,
    c: &mut Cites,
    fw: &crate::answer::frameworks::FrameworksAnswer,
    depth: usize,
) -> String {
    let mut b = String::new();
    b.push_str(r#"<div class="scroll"><table class="frameworks"><caption>Topics (rows) by regulator (columns)</caption><thead><tr><th scope="col">Topic</th>"#);
    for r in &fw.regulators {
        let name = site
            .regulators
            .iter()
            .find(|x| &x.id == r)
            .map_or(r.clone(), |x| x.name.clone());
        let _ = write!(
            b,
            r#"<th scope="col" id="reg-{}"><abbr title="{}">{}</abbr></th>"#,
            esc(r),
            esc(&name),
            esc(r)
        );
    }
    b.push_str("</tr></thead><tbody>");
    let _ = depth;
    for &topic in &fw.topics {
        let _ = write!(b, r#"<tr><th scope="row">{}</th>"#, esc(topic.as_str()));
        for r in &fw.regulators {
            match fw.fact(r, topic) {
                Some(f) => match &f.summary {
                    Some(s) => {
                        let _ = write!(b, "<td>{} {}</td>", esc(s), c.refs(&f.sources));
                    }
                    None => b.push_str("<td>not in the record</td>"),
                },
                None => b.push_str("<td>—</td>"),
            }
        }
        b.push_str("</tr>");
    }
    b.push_str("</tbody></table></div>");
    b
}

fn place_page(site: &Site, p: &PlacePage) -> PagedPage {
    let mut c = Cites::new(site);
    let mut b = String::new();
    let _ = write!(b, "<h1>{} ({})</h1>", esc(&p.name), esc(&p.code));
    b.push_str(&record_line(site));
    if let Some(note) = &p.note {
        let _ = write!(b, "<p>{} {}</p>", esc(note), c.refs(&p.note_sources));
    }
    if p.applicable.len() > 1 {
        let through: Vec<String> = p.applicable[1..].iter().map(|j| place_link(site, 1, j)).collect();
        let _ = write!(
            b,
            "<p>Decisions of {} apply here on the record date, through membership.</p>",
            through.join(", ")
        );
    }
    b.push_str(r#"<section aria-labelledby="now"><h2 id="now">Approved here now</h2>"#);
    if p.in_force.is_empty() {
        b.push_str("<p>No grant for an MSC or other cell product in the record is in force here on the record date.</p>");
    } else {
        b.push_str(&grant_table(
            site,
            &mut c,
            &p.in_force,
            "Grants in force on the record date",
            false,
            false,
        ));
    }
    b.push_str(r#"</section><section aria-labelledby="ended"><h2 id="ended">Grants that ended</h2>"#);
    if p.ended.is_empty() {
        b.push_str("<p>None in the record.</p>");
    } else {
        b.push_str(&grant_table(
            site,
            &mut c,
            &p.ended,
            "Grants that ended before the record date",
            true,
            false,
        ));
    }
    b.push_str("</section>");
    if !p.refused.is_empty() {
        b.push_str(r#"<section aria-labelledby="refused"><h2 id="refused">Refused, with no grant</h2><ul>"#);
        for (id, name, d) in &p.refused {
            let _ = write!(
                b,
                "<li>{}: {} for {} {}</li>",
                product_link(1, id, name),
                esc(&prose::decision_phrase(d)),
                decision_indication(site, 1, d),
                c.refs(&d.sources)
            );
        }
        b.push_str("</ul></section>");
    }
    if !p.memberships.is_empty() {
        b.push_str(r#"<section aria-labelledby="members"><h2 id="members">Memberships</h2><ul>"#);
        for m in &p.memberships {
            let _ = write!(
                b,
                "<li>{} from {}{} ({}) {}{}</li>",
                place_link(site, 1, &m.member_of),
                esc(&m.from),
                m.until
                    .as_deref()
                    .map(|u| format!(" until {}", esc(u)))
                    .unwrap_or_default(),
                esc(&m.basis),
                m.note.as_deref().map(esc).unwrap_or_default(),
                c.refs(&m.sources)
            );
        }
        b.push_str("</ul></section>");
    }
    b.push_str(r#"<section aria-labelledby="regulator"><h2 id="regulator">Regulator and framework</h2>"#);
    if p.regulators.is_empty() {
        b.push_str("<p>The record names no regulator acting here.</p>");
    } else {
        b.push_str("<ul>");
        for r in &p.regulators {
            let _ = write!(
                b,
                "<li><strong>{}</strong>: {} ({})</li>",
                esc(&r.id),
                esc(&r.name),
                place_link(site, 1, &r.jurisdiction)
            );
        }
        b.push_str("</ul>");
        if p.frameworks.regulators.is_empty() {
            b.push_str("<p>The record holds no framework facts for these regulators.</p>");
        } else {
            b.push_str(&frameworks_table(site, &mut c, &p.frameworks, 1));
            b.push_str(r#"<p>All regulators side by side: <a href="../frameworks.html">frameworks</a>.</p>"#);
        }
    }
    b.push_str("</section>");
    b.push_str(&c.list());
    PagedPage {
        path: page_path("places", &p.code, Kind::Code),
        html: layout(site, 1, &p.name, &b, false),
    }
}

// ---- indications ------------------------------------------------------------

fn indication_page(site: &Site, i: &IndicationPage) -> PagedPage {
    let mut c = Cites::new(site);
    let mut b = String::new();
    let _ = write!(b, "<h1>{}</h1>", esc(&i.name));
    b.push_str(&record_line(site));
    b.push_str(r#"<section aria-labelledby="now"><h2 id="now">Approved where, by what</h2>"#);
    if i.in_force.is_empty() {
        b.push_str("<p>No grant for this indication is in force anywhere in the record on the record date. A clinic selling cells for it sells an unapproved product.</p>");
        let _ = c.str_refs(prose::CLINIC_WARNING_SOURCES);
    } else {
        b.push_str(&grant_table(
            site,
            &mut c,
            &i.in_force,
            "Grants in force on the record date",
            false,
            true,
        ));
    }
    b.push_str(r#"</section><section aria-labelledby="ended"><h2 id="ended">Grants that ended</h2>"#);
    if i.ended.is_empty() {
        b.push_str("<p>None in the record.</p>");
    } else {
        b.push_str(&grant_table(
            site,
            &mut c,
            &i.ended,
            "Grants that ended",
            true,
            true,
        ));
    }
    b.push_str("</section>");
    if !i.other.is_empty() {
        b.push_str(r#"<section aria-labelledby="other"><h2 id="other">Other decisions (designations, refusals, steps)</h2><div class="scroll"><table><thead><tr><th scope="col">Product</th><th scope="col">Place</th><th scope="col">Decision</th></tr></thead><tbody>"#);
        for (name, d) in &i.other {
            let _ = write!(
                b,
                r#"<tr><th scope="row">{}</th><td>{}</td><td>{} {}</td></tr>"#,
                product_link(1, &d.product_id, name),
                place_link(site, 1, &d.jurisdiction),
                esc(&prose::decision_phrase(d)),
                c.refs(&d.sources)
            );
        }
        b.push_str("</tbody></table></div></section>");
    }
    b.push_str(&c.list());
    PagedPage {
        path: page_path("indications", &i.id, Kind::Slug),
        html: layout(site, 1, &i.name, &b, false),
    }
}

// ---- frameworks, audits, clinic ----------------------------------------------

fn frameworks_page(site: &Site) -> Page {
    let mut c = Cites::new(site);
    let mut b = String::new();
    b.push_str("<h1>Regulators side by side</h1>");
    b.push_str(&record_line(site));
    b.push_str("<p>How each regulator treats MSC and other cell products, topic by topic. Scroll sideways on a small screen.</p><ul>");
    for r in &site.regulators {
        let _ = write!(
            b,
            "<li><strong>{}</strong>: {} ({})</li>",
            esc(&r.id),
            esc(&r.name),
            place_link(site, 0, &r.jurisdiction)
        );
    }
    b.push_str("</ul>");
    b.push_str(&frameworks_table(site, &mut c, &site.frameworks, 0));
    b.push_str(&c.list());
    Page {
        path: "frameworks.html".into(),
        html: layout(site, 0, "Regulators side by side", &b, false),
    }
}

fn audit_page(site: &Site, a: &AuditPage) -> PagedPage {
    let mut c = Cites::new(site);
    let mut b = String::new();
    let _ = write!(b, "<h1>{}</h1>", esc(&a.source.title));
    b.push_str(&record_line(site));
    let _ = write!(
        b,
        "<p>Published by {}{} {}. Each row as printed, with the record's verdict and what the sources say.</p>",
        esc(&a.source.publisher),
        a.source
            .date
            .as_deref()
            .map(|d| format!(", {}", esc(d)))
            .unwrap_or_default(),
        c.refs(std::slice::from_ref(&a.source.id))
    );
    let mut counts: Vec<(String, usize)> = Vec::new();
    for cl in &a.claims {
        match counts.iter_mut().find(|(v, _)| v == &cl.claim.verdict) {
            Some((_, n)) => *n += 1,
            None => counts.push((cl.claim.verdict.clone(), 1)),
        }
    }
    let summary: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {v}")).collect();
    let _ = write!(
        b,
        "<p><strong>Verdicts:</strong> {}.</p>",
        esc(&summary.join(", "))
    );
    b.push_str(r#"<div class="scroll"><table><thead><tr><th scope="col">Row</th><th scope="col">As printed</th><th scope="col">Verdict</th><th scope="col">Product</th><th scope="col">What the record says</th></tr></thead><tbody>"#);
    for ac in &a.claims {
        let cl = &ac.claim;
        let product = match &cl.product_id {
            Some(id) => {
                let name = site
                    .products
                    .iter()
                    .find(|p| &p.product.id == id)
                    .map_or(id.clone(), |p| p.product.name.clone());
                product_link(1, id, &name)
            }
            None => "—".into(),
        };
        let count = ac
            .record_count
            .as_ref()
            .map(|rc| {
                format!(
                    " The record counts {} MSC or MSC-like products ever granted, {} in force on {}.",
                    rc.msc_products_ever_granted,
                    rc.msc_products_in_force,
                    esc(&rc.as_of)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            b,
            r#"<tr><th scope="row">{}</th><td>{}</td><td class="verdict">{}</td><td>{product}</td><td>{}{count} {}</td></tr>"#,
            esc(&cl.locator),
            esc(&ac.as_printed),
            esc(&cl.verdict),
            esc(&cl.correction),
            c.refs(&cl.sources)
        );
    }
    b.push_str("</tbody></table></div>");
    b.push_str(&c.list());
    PagedPage {
        path: page_path("audit", &a.source.id, Kind::Slug),
        html: layout(site, 1, &format!("Audit: {}", a.source.title), &b, false),
    }
}

fn clinic_page(site: &Site) -> Page {
    let mut c = Cites::new(site);
    let mut b = String::new();
    b.push_str("<h1>Three questions to ask a clinic</h1>");
    b.push_str(&record_line(site));
    let _ = write!(
        b,
        "<p class=\"lead\">Before paying for a stem cell treatment, ask these three questions. For each answer a clinic may give, here is what it means. {}</p>",
        c.str_refs(&[crate::spec::cited::THREE_QUESTIONS])
    );
    b.push_str("<p>Then look the product up on this site: if no grant for it is in force in your country for your disease, it is not an approved treatment there. A clinic selling cells for a disease with no approval sells an unapproved product. ");
    b.push_str(&c.str_refs(prose::CLINIC_WARNING_SOURCES));
    b.push_str("</p><p>The same rules run offline in <code>mscdb assess</code>.</p>");
    for q in &site.clinic {
        let _ = write!(
            b,
            r#"<section aria-labelledby="q{n}"><h2 id="q{n}">{n}. {}</h2><div class="scroll"><table><thead><tr><th scope="col">If the clinic says</th><th scope="col">Severity</th><th scope="col">What it means</th></tr></thead><tbody>"#,
            esc(q.question),
            n = q.number
        );
        for (said, answer) in &q.answers {
            if answer.flags.is_empty() {
                let _ = write!(
                    b,
                    r#"<tr><th scope="row">{}</th><td>no flag</td><td>Nothing to add: go on to the next question.</td></tr>"#,
                    esc(said)
                );
            }
            for f in &answer.flags {
                let severity = match f.severity {
                    crate::assess::Severity::Info => "information",
                    crate::assess::Severity::Caution => "caution",
                    crate::assess::Severity::High => "red flag",
                    crate::assess::Severity::Stop => "walk away",
                };
                let _ = write!(
                    b,
                    r#"<tr><th scope="row">{}</th><td><strong>{}</strong></td><td>{} {}</td></tr>"#,
                    esc(said),
                    severity,
                    esc(&f.reason),
                    c.refs(&f.sources)
                );
            }
        }
        b.push_str("</tbody></table></div></section>");
    }
    b.push_str(&c.list());
    Page {
        path: "clinic.html".into(),
        html: layout(site, 0, "Three questions to ask a clinic", &b, false),
    }
}

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

/// A page's path: `Err` when the id it is named for is not an identifier.
pub type PagePath = std::result::Result<String, String>;

/// Every page of the site, each handed to `emit` as soon as it is made, so
/// that only one page is in memory at a time. Stops at the first error.
pub fn pages<E>(
    site: &Site,
    mut emit: impl FnMut(Page) -> std::result::Result<(), E>,
) -> std::result::Result<usize, E>
where
    E: From<String>,
{
    let mut count = 0;
    let mut put = |page: PagedPage| -> std::result::Result<(), E> {
        count += 1;
        emit(Page {
            path: page.path.map_err(E::from)?,
            html: page.html,
        })
    };
    for page in [
        index(site),
        timeline_page(site),
        frameworks_page(site),
        clinic_page(site),
    ] {
        put(PagedPage {
            path: Ok(page.path),
            html: page.html,
        })?;
    }
    for p in &site.products {
        put(product_page(site, p))?;
    }
    for p in &site.places {
        put(place_page(site, p))?;
    }
    for i in &site.indications {
        put(indication_page(site, i))?;
    }
    for a in &site.audits {
        put(audit_page(site, a))?;
    }
    Ok(count)
}

/// A record's page before its path is checked.
struct PagedPage {
    path: PagePath,
    html: String,
}

#[cfg(test)]
mod tests {
    use super::esc;

    /// Each page's source list holds every source the answer layer says
    /// its facts cite.
    #[test]
    fn every_page_lists_the_sources_its_facts_cite() {
        let store = crate::embedded().unwrap();
        let site = crate::site::site(&crate::answer::Context::new(&store, crate::cmd::today())).unwrap();
        let mut pages = Vec::new();
        super::pages(&site, |p| {
            pages.push(p);
            Ok::<(), String>(())
        })
        .unwrap();
        let page = |path: String| {
            &pages
                .iter()
                .find(|p| p.path == path)
                .unwrap_or_else(|| panic!("{path}"))
                .html
        };
        let mut expected: Vec<(String, &Vec<String>)> = Vec::new();
        for p in &site.products {
            expected.push((format!("products/{}.html", p.product.id), &p.sources));
        }
        for p in &site.places {
            expected.push((format!("places/{}.html", p.code), &p.sources));
        }
        for i in &site.indications {
            expected.push((format!("indications/{}.html", i.id), &i.sources));
        }
        for a in &site.audits {
            expected.push((format!("audit/{}.html", a.source.id), &a.sources));
        }
        expected.push(("clinic.html".into(), &site.clinic_sources));
        for (path, ids) in expected {
            let html = page(path.clone());
            for id in ids.iter().filter(|id| site.sources.contains_key(*id)) {
                assert!(
                    html.contains(&format!("<li id=\"src-{}\">", esc(id))),
                    "{path} does not list {id}"
                );
            }
        }
    }

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            esc(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(esc("a\u{0}b"), "ab");
    }
}
