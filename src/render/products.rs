//! `products` printed: one row per grant in scope.

use crate::answer::products::{Grant, ProductsAnswer};
use crate::answer::standing::StandingStatus;
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, prose};

impl Report for ProductsAnswer {
    /// An array of products, each with its grants in scope.
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.rows)
    }

    /// One row per grant in scope (a product without one: one row with
    /// the grant columns empty). `status` is the grant's own standing, so an
    /// ended grant is never listed as `approved`; `grants` is its decision id.
    fn csv(&self) -> Csv {
        let mut rows = Vec::new();
        for r in &self.rows {
            let product = |status: &str, grant: Option<&Grant>| {
                let g = |f: fn(&Grant) -> String| grant.map(f).unwrap_or_default();
                vec![
                    r.id.clone(),
                    r.name.clone(),
                    r.nonproprietary_name.clone().unwrap_or_default(),
                    r.sponsor.clone(),
                    r.cell_type.clone(),
                    r.donor.clone(),
                    r.tissue.clone(),
                    status.to_string(),
                    r.as_of.clone(),
                    g(|g| g.decision_id.clone()),
                    g(|g| g.jurisdiction.clone()),
                    g(|g| g.decision.clone()),
                    g(|g| g.date.clone()),
                    g(|g| g.date_qualifier.clone().unwrap_or_default()),
                    g(|g| g.indication.clone()),
                ]
            };
            if r.grants.is_empty() {
                rows.push(product(r.status.as_str(), None));
            }
            for grant in &r.grants {
                rows.push(product(grant_status(grant), Some(grant)));
            }
        }
        Csv {
            headers: vec![
                "id",
                "name",
                "nonproprietary_name",
                "sponsor",
                "cell_type",
                "donor",
                "tissue",
                "status",
                "as_of",
                "grants",
                "jurisdiction",
                "decision",
                "date",
                "date_qualifier",
                "indication",
            ],
            rows,
        }
    }

    /// One row per grant in scope: Product · Where · Decision · Date ·
    /// Indication · Status.
    fn table(&self, out: &mut Output) -> Result<()> {
        if self.rows.is_empty() {
            out.line(&format!("No product matches (as of {}).", self.as_of))?;
            if !self.ended.is_empty() {
                out.line(&prose::ended_hint(&self.ended))?;
            }
            return Ok(());
        }
        let mut lines: Vec<Vec<String>> = Vec::new();
        for r in &self.rows {
            let name = match r.nonproprietary_name.as_deref() {
                Some(n) if n.chars().count() <= 30 && n != r.name => format!("{}\n{n}", r.name),
                _ => r.name.clone(),
            };
            if r.grants.is_empty() {
                lines.push(vec![
                    name.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "not approved".into(),
                ]);
            }
            for g in &r.grants {
                lines.push(vec![
                    name.clone(),
                    g.jurisdiction.clone(),
                    g.decision.clone(),
                    prose::grant_date(g),
                    g.indication.clone(),
                    prose::grant_standing(g),
                ]);
            }
        }
        out.table(
            &["Product", "Where", "Decision", "Date", "Indication", "Status"],
            &lines,
        )?;
        out.line(&format!(
            "{}, {} in scope, status as of {}. 'mscdb show NAME' gives the full history and sources.",
            prose::count(self.rows.len(), "product"),
            prose::count(self.rows.iter().map(|r| r.grants.len()).sum(), "grant"),
            self.as_of
        ))
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

/// A grant's standing in the CSV's `status` column.
fn grant_status(g: &Grant) -> &'static str {
    match g.status {
        StandingStatus::InForce => "approved",
        StandingStatus::TermEnded => "term-ended",
        StandingStatus::Ended => "no-longer-approved",
        // A grant in scope is in force, term-ended or ended; nothing else reaches here.
        StandingStatus::Refused | StandingStatus::NoGrant => "not-approved",
    }
}
