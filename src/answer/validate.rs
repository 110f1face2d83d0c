//! `validate`: loading already validates, so an answer means the data is
//! sound; it says how much was loaded.

use rusqlite::Connection;

use crate::error::Result;
use crate::query::validate::{TableCount, table_counts};

/// Every table with its row count, in spec order.
#[derive(Debug, Clone)]
pub struct ValidateAnswer {
    pub tables: Vec<TableCount>,
}

pub fn validate(conn: &Connection) -> Result<ValidateAnswer> {
    Ok(ValidateAnswer {
        tables: table_counts(conn)?,
    })
}
