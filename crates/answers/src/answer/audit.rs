//! `audit`: published claims about approvals, checked against the record.

use super::Context;
use rusqlite::Connection;
use serde::Serialize;

use crate::date::Day;
use crate::error::{Error, Lookup, Result};
use crate::model::CellType;
use crate::query::{self, Claim, Source};
use crate::resolve::normalize;
use crate::status::{self, Status};

/// Which claims to audit. `None` means all.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// A publication: a source id, or words of its title or publisher.
    pub publication: Option<String>,
    /// A claim verdict, as spelt in the record (`confirmed`, `wrong`, …).
    pub verdict: Option<String>,
}

/// The record's own count, set beside a claim about a number.
#[derive(Debug, Clone, Serialize)]
pub struct RecordCount {
    /// MSC and MSC-like products that have ever held a grant.
    pub msc_products_ever_granted: usize,
    /// Of those, the ones with a grant in force on `as_of`.
    pub msc_products_in_force: usize,
    pub as_of: String,
}

/// One claim with its publication. This is also the JSON wire type: the
/// claim's own fields, then `publication`, `as_printed` and `record_count`.
#[derive(Debug, Clone, Serialize)]
pub struct AuditedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    /// "Title — Publisher".
    pub publication: String,
    pub as_printed: String,
    pub record_count: Option<RecordCount>,
}

/// The claims that match, in publication and printed order.
#[derive(Debug, Clone)]
pub struct AuditAnswer {
    pub claims: Vec<AuditedClaim>,
    /// The sources the claims' verdicts cite, each once, in order of citation.
    pub sources: Vec<Source>,
}

/// Counts MSC-like products with grants, ever and on `as_of`, by the
/// status rule over each one's events: one product's are held at a time,
/// and only the columns the rule reads.
pub fn record_count(conn: &Connection, as_of: Day) -> Result<RecordCount> {
    let msc_like: Vec<String> = CellType::msc_like().map(|c| c.as_str().to_string()).collect();
    let (mut ever, mut now) = (0, 0);
    query::each_products_events(conn, &msc_like, |events| {
        let rules: Vec<Status> = status::scopes(events)
            .iter()
            .map(|(jurisdiction, indication)| status::status(events, jurisdiction, indication, as_of))
            .collect();
        ever += usize::from(rules.iter().any(|r| r.grant().is_some()));
        now += usize::from(rules.iter().any(Status::is_in_force));
        Ok(())
    })?;
    Ok(RecordCount {
        msc_products_ever_granted: ever,
        msc_products_in_force: now,
        as_of: as_of.to_string(),
    })
}

/// Whether a claim is about how many MSC products are approved, so that the
/// record's own count belongs beside it.
///
/// The rule is written against the claim as printed: a claim with a
/// `claimed_count` whose printed text says "products approved". A claimed
/// count about anything else (IND approvals, trial applications) gets no record
/// count, since the record does not count those. The data has no column
/// for what a count is of, so the printed wording is the only key there is.
fn counts_approved_products(claim: &Claim) -> bool {
    claim.claimed_count.is_some()
        && claim
            .printed_text
            .as_deref()
            .is_some_and(|t| t.contains("products approved"))
}

pub fn audit(cx: &Context, query: &AuditQuery) -> Result<AuditAnswer> {
    let conn = cx.conn;
    let claims = query::claims(conn)?;
    let publications = publications(conn, &claims, query.publication.as_deref())?;
    // Counted once, and only when a claim needs it.
    let mut count: Option<RecordCount> = None;
    let mut out = Vec::new();
    for claim in claims {
        let Some(publication) = publications.iter().find(|p| p.id == claim.source_id) else {
            continue;
        };
        if query.verdict.as_ref().is_some_and(|v| v != &claim.verdict) {
            continue;
        }
        let record_count = if counts_approved_products(&claim) {
            if count.is_none() {
                count = Some(record_count(conn, cx.today)?);
            }
            count.clone()
        } else {
            None
        };
        out.push(AuditedClaim {
            publication: format!("{} — {}", publication.title, publication.publisher),
            as_printed: claim.as_printed(),
            claim,
            record_count,
        });
    }
    let cited: Vec<String> = out.iter().flat_map(|c| c.claim.sources.iter().cloned()).collect();
    Ok(AuditAnswer {
        sources: query::sources(conn, &cited)?,
        claims: out,
    })
}

/// Publications with claims that match `text`: by id, or by words of the title or publisher.
fn publications(conn: &Connection, claims: &[Claim], text: Option<&str>) -> Result<Vec<Source>> {
    let mut ids: Vec<String> = Vec::new();
    for c in claims {
        if !ids.contains(&c.source_id) {
            ids.push(c.source_id.clone());
        }
    }
    let all = query::sources(conn, &ids)?;
    let Some(text) = text else { return Ok(all) };
    let wanted = normalize(text);
    let exact: Vec<Source> = all.iter().filter(|s| s.id == text).cloned().collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let found: Vec<Source> = all
        .iter()
        .filter(|s| {
            !wanted.is_empty()
                && (normalize(&s.id).contains(&wanted)
                    || normalize(&s.title).contains(&wanted)
                    || normalize(&s.publisher).contains(&wanted))
        })
        .cloned()
        .collect();
    if found.is_empty() {
        let known: Vec<String> = all.iter().map(|s| s.id.clone()).collect();
        return Err(Error::unknown(Lookup::Publication { known }, text, Vec::new()));
    }
    Ok(found)
}
