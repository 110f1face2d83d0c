//! `assess` printed: each question, what they said, what the record says,
//! and the flags; then the count of red flags.

use serde::Serialize;

use crate::answer::assess::Assessment;
use crate::assess::{Question, Severity};
use crate::error::Result;
use crate::query::Source;

use super::{Csv, Output, Report, prose};

/// The JSON document of `assess`.
#[derive(Serialize)]
struct Wire<'a> {
    product: Option<&'a str>,
    #[serde(rename = "in")]
    country: Option<&'a str>,
    #[serde(rename = "for")]
    indication: Option<&'a str>,
    questions: Vec<QuestionWire<'a>>,
    red_flags: usize,
    cautions: usize,
    /// The rule for an unapproved offer where the clinic is (when nothing in scope is approved).
    offer_rule: Option<&'a crate::answer::actions::OfferRuleAnswer>,
    /// The credential the clinic shows: what it means and does not mean.
    credential: Option<&'a crate::answer::assess::CredentialFinding>,
}

#[derive(Serialize)]
struct QuestionWire<'a> {
    #[serde(flatten)]
    question: &'a Question,
    /// What the record says, where it can say something.
    record: Option<String>,
}

/// "approved-elsewhere: Ryoncil is not approved in …": the record's answer
/// to a question, when it has one.
fn record(a: &Assessment, q: &Question) -> Option<String> {
    let verdict = q.checked?;
    let headline = a.check.as_ref().map(prose::check_headline).unwrap_or_default();
    Some(format!("{}: {headline}", verdict.as_str()))
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Stop => "STOP",
        Severity::High => "RED FLAG",
        Severity::Caution => "CAUTION",
        Severity::Info => "note",
    }
}

impl Report for Assessment {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(Wire {
            product: self.product.as_deref(),
            country: self.country.as_deref(),
            indication: self.indication.as_deref(),
            questions: self
                .questions
                .iter()
                .map(|q| QuestionWire {
                    question: q,
                    record: record(self, q),
                })
                .collect(),
            red_flags: self.red_flags,
            cautions: self.cautions,
            offer_rule: self.offer_rule.as_ref(),
            credential: self.credential.as_ref(),
        })
    }

    /// One row per flag.
    fn csv(&self) -> Csv {
        Csv {
            headers: vec!["question", "text", "said", "severity", "reason", "sources"],
            rows: self
                .questions
                .iter()
                .flat_map(|q| {
                    q.flags.iter().map(move |f| {
                        vec![
                            q.number.to_string(),
                            q.question.to_string(),
                            q.said.clone(),
                            f.severity.as_str().to_string(),
                            f.reason.clone(),
                            f.sources.join(";"),
                        ]
                    })
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        for q in &self.questions {
            out.line(&format!("{}. {}", q.number, q.question))?;
            out.line(&format!("   They said: {}", q.said))?;
            if let Some(record) = record(self, q) {
                out.line(&format!("   The record: {record}"))?;
            }
            for f in &q.flags {
                let sources = if f.sources.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", f.sources.join(", "))
                };
                out.line(&format!("   {}: {}{sources}", label(f.severity), f.reason))?;
            }
            out.blank()?;
        }
        if let Some(finding) = &self.credential {
            for line in prose::credential_finding(finding) {
                out.line(&line)?;
            }
            out.blank()?;
        }
        out.line(&prose::assess_summary(self.red_flags, self.cautions))
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}
