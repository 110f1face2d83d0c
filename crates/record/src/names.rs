//! Names people type, and the ids they stand for. The loader writes every
//! name into the `names` table in normalised form; lookups normalise the
//! text asked the same way, so both sides share this one module.

use rusqlite::{Connection, params};
use unicode_normalization::UnicodeNormalization;

use crate::error::Result;

/// Compatibility-folded (NFKC) lowercase letters and digits only: ignores
/// case, width (`ＣＵＰＩＳＴＥＭ`), decomposed Hangul, spacing, punctuation and ®/™.
pub fn normalize(text: &str) -> String {
    // Symbols go before folding, or NFKC would turn ™ into the letters "TM".
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a name can stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Product,
    Jurisdiction,
    Regulator,
    Indication,
    /// An ICD-10-CM code, by its code, title, inclusion terms or lay names.
    Disease,
    /// A seller acted against (`sellers.csv`), by its name, id or aliases.
    Seller,
    /// A credential clinics show (`credentials.csv`), by its phrase or variants.
    Credential,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Product => "product",
            NameKind::Jurisdiction => "jurisdiction",
            NameKind::Regulator => "regulator",
            NameKind::Indication => "indication",
            NameKind::Disease => "disease",
            NameKind::Seller => "seller",
            NameKind::Credential => "credential",
        }
    }

    /// The noun used in messages.
    pub fn noun(self) -> &'static str {
        match self {
            NameKind::Product => "product",
            NameKind::Jurisdiction => "country or region",
            NameKind::Regulator => "regulator",
            NameKind::Indication => "indication",
            NameKind::Disease => "disease",
            NameKind::Seller => "seller",
            NameKind::Credential => "credential",
        }
    }
}

/// Ids that `text` names exactly (after normalisation), sorted.
pub fn lookup(conn: &Connection, kind: NameKind, text: &str) -> Result<Vec<String>> {
    let norm = normalize(text);
    if norm.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare_cached("SELECT DISTINCT target FROM names WHERE kind = ?1 AND norm = ?2 ORDER BY target")?;
    let ids = stmt
        .query_map(params![kind.as_str(), norm], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Hands `each` the names of a kind that could be close to `norm`, as
/// (normalised, label, target), for suggestions: a similar length (a
/// Jaro-Winkler score of 0.8 needs the shorter at least a third of the
/// longer) or starting with it. None is held: at 10^6 decisions a product
/// name typed wrong meets 600,000 names, 60–110 MB collected. `keep` sees
/// the normalised name first; only a name it keeps has its label and target
/// read, for `each`.
pub fn each_candidate<K>(
    conn: &Connection,
    kind: NameKind,
    norm: &str,
    mut keep: impl FnMut(&str) -> Option<K>,
    mut each: impl FnMut(K, &str, &str),
) -> Result<()> {
    let len = norm.chars().count() as i64;
    let mut stmt = conn.prepare_cached(
        "SELECT norm, label, target FROM names WHERE kind = ?1
         AND (length(norm) BETWEEN ?2 AND ?3 OR (?4 >= 4 AND substr(norm, 1, ?4) = ?5))",
    )?;
    let mut rows = stmt.query(params![kind.as_str(), len / 3, len * 3, len, norm])?;
    while let Some(row) = rows.next()? {
        let text = |i: usize| row.get_ref(i).and_then(|v| v.as_str().map_err(Into::into));
        if let Some(kept) = keep(text(0)?) {
            each(kept, text(1)?, text(2)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_spacing_punctuation_width_and_marks() {
        assert_eq!(normalize("Remestemcel L"), normalize("remestemcel-L"));
        assert_eq!(normalize("Hearticellgram®-AMI"), "hearticellgramami");
        assert_eq!(normalize(" NeuroNATA-R™ "), "neuronatar");
        assert_eq!(normalize("큐피스템"), "큐피스템");
        assert_eq!(normalize("ＣＵＰＩＳＴＥＭ"), "cupistem");
        // Hangul typed as conjoining jamo composes to the same syllables.
        assert_eq!(normalize("\u{1100}\u{1161}"), normalize("가"));
        assert_eq!(normalize("%_'\""), "");
    }
}
