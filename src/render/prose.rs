//! The English the answers are told in: places with their article, lists,
//! product labels and dates. Tables, JSON `headline`/`answer` fields and the
//! site all take their sentences from here.

use crate::date::Day;

/// "the United States", "South Korea".
pub fn with_article(name: &str) -> String {
    let needs_the = ["United ", "European ", "Netherlands", "Philippines"]
        .iter()
        .any(|p| name.starts_with(p));
    if needs_the {
        format!("the {name}")
    } else {
        name.to_string()
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

/// " as of 2019-06-01" unless the date is today.
pub fn when(as_of: Day) -> String {
    if as_of == Day::today() {
        String::new()
    } else {
        format!(" as of {as_of}")
    }
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
        assert_eq!(with_article("United States"), "the United States");
        assert_eq!(with_article("Japan"), "Japan");
    }
}
