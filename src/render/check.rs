//! How a `check` answer looks: the verdict and headline, the evidence table,
//! filings, approvals elsewhere, what the record mentions, caveats.

use serde::Serialize;

use crate::answer::check::{Asked, CheckAnswer, Elsewhere, Evidence, Mention, Uncertainty};
use crate::error::Result;
use crate::model::Effect;
use crate::query::{Filing, Product, Source};
use crate::verdict::Verdict;

use super::prose::{self, with_article};
use super::{Csv, Output, Report, join_lines};

/// The JSON document of `check` (keys are added, never renamed).
#[derive(Serialize)]
struct Wire<'a> {
    verdict: Verdict,
    headline: String,
    query: &'a Asked,
    product: Option<&'a Product>,
    evidence: &'a [Evidence],
    approved_elsewhere: &'a [Elsewhere],
    /// In force in the place asked, for another (or a narrower) indication.
    approved_other_indication: &'a [Elsewhere],
    filings: &'a [Filing],
    caveats: Vec<String>,
    suggestions: &'a [String],
    /// For a disease: products of other cell types (not MSC) approved for it.
    other_cell_types: &'a [Elsewhere],
    /// For a name not in the record: where the record's text mentions it.
    mentions: &'a [Mention],
    /// False when the answer depends on something the record cannot know.
    certain: bool,
    uncertainty: &'a [Uncertainty],
    #[serde(skip_serializing_if = "Option::is_none")]
    disease: Option<&'a crate::answer::disease::Disease>,
    sources: &'a [Source],
    /// For a name that is a seller, not a product (verdict `seller`).
    seller: Option<&'a crate::query::actions::Seller>,
    /// Actions against the seller, or (for --for) the actions in scope; each with its sources.
    actions: Vec<serde_json::Value>,
    /// The rule for an unapproved offer in the place asked, when nothing in scope is approved.
    offer_rule: Option<OfferRuleWire<'a>>,
}

#[derive(Serialize)]
struct OfferRuleWire<'a> {
    #[serde(flatten)]
    rule: &'a crate::answer::actions::OfferRuleAnswer,
    sentence: String,
}

impl Report for CheckAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        let wire = Wire {
            verdict: self.verdict,
            headline: prose::check_headline(self),
            query: &self.asked,
            product: self.product.as_ref(),
            evidence: &self.evidence,
            approved_elsewhere: &self.approved_elsewhere,
            approved_other_indication: &self.other_indication,
            other_cell_types: &self.other_cell_types,
            filings: &self.filings,
            caveats: prose::caveats(self),
            suggestions: &self.suggestions,
            mentions: &self.mentions,
            certain: self.uncertain.is_empty(),
            uncertainty: &self.uncertain,
            disease: self.disease.as_ref(),
            sources: &self.sources,
            seller: self.seller.as_ref(),
            actions: match &self.actions {
                Some(a) => super::actions::rows(a)?,
                None => Vec::new(),
            },
            offer_rule: self.offer_rule.as_ref().map(|rule| OfferRuleWire {
                rule,
                sentence: prose::offer_rule_sentence(rule, &self.place_with_article(&rule.place)),
            }),
        };
        serde_json::to_value(wire)
    }

    fn csv(&self) -> Csv {
        let mut rows: Vec<Vec<String>> = self
            .evidence
            .iter()
            .map(|e| {
                let d = &e.decision;
                vec![
                    self.verdict.as_str().to_string(),
                    d.product_id.clone(),
                    d.id.clone(),
                    d.jurisdiction.clone(),
                    d.regulator.clone(),
                    d.decision.clone(),
                    d.date.clone(),
                    d.date_qualifier.clone().unwrap_or_default(),
                    d.indication_id.clone().unwrap_or_default(),
                    d.sources.join(";"),
                    label_cell(d, |l| l.population.clone()),
                    label_cell(d, |l| l.age_min.clone()),
                    label_cell(d, |l| l.dose.clone()),
                    label_cell(d, |l| l.route.clone()),
                    label_cell(d, |l| l.label_source.clone()),
                    label_cell(d, |l| l.label_date.clone()),
                    label_cell(d, |l| l.regulator_ref.clone()),
                    label_cell(d, |l| l.regulator_ref_kind.clone()),
                    self.asked.indication.clone().unwrap_or_default(),
                    self.asked.country.clone().unwrap_or_default(),
                ]
            })
            .collect();
        if rows.is_empty() {
            let mut row = vec![String::new(); 20];
            row[0] = self.verdict.as_str().to_string();
            row[18] = self.asked.indication.clone().unwrap_or_default();
            row[19] = self.asked.country.clone().unwrap_or_default();
            rows.push(row);
        }
        Csv {
            headers: vec![
                "verdict",
                "product_id",
                "decision_id",
                "jurisdiction",
                "regulator",
                "decision",
                "date",
                "date_qualifier",
                "indication_id",
                "sources",
                "population",
                "age_min",
                "dose",
                "route",
                "label_source",
                "label_date",
                "regulator_ref",
                "regulator_ref_kind",
                "query_for",
                "query_in",
            ],
            rows,
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        out.line(&format!(
            "{}: {}",
            self.verdict.as_str(),
            prose::check_headline(self)
        ))?;
        if !self.evidence.is_empty() {
            out.blank()?;
            let multi = self.product.is_none();
            let rows: Vec<Vec<String>> = self
                .evidence
                .iter()
                .map(|e| {
                    let d = &e.decision;
                    let mut what = format!("{} {}", d.regulator, d.decision);
                    if d.kind().effect() == Effect::Step {
                        what.push_str(" (not an approval)");
                    }
                    if let Some(until) = &e.term_ended {
                        what.push_str(&format!(" (term ended {until})"));
                    }
                    let mut row = vec![d.jurisdiction.clone(), d.date_label(), what, d.indication_label()];
                    if multi {
                        row.insert(0, e.product.clone());
                    }
                    row.push(join_lines(d.sources.iter().cloned()));
                    row
                })
                .collect();
            let mut headers = vec!["Where", "Date", "Decision", "Indication", "Sources"];
            if multi {
                headers.insert(0, "Product");
            }
            out.table(&headers, &rows)?;
        }
        let labels: Vec<String> = self
            .evidence
            .iter()
            .filter(|e| e.decision.kind().effect() == Effect::Grant)
            .filter_map(|e| {
                let d = &e.decision;
                prose::label_sentence(&self.place_with_article(&d.jurisdiction), d)
            })
            .collect();
        if !labels.is_empty() {
            out.blank()?;
            out.line("Who it is approved for:")?;
            for l in &labels {
                out.line(&format!("- {l}"))?;
            }
        }
        if self.verdict == Verdict::Investigational && !self.filings.is_empty() {
            out.blank()?;
            out.line("Filings on record:")?;
            for f in &self.filings {
                out.line(&format!(
                    "- {} {} {}: {} {}",
                    f.regulator.as_deref().unwrap_or("registry"),
                    f.kind,
                    f.number.as_deref().unwrap_or("(number not found)"),
                    f.status,
                    f.date_label()
                ))?;
            }
        }
        if !self.other_indication.is_empty() {
            out.blank()?;
            out.line(if self.product.is_some() && self.place.is_some() {
                "Approved here for other indications:"
            } else if self.product.is_some() {
                "Approved for other indications:"
            } else {
                "Approved for a narrower indication:"
            })?;
            list(out, &self.other_indication)?;
        }
        if !self.approved_elsewhere.is_empty() {
            out.blank()?;
            out.line(if self.verdict == Verdict::Approved {
                "Also approved:"
            } else {
                "Approved elsewhere:"
            })?;
            list(out, &self.approved_elsewhere)?;
        }
        if !self.other_cell_types.is_empty() {
            out.blank()?;
            out.line("Not MSC products, but approved for it:")?;
            list(out, &self.other_cell_types)?;
        }
        if !self.mentions.is_empty() {
            out.blank()?;
            out.line("The record mentions it (mscdb search shows more):")?;
            for m in &self.mentions {
                out.line(&format!("- {} {}: {}", m.kind, m.id, m.title))?;
            }
        }
        if self.seller.is_some()
            && let Some(actions) = &self.actions
            && !actions.actions.is_empty()
        {
            out.blank()?;
            actions.table(out)?;
        }
        let caveats = prose::caveats(self);
        if !caveats.is_empty() {
            out.blank()?;
            out.line("Caveats:")?;
            for c in &caveats {
                out.line(&format!("- {c}"))?;
            }
        }
        if let Some(rule) = &self.offer_rule {
            out.blank()?;
            out.line(&prose::offer_rule_sentence(
                rule,
                &self.place_with_article(&rule.place),
            ))?;
        }
        if self.seller.is_none()
            && let Some(actions) = &self.actions
        {
            let disease = self.disease.as_ref().map(|d| d.label.as_str());
            let place = self.place.as_deref().map(|p| self.place_with_article(p));
            if let Some(sentence) = prose::actions_in_scope(actions, disease, place.as_deref()) {
                out.blank()?;
                out.line(&sentence)?;
            }
        }
        Ok(())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

fn list(out: &mut Output, rows: &[Elsewhere]) -> Result<()> {
    for e in rows {
        out.line(&format!(
            "- {} in {}: {} {} {} for {}",
            e.product,
            with_article(&e.jurisdiction_name, &e.jurisdiction_article),
            e.regulator,
            e.decision,
            prose::elsewhere_date(e, false),
            e.indication
        ))?;
    }
    Ok(())
}

impl CheckAnswerNames for CheckAnswer {
    fn place_name(&self, code: &str) -> String {
        self.places.get(code).cloned().unwrap_or_else(|| code.to_string())
    }

    fn place_with_article(&self, code: &str) -> String {
        prose::with_article(
            &self.place_name(code),
            self.articles.get(code).map_or("", String::as_str),
        )
    }
}

/// The names an answer carries for the codes it mentions.
trait CheckAnswerNames {
    fn place_name(&self, code: &str) -> String;
    fn place_with_article(&self, code: &str) -> String;
}

/// One label fact of a decision, or an empty cell.
fn label_cell(d: &crate::query::Decision, f: impl Fn(&crate::query::Label) -> Option<String>) -> String {
    d.label.as_ref().and_then(f).unwrap_or_default()
}
