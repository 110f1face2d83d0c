//! `audit` printed: per publication, a summary line per section and a table
//! of its claims with what the record says.

use crate::answer::audit::{AuditAnswer, AuditedClaim};
use crate::error::Result;
use crate::model::ClaimVerdict;
use crate::query::Source;

use super::{Csv, Output, Report};

/// "Table 2: 20 rows — 10 confirmed, 4 corrected, 5 wrong, 1 unverified".
pub fn summary(section: &str, claims: &[&AuditedClaim]) -> String {
    let noun = if section.starts_with("Table") {
        "row"
    } else {
        "claim"
    };
    let counts: Vec<String> = ClaimVerdict::NAMES
        .iter()
        .map(|v| (v, claims.iter().filter(|c| c.claim.verdict == *v).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(v, n)| format!("{n} {v}"))
        .collect();
    format!(
        "{section}: {} — {}",
        super::prose::count(claims.len(), noun),
        counts.join(", ")
    )
}

/// One publication's claims, in the order the publication first appears.
struct Group<'a> {
    source_id: &'a str,
    publication: &'a str,
    claims: Vec<&'a AuditedClaim>,
}

fn by_publication(claims: &[AuditedClaim]) -> Vec<Group<'_>> {
    let mut groups: Vec<Group> = Vec::new();
    for c in claims {
        match groups.iter_mut().find(|g| g.source_id == c.claim.source_id) {
            Some(group) => group.claims.push(c),
            None => groups.push(Group {
                source_id: &c.claim.source_id,
                publication: &c.publication,
                claims: vec![c],
            }),
        }
    }
    groups
}

/// The "The record" cell: the correction, then the record's count, the
/// decisions and the note.
fn record_cell(a: &AuditedClaim) -> String {
    let mut correction = a.claim.correction.clone();
    if let (Some(claimed), Some(count)) = (a.claim.claimed_count, &a.record_count) {
        correction.push_str(&format!(
            "\nClaimed: {claimed}. Record: {} MSC and MSC-like products have ever held a grant; {} hold one on {}.",
            count.msc_products_ever_granted, count.msc_products_in_force, count.as_of
        ));
    }
    if !a.claim.decision_ids.is_empty() {
        correction.push_str(&format!("\nDecisions: {}", a.claim.decision_ids.join(", ")));
    }
    if let Some(note) = &a.claim.note {
        correction.push_str(&format!("\nNote: {note}"));
    }
    correction
}

impl Report for AuditAnswer {
    /// An array of [`AuditedClaim`].
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.claims)
    }

    fn json_streamed(&self, out: &mut Output, record_date: Option<&str>) -> Option<Result<()>> {
        Some(super::json_rows(out, &self.claims, record_date))
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "source_id",
                "locator",
                "as_printed",
                "verdict",
                "correction",
                "product_id",
                "decision_ids",
                "sources",
            ],
            rows: self
                .claims
                .iter()
                .map(|a| {
                    let c = &a.claim;
                    vec![
                        c.source_id.clone(),
                        c.locator.clone(),
                        a.as_printed.clone(),
                        c.verdict.clone(),
                        c.correction.clone(),
                        c.product_id.clone().unwrap_or_default(),
                        c.decision_ids.join(";"),
                        c.sources.join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.claims.is_empty() {
            return out.line("No claim matches.");
        }
        for (i, group) in by_publication(&self.claims).iter().enumerate() {
            if i > 0 {
                out.blank()?;
            }
            out.line(group.publication)?;
            let mut sections: Vec<&str> = Vec::new();
            for c in &group.claims {
                if !sections.contains(&c.claim.section()) {
                    sections.push(c.claim.section());
                }
            }
            for section in &sections {
                let members: Vec<&AuditedClaim> = group
                    .claims
                    .iter()
                    .copied()
                    .filter(|c| c.claim.section() == *section)
                    .collect();
                out.line(&summary(section, &members))?;
            }
            let rows: Vec<Vec<String>> = group
                .claims
                .iter()
                .map(|a| {
                    // The section is in the summary line above; the row names only the place within it.
                    let place = a
                        .claim
                        .locator
                        .split_once(", ")
                        .map_or(a.claim.locator.as_str(), |(_, rest)| rest);
                    vec![
                        place.to_string(),
                        a.as_printed.clone(),
                        a.claim.verdict.clone(),
                        record_cell(a),
                    ]
                })
                .collect();
            out.table(&["Where", "As printed", "Verdict", "The record"], &rows)?;
        }
        Ok(())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}
