//! Text held by number: a list answer as large as the record (every grant
//! in force, every row of the worklist) keeps its strings here, each once,
//! and its rows as small numbers into it. A `String` per field of 224,443
//! grants was 107 MB at 10^6 decisions; the same text here is a few MB.

use std::collections::HashMap;

/// Text appended to one buffer; a number names each piece.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pool {
    text: String,
    /// Where each piece ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// Pieces of a small vocabulary (places, kinds, dates), kept once each.
    known: HashMap<String, u32>,
}

impl Pool {
    /// A piece of its own (a product's id, a decision's id: seldom repeated).
    pub(crate) fn push(&mut self, piece: &str) -> u32 {
        self.text.push_str(piece);
        self.ends.push(self.text.len());
        u32::try_from(self.ends.len() - 1).expect("fewer than 2^32 pieces")
    }

    /// A piece that recurs: the number it already has, or a new one.
    pub(crate) fn intern(&mut self, piece: &str) -> u32 {
        if let Some(&n) = self.known.get(piece) {
            return n;
        }
        let n = self.push(piece);
        self.known.insert(piece.to_string(), n);
        n
    }

    pub(crate) fn get(&self, n: u32) -> &str {
        let n = n as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] };
        &self.text[start..self.ends[n]]
    }
}

#[cfg(test)]
mod tests {
    use super::Pool;

    #[test]
    fn a_piece_reads_back_as_it_was_put_in() {
        let mut pool = Pool::default();
        let a = pool.push("ryoncil");
        let empty = pool.push("");
        let us = pool.intern("US");
        let again = pool.intern("US");
        let b = pool.push("US");
        assert_eq!(us, again);
        assert_ne!(us, b);
        assert_eq!(
            [pool.get(a), pool.get(empty), pool.get(us), pool.get(b)],
            ["ryoncil", "", "US", "US"]
        );
    }
}
