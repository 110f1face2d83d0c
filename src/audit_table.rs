//! `mscdb audit --table FILE.csv`: a table of claimed approvals that a user
//! brings (product, place, year or date, status as printed, in any column
//! order named by its header) audited row by row by the written rule
//! (docs/audit-verdicts.md), with `check`'s answer as the record's side.
//!
//! The main point of a row is "this product holds or held a marketing
//! approval here, for this indication (when one is given and the record
//! knows it), by this year". The verdict, first that applies:
//! - `not-in-record`: the row names no product (or no place) the record knows;
//! - `wrong`: the record has decisions here, but no grant (what happened was
//!   of another kind), a grant only for another indication, only refusals, or
//!   a grant only years after the year printed while something else happened
//!   in that year;
//! - `unverified`: no decision on record for that product here;
//! - `corrected`: the main point holds but a detail is wrong: the year, a
//!   misspelt name (an alias the record keeps as a misspelling), a grant
//!   shown as current that has ended;
//! - `confirmed`: otherwise.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::answer::Context;
use crate::answer::check::{self, CheckAnswer, CheckQuery};
use crate::error::{Error, Result};
use crate::model::Effect;
use crate::render::{Csv, Output, Report};
use crate::verdict::Verdict;

/// One row of the user's table with its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct AuditedRow {
    /// The line of the file the row is on.
    pub line: usize,
    pub product: String,
    pub place: String,
    pub year: String,
    pub status: String,
    pub indication: String,
    pub verdict: &'static str,
    /// The record's product, when the name was found.
    pub product_id: Option<String>,
    /// What the record says, and each detail it corrects.
    pub findings: Vec<String>,
    pub decision_ids: Vec<String>,
    pub sources: Vec<String>,
}

pub struct TableAudit {
    pub rows: Vec<AuditedRow>,
}

/// The columns a header may name, by normalised header text.
const COLUMNS: &[(&str, &[&str])] = &[
    (
        "product",
        &[
            "product",
            "name",
            "productname",
            "brand",
            "tradename",
            "drug",
            "drugname",
            "printedname",
        ],
    ),
    (
        "place",
        &[
            "place",
            "country",
            "jurisdiction",
            "location",
            "region",
            "market",
            "approvedlocation",
            "approvedlocations",
            "locations",
            "printedlocation",
        ],
    ),
    (
        "year",
        &[
            "year",
            "date",
            "approvalyear",
            "approvaldate",
            "approved",
            "yearofapproval",
            "approvedyear",
            "printedyear",
        ],
    ),
    ("status", &["status", "approvalstatus"]),
    (
        "indication",
        &["indication", "disease", "indications", "for", "printedindication"],
    ),
];

fn header_key(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Reads the table: a path, or `-` for standard input.
/// A row as read: its line and its cells (product, place, year, status, indication).
pub type Row = (usize, [String; 5]);

pub fn read(path: &Path) -> Result<(String, Vec<Row>)> {
    let shown = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if shown == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| Error::usage(format!("{shown}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::usage(format!("{shown}: not UTF-8 text")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::usage(format!("{shown}:1: header: {e}")))?
        .clone();
    let mut index: [Option<usize>; 5] = [None; 5];
    for (i, header) in headers.iter().enumerate() {
        let key = header_key(header);
        if let Some(slot) = COLUMNS
            .iter()
            .position(|(_, names)| names.contains(&key.as_str()))
            && index[slot].is_none()
        {
            index[slot] = Some(i);
        }
    }
    for (slot, (name, _)) in COLUMNS.iter().enumerate().take(2) {
        if index[slot].is_none() {
            return Err(Error::usage(format!(
                "{shown}:1: header: no {name} column (the header names the columns: product, place, year, status, indication, in any order; found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            Error::usage(format!("{shown}:{line}: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |slot: usize| {
            index[slot]
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        rows.push((line, [cell(0), cell(1), cell(2), cell(3), cell(4)]));
    }
    Ok((shown, rows))
}

/// The text, then the text without its parenthesis, then inside it:
/// `GVHD (graft-versus-host disease)`, `MPC(Mesenchymal Precursor Cell)`.
fn variants(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    if let (Some(open), Some(close)) = (text.find('('), text.rfind(')'))
        && open < close
    {
        let outside = format!("{}{}", &text[..open], &text[close + 1..]);
        out.push(outside.trim().to_string());
        out.push(text[open + 1..close].trim().to_string());
    }
    out.retain(|v| !v.is_empty());
    out.dedup();
    out
}

/// The first four-digit year in a cell (`2012`, `2012-05-17`, `May 2012`).
fn year_of(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let run = &text.get(i..i + 4)?;
        let bounded = (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        (bounded && run.bytes().all(|b| b.is_ascii_digit())).then(|| run.parse().ok())?
    })
}

fn ask(cx: &Context, name: &str, place: &str, disease: Option<&str>) -> Result<CheckAnswer> {
    check::answer(
        cx,
        &CheckQuery {
            name: Some(name.to_string()),
            country: Some(place.to_string()),
            disease: disease.map(String::from),
            as_of: None,
        },
    )
}

/// The record's answer for a row: the first variant of the name and of the
/// indication that the record knows; the indication is left out when none is.
fn answer_for(cx: &Context, cells: &[String; 5]) -> Result<(CheckAnswer, Option<String>)> {
    let [product, place, _, _, indication] = cells;
    let names = variants(product);
    let mut answer = ask(cx, &names[0], place, None)?;
    for name in &names[1..] {
        if answer.verdict != Verdict::NotInRecord {
            break;
        }
        answer = ask(cx, name, place, None)?;
    }
    if answer.verdict == Verdict::NotInRecord || indication.is_empty() {
        return Ok((answer, None));
    }
    let name = answer.typed.clone().unwrap_or_else(|| names[0].clone());
    for disease in variants(indication) {
        // Only a name the record knows exactly is asked: a miss would cost
        // `check` a search for suggestions among every ICD-10-CM title.
        if known_disease(cx, &disease)?
            && let Ok(with) = ask(cx, &name, place, Some(&disease))
        {
            return Ok((with, Some(disease)));
        }
    }
    Ok((answer, None))
}

pub fn audit(cx: &Context, rows: Vec<Row>) -> Result<TableAudit> {
    let mut out = Vec::new();
    for (line, cells) in rows {
        out.push(audit_row(cx, line, &cells)?);
    }
    Ok(TableAudit { rows: out })
}

fn audit_row(cx: &Context, line: usize, cells: &[String; 5]) -> Result<AuditedRow> {
    let mut row = AuditedRow {
        line,
        product: cells[0].clone(),
        place: cells[1].clone(),
        year: cells[2].clone(),
        status: cells[3].clone(),
        indication: cells[4].clone(),
        verdict: "not-in-record",
        product_id: None,
        findings: Vec::new(),
        decision_ids: Vec::new(),
        sources: Vec::new(),
    };
    if cells[0].is_empty() || cells[1].is_empty() {
        let what = if cells[0].is_empty() { "product" } else { "place" };
        row.findings.push(format!("the row names no {what}"));
        return Ok(row);
    }
    let (answer, disease) = match answer_for(cx, cells) {
        Ok(found) => found,
        Err(Error::Unknown { what, text, .. }) => {
            row.findings.push(format!(
                "names no {} the record knows: '{text}'",
                lookup_word(&what)
            ));
            return Ok(row);
        }
        Err(e) => return Err(e),
    };
    let Some(product) = answer.product.clone() else {
        row.findings
            .push(format!("names no product the record knows: '{}'", cells[0]));
        return Ok(row);
    };
    row.product_id = Some(product.id.clone());
    if !cells[4].is_empty() && disease.is_none() {
        row.findings.push(format!(
            "indication not checked: the record does not know '{}'",
            cells[4]
        ));
    }
    let here = answer.place.clone().unwrap_or_else(|| cells[1].clone());
    let in_scope = &answer.considered;
    // Every grant in scope, in force or not (a renewal, a re-grant under a new law).
    let granted: Vec<&crate::query::Decision> = in_scope
        .iter()
        .filter(|d| d.kind.effect() == Effect::Grant)
        .collect();
    row.decision_ids = in_scope.iter().map(|d| d.id.clone()).collect();
    row.sources = answer.sources.iter().map(|s| s.id.clone()).collect();
    let what_happened = |decisions: &[crate::query::Decision]| -> String {
        decisions
            .iter()
            .map(|d| format!("{} {}", d.decision, d.date))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut details = Vec::new();
    row.verdict = match answer.verdict {
        Verdict::ApprovedOtherIndication => {
            let others: Vec<String> = answer
                .other_indication
                .iter()
                .map(|e| e.indication.clone())
                .collect();
            row.findings.push(format!(
                "approved in {here} for {}, not for the indication printed",
                others.join("; ")
            ));
            "wrong"
        }
        Verdict::Refused => {
            row.findings
                .push(format!("refused in {here}: {}", what_happened(&answer.negatives)));
            "wrong"
        }
        Verdict::Approved | Verdict::NoLongerApproved | Verdict::TermEnded => {
            if let Some(printed) = year_of(&cells[2]) {
                let years: Vec<i32> = granted.iter().map(|d| i32::from(d.when.year)).collect();
                let first = years.iter().copied().min().unwrap_or(printed);
                if !years.contains(&printed) {
                    let other_then: Vec<crate::query::Decision> = in_scope
                        .iter()
                        .filter(|d| d.kind.effect() != Effect::Grant && i32::from(d.when.year) == printed)
                        .cloned()
                        .collect();
                    if printed < first && !other_then.is_empty() {
                        row.findings.push(format!(
                            "no grant in {here} in {printed}: {}; the first grant came in {first}",
                            what_happened(&other_then)
                        ));
                        row.verdict = "wrong";
                    } else {
                        let dates: Vec<&str> = granted.iter().map(|d| d.date.as_str()).collect();
                        details.push(format!("granted {}, not {printed}", dates.join(", ")));
                    }
                }
            }
            if answer.verdict == Verdict::NoLongerApproved {
                for (grant, end) in &answer.ended {
                    details.push(match end {
                        Some(end) => format!(
                            "the {} of {} ended: {} {}",
                            grant.decision, grant.date, end.decision, end.date
                        ),
                        None => format!(
                            "the {} of {} ran out ({})",
                            grant.decision,
                            grant.date,
                            grant.valid_until.as_deref().unwrap_or("its term")
                        ),
                    });
                }
            }
            // A term that ran out with no decision since: what was printed
            // held then; whether it holds now the record cannot say.
            if answer.verdict == Verdict::TermEnded {
                row.findings.push(format!(
                    "the grant's term has ended in {here} and no later decision is on record, so whether it still holds is not certain (term-ended)"
                ));
            }
            if let Some(alias) = misspelling(cx, &product.id, &cells[0])? {
                details.push(format!("'{alias}' is a misspelling of {}", product.name));
            }
            if row.verdict == "wrong" {
                "wrong"
            } else if details.is_empty() {
                "confirmed"
            } else {
                "corrected"
            }
        }
        _ if !in_scope.is_empty() => {
            row.findings.push(format!(
                "no grant in {here}; what happened: {}",
                what_happened(in_scope)
            ));
            "wrong"
        }
        _ => {
            row.findings
                .push(format!("no decision on record for {} in {here}", product.name));
            "unverified"
        }
    };
    row.findings.extend(details);
    Ok(row)
}

/// Whether the name index has `text` as an indication or disease name.
fn known_disease(cx: &Context, text: &str) -> Result<bool> {
    let norm = crate::resolve::normalize(text);
    let mut stmt = cx.conn.prepare_cached(
        "SELECT 1 FROM names WHERE kind IN ('indication', 'disease') AND norm = ?1 LIMIT 1",
    )?;
    Ok(stmt.exists([norm])?)
}

fn lookup_word(what: &crate::error::Lookup) -> &'static str {
    match what {
        crate::error::Lookup::Product => "product",
        crate::error::Lookup::Name(_) => "place",
        _ => "name",
    }
}

/// The alias of `product` the printed name is, when the record keeps it as
/// a misspelling.
fn misspelling(cx: &Context, product: &str, printed: &str) -> Result<Option<String>> {
    let printed: Vec<String> = variants(printed)
        .iter()
        .map(|v| crate::resolve::normalize(v))
        .collect();
    let aliases = crate::query::aliases_of(cx.conn, product)?;
    Ok(aliases
        .into_iter()
        .find(|a| a.kind == "misspelling" && printed.contains(&crate::resolve::normalize(&a.alias)))
        .map(|a| a.alias))
}

const HEADERS: [&str; 11] = [
    "line",
    "product",
    "place",
    "year",
    "status",
    "indication",
    "verdict",
    "product_id",
    "findings",
    "decision_ids",
    "sources",
];

impl AuditedRow {
    fn cells(&self) -> Vec<String> {
        vec![
            self.line.to_string(),
            self.product.clone(),
            self.place.clone(),
            self.year.clone(),
            self.status.clone(),
            self.indication.clone(),
            self.verdict.to_string(),
            self.product_id.clone().unwrap_or_default(),
            self.findings.join("; "),
            self.decision_ids.join(";"),
            self.sources.join(";"),
        ]
    }
}

impl Report for TableAudit {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.rows)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: HEADERS.to_vec(),
            rows: self.rows.iter().map(AuditedRow::cells).collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.line.to_string(),
                    format!("{} — {} {}", r.product, r.place, r.year)
                        .trim()
                        .to_string(),
                    r.verdict.to_string(),
                    r.findings.join("\n"),
                ]
            })
            .collect();
        out.table(
            &["Line", "Claim as printed", "Verdict", "What the record says"],
            &rows,
        )?;
        let count = |v: &str| self.rows.iter().filter(|r| r.verdict == v).count();
        out.line(&format!(
            "{} rows: {} confirmed, {} corrected, {} wrong, {} unverified, {} not in the record. The rule: docs/audit-verdicts.md.",
            self.rows.len(),
            count("confirmed"),
            count("corrected"),
            count("wrong"),
            count("unverified"),
            count("not-in-record")
        ))
    }
}
