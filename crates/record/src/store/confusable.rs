//! Look-alike names: two products whose names differ only in characters
//! that look the same (Cyrillic `А` beside Latin `A`, `1` beside `l`) would
//! pass as different products, and a reader could not tell which is which.
//!
//! Uses the `unicode-security` crate (UTS #39): its `skeleton` maps every
//! confusable character to one prototype, and its mixed-script test finds a
//! word that mixes scripts (`Аlphacel` with a Cyrillic `А`).

use std::collections::HashMap;

use unicode_security::{MixedScript, skeleton};

use crate::error::Problem;
use crate::names::normalize;

use super::parse::{RawRow, RawTable};

/// The form two names share when they look alike: the UTS #39 skeleton of
/// the normalised name (case, width and punctuation already folded).
pub fn look_alike_key(name: &str) -> String {
    normalize(&skeleton(&normalize(name)).collect::<String>())
}

/// Problems with the ids, names and aliases of products: a word that mixes
/// scripts, or a name that looks like a different name of another product.
/// Names that are equal once normalised are `check_names`'s business.
pub fn check<'a>(tables: &'a [RawTable]) -> Vec<Problem> {
    let find = |name: &str| tables.iter().find(|t| t.table.name == name);
    let mut problems = Vec::new();
    let problem = |raw: &RawTable, row: &RawRow, column: &str, message: String, value: &str| Problem {
        file: raw.table.file(),
        line: Some(row.line),
        column: Some(column.to_string()),
        message,
        value: Some(value.to_string()),
    };
    // Look-alike key -> (product id, name as written), the key held as its
    // 64-bit hash: a record of millions of names keeps one compact map. A
    // shared hash is confirmed on the keys themselves (worked out again for
    // the earlier name), and keys whose hashes collide go in `collided`.
    let hasher = foldhash::fast::FixedState::with_seed(0x6c6f_6f6b);
    let hash = |key: &str| std::hash::BuildHasher::hash_one(&hasher, key);
    let names =
        find("products").map_or(0, |t| 3 * t.rows.len()) + find("aliases").map_or(0, |t| t.rows.len());
    let mut owner: HashMap<u64, (&str, &str)> = HashMap::with_capacity(names);
    let mut collided: HashMap<String, (&str, &str)> = HashMap::new();
    let mut check = |raw: &RawTable, row: &RawRow, column: &'static str, id: &'a str, name: &'a str| {
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
        let key = look_alike_key(name);
        let earlier = match owner.get(&hash(&key)) {
            None => {
                owner.insert(hash(&key), (id, name));
                return;
            }
            Some(&(other, other_name)) if look_alike_key(other_name) == key => Some((other, other_name)),
            Some(_) => match collided.get(&key) {
                Some(&earlier) => Some(earlier),
                None => {
                    collided.insert(key, (id, name));
                    None
                }
            },
        };
        if let Some((other, other_name)) = earlier
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
    if let Some(products) = find("products") {
        let t = products.table;
        for row in &products.rows {
            let id = row.get(t, "id").unwrap_or_default();
            for column in ["id", "name", "nonproprietary_name"] {
                if let Some(name) = row.get(t, column) {
                    check(products, row, column, id, name);
                }
            }
        }
    }
    if let Some(aliases) = find("aliases") {
        let t = aliases.table;
        for row in &aliases.rows {
            if let (Some(id), Some(alias)) = (row.get(t, "product_id"), row.get(t, "alias")) {
                check(aliases, row, "alias", id, alias);
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
