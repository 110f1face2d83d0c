//! `assess`: the three questions to ask a clinic, answered from what the user
//! reports (the rules are in `crate::assess`) and, for approval, from `check`.

use super::Context;

use crate::assess::{self, Answer, ApprovalFinding, Cells, Claims, Mechanism, Question};
use crate::error::Result;
use crate::query::{self, Source};

use super::check::{self, CheckAnswer, CheckQuery};
use super::{Scope, ScopeRequest};

/// What the user reports; `None` is "not said".
#[derive(Debug, Clone, Default)]
pub struct AssessQuery {
    pub cells: Option<Cells>,
    pub mechanism: Option<Mechanism>,
    pub identity_report: Option<Answer>,
    /// The product the clinic names.
    pub product: Option<String>,
    /// The clinic's country, as typed.
    pub country: Option<String>,
    /// The disease treated, as typed.
    pub indication: Option<String>,
    /// The credential the clinic shows ("FDA-registered lab"), as typed.
    pub credential: Option<String>,
}

/// The credential shown, as the record reads it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CredentialFinding {
    /// As typed.
    pub shown: String,
    /// The credentials it names (phrase, variant or near form), best first.
    pub matched: Vec<crate::query::actions::Credential>,
    /// For a phrase the record does not know: near forms.
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Assessment {
    /// The product's id when the record has it, else the name as typed.
    pub product: Option<String>,
    /// The country code the country asked resolves to.
    pub country: Option<String>,
    /// The indication ids asked (`;`-joined), else the disease's label or the text typed.
    pub indication: Option<String>,
    pub questions: Vec<Question>,
    /// Flags of severity `stop` or `high`.
    pub red_flags: usize,
    /// Flags of severity `caution`: ask more; not red flags.
    pub cautions: usize,
    /// The record's answer on approval, when a product or a disease was given.
    pub check: Option<CheckAnswer>,
    /// The sources the flags cite, each once.
    pub sources: Vec<Source>,
    /// The rule for an unapproved offer in the country asked, when nothing
    /// in scope is approved.
    pub offer_rule: Option<super::actions::OfferRuleAnswer>,
    /// The credential the clinic shows, decoded.
    pub credential: Option<CredentialFinding>,
}

impl Assessment {
    pub fn is_clean(&self) -> bool {
        self.red_flags == 0
    }
}

/// Words that mean "no product was named", not a product called "None".
const NO_PRODUCT: &[&str] = &[
    "none",
    "no",
    "n/a",
    "na",
    "-",
    "nothing",
    "no product",
    "no name",
    "not given",
    "unknown",
];

pub fn assess(cx: &Context, q: &AssessQuery) -> Result<Assessment> {
    let mut q = q.clone();
    if q.product
        .as_deref()
        .is_some_and(|p| NO_PRODUCT.contains(&p.trim().to_lowercase().as_str()))
    {
        q.product = None;
    }
    let q = &q;
    let conn = cx.conn;
    // Resolve the country first: an unknown one is an error, as everywhere.
    let request = ScopeRequest {
        country: q.country.clone(),
        ..Default::default()
    };
    let scope = Scope::resolve(cx, &request, q.indication.as_deref())?;
    let check = if q.product.is_some() || q.indication.is_some() {
        let query = CheckQuery {
            name: q.product.clone(),
            country: q.country.clone(),
            disease: q.indication.clone(),
            as_of: None,
        };
        Some(check::answer(cx, &query)?)
    } else {
        None
    };
    let finding = check.as_ref().map(|answer| ApprovalFinding {
        verdict: answer.verdict,
        named_product: q.product.is_some(),
        sources: answer.sources.iter().map(|s| s.id.clone()).collect(),
    });
    let claims = Claims {
        cells: q.cells.unwrap_or(Cells::Unknown),
        mechanism: q.mechanism.unwrap_or(Mechanism::Unknown),
        identity_report: q.identity_report.unwrap_or(Answer::Unknown),
        country: scope.country.clone(),
    };
    let mut questions = assess::assess(&claims, finding.as_ref());
    // The rule for an unapproved offer where the clinic is, unless something
    // in scope is approved; and the credential it shows.
    let offer_rule = match (&scope.country, &check) {
        (Some(_), Some(c)) if c.verdict == crate::verdict::Verdict::Approved => None,
        (Some(_), Some(c)) => c.offer_rule.clone(),
        (Some(code), None) => super::actions::offer_rule(cx, code, cx.today)?,
        (None, _) => None,
    };
    let credential = match &q.credential {
        Some(text) if !text.trim().is_empty() => {
            let ids = super::actions::match_credentials(cx, text)?;
            let all = super::actions::credentials(cx, None, None)?.credentials;
            let matched: Vec<_> = ids
                .iter()
                .filter_map(|id| all.iter().find(|c| &c.id == id).cloned())
                .collect();
            let suggestions = if matched.is_empty() {
                crate::resolve::suggest(conn, crate::resolve::NameKind::Credential, text)?
            } else {
                Vec::new()
            };
            Some(CredentialFinding {
                shown: text.trim().to_string(),
                matched,
                suggestions,
            })
        }
        _ => None,
    };
    if let Some(approval) = questions.iter_mut().find(|q| q.number == 3) {
        if let Some(rule) = &offer_rule
            && let Some(allowed) = rule.allowed()
        {
            let place = query::jurisdiction_name(conn, &rule.place)?;
            let ids: Vec<String> = rule.sources.iter().map(|s| s.id.clone()).collect();
            approval.flags.push(assess::offer_rule_flag(
                allowed,
                rule.scheme.as_deref(),
                &place,
                rule.from.as_deref(),
                &ids,
            ));
        }
        if let Some(finding) = &credential {
            // The credential of the place asked first; one flag is enough.
            let best = finding
                .matched
                .iter()
                .find(|c| c.jurisdiction.is_some() && c.jurisdiction == scope.country)
                .or_else(|| finding.matched.first());
            if let Some(c) = best {
                approval
                    .flags
                    .push(assess::credential_flag(&c.phrase, &c.does_not_mean, &c.sources));
            }
        }
    }
    let flags = questions.iter().flat_map(|q| &q.flags);
    let red_flags = flags.clone().filter(|f| f.is_red()).count();
    let cautions = flags
        .clone()
        .filter(|f| f.severity == assess::Severity::Caution)
        .count();
    // The values resolved, as `check` echoes them: the product's id, the
    // country's code, the indication ids (else the disease's label).
    let product = check
        .as_ref()
        .and_then(|c| c.product.as_ref().map(|p| p.id.clone()))
        .or_else(|| q.product.clone());
    let indication = scope
        .indications
        .as_ref()
        .map(|ids| ids.join(";"))
        .or_else(|| {
            check
                .as_ref()
                .and_then(|c| c.disease.as_ref().map(|d| d.label.clone()))
        })
        .or_else(|| q.indication.clone());
    let cited: Vec<String> = flags.flat_map(|f| f.sources.iter().cloned()).collect();
    Ok(Assessment {
        product,
        country: scope.country,
        indication,
        questions,
        red_flags,
        cautions,
        check,
        sources: query::sources(conn, &cited)?,
        offer_rule,
        credential,
    })
}
