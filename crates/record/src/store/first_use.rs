//! The first of many names to have each key (its normalised form, its
//! look-alike form): the owner a later name with that key is measured
//! against.

use hashbrown::HashTable;

use super::parse::RawTable;

/// The columns of `products` that name a product, in the order they are checked.
pub const PRODUCT_NAME_COLUMNS: [&str; 3] = ["id", "name", "nonproprietary_name"];

/// Every name of every product, each at a position: a product row's three
/// name columns, then the aliases, in file order.
#[derive(Clone, Copy)]
pub struct ProductNames<'a> {
    pub products: &'a RawTable,
    pub aliases: Option<&'a RawTable>,
}

impl<'a> ProductNames<'a> {
    pub fn len(&self) -> usize {
        3 * self.products.rows.len() + self.aliases.map_or(0, |a| a.rows.len())
    }

    pub fn product_at(row: usize, column: usize) -> u32 {
        (3 * row + column) as u32
    }

    pub fn alias_at(&self, row: usize) -> u32 {
        (3 * self.products.rows.len() + row) as u32
    }

    /// The product id and the name at a position (empty when absent).
    pub fn at(&self, position: u32) -> (&'a str, &'a str) {
        let p = position as usize;
        let product_names = 3 * self.products.rows.len();
        if p < product_names {
            let (t, row) = (self.products.table, &self.products.rows[p / 3]);
            (
                row.get(t, "id").unwrap_or_default(),
                row.get(t, PRODUCT_NAME_COLUMNS[p % 3]).unwrap_or_default(),
            )
        } else if let Some(aliases) = self.aliases {
            let (t, row) = (aliases.table, &aliases.rows[p - product_names]);
            (
                row.get(t, "product_id").unwrap_or_default(),
                row.get(t, "alias").unwrap_or_default(),
            )
        } else {
            ("", "")
        }
    }
}

/// Each key's first user, held as that name's position (4 bytes) and never
/// as the key: a record of a million product names keeps one small table.
/// A key is worked out again from a position (`key_of`) only to confirm a
/// match, so two keys that share a hash are still told apart.
pub struct FirstUse<F: Fn(u32) -> String> {
    table: HashTable<u32>,
    key_of: F,
    hasher: foldhash::fast::FixedState,
}

impl<F: Fn(u32) -> String> FirstUse<F> {
    /// Room for `names` keys, so that the table is never rebuilt.
    pub fn with_capacity(names: usize, key_of: F) -> FirstUse<F> {
        FirstUse {
            table: HashTable::with_capacity(names),
            key_of,
            hasher: foldhash::fast::FixedState::with_seed(0x6669_7273),
        }
    }

    fn hash(&self, key: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.hasher, key)
    }

    /// The position that first had `key`; or, when none did, `at` is
    /// recorded as its first use.
    pub fn first_or_insert(&mut self, key: &str, at: u32) -> Option<u32> {
        let hash = self.hash(key);
        let key_of = &self.key_of;
        if let Some(&first) = self.table.find(hash, |&p| key_of(p) == key) {
            return Some(first);
        }
        let hasher = &self.hasher;
        self.table.insert_unique(hash, at, |&p| {
            std::hash::BuildHasher::hash_one(hasher, key_of(p).as_str())
        });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::FirstUse;

    #[test]
    fn a_key_belongs_to_its_first_user() {
        let names = ["Alpha", "beta", "ALPHA", "Gamma", "BETA"];
        let mut first = FirstUse::with_capacity(1, |p| names[p as usize].to_lowercase());
        let seen: Vec<Option<u32>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| first.first_or_insert(&n.to_lowercase(), i as u32))
            .collect();
        assert_eq!(seen, [None, None, Some(0), None, Some(1)]);
    }
}
