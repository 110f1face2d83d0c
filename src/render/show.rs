//! `show` printed: the product, its status by place and indication, the
//! decision timeline, filings, published claims and the numbered sources.

use serde::Serialize;

use crate::answer::show::ShowAnswer;
use crate::answer::standing::StandingStatus;
use crate::error::Result;
use crate::query::{Alias, Claim, Decision, Filing, Product, Source};

use super::{Csv, Output, Report, prose, source_list};

/// The JSON document of `show`.
#[derive(Serialize)]
struct Wire<'a> {
    #[serde(flatten)]
    product: &'a Product,
    aliases: &'a [Alias],
    as_of: String,
    status: Vec<StandingWire<'a>>,
    decisions: Vec<DecisionWire<'a>>,
    filings: &'a [Filing],
    /// Published claims about the product, with their verdicts.
    claims: &'a [Claim],
    sources: &'a [Source],
}

/// A decision, and whether it is dated after the date asked.
#[derive(Serialize)]
struct DecisionWire<'a> {
    #[serde(flatten)]
    decision: &'a Decision,
    after_as_of: bool,
}

#[derive(Serialize)]
struct StandingWire<'a> {
    jurisdiction: &'a str,
    indication_id: &'a str,
    indication: &'a str,
    status: StandingStatus,
    /// Human summary of why.
    detail: String,
    decision_ids: Vec<String>,
}

impl Report for ShowAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(Wire {
            product: &self.product,
            aliases: &self.aliases,
            as_of: self.as_of.to_string(),
            status: self
                .status
                .iter()
                .map(|s| StandingWire {
                    jurisdiction: &s.jurisdiction,
                    indication_id: &s.indication_id,
                    indication: &s.indication,
                    status: s.status,
                    detail: prose::standing_detail(s),
                    decision_ids: s.decision_ids(),
                })
                .collect(),
            decisions: self
                .decisions
                .iter()
                .map(|d| DecisionWire {
                    decision: d,
                    after_as_of: self.is_after(d),
                })
                .collect(),
            filings: &self.filings,
            claims: &self.claims,
            sources: &self.sources,
        })
    }

    /// The decision timeline: one row per decision.
    fn csv(&self) -> Csv {
        Csv {
            headers: [
                "product_id",
                "decision_id",
                "date",
                "date_qualifier",
                "jurisdiction",
                "regulator",
                "decision",
                "brand",
                "indication_id",
                "indication_text",
                "pathway",
                "confidence",
                "sources",
            ]
            .into_iter()
            .chain(super::LABEL_HEADERS)
            .collect(),
            rows: self
                .decisions
                .iter()
                .map(|d| {
                    let mut row = vec![
                        d.product_id.clone(),
                        d.id.clone(),
                        d.date.clone(),
                        d.date_qualifier.clone().unwrap_or_default(),
                        d.jurisdiction.clone(),
                        d.regulator.clone(),
                        d.decision.clone(),
                        d.brand.clone().unwrap_or_default(),
                        d.indication_id.clone().unwrap_or_default(),
                        d.indication_text.clone().unwrap_or_default(),
                        d.pathway.clone().unwrap_or_default(),
                        d.confidence.clone(),
                        d.sources.join(";"),
                    ];
                    row.extend(super::label_cells(d));
                    row
                })
                .collect(),
        }
    }

    /// Ends with the numbered sources, with or without `--sources`: the
    /// tables cite them by number.
    fn table(&self, out: &mut Output) -> Result<()> {
        header(out, self)?;
        status(out, self)?;
        timeline(out, self)?;
        labels(out, self)?;
        filings(out, self)?;
        claims(out, self)?;
        source_list(out, &self.sources)
    }
}

fn header(out: &mut Output, r: &ShowAnswer) -> Result<()> {
    let p = &r.product;
    out.line(&format!("{} — {}", p.display_name(), p.sponsor))?;
    out.line(&format!(
        "Cells: {} ({} donor, {} tissue)",
        p.cell_type, p.donor, p.tissue
    ))?;
    if !r.aliases.is_empty() {
        let names: Vec<String> = r
            .aliases
            .iter()
            .map(|a| format!("{} ({})", a.alias, a.kind))
            .collect();
        out.line(&format!("Also: {}", names.join(", ")))?;
    }
    if let Some(notes) = &p.notes {
        out.line(&format!("Notes: {notes}"))?;
    }
    Ok(())
}

fn status(out: &mut Output, r: &ShowAnswer) -> Result<()> {
    out.blank()?;
    out.line(&format!("Status as of {}:", r.as_of))?;
    if r.status.is_empty() {
        out.line("  No decision on record.")?;
    } else {
        let rows: Vec<Vec<String>> = r
            .status
            .iter()
            .map(|s| {
                vec![
                    s.jurisdiction.clone(),
                    s.indication.clone(),
                    s.status.as_str().to_string(),
                    prose::standing_detail(s),
                ]
            })
            .collect();
        out.table(&["Where", "Indication", "Status", "Because"], &rows)?;
    }
    for (d, note) in r
        .decisions
        .iter()
        .filter_map(|d| d.status_note.as_ref().map(|n| (d, n)))
    {
        out.line(&format!(
            "Unconfirmed ({} {}): {note}",
            d.jurisdiction,
            d.date_label()
        ))?;
    }
    Ok(())
}

fn timeline(out: &mut Output, r: &ShowAnswer) -> Result<()> {
    out.blank()?;
    out.line("Decisions, by jurisdiction:")?;
    let mut decisions: Vec<&Decision> = r.decisions.iter().collect();
    decisions.sort_by(|a, b| a.jurisdiction.cmp(&b.jurisdiction)); // stable: keeps date order within
    let rows: Vec<Vec<String>> = decisions
        .iter()
        .map(|d| {
            let mut what = d.decision.clone();
            if let Some(pathway) = &d.pathway {
                what.push_str(&format!("\n{pathway}"));
            }
            let mut indication = d.indication_text.clone().unwrap_or_else(|| d.indication_label());
            if let Some(note) = &d.note {
                indication.push_str(&format!("\nNote: {note}"));
            }
            let mut date = d.date_label();
            if r.is_after(d) {
                date.push_str(&format!("\n(after {})", r.as_of));
            }
            vec![
                d.jurisdiction.clone(),
                date,
                d.regulator.clone(),
                what,
                indication,
                source_numbers(&r.sources, &d.sources),
            ]
        })
        .collect();
    if rows.is_empty() {
        return out.line("  None on record.");
    }
    out.table(
        &["Where", "Date", "Regulator", "Decision", "Indication", "Sources"],
        &rows,
    )
}

fn filings(out: &mut Output, r: &ShowAnswer) -> Result<()> {
    if r.filings.is_empty() {
        return Ok(());
    }
    out.blank()?;
    out.line("Filings and registrations:")?;
    let rows: Vec<Vec<String>> = r
        .filings
        .iter()
        .map(|f| {
            let phase = f.phase.as_deref().map(|p| format!("\n{p}")).unwrap_or_default();
            let mut date = f.date_label();
            if !f.on_record_by(r.as_of, r.today) {
                date.push_str(&format!("\n(after {})", r.as_of));
            }
            vec![
                f.regulator.clone().unwrap_or_default(),
                f.kind.clone(),
                f.number.clone().unwrap_or_default(),
                date,
                format!("{}{phase}", f.status),
                source_numbers(&r.sources, &f.sources),
            ]
        })
        .collect();
    out.table(
        &["Regulator", "Kind", "Number", "Date", "Status", "Sources"],
        &rows,
    )
}

fn claims(out: &mut Output, r: &ShowAnswer) -> Result<()> {
    if r.claims.is_empty() {
        return Ok(());
    }
    out.blank()?;
    out.line("Published claims about it (see 'mscdb audit'):")?;
    let rows: Vec<Vec<String>> = r
        .claims
        .iter()
        .map(|c| {
            vec![
                format!("{}\n{}", c.source_id, c.locator),
                c.as_printed(),
                c.verdict.clone(),
            ]
        })
        .collect();
    out.table(&["Where", "As printed", "Verdict"], &rows)
}

/// "1, 3": the positions of `ids` in the numbered source list.
fn source_numbers(list: &[Source], ids: &[String]) -> String {
    // A map, not a search per id: linear however many sources are cited.
    let position: std::collections::HashMap<&str, usize> =
        list.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let numbers: Vec<String> = ids
        .iter()
        .filter_map(|id| position.get(id.as_str()).copied())
        .map(|i| (i + 1).to_string())
        .collect();
    numbers.join(", ")
}

/// Who each grant's label is for, with its dose, route and the regulator's
/// identifier, where the record has them.
fn labels(out: &mut Output, r: &ShowAnswer) -> Result<()> {
    let lines: Vec<String> = r
        .decisions
        .iter()
        .filter_map(|d| prose::label_sentence(&d.jurisdiction, d))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    out.blank()?;
    out.line("Labels, by grant:")?;
    for l in &lines {
        out.line(&format!("- {l}"))?;
    }
    Ok(())
}
