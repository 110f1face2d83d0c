//! What the ask page looks up. The page has no server and writes no rule of
//! its own: the generator asks the engine `check` for every question the page
//! can be asked and the page only finds the answer.
//!
//! Every answer is told as `render::check::view` tells it, then stored once
//! (answers that read the same share one template). What varies where the
//! engine's answer does not stands as a placeholder that the page fills in:
//! - [`LABEL`]: the condition as typed (or an ICD-10-CM code's title), and
//!   [`CODES`]: its codes — every name whose codes relate the same way to the
//!   record's indications gets the same answer (`Disease::relate` groups them);
//! - [`PLACE`]: the place, where no decision the question is about applies.
//!   Such a place answers as a place the record says nothing about, plus its
//!   own caveats (its note, its memberships), which `check` adds last. A
//!   question is asked of the engine in every place where one of its
//!   decisions applies; elsewhere the page puts the shared answer and the
//!   place's caveats together. The browser test compares the result with
//!   `check` for every product and place and for sampled conditions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use crate::answer::Context;
use crate::answer::check::{self, CheckAnswer, CheckQuery};
use crate::answer::disease::Disease;
use crate::date::Day;
use crate::error::Result;
use crate::query;
use crate::render::check::{CheckView, view};
use crate::render::prose;
use crate::resolve::NameKind;

/// Stands for the condition's label in a template.
pub const LABEL: char = '\u{1}';
/// Stands for the condition's codes, joined by ", ".
pub const CODES: char = '\u{2}';
/// Stands for the name of a place the record says nothing about.
pub const PLACE: char = '\u{3}';
/// The key of the answer shared by those places.
pub const ANY_PLACE: &str = "*";

/// The most products whose answers the ask page holds. Each product adds
/// an answer for every place its decisions reach and for every way a
/// condition can relate to its indications, so a record of thousands of
/// products would make the page's data (and the generator) grow far beyond
/// what a phone loads. A condition's answer then lists thousands of
/// products too, so above this the page holds no answers at all and sends
/// each question to the pages that give it (product, place, condition).
pub const ASK_PRODUCTS: usize = 200;

/// How a condition's codes relate to the record's indications: what decides
/// its answer (the indications that are it, narrower, broader, and whether it
/// has codes at all).
type ClassKey = (Vec<String>, Vec<String>, Vec<String>, bool);

/// Answers to one question, by place: with no place, in each place where a
/// decision it is about applies, and the shared answer for every other place
/// (under [`ANY_PLACE`]).
#[derive(Debug, Clone, Default)]
pub struct ByPlace {
    pub nowhere: usize,
    pub places: BTreeMap<String, usize>,
}

impl ByPlace {
    /// The slot of a class no name leads to: never read.
    fn unreachable() -> ByPlace {
        ByPlace {
            nowhere: 0,
            places: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct AskData {
    pub record_date: String,
    pub templates: Vec<CheckView>,
    seen: HashMap<String, usize>,
    /// (id, name) of every product, and (code, name, name as a sentence
    /// says it) of every place.
    pub products: Vec<(String, String)>,
    pub places: Vec<(String, String, String)>,
    /// The caveats `check` adds for a place (its note, its memberships).
    pub place_caveats: BTreeMap<String, Vec<String>>,
    pub product: BTreeMap<String, ByPlace>,
    pub classes: Vec<ClassKey>,
    pub condition: Vec<ByPlace>,
    /// For each product: the index, per class, of its own class (the
    /// condition's relation to the product's indications), and their answers.
    pub product_condition: BTreeMap<String, (Vec<usize>, Vec<ByPlace>)>,
    /// Code lists (joined by ";") whose class is not 0.
    pub class_of: BTreeMap<String, usize>,
    /// Whether the products' answers are held (see [`ASK_PRODUCTS`]).
    pub products_asked: bool,
    /// The places where a decision or report on each product applies
    /// (where its answer is asked of the engine, not shared).
    pub reached: BTreeMap<String, Vec<String>>,
    /// Each place's row in `places`.
    place_index: HashMap<String, usize>,
    /// Indications by id: name, codes, class.
    pub indications: BTreeMap<String, (String, Vec<String>, usize)>,
    /// Normalised names: products, places and indications to ids.
    pub product_names: BTreeMap<String, String>,
    pub place_names: BTreeMap<String, String>,
    pub indication_names: BTreeMap<String, Vec<String>>,
    /// Disease names by shard (first character), to codes joined by ";".
    pub disease_names: BTreeMap<String, BTreeMap<String, String>>,
    /// ICD-10-CM titles by shard (first letter of the code).
    pub titles: BTreeMap<String, BTreeMap<String, String>>,
}

/// The shard of a normalised name: its first character when an ASCII letter
/// or digit, else `_` (the page computes the same).
pub fn shard(norm: &str) -> String {
    match norm.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_ascii_lowercase().to_string(),
        _ => "_".into(),
    }
}

fn fill(text: &str, place: &str) -> String {
    text.replace(PLACE, place)
}

impl AskData {
    fn store(&mut self, v: CheckView) -> usize {
        let key = serde_json::to_string(&v).unwrap_or_default();
        if let Some(&i) = self.seen.get(&key) {
            return i;
        }
        self.templates.push(v);
        self.seen.insert(key, self.templates.len() - 1);
        self.templates.len() - 1
    }

    /// Whether a decision or report on the product applies in the place.
    pub fn reaches(&self, product: &str, code: &str) -> bool {
        self.reached
            .get(product)
            .is_some_and(|places| places.iter().any(|c| c == code))
    }

    /// `check PRODUCT --in CODE`, as the page shows it.
    pub fn product_in(&self, product: &str, code: &str) -> Option<CheckView> {
        self.answer(self.product.get(product)?, code)
    }

    /// The answer of a question in a place, put together as the page does.
    pub fn answer(&self, by: &ByPlace, code: &str) -> Option<CheckView> {
        if let Some(t) = by.places.get(code) {
            return self.templates.get(*t).cloned();
        }
        let name = &self.places.get(*self.place_index.get(code)?)?.2;
        let mut v = self.templates.get(*by.places.get(ANY_PLACE)?)?.clone();
        v.headline = fill(&v.headline, name);
        for c in &mut v.caveats {
            *c = fill(c, name);
        }
        for (_, lines) in &mut v.lists {
            for l in lines {
                *l = fill(l, name);
            }
        }
        for row in &mut v.evidence {
            for cell in &mut row.0 {
                *cell = fill(cell, name);
            }
        }
        for c in self.place_caveats.get(code).into_iter().flatten() {
            if !v.caveats.contains(c) {
                v.caveats.push(c.clone());
            }
        }
        Some(v)
    }

    /// Every answer, as the JSON document offered for download (the object
    /// the page loads as `ask/core.js`).
    pub fn answers_json(&self) -> String {
        let mut text = self.core().to_string();
        text.push('\n');
        text
    }

    fn core(&self) -> Value {
        let by_place = |b: &ByPlace| json!({"-": b.nowhere, "p": b.places});
        let templates: Vec<Value> = self
            .templates
            .iter()
            .map(|v| {
                json!([
                    v.verdict,
                    v.certain,
                    v.headline,
                    v.evidence_headers,
                    v.evidence,
                    v.lists,
                    v.caveats
                ])
            })
            .collect();
        json!({
            "record_date": self.record_date,
            "templates": templates,
            "products": self.products,
            "products_asked": self.products_asked,
            "places": self.places,
            "place_caveats": self.place_caveats,
            "product": self.product.iter().map(|(k, b)| (k.clone(), by_place(b))).collect::<BTreeMap<_, _>>(),
            "condition": self.condition.iter().map(by_place).collect::<Vec<_>>(),
            "product_condition": self.product_condition.iter().map(|(k, (map, answers))| {
                (k.clone(), json!([map, answers.iter().map(by_place).collect::<Vec<_>>()]))
            }).collect::<BTreeMap<_, _>>(),
            "class_of": self.class_of,
            "indications": self.indications,
            "names": {
                "product": self.product_names,
                "place": self.place_names,
                "indication": self.indication_names,
            },
            "shards": self.disease_names.keys().collect::<Vec<_>>(),
            "placeholders": {"label": LABEL.to_string(), "codes": CODES.to_string(), "place": PLACE.to_string(), "any_place": ANY_PLACE},
        })
    }

    /// The page's data, as JavaScript: `(file name, text)`.
    pub fn scripts(&self) -> Vec<(String, String)> {
        let core = self.core();
        let mut out = vec![("ask/core.js".to_string(), format!("window.MSCDB_ASK={core};\n"))];
        for (shard, names) in &self.disease_names {
            out.push((
                format!("ask/d-{shard}.js"),
                format!(
                    "(window.MSCDB_D=window.MSCDB_D||{{}})[{}]={};\n",
                    json!(shard),
                    json!(names)
                ),
            ));
        }
        for (shard, titles) in &self.titles {
            out.push((
                format!("ask/t-{shard}.js"),
                format!(
                    "(window.MSCDB_T=window.MSCDB_T||{{}})[{}]={};\n",
                    json!(shard),
                    json!(titles)
                ),
            ));
        }
        out
    }
}

/// An answer told with the condition (and, for [`ANY_PLACE`], the place) as placeholders.
fn told(mut a: CheckAnswer, place: Option<&str>) -> CheckView {
    if let Some(d) = &mut a.disease {
        d.label = LABEL.to_string();
        if !d.codes.is_empty() {
            d.codes = vec![CODES.to_string()];
        }
    }
    if let Some(code) = place {
        a.places.insert(code.to_string(), PLACE.to_string());
    }
    view(&a)
}

fn ask(
    cx: &Context,
    name: Option<&str>,
    country: Option<&str>,
    disease: Option<&str>,
    as_of: Day,
) -> Result<CheckAnswer> {
    check::answer(
        cx,
        &CheckQuery {
            name: name.map(ToString::to_string),
            country: country.map(ToString::to_string),
            disease: disease.map(ToString::to_string),
            as_of: Some(as_of.to_string()),
        },
    )
}

/// The places where a decision in these jurisdictions applies.
fn reached(applicable: &BTreeMap<String, Vec<String>>, jurisdictions: &BTreeSet<String>) -> Vec<String> {
    applicable
        .iter()
        .filter(|(_, up)| up.iter().any(|j| jurisdictions.contains(j)))
        .map(|(code, _)| code.clone())
        .collect()
}

/// Asks one question with no place, in each place `own`, and in the shared place.
fn by_place(
    data: &mut AskData,
    cx: &Context,
    question: (Option<&str>, Option<&str>),
    own: &[String],
    shared: &str,
    as_of: Day,
) -> Result<ByPlace> {
    let (name, disease) = question;
    let mut out = ByPlace {
        nowhere: data.store(told(ask(cx, name, None, disease, as_of)?, None)),
        places: BTreeMap::new(),
    };
    for code in own {
        let t = data.store(told(ask(cx, name, Some(code), disease, as_of)?, None));
        out.places.insert(code.clone(), t);
    }
    let t = data.store(told(ask(cx, name, Some(shared), disease, as_of)?, Some(shared)));
    out.places.insert(ANY_PLACE.to_string(), t);
    Ok(out)
}

fn key(d: &Disease) -> ClassKey {
    (
        d.exact.clone(),
        d.narrower.clone(),
        d.broader.clone(),
        d.codes.is_empty(),
    )
}

/// Everything the ask page can be asked, answered.
pub fn collect(cx: &Context, as_of: Day, record_date: &str) -> Result<AskData> {
    let conn = cx.conn;
    let mut data = AskData {
        record_date: record_date.to_string(),
        ..AskData::default()
    };
    let products = query::products(conn)?;
    data.products = products.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    // Where each product's and indication's decisions are, read once (not
    // every decision held: only the three columns this needs).
    let mut product_places_of: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut product_indications: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut indication_places: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut unindicated_places: BTreeSet<String> = BTreeSet::new();
    for (product, jurisdiction, indication) in query::site::decision_scopes(conn)? {
        match &indication {
            Some(i) => {
                indication_places
                    .entry(i.clone())
                    .or_default()
                    .insert(jurisdiction.clone());
                product_indications
                    .entry(product.clone())
                    .or_default()
                    .insert(i.clone());
            }
            None => {
                unindicated_places.insert(jurisdiction.clone());
            }
        }
        product_places_of.entry(product).or_default().insert(jurisdiction);
    }
    let mut applicable: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut shared: Option<String> = None;
    for row in query::jurisdictions(conn)? {
        let display = prose::with_article(&row.name, &query::jurisdiction_article(conn, &row.code)?);
        let quiet =
            row.decisions == 0 && row.note.is_none() && query::memberships_of(conn, &row.code)?.is_empty();
        if quiet && display == row.name && shared.is_none() {
            shared = Some(row.code.clone());
        }
        applicable.insert(
            row.code.clone(),
            query::applicable_jurisdictions(conn, &row.code, as_of)?,
        );
        data.place_index.insert(row.code.clone(), data.places.len());
        data.places.push((row.code, row.name, display));
    }
    let every: Vec<String> = applicable.keys().cloned().collect();
    // The caveats each place adds: its answer to a question no decision is
    // about, beside the shared place's.
    let quiet_question = query::site::names(conn, NameKind::Disease)?
        .into_iter()
        .map(|(norm, _)| norm)
        .find(|norm| {
            crate::answer::disease::resolve(cx, norm)
                .is_ok_and(|d| d.exact.is_empty() && d.narrower.is_empty() && d.broader.is_empty())
        });
    // Without such a place or question (a small test record), every place is asked.
    let (shared, compose) = match (&shared, &quiet_question) {
        (Some(s), Some(_)) => (s.clone(), true),
        _ => (every[0].clone(), false),
    };
    let reached = |jurisdictions: &BTreeSet<String>| {
        if compose {
            reached(&applicable, jurisdictions)
        } else {
            every.clone()
        }
    };
    if let (true, Some(q)) = (compose, &quiet_question) {
        let base = view(&ask(cx, None, Some(&shared), Some(q), as_of)?).caveats;
        for (code, _, _) in &data.places {
            let here = view(&ask(cx, None, Some(code), Some(q), as_of)?).caveats;
            let own: Vec<String> = here.into_iter().filter(|c| !base.contains(c)).collect();
            if !own.is_empty() {
                data.place_caveats.insert(code.clone(), own);
            }
        }
    }
    let mut product_places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // An unverified report (reports.csv) makes a product's answer in its
    // place uncertain: that place is asked on its own, like a decision's.
    for r in query::reports(conn)? {
        product_places_of
            .entry(r.product_id)
            .or_default()
            .insert(r.jurisdiction);
    }
    data.products_asked = products.len() <= ASK_PRODUCTS;
    for p in &products {
        let own = reached(product_places_of.get(&p.id).unwrap_or(&BTreeSet::new()));
        if data.products_asked {
            let b = by_place(&mut data, cx, (Some(&p.id), None), &own, &shared, as_of)?;
            data.product.insert(p.id.clone(), b);
        }
        product_places.insert(p.id.clone(), own);
    }
    // Conditions, grouped by how their codes relate to the record's indications.
    let indications = query::indication_codes(conn)?;
    let mut classes: Vec<(ClassKey, String)> =
        vec![((Vec::new(), Vec::new(), Vec::new(), false), String::new())];
    let class_index = |key: ClassKey, rep: &str, classes: &mut Vec<(ClassKey, String)>| -> usize {
        match classes.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                classes.push((key, rep.to_string()));
                classes.len() - 1
            }
        }
    };
    let mut by_norm: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (norm, code) in query::site::names(conn, NameKind::Disease)? {
        by_norm.entry(norm).or_default().push(code);
    }
    let mut code_sets: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    for (norm, codes) in &by_norm {
        let joined = codes.join(";");
        data.disease_names
            .entry(shard(norm))
            .or_default()
            .insert(norm.clone(), joined.clone());
        code_sets
            .entry(joined)
            .or_insert_with(|| (codes.clone(), norm.clone()));
    }
    for (joined, (codes, rep)) in &code_sets {
        let d = Disease::relate(String::new(), codes.clone(), Vec::new(), &indications);
        let k = key(&d);
        if k == classes[0].0 {
            // The first name with no relation stands for them all.
            if classes[0].1.is_empty() {
                classes[0].1.clone_from(rep);
            }
            continue;
        }
        let i = class_index(k, rep, &mut classes);
        data.class_of.insert(joined.clone(), i);
    }
    let names = query::indication_names(conn)?;
    for (id, codes) in &indications {
        let d = Disease::relate(String::new(), codes.clone(), vec![id.clone()], &indications);
        let i = class_index(key(&d), id, &mut classes);
        let name = names.get(id).cloned().unwrap_or_else(|| id.clone());
        data.indications.insert(id.clone(), (name, codes.clone(), i));
    }
    for (norm, id) in query::site::names(conn, NameKind::Indication)? {
        data.indication_names.entry(norm).or_default().push(id);
    }
    for (norm, id) in query::site::names(conn, NameKind::Product)? {
        data.product_names.entry(norm).or_insert(id);
    }
    for (norm, code) in query::site::names(conn, NameKind::Jurisdiction)? {
        data.place_names.entry(norm).or_insert(code);
    }
    for (code, title) in query::site::icd_titles(conn)? {
        data.titles.entry(shard(&code)).or_default().insert(code, title);
    }
    for (k, rep) in &classes {
        let ids: Vec<&String> = k.0.iter().chain(&k.1).chain(&k.2).collect();
        let own = if ids.is_empty() && compose {
            Vec::new()
        } else {
            let mut places = unindicated_places.clone();
            for id in &ids {
                places.extend(indication_places.get(*id).into_iter().flatten().cloned());
            }
            reached(&places)
        };
        // No name leads to a class without a representative (a record
        // where every disease name relates to an indication): its slot
        // is never looked up, and holds no answers.
        let b = if rep.is_empty() || !data.products_asked {
            ByPlace::unreachable()
        } else {
            by_place(&mut data, cx, (None, Some(rep)), &own, &shared, as_of)?
        };
        data.condition.push(b);
    }
    // A product and a condition: what decides is how the condition relates to
    // the product's own indications.
    let asked = data.products_asked;
    for p in products.iter().filter(|_| asked) {
        let own: Vec<&str> = product_indications
            .get(&p.id)
            .map(|ids| ids.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let keep = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter(|i| own.contains(&i.as_str()))
                .cloned()
                .collect()
        };
        let mut own_classes: Vec<ClassKey> = Vec::new();
        let mut map = Vec::new();
        let mut answers = Vec::new();
        for (k, rep) in &classes {
            // A class no name leads to (see above) points at the first slot.
            if rep.is_empty() {
                map.push(0);
                continue;
            }
            let mine = (keep(&k.0), keep(&k.1), keep(&k.2), k.3);
            let i = match own_classes.iter().position(|c| *c == mine) {
                Some(i) => i,
                None => {
                    own_classes.push(mine);
                    let own = &product_places[&p.id];
                    answers.push(by_place(
                        &mut data,
                        cx,
                        (Some(&p.id), Some(rep)),
                        own,
                        &shared,
                        as_of,
                    )?);
                    own_classes.len() - 1
                }
            };
            map.push(i);
        }
        if answers.is_empty() {
            answers.push(ByPlace::unreachable());
        }
        data.product_condition.insert(p.id.clone(), (map, answers));
    }
    data.classes = classes.into_iter().map(|(k, _)| k).collect();
    data.reached = product_places;
    Ok(data)
}
