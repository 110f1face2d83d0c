//! Turning what people type into ids: product names and aliases, countries,
//! regulators, indications. Exact after normalisation; never a silent fuzzy
//! match — near misses only become "did you mean" suggestions.

use rusqlite::{Connection, params};

use crate::error::{Error, Result, printable};

/// Lowercase letters and digits only: ignores case, spacing, punctuation and ®/™.
pub fn normalize(text: &str) -> String {
    text.chars()
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
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Product => "product",
            NameKind::Jurisdiction => "jurisdiction",
            NameKind::Regulator => "regulator",
            NameKind::Indication => "indication",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            NameKind::Product => "product",
            NameKind::Jurisdiction => "country or region",
            NameKind::Regulator => "regulator",
            NameKind::Indication => "indication",
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

/// Up to three names close to `text`, best first, as people write them.
pub fn suggest(conn: &Connection, kind: NameKind, text: &str) -> Result<Vec<String>> {
    let norm = normalize(text);
    let mut stmt = conn.prepare_cached("SELECT norm, label, target FROM names WHERE kind = ?1")?;
    let names: Vec<(String, String, String)> = stmt
        .query_map(params![kind.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
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

/// Resolves a name that must exist (a country, regulator or indication given
/// as a filter): unknown names are an error with suggestions.
pub fn require(conn: &Connection, kind: NameKind, text: &str) -> Result<Vec<String>> {
    if text.trim().is_empty() {
        return Err(Error::usage(format!("empty {} name", kind.noun())));
    }
    let ids = lookup(conn, kind, text)?;
    if !ids.is_empty() {
        return Ok(ids);
    }
    let suggestions = suggest(conn, kind, text)?;
    Err(Error::usage(format!(
        "unknown {}: '{}'{}",
        kind.noun(),
        printable(text, 80),
        did_you_mean(&suggestions)
    )))
}

/// "; did you mean 'a' or 'b'?", or nothing when there is no suggestion.
pub fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", quote_list(suggestions))
    }
}

/// `'a', 'b' or 'c'`.
pub fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_spacing_punctuation_and_marks() {
        assert_eq!(normalize("Remestemcel L"), normalize("remestemcel-L"));
        assert_eq!(normalize("Hearticellgram®-AMI"), "hearticellgramami");
        assert_eq!(normalize(" NeuroNATA-R™ "), "neuronatar");
        assert_eq!(normalize("큐피스템"), "큐피스템");
        assert_eq!(normalize("%_'\""), "");
    }

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
        assert_eq!(
            quote_list(&["a".into(), "b".into(), "c".into()]),
            "'a', 'b' or 'c'"
        );
    }
}
