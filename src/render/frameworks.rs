//! `frameworks` printed: regulators side by side, one row per topic.

use serde::Serialize;

use crate::answer::frameworks::{Fact, FrameworksAnswer};
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, prose};

/// What a cell says when the record has no fact on a topic.
const NO_SOURCE: &str = "No source found.";
/// The table row of the rule for an unapproved offer (not a topic of
/// frameworks.csv: it comes from offer_rules.csv, the rule in force today
/// where the regulator acts; JSON and CSV keep to the facts, and
/// `check --in` carries the rule as `offer_rule`).
const OFFER_ROW: &str = "offer-rule";
/// Narrowest readable column; below it, regulators go into separate blocks.
const MIN_COLUMN: usize = 28;
const TOPIC_COLUMN: usize = 16;

/// One fact in JSON: `{"regulator", "topic", "summary", "sources": [ids]}`.
#[derive(Serialize)]
struct FactJson<'a> {
    regulator: &'a str,
    topic: &'static str,
    summary: &'a str,
    sources: &'a [String],
}

fn summary(fact: &Fact) -> &str {
    fact.summary.as_deref().unwrap_or(NO_SOURCE)
}

impl Report for FrameworksAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        let facts: Vec<FactJson> = self
            .facts
            .iter()
            .map(|f| FactJson {
                regulator: &f.regulator,
                topic: f.topic.as_str(),
                summary: summary(f),
                sources: &f.sources,
            })
            .collect();
        serde_json::to_value(&facts)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec!["regulator", "topic", "summary", "sources"],
            rows: self
                .facts
                .iter()
                .map(|f| {
                    vec![
                        f.regulator.clone(),
                        f.topic.as_str().to_string(),
                        summary(f).to_string(),
                        f.sources.join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        // As many regulators per block as fit at a readable width.
        let per_block = ((out.width().saturating_sub(TOPIC_COLUMN)) / MIN_COLUMN).max(1);
        for (i, block) in self.regulators.chunks(per_block).enumerate() {
            if i > 0 {
                out.blank()?;
            }
            let mut headers: Vec<&str> = vec!["Topic"];
            headers.extend(block.iter().map(String::as_str));
            let rows: Vec<Vec<String>> = self
                .topics
                .iter()
                .map(|&topic| {
                    let mut row = vec![topic.as_str().to_string()];
                    for regulator in block {
                        let fact = self.fact(regulator, topic);
                        row.push(fact.map(|f| summary(f).to_string()).unwrap_or_default());
                    }
                    row
                })
                .collect();
            let mut rows = rows;
            if block.iter().any(|r| self.offer_rule(r).is_some()) {
                let mut row = vec![OFFER_ROW.to_string()];
                for regulator in block {
                    row.push(
                        self.offer_rule(regulator)
                            .map(prose::offer_rule_cell)
                            .unwrap_or_default(),
                    );
                }
                rows.push(row);
            }
            out.table(&headers, &rows)?;
        }
        Ok(())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn without_sources(&self) -> Option<&str> {
        Some("Every fact cites its sources: add --sources, or --format json.")
    }
}
