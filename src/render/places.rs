//! How `jurisdictions` and `regulators` look.

use serde::Serialize;

use crate::answer::places::{Place, PlacesAnswer, RegulatorsAnswer};
use crate::error::Result;
use crate::query::Membership;

use super::prose::count;
use super::{Csv, Output, Report};

/// "EU 1958-01-01–", "EU 1973-01-01–2020-12-31 (eu-transition)".
fn membership(m: &Membership) -> String {
    let basis = if m.basis == "eu-member" {
        String::new()
    } else {
        format!(" ({})", m.basis)
    };
    format!(
        "{} {}–{}{basis}",
        m.member_of,
        m.from,
        m.until.as_deref().unwrap_or("")
    )
}

/// The JSON form of a place (keys: add, never rename).
#[derive(Serialize)]
struct PlaceWire<'a> {
    code: &'a str,
    alpha3: Option<&'a str>,
    name: &'a str,
    aliases: &'a [String],
    member_of: &'a [Membership],
    regulators: &'a [String],
    decisions: i64,
    note: Option<&'a str>,
}

fn wire(p: &Place) -> PlaceWire<'_> {
    PlaceWire {
        code: &p.code,
        alpha3: p.alpha3.as_deref(),
        name: &p.name,
        aliases: &p.aliases,
        member_of: &p.memberships,
        regulators: &p.regulators,
        decisions: p.decisions,
        note: p.note.as_deref(),
    }
}

impl Report for PlacesAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self.places.iter().map(wire).collect::<Vec<_>>())
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "code",
                "alpha3",
                "name",
                "member_of",
                "regulators",
                "decisions",
                "aliases",
            ],
            rows: self
                .places
                .iter()
                .map(|p| {
                    vec![
                        p.code.clone(),
                        p.alpha3.clone().unwrap_or_default(),
                        p.name.clone(),
                        p.memberships.iter().map(membership).collect::<Vec<_>>().join(";"),
                        p.regulators.join(";"),
                        p.decisions.to_string(),
                        p.aliases.join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        let rows: Vec<Vec<String>> = self
            .places
            .iter()
            .map(|p| {
                vec![
                    p.code.clone(),
                    p.name.clone(),
                    p.memberships
                        .iter()
                        .map(membership)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    p.regulators.join(", "),
                    p.decisions.to_string(),
                ]
            })
            .collect();
        out.table(
            &["Code", "Name", "Decisions of … apply", "Regulators", "Decisions"],
            &rows,
        )?;
        let mut tail = format!("{}.", count(self.places.len(), "jurisdiction"));
        if !self.all {
            tail.push_str(
                " Listed: those with a decision, a regulator or a note; --all lists every ISO 3166-1 entry (any of them can be asked with --in).",
            );
        }
        out.line(&tail)
    }
}

impl Report for RegulatorsAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(&self.regulators)
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "id",
                "name",
                "jurisdiction",
                "decisions",
                "framework_facts",
                "aliases",
            ],
            rows: self
                .regulators
                .iter()
                .map(|r| {
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        r.jurisdiction.clone(),
                        r.decisions.to_string(),
                        r.framework_facts.to_string(),
                        r.aliases.join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        let rows: Vec<Vec<String>> = self
            .regulators
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.name.clone(),
                    r.jurisdiction.clone(),
                    r.decisions.to_string(),
                    r.framework_facts.to_string(),
                ]
            })
            .collect();
        out.table(&["Id", "Name", "Where", "Decisions", "Framework facts"], &rows)?;
        out.line(&format!("{}.", count(self.regulators.len(), "regulator")))
    }
}
