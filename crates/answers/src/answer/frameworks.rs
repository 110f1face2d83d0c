//! `frameworks`: how regulators treat MSC products, topic by topic.

use super::Context;
use rusqlite::Connection;

use crate::error::{Error, Input, Lookup, Result};
use crate::model::Topic;
use crate::query::{self, Source};
use crate::resolve::{self, NameKind};

/// Regulators and topics, resolved.
#[derive(Debug, Clone)]
pub struct FrameworksQuery {
    /// Regulator ids with framework facts, in the order asked.
    pub regulators: Vec<String>,
    /// Topics in their fixed order.
    pub topics: Vec<Topic>,
}

impl FrameworksQuery {
    /// Resolves regulators as typed (id, name, alias, or the jurisdiction
    /// they act in; all by default) and topics by name or unambiguous prefix
    /// (all by default).
    pub fn resolve(cx: &Context, regulators: &[String], topics: &[String]) -> Result<FrameworksQuery> {
        let conn = cx.conn;
        let covered = query::frameworks::covered_regulators(conn)?;
        Ok(FrameworksQuery {
            regulators: resolve_regulators(conn, regulators, &covered)?,
            topics: resolve_topics(topics)?,
        })
    }
}

/// One regulator's fact on one topic.
#[derive(Debug, Clone)]
pub struct Fact {
    pub regulator: String,
    pub topic: Topic,
    /// `None` when the record has no fact on this topic for this regulator.
    pub summary: Option<String>,
    pub sources: Vec<String>,
}

/// The facts for every (topic, regulator) asked, topic-major.
#[derive(Debug, Clone)]
pub struct FrameworksAnswer {
    pub regulators: Vec<String>,
    pub topics: Vec<Topic>,
    pub facts: Vec<Fact>,
    /// The sources the facts cite, each once, in order of citation.
    pub sources: Vec<Source>,
    /// With every topic asked: for each regulator, the rule for an
    /// unapproved offer in force today where it acts (none when the record
    /// has no rule there).
    pub offer_rules: Vec<(String, super::actions::OfferRuleAnswer)>,
}

impl FrameworksAnswer {
    /// The fact for a regulator and topic, when asked for.
    /// The rule for an unapproved offer where a regulator acts, today.
    pub fn offer_rule(&self, regulator: &str) -> Option<&super::actions::OfferRuleAnswer> {
        self.offer_rules
            .iter()
            .find(|(r, _)| r == regulator)
            .map(|(_, rule)| rule)
    }

    pub fn fact(&self, regulator: &str, topic: Topic) -> Option<&Fact> {
        self.facts
            .iter()
            .find(|f| f.regulator == regulator && f.topic == topic)
    }
}

pub fn frameworks(cx: &Context, query: &FrameworksQuery) -> Result<FrameworksAnswer> {
    let conn = cx.conn;
    let mut facts = Vec::with_capacity(query.topics.len() * query.regulators.len());
    for &topic in &query.topics {
        for regulator in &query.regulators {
            let (summary, sources) = match query::frameworks::fact(conn, regulator, topic)? {
                Some(fact) => (Some(fact.summary), fact.sources),
                None => (None, Vec::new()),
            };
            facts.push(Fact {
                regulator: regulator.clone(),
                topic,
                summary,
                sources,
            });
        }
    }
    let mut cited: Vec<String> = facts.iter().flat_map(|f| f.sources.iter().cloned()).collect();
    let mut offer_rules = Vec::new();
    if query.topics.len() == Topic::ALL.len() {
        let places: Vec<(String, String)> = query::regulators(conn)?
            .into_iter()
            .map(|r| (r.id, r.jurisdiction))
            .collect();
        for regulator in &query.regulators {
            let Some((_, place)) = places.iter().find(|(id, _)| id == regulator) else {
                continue;
            };
            if let Some(rule) = super::actions::offer_rule(cx, place, cx.today)? {
                cited.extend(rule.sources.iter().map(|s| s.id.clone()));
                offer_rules.push((regulator.clone(), rule));
            }
        }
    }
    Ok(FrameworksAnswer {
        regulators: query.regulators.clone(),
        topics: query.topics.clone(),
        sources: query::sources(conn, &cited)?,
        facts,
        offer_rules,
    })
}

/// Regulators as typed (id, name, alias, or the jurisdiction they act in)
/// → ids that have framework rows, in the order given.
fn resolve_regulators(conn: &Connection, typed: &[String], covered: &[String]) -> Result<Vec<String>> {
    if typed.is_empty() {
        return Ok(covered.to_vec());
    }
    let mut out: Vec<String> = Vec::new();
    for text in typed {
        let mut ids = resolve::lookup(conn, NameKind::Regulator, text)?;
        let known = ids.clone();
        if ids.is_empty() {
            // A country: the regulators acting there.
            for code in resolve::lookup(conn, NameKind::Jurisdiction, text)? {
                ids.extend(query::frameworks::regulators_in(conn, &code)?);
            }
        }
        let ids: Vec<String> = ids.into_iter().filter(|id| covered.contains(id)).collect();
        if ids.is_empty() && !known.is_empty() {
            // Known, but without framework facts: say so, and never suggest the name typed.
            return Err(Error::unknown(
                Lookup::RegulatorWithoutFrameworks {
                    known,
                    covered: covered.to_vec(),
                },
                text,
                Vec::new(),
            ));
        }
        if ids.is_empty() {
            let suggestions: Vec<String> = resolve::suggest(conn, NameKind::Regulator, text)?
                .into_iter()
                .filter(|s| covered.contains(s))
                .collect();
            return Err(Error::unknown(
                Lookup::FrameworkRegulator {
                    covered: covered.to_vec(),
                },
                text,
                suggestions,
            ));
        }
        for id in ids {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// Topics by full name or unambiguous prefix.
pub fn resolve_topics(typed: &[String]) -> Result<Vec<Topic>> {
    if typed.is_empty() {
        return Ok(Topic::ALL.to_vec());
    }
    let mut out = Vec::new();
    for text in typed {
        let text = text.trim().to_lowercase();
        let matches: Vec<Topic> = match Topic::parse(&text) {
            Some(t) => vec![t],
            None => Topic::ALL
                .iter()
                .copied()
                .filter(|t| !text.is_empty() && t.as_str().starts_with(&text))
                .collect(),
        };
        match matches.as_slice() {
            [t] => {
                if !out.contains(t) {
                    out.push(*t);
                }
            }
            [] => {
                return Err(Error::unknown(
                    Lookup::Topic {
                        known: Topic::NAMES.iter().map(ToString::to_string).collect(),
                    },
                    &text,
                    Vec::new(),
                ));
            }
            many => {
                let names: Vec<&str> = many.iter().map(|t| t.as_str()).collect();
                return Err(Error::invalid(
                    Input::Topic,
                    format!("topic '{text}' is ambiguous: {}", names.join(", ")),
                ));
            }
        }
    }
    out.sort_by_key(|t| Topic::ALL.iter().position(|x| x == t));
    Ok(out)
}
