//! `search`: full-text search over the record.

use super::Context;

use crate::error::{Error, Input, Result};
use crate::query::{self, search::Hit};

/// Words to find, and at most how many matches.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    pub limit: usize,
}

/// The matches, best first.
#[derive(Debug, Clone)]
pub struct SearchAnswer {
    pub hits: Vec<Hit>,
    /// How many rows match in all (more than `hits` when the limit cut them).
    pub total: usize,
}

/// Empty text is an error; text with no word to search for finds nothing.
pub fn search(cx: &Context, query: &SearchQuery) -> Result<SearchAnswer> {
    let conn = cx.conn;
    if query.text.trim().is_empty() {
        return Err(Error::invalid(Input::Search, "empty text"));
    }
    Ok(SearchAnswer {
        hits: query::search::hits(conn, &query.text, query.limit)?,
        total: query::search::count(conn, &query.text)?,
    })
}
