//! `products`: products with their grants in scope, filtered by status,
//! tissue, donor and year. The grants in scope are shared with `indications`.

use std::collections::HashSet;

use super::Context;
use serde::Serialize;

use crate::date::{Day, PartialDate};
use crate::error::Result;
use crate::query::{self, Decision, Product, Since, Source, Standing, StandingStatus};
use crate::status::{self, Event, Status};

use super::Scope;

/// Where a product stands in the scope asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductStatus {
    /// A grant in scope is in force.
    Approved,
    /// No grant in scope is in force, but one has reached the end of its term
    /// with an application undecided.
    TermEnded,
    /// Grants in scope existed and all have ended.
    NoLongerApproved,
    /// No grant in scope, ever.
    NotApproved,
}

impl ProductStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Approved => "approved",
            ProductStatus::TermEnded => "term-ended",
            ProductStatus::NoLongerApproved => "no-longer-approved",
            ProductStatus::NotApproved => "not-approved",
        }
    }

    fn of(grants: &[Grant]) -> ProductStatus {
        if grants.iter().any(|g| g.status == StandingStatus::InForce) {
            ProductStatus::Approved
        } else if grants.iter().any(|g| g.status == StandingStatus::TermEnded) {
            ProductStatus::TermEnded
        } else if grants.is_empty() {
            ProductStatus::NotApproved
        } else {
            ProductStatus::NoLongerApproved
        }
    }

    /// Whether `--status` lets a product with this status through.
    pub fn wanted(self, filter: StatusFilter) -> bool {
        match filter {
            // A grant whose term ended with an application pending is listed
            // with the approved ones, its status saying what it is.
            StatusFilter::Approved => matches!(self, ProductStatus::Approved | ProductStatus::TermEnded),
            StatusFilter::NoLongerApproved => self == ProductStatus::NoLongerApproved,
            StatusFilter::NotApproved => self == ProductStatus::NotApproved,
            StatusFilter::All => true,
            StatusFilter::Granted => self != ProductStatus::NotApproved,
        }
    }
}

/// One grant in the scope asked, with where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct Grant {
    pub decision_id: String,
    pub jurisdiction: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    /// How the date was reported: `announced`, `by` (on or before), or none.
    pub date_qualifier: Option<String>,
    pub indication_id: String,
    pub indication: String,
    /// In force or ended (a grant in scope is never refused or absent).
    pub status: StandingStatus,
    pub ended_by: Option<String>,
    pub ended_on: Option<String>,
    /// The name the product carried in this grant.
    pub brand: Option<String>,
    pub status_note: Option<String>,
    pub sources: Vec<String>,
    /// The first grant this one continues (a re-licence, a conversion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Since>,
}

impl Grant {
    /// "2019-03", "by 2019", "announced 2012-01-19".
    pub fn date_label(&self) -> String {
        crate::date::label(&self.date, self.date_qualifier.as_deref())
    }

    /// The year the grant is dated in; 0 when the date does not start with one.
    pub fn year(&self) -> u16 {
        self.date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductRow {
    pub id: String,
    pub name: String,
    pub nonproprietary_name: Option<String>,
    pub sponsor: String,
    pub cell_type: String,
    pub donor: String,
    pub tissue: String,
    /// In the scope asked.
    pub status: ProductStatus,
    pub as_of: String,
    pub grants: Vec<Grant>,
}

/// The grants of one product that fall in scope.
pub fn grants_in_scope(standings: &[Standing], scope: &Scope) -> Vec<Grant> {
    standings
        .iter()
        .filter(|s| scope.includes_place(&s.jurisdiction) && scope.includes_indication(&s.indication_id))
        .filter_map(|s| {
            let grant: &Decision = s.grant.as_ref()?;
            if !scope.includes(grant) {
                return None;
            }
            grant_row(grant, &s.rule, s.end.as_ref(), s.since.as_ref(), &s.indication_id)
        })
        .collect()
}

/// The grants in scope straight from one product's decisions (oldest
/// first): [`grants_in_scope`] of their [`query::standings`], without
/// building (and copying decisions into) the standings of every scope, which
/// a listing never shows.
pub(crate) fn grants_of(decisions: &[Decision], scope: &Scope) -> Vec<Grant> {
    let events: Vec<Event> = decisions.iter().map(Decision::event).collect();
    let find = |id: &str| decisions.iter().find(|d| d.id == id);
    status::scopes(&events)
        .into_iter()
        .filter(|(place, indication)| scope.includes_place(place) && scope.includes_indication(indication))
        .filter_map(|(place, indication)| {
            let rule = status::status(&events, &place, &indication, scope.as_of);
            let (grant, end) = match &rule {
                Status::InForce { grant } | Status::TermEnded { grant, .. } => (find(grant)?, None),
                Status::Ended { grant, end } => (find(grant)?, end.as_deref().and_then(find)),
                _ => return None,
            };
            if !scope.includes(grant) {
                return None;
            }
            let since =
                status::continuing_since(&events, &place, &indication, scope.as_of).and_then(|id| find(&id));
            grant_row(grant, &rule, end, since, &indication)
        })
        .collect()
}

/// A grant as the listing shows it: where it stands by the status rule, what
/// ended it, the grant it continues.
fn grant_row(
    grant: &Decision,
    rule: &Status,
    end: Option<&Decision>,
    since: Option<&Decision>,
    indication_id: &str,
) -> Option<Grant> {
    let (status, ended_by, ended_on) = match rule {
        Status::InForce { .. } => (StandingStatus::InForce, None, None),
        Status::TermEnded { .. } => (StandingStatus::TermEnded, None, grant.valid_until.clone()),
        Status::Ended { .. } => match end {
            Some(end) => (
                StandingStatus::Ended,
                Some(end.decision.clone()),
                Some(end.date.clone()),
            ),
            None => (
                StandingStatus::Ended,
                Some("expiry".to_string()),
                grant.valid_until.clone(),
            ),
        },
        _ => return None,
    };
    Some(Grant {
        decision_id: grant.id.clone(),
        jurisdiction: grant.jurisdiction.clone(),
        regulator: grant.regulator.clone(),
        decision: grant.decision.clone(),
        date: grant.date.clone(),
        date_qualifier: grant.date_qualifier.clone(),
        indication_id: indication_id.to_string(),
        indication: grant.indication_label(),
        status,
        ended_by,
        ended_on,
        brand: grant.brand.clone(),
        status_note: grant.status_note.clone(),
        sources: grant.sources.clone(),
        since: since.map(|first| Since::new(first, grant)),
    })
}

/// Which products `products` lists, by where their grants in scope stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// A grant is in force in the scope asked.
    Approved,
    /// A grant in scope existed and has ended.
    NoLongerApproved,
    /// No grant in scope, ever.
    NotApproved,
    /// Every product.
    All,
    /// A grant in scope, whatever its standing: `All` without the products
    /// never granted there, which are not read at all (the site's place
    /// pages, some 250 listings of a record).
    Granted,
}

/// The filters of `products`, resolved.
#[derive(Debug, Clone)]
pub struct ProductsQuery {
    pub scope: Scope,
    pub tissue: Option<String>,
    pub donor: Option<String>,
    pub status: StatusFilter,
    /// Only grants dated in or after this year.
    pub since: Option<PartialDate>,
    /// Only grants dated in or before this year.
    pub until: Option<PartialDate>,
}

#[derive(Debug, Clone)]
pub struct ProductsAnswer {
    pub as_of: Day,
    pub rows: Vec<ProductRow>,
    /// When only approved products are asked for: the names of those whose
    /// grants in scope have all ended, so an empty list is not mistaken for
    /// "never approved here".
    pub ended: Vec<String>,
    /// The sources the grants cite, each once, in order of citation.
    pub sources: Vec<Source>,
}

/// What [`products_each`] knows once the last row is out: all of
/// [`ProductsAnswer`] but the rows.
#[derive(Debug, Clone)]
pub struct ProductsEnd {
    pub as_of: Day,
    /// As [`ProductsAnswer::ended`].
    pub ended: Vec<String>,
    /// The ids of the sources the rows' grants cite, each once, in order of
    /// citation ([`query::sources`] reads them, for a front end that shows them).
    pub cited: Vec<String>,
    /// Rows handed out, and grants in them.
    pub products: usize,
    pub grants: usize,
}

/// `products`, collected: every row in memory (the site's pages, tests).
/// A front end that prints the rows as they come uses [`products_each`].
pub fn products(cx: &Context, q: &ProductsQuery) -> Result<ProductsAnswer> {
    let mut rows = Vec::new();
    let end = products_each(cx, q, |row| {
        rows.push(row);
        Ok(())
    })?;
    Ok(ProductsAnswer {
        as_of: end.as_of,
        sources: query::sources(cx.conn, &end.cited)?,
        rows,
        ended: end.ended,
    })
}

/// `products`, one row at a time, in the listing's order: `each` gets each
/// product as soon as its decisions have been read (one product's
/// decisions are held at a time). The filters the record can apply before
/// the status rule (cell type, tissue, donor, places, indications; for
/// approved or no-longer-approved products, a grant by the regulators and
/// in the dates asked) are applied in SQL ([`query::products`]).
pub fn products_each(
    cx: &Context,
    q: &ProductsQuery,
    mut each: impl FnMut(ProductRow) -> Result<()>,
) -> Result<ProductsEnd> {
    let scope = &q.scope;
    // "Not approved" and "all" need every product; the others only those
    // with a grant that could be in scope.
    let narrow = matches!(
        q.status,
        StatusFilter::Approved | StatusFilter::NoLongerApproved | StatusFilter::Granted
    );
    let filter = query::products::ProductsFilter {
        cell_types: scope.cell_type_names(),
        tissue: q.tissue.clone(),
        donor: q.donor.clone(),
        places: scope.jurisdictions.clone(),
        indications: scope.indications.clone(),
        granted: narrow.then(|| query::products::GrantFilter {
            regulators: scope.regulators.clone(),
            from: q.since.map(|s| s.first_day().to_string()),
            to: q.until.map(|u| u.last_day().to_string()),
        }),
    };
    let mut end = ProductsEnd {
        as_of: scope.as_of,
        ended: Vec::new(),
        cited: Vec::new(),
        products: 0,
        grants: 0,
    };
    let mut seen: HashSet<String> = HashSet::new();
    query::products::products_with_decisions(cx.conn, &filter, |product, decisions| {
        let decisions = query::chronological(decisions);
        let mut grants = grants_of(&decisions, scope);
        // A grant dated in part (a year, a month) is in the range when its
        // period meets it.
        grants.retain(|g| {
            let date = PartialDate::parse(&g.date).ok();
            q.since
                .is_none_or(|s| date.is_some_and(|d| d.last_day() >= s.first_day()))
                && q.until
                    .is_none_or(|u| date.is_some_and(|d| d.first_day() <= u.last_day()))
        });
        let status = ProductStatus::of(&grants);
        if status.wanted(q.status) {
            for id in grants.iter().flat_map(|g| &g.sources) {
                if !seen.contains(id) {
                    seen.insert(id.clone());
                    end.cited.push(id.clone());
                }
            }
            end.products += 1;
            end.grants += grants.len();
            each(row(product, status, scope.as_of, grants))?;
        } else if q.status == StatusFilter::Approved && status == ProductStatus::NoLongerApproved {
            end.ended.push(product.name);
        }
        Ok(())
    })?;
    Ok(end)
}

fn row(product: Product, status: ProductStatus, as_of: Day, grants: Vec<Grant>) -> ProductRow {
    ProductRow {
        id: product.id,
        name: product.name,
        nonproprietary_name: product.nonproprietary_name,
        sponsor: product.sponsor,
        cell_type: product.cell_type,
        donor: product.donor,
        tissue: product.tissue,
        status,
        as_of: as_of.to_string(),
        grants,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_without_a_year_is_year_zero() {
        let mut g = Grant {
            decision_id: String::new(),
            jurisdiction: String::new(),
            regulator: String::new(),
            decision: String::new(),
            date: "2019-03".into(),
            date_qualifier: None,
            indication_id: String::new(),
            indication: String::new(),
            status: StandingStatus::InForce,
            ended_by: None,
            ended_on: None,
            brand: None,
            status_note: None,
            sources: Vec::new(),
            since: None,
        };
        assert_eq!(g.year(), 2019);
        for short in ["", "20", "2éé", "é"] {
            g.date = short.into();
            assert_eq!(g.year(), 0, "{short}");
        }
    }
}
