//! `validate`: loading already validates, so an answer means the data is
//! sound; it says how much was loaded.

use super::Context;

use crate::error::Result;
use crate::query::validate::{TableCount, table_counts};

/// Every table with its row count, in spec order.
#[derive(Debug, Clone)]
pub struct ValidateAnswer {
    pub tables: Vec<TableCount>,
}

pub fn validate(cx: &Context) -> Result<ValidateAnswer> {
    let conn = cx.conn;
    Ok(ValidateAnswer {
        tables: table_counts(conn)?,
    })
}
