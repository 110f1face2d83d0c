//! One thin module per subcommand, each with `run(args, ctx)`: resolve the
//! arguments, call the answer layer, hand the answer to the renderer.

pub mod actions;
pub mod assess;
pub mod audit;
pub mod build;
pub mod check;
pub mod credentials;
pub mod datasette;
pub mod filings;
pub mod frameworks;
pub mod generate;
pub mod indications;
pub mod jurisdictions;
pub mod products;
pub mod regulators;
pub mod review;
pub mod search;
pub mod show;
pub mod site;
pub mod sql;
pub mod validate;

use rusqlite::Connection;

use crate::answer::Context;
use crate::date::Day;
use crate::error::Result;
use crate::render::{Output, Report};
use crate::store::Store;

pub use crate::answer::{Scope, parse_as_of};

/// Reads "today" once for the whole run: `MSCDB_TODAY` (`YYYY-MM-DD`, which
/// tests set so answers do not move with the calendar), else the clock.
pub fn today() -> Day {
    if let Some(day) = std::env::var("MSCDB_TODAY")
        .ok()
        .and_then(|t| crate::date::PartialDate::parse(&t).ok())
        .filter(|d| d.day.is_some())
    {
        return day.first_day();
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Day::from_unix_seconds(secs)
}

/// What every command gets.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub out: &'a mut Output,
    /// Append citations with URLs (`--sources`).
    pub with_sources: bool,
    /// Read once, in `run`.
    pub today: Day,
}

impl Ctx<'_> {
    pub fn conn(&self) -> &Connection {
        self.store.conn()
    }

    /// The engine's context: the record and today.
    pub fn cx(&self) -> Context<'_> {
        Context::new(self.store, self.today)
    }

    /// Prints an answer in the format asked.
    pub fn emit(&mut self, report: &impl Report) -> Result<()> {
        let record_date = crate::query::record_date(self.conn())?;
        crate::render::emit(report, self.out, self.with_sources, record_date.as_deref())
    }
}
