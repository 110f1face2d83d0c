//! Turning what people type into ids: product names and aliases, countries,
//! regulators, indications. Exact after normalisation; never a silent fuzzy
//! match — near misses only become "did you mean" suggestions.

use rusqlite::Connection;

use crate::error::{Error, Input, Lookup, Result};

pub use mscdb_record::names::{NameKind, lookup, normalize};

/// Up to three names close to `text`, best first, as people write them.
pub fn suggest(conn: &Connection, kind: NameKind, text: &str) -> Result<Vec<String>> {
    let norm = normalize(text);
    // Past a line's length nothing typed is a near miss of a name.
    if norm.chars().count() > 80 {
        return Ok(Vec::new());
    }
    let names = mscdb_record::names::candidates(conn, kind, &norm)?;
    Ok(rank_suggestions(&norm, &names))
}

/// Pure ranking behind `suggest`: similarity of normalised forms, one
/// suggestion per target, best label first.
pub fn rank_suggestions(norm: &str, names: &[(String, String, String)]) -> Vec<String> {
    if norm.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str, &str)> = names
        .iter()
        .map(|(n, label, target)| {
            let mut score = strsim::jaro_winkler(norm, n);
            // A typed prefix of a long name ("neuro" for "neuronatar") is a good hint too.
            if norm.len() >= 4 && n.starts_with(norm) {
                score = score.max(0.9);
            }
            (score, label.as_str(), target.as_str())
        })
        .filter(|(score, _, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    let mut targets: Vec<&str> = Vec::new();
    for (_, label, target) in scored {
        if !targets.contains(&target) {
            targets.push(target);
            out.push(label.to_string());
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// Regulators as typed: an id, name or alias, or a country (the regulators
/// acting there, as `frameworks` takes them). Unknown text is an error.
pub fn require_regulators(conn: &Connection, text: &str) -> Result<Vec<String>> {
    let mut ids = lookup(conn, NameKind::Regulator, text)?;
    if ids.is_empty() {
        for code in lookup(conn, NameKind::Jurisdiction, text)? {
            ids.extend(crate::query::frameworks::regulators_in(conn, &code)?);
        }
    }
    if ids.is_empty() {
        return require(conn, NameKind::Regulator, text);
    }
    Ok(ids)
}

/// Resolves a name that must exist (a country, regulator or indication given
/// as a filter): unknown names are an error with suggestions.
pub fn require(conn: &Connection, kind: NameKind, text: &str) -> Result<Vec<String>> {
    if text.trim().is_empty() {
        return Err(Error::invalid(Input::Name, format!("empty {} name", kind.noun())));
    }
    let ids = lookup(conn, kind, text)?;
    if !ids.is_empty() {
        return Ok(ids);
    }
    let suggestions = suggest(conn, kind, text)?;
    Err(Error::unknown(Lookup::Name(kind), text, suggestions))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_not_matched() {
        let names = vec![
            (
                "ryoncil".to_string(),
                "Ryoncil".to_string(),
                "remestemcel-l".to_string(),
            ),
            (
                "prochymal".to_string(),
                "Prochymal".to_string(),
                "remestemcel-l".to_string(),
            ),
            (
                "cartistem".to_string(),
                "Cartistem".to_string(),
                "cartistem".to_string(),
            ),
        ];
        assert_eq!(rank_suggestions("ryoncill", &names), vec!["Ryoncil"]);
        assert!(rank_suggestions("zzzz", &names).is_empty());
    }
}
