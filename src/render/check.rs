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
    /// Set when the document is written as it is serialised (see `emit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    record_date: Option<&'a str>,
}

#[derive(Serialize)]
struct OfferRuleWire<'a> {
    #[serde(flatten)]
    rule: &'a crate::answer::actions::OfferRuleAnswer,
    sentence: String,
}

/// The JSON document, to serialise directly (a `check --for` at 10^6
/// decisions is 20 MB of JSON, several times that as a `serde_json::Value`).
fn wire<'a>(this: &'a CheckAnswer, record_date: Option<&'a str>) -> serde_json::Result<Wire<'a>> {
    Ok(Wire {
        verdict: this.verdict,
        headline: prose::check_headline(this),
        query: &this.asked,
        product: this.product.as_ref(),
        evidence: &this.evidence,
        approved_elsewhere: &this.approved_elsewhere,
        approved_other_indication: &this.other_indication,
        other_cell_types: &this.other_cell_types,
        filings: &this.filings,
        caveats: prose::caveats(this),
        suggestions: &this.suggestions,
        mentions: &this.mentions,
        certain: this.uncertain.is_empty(),
        uncertainty: &this.uncertain,
        disease: this.disease.as_ref(),
        sources: &this.sources,
        seller: this.seller.as_ref(),
        actions: match &this.actions {
            Some(a) => super::actions::rows(a)?,
            None => Vec::new(),
        },
        offer_rule: this.offer_rule.as_ref().map(|rule| OfferRuleWire {
            rule,
            sentence: prose::offer_rule_sentence(rule, &this.place_with_article(&rule.place)),
        }),
        record_date,
    })
}

impl Report for CheckAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(wire(self, None)?)
    }

    fn json_streamed(&self, out: &mut Output, record_date: Option<&str>) -> Option<Result<()>> {
        Some(
            wire(self, record_date)
                .map_err(|e| std::io::Error::from(e).into())
                .and_then(|wire| out.json_document(&wire)),
        )
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: csv_headers(),
            rows: csv_rows(self).collect(),
        }
    }

    fn csv_streamed(&self, out: &mut Output) -> Option<Result<()>> {
        // A disease granted to tens of thousands of products at 10^6
        // decisions: its rows are written as they are made.
        Some(out.csv_each(&csv_headers(), csv_rows(self)))
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        let view = view_but_evidence(self);
        out.line(&format!("{}: {}", view.verdict, view.headline))?;
        if !self.evidence.is_empty() {
            out.blank()?;
            let mut headers = view.evidence_headers.clone();
            headers.push("Sources");
            // Made and laid out a chunk at a time: an indication granted to
            // thousands of products does not hold its whole table at once.
            let mut table = out.table_rows(&headers);
            for e in &self.evidence {
                let (mut row, sources) = evidence_row(self, e);
                row.push(join_lines(sources));
                table.row(row)?;
            }
            table.finish()?;
        }
        for (title, lines) in &view.lists {
            out.blank()?;
            out.line(title)?;
            for l in lines {
                out.line(&format!("- {l}"))?;
            }
        }
        if self.seller.is_some()
            && let Some(actions) = &self.actions
            && !actions.actions.is_empty()
        {
            out.blank()?;
            actions.table(out)?;
        }
        if !view.caveats.is_empty() {
            out.blank()?;
            out.line("Caveats:")?;
            for c in &view.caveats {
                out.line(&format!("- {c}"))?;
            }
        }
        for sentence in &view.after {
            out.blank()?;
            out.line(sentence)?;
        }
        Ok(())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

fn list(rows: &[Elsewhere]) -> Vec<String> {
    rows.iter()
        .map(|e| {
            format!(
                "{} in {}: {} {} {} for {}",
                e.product,
                with_article(&e.jurisdiction_name, &e.jurisdiction_article),
                e.regulator,
                e.decision,
                prose::elsewhere_date(e, false),
                e.indication
            )
        })
        .collect()
}

/// A `check` answer as the text every front end shows: the verdict, the
/// headline, the evidence rows (with the source ids of each), the titled
/// lists (filings, approvals elsewhere, mentions) and the caveats. The
/// terminal table and the website's pages both print this.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckView {
    pub verdict: &'static str,
    pub certain: bool,
    pub headline: String,
    pub evidence_headers: Vec<&'static str>,
    pub evidence: Vec<(Vec<String>, Vec<String>)>,
    pub lists: Vec<(String, Vec<String>)>,
    pub caveats: Vec<String>,
    /// What follows the caveats: the rule for an unapproved offer in the
    /// place asked, and the actions of regulators in scope.
    pub after: Vec<String>,
}

pub fn view(a: &CheckAnswer) -> CheckView {
    let mut view = view_but_evidence(a);
    view.evidence = a.evidence.iter().map(|e| evidence_row(a, e)).collect();
    view
}

/// One row of the evidence table, and the ids of its sources.
fn evidence_row(a: &CheckAnswer, e: &Evidence) -> (Vec<String>, Vec<String>) {
    let d = &e.decision;
    let mut what = format!("{} {}", d.regulator, d.decision);
    if d.kind().effect() == Effect::Step {
        what.push_str(" (not an approval)");
    }
    if let Some(until) = &e.term_ended {
        what.push_str(&format!(" (term ended {until})"));
    }
    let mut row = vec![d.jurisdiction.clone(), d.date_label(), what, d.indication_label()];
    if a.product.is_none() {
        row.insert(0, e.product.clone());
    }
    (row, d.sources.clone())
}

/// The view with its evidence rows left empty: the terminal table makes
/// them as it writes them, so that thousands are never held as text at once.
fn view_but_evidence(a: &CheckAnswer) -> CheckView {
    let multi = a.product.is_none();
    let mut evidence_headers = vec!["Where", "Date", "Decision", "Indication"];
    if multi {
        evidence_headers.insert(0, "Product");
    }
    let mut lists = Vec::new();
    let labels: Vec<String> = a
        .evidence
        .iter()
        .filter(|e| e.decision.kind().effect() == Effect::Grant)
        .filter_map(|e| {
            let d = &e.decision;
            prose::label_sentence(&a.place_with_article(&d.jurisdiction), d)
        })
        .collect();
    if !labels.is_empty() {
        lists.push(("Who it is approved for:".to_string(), labels));
    }
    if a.verdict == Verdict::Investigational && !a.filings.is_empty() {
        let lines = a
            .filings
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}: {} {}",
                    f.regulator.as_deref().unwrap_or("registry"),
                    f.kind,
                    f.number.as_deref().unwrap_or("(number not found)"),
                    f.status,
                    f.date_label()
                )
            })
            .collect();
        lists.push(("Filings on record:".to_string(), lines));
    }
    if !a.other_indication.is_empty() {
        let title = if a.product.is_some() && a.place.is_some() {
            "Approved here for other indications:"
        } else if a.product.is_some() {
            "Approved for other indications:"
        } else {
            "Approved for a narrower indication:"
        };
        lists.push((title.to_string(), list(&a.other_indication)));
    }
    if !a.approved_elsewhere.is_empty() {
        let title = if a.verdict == Verdict::Approved {
            "Also approved:"
        } else {
            "Approved elsewhere:"
        };
        lists.push((title.to_string(), list(&a.approved_elsewhere)));
    }
    if !a.other_cell_types.is_empty() {
        lists.push((
            "Not MSC products, but approved for it:".to_string(),
            list(&a.other_cell_types),
        ));
    }
    if !a.mentions.is_empty() {
        lists.push((
            "The record mentions it (mscdb search shows more):".to_string(),
            a.mentions
                .iter()
                .map(|m| format!("{} {}: {}", m.kind, m.id, m.title))
                .collect(),
        ));
    }
    CheckView {
        verdict: a.verdict.as_str(),
        certain: a.uncertain.is_empty(),
        headline: prose::check_headline(a),
        evidence_headers,
        evidence: Vec::new(),
        lists,
        caveats: prose::caveats(a),
        after: after_caveats(a),
    }
}

fn after_caveats(a: &CheckAnswer) -> Vec<String> {
    let mut after = Vec::new();
    if let Some(rule) = &a.offer_rule {
        after.push(prose::offer_rule_sentence(
            rule,
            &a.place_with_article(&rule.place),
        ));
    }
    if a.seller.is_none()
        && let Some(actions) = &a.actions
    {
        let disease = a.disease.as_ref().map(|d| d.label.as_str());
        let place = a.place.as_deref().map(|p| a.place_with_article(p));
        after.extend(prose::actions_in_scope(actions, disease, place.as_deref()));
    }
    after
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

/// The CSV's columns: the decision, its label facts, the question.
fn csv_headers() -> Vec<&'static str> {
    let decision = [
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
    ];
    decision
        .into_iter()
        .chain(super::LABEL_HEADERS)
        .chain(["query_for", "query_in"])
        .collect()
}

/// One row per evidence row; with none, one row with the verdict and the question.
fn csv_rows(this: &CheckAnswer) -> impl Iterator<Item = Vec<String>> + '_ {
    let asked = |row: &mut Vec<String>| {
        row.push(this.asked.indication.clone().unwrap_or_default());
        row.push(this.asked.country.clone().unwrap_or_default());
    };
    let evidence = this.evidence.iter().map(move |e| {
        let d = &e.decision;
        let mut row = vec![
            this.verdict.as_str().to_string(),
            d.product_id.clone(),
            d.id.clone(),
            d.jurisdiction.clone(),
            d.regulator.clone(),
            d.decision.clone(),
            d.date.clone(),
            d.date_qualifier.clone().unwrap_or_default(),
            d.indication_id.clone().unwrap_or_default(),
            d.sources.join(";"),
        ];
        row.extend(super::label_cells(d));
        asked(&mut row);
        row
    });
    let none = this.evidence.is_empty().then(|| {
        let mut row = vec![String::new(); csv_headers().len() - 2];
        row[0] = this.verdict.as_str().to_string();
        asked(&mut row);
        row
    });
    evidence.chain(none)
}
