//! `build`: write the record to an `SQLite` file, and say what was written.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::query::validate::{TableCount, product_count, table_counts};
use crate::store::Store;

/// Where to write.
#[derive(Debug, Clone)]
pub struct BuildQuery {
    pub output: PathBuf,
}

/// What `build` wrote. As JSON (see `render/build.rs`) it is one object:
///
/// - `wrote`: the path written, as given;
/// - `bytes`: the size of the file written;
/// - `products`: how many products the file holds;
/// - `tables`: every table with its row count, `[{"table": "products", "rows": 34}, …]`,
///   in the same shape as `validate --format json`.
///
/// CSV has one row per table: `wrote,bytes,table,rows`.
#[derive(Debug, Clone)]
pub struct BuildAnswer {
    pub wrote: PathBuf,
    pub bytes: u64,
    pub products: i64,
    pub tables: Vec<TableCount>,
}

/// Writes the record atomically (see [`Store::write_to`]); a directory is
/// refused before anything is written.
pub fn build(store: &Store, query: &BuildQuery) -> Result<BuildAnswer> {
    let target = &query.output;
    if target.is_dir() {
        return Err(Error::usage(format!("{}: is a directory", target.display())));
    }
    store.write_to(target)?;
    let bytes = std::fs::metadata(target)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", target.display())))?
        .len();
    Ok(BuildAnswer {
        wrote: target.clone(),
        bytes,
        products: product_count(store.conn())?,
        tables: table_counts(store.conn())?,
    })
}
