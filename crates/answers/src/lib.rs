//! The mscdb engine: typed requests in, typed answers out, over the record.
//!
//! Every front end (the CLI, the static site, datasette's canned queries)
//! asks its questions here, so they cannot disagree. The engine knows no
//! front end: no argument parser, no prose, no environment, no clock —
//! "today" comes in through [`Context`], read once by the caller.

pub mod answer;
pub mod assess;
pub mod query;
pub mod resolve;
pub mod verdict;

pub use mscdb_record::{date, error, model, names, spec, status, store};

pub use answer::Context;
