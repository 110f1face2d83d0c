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

use rusqlite::Connection;
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
    /// (code, name, name as a sentence says it) of every place.
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
    /// (where its answer is asked of the engine, not shared), as a set of
    /// rows of `places`: a place name each would be tens of megabytes at
    /// 10^5 decisions.
    reached: HashMap<String, Vec<u64>>,
    /// Each place's row in `places`.
    place_index: HashMap<String, usize>,
    /// Indications by id: name, codes, class.
    pub indications: BTreeMap<String, (String, Vec<String>, usize)>,
    /// The shards (first characters) of the disease names. The names
    /// themselves (about 100,000, the ICD-10-CM titles as many again) are
    /// read again when their scripts are written ([`AskData::scripts`]),
    /// never held while the pages are made.
    pub disease_shards: Vec<String>,
}

/// Normalised names: places and indications to ids, and the first
/// product name of each shard of product names.
#[derive(Default)]
struct Names {
    product_shards: Vec<String>,
    place: BTreeMap<String, String>,
    indication: BTreeMap<String, Vec<String>>,
}

/// The product names one script of the ask page holds. A name is looked up
/// in the one shard whose range holds it (the page finds it from the first
/// name of each, in `core.js`), so however many products the record has,
/// a question loads `core.js` and one shard: at 10^6 decisions the names
/// are 500,000, 14 MB as one map.
pub const NAMES_PER_SHARD: usize = 4000;

/// Hands `each` every product name once, in the record's order of
/// normalised names (code-point order), as (its shard, the name, the first
/// product it names), so that the two passes over the names (the shards'
/// first names, then the shards) cut them alike.
fn each_product_name(
    conn: &Connection,
    mut each: impl FnMut(usize, String, String) -> Result<()>,
) -> Result<()> {
    let mut last: Option<String> = None;
    let mut count = 0;
    query::site::each_name(conn, NameKind::Product, |norm, id| {
        if last.as_deref() != Some(norm.as_str()) {
            each(count / NAMES_PER_SHARD, norm.clone(), id)?;
            count += 1;
            last = Some(norm);
        }
        Ok(true)
    })
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
        match (self.reached.get(product), self.place_index.get(code)) {
            (Some(set), Some(&i)) => set.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0),
            _ => false,
        }
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
    /// the page loads as `ask/core.js`), without its line end. The names the
    /// page looks up are read now, once the pages are written, not held while
    /// they are made; of the product names (500,000 at 10^6 decisions) only
    /// the first of each shard.
    pub fn answers_json(&self, conn: &Connection) -> Result<String> {
        let mut names = Names::default();
        query::site::each_name(conn, NameKind::Indication, |norm, id| {
            names.indication.entry(norm).or_default().push(id);
            Ok(true)
        })?;
        each_product_name(conn, |shard, norm, _| {
            if shard == names.product_shards.len() {
                names.product_shards.push(norm);
            }
            Ok(())
        })?;
        query::site::each_name(conn, NameKind::Jurisdiction, |norm, code| {
            names.place.entry(norm).or_insert(code);
            Ok(true)
        })?;
        Ok(self.core(&names).to_string())
    }

    fn core(&self, names: &Names) -> Value {
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
                "place": names.place,
                "indication": names.indication,
            },
            "product_shards": names.product_shards,
            "shards": self.disease_shards,
            "placeholders": {"label": LABEL.to_string(), "codes": CODES.to_string(), "place": PLACE.to_string(), "any_place": ANY_PLACE},
        })
    }

    /// The page's data, as JavaScript, each file handed to `put` (file
    /// name, text) as it is made: `ask/core.js`, then the product names, the
    /// disease names and the ICD-10-CM titles, one shard at a time, read
    /// from the record now.
    /// `answers` is [`AskData::answers_json`], made once for both files.
    pub fn scripts(
        conn: &Connection,
        answers: &str,
        put: &mut dyn FnMut(&str, &str) -> Result<()>,
    ) -> Result<()> {
        put("ask/core.js", &format!("window.MSCDB_ASK={answers};\n"))?;
        let mut shard: Option<(usize, BTreeMap<String, String>)> = None;
        let mut write = |(index, map): (usize, BTreeMap<String, String>)| {
            put(
                &format!("ask/n-{index}.js"),
                &format!("(window.MSCDB_N=window.MSCDB_N||{{}})[{index}]={};\n", json!(map)),
            )
        };
        each_product_name(conn, |index, norm, id| {
            if shard.as_ref().is_some_and(|(i, _)| *i != index) {
                shard.take().map_or(Ok(()), &mut write)?;
            }
            shard
                .get_or_insert_with(|| (index, BTreeMap::new()))
                .1
                .insert(norm, id);
            Ok(())
        })?;
        shard.map_or(Ok(()), &mut write)?;
        let mut names = Shards::new("D", "d", put);
        query::site::each_name_targets(conn, NameKind::Disease, |norm, codes| {
            names.add(norm, codes).map(|()| true)
        })?;
        names.finish()?;
        let put = names.put;
        let mut titles = Shards::new("T", "t", put);
        query::site::each_icd_title(conn, |code, title| titles.add(code, title).map(|()| true))?;
        titles.finish()
    }
}

/// Writes a sorted stream of (key, value) as one script per shard of the
/// keys, holding one shard at a time. The record's names are normalised
/// (lower-case letters and digits) and read in order, so each shard's keys
/// come together; a database where they do not is refused, not half written.
struct Shards<'p> {
    global: &'static str,
    prefix: &'static str,
    put: &'p mut dyn FnMut(&str, &str) -> Result<()>,
    current: Option<(String, BTreeMap<String, String>)>,
    done: BTreeSet<String>,
}

impl<'p> Shards<'p> {
    fn new(
        global: &'static str,
        prefix: &'static str,
        put: &'p mut dyn FnMut(&str, &str) -> Result<()>,
    ) -> Self {
        Shards {
            global,
            prefix,
            put,
            current: None,
            done: BTreeSet::new(),
        }
    }

    fn add(&mut self, key: String, value: String) -> Result<()> {
        let s = shard(&key);
        if self.current.as_ref().is_none_or(|(c, _)| *c != s) {
            self.finish()?;
            if !self.done.insert(s.clone()) {
                return Err(crate::error::Error::usage(format!(
                    "site: the record's names are not in normalised order (shard '{s}' again); rebuild it with 'mscdb build'"
                )));
            }
            self.current = Some((s, BTreeMap::new()));
        }
        if let Some((_, map)) = &mut self.current {
            map.insert(key, value);
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if let Some((s, map)) = self.current.take() {
            (self.put)(
                &format!("ask/{}-{s}.js", self.prefix),
                &format!(
                    "(window.MSCDB_{g}=window.MSCDB_{g}||{{}})[{}]={};\n",
                    json!(s),
                    json!(map),
                    g = self.global
                ),
            )?;
        }
        Ok(())
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
    // Where each product's and indication's decisions are, read once (not
    // every decision held: only the three columns this needs).
    let mut product_places_of: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut product_indications: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut indication_places: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut unindicated_places: BTreeSet<String> = BTreeSet::new();
    query::site::each_decision_scope(conn, |product, jurisdiction, indication| {
        match &indication {
            Some(i) => {
                if !indication_places
                    .get(i)
                    .is_some_and(|s| s.contains(&jurisdiction))
                {
                    indication_places
                        .entry(i.clone())
                        .or_default()
                        .insert(jurisdiction.clone());
                }
                if !product_indications.get(&product).is_some_and(|s| s.contains(i)) {
                    product_indications
                        .entry(product.clone())
                        .or_default()
                        .insert(i.clone());
                }
            }
            None => {
                unindicated_places.insert(jurisdiction.clone());
            }
        }
        product_places_of.entry(product).or_default().insert(jurisdiction);
        Ok(())
    })?;
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
    let mut quiet_question: Option<String> = None;
    query::site::each_name(conn, NameKind::Disease, |norm, _| {
        let quiet = crate::answer::disease::resolve(cx, &norm)
            .is_ok_and(|d| d.exact.is_empty() && d.narrower.is_empty() && d.broader.is_empty());
        if quiet {
            quiet_question = Some(norm);
        }
        Ok(!quiet)
    })?;
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
    let words = data.places.len().div_ceil(64);
    for p in &products {
        let own = reached(product_places_of.get(&p.id).unwrap_or(&BTreeSet::new()));
        let mut set = vec![0u64; words];
        for code in &own {
            if let Some(&i) = data.place_index.get(code) {
                set[i / 64] |= 1 << (i % 64);
            }
        }
        data.reached.insert(p.id.clone(), set);
        if data.products_asked {
            let b = by_place(&mut data, cx, (Some(&p.id), None), &own, &shared, as_of)?;
            data.product.insert(p.id.clone(), b);
            product_places.insert(p.id.clone(), own);
        }
    }
    drop(product_places_of);
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
    // Each list of codes a disease name stands for (joined by ";", as the
    // name shards write them), with the first name that has it.
    let mut code_sets: BTreeMap<String, String> = BTreeMap::new();
    let mut shards: BTreeSet<String> = BTreeSet::new();
    query::site::each_name_targets(conn, NameKind::Disease, |norm, joined| {
        if !shards.contains(&shard(&norm)) {
            shards.insert(shard(&norm));
        }
        code_sets.entry(joined).or_insert(norm);
        Ok(true)
    })?;
    data.disease_shards = shards.into_iter().collect();
    for (joined, rep) in &code_sets {
        let codes: Vec<String> = joined.split(';').map(ToString::to_string).collect();
        let d = Disease::relate(String::new(), codes, Vec::new(), &indications);
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
    Ok(data)
}
