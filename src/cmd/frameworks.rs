//! `mscdb frameworks`: regulators side by side, one row per topic.

use serde::Serialize;

use crate::cli::FrameworksArgs;
use crate::error::{Error, Result, printable};
use crate::model::Topic;
use crate::render::Format;
use crate::resolve::{self, NameKind};
use crate::spec::LIST_SEPARATOR;

use super::Ctx;

#[derive(Debug, Serialize)]
pub struct Fact {
    pub regulator: String,
    pub topic: String,
    pub summary: String,
    pub sources: Vec<String>,
}

/// Narrowest readable column; below it, regulators go into separate blocks.
const MIN_COLUMN: usize = 28;
const TOPIC_COLUMN: usize = 16;

/// Regulators as typed (id, name, alias, or the jurisdiction they act in)
/// → ids that have framework rows, in the order given.
fn resolve_regulators(ctx: &Ctx, typed: &[String], covered: &[String]) -> Result<Vec<String>> {
    if typed.is_empty() {
        return Ok(covered.to_vec());
    }
    let conn = ctx.conn();
    let mut out: Vec<String> = Vec::new();
    for text in typed {
        let mut ids = resolve::lookup(conn, NameKind::Regulator, text)?;
        if ids.is_empty() {
            // A country: the regulators acting there.
            for code in resolve::lookup(conn, NameKind::Jurisdiction, text)? {
                let mut stmt =
                    conn.prepare_cached("SELECT id FROM regulators WHERE jurisdiction = ?1 ORDER BY id")?;
                let found: Vec<String> = stmt
                    .query_map([code], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                ids.extend(found);
            }
        }
        let ids: Vec<String> = ids.into_iter().filter(|id| covered.contains(id)).collect();
        if ids.is_empty() {
            let suggestions = resolve::suggest(conn, NameKind::Regulator, text)?;
            return Err(Error::usage(format!(
                "unknown regulator, or one without framework facts: '{}' (the record covers {}){}",
                printable(text, 60),
                covered.join(", "),
                resolve::did_you_mean(&suggestions)
            )));
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
                return Err(Error::usage(format!(
                    "unknown topic '{}'; topics: {}",
                    printable(&text, 40),
                    Topic::NAMES.join(", ")
                )));
            }
            many => {
                let names: Vec<&str> = many.iter().map(|t| t.as_str()).collect();
                return Err(Error::usage(format!(
                    "topic '{text}' is ambiguous: {}",
                    names.join(", ")
                )));
            }
        }
    }
    out.sort_by_key(|t| Topic::ALL.iter().position(|x| x == t));
    Ok(out)
}

pub fn facts(ctx: &Ctx, args: &FrameworksArgs) -> Result<(Vec<String>, Vec<Topic>, Vec<Fact>)> {
    let conn = ctx.conn();
    // Regulators in the order of regulators.csv, as far as they have facts.
    let mut stmt = conn.prepare_cached(
        "SELECT r.id FROM regulators r WHERE EXISTS (SELECT 1 FROM frameworks f WHERE f.regulator = r.id) ORDER BY r.rowid",
    )?;
    let covered: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let regulators = resolve_regulators(ctx, &args.regulators, &covered)?;
    let topics = resolve_topics(&args.topic)?;
    let mut stmt =
        conn.prepare_cached("SELECT summary, sources FROM frameworks WHERE regulator = ?1 AND topic = ?2")?;
    let mut facts = Vec::new();
    for topic in &topics {
        for regulator in &regulators {
            let row: Option<(String, Option<String>)> = stmt
                .query_row([regulator.as_str(), topic.as_str()], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .ok();
            let (summary, sources) = row.unwrap_or_else(|| ("No source found.".into(), None));
            facts.push(Fact {
                regulator: regulator.clone(),
                topic: topic.as_str().to_string(),
                summary,
                sources: sources
                    .map(|s| s.split(LIST_SEPARATOR).map(|x| x.trim().to_string()).collect())
                    .unwrap_or_default(),
            });
        }
    }
    Ok((regulators, topics, facts))
}

pub fn run(args: &FrameworksArgs, ctx: &mut Ctx) -> Result<()> {
    let (regulators, topics, facts) = facts(ctx, args)?;
    match ctx.out.format {
        Format::Json => return ctx.out.json(&facts),
        Format::Csv => {
            let rows: Vec<Vec<String>> = facts
                .iter()
                .map(|f| {
                    vec![
                        f.regulator.clone(),
                        f.topic.clone(),
                        f.summary.clone(),
                        f.sources.join(";"),
                    ]
                })
                .collect();
            return ctx.out.csv(&["regulator", "topic", "summary", "sources"], &rows);
        }
        Format::Table => {}
    }
    // As many regulators per block as fit at a readable width.
    let per_block = ((ctx.out.width().saturating_sub(TOPIC_COLUMN)) / MIN_COLUMN).max(1);
    for (i, block) in regulators.chunks(per_block).enumerate() {
        if i > 0 {
            ctx.out.blank()?;
        }
        let mut headers: Vec<&str> = vec!["Topic"];
        headers.extend(block.iter().map(String::as_str));
        let rows: Vec<Vec<String>> = topics
            .iter()
            .map(|topic| {
                let mut row = vec![topic.as_str().to_string()];
                for regulator in block {
                    let fact = facts
                        .iter()
                        .find(|f| &f.regulator == regulator && f.topic == topic.as_str());
                    row.push(fact.map(|f| f.summary.clone()).unwrap_or_default());
                }
                row
            })
            .collect();
        ctx.out.table(&headers, &rows)?;
    }
    if ctx.with_sources {
        let ids: Vec<String> = facts.iter().flat_map(|f| f.sources.clone()).collect();
        super::print_sources(ctx, &ids)?;
    } else {
        ctx.out
            .line("Every fact cites its sources: add --sources, or --format json.")?;
    }
    Ok(())
}
