//! `mscdb sql`: one read-only statement over the documented schema, checked,
//! run under time and memory limits, and its rows handed one at a time to a
//! [`RowSink`] (the renderer decides how they look).

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use rusqlite::types::ValueRef;

use crate::error::{Error, Input, Result};

/// One cell of a result, as `SQLite` returned it (a blob by its size only).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(usize),
}

impl Value {
    fn from_ref(value: ValueRef) -> Value {
        match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.len()),
        }
    }
}

/// Where the rows of a query go, as they come.
pub trait RowSink {
    /// The column names, once, before any row.
    fn columns(&mut self, names: &[String]) -> Result<()>;
    /// One row, as many values as columns.
    fn row(&mut self, values: &[Value]) -> Result<()>;
    /// After the last row.
    fn finish(&mut self) -> Result<()>;
}

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
        Err(Error::invalid(
            Input::Sql,
            format!("{why}; only one read-only SELECT statement is allowed"),
        ))
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
        Err(e) => Err(Error::invalid(Input::Sql, e.to_string())),
    }
}

/// Time a query may take before it is stopped.
const TIME_BUDGET: Duration = Duration::from_secs(10);
/// Memory SQLite may use for a query, beyond the record itself.
const HEAP_BUDGET: i64 = 200 * 1024 * 1024;

/// The JSON keys of a result's columns: each column's name, in column
/// order; a name seen before gets `_2`, `_3`, … (the first free one), so
/// that `SELECT p.id, d.id` gives `id` and `id_2`. Results without repeated
/// names keep their names unchanged.
pub fn json_keys(columns: &[String]) -> Vec<String> {
    let taken: HashSet<&str> = columns.iter().map(String::as_str).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut extra: Vec<String> = Vec::new();
    let mut keys = Vec::with_capacity(columns.len());
    for name in columns {
        if seen.insert(name.as_str()) {
            keys.push(name.clone());
            continue;
        }
        let mut n = 2;
        let key = loop {
            let candidate = format!("{name}_{n}");
            if !taken.contains(candidate.as_str()) && !extra.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        extra.push(key.clone());
        keys.push(key);
    }
    keys
}

/// Stops a query that runs past its time budget (a watchdog thread that
/// interrupts the connection; it ends when this is dropped) or its memory
/// budget (SQLite's soft and hard heap limits).
struct Limits {
    timed_out: Arc<AtomicBool>,
    budget: Duration,
    /// What the watchdog counts: only the time SQLite spends, not the time
    /// the rows wait on a slow reader (a pager, a pipe).
    clock: Arc<Clock>,
    /// Dropping it wakes and ends the watchdog.
    _stop: mpsc::Sender<()>,
}

/// Time spent outside SQLite (handing rows to the sink), in nanoseconds
/// since the query started: the total of finished pauses, and the start of
/// the pause under way (0: none).
struct Clock {
    started: std::time::Instant,
    paused: std::sync::atomic::AtomicU64,
    paused_since: std::sync::atomic::AtomicU64,
}

impl Clock {
    fn now(&self) -> u64 {
        (self.started.elapsed().as_nanos() as u64).max(1)
    }

    /// The time SQLite has spent so far, and whether a pause is under way.
    fn spent(&self) -> (Duration, bool) {
        let now = self.now();
        let since = self.paused_since.load(Ordering::Acquire);
        let paused =
            self.paused.load(Ordering::Acquire) + if since == 0 { 0 } else { now.saturating_sub(since) };
        (Duration::from_nanos(now.saturating_sub(paused)), since != 0)
    }

    fn pause(&self) {
        self.paused_since.store(self.now(), Ordering::Release);
    }

    fn resume(&self) {
        let since = self.paused_since.swap(0, Ordering::AcqRel);
        if since != 0 {
            self.paused
                .fetch_add(self.now().saturating_sub(since), Ordering::AcqRel);
        }
    }
}

impl Limits {
    fn install(conn: &rusqlite::Connection, budget: Option<Duration>) -> Result<Limits> {
        let budget = budget.unwrap_or(TIME_BUDGET);
        let timed_out = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&timed_out);
        let interrupt = conn.get_interrupt_handle();
        let (stop, stopped) = mpsc::channel::<()>();
        let clock = Arc::new(Clock {
            started: std::time::Instant::now(),
            paused: 0.into(),
            paused_since: 0.into(),
        });
        let watched = Arc::clone(&clock);
        std::thread::spawn(move || {
            let mut wait = budget;
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                let (spent, paused) = watched.spent();
                if spent >= budget && !paused {
                    flag.store(true, Ordering::Relaxed);
                    interrupt.interrupt();
                    return;
                }
                wait = budget.saturating_sub(spent).max(Duration::from_millis(10));
            }
        });
        // The record itself lives in SQLite's heap when loaded from CSV.
        let record: i64 = conn
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        let limit = HEAP_BUDGET + record;
        conn.execute_batch(&format!(
            "PRAGMA soft_heap_limit = {limit}; PRAGMA hard_heap_limit = {limit};"
        ))?;
        Ok(Limits {
            timed_out,
            budget,
            clock,
            _stop: stop,
        })
    }

    /// The message for an error of the running query.
    fn error(&self, e: &rusqlite::Error) -> Error {
        let code = e.sqlite_error_code();
        if self.timed_out.load(Ordering::Relaxed) || code == Some(rusqlite::ErrorCode::OperationInterrupted) {
            return Error::invalid(
                Input::Sql,
                format!(
                    "stopped after {:.1} s: the query takes too long (narrow it, or add a LIMIT)",
                    self.budget.as_secs_f64()
                ),
            );
        }
        if code == Some(rusqlite::ErrorCode::OutOfMemory) {
            return Error::invalid(
                Input::Sql,
                format!(
                    "stopped: the query needs more than {} MB of memory (narrow it, or add a LIMIT)",
                    HEAP_BUDGET / (1024 * 1024)
                ),
            );
        }
        Error::invalid(Input::Sql, e.to_string())
    }
}

/// Checks and runs a query, handing its rows to `sink` as they come. A
/// query is stopped after 10 s or 200 MB of SQLite memory (a usage error,
/// exit code 2); an error of the sink ends the query too.
pub fn stream(
    conn: &rusqlite::Connection,
    sql: &str,
    budget: Option<Duration>,
    sink: &mut dyn RowSink,
) -> Result<()> {
    check(conn, sql)?;
    let limits = Limits::install(conn, budget)?;
    let mut stmt = conn
        .prepare(sql)
        .map_err(|e| Error::invalid(Input::Sql, e.to_string()))?;
    let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let n = columns.len();
    let mut rows = stmt.query([]).map_err(|e| limits.error(&e))?;
    sink.columns(&columns)?;
    let mut values = Vec::with_capacity(n);
    while let Some(row) = rows.next().map_err(|e| limits.error(&e))? {
        values.clear();
        for i in 0..n {
            values.push(Value::from_ref(row.get_ref(i)?));
        }
        // Time blocked on the reader is not the query's.
        limits.clock.pause();
        let written = sink.row(&values);
        limits.clock.resume();
        written?;
    }
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::{first_keyword, json_keys};

    #[test]
    fn repeated_column_names_get_numbered_keys() {
        let names = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(json_keys(&names(&["id", "name"])), names(&["id", "name"]));
        assert_eq!(
            json_keys(&names(&["id", "id", "id"])),
            names(&["id", "id_2", "id_3"])
        );
        assert_eq!(json_keys(&names(&["a", "a_2", "a"])), names(&["a", "a_2", "a_3"]));
    }

    #[test]
    fn finds_the_keyword_behind_comments() {
        assert_eq!(first_keyword("  -- note\n /* x */ (select 1)"), "SELECT");
        assert_eq!(first_keyword("delete from t"), "DELETE");
        assert_eq!(first_keyword("/* unterminated"), "");
    }
}
