//! The mscdb record core: the closed vocabularies, the table declarations,
//! partial dates, names, status derivation, and the store that parses,
//! validates and loads `data/` into SQLite. No command-line code lives here:
//! the binary uses this crate as a dependency, and its build script uses it
//! to embed the validated record.

pub mod date;
pub mod error;
pub mod model;
pub mod names;
pub mod spec;
pub mod status;
pub mod store;

pub use error::{Error, Input, Lookup, Problem, Result};
pub use store::Store;
