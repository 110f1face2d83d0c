//! Look-alike names: two products whose names differ only in characters
//! that look the same (Cyrillic `А` beside Latin `A`, `1` beside `l`) would
//! pass as different products, and a reader could not tell which is which.
//!
//! Uses the `unicode-security` crate (UTS #39): its `skeleton` maps every
//! confusable character to one prototype, and its mixed-script test finds a
//! word that mixes scripts (`Аlphacel` with a Cyrillic `А`).

use unicode_security::{MixedScript, skeleton};

use crate::error::Problem;
use crate::names::normalize;

use super::first_use::{FirstUse, PRODUCT_NAME_COLUMNS, ProductNames};
use super::parse::{RawRow, RawTable};

/// The form two names share when they look alike: the UTS #39 skeleton of
/// the normalised name (case, width and punctuation already folded).
pub fn look_alike_key(name: &str) -> String {
    normalize(&skeleton(&normalize(name)).collect::<String>())
}

/// Problems with the ids, names and aliases of products: a word that mixes
/// scripts, or a name that looks like a different name of another product.
/// Names that are equal once normalised are `check_names`'s business.
pub fn check(tables: &[RawTable]) -> Vec<Problem> {
    let find = |name: &str| tables.iter().find(|t| t.table.name == name);
    let mut problems = Vec::new();
    let problem = |raw: &RawTable, row: &RawRow, column: &str, message: String, value: &str| Problem {
        file: raw.table.file(),
        line: Some(row.line),
        column: Some(column.to_string()),
        message,
        value: Some(value.to_string()),
    };
    let Some(products) = find("products") else {
        return problems;
    };
    let aliases = find("aliases");
    // Each look-alike key's first name, held as its position among the
    // product names (see `FirstUse`).
    let names = ProductNames { products, aliases };
    let mut owner = FirstUse::with_capacity(names.len(), |p| look_alike_key(names.at(p).1));
    let mut check = |raw: &RawTable, row: &RawRow, column: &'static str, id: &str, name: &str, at: u32| {
        if let Some(word) = name
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_single_script())
        {
            problems.push(problem(
                raw,
                row,
                column,
                format!("'{word}' mixes scripts (letters of one script that look like another's)"),
                name,
            ));
            return;
        }
        let norm = normalize(name);
        if norm.is_empty() {
            return;
        }
        if let Some(first) = owner.first_or_insert(&look_alike_key(name), at)
            && let (other, other_name) = names.at(first)
            && other != id
            && normalize(other_name) != norm
        {
            problems.push(problem(
                raw,
                row,
                column,
                format!(
                    "looks like '{}' of product {other} (confusable characters)",
                    crate::error::printable(other_name, 60)
                ),
                name,
            ));
        }
    };
    let t = products.table;
    for (r, row) in products.rows.iter().enumerate() {
        let id = row.get(t, "id").unwrap_or_default();
        for (c, column) in PRODUCT_NAME_COLUMNS.into_iter().enumerate() {
            if let Some(name) = row.get(t, column) {
                check(products, row, column, id, name, ProductNames::product_at(r, c));
            }
        }
    }
    if let Some(aliases) = aliases {
        let t = aliases.table;
        for (r, row) in aliases.rows.iter().enumerate() {
            if let (Some(id), Some(alias)) = (row.get(t, "product_id"), row.get(t, "alias")) {
                check(aliases, row, "alias", id, alias, names.alias_at(r));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::look_alike_key;

    #[test]
    fn look_alikes_share_a_key() {
        assert_eq!(look_alike_key("\u{410}lphacel"), look_alike_key("Alphacel"));
        assert_eq!(look_alike_key("Ρrοchymal"), look_alike_key("Prochymal"));
        assert_ne!(look_alike_key("Alphacel"), look_alike_key("Betastem"));
    }
}
