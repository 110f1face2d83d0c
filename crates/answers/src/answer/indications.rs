//! `indications`: which indications have an approved product in force,
//! where; with `--all`, every indication in the record.

use super::Context;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Day;
use crate::error::Result;
use crate::query::{self, IndicationEntry};

use super::Scope;
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

/// The indications with a product approved in scope, by name.
#[derive(Debug, Clone)]
pub struct IndicationsAnswer {
    pub as_of: Day,
    pub rows: Vec<IndicationRow>,
}

pub fn approved(cx: &Context, scope: &Scope) -> Result<IndicationsAnswer> {
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
    let mut by_indication: BTreeMap<String, Vec<Approved>> = BTreeMap::new();
    query::products::products_with_decisions(conn, &filter, |product, decisions| {
        if !scope.includes_product(&product) {
            return Ok(());
        }
        for grant in grants_of(&query::chronological(decisions), scope)
            .into_iter()
            .filter(|g| g.status == StandingStatus::InForce)
        {
            by_indication
                .entry(grant.indication_id.clone())
                .or_default()
                .push(Approved {
                    product_id: product.id.clone(),
                    product: grant.brand.clone().unwrap_or_else(|| product.name.clone()),
                    date: grant.date.clone(),
                    date_qualifier: grant.date_qualifier.clone(),
                    jurisdiction: grant.jurisdiction,
                    regulator: grant.regulator,
                    decision: grant.decision,
                    decision_id: grant.decision_id,
                });
        }
        Ok(())
    })?;
    let mut rows = Vec::new();
    for (id, products) in by_indication {
        let mut jurisdictions: Vec<String> = products.iter().map(|p| p.jurisdiction.clone()).collect();
        jurisdictions.sort();
        jurisdictions.dedup();
        rows.push(IndicationRow {
            name: query::indication_name(conn, &id)?,
            id,
            as_of: scope.as_of.to_string(),
            jurisdictions,
            products,
        });
    }
    rows.sort_by_key(|r| r.name.to_lowercase());
    Ok(IndicationsAnswer {
        as_of: scope.as_of,
        rows,
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
    let approved = approved(cx, scope)?;
    let mut rows: Vec<RecordIndication> = query::indications(conn)?
        .into_iter()
        .filter(|indication| scope.includes_indication(&indication.id))
        .map(|indication| RecordIndication {
            approved_in: approved
                .rows
                .iter()
                .find(|r| r.id == indication.id)
                .map(|r| r.jurisdictions.clone())
                .unwrap_or_default(),
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
