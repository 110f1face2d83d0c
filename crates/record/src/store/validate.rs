//! Checks of values and of the links between tables. Pure: rows in, problems out.

use std::borrow::Cow;

/// Hash maps keyed by cell text: foldhash is several times faster than the
/// default SipHash on millions of short keys, and nothing here is attacker-keyed.
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use crate::date::PartialDate;
use crate::error::Problem;
use crate::model::{DecisionKind, Effect};
use crate::names::normalize;
use crate::spec::{Kind, LIST_SEPARATOR, Table};

use super::first_use::{FirstUse, PRODUCT_NAME_COLUMNS, ProductNames};
use super::parse::{RawRow, RawTable};

/// Every problem in a set of parsed tables (empty when the data is sound).
pub fn validate(tables: &[RawTable]) -> Vec<Problem> {
    validate_with(tables, None)
}

/// [`validate`], where the rows of one table were checked as they streamed
/// past (`streamed`); its entry in `tables` holds no rows. The problems are
/// the same, in the same order, as if its rows had been held.
pub fn validate_with(tables: &[RawTable], streamed: Option<&Streamed>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let by_name: HashMap<&str, &RawTable> = tables.iter().map(|t| (t.table.name, t)).collect();
    let mut keys: HashMap<&str, HashSet<&str>> = HashMap::default();
    let streamed_here = |table: &Table| streamed.filter(|s| std::ptr::eq(s.table, table));

    for raw in tables {
        let table = raw.table;
        if let Some(s) = streamed_here(table) {
            problems.extend(s.values.iter().cloned());
            continue;
        }
        let key_indexes: Vec<usize> = table.primary_key.iter().filter_map(|c| table.column(c)).collect();
        let mut seen: HashMap<Cow<str>, u64> = HashMap::default();
        seen.reserve(raw.rows.len());
        for row in &raw.rows {
            check_row_values(table, row, &mut problems);
            // A one-column key is borrowed; only composite keys are joined.
            let key: Cow<str> = row_key(row, &key_indexes);
            if let Some(first) = seen.get(&key) {
                problems.push(duplicate(table, row, *first, key.into_owned()));
            } else {
                seen.insert(key, row.line);
            }
        }
        let first_key = table.primary_key[0];
        keys.insert(
            table.name,
            raw.rows.iter().filter_map(|r| r.get(table, first_key)).collect(),
        );
    }

    // References between tables.
    let has = |target: &str, key: &str| match streamed {
        Some(s) if s.table.name == target => s.keys.contains(key),
        _ => keys.get(target).is_some_and(|k| k.contains(key)),
    };
    for raw in tables {
        let table = raw.table;
        if let Some(s) = streamed_here(table) {
            problems.extend(s.refs.iter().cloned());
            continue;
        }
        for row in &raw.rows {
            check_row_refs(table, row, &has, &mut problems);
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    problems.extend(check_cited_sources(&keys));
    problems.extend(check_after_record_date(&by_name));
    if let Some(s) = streamed {
        problems.extend(s.late.iter().cloned());
    }
    problems.extend(check_decisions(&by_name));
    if let Some(s) = streamed {
        problems.extend(s.rules.iter().cloned());
    }
    problems.extend(check_frameworks(&by_name));
    problems.extend(check_framework_facts(&by_name, streamed));
    problems.extend(check_memberships(&by_name));
    problems.extend(check_names(&by_name));
    problems.extend(check_cited_urls(&by_name, "actions"));
    problems.extend(check_cited_urls(&by_name, "offer_rules"));
    problems.extend(check_cited_urls(&by_name, "labels"));
    problems.extend(check_labels(&by_name));
    problems.extend(check_offer_rules(&by_name));
    problems.extend(check_action_authorities(&by_name));
    problems.extend(check_seller_names(&by_name));
    problems.extend(super::confusable::check(tables));
    problems
}

/// The `href` a URL may be given as a link: an `https:` or `http:` URL
/// (scheme in any case) with no whitespace or control character, or a DOI
/// (`doi:10.…`, linked through doi.org). Anything else (`javascript:`,
/// `data:`, a relative path) is never a link, whatever the record holds: it
/// is shown as text.
pub fn link_href(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if (lower.starts_with("https://") && url.len() > 8) || (lower.starts_with("http://") && url.len() > 7) {
        return Some(url.to_string());
    }
    if lower.starts_with("doi:10.") {
        return Some(format!("https://doi.org/{}", &url[4..]));
    }
    None
}

/// A row's primary key as one string (composite keys joined by `+`).
fn row_key<'r>(row: &'r RawRow, key_indexes: &[usize]) -> Cow<'r, str> {
    match key_indexes {
        [i] => Cow::Borrowed(row.value(*i).unwrap_or("")),
        many => Cow::Owned(
            many.iter()
                .map(|i| row.value(*i).unwrap_or(""))
                .collect::<Vec<_>>()
                .join("+"),
        ),
    }
}

fn duplicate(table: &Table, row: &RawRow, first: u64, key: String) -> Problem {
    Problem {
        file: table.file(),
        line: Some(row.line),
        column: Some(table.primary_key.join("+")),
        message: format!("duplicate key; first used on line {first}"),
        value: Some(key),
    }
}

/// Each value of a row against its column: required, and of its kind.
fn check_row_values(table: &Table, row: &RawRow, problems: &mut Vec<Problem>) {
    for (column, value) in table.columns.iter().zip(row.values()) {
        let at = |message: String, value: &str| Problem {
            file: table.file(),
            line: Some(row.line),
            column: Some(column.name.to_string()),
            message,
            value: Some(value.to_string()),
        };
        match value {
            None if column.required => problems.push(Problem {
                value: None,
                ..at("required value is empty".into(), "")
            }),
            None => {}
            Some(v) => {
                if let Err(message) = check_value(column.kind, v) {
                    problems.push(at(message, v));
                }
            }
        }
    }
}

/// Each reference of a row: `has(target, key)` says whether the row exists.
fn check_row_refs(
    table: &Table,
    row: &RawRow,
    has: &dyn Fn(&str, &str) -> bool,
    problems: &mut Vec<Problem>,
) {
    for (column, value) in table.columns.iter().zip(row.values()) {
        let (target, many) = match column.kind {
            Kind::Ref(t) => (t, false),
            Kind::RefList(t) => (t, true),
            _ => continue,
        };
        let Some(value) = value else { continue };
        let items = value
            .split(if many { LIST_SEPARATOR } else { '\0' })
            .map(str::trim);
        for item in items {
            if !has(target, item) {
                problems.push(Problem {
                    file: table.file(),
                    line: Some(row.line),
                    column: Some(column.name.to_string()),
                    message: format!("no such row in {target}.csv"),
                    value: Some(item.to_string()),
                });
            }
        }
    }
}

/// The keys of a streamed table, held in one buffer (a million small
/// strings would be a million allocations), each with the line it was first
/// used on. The hash table holds only each key's number (4 bytes).
struct KeyIndex {
    text: String,
    /// Where key `n` ends in `text` (it starts where key `n - 1` ends).
    ends: Vec<u32>,
    /// The line key `n` was first used on.
    lines: Vec<u32>,
    entries: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl KeyIndex {
    fn new() -> KeyIndex {
        KeyIndex {
            text: String::new(),
            ends: Vec::new(),
            lines: Vec::new(),
            entries: hashbrown::HashTable::new(),
            hasher: foldhash::fast::FixedState::with_seed(0x6d73_6364),
        }
    }

    fn hash(&self, key: &str) -> u64 {
        std::hash::BuildHasher::hash_one(&self.hasher, key)
    }

    fn key<'t>(text: &'t str, ends: &[u32], n: u32) -> &'t str {
        let n = n as usize;
        let start = if n == 0 { 0 } else { ends[n - 1] as usize };
        &text[start..ends[n] as usize]
    }

    fn contains(&self, key: &str) -> bool {
        !key.is_empty()
            && self
                .entries
                .find(self.hash(key), |&n| {
                    KeyIndex::key(&self.text, &self.ends, n) == key
                })
                .is_some()
    }

    /// Records `key` first used on `line`, or gives the line it was first used on.
    fn insert(&mut self, key: &str, line: u64) -> Option<u64> {
        let hash = self.hash(key);
        let (text, ends) = (&self.text, &self.ends);
        if let Some(&n) = self.entries.find(hash, |&n| KeyIndex::key(text, ends, n) == key) {
            return Some(u64::from(self.lines[n as usize]));
        }
        self.text.push_str(key);
        self.ends.push(self.text.len() as u32);
        self.lines.push(line as u32);
        let n = (self.ends.len() - 1) as u32;
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        self.entries.insert_unique(hash, n, |&m| {
            std::hash::BuildHasher::hash_one(hasher, KeyIndex::key(text, ends, m))
        });
        None
    }
}

/// What checking one table's rows as they stream past leaves behind: its
/// keys, and its problems sorted by the pass of [`validate`] that reports them.
pub struct Streamed {
    table: &'static Table,
    keys: KeyIndex,
    /// Values and duplicate keys (the first pass).
    values: Vec<Problem>,
    /// References (the second pass).
    refs: Vec<Problem>,
    /// The rules of decisions (reported only when the passes above found nothing).
    rules: Vec<Problem>,
    /// Each row's product (its index in `product_ids`) and date, for the
    /// checks of framework facts: twelve bytes a row, not an id string.
    product_dates: Vec<(u32, PartialDate)>,
    product_ids: Vec<Box<str>>,
    /// Rows dated after the record date.
    late: Vec<Problem>,
}

/// Checks the rows of one table as they stream past, against the tables
/// parsed before it (which must include every table it refers to).
pub struct StreamCheck {
    streamed: Streamed,
    key_indexes: Vec<usize>,
    targets: HashMap<&'static str, HashSet<Box<str>>>,
    with_url: HashSet<Box<str>>,
    regulator_place: HashMap<Box<str>, Box<str>>,
    record_date: Option<PartialDate>,
    /// A product id's index in `Streamed::product_ids`.
    product_index: HashMap<Box<str>, u32>,
}

impl Streamed {
    pub fn table(&self) -> &'static Table {
        self.table
    }
}

impl StreamCheck {
    pub fn new(table: &'static Table, earlier: &[RawTable]) -> StreamCheck {
        let find = |name: &str| earlier.iter().find(|t| t.table.name == name);
        let mut targets: HashMap<&'static str, HashSet<Box<str>>> = HashMap::default();
        for column in table.columns {
            let (Kind::Ref(target) | Kind::RefList(target)) = column.kind else {
                continue;
            };
            let keys = find(target)
                .map(|raw| {
                    let first_key = raw.table.primary_key[0];
                    raw.rows
                        .iter()
                        .filter_map(|r| r.get(raw.table, first_key))
                        .map(Box::from)
                        .collect()
                })
                .unwrap_or_default();
            targets.insert(target, keys);
        }
        let mut with_url = HashSet::default();
        let mut regulator_place = HashMap::default();
        if table.name == "decisions" {
            if let Some(sources) = find("sources") {
                with_url = sources
                    .rows
                    .iter()
                    .filter(|r| r.get(sources.table, "url").is_some())
                    .filter_map(|r| r.get(sources.table, "id"))
                    .map(Box::from)
                    .collect();
            }
            if let Some(regulators) = find("regulators") {
                regulator_place = regulators
                    .rows
                    .iter()
                    .filter_map(|r| {
                        Some((
                            Box::from(r.get(regulators.table, "id")?),
                            Box::from(r.get(regulators.table, "jurisdiction")?),
                        ))
                    })
                    .collect();
            }
        }
        // Only the products the framework facts name (when the frameworks
        // were parsed first, as `load_into` does; else every product).
        let dated = products_to_date(earlier);
        let product_ids: Vec<Box<str>> = find("products")
            .map(|raw| {
                raw.rows
                    .iter()
                    .filter_map(|r| r.get(raw.table, "id"))
                    .filter(|id| dated.as_ref().is_none_or(|d| d.contains(*id)))
                    .map(Box::from)
                    .collect()
            })
            .unwrap_or_default();
        let product_index = product_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i as u32))
            .collect();
        StreamCheck {
            product_index,
            streamed: Streamed {
                table,
                keys: KeyIndex::new(),
                values: Vec::new(),
                refs: Vec::new(),
                rules: Vec::new(),
                product_dates: Vec::new(),
                product_ids,
                late: Vec::new(),
            },
            key_indexes: table.primary_key.iter().filter_map(|c| table.column(c)).collect(),
            targets,
            with_url,
            regulator_place,
            record_date: record_date_of(find("meta")),
        }
    }

    pub fn row(&mut self, row: &RawRow) {
        let s = &mut self.streamed;
        let table = s.table;
        check_row_values(table, row, &mut s.values);
        let key = row_key(row, &self.key_indexes);
        if let Some(first) = s.keys.insert(&key, row.line) {
            s.values.push(duplicate(table, row, first, key.into_owned()));
        }
        let targets = &self.targets;
        let has = |target: &str, key: &str| targets.get(target).is_some_and(|k| k.contains(key));
        check_row_refs(table, row, &has, &mut s.refs);
        if let (Some(id), Some(date)) = (row.get(table, "product_id"), row.get(table, "date"))
            && let Ok(date) = PartialDate::parse(date)
            && let Some(&product) = self.product_index.get(id)
        {
            s.product_dates.push((product, date));
        }
        if let Some(record_date) = self.record_date {
            s.late.extend(after_record_date(record_date, table, row));
        }
        if table.name == "decisions" {
            check_decision_row(
                table,
                row,
                &|source| self.with_url.contains(source),
                &|regulator| self.regulator_place.get(regulator).map(|p| &**p),
                &mut s.rules,
            );
        }
    }

    pub fn finish(self) -> Streamed {
        self.streamed
    }
}

/// Whether a value of an id or URL column plainly passes [`check_value`]:
/// printable ASCII of the kind's own bytes, tested without an early exit so
/// the loop vectorises (a `--db` open tests some thousand values a start).
/// `false` means "check it in full", not "bad".
pub fn plainly_valid(kind: Kind, value: &[u8]) -> bool {
    let all = |ok: fn(u8) -> bool| value.iter().fold(true, |all, &b| all & ok(b));
    let inner_hyphens = || value.first() != Some(&b'-') && value.last() != Some(&b'-');
    match kind {
        Kind::Slug => all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-')) && inner_hyphens(),
        Kind::Code => value.len() <= 12 && all(|b| matches!(b, b'A'..=b'Z' | b'0'..=b'9')),
        // No space and no control character, so no whitespace to trim.
        Kind::Url => {
            value.len() > 10
                && (value.starts_with(b"https://") || value.starts_with(b"http://"))
                && all(|b| (0x21..0x7f).contains(&b))
        }
        _ => false,
    }
}

/// Checks one non-empty value against its column's kind.
pub fn check_value(kind: Kind, value: &str) -> Result<(), String> {
    if value.trim() != value {
        return Err("leading or trailing whitespace".into());
    }
    let multiline_ok = matches!(kind, Kind::Text);
    // One pass over the bytes (a `--db` open checks every id and URL, some
    // thousand values a start): a value of printable ASCII has no control
    // character, and its only whitespace is the space. Any other value is
    // checked character by character.
    let (mut plain, mut space) = (true, false);
    for &b in value.as_bytes() {
        plain &= (0x20..0x7f).contains(&b);
        space |= b == b' ';
    }
    let control = |c: char| c.is_control() && !(multiline_ok && (c == '\n' || c == '\r' || c == '\t'));
    if !plain && value.chars().any(control) {
        return Err("contains a control character".into());
    }
    match kind {
        Kind::Text => Ok(()),
        Kind::Slug => {
            let ok = value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !value.starts_with('-')
                && !value.ends_with('-');
            if ok {
                Ok(())
            } else {
                Err("not an identifier (lowercase letters, digits and inner hyphens)".into())
            }
        }
        Kind::Code => {
            let ok = value.len() <= 12
                && value
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            if ok {
                Ok(())
            } else {
                Err("not a code (uppercase letters and digits)".into())
            }
        }
        Kind::Date => PartialDate::parse(value)
            .map(|_| ())
            .map_err(|e| format!("not a valid date: {e}")),
        Kind::Url => {
            let white = if plain {
                space
            } else {
                value.contains(char::is_whitespace)
            };
            let ok =
                (value.starts_with("https://") || value.starts_with("http://")) && value.len() > 10 && !white;
            if ok {
                Ok(())
            } else {
                Err("not an http(s) URL".into())
            }
        }
        Kind::Key => {
            let ok = value.len() <= 24
                && value
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
                && !value.starts_with('-')
                && !value.ends_with('-')
                && !value.contains("--");
            if ok {
                Ok(())
            } else {
                Err("not a key (uppercase letters, digits and inner hyphens)".into())
            }
        }
        Kind::EnumList(allowed) => {
            let items: Vec<&str> = value.split(LIST_SEPARATOR).map(str::trim).collect();
            if items.iter().any(|i| i.is_empty()) {
                return Err("empty item in a ';'-separated list".into());
            }
            match items.iter().find(|i| !allowed.contains(i)) {
                Some(bad) => Err(format!("'{bad}' is not one of: {}", closed_list(allowed))),
                None => Ok(()),
            }
        }
        Kind::Enum(allowed) => {
            if allowed.contains(&value) {
                Ok(())
            } else {
                Err(format!("not one of: {}", closed_list(allowed)))
            }
        }
        Kind::Integer => {
            if value.len() <= 9 && value.bytes().all(|b| b.is_ascii_digit()) {
                Ok(())
            } else {
                Err("not a whole number".into())
            }
        }
        Kind::Icd => {
            let b = value.as_bytes();
            let head = b.len() >= 3
                && b[0].is_ascii_uppercase()
                && (b[1].is_ascii_digit() || b[1].is_ascii_uppercase())
                && (b[2].is_ascii_digit() || b[2].is_ascii_uppercase());
            let tail = &b[3.min(b.len())..];
            let tail_ok = tail.is_empty()
                || (tail[0] == b'.'
                    && (2..=5).contains(&tail.len())
                    && tail[1..]
                        .iter()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
            if head && tail_ok {
                Ok(())
            } else {
                Err("not an ICD-10-CM code (a letter, two letters or digits, then optionally a dot and up to four more)".into())
            }
        }
        Kind::Age => {
            let ok = value.split_once(' ').is_some_and(|(n, unit)| {
                !n.is_empty()
                    && n.len() <= 3
                    && n.bytes().all(|b| b.is_ascii_digit())
                    && !n.starts_with('0')
                    && crate::spec::AGE_UNITS.contains(&unit)
            });
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "not an age: a whole number from 1 and one of {} (2 months, 12 years)",
                    crate::spec::AGE_UNITS.join(", ")
                ))
            }
        }
        Kind::Ref(_) => Ok(()),
        Kind::RefList(_) | Kind::TextList => {
            if value.split(LIST_SEPARATOR).any(|item| item.trim().is_empty()) {
                Err("empty item in a ';'-separated list".into())
            } else {
                Ok(())
            }
        }
    }
}

/// The values of a closed list for a message: all of them while they fit
/// on a line (so that the value at the end of the message is never cut).
fn closed_list(allowed: &[&str]) -> String {
    let all = allowed.join(", ");
    if all.len() <= 160 {
        return all;
    }
    let mut shown = String::new();
    let mut count = 0;
    for value in allowed {
        if shown.len() + value.len() > 120 {
            break;
        }
        if count > 0 {
            shown.push_str(", ");
        }
        shown.push_str(value);
        count += 1;
    }
    format!(
        "{shown}, … and {} more (data/datapackage.json lists them)",
        allowed.len() - count
    )
}

fn problem(
    table: &Table,
    row: &RawRow,
    column: &str,
    message: impl Into<String>,
    value: Option<&str>,
) -> Problem {
    Problem {
        file: table.file(),
        line: Some(row.line),
        column: Some(column.to_string()),
        message: message.into(),
        value: value.map(str::to_string),
    }
}

/// Rules of decisions that single values cannot express.
fn check_decisions(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let (Some(decisions), Some(sources), Some(regulators)) = (
        tables.get("decisions"),
        tables.get("sources"),
        tables.get("regulators"),
    ) else {
        return problems;
    };
    let with_url: HashSet<&str> = sources
        .rows
        .iter()
        .filter(|r| r.get(sources.table, "url").is_some())
        .filter_map(|r| r.get(sources.table, "id"))
        .collect();
    let regulator_place: HashMap<&str, &str> = regulators
        .rows
        .iter()
        .filter_map(|r| {
            Some((
                r.get(regulators.table, "id")?,
                r.get(regulators.table, "jurisdiction")?,
            ))
        })
        .collect();
    let t = decisions.table;
    for row in &decisions.rows {
        check_decision_row(
            t,
            row,
            &|source| with_url.contains(source),
            &|regulator| regulator_place.get(regulator).copied(),
            &mut problems,
        );
    }
    problems
}

/// The rules of one decision row that single values cannot express.
fn check_decision_row<'m>(
    t: &Table,
    row: &RawRow,
    has_url: &dyn Fn(&str) -> bool,
    place_of: &dyn Fn(&str) -> Option<&'m str>,
    problems: &mut Vec<Problem>,
) {
    let kind = row.get(t, "decision").and_then(DecisionKind::parse);
    for source in row
        .get(t, "sources")
        .unwrap_or("")
        .split(LIST_SEPARATOR)
        .map(str::trim)
    {
        if !has_url(source) {
            problems.push(problem(
                t,
                row,
                "sources",
                "cited source has no URL in sources.csv",
                Some(source),
            ));
        }
    }
    if let (Some(reg), Some(place)) = (row.get(t, "regulator"), row.get(t, "jurisdiction"))
        && place_of(reg).is_some_and(|p| p != place)
    {
        problems.push(problem(
            t,
            row,
            "regulator",
            format!("regulator does not act in {place}"),
            Some(reg),
        ));
    }
    if row.get(t, "indication_id").is_none() && kind.is_some_and(|k| k.effect() != Effect::End) {
        problems.push(problem(
            t,
            row,
            "indication_id",
            "required unless the decision ends every indication",
            None,
        ));
    }
    if let Some(until) = row.get(t, "valid_until") {
        if kind.is_some_and(|k| k.effect() != Effect::Grant) {
            problems.push(problem(
                t,
                row,
                "valid_until",
                "only a grant has a term",
                Some(until),
            ));
        }
        let start = row.get(t, "date").and_then(|d| PartialDate::parse(d).ok());
        let end = PartialDate::parse(until).ok();
        if let (Some(start), Some(end)) = (start, end)
            && end.last_day() < start.first_day()
        {
            problems.push(problem(
                t,
                row,
                "valid_until",
                "ends before the decision's date",
                Some(until),
            ));
        }
    }
}

/// A framework fact cites a source unless it says that none was found.
fn check_frameworks(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let Some(f) = tables.get("frameworks") else {
        return Vec::new();
    };
    let t = f.table;
    f.rows
        .iter()
        .filter(|r| r.get(t, "sources").is_none())
        .filter(|r| {
            !r.get(t, "summary")
                .unwrap_or_default()
                .starts_with("No source found")
        })
        .map(|r| {
            problem(
                t,
                r,
                "sources",
                "required unless the summary begins 'No source found'",
                None,
            )
        })
        .collect()
}

/// The products the framework summaries name (see [`check_framework_facts`]).
fn mentioned_products<'a>(frameworks: &RawTable, names: &Names<'a>) -> HashSet<&'a str> {
    let ft = frameworks.table;
    frameworks
        .rows
        .iter()
        .filter_map(|row| row.get(ft, "summary"))
        .flat_map(|summary| summary.split(". "))
        .flat_map(|sentence| product_mentions(&sentence.to_lowercase(), names))
        .map(|(_, product, _)| product)
        .collect()
}

/// The products whose decision dates the check of framework facts reads,
/// worked out from the tables parsed before a streamed table; `None` when
/// the frameworks are not among them (then every product's are kept).
fn products_to_date(earlier: &[RawTable]) -> Option<HashSet<Box<str>>> {
    let find = |name: &str| earlier.iter().find(|t| t.table.name == name);
    let frameworks = find("frameworks")?;
    let (Some(products), Some(aliases)) = (find("products"), find("aliases")) else {
        return Some(HashSet::default());
    };
    let names = Names::new(ProductNames {
        products,
        aliases: Some(aliases),
    });
    Some(
        mentioned_products(frameworks, &names)
            .into_iter()
            .map(Box::from)
            .collect(),
    )
}

/// A framework fact that names a product with a date must agree with that
/// product's decisions: each date written after a product's name, in the
/// same sentence, is the date of one of its decisions or filings (to the precision
/// written: "2015" agrees with a decision of 2015-02-19, and "2015-02-19"
/// with one dated 2015-02). Prose that says "refused in 2024-07" when the
/// record's refusal is of 2023 is caught here rather than by a reader.
fn check_framework_facts(tables: &HashMap<&str, &RawTable>, streamed: Option<&Streamed>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let (Some(frameworks), Some(products), Some(aliases), Some(decisions)) = (
        tables.get("frameworks"),
        tables.get("products"),
        tables.get("aliases"),
        tables.get("decisions"),
    ) else {
        return problems;
    };
    // Every name of a product (four characters or more, so that codes such
    // as "MPC" inside other words do not count), lower-cased.
    let names = Names::new(ProductNames {
        products,
        aliases: Some(aliases),
    });
    // Only the dates of products the summaries name are needed.
    let ft = frameworks.table;
    let mentioned = mentioned_products(frameworks, &names);
    let mut dates: HashMap<&str, Vec<PartialDate>> = HashMap::default();
    let dt = decisions.table;
    for row in &decisions.rows {
        if let (Some(id), Some(date)) = (row.get(dt, "product_id"), row.get(dt, "date"))
            && mentioned.contains(id)
            && let Ok(date) = PartialDate::parse(date)
        {
            dates.entry(id).or_default().push(date);
        }
    }
    // The decisions' rows may have streamed past instead of being held.
    if let Some(s) = streamed.filter(|s| s.table.name == dt.name) {
        for &(product, date) in &s.product_dates {
            let id = &*s.product_ids[product as usize];
            if mentioned.contains(id) {
                dates.entry(id).or_default().push(date);
            }
        }
    }
    if let Some(filings) = tables.get("filings") {
        let t = filings.table;
        for row in &filings.rows {
            if let (Some(id), Some(date)) = (row.get(t, "product_id"), row.get(t, "date"))
                && mentioned.contains(id)
                && let Ok(date) = PartialDate::parse(date)
            {
                dates.entry(id).or_default().push(date);
            }
        }
    }
    for row in &frameworks.rows {
        let Some(summary) = row.get(ft, "summary") else {
            continue;
        };
        for sentence in summary.split(". ") {
            let lower = sentence.to_lowercase();
            let mentions = product_mentions(&lower, &names);
            // The name as written, where lower-casing kept the byte offsets.
            let as_written = |start: usize, name: &str| -> String {
                if lower.len() == sentence.len() {
                    sentence
                        .get(start..start + name.len())
                        .unwrap_or(name)
                        .to_string()
                } else {
                    name.to_string()
                }
            };
            for (at_byte, token) in date_tokens(sentence) {
                let Some((start, product, name)) =
                    mentions.iter().rev().find(|(start, _, _)| *start < at_byte)
                else {
                    continue;
                };
                let shown = as_written(*start, name);
                let Ok(written) = PartialDate::parse(token) else {
                    continue;
                };
                let agrees = dates.get(product).is_some_and(|ds| {
                    ds.iter()
                        .any(|d| written.first_day() <= d.last_day() && d.first_day() <= written.last_day())
                });
                if !agrees {
                    problems.push(problem(
                        ft,
                        row,
                        "summary",
                        format!(
                            "names {shown} with {token}, but no decision or filing of product {product} is dated {token} \
                             (correct the text, or the decision)"
                        ),
                        Some(sentence),
                    ));
                }
            }
        }
    }
    problems
}

/// Where each product name occurs in `lower` (a lower-cased sentence), as
/// (byte offset, product id, the name as found), in order. A name counts
/// only between non-alphanumeric characters.
fn product_mentions<'a>(lower: &str, names: &Names<'a>) -> Vec<(usize, &'a str, String)> {
    // A mention starts after a boundary (or at the start) and ends before
    // one (or at the end), so only those spans are looked up: the cost
    // follows the sentence, not the number of names in the record.
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let starts: Vec<usize> = lower
        .char_indices()
        .filter(|&(i, _)| boundary(lower[..i].chars().next_back()))
        .map(|(i, _)| i)
        .collect();
    let ends: Vec<usize> = lower
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&end| boundary(lower[end..].chars().next()))
        .collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for &start in &starts {
        for &end in ends.iter().filter(|&&e| e > start && e - start <= names.longest) {
            found.extend(names.spelled(&lower[start..end]).map(|i| (start, i)));
        }
    }
    // One name's mentions do not overlap (as `match_indices` finds them), and
    // mentions come by position, then in the order of the names.
    found.sort_unstable_by_key(|&(start, i)| (i, start));
    let mut last_end: Option<(usize, usize)> = None;
    found.retain(|&(start, i)| {
        let end = start + names.lower(i).len();
        match last_end {
            Some((name, until)) if name == i && start < until => false,
            _ => {
                last_end = Some((i, end));
                true
            }
        }
    });
    found.sort_unstable();
    found
        .into_iter()
        .map(|(start, i)| (start, names.product(i), names.lower(i)))
        .collect()
}

/// The lower-cased product names (`name`, `nonproprietary_name` and the
/// aliases, four characters or more), by their text (for
/// [`product_mentions`]). A name is held as its position among the product
/// names and lower-cased again when needed: a record of millions of names
/// keeps a few bytes per name.
struct Names<'a> {
    /// Where the names are read from.
    of: ProductNames<'a>,
    /// The first position of each text, found by the text's hash.
    by_text: hashbrown::HashTable<u32>,
    /// `same[p]` is the next position with the same text as `p` (`u32::MAX`
    /// when none).
    same: Vec<u32>,
    longest: usize,
    hasher: foldhash::fast::FixedState,
}

impl<'a> Names<'a> {
    fn new(names: ProductNames<'a>) -> Names<'a> {
        let mut by_text = hashbrown::HashTable::with_capacity(names.len());
        let mut same = vec![u32::MAX; names.len()];
        let hasher = foldhash::fast::FixedState::with_seed(0x6e61_6d65);
        let hash = |text: &str| std::hash::BuildHasher::hash_one(&hasher, text);
        let lower = |p: u32| names.at(p).1.to_lowercase();
        let mut longest = 0;
        // Backwards, so that each text's chain runs in position order.
        for p in (0..names.len() as u32).rev() {
            let (product, name) = names.at(p);
            if !Names::counted(&names, p, product) {
                continue;
            }
            let text = name.to_lowercase();
            if text.chars().count() < 4 {
                continue;
            }
            longest = longest.max(text.len());
            let h = hash(&text);
            if let Some(first) = by_text.find_mut(h, |&q| lower(q) == text) {
                same[p as usize] = std::mem::replace(first, p);
            } else {
                by_text.insert_unique(h, p, |&q| hash(&lower(q)));
            }
        }
        Names {
            of: names,
            by_text,
            same,
            longest,
            hasher,
        }
    }

    /// Whether a position holds a name this check reads: a product's name or
    /// nonproprietary name (not its id), or an alias, of a row with a product.
    fn counted(names: &ProductNames, p: u32, product: &str) -> bool {
        !product.is_empty() && (p as usize >= 3 * names.products.rows.len() || !p.is_multiple_of(3))
    }

    fn lower(&self, p: usize) -> String {
        self.of.at(p as u32).1.to_lowercase()
    }

    fn product(&self, p: usize) -> &'a str {
        self.of.at(p as u32).0
    }

    /// The positions of the names spelled `text`, in order.
    fn spelled(&self, text: &str) -> impl Iterator<Item = usize> + '_ {
        let h = std::hash::BuildHasher::hash_one(&self.hasher, text);
        let first = self.by_text.find(h, |&q| self.lower(q as usize) == text).copied();
        std::iter::successors(first, |&p| Some(self.same[p as usize]).filter(|&n| n != u32::MAX))
            .map(|p| p as usize)
    }
}

/// Dates written in a sentence: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a year
/// from 1900 to 2099, standing alone (not part of a longer number or code).
fn date_tokens(sentence: &str) -> Vec<(usize, &str)> {
    let bytes = sentence.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let starts_word =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'/' | b'-' | b'.'));
        let year = &bytes[i..i + 4];
        if starts_word
            && year.iter().all(u8::is_ascii_digit)
            && (year.starts_with(b"19") || year.starts_with(b"20"))
        {
            let mut end = i + 4;
            for _ in 0..2 {
                if end + 3 <= bytes.len()
                    && bytes[end] == b'-'
                    && bytes[end + 1].is_ascii_digit()
                    && bytes[end + 2].is_ascii_digit()
                {
                    end += 3;
                } else {
                    break;
                }
            }
            let ends_word = end == bytes.len()
                || !(bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'/' | b'-'));
            if ends_word {
                out.push((i, &sentence[i..end]));
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Memberships: day-precision dates in order, no place a member of itself,
/// and no cycle (EU in DE while DE is in EU would apply decisions in a loop).
fn check_memberships(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let Some(m) = tables.get("memberships") else {
        return Vec::new();
    };
    let t = m.table;
    let mut problems = Vec::new();
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::default();
    for r in &m.rows {
        let (Some(from), Some(to)) = (r.get(t, "jurisdiction"), r.get(t, "member_of")) else {
            continue;
        };
        if from == to {
            problems.push(problem(
                t,
                r,
                "member_of",
                "a jurisdiction cannot be a member of itself",
                Some(to),
            ));
        }
        for column in ["from", "until"] {
            if let Some(date) = r.get(t, column)
                && PartialDate::parse(date).is_ok_and(|d| d.day.is_none())
            {
                problems.push(problem(
                    t,
                    r,
                    column,
                    "a membership date needs a day (YYYY-MM-DD)",
                    Some(date),
                ));
            }
        }
        if let (Some(a), Some(b)) = (r.get(t, "from"), r.get(t, "until"))
            && b < a
        {
            problems.push(problem(t, r, "until", "ends before it starts", Some(b)));
        }
        edges.entry(from).or_default().push(to);
    }
    for r in &m.rows {
        let (Some(from), Some(to)) = (r.get(t, "jurisdiction"), r.get(t, "member_of")) else {
            continue;
        };
        if from == to {
            continue;
        }
        // A cycle through this row: `from` is reachable again from `to`.
        let mut stack = vec![to];
        let mut seen: Vec<&str> = Vec::new();
        while let Some(code) = stack.pop() {
            if code == from {
                problems.push(problem(
                    t,
                    r,
                    "member_of",
                    format!("membership cycle: {to} leads back to {from}"),
                    Some(to),
                ));
                break;
            }
            if !seen.contains(&code) {
                seen.push(code);
                stack.extend(edges.get(code).into_iter().flatten());
            }
        }
    }
    problems
}

/// Every name a person may type must lead to one product only.
fn check_names(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let (Some(products), Some(aliases)) = (tables.get("products"), tables.get("aliases")) else {
        return problems;
    };
    let names = ProductNames {
        products,
        aliases: Some(aliases),
    };
    let mut owner = FirstUse::with_capacity(names.len(), |p| normalize(names.at(p).1));
    let pt = products.table;
    for (r, row) in products.rows.iter().enumerate() {
        let id = row.get(pt, "id").unwrap_or_default();
        for (c, column) in PRODUCT_NAME_COLUMNS.into_iter().enumerate() {
            let Some(name) = row.get(pt, column) else { continue };
            let norm = normalize(name);
            if norm.is_empty() {
                if column == "name" {
                    problems.push(problem(
                        pt,
                        row,
                        column,
                        "name has no letters or digits",
                        Some(name),
                    ));
                }
                continue;
            }
            if let Some(first) = owner.first_or_insert(&norm, ProductNames::product_at(r, c))
                && let (other, _) = names.at(first)
                && other != id
            {
                problems.push(problem(
                    pt,
                    row,
                    column,
                    format!("name is also a name of product {other}"),
                    Some(name),
                ));
            }
        }
    }
    let at = aliases.table;
    for (r, row) in aliases.rows.iter().enumerate() {
        let (Some(id), Some(alias)) = (row.get(at, "product_id"), row.get(at, "alias")) else {
            continue;
        };
        let norm = normalize(alias);
        if norm.is_empty() {
            problems.push(problem(
                at,
                row,
                "alias",
                "alias has no letters or digits",
                Some(alias),
            ));
            continue;
        }
        if let Some(first) = owner.first_or_insert(&norm, names.alias_at(r))
            && let (other, _) = names.at(first)
            && other != id
        {
            problems.push(problem(
                at,
                row,
                "alias",
                format!("alias collides with a name of product {other}"),
                Some(alias),
            ));
        }
    }
    problems
}

/// No decision or filing is dated after the record's own date
/// (`meta.record_date`): a date in the future is a typo (2099 for 2024),
/// and would turn a grant into "not yet" silently.
fn check_after_record_date(by_name: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let Some(record_date) = record_date_of(by_name.get("meta").copied()) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for name in ["decisions", "filings"] {
        let Some(raw) = by_name.get(name) else { continue };
        problems.extend(
            raw.rows
                .iter()
                .filter_map(|row| after_record_date(record_date, raw.table, row)),
        );
    }
    problems
}

/// `meta.record_date`, when the record has one.
fn record_date_of(meta: Option<&RawTable>) -> Option<PartialDate> {
    meta.and_then(|m| m.rows.first().and_then(|r| r.get(m.table, "record_date")))
        .and_then(|d| PartialDate::parse(d).ok())
}

/// The problem of one row dated after the record date, if it is.
fn after_record_date(record_date: PartialDate, table: &Table, row: &RawRow) -> Option<Problem> {
    let text = row.get(table, "date")?;
    let date = PartialDate::parse(text).ok()?;
    (date.first_day() > record_date.last_day()).then(|| Problem {
        file: table.file(),
        line: Some(row.line),
        column: Some("date".into()),
        message: format!(
            "dated after the record date ({}, meta.csv); a typo, or meta.csv needs a new date",
            record_date_label(record_date)
        ),
        value: Some(text.to_string()),
    })
}

fn record_date_label(date: PartialDate) -> String {
    let d = date.last_day();
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// Every source a row of `table` cites has a URL (actions and offer rules,
/// like decisions, are facts a reader must be able to check).
fn check_cited_urls(tables: &HashMap<&str, &RawTable>, table: &str) -> Vec<Problem> {
    let (Some(rows), Some(sources)) = (tables.get(table), tables.get("sources")) else {
        return Vec::new();
    };
    let with_url: HashSet<&str> = sources
        .rows
        .iter()
        .filter(|r| r.get(sources.table, "url").is_some())
        .filter_map(|r| r.get(sources.table, "id"))
        .collect();
    let t = rows.table;
    let mut problems = Vec::new();
    for row in &rows.rows {
        for source in row
            .get(t, "sources")
            .into_iter()
            .flat_map(|v| v.split(LIST_SEPARATOR))
            .map(str::trim)
        {
            if !with_url.contains(source) {
                problems.push(problem(
                    t,
                    row,
                    "sources",
                    "cited source has no URL in sources.csv",
                    Some(source),
                ));
            }
        }
    }
    problems
}

/// An action's authority acts in the action's jurisdiction.
fn check_action_authorities(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let (Some(actions), Some(authorities)) = (tables.get("actions"), tables.get("authorities")) else {
        return Vec::new();
    };
    let at = authorities.table;
    let place: HashMap<&str, &str> = authorities
        .rows
        .iter()
        .filter_map(|r| Some((r.get(at, "id")?, r.get(at, "jurisdiction")?)))
        .collect();
    let t = actions.table;
    actions
        .rows
        .iter()
        .filter_map(|row| {
            let (authority, here) = (row.get(t, "authority")?, row.get(t, "jurisdiction")?);
            let acts_in = place.get(authority)?;
            (*acts_in != here).then(|| {
                problem(
                    t,
                    row,
                    "authority",
                    format!("authority acts in {acts_in}, not in {here}"),
                    Some(authority),
                )
            })
        })
        .collect()
}

/// Offer rules: a scheme for `only-under`, dates in order, and at most one
/// rule per place on any day (`until` is exclusive: the next rule starts then).
fn check_offer_rules(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    use crate::date::Day;
    let Some(rules) = tables.get("offer_rules") else {
        return Vec::new();
    };
    let t = rules.table;
    let mut problems = Vec::new();
    // (place, first day, first day after, line)
    let mut spans: Vec<(&str, Day, Day, u64)> = Vec::new();
    for row in &rules.rows {
        if row.get(t, "allowed") == Some("only-under") && row.get(t, "scheme").is_none() {
            problems.push(problem(
                t,
                row,
                "scheme",
                "required when allowed is only-under",
                None,
            ));
        }
        let date = |c: &str| row.get(t, c).and_then(|d| PartialDate::parse(d).ok());
        let from = date("from").map_or(Day::MIN, PartialDate::first_day);
        let until = date("until").map_or(Day::MAX, PartialDate::first_day);
        if until <= from {
            problems.push(problem(
                t,
                row,
                "until",
                "does not come after from",
                row.get(t, "until"),
            ));
            continue;
        }
        let Some(place) = row.get(t, "jurisdiction") else {
            continue;
        };
        if let Some((_, _, _, line)) = spans
            .iter()
            .find(|(p, a, b, _)| *p == place && from < *b && *a < until)
        {
            problems.push(problem(
                t,
                row,
                "from",
                format!("overlaps the rule for {place} on line {line}"),
                row.get(t, "from"),
            ));
        }
        spans.push((place, from, until, row.line));
    }
    problems
}

/// Every name of a seller leads to that seller only.
fn check_seller_names(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let Some(sellers) = tables.get("sellers") else {
        return Vec::new();
    };
    let t = sellers.table;
    let mut problems = Vec::new();
    let mut owner: HashMap<String, &str> = HashMap::default();
    for row in &sellers.rows {
        let id = row.get(t, "id").unwrap_or_default();
        let names = ["id", "name"]
            .into_iter()
            .filter_map(|c| row.get(t, c).map(|n| (c, n)))
            .chain(
                row.get(t, "aliases")
                    .into_iter()
                    .flat_map(|v| v.split(LIST_SEPARATOR))
                    .map(|n| ("aliases", n.trim())),
            );
        for (column, name) in names {
            let norm = normalize(name);
            if norm.is_empty() {
                problems.push(problem(
                    t,
                    row,
                    column,
                    "name has no letters or digits",
                    Some(name),
                ));
                continue;
            }
            match owner.get(&norm) {
                Some(other) if *other != id => problems.push(problem(
                    t,
                    row,
                    column,
                    format!("name is also a name of seller {other}"),
                    Some(name),
                )),
                _ => {
                    owner.insert(norm, id);
                }
            }
        }
    }
    problems
}

/// Every source the code cites by name must be in the record, so renaming
/// or merging a source fails here instead of dropping a citation silently.
fn check_cited_sources(keys: &HashMap<&str, HashSet<&str>>) -> Vec<Problem> {
    let ids = keys.get("sources");
    crate::spec::CODE_CITED_SOURCES
        .iter()
        .filter(|id| !ids.is_some_and(|k| k.contains(**id)))
        .map(|id| Problem {
            file: "sources.csv".to_string(),
            line: None,
            column: Some("id".to_string()),
            message: "a source the program cites by name is missing".to_string(),
            value: Some((*id).to_string()),
        })
        .collect()
}

/// An identifier says what sort it is.
fn check_labels(tables: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let Some(labels) = tables.get("labels") else {
        return Vec::new();
    };
    let t = labels.table;
    let mut problems = Vec::new();
    for row in &labels.rows {
        if row.get(t, "regulator_ref").is_some() && row.get(t, "regulator_ref_kind").is_none() {
            problems.push(problem(
                t,
                row,
                "regulator_ref_kind",
                "regulator_ref is given but its kind is empty",
                None,
            ));
        }
    }
    problems
}

#[cfg(test)]
mod link_tests {
    use super::link_href;

    #[test]
    fn only_http_https_and_doi_addresses_are_links() {
        assert_eq!(link_href("https://x.org/a").as_deref(), Some("https://x.org/a"));
        assert_eq!(link_href("HTTP://x.org").as_deref(), Some("HTTP://x.org"));
        assert_eq!(
            link_href("doi:10.1000/182").as_deref(),
            Some("https://doi.org/10.1000/182")
        );
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "//x.org",
            "x.html",
            "https://a b",
            "https://",
            "vbscript:x",
        ] {
            assert_eq!(link_href(bad), None, "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path never passes a value the full rule refuses, and it
    /// passes the plain ids and URLs the record is made of.
    #[test]
    fn a_plainly_valid_value_passes_the_full_rule() {
        let cases: &[(Kind, &str, bool)] = &[
            (Kind::Slug, "ryoncil", true),
            (Kind::Slug, "akuugo-jp-2024", true),
            (Kind::Slug, "-ryoncil", false),
            (Kind::Slug, "ryoncil-", false),
            (Kind::Slug, "Ryoncil", false),
            (Kind::Slug, "../x", false),
            (Kind::Slug, "a b", false),
            (Kind::Slug, "é", false),
            (Kind::Code, "US", true),
            (Kind::Code, "ABCDEFGHIJKLM", false),
            (Kind::Code, "us", false),
            (Kind::Url, "https://www.fda.gov/a?b=c#d", true),
            (Kind::Url, "http://x.org/abc", true),
            (Kind::Url, "https://x.org/a b", false),
            (Kind::Url, "https://x.org/\u{1b}[2J", false),
            (Kind::Url, "javascript:alert(1)//", false),
            (Kind::Url, "JaVaScRiPt:alert(1)", false),
            (Kind::Url, "https://x", false),
            (Kind::Url, "https://x.org/ü", false),
            (Kind::Url, " https://x.org/a", false),
        ];
        for &(kind, value, plain) in cases {
            assert_eq!(plainly_valid(kind, value.as_bytes()), plain, "{kind:?} {value:?}");
            if plain {
                assert_eq!(check_value(kind, value), Ok(()), "{kind:?} {value:?}");
            }
        }
        // A non-ASCII URL is not plain, yet the full rule lets it through.
        assert_eq!(check_value(Kind::Url, "https://x.org/ü"), Ok(()));
        assert!(check_value(Kind::Url, "javascript:alert(1)//").is_err());
    }
}
