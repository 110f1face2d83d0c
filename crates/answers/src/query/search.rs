//! The full-text index (`SQLite` FTS5), ranked by bm25.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;

/// One match: what kind of row, its id and title, and the matching words in context.
#[derive(Debug, Clone, Serialize)]
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
    // Words are ANDed: a repeated word adds nothing but work (FTS5 is
    // quadratic in them), and past MAX_WORDS no row can match all anyway.
    const MAX_WORDS: usize = 64;
    let mut seen: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for w in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| w.chars().any(char::is_alphanumeric))
    {
        let key = w.to_lowercase();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        words.push(format!("\"{}\"", w.replace('"', "\"\"")));
        if words.len() == MAX_WORDS {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// The best `limit` matches for the words of `text`, best first; none when
/// `text` has no word to search for.
pub fn hits(conn: &Connection, text: &str, limit: usize) -> Result<Vec<Hit>> {
    let Some(query) = fts_query(text) else {
        return Ok(Vec::new());
    };
    // SQLite reads a negative LIMIT as "no limit"; a limit past i64 is the same.
    let limit = i64::try_from(limit).unwrap_or(-1);
    let mut stmt = conn.prepare_cached(
        "SELECT kind, id, title, snippet(search_index, 3, '[', ']', '…', 12)
         FROM search_index WHERE search_index MATCH ?1 ORDER BY bm25(search_index, 0.0, 0.0, 5.0, 1.0), kind, id
         LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(rusqlite::params![query, limit], |r| {
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

/// How many rows match the words of `text` (all of them, not only the
/// best `limit`); zero when `text` has no word to search for.
pub fn count(conn: &Connection, text: &str) -> Result<usize> {
    let Some(query) = fts_query(text) else {
        return Ok(0);
    };
    let mut stmt = conn.prepare_cached("SELECT count(*) FROM search_index WHERE search_index MATCH ?1")?;
    let n: i64 = stmt.query_row([query], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
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
