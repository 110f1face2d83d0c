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
    rank(&norm, |keep, each| {
        mscdb_record::names::each_candidate(conn, kind, &norm, keep, each)
    })
}

/// The ranking behind `suggest`: `feed` hands each name to `keep`, which
/// scores it (`None`: not close enough, or sure not to change the answer),
/// and each name kept to `each` with its score, label and target.
fn rank(
    norm: &str,
    feed: impl FnOnce(&mut dyn FnMut(&str) -> Option<f64>, &mut dyn FnMut(f64, &str, &str)) -> Result<()>,
) -> Result<Vec<String>> {
    let typed = Typed::new(norm);
    // The score the next name must reach to change the answer, kept apart
    // from `best` so that both closures can see it.
    let floor = std::cell::Cell::new(THRESHOLD);
    let mut best = Best::new();
    feed(
        &mut |n: &str| {
            if typed.cannot_reach(n, floor.get()) {
                return None;
            }
            closeness(norm, n)
        },
        &mut |score, label, target| {
            best.offer(score, label, target);
            floor.set(best.floor());
        },
    )?;
    Ok(best.labels())
}

/// The least score suggested.
const THRESHOLD: f64 = 0.8;

/// What was typed, as the bound on a name's score needs it.
struct Typed<'a> {
    norm: &'a str,
    chars: usize,
    /// How often each ASCII character occurs (the names are mostly ASCII).
    ascii: Option<[u8; 128]>,
}

impl<'a> Typed<'a> {
    fn new(norm: &'a str) -> Self {
        let mut ascii = [0u8; 128];
        let counted = norm.bytes().all(|b| {
            let slot = ascii.get_mut(usize::from(b));
            slot.and_then(|c| c.checked_add(1).map(|n| *c = n)).is_some()
        });
        Typed {
            norm,
            chars: norm.chars().count(),
            ascii: counted.then_some(ascii),
        }
    }

    /// Whether `n` is sure to score below `floor`, so that scoring it can be
    /// skipped without changing the answer. Jaro's matches are at most the
    /// characters the two have in common (and the shorter's length), with
    /// no transpositions; Winkler's bonus grows with Jaro and the common
    /// prefix; a typed prefix scores 0.9. A small margin keeps rounding on
    /// the side of scoring.
    fn cannot_reach(&self, n: &str, floor: f64) -> bool {
        if self.norm.len() >= 4 && n.starts_with(self.norm) && floor <= 0.9 {
            return false;
        }
        let (a, b) = (self.chars, n.chars().count());
        if a == 0 || b == 0 {
            return true;
        }
        let prefix = self
            .norm
            .chars()
            .take(4)
            .zip(n.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let below = |common: usize| {
            let m = float(common);
            let jaro = if common == 0 {
                0.0
            } else {
                (m / float(a) + m / float(b) + 1.0) / 3.0
            };
            jaro + 0.1 * float(prefix) * (1.0 - jaro) + 1e-9 < floor
        };
        // The lengths alone first; the letters in common only when they
        // could still decide.
        if below(a.min(b)) {
            return true;
        }
        let Some(typed) = self.ascii.as_ref().filter(|_| n.is_ascii()) else {
            return false;
        };
        let mut left = *typed;
        let common = n
            .bytes()
            .filter(|&c| {
                let slot = &mut left[usize::from(c)];
                let had = *slot > 0;
                *slot = slot.saturating_sub(1);
                had
            })
            .count();
        below(common)
    }
}

/// A count as a float (names are far shorter than `u32::MAX` characters).
fn float(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// `suggest`'s ranking over names given as (normalised, label, target): one
/// suggestion per target, best label first.
pub fn rank_suggestions(norm: &str, names: &[(String, String, String)]) -> Vec<String> {
    let ranked = rank(norm, |keep, each| {
        for (n, label, target) in names {
            if let Some(score) = keep(n) {
                each(score, label, target);
            }
        }
        Ok(())
    });
    ranked.unwrap_or_default()
}

/// How close a name is to what was typed, if close enough to suggest.
fn closeness(norm: &str, n: &str) -> Option<f64> {
    if norm.is_empty() {
        return None;
    }
    let mut score = strsim::jaro_winkler(norm, n);
    // A typed prefix of a long name ("neuro" for "neuronatar") is a good hint too.
    if norm.len() >= 4 && n.starts_with(norm) {
        score = score.max(0.9);
    }
    (score >= THRESHOLD).then_some(score)
}

/// The three best targets offered so far, each by its best name: by score
/// (higher first), then label, then the name offered first. A target
/// pushed out never comes back with a name it had before, since the third
/// best only gets better; so three are all that is held.
struct Best {
    offered: usize,
    top: Vec<Suggestion>,
}

struct Suggestion {
    score: f64,
    label: String,
    target: String,
    offered: usize,
}

impl Suggestion {
    /// Ranks before a name of this score and label, offered at `offered`.
    fn before(&self, score: f64, label: &str, offered: usize) -> bool {
        score
            .total_cmp(&self.score)
            .then_with(|| self.label.as_str().cmp(label))
            .then(self.offered.cmp(&offered))
            .is_lt()
    }
}

impl Best {
    fn new() -> Self {
        Best {
            offered: 0,
            top: Vec::with_capacity(3),
        }
    }

    /// A name of `target` whose score [`closeness`] gave.
    fn offer(&mut self, score: f64, label: &str, target: &str) {
        let offered = self.offered;
        self.offered += 1;
        let new = || Suggestion {
            score,
            label: label.to_string(),
            target: target.to_string(),
            offered,
        };
        if let Some(known) = self.top.iter_mut().find(|s| s.target == target) {
            if !known.before(score, label, offered) {
                *known = new();
            }
        } else if self.top.len() < 3 {
            self.top.push(new());
        } else if let Some(worst) = self.top.iter_mut().reduce(|a, b| {
            if a.before(b.score, &b.label, b.offered) {
                b
            } else {
                a
            }
        }) && !worst.before(score, label, offered)
        {
            *worst = new();
        }
    }

    /// The score a name must reach to be held: the third's, once three are.
    fn floor(&self) -> f64 {
        if self.top.len() < 3 {
            return THRESHOLD;
        }
        self.top.iter().map(|s| s.score).fold(f64::INFINITY, f64::min)
    }

    fn labels(mut self) -> Vec<String> {
        self.top.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.label.cmp(&b.label))
                .then(a.offered.cmp(&b.offered))
        });
        self.top.into_iter().map(|s| s.label).collect()
    }
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

    /// The ranking as it was first written: every name scored, sorted, the
    /// first label of each target kept.
    fn every_name_sorted(norm: &str, names: &[(String, String, String)]) -> Vec<String> {
        let mut scored: Vec<(f64, &str, &str)> = names
            .iter()
            .map(|(n, label, target)| {
                let mut score = strsim::jaro_winkler(norm, n);
                if norm.len() >= 4 && n.starts_with(norm) {
                    score = score.max(0.9);
                }
                (score, label.as_str(), target.as_str())
            })
            .filter(|(score, _, _)| *score >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let mut out = Vec::new();
        let mut targets = Vec::new();
        for (_, label, target) in scored {
            if !targets.contains(&target) {
                targets.push(target);
                out.push(label.to_string());
            }
        }
        out.truncate(3);
        out
    }

    #[test]
    fn three_held_rank_as_every_name_sorted() {
        // Names that tie in score and label across targets, targets named
        // by many names, and better names of a target coming late.
        let parts = [
            "cel", "stem", "cyte", "gen", "ryon", "cil", "mal", "pro", "a", "x",
        ];
        let mut names = Vec::new();
        for (i, a) in parts.iter().enumerate() {
            for (j, b) in parts.iter().enumerate() {
                for (k, c) in parts.iter().enumerate() {
                    let norm = format!("{a}{b}{c}");
                    let label = if k % 3 == 0 {
                        norm.to_uppercase()
                    } else {
                        format!("{a}-{b}")
                    };
                    let target = format!("t{}", (i * 7 + j * 3 + k) % 13);
                    names.push((norm, label, target));
                }
            }
        }
        for typed in [
            "ryoncil", "stemcel", "procyte", "celcel", "genx", "mal", "cytegen", "zzzz", "",
        ] {
            let expected = every_name_sorted(typed, &names);
            assert_eq!(rank_suggestions(typed, &names), expected, "typed {typed:?}");
            let mut reversed = names.clone();
            reversed.reverse();
            assert_eq!(
                rank_suggestions(typed, &reversed),
                every_name_sorted(typed, &reversed),
                "typed {typed:?}, names reversed"
            );
        }
    }

    #[test]
    fn a_name_skipped_could_not_have_reached_the_floor() {
        // Pairs of every kind: equal, prefixes, anagrams, repeats, shared
        // letters far apart, non-ASCII, and one empty side.
        let words = [
            "ryoncil",
            "ryoncill",
            "licnoyr",
            "prochymal",
            "cartistem",
            "cartistemcartistem",
            "aaaa",
            "aaab",
            "abab",
            "neuro",
            "neuronatar",
            "큐피스템",
            "큐피",
            "cupistem",
            "temcel",
            "x",
            "xyzzy",
            "genocel",
            "genocel0",
            "genocel10",
            "genocelprime7",
            "gx7",
            "",
        ];
        let mut skipped = 0;
        for typed in words {
            let bound = Typed::new(typed);
            for n in words {
                let Some(score) = closeness(typed, n) else {
                    continue;
                };
                // Fixed floors, and the name's own score and the floats
                // either side of it, where a tie would be lost.
                let ties = [
                    f64::from_bits(score.to_bits() - 1),
                    score,
                    f64::from_bits(score.to_bits() + 1),
                ];
                for floor in [THRESHOLD, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99, 1.0]
                    .into_iter()
                    .chain(ties)
                {
                    if bound.cannot_reach(n, floor) {
                        skipped += 1;
                        assert!(
                            score < floor,
                            "{typed:?} ~ {n:?} scored {score} >= {floor}, but was skipped"
                        );
                    }
                }
            }
        }
        // The bound does skip names (a bound that never skips would pass the loop above).
        assert!(skipped > 10, "{skipped}");
        assert!(Typed::new("genocel").cannot_reach("genocel10", 0.975));
        assert!(Typed::new("xyzzy").cannot_reach("ryoncil", THRESHOLD));
    }
}
