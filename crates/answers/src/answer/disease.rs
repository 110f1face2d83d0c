//! What disease a question is about: an indication of the record, a lay name
//! ("heart attack", "MS"), an ICD-10-CM title or inclusion term, or a code —
//! and which of the record's indications are the same, narrower or broader.

use super::Context;
use serde::Serialize;

use crate::error::{Error, Input, Lookup, Result};
use crate::query;
use crate::resolve::{self, NameKind};

/// A disease as asked, with the record's indications sorted by how they relate.
#[derive(Debug, Clone, Serialize)]
pub struct Disease {
    /// What the question names, as the record writes it.
    pub label: String,
    /// Its ICD-10-CM codes; a code covers the codes under it.
    pub codes: Vec<String>,
    /// Indications that are this disease.
    pub exact: Vec<String>,
    /// Indications within it (a complication, a subtype): approvals for
    /// them answer a narrower question and are shown as such.
    pub narrower: Vec<String>,
    /// Indications that contain it: their approvals apply, with a caveat.
    pub broader: Vec<String>,
}

impl Disease {
    /// The indications whose approvals answer the question.
    pub fn in_scope(&self) -> Vec<String> {
        self.exact.iter().chain(&self.broader).cloned().collect()
    }

    /// Whether an ICD-10-CM code is this disease or within it (what an
    /// action's conditions must be to be about the disease asked).
    pub fn covers_code(&self, code: &str) -> bool {
        self.codes.iter().any(|c| c == code || covers(c, code))
    }
}

/// ICD-10-CM codes without their dot compare by prefix: `K50` covers `K50.913`.
pub(crate) fn covers(broad: &str, narrow: &str) -> bool {
    let (b, n) = (broad.replace('.', ""), narrow.replace('.', ""));
    n.len() > b.len() && n.starts_with(&b)
}

/// Resolves disease text; text that names nothing is an error with
/// suggestions drawn from every indication and disease name.
pub fn resolve(cx: &Context, text: &str) -> Result<Disease> {
    let conn = cx.conn;
    if text.trim().is_empty() {
        return Err(Error::invalid(Input::Name, "empty indication name"));
    }
    let indications = query::indication_codes(conn)?;
    let exact = resolve::lookup(conn, NameKind::Indication, text)?;
    let (label, codes) = if exact.is_empty() {
        let codes = resolve::lookup(conn, NameKind::Disease, text)?;
        if codes.is_empty() {
            let mut suggestions = resolve::suggest(conn, NameKind::Indication, text)?;
            for s in resolve::suggest(conn, NameKind::Disease, text)? {
                if suggestions.len() < 3 && !suggestions.contains(&s) {
                    suggestions.push(s);
                }
            }
            return Err(Error::unknown(Lookup::IndicationOrDisease, text, suggestions));
        }
        // A code typed as such reads better as its title.
        let label = match codes.as_slice() {
            [code] if resolve::normalize(code) == resolve::normalize(text) => query::icd_title(conn, code)?,
            _ => None,
        };
        (label.unwrap_or_else(|| text.trim().to_string()), codes)
    } else {
        let label = exact
            .iter()
            .map(|id| query::indication_name(conn, id))
            .collect::<Result<Vec<_>>>()?
            .join(" / ");
        let codes: Vec<String> = indications
            .iter()
            .filter(|(id, _)| exact.contains(id))
            .flat_map(|(_, codes)| codes.clone())
            .collect();
        (label, codes)
    };
    let mut disease = Disease {
        label,
        codes,
        exact,
        narrower: Vec::new(),
        broader: Vec::new(),
    };
    for (id, ind_codes) in &indications {
        if disease.exact.contains(id) {
            continue;
        }
        let asked = &disease.codes;
        if ind_codes.iter().any(|c| asked.contains(c)) {
            disease.exact.push(id.clone());
        } else if ind_codes.iter().any(|c| asked.iter().any(|a| covers(a, c))) {
            disease.narrower.push(id.clone());
        } else if ind_codes.iter().any(|c| asked.iter().any(|a| covers(c, a))) {
            disease.broader.push(id.clone());
        }
    }
    Ok(disease)
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn a_code_covers_the_codes_under_it() {
        assert!(covers("K50", "K50.913"));
        assert!(covers("K50.9", "K50.913"));
        assert!(!covers("K50.913", "K50"));
        assert!(!covers("K50", "K50"));
        assert!(!covers("I21", "I25.5"));
    }
}
