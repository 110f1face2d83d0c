//! The English the answers are told in: places with their article, lists,
//! product labels and dates. Tables, JSON `headline`/`answer` fields and the
//! site all take their sentences from here.

use crate::answer::check::{Caveat, CheckAnswer, Elsewhere, Uncertainty};
use crate::answer::indications::Approved;
use crate::answer::products::Grant;
use crate::answer::standing::{Standing, StandingStatus};
use crate::date::Day;
use crate::model::AliasKind;
use crate::query::{Decision, Product, Since};
use crate::verdict::Verdict;

/// "the United States", "South Korea": the article comes from the place
/// data (`jurisdictions.csv`, column `article`).
pub fn with_article(name: &str, article: &str) -> String {
    if article.is_empty() {
        name.to_string()
    } else {
        format!("{article} {name}")
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
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

/// "; did you mean 'a' or 'b'?", or nothing when there is no suggestion.
pub fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", quote_list(suggestions))
    }
}

/// "1 row", "2 rows".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The last line of `assess`: "1 caution, 0 red flags. …" (a red flag is
/// a STOP or RED FLAG; a caution asks for more and is not one).
pub fn assess_summary(red_flags: usize, cautions: usize) -> String {
    let counts = format!("{}, {}", count(cautions, "caution"), count(red_flags, "red flag"));
    if red_flags == 0 {
        format!("{counts}. No red flag from what you reported. This is not medical advice; ask your doctor.")
    } else {
        format!("{counts}. This is not medical advice; ask your doctor or the regulator.")
    }
}

/// "1 match", "3 matches".
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The last line of `search`: "3 matches, best first." or, when the limit
/// stopped it, "20 of 57 shown, best first; --limit N for more."
pub fn search_summary(shown: usize, total: usize) -> String {
    if total > shown {
        format!("{shown} of {total} shown, best first; --limit N for more.")
    } else {
        format!("{}, best first.", count_as(shown, "match", "matches"))
    }
}

/// " as of 2019-06-01" unless the date is today.
pub fn when(as_of: Day, today: Day) -> String {
    if as_of == today {
        String::new()
    } else {
        format!(" as of {as_of}")
    }
}

// ---- check -----------------------------------------------------------------

const ABSENCE: &str = "Absence from the record is not proof of anything: the record holds MSC and MSC-like \
products that received a regulatory decision, and the products its sources name.";

pub use crate::answer::check::CLINIC_WARNING_SOURCES;

/// "Ryoncil (remestemcel-L)", with the brand the grant carried.
pub fn product_label(product: &Product, brand: Option<&str>) -> String {
    let name = brand.unwrap_or(&product.name);
    match &product.nonproprietary_name {
        Some(n) if n != name && n.chars().count() <= 40 => format!("{name} ({n})"),
        _ => name.to_string(),
    }
}

/// "FDA approval 2024-12-18".
pub fn decision_phrase(d: &Decision) -> String {
    format!("{} {} {}", d.regulator, d.decision, d.date_label())
}

/// A grant that continues an earlier one, dated from the first: "since
/// 2012-01-19 (announced; re-licensed by 2021-08-27 under the Advanced
/// Regenerative Bio Act)". `later` is the continuing grant's date label;
/// `short` leaves out the qualifier and the law ("since 2012-01-19
/// (re-licensed by 2021-08-27)") for tables and parentheses.
pub fn continued(since: &Since, later: &str, short: bool) -> String {
    let mut notes: Vec<String> = Vec::new();
    let date = match since.date_qualifier.as_deref() {
        Some("announced") => {
            if !short {
                notes.push("announced".into());
            }
            since.date.clone()
        }
        Some("by") => format!("{} or earlier", since.date),
        _ => since.date.clone(),
    };
    let pathway = since.continued_by.as_deref().unwrap_or_default();
    notes.push(if pathway.starts_with("Re-licence") {
        let act = if !short && pathway.contains("Advanced Regenerative Bio Act") {
            " under the Advanced Regenerative Bio Act"
        } else {
            ""
        };
        format!("re-licensed {later}{act}")
    } else if since.decision == since.continued_kind {
        format!("renewed {later}")
    } else {
        format!("{} first; {} {later}", since.decision, since.continued_kind)
    });
    format!("since {date} ({})", notes.join("; "))
}

/// A grant in a `check` headline: "MFDS approval since 2012-01-19 (…)" when
/// it continues an earlier grant, else "MFDS approval 2012-01-19".
fn grant_phrase(a: &CheckAnswer, g: &Decision) -> String {
    match a.since.get(&g.id) {
        Some(s) => format!(
            "{} {} {}",
            g.regulator,
            g.decision,
            continued(s, &g.date_label(), false)
        ),
        None => decision_phrase(g),
    }
}

/// When an approval elsewhere dates from: its own date, or since the grant it continues.
pub fn elsewhere_date(e: &Elsewhere, short: bool) -> String {
    match &e.since {
        Some(s) => continued(s, &e.date_label(), short),
        None => e.date_label(),
    }
}

/// The date a `products` grant is shown with.
pub fn grant_date(g: &Grant) -> String {
    match &g.since {
        Some(s) => continued(s, &g.date_label(), true),
        None => g.date_label(),
    }
}

/// The sentences of `check`, as methods of its answer (the engine's type;
/// the words are the CLI's).
trait CheckProse {
    fn place_name(&self, code: &str) -> String;
    fn indication_name(&self, id: &str) -> String;
    fn places_of<'a>(&self, codes: impl IntoIterator<Item = &'a str>) -> String;
    fn describe(&self, decision_id: &str) -> String;
    fn for_phrase(&self) -> String;
    fn scope_phrase(&self) -> String;
    fn grant_places(&self, grants: &[&Decision]) -> String;
}

impl CheckProse for CheckAnswer {
    fn place_name(&self, code: &str) -> String {
        with_article(
            self.places.get(code).map_or(code, String::as_str),
            self.articles.get(code).map_or("", String::as_str),
        )
    }

    fn indication_name(&self, id: &str) -> String {
        self.indications
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn places_of<'a>(&self, codes: impl IntoIterator<Item = &'a str>) -> String {
        let mut unique: Vec<&str> = Vec::new();
        for c in codes {
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        and_list(&unique.iter().map(|c| self.place_name(c)).collect::<Vec<_>>())
    }

    /// "the FDA complete-response in the United States", or the id when the
    /// decision is not among those the answer holds.
    fn describe(&self, decision_id: &str) -> String {
        let found = self
            .evidence
            .iter()
            .map(|e| &*e.decision)
            .chain(&self.grants)
            .chain(&self.considered)
            .find(|d| d.id == decision_id);
        match found {
            Some(d) => format!(
                "the {} {} in {}",
                d.regulator,
                d.decision,
                self.place_name(&d.jurisdiction)
            ),
            None => decision_id.to_string(),
        }
    }

    /// " for acute graft-versus-host disease": the disease as asked.
    fn for_phrase(&self) -> String {
        self.disease
            .as_ref()
            .map(|d| format!(" for {}", d.label))
            .unwrap_or_default()
    }

    /// " in the United States for knee osteoarthritis".
    fn scope_phrase(&self) -> String {
        let place = self
            .place
            .as_deref()
            .map(|c| format!(" in {}", self.place_name(c)))
            .unwrap_or_default();
        format!("{place}{}", self.for_phrase())
    }

    /// "the European Union" for an EU grant asked about in France:
    /// "France (through the European Union)".
    fn grant_places(&self, grants: &[&Decision]) -> String {
        match &self.place {
            Some(asked) if grants.iter().all(|g| &g.jurisdiction != asked) => format!(
                "{} (through {})",
                self.place_name(asked),
                self.places_of(grants.iter().map(|g| g.jurisdiction.as_str()))
            ),
            _ => self.places_of(grants.iter().map(|g| g.jurisdiction.as_str())),
        }
    }
}

/// The lead of a place page: how many MSC products are approved there.
/// `place` is the name with its article ("the United States").
pub fn place_summary(place: &str, approved: usize, ended: usize) -> String {
    let mut text = match approved {
        0 => format!("No MSC product in the record is approved in {place} on the record date."),
        1 => format!("One MSC product in the record is approved in {place} on the record date."),
        n => format!("{n} MSC products in the record are approved in {place} on the record date."),
    };
    match ended {
        0 => {}
        1 => text.push_str(" One is no longer approved here."),
        n => text.push_str(&format!(" {n} are no longer approved here.")),
    }
    text
}

/// After an empty `products` listing: what was approved in scope and ended.
pub fn ended_hint(names: &[String]) -> String {
    format!(
        "No longer approved here: {} (--status no-longer-approved lists {}).",
        and_list(names),
        if names.len() == 1 { "it" } else { "them" }
    )
}

/// The one-sentence answer of `check`.
pub fn check_headline(a: &CheckAnswer) -> String {
    let mut text = match &a.product {
        Some(product) => product_headline(a, product),
        None if a.verdict == Verdict::Seller => seller_headline(a),
        None if a.verdict == Verdict::NotInRecord => {
            let mut text = format!(
                "'{}' is not in the record.",
                crate::error::printable(a.typed.as_deref().unwrap_or(""), 80)
            );
            if !a.suggestions.is_empty() {
                text.push_str(&format!(" Did you mean {}?", quote_list(&a.suggestions)));
            }
            if !a.mentions.is_empty() {
                text.push_str(&format!(
                    " The record mentions it in {} (listed below).",
                    count(a.mentions.len(), "place")
                ));
            }
            text
        }
        None => indication_headline(a),
    };
    // Two grants can leave the same doubt (both of a product's approvals in one
    // country): it is said once.
    let mut said: Vec<String> = Vec::new();
    for u in &a.uncertain {
        let sentence = uncertainty(a, u);
        if !said.contains(&sentence) {
            text.push(' ');
            text.push_str(&sentence);
            said.push(sentence);
        }
    }
    text
}

/// Why the answer may not hold, as a sentence.
pub fn uncertainty(a: &CheckAnswer, u: &Uncertainty) -> String {
    match u {
        Uncertainty::PartialDate { decision_id, date } => format!(
            "Not certain: the record dates {} only to {date}, so on {} it cannot tell whether it had happened.",
            a.describe(decision_id),
            a.as_of
        ),
        Uncertainty::StatusUnconfirmed { decision_id } => {
            format!(
                "Not certain: the sources do not confirm the current status of {}.",
                a.describe(decision_id)
            )
        }
        Uncertainty::Lapsed { decision_id, until } => format!(
            "Not certain: {} is taken to have ended when its term ran out after {until}; no decision confirms it.",
            a.describe(decision_id)
        ),
        Uncertainty::TermEnded {
            decision_id,
            until,
            pending,
        } => {
            let filed: Vec<String> = pending.iter().map(|id| a.describe(id)).collect();
            format!(
                "Not certain: the term of {} ended {until}, and {} is undecided; whether the grant still holds while it is reviewed is not confirmed by the sources.",
                a.describe(decision_id),
                and_list(&filed)
            )
        }
        Uncertainty::UnverifiedReport {
            product_id,
            product_name,
            jurisdiction,
            reported,
            reporter,
            date,
            ..
        } => {
            let when = date.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
            let article = if reported.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!(
                "Not certain: {reporter}{when} reported {article} {reported} of {} in {}, which the record could not verify; it holds no decision of that regulator.",
                product_name.as_deref().unwrap_or(product_id),
                a.place_name(jurisdiction)
            )
        }
        Uncertainty::Future { as_of, record_date } => match record_date {
            Some(r) => {
                format!("Not certain: {as_of} is in the future; the record knows decisions up to {r}.")
            }
            None => format!("Not certain: {as_of} is in the future."),
        },
    }
}

fn product_headline(a: &CheckAnswer, product: &Product) -> String {
    let label = product_label(product, None);
    let asked = a.scope_phrase();
    let when = when(a.as_of, a.today);
    let today = a.as_of == a.today;
    match a.verdict {
        Verdict::Approved => {
            let grants: Vec<&Decision> = a.grants.iter().collect();
            let where_ = a.grant_places(&grants);
            let verb = if today { "is" } else { "was" };
            let indication = a.for_phrase();
            let brand = a.caveats.iter().find_map(|c| match c {
                Caveat::Brand { asked, kind } => Some((asked.clone(), *kind)),
                _ => None,
            });
            if let Some((asked_brand, kind)) = brand {
                let what = if kind == AliasKind::Former {
                    "a former brand"
                } else {
                    "a brand"
                };
                let as_brands: Vec<String> = grants
                    .iter()
                    .map(|g| {
                        format!(
                            "as {} ({})",
                            g.brand.as_deref().unwrap_or(&product.name),
                            grant_phrase(a, g)
                        )
                    })
                    .collect();
                let generic = product.nonproprietary_name.as_deref().unwrap_or(&product.name);
                let never = if today { "has never been" } else { "had not been" };
                return format!(
                    "{asked_brand} is {what} of {generic}; it {never} approved in {where_} under that name{when}. The product {verb} approved there{indication} {}.",
                    as_brands.join("; ")
                );
            }
            match grants.as_slice() {
                [g] => format!(
                    "{} {verb} approved in {where_}{indication}{when}: {} for {}.",
                    product_label(product, g.brand.as_deref()),
                    grant_phrase(a, g),
                    g.indication_text.clone().unwrap_or_else(|| g.indication_label())
                ),
                _ => {
                    let parts: Vec<String> = grants
                        .iter()
                        .map(|g| {
                            let brand = match g.brand.as_deref() {
                                Some(b) if b != product.name => format!(" as {b}"),
                                _ => String::new(),
                            };
                            format!("{}{brand} ({})", grant_phrase(a, g), g.indication_label())
                        })
                        .collect();
                    format!(
                        "{label} {verb} approved in {where_}{indication}{when}: {}.",
                        parts.join("; ")
                    )
                }
            }
        }
        Verdict::TermEnded => {
            let parts: Vec<String> = a
                .grants
                .iter()
                .map(|g| {
                    let note = g.status_note.as_deref().map_or_else(
                        || format!("term ended {}", g.valid_until.as_deref().unwrap_or("?")),
                        str::to_string,
                    );
                    format!("{} ({note})", decision_phrase(g))
                })
                .collect();
            let where_ = a.grant_places(&a.grants.iter().collect::<Vec<_>>());
            let verb = if today { "has" } else { "had" };
            format!(
                "{label}'s grant in {where_} {verb} reached the end of its term{when}, with an application undecided: {}.",
                parts.join("; ")
            )
        }
        Verdict::NoLongerApproved => {
            let parts: Vec<String> = a
                .ended
                .iter()
                .map(|(g, end)| {
                    let how = match end {
                        Some(end) => format!("ended by {}", decision_phrase(end)),
                        None => format!(
                            "its term ran out after {}",
                            g.valid_until.as_deref().unwrap_or("?")
                        ),
                    };
                    format!("{}, {how}", decision_phrase(g))
                })
                .collect();
            format!(
                "{label} is no longer approved{asked}{when}: {}.",
                parts.join("; ")
            )
        }
        Verdict::Refused => {
            let list: Vec<String> = a.negatives.iter().map(decision_phrase).collect();
            format!("{label} is not approved{asked}{when}: {}.", list.join("; "))
        }
        Verdict::ApprovedOtherIndication => {
            let place = a
                .place
                .as_deref()
                .map(|c| format!(" in {}", a.place_name(c)))
                .unwrap_or_default();
            let mut parts: Vec<(String, Vec<String>)> = Vec::new();
            for e in &a.other_indication {
                let within = if e.relation == Some("narrower") {
                    " (a narrower indication within it)"
                } else {
                    ""
                };
                let key = format!("for {}{within}", e.indication);
                let grant = format!(
                    "{} {} {} in {}",
                    e.regulator,
                    e.decision,
                    elsewhere_date(e, true),
                    a.place_name(&e.jurisdiction)
                );
                match parts.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, list)) => list.push(grant),
                    None => parts.push((key, vec![grant])),
                }
            }
            let parts: Vec<String> = parts
                .into_iter()
                .map(|(k, list)| format!("{k} ({})", list.join("; ")))
                .collect();
            let verb = if today { "is" } else { "was" };
            format!(
                "{label} {verb} approved{place}{when}, but not{}: it {verb} approved {}.",
                a.for_phrase(),
                parts.join("; ")
            )
        }
        Verdict::ApprovedElsewhere => {
            let mut parts: Vec<String> = Vec::new();
            for e in &a.approved_elsewhere {
                let part = format!("{} for {}", a.place_name(&e.jurisdiction), e.indication);
                if !parts.contains(&part) {
                    parts.push(part);
                }
            }
            let scope_text = if asked.is_empty() {
                " here".to_string()
            } else {
                asked
            };
            // An approval reported here but not verified: not on record, which is not "not approved".
            let not = if a
                .uncertain
                .iter()
                .any(|u| matches!(u, Uncertainty::UnverifiedReport { .. }))
            {
                "has no verified approval"
            } else {
                "is not approved"
            };
            format!(
                "{label} {not}{scope_text}{when}, but is approved in {}.",
                parts.join("; ")
            )
        }
        Verdict::Investigational => {
            let numbers: Vec<String> = a
                .filings
                .iter()
                .map(|f| {
                    let number = f.number.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
                    format!(
                        "{} {}{number}",
                        f.regulator.as_deref().unwrap_or("registry"),
                        f.kind
                    )
                })
                .collect();
            let mut text = format!("{label} is not approved anywhere{when}; it is investigational");
            if !numbers.is_empty() {
                text.push_str(&format!(": {}", numbers.join(", ")));
            }
            text.push('.');
            text
        }
        Verdict::NotApproved | Verdict::NotInRecord | Verdict::Seller => {
            let steps: Vec<String> = a
                .steps
                .iter()
                .map(|d| format!("{} {}", d.decision, d.date_label()))
                .collect();
            let mut text = format!("{label} is in the record but holds no marketing approval anywhere{when}");
            if !steps.is_empty() {
                text.push_str(&format!("; what it has: {}", steps.join(", ")));
            }
            text.push('.');
            text
        }
    }
}

fn indication_headline(a: &CheckAnswer) -> String {
    let asked = a.scope_phrase();
    let when = when(a.as_of, a.today);
    let mut text = match a.verdict {
        Verdict::Approved => {
            // One name per product, its grants after it: "Ryoncil (US 2024-12-18;
            // CA 2012-05-17 as Prochymal)", so the count matches the names.
            // Products in the order first met, found by a map: a large record
            // approves thousands for one disease.
            let mut products: Vec<(&str, Vec<String>)> = Vec::new();
            let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for e in &a.approved {
                let mut grant = format!("{} {}", e.jurisdiction, elsewhere_date(e, true));
                if e.product != e.product_name {
                    grant.push_str(&format!(" as {}", e.product));
                }
                match at.get(e.product_id.as_str()) {
                    Some(&i) if !products[i].1.contains(&grant) => products[i].1.push(grant),
                    Some(_) => {}
                    None => {
                        at.insert(&e.product_id, products.len());
                        products.push((&e.product_name, vec![grant]));
                    }
                }
            }
            let names: Vec<String> = products
                .iter()
                .map(|(name, grants)| format!("{name} ({})", grants.join("; ")))
                .collect();
            format!(
                "{} MSC product{} approved{asked}{when}: {}.",
                products.len(),
                if products.len() == 1 { " is" } else { "s are" },
                and_list(&names)
            )
        }
        Verdict::ApprovedElsewhere => {
            let names: Vec<String> = a
                .approved_elsewhere
                .iter()
                .map(|e| {
                    format!(
                        "{} ({}, {} {})",
                        e.product,
                        e.jurisdiction_name,
                        e.decision,
                        elsewhere_date(e, true)
                    )
                })
                .collect();
            format!(
                "No MSC product is approved{asked}{when}. Approved elsewhere: {}.",
                and_list(&names)
            )
        }
        Verdict::NoLongerApproved => {
            format!("No MSC product is approved{asked}{when} any longer; earlier grants ended.")
        }
        _ => {
            let nothing_anywhere = a.approved_elsewhere.is_empty() && a.other_indication.is_empty();
            match (&a.disease, nothing_anywhere) {
                (Some(d), true) => {
                    let codes = if d.codes.is_empty() {
                        String::new()
                    } else {
                        format!(" (ICD-10-CM {})", d.codes.join(", "))
                    };
                    match &a.place {
                        Some(c) => format!(
                            "No MSC product in the record is approved for {}{codes} in {}{when}, nor anywhere else.",
                            d.label,
                            a.place_name(c)
                        ),
                        None => format!(
                            "No MSC product in the record is approved anywhere for {}{codes}{when}.",
                            d.label
                        ),
                    }
                }
                // Approvals within it follow: this says the broad disease has none.
                (Some(d), false) if !a.other_indication.is_empty() => {
                    let place = a
                        .place
                        .as_deref()
                        .map(|c| format!(" in {}", a.place_name(c)))
                        .unwrap_or_default();
                    format!(
                        "No MSC product in the record is approved for {} itself{place}{when}.",
                        d.label
                    )
                }
                _ => format!("No MSC product in the record is approved{asked}{when}."),
            }
        }
    };
    if let Some(d) = &a.disease
        && !a.other_indication.is_empty()
    {
        let mut by_indication: Vec<(String, Vec<String>)> = Vec::new();
        for e in &a.other_indication {
            let entry = format!("{} ({})", e.product, a.place_name(&e.jurisdiction));
            match by_indication.iter_mut().find(|(i, _)| *i == e.indication) {
                Some((_, list)) => {
                    if !list.contains(&entry) {
                        list.push(entry);
                    }
                }
                None => by_indication.push((e.indication.clone(), vec![entry])),
            }
        }
        let parts: Vec<String> = by_indication
            .iter()
            .map(|(i, list)| format!("{i} — {}", and_list(list)))
            .collect();
        text.push_str(&format!(
            " Approved for a narrower indication within {}: {}.",
            d.label,
            parts.join("; ")
        ));
    }
    text
}

/// A caveat as a sentence.
pub fn caveat(a: &CheckAnswer, c: &Caveat) -> String {
    match c {
        Caveat::Provisional {
            place,
            decision,
            pathway,
            note,
        } => {
            let mut text = format!(
                "In {} the grant is a {}",
                a.place_name(place),
                decision.replace('-', " ")
            );
            if let Some(pathway) = pathway {
                text.push_str(&format!(" ({pathway})"));
            }
            text.push('.');
            if let Some(note) = note {
                text.push_str(&format!(" {note}"));
            }
            text
        }
        Caveat::Unconfirmed { place, note } => {
            format!("In {}, not confirmed by the sources: {note}", a.place_name(place))
        }
        Caveat::Term { place, until } => {
            format!("In {} the grant's term runs to {until}.", a.place_name(place))
        }
        Caveat::ProductNote(note) => note.clone(),
        Caveat::DecisionNote(d) => format!(
            "{} {} {}: {}",
            d.jurisdiction,
            d.decision,
            d.date_label(),
            d.note.as_deref().unwrap_or_default()
        ),
        Caveat::Absence => ABSENCE.to_string(),
        Caveat::Through {
            place,
            membership: m,
            union,
        } => {
            let (place, union) = (a.place_name(place), a.place_name(union));
            match m.basis.as_str() {
                "eea" => format!(
                    "Decisions of {union} apply in {place} through the EEA Agreement (since {}).",
                    m.from
                ),
                "eu-transition" => format!(
                    "Decisions of {union} applied in {place} until the end of the transition period, {}.",
                    m.until.as_deref().unwrap_or("?")
                ),
                "territory" => format!(
                    "{place} is part of {union}, whose decisions apply there (since {}).",
                    m.from
                ),
                _ => format!(
                    "Decisions of {union} apply in {place}, a member since {}.",
                    m.from
                ),
            }
        }
        Caveat::Left {
            place,
            membership: m,
            union,
        } => format!(
            "Decisions of {} applied in {} from {} until {}; the record holds no decision of its own regulator since.",
            a.place_name(union),
            a.place_name(place),
            m.from,
            m.until.as_deref().unwrap_or("?")
        ),
        Caveat::PlaceNote { place, note } => format!("{}: {note}", a.place_name(place)),
        Caveat::Broader { indication, asked } => format!(
            "The approval is for {}, which includes {asked}: whether it covers a patient's condition is for the label to say.",
            a.indication_name(indication)
        ),
        Caveat::ClinicWarning { disease } => format!(
            "A clinic that sells cell or \"stem cell\" treatments for {disease} sells a product that no regulator in the record has approved for it. The FDA warns that such products need approval or an FDA-overseen trial, and that charging for them outside a trial likely means an illegal offer; the ISSCR advises the same ({}).",
            CLINIC_WARNING_SOURCES.join(", ")
        ),
        Caveat::Brand { asked, kind } => format!(
            "'{asked}' is a {} name of the product; the approval in scope carries another brand.",
            kind.as_str()
        ),
    }
}

/// Caveats as sentences, each once.
pub fn caveats(a: &CheckAnswer) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &a.caveats {
        let text = caveat(a, c);
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

// ---- products --------------------------------------------------------------

/// "KR approval 2012-01-19 (MFDS): knee osteoarthritis and cartilage defects",
/// with how it ended or that its current status is unconfirmed.
/// A grant's standing for the `products` table: "in force", "ended:
/// withdrawal 2019-01-01", "in force (current status unconfirmed)".
pub fn grant_standing(g: &Grant) -> String {
    match g.status {
        StandingStatus::Ended => format!(
            "ended: {} {}",
            g.ended_by.as_deref().unwrap_or(""),
            g.ended_on.as_deref().unwrap_or("")
        )
        .trim_end()
        .to_string(),
        StandingStatus::TermEnded => format!(
            "term ended {} (application pending)",
            g.ended_on.as_deref().unwrap_or("?")
        ),
        StandingStatus::InForce if g.status_note.is_some() => "in force (unconfirmed)".into(),
        StandingStatus::InForce => "in force".into(),
        StandingStatus::Refused => "refused".into(),
        StandingStatus::NoGrant => "no grant".into(),
    }
}

pub fn grant_label(g: &Grant) -> String {
    let mut text = format!(
        "{} {} {} ({}): {}",
        g.jurisdiction,
        g.decision,
        g.date_label(),
        g.regulator,
        g.indication
    );
    if g.status == StandingStatus::Ended {
        text.push_str(&format!(
            " — ended: {} {}",
            g.ended_by.as_deref().unwrap_or(""),
            g.ended_on.as_deref().unwrap_or("")
        ));
    } else if g.status == StandingStatus::TermEnded {
        text.push_str(&format!(
            " — term ended {}, application pending",
            g.ended_on.as_deref().unwrap_or("?")
        ));
    } else if g.status_note.is_some() {
        text.push_str(" [current status unconfirmed]");
    }
    text
}

// ---- indications -----------------------------------------------------------

/// "Prochymal — CA approval 2012-05".
pub fn approved_label(p: &Approved) -> String {
    format!(
        "{} — {} {} {}",
        p.product,
        p.jurisdiction,
        p.decision,
        crate::date::label(&p.date, p.date_qualifier.as_deref())
    )
}

// ---- show ------------------------------------------------------------------

/// Why a product stands where it does: "approval 2015-09 (PMDA)", "…, ended
/// by withdrawal 2024-12", "its term ran out after …", the refusals.
pub fn standing_detail(s: &Standing) -> String {
    match (s.status, &s.grant) {
        (StandingStatus::InForce, Some(g)) => {
            let date = s.since.as_ref().map_or_else(
                || g.date_label(),
                |first| continued(&Since::new(first, g), &g.date_label(), false),
            );
            let mut detail = format!("{} {date} ({})", g.decision, g.regulator);
            if g.status_note.is_some() {
                detail.push_str("; current status unconfirmed");
            }
            detail
        }
        (StandingStatus::TermEnded, Some(g)) => format!(
            "{} {} ({}); its term ended {} with an application pending{}",
            g.decision,
            g.date_label(),
            g.regulator,
            g.valid_until.as_deref().unwrap_or("?"),
            g.status_note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ),
        (StandingStatus::Ended, Some(g)) => match &s.end {
            Some(end) => format!(
                "{} {}, ended by {} {}",
                g.decision,
                g.date_label(),
                end.decision,
                end.date_label()
            ),
            None => format!(
                "{} {}; its term ran out after {}",
                g.decision,
                g.date_label(),
                g.valid_until.as_deref().unwrap_or("?")
            ),
        },
        (StandingStatus::Refused, _) => s
            .negatives
            .iter()
            .map(|d| format!("{} {}", d.decision, d.date_label()))
            .collect::<Vec<_>>()
            .join("; "),
        _ if s.nothing_yet => "nothing had happened yet: every decision here is dated later".into(),
        _ => "no grant: designations, filings or access programmes only".into(),
    }
}

/// What `actions` says when nothing matches.
pub const NO_ACTION: &str =
    "No action matches. The record holds the actions the stored sources show; none found is not a clearance.";

/// "3 actions against 2 sellers."
pub fn actions_summary(a: &crate::answer::actions::ActionsAnswer) -> String {
    let sellers = a.seller_count();
    if sellers == 0 {
        format!("{}.", count(a.actions.len(), "action"))
    } else {
        format!(
            "{} against {}.",
            count(a.actions.len(), "action"),
            count(sellers, "seller")
        )
    }
}

/// "warning letter by FDA (US), 2017-08-24, against US Stem Cell Clinic, LLC".
pub fn action_phrase(a: &crate::query::actions::Action) -> String {
    let mut text = format!(
        "{} by {} ({})",
        a.kind.replace('-', " "),
        a.authority,
        a.jurisdiction
    );
    if let Some(date) = &a.date {
        text.push_str(&format!(
            ", {}",
            crate::date::label(date, a.date_qualifier.as_deref())
        ));
    }
    if let Some(seller) = &a.seller {
        text.push_str(&format!(", against {seller}"));
    }
    text
}

/// "FDA-registered (United States)", "ISO-certified (anywhere)".
pub fn credential_title(c: &crate::query::actions::Credential) -> String {
    format!(
        "{} ({})",
        c.phrase,
        c.jurisdiction.as_deref().unwrap_or("anywhere")
    )
}

/// "No credential in the record matches 'x'; did you mean 'y'?"
pub fn no_credential(a: &crate::answer::actions::CredentialsAnswer) -> String {
    match &a.phrase {
        Some(p) if a.suggestions.is_empty() => format!(
            "No credential in the record matches '{}'. `mscdb credentials` lists them all.",
            crate::error::printable(p, 80)
        ),
        Some(p) => format!(
            "No credential in the record matches '{}'. Did you mean {}? `mscdb credentials` lists them all.",
            crate::error::printable(p, 80),
            quote_list(&a.suggestions)
        ),
        None => "No credential in the record for that place.".to_string(),
    }
}

/// The offer rule in one sentence: "Outside an approved trial, offering
/// this in India has been unlawful since 2026-01-30 (in-sc-2026-…)."
/// `place` is the place's name with its article ("the United States").
pub fn offer_rule_sentence(r: &crate::answer::actions::OfferRuleAnswer, place: &str) -> String {
    use crate::model::OfferAllowed;
    let cited: Vec<String> = r.sources.iter().take(2).map(|s| s.id.clone()).collect();
    let cite = format!(" ({})", cited.join(", "));
    let since = r
        .from
        .as_deref()
        .map(|f| format!(" since {f}"))
        .unwrap_or_default();
    let through = if r.jurisdiction == r.place {
        String::new()
    } else {
        format!(", by the {} rule", r.jurisdiction)
    };
    match r.allowed() {
        Some(OfferAllowed::No) if r.from.is_some() => format!(
            "Outside an approved trial, offering this in {place} has been unlawful{since}{through}{cite}."
        ),
        Some(OfferAllowed::No) => {
            format!("Outside an approved trial, offering this in {place} is unlawful{through}{cite}.")
        }
        Some(OfferAllowed::OnlyUnder) => format!(
            "Outside an approved trial, a clinic in {place} may offer this only under {}{since}{through}{cite}.",
            r.scheme.as_deref().unwrap_or("a scheme the record does not name")
        ),
        Some(OfferAllowed::Yes) | None => format!(
            "{} had no specific rule against offering this outside a trial{through}, which approves nothing{cite}.",
            capitalize(place)
        ),
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "Regulators have acted against 7 sellers of cell products for autism; the latest: …".
pub fn actions_in_scope(
    a: &crate::answer::actions::ActionsAnswer,
    disease: Option<&str>,
    place: Option<&str>,
) -> Option<String> {
    let latest = a.latest()?;
    let mut scope = String::new();
    if let Some(d) = disease {
        scope.push_str(&format!(" for {d}"));
    }
    if let Some(p) = place {
        scope.push_str(&format!(" in {p}"));
    }
    let sellers = a.seller_count();
    let unnamed = a.actions.iter().filter(|x| x.seller_id.is_none()).count();
    let head = if sellers == 0 {
        format!(
            "Authorities have taken {} on cell products{scope}, naming no seller",
            count(a.actions.len(), "action")
        )
    } else if unnamed == 0 {
        format!(
            "Authorities have acted against {} of cell products{scope}",
            count(sellers, "seller")
        )
    } else {
        format!(
            "Authorities have acted against {} of cell products{scope}, and taken {} naming no seller",
            count(sellers, "seller"),
            count_as(unnamed, "action", "more actions").replace("1 action", "one more action")
        )
    };
    Some(format!(
        "{head}; the latest: {} ({}). mscdb actions lists them.",
        action_phrase(latest),
        latest.sources.first().cloned().unwrap_or_default()
    ))
}

/// `check NAME` where NAME is a seller: "'US Stem Cell Clinic' is a seller
/// (US Stem Cell Clinic, LLC, a clinic in the United States), not a product:
/// …".
fn seller_headline(a: &CheckAnswer) -> String {
    let Some(seller) = &a.seller else {
        return String::new();
    };
    let place = a
        .places
        .get(&seller.jurisdiction)
        .cloned()
        .unwrap_or_else(|| seller.jurisdiction.clone());
    let mut text = format!(
        "'{}' is a seller ({}, {} in {}), not a product: no approval in the record is for a seller, and a seller's products need their own.",
        crate::error::printable(a.typed.as_deref().unwrap_or(&seller.name), 80),
        seller.name,
        with_indefinite(&seller.kind),
        with_article(
            &place,
            a.articles.get(&seller.jurisdiction).map_or("", String::as_str)
        )
    );
    if let Some(actions) = &a.actions {
        match actions.latest() {
            Some(latest) => text.push_str(&format!(
                " Authorities have acted against it {} (listed below); the latest: {}.",
                count_as(actions.actions.len(), "time", "times").replace("1 time", "once"),
                action_phrase(latest)
            )),
            None if !actions.actions.is_empty() => text.push_str(&format!(
                " Authorities have acted against it {} (listed below).",
                count_as(actions.actions.len(), "time", "times").replace("1 time", "once"),
            )),
            None => {}
        }
    }
    text
}

/// "a clinic", "an other".
fn with_indefinite(noun: &str) -> String {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// The credential a clinic shows, decoded, as lines for `assess`.
pub fn credential_finding(f: &crate::answer::assess::CredentialFinding) -> Vec<String> {
    let shown = crate::error::printable(&f.shown, 80);
    if f.matched.is_empty() {
        let mut line = format!("Credential shown: '{shown}' is not one the record knows");
        if f.suggestions.is_empty() {
            line.push('.');
        } else {
            line.push_str(&format!("; did you mean {}?", quote_list(&f.suggestions)));
        }
        line.push_str(" `mscdb credentials` lists them.");
        return vec![line];
    }
    let mut lines = vec![format!("Credential shown: '{shown}'")];
    for c in &f.matched {
        lines.push(format!("   {}", credential_title(c)));
        lines.push(format!("   Means: {}", c.means));
        lines.push(format!("   Does not mean: {}", c.does_not_mean));
    }
    lines
}

/// The rule for an unapproved offer in a table cell: "only-under: ASRM
/// provision plan … (since 2014-11-25). <summary>".
pub fn offer_rule_cell(r: &crate::answer::actions::OfferRuleAnswer) -> String {
    let mut head = r.allowed.clone();
    if let Some(scheme) = &r.scheme {
        head.push_str(&format!(": {scheme}"));
    }
    match (&r.from, r.jurisdiction == r.place) {
        (Some(from), true) => head.push_str(&format!(" (since {from})")),
        (Some(from), false) => head.push_str(&format!(" (since {from}; the {} rule)", r.jurisdiction)),
        (None, false) => head.push_str(&format!(" (the {} rule)", r.jurisdiction)),
        (None, true) => {}
    }
    format!("{head}. {}", r.summary)
}

/// Who a grant's label is for, from its label facts: "In the United States
/// (FDA approval 2024-12-18), the label is for patients aged 2 months and
/// older: …". None when the record has no population or age for it.
pub fn label_sentence(place: &str, d: &Decision) -> Option<String> {
    let l = d.label.as_ref()?;
    let who = match (&l.age_min, &l.population) {
        (Some(age), Some(population)) => format!("patients aged {age} and older: {population}"),
        (Some(age), None) => format!("patients aged {age} and older"),
        (None, Some(population)) => population.clone(),
        (None, None) => return None,
    };
    let mut s = format!(
        "{} ({} {} {}), the label is for {who}",
        in_place(place),
        d.regulator,
        d.decision,
        d.date_label()
    );
    if let Some(route) = &l.route {
        s.push_str(&format!("; route: {route}"));
    }
    if let Some(dose) = &l.dose {
        s.push_str(&format!("; dose: {dose}"));
    }
    if let (Some(r), Some(kind)) = (&l.regulator_ref, &l.regulator_ref_kind) {
        s.push_str(&format!("; {kind} {r}"));
    }
    if let Some(source) = &l.label_source {
        s.push_str(&format!(" [{source}"));
        if let Some(date) = &l.label_date {
            s.push_str(&format!(", {date}"));
        }
        s.push(']');
    }
    s.push('.');
    Some(s)
}

fn in_place(place: &str) -> String {
    format!("In {place}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(and_list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(
            quote_list(&["a".into(), "b".into(), "c".into()]),
            "'a', 'b' or 'c'"
        );
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(count(1, "row"), "1 row");
        assert_eq!(count(3, "row"), "3 rows");
        assert_eq!(with_article("United States", "the"), "the United States");
        assert_eq!(with_article("Japan", ""), "Japan");
    }
}
