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

use super::parse::{RawRow, RawTable};

/// Every problem in a set of parsed tables (empty when the data is sound).
pub fn validate(tables: &[RawTable]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let by_name: HashMap<&str, &RawTable> = tables.iter().map(|t| (t.table.name, t)).collect();
    let mut keys: HashMap<&str, HashSet<&str>> = HashMap::default();

    for raw in tables {
        let table = raw.table;
        let key_indexes: Vec<usize> = table.primary_key.iter().filter_map(|c| table.column(c)).collect();
        let mut seen: HashMap<Cow<str>, u64> = HashMap::default();
        seen.reserve(raw.rows.len());
        for row in &raw.rows {
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
            // A one-column key is borrowed; only composite keys are joined.
            let key: Cow<str> = match key_indexes.as_slice() {
                [i] => Cow::Borrowed(row.value(*i).unwrap_or("")),
                many => Cow::Owned(
                    many.iter()
                        .map(|i| row.value(*i).unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join("+"),
                ),
            };
            if let Some(first) = seen.get(&key) {
                problems.push(Problem {
                    file: table.file(),
                    line: Some(row.line),
                    column: Some(table.primary_key.join("+")),
                    message: format!("duplicate key; first used on line {first}"),
                    value: Some(key.into_owned()),
                });
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
    for raw in tables {
        let table = raw.table;
        for row in &raw.rows {
            for (column, value) in table.columns.iter().zip(row.values()) {
                let (target, many) = match column.kind {
                    Kind::Ref(t) => (t, false),
                    Kind::RefList(t) => (t, true),
                    _ => continue,
                };
                let Some(value) = value else { continue };
                let target_keys = keys.get(target);
                let items = value
                    .split(if many { LIST_SEPARATOR } else { '\0' })
                    .map(str::trim);
                for item in items {
                    if !target_keys.is_some_and(|k| k.contains(item)) {
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
    }
    if !problems.is_empty() {
        return problems;
    }
    problems.extend(check_cited_sources(&keys));
    problems.extend(check_after_record_date(&by_name));
    problems.extend(check_decisions(&by_name));
    problems.extend(check_frameworks(&by_name));
    problems.extend(check_memberships(&by_name));
    problems.extend(check_names(&by_name));
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

/// Checks one non-empty value against its column's kind.
pub fn check_value(kind: Kind, value: &str) -> Result<(), String> {
    if value.trim() != value {
        return Err("leading or trailing whitespace".into());
    }
    let multiline_ok = matches!(kind, Kind::Text);
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline_ok && (c == '\n' || c == '\r' || c == '\t')))
    {
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
            let ok = (value.starts_with("https://") || value.starts_with("http://"))
                && value.len() > 10
                && !value.contains(char::is_whitespace);
            if ok {
                Ok(())
            } else {
                Err("not an http(s) URL".into())
            }
        }
        Kind::Enum(allowed) => {
            if allowed.contains(&value) {
                Ok(())
            } else {
                Err(format!("not one of: {}", allowed.join(", ")))
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
        let kind = row.get(t, "decision").and_then(DecisionKind::parse);
        for source in row
            .get(t, "sources")
            .unwrap_or("")
            .split(LIST_SEPARATOR)
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
        if let (Some(reg), Some(place)) = (row.get(t, "regulator"), row.get(t, "jurisdiction"))
            && regulator_place.get(reg).is_some_and(|p| *p != place)
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
    problems
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
    let mut owner: HashMap<String, String> = HashMap::default();
    let pt = products.table;
    for row in &products.rows {
        let id = row.get(pt, "id").unwrap_or_default();
        for column in ["id", "name", "nonproprietary_name"] {
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
            match owner.get(&norm) {
                Some(other) if other != id => problems.push(problem(
                    pt,
                    row,
                    column,
                    format!("name is also a name of product {other}"),
                    Some(name),
                )),
                _ => {
                    owner.insert(norm, id.to_string());
                }
            }
        }
    }
    let at = aliases.table;
    for row in &aliases.rows {
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
        match owner.get(&norm) {
            Some(other) if other != id => problems.push(problem(
                at,
                row,
                "alias",
                format!("alias collides with a name of product {other}"),
                Some(alias),
            )),
            _ => {
                owner.insert(norm, id.to_string());
            }
        }
    }
    problems
}

/// No decision or filing is dated after the record's own date
/// (`meta.record_date`): a date in the future is a typo (2099 for 2024),
/// and would turn a grant into "not yet" silently.
fn check_after_record_date(by_name: &HashMap<&str, &RawTable>) -> Vec<Problem> {
    let record_date = by_name
        .get("meta")
        .and_then(|m| m.rows.first().and_then(|r| r.get(m.table, "record_date")))
        .and_then(|d| PartialDate::parse(d).ok());
    let Some(record_date) = record_date else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for name in ["decisions", "filings"] {
        let Some(raw) = by_name.get(name) else { continue };
        for row in &raw.rows {
            let Some(text) = row.get(raw.table, "date") else {
                continue;
            };
            let Ok(date) = PartialDate::parse(text) else {
                continue;
            };
            if date.first_day() > record_date.last_day() {
                problems.push(Problem {
                    file: raw.table.file(),
                    line: Some(row.line),
                    column: Some("date".into()),
                    message: format!(
                        "dated after the record date ({}, meta.csv); a typo, or meta.csv needs a new date",
                        record_date_label(record_date)
                    ),
                    value: Some(text.to_string()),
                });
            }
        }
    }
    problems
}

fn record_date_label(date: PartialDate) -> String {
    let d = date.last_day();
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
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
