//! `jurisdictions` and `regulators`: what the record knows about places and
//! agencies — names, memberships with their dates, how many decisions.

use super::Context;

use crate::error::Result;
use crate::query::{self, Membership};

/// One jurisdiction with its memberships and the decisions taken there.
#[derive(Debug, Clone)]
pub struct Place {
    pub code: String,
    pub alpha3: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub memberships: Vec<Membership>,
    pub decisions: i64,
    pub regulators: Vec<String>,
    pub note: Option<String>,
}

pub struct PlacesAnswer {
    pub places: Vec<Place>,
    /// Every place, or only those with a decision, a regulator or a membership.
    pub all: bool,
}

/// Places with a decision, a regulator or a membership (or every one, with `all`).
pub fn jurisdictions(cx: &Context, all: bool) -> Result<PlacesAnswer> {
    let conn = cx.conn;
    let mut places = Vec::new();
    for row in query::jurisdictions(conn)? {
        let memberships = query::memberships_of(conn, &row.code)?;
        let place = Place {
            memberships,
            decisions: row.decisions,
            regulators: row.regulators,
            code: row.code,
            alpha3: row.alpha3,
            name: row.name,
            aliases: row.aliases,
            note: row.note,
        };
        if all || place.decisions > 0 || !place.regulators.is_empty() || place.note.is_some() {
            places.push(place);
        }
    }
    Ok(PlacesAnswer { places, all })
}

pub struct RegulatorsAnswer {
    pub regulators: Vec<query::Regulator>,
}

pub fn regulators(cx: &Context) -> Result<RegulatorsAnswer> {
    let conn = cx.conn;
    Ok(RegulatorsAnswer {
        regulators: query::regulators(conn)?,
    })
}
