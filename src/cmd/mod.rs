//! One thin module per subcommand, each with `run(args, ctx)`: resolve the
//! arguments, call the answer layer, hand the answer to the renderer.

pub mod assess;
pub mod audit;
pub mod build;
pub mod check;
pub mod datasette;
pub mod filings;
pub mod frameworks;
pub mod generate;
pub mod indications;
pub mod jurisdictions;
pub mod products;
pub mod regulators;
pub mod search;
pub mod show;
pub mod site;
pub mod sql;
pub mod validate;

use rusqlite::Connection;

use crate::error::Result;
use crate::render::{Output, Report};
use crate::store::Store;

pub use crate::answer::{Scope, parse_as_of};

/// What every command gets.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub out: &'a mut Output,
    /// Append citations with URLs (`--sources`).
    pub with_sources: bool,
}

impl Ctx<'_> {
    pub fn conn(&self) -> &Connection {
        self.store.conn()
    }

    /// Prints an answer in the format asked.
    pub fn emit(&mut self, report: &impl Report) -> Result<()> {
        let record_date = crate::query::record_date(self.conn())?;
        crate::render::emit(report, self.out, self.with_sources, record_date.as_deref())
    }
}
