//! `actions`: what authorities did against sellers of cell products, by
//! place, disease, seller and date; the rule for an unapproved offer in a
//! place on a date; the credentials clinics show.

use super::Context;

use serde::Serialize;

use crate::date::{Day, PartialDate};
use crate::error::{Error, Input, Lookup, Result};
use crate::model::OfferAllowed;
use crate::query::actions::{self as rows, Action, Credential, OfferRule, Seller};
use crate::query::{self, Source};
use crate::resolve::{self, NameKind};

use super::disease::{self, Disease};

/// The filters as typed.
#[derive(Debug, Clone, Default)]
pub struct ActionsFilters<'a> {
    pub country: Option<&'a str>,
    pub disease: Option<&'a str>,
    pub seller: Option<&'a str>,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
}

/// Filters, resolved. `None` means no filter.
#[derive(Debug, Clone, Default)]
pub struct ActionsQuery {
    /// The place asked, as a code.
    pub country: Option<String>,
    /// Jurisdictions whose actions count there (the place and its unions today).
    pub jurisdictions: Option<Vec<String>>,
    pub disease: Option<Disease>,
    /// A seller id.
    pub seller: Option<String>,
    /// The first and last day of the window (inclusive).
    pub since: Option<Day>,
    pub until: Option<Day>,
}

impl ActionsQuery {
    /// Resolves the names typed; an unknown place, disease or seller is an
    /// error with suggestions, never a silent match.
    pub fn resolve(cx: &Context, f: &ActionsFilters) -> Result<ActionsQuery> {
        let conn = cx.conn;
        let country = match f.country {
            Some(text) => Some(resolve::require(conn, NameKind::Jurisdiction, text)?.remove(0)),
            None => None,
        };
        let jurisdictions = match &country {
            Some(code) => Some(query::applicable_jurisdictions(conn, code, cx.today)?),
            None => None,
        };
        let disease = f.disease.map(|t| disease::resolve(cx, t)).transpose()?;
        let seller = match f.seller {
            Some(name) => Some(require_seller(cx, name)?.id),
            None => None,
        };
        let day = |text: Option<&str>, what: Input, last: bool| -> Result<Option<Day>> {
            let Some(text) = text else { return Ok(None) };
            let date = PartialDate::parse(text.trim()).map_err(|e| {
                Error::invalid(what, format!("{e} ('{}')", crate::error::printable(text, 40)))
            })?;
            Ok(Some(if last { date.last_day() } else { date.first_day() }))
        };
        let since = day(f.since, Input::Since, false)?;
        let until = day(f.until, Input::Until, true)?;
        if let (Some(s), Some(u)) = (since, until)
            && u < s
        {
            return Err(Error::invalid(
                Input::Until,
                format!("{u} is before the --since date {s}"),
            ));
        }
        Ok(ActionsQuery {
            country,
            jurisdictions,
            disease,
            seller,
            since,
            until,
        })
    }

    pub fn includes(&self, action: &Action) -> bool {
        self.jurisdictions
            .as_ref()
            .is_none_or(|j| j.contains(&action.jurisdiction))
            && self
                .disease
                .as_ref()
                .is_none_or(|d| action.conditions.iter().any(|c| d.covers_code(c)))
            && self
                .seller
                .as_ref()
                .is_none_or(|s| action.seller_id.as_ref() == Some(s))
            && action.within(self.since, self.until)
    }
}

/// The actions that match, oldest first, with the sources they cite.
#[derive(Debug, Clone)]
pub struct ActionsAnswer {
    pub actions: Vec<Action>,
    /// The sources the actions cite, each once, in order of citation.
    pub sources: Vec<Source>,
}

impl ActionsAnswer {
    /// The sources one action cites, in its order.
    pub fn sources_of(&self, action: &Action) -> Vec<&Source> {
        action
            .sources
            .iter()
            .filter_map(|id| self.sources.iter().find(|s| &s.id == id))
            .collect()
    }

    /// How many sellers the actions name.
    pub fn seller_count(&self) -> usize {
        let mut ids: Vec<&str> = self
            .actions
            .iter()
            .filter_map(|a| a.seller_id.as_deref())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// The latest dated action.
    pub fn latest(&self) -> Option<&Action> {
        self.actions
            .iter()
            .filter_map(|a| Some((a.when()?, a)))
            .max_by(|(x, a), (y, b)| x.chronological(*y).then_with(|| a.id.cmp(&b.id)))
            .map(|(_, a)| a)
    }
}

pub fn actions(cx: &Context, q: &ActionsQuery) -> Result<ActionsAnswer> {
    let conn = cx.conn;
    let codes = q.disease.as_ref().map(|d| d.codes.as_slice());
    let actions: Vec<Action> = rows::actions_narrowed(conn, q.jurisdictions.as_deref(), codes)?
        .into_iter()
        .filter(|a| q.includes(a))
        .collect();
    let cited: Vec<String> = actions.iter().flat_map(|a| a.sources.iter().cloned()).collect();
    Ok(ActionsAnswer {
        sources: query::sources(conn, &cited)?,
        actions,
    })
}

/// The seller a name stands for (its name, id or an alias, normalised);
/// `None` when the record knows no such seller.
pub fn find_seller(cx: &Context, name: &str) -> Result<Option<Seller>> {
    match resolve::lookup(cx.conn, NameKind::Seller, name)?.first() {
        Some(id) => rows::seller(cx.conn, id),
        None => Ok(None),
    }
}

/// A seller that must exist: an unknown name is an error with near misses.
pub fn require_seller(cx: &Context, name: &str) -> Result<Seller> {
    if name.trim().is_empty() {
        return Err(Error::invalid(Input::Name, "empty seller name"));
    }
    if let Some(seller) = find_seller(cx, name)? {
        return Ok(seller);
    }
    let suggestions = resolve::suggest(cx.conn, NameKind::Seller, name)?;
    Err(Error::unknown(Lookup::Name(NameKind::Seller), name, suggestions))
}

/// The rule for an unapproved offer in a place on a day.
#[derive(Debug, Clone, Serialize)]
pub struct OfferRuleAnswer {
    /// The place asked.
    pub place: String,
    /// Where the rule comes from: the place itself, or a union it belongs to
    /// (a member state without a rule of its own gets the EU's).
    pub jurisdiction: String,
    pub allowed: String,
    pub scheme: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub summary: String,
    pub rule_id: String,
    pub sources: Vec<Source>,
}

impl OfferRuleAnswer {
    pub fn allowed(&self) -> Option<OfferAllowed> {
        OfferAllowed::parse(&self.allowed)
    }
}

/// The offer rule in force in `place` on `as_of`: the place's own rule,
/// else that of the first union it belongs to that day that has one.
/// `None` when the record has no rule for it on that day.
pub fn offer_rule(cx: &Context, place: &str, as_of: Day) -> Result<Option<OfferRuleAnswer>> {
    let conn = cx.conn;
    for code in query::applicable_jurisdictions(conn, place, as_of)? {
        if let Some(rule) = rows::offer_rules_of(conn, &code)?
            .into_iter()
            .find(|r| r.applies_on(as_of))
        {
            return Ok(Some(rule_answer(cx, place, rule)?));
        }
    }
    Ok(None)
}

fn rule_answer(cx: &Context, place: &str, rule: OfferRule) -> Result<OfferRuleAnswer> {
    Ok(OfferRuleAnswer {
        place: place.to_string(),
        sources: query::sources(cx.conn, &rule.sources)?,
        jurisdiction: rule.jurisdiction,
        allowed: rule.allowed,
        scheme: rule.scheme,
        from: rule.from,
        until: rule.until,
        summary: rule.summary,
        rule_id: rule.id,
    })
}

/// Every offer rule of every place, over time (for `frameworks`).
pub fn offer_rules(cx: &Context, place: Option<&str>) -> Result<Vec<OfferRule>> {
    let conn = cx.conn;
    let places = match place {
        Some(code) => query::applicable_jurisdictions(conn, code, cx.today)?,
        None => rows::offer_rule_places(conn)?,
    };
    let mut out = Vec::new();
    for code in places {
        out.extend(rows::offer_rules_of(conn, &code)?);
    }
    Ok(out)
}

/// The credentials asked: all, those of a place (and its unions, and those
/// that mean the same everywhere), and those a phrase names.
#[derive(Debug, Clone)]
pub struct CredentialsAnswer {
    /// The phrase typed, when one was.
    pub phrase: Option<String>,
    pub credentials: Vec<Credential>,
    /// For a phrase that matched nothing: near forms.
    pub suggestions: Vec<String>,
    pub sources: Vec<Source>,
}

/// The credentials a text names: exactly (its phrase, a variant or its id,
/// normalised), else every one whose phrase or a variant the text contains
/// ("our lab is FDA-registered" names FDA-registered). Longest match first.
pub fn match_credentials(cx: &Context, text: &str) -> Result<Vec<String>> {
    let conn = cx.conn;
    let exact = resolve::lookup(conn, NameKind::Credential, text)?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let norm = resolve::normalize(text);
    if norm.is_empty() {
        return Ok(Vec::new());
    }
    let mut found: Vec<(usize, String)> = Vec::new();
    for c in rows::credentials(conn)? {
        let best = std::iter::once(&c.phrase)
            .chain(&c.variants)
            .map(|n| resolve::normalize(n))
            .filter(|n| n.chars().count() >= 3 && norm.contains(n.as_str()))
            .map(|n| n.len())
            .max();
        if let Some(len) = best {
            found.push((len, c.id));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(found.into_iter().map(|(_, id)| id).collect())
}

pub fn credentials(cx: &Context, place: Option<&str>, phrase: Option<&str>) -> Result<CredentialsAnswer> {
    let conn = cx.conn;
    let places = match place {
        Some(text) => {
            let code = resolve::require(conn, NameKind::Jurisdiction, text)?.remove(0);
            Some(query::applicable_jurisdictions(conn, &code, cx.today)?)
        }
        None => None,
    };
    let mut all = rows::credentials(conn)?;
    all.retain(|c| {
        places
            .as_ref()
            .is_none_or(|p| c.jurisdiction.as_ref().is_none_or(|j| p.contains(j)))
    });
    let mut suggestions = Vec::new();
    if let Some(text) = phrase {
        if text.trim().is_empty() {
            return Err(Error::invalid(Input::Name, "empty credential phrase"));
        }
        let ids = match_credentials(cx, text)?;
        all = ids
            .iter()
            .filter_map(|id| all.iter().find(|c| &c.id == id).cloned())
            .collect();
        if all.is_empty() {
            suggestions = resolve::suggest(conn, NameKind::Credential, text)?;
        }
    }
    let cited: Vec<String> = all.iter().flat_map(|c| c.sources.iter().cloned()).collect();
    Ok(CredentialsAnswer {
        phrase: phrase.map(str::to_string),
        sources: query::sources(conn, &cited)?,
        credentials: all,
        suggestions,
    })
}
