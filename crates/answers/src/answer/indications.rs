//! `indications`: which indications have an approved product in force,
//! where; with `--all`, every indication in the record.

use super::Context;
use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::date::Day;
use crate::error::Result;
use crate::query::{self, IndicationEntry};

use super::Scope;
use super::pool::Pool;
use super::products::grants_of;
use super::standing::StandingStatus;

/// A product approved for an indication, by one grant in force.
#[derive(Debug, Clone, Serialize)]
pub struct Approved {
    pub product_id: String,
    /// The name the product carried in the grant.
    pub product: String,
    pub jurisdiction: String,
    pub regulator: String,
    pub decision: String,
    pub date: String,
    /// How the date was reported: `announced`, `by` (on or before), or none.
    pub date_qualifier: Option<String>,
    pub decision_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicationRow {
    pub id: String,
    pub name: String,
    pub as_of: String,
    pub jurisdictions: Vec<String>,
    pub products: Vec<Approved>,
}

/// The indications with a product approved in scope, by name. The grants
/// are held as numbers into one pool of text, and [`IndicationsAnswer::rows`]
/// makes each indication's row as it is asked for: at 10^6 decisions the
/// 224,443 grants in force, held as `Approved`, were 107 MB.
#[derive(Debug, Clone)]
pub struct IndicationsAnswer {
    pub as_of: Day,
    indications: Vec<Held>,
    pool: Pool,
}

/// One indication of the answer, its grants by number.
#[derive(Debug, Clone)]
struct Held {
    id: String,
    name: String,
    jurisdictions: Vec<String>,
    grants: Vec<HeldGrant>,
}

/// An [`Approved`], each field a number in the answer's pool.
#[derive(Debug, Clone, Copy)]
struct HeldGrant {
    product_id: u32,
    product: u32,
    jurisdiction: u32,
    regulator: u32,
    decision: u32,
    date: u32,
    date_qualifier: Option<u32>,
    decision_id: u32,
}

impl IndicationsAnswer {
    pub fn len(&self) -> usize {
        self.indications.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indications.is_empty()
    }

    /// The rows, by name, each made when it is reached.
    pub fn rows(&self) -> impl Iterator<Item = IndicationRow> + '_ {
        let text = |n: u32| self.pool.get(n).to_string();
        self.indications.iter().map(move |held| IndicationRow {
            id: held.id.clone(),
            name: held.name.clone(),
            as_of: self.as_of.to_string(),
            jurisdictions: held.jurisdictions.clone(),
            products: held
                .grants
                .iter()
                .map(|g| Approved {
                    product_id: text(g.product_id),
                    product: text(g.product),
                    jurisdiction: text(g.jurisdiction),
                    regulator: text(g.regulator),
                    decision: text(g.decision),
                    date: text(g.date),
                    date_qualifier: g.date_qualifier.map(text),
                    decision_id: text(g.decision_id),
                })
                .collect(),
        })
    }

    /// Where a product is approved for the indication `id` (empty: nowhere).
    fn jurisdictions_of(&self, id: &str) -> &[String] {
        self.indications
            .iter()
            .find(|held| held.id == id)
            .map_or(&[], |held| held.jurisdictions.as_slice())
    }
}

pub fn approved(cx: &Context, scope: &Scope) -> Result<IndicationsAnswer> {
    collect(cx, scope, true)
}

/// The answer, with its grants (`keep_grants`) or only where each
/// indication is approved (all that `--all` shows).
fn collect(cx: &Context, scope: &Scope, keep_grants: bool) -> Result<IndicationsAnswer> {
    let conn = cx.conn;
    // Only products with a grant in scope are read, one at a time with
    // their decisions in the places asked: the record's whole list of
    // decisions is never held.
    let filter = query::products::ProductsFilter {
        cell_types: scope.cell_type_names(),
        places: scope.jurisdictions.clone(),
        indications: scope.indications.clone(),
        granted: Some(query::products::GrantFilter {
            regulators: scope.regulators.clone(),
            ..query::products::GrantFilter::default()
        }),
        ..query::products::ProductsFilter::default()
    };
    let mut pool = Pool::default();
    let mut by_indication: BTreeMap<String, (BTreeSet<String>, Vec<HeldGrant>)> = BTreeMap::new();
    query::products::products_with_decisions(conn, &filter, |product, decisions| {
        if !scope.includes_product(&product) {
            return Ok(());
        }
        let mut product_ids = None;
        for grant in grants_of(&query::chronological(decisions), scope)
            .into_iter()
            .filter(|g| g.status == StandingStatus::InForce)
        {
            let (jurisdictions, grants) = by_indication.entry(grant.indication_id.clone()).or_default();
            if !jurisdictions.contains(&grant.jurisdiction) {
                jurisdictions.insert(grant.jurisdiction.clone());
            }
            if !keep_grants {
                continue;
            }
            let (id, name) =
                *product_ids.get_or_insert_with(|| (pool.push(&product.id), pool.push(&product.name)));
            grants.push(HeldGrant {
                product_id: id,
                product: match &grant.brand {
                    Some(brand) if *brand != product.name => pool.push(brand),
                    _ => name,
                },
                jurisdiction: pool.intern(&grant.jurisdiction),
                regulator: pool.intern(&grant.regulator),
                decision: pool.intern(&grant.decision),
                date: pool.intern(&grant.date),
                date_qualifier: grant.date_qualifier.as_deref().map(|q| pool.intern(q)),
                decision_id: pool.push(&grant.decision_id),
            });
        }
        Ok(())
    })?;
    let mut indications = Vec::new();
    for (id, (jurisdictions, grants)) in by_indication {
        indications.push(Held {
            name: query::indication_name(conn, &id)?,
            id,
            jurisdictions: jurisdictions.into_iter().collect(),
            grants,
        });
    }
    indications.sort_by_key(|r| r.name.to_lowercase());
    Ok(IndicationsAnswer {
        as_of: scope.as_of,
        indications,
        pool,
    })
}

/// One indication of the record, with where a product is approved for it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordIndication {
    #[serde(flatten)]
    pub indication: IndicationEntry,
    pub as_of: String,
    /// Jurisdictions where a product is approved for it in scope (empty: none).
    pub approved_in: Vec<String>,
}

/// `--all`: every indication in the record, approved or not, by name.
#[derive(Debug, Clone)]
pub struct AllIndications {
    pub as_of: Day,
    pub rows: Vec<RecordIndication>,
}

pub fn all(cx: &Context, scope: &Scope) -> Result<AllIndications> {
    let conn = cx.conn;
    let approved = collect(cx, scope, false)?;
    let mut rows: Vec<RecordIndication> = query::indications(conn)?
        .into_iter()
        .filter(|indication| scope.includes_indication(&indication.id))
        .map(|indication| RecordIndication {
            approved_in: approved.jurisdictions_of(&indication.id).to_vec(),
            indication,
            as_of: scope.as_of.to_string(),
        })
        .collect();
    rows.sort_by_key(|r| r.indication.name.to_lowercase());
    Ok(AllIndications {
        as_of: scope.as_of,
        rows,
    })
}
