//! `mscdb sql QUERY`: one read-only SQL statement over the documented schema.

use rusqlite::types::ValueRef;

use crate::cli::SqlArgs;
use crate::error::{Error, Result};
use crate::render::Format;

use super::Ctx;

/// The first keyword of a statement, after comments, whitespace and parentheses.
fn first_keyword(sql: &str) -> String {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, tail)| tail);
        } else {
            break;
        }
    }
    rest.chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Refuses anything but a single statement that reads. Three locks: the
/// statement must begin as a query, `SQLite` must report it read-only, and the
/// connection itself is `query_only` (and read-only for `--db`).
pub fn check(conn: &rusqlite::Connection, sql: &str) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::usage(format!(
            "sql: {why}; only one read-only SELECT statement is allowed"
        )))
    };
    if sql.trim().is_empty() {
        return refuse("empty query");
    }
    let keyword = first_keyword(sql);
    if !["SELECT", "WITH", "VALUES", "EXPLAIN"].contains(&keyword.as_str()) {
        let shown = if keyword.is_empty() {
            "that".to_string()
        } else {
            keyword
        };
        return refuse(&format!("{shown} statements are refused"));
    }
    match conn.prepare(sql) {
        Ok(stmt) if stmt.readonly() => Ok(()),
        Ok(_) => refuse("the statement would write"),
        Err(rusqlite::Error::MultipleStatement) => refuse("more than one statement"),
        Err(e) => Err(Error::usage(format!("sql: {e}"))),
    }
}

fn text(value: ValueRef) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
    }
}

fn json(value: ValueRef) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into),
        other => text(other).into(),
    }
}

/// Column names, rows as text, rows as JSON objects.
type Answer = (Vec<String>, Vec<Vec<String>>, Vec<serde_json::Value>);

/// Checks and runs a query.
pub fn query(conn: &rusqlite::Connection, sql: &str) -> Result<Answer> {
    check(conn, sql)?;
    let mut stmt = conn.prepare(sql).map_err(|e| Error::usage(format!("sql: {e}")))?;
    let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows_text: Vec<Vec<String>> = Vec::new();
    let mut rows_json: Vec<serde_json::Value> = Vec::new();
    let mut rows = stmt.query([]).map_err(|e| Error::usage(format!("sql: {e}")))?;
    while let Some(row) = rows.next().map_err(|e| Error::usage(format!("sql: {e}")))? {
        let mut cells = Vec::with_capacity(columns.len());
        let mut object = serde_json::Map::new();
        for (i, name) in columns.iter().enumerate() {
            let value = row.get_ref(i)?;
            cells.push(text(value));
            object.insert(name.clone(), json(value));
        }
        rows_text.push(cells);
        rows_json.push(serde_json::Value::Object(object));
    }
    Ok((columns, rows_text, rows_json))
}

pub fn run(args: &SqlArgs, ctx: &mut Ctx) -> Result<()> {
    let (columns, rows_text, rows_json) = query(ctx.conn(), &args.query)?;
    let headers: Vec<&str> = columns.iter().map(String::as_str).collect();
    match ctx.out.format {
        Format::Json => ctx.out.json(&rows_json),
        Format::Csv => ctx.out.csv(&headers, &rows_text),
        Format::Table => {
            ctx.out.table(&headers, &rows_text)?;
            ctx.out.line(&format!("{} row(s).", rows_text.len()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_keyword;

    #[test]
    fn finds_the_keyword_behind_comments() {
        assert_eq!(first_keyword("  -- note\n /* x */ (select 1)"), "SELECT");
        assert_eq!(first_keyword("delete from t"), "DELETE");
        assert_eq!(first_keyword("/* unterminated"), "");
    }
}
