//! `mscdb search TEXT`: full-text search (`SQLite` FTS5), ranked by bm25.

use serde::Serialize;

use crate::cli::SearchArgs;
use crate::error::{Error, Result};
use crate::render::Format;

use super::Ctx;

#[derive(Debug, Serialize)]
pub struct Hit {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub snippet: String,
}

/// Quotes every word so that punctuation is searched for, not parsed as
/// FTS5 syntax (`CAR-T`, `"`, `*`, `:`). Words with no letter or digit are
/// dropped: the tokenizer would ignore them anyway. Control characters
/// separate words (a NUL would end the query string inside `SQLite`).
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub fn hits(ctx: &Ctx, text: &str, limit: usize) -> Result<Vec<Hit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut stmt = ctx.conn().prepare_cached(
        "SELECT kind, id, title, snippet(search_index, 3, '[', ']', '…', 12)
         FROM search_index WHERE search_index MATCH ?1 ORDER BY bm25(search_index, 0.0, 0.0, 5.0, 1.0), kind, id
         LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![query, limit as i64], |r| {
            Ok(Hit {
                kind: r.get(0)?,
                id: r.get(1)?,
                title: r.get(2)?,
                snippet: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn run(args: &SearchArgs, ctx: &mut Ctx) -> Result<()> {
    let text = args.text.join(" ");
    if text.trim().is_empty() {
        return Err(Error::usage("search: empty text"));
    }
    let hits = hits(ctx, &text, args.limit)?;
    match ctx.out.format {
        Format::Json => ctx.out.json(&hits),
        Format::Csv => {
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| vec![h.kind.clone(), h.id.clone(), h.title.clone(), h.snippet.clone()])
                .collect();
            ctx.out.csv(&["kind", "id", "title", "snippet"], &rows)
        }
        Format::Table => {
            if hits.is_empty() {
                return ctx.out.line("No match.");
            }
            let rows: Vec<Vec<String>> = hits
                .iter()
                .map(|h| {
                    vec![
                        h.kind.clone(),
                        format!("{}\n{}", h.id, h.title),
                        h.snippet.clone(),
                    ]
                })
                .collect();
            ctx.out.table(&["Kind", "Id", "Match"], &rows)?;
            ctx.out.line(&format!("{} match(es), best first.", hits.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_text_is_quoted() {
        assert_eq!(fts_query("CAR-T").as_deref(), Some("\"CAR-T\""));
        assert_eq!(fts_query("say \"hi\"").as_deref(), Some("\"say\" \"\"\"hi\"\"\""));
        assert_eq!(fts_query(" \" * : "), None);
        assert_eq!(fts_query("a\0b").as_deref(), Some("\"a\" \"b\""));
    }
}
