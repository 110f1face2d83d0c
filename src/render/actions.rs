//! `actions` and `credentials` printed.

use serde::Serialize;

use crate::answer::actions::{ActionsAnswer, CredentialsAnswer};
use crate::error::Result;
use crate::query::Source;
use crate::query::actions::{Action, Credential};

use super::{Csv, Output, Report, join_lines, prose};

/// One action as JSON: the row, with every source it cites in full (URL
/// included), so that each row can be checked on its own.
#[derive(Serialize)]
struct ActionWire<'a> {
    #[serde(flatten)]
    action: &'a Action,
    #[serde(rename = "sources")]
    cited: Vec<&'a Source>,
}

/// The actions as JSON rows, each with its sources in full.
pub fn rows(answer: &ActionsAnswer) -> serde_json::Result<Vec<serde_json::Value>> {
    answer
        .actions
        .iter()
        .map(|a| {
            serde_json::to_value(ActionWire {
                action: a,
                cited: answer.sources_of(a),
            })
        })
        .collect()
}

impl Report for ActionsAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        Ok(serde_json::Value::Array(rows(self)?))
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "id",
                "date",
                "date_qualifier",
                "kind",
                "authority",
                "jurisdiction",
                "seller_id",
                "seller",
                "materials",
                "conditions",
                "conditions_text",
                "reference",
                "sources",
                "source_urls",
            ],
            rows: self
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.id.clone(),
                        a.date.clone().unwrap_or_default(),
                        a.date_qualifier.clone().unwrap_or_default(),
                        a.kind.clone(),
                        a.authority.clone(),
                        a.jurisdiction.clone(),
                        a.seller_id.clone().unwrap_or_default(),
                        a.seller.clone().unwrap_or_default(),
                        a.materials.join(";"),
                        a.conditions.join(";"),
                        a.conditions_text.clone().unwrap_or_default(),
                        a.reference.clone().unwrap_or_default(),
                        a.sources.join(";"),
                        self.sources_of(a)
                            .iter()
                            .filter_map(|s| s.url.clone())
                            .collect::<Vec<_>>()
                            .join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.actions.is_empty() {
            return out.line(prose::NO_ACTION);
        }
        let rows: Vec<Vec<String>> = self
            .actions
            .iter()
            .map(|a| {
                let conditions = a
                    .conditions_text
                    .clone()
                    .unwrap_or_else(|| a.conditions.join(", "));
                let mut what = format!("{}\n{} ({})", a.kind, a.authority, a.jurisdiction);
                if let Some(reference) = &a.reference {
                    what.push('\n');
                    what.push_str(reference);
                }
                vec![
                    a.date_label(),
                    what,
                    a.seller.clone().unwrap_or_else(|| "—".into()),
                    conditions,
                    join_lines(a.sources.iter().cloned()),
                ]
            })
            .collect();
        out.table(&["Date", "Action", "Seller", "Conditions", "Sources"], &rows)?;
        out.line(&prose::actions_summary(self))
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}

/// One credential as JSON, with its sources in full.
#[derive(Serialize)]
struct CredentialWire<'a> {
    #[serde(flatten)]
    credential: &'a Credential,
}

impl Report for CredentialsAnswer {
    fn json(&self) -> serde_json::Result<serde_json::Value> {
        let mut rows = Vec::with_capacity(self.credentials.len());
        for c in &self.credentials {
            let mut value = serde_json::to_value(CredentialWire { credential: c })?;
            let cited: Vec<&Source> = c
                .sources
                .iter()
                .filter_map(|id| self.sources.iter().find(|s| &s.id == id))
                .collect();
            value["sources"] = serde_json::to_value(cited)?;
            rows.push(value);
        }
        Ok(serde_json::Value::Array(rows))
    }

    fn csv(&self) -> Csv {
        Csv {
            headers: vec![
                "id",
                "phrase",
                "variants",
                "jurisdiction",
                "means",
                "does_not_mean",
                "sources",
            ],
            rows: self
                .credentials
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.phrase.clone(),
                        c.variants.join(";"),
                        c.jurisdiction.clone().unwrap_or_default(),
                        c.means.clone(),
                        c.does_not_mean.clone(),
                        c.sources.join(";"),
                    ]
                })
                .collect(),
        }
    }

    fn table(&self, out: &mut Output) -> Result<()> {
        if self.credentials.is_empty() {
            return out.line(&prose::no_credential(self));
        }
        for (i, c) in self.credentials.iter().enumerate() {
            if i > 0 {
                out.blank()?;
            }
            out.line(&prose::credential_title(c))?;
            out.line(&format!("  Means: {}", c.means))?;
            out.line(&format!("  Does not mean: {}", c.does_not_mean))?;
            out.line(&format!("  Sources: {}", c.sources.join(", ")))?;
        }
        Ok(())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }
}
