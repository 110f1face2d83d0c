//! ISO 8601 dates that keep their precision: `2012`, `2012-05`, `2012-05-17`.

use std::cmp::Ordering;
use std::fmt;

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A full calendar date, used for "as of" comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting impossible dates.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
        };
        let malformed = "not a date in the form YYYY, YYYY-MM or YYYY-MM-DD";
        if parts.is_empty() || parts.len() > 3 {
            return Err(malformed);
        }
        let year = number(parts[0], 4).ok_or(malformed)?;
        if year < 1800 {
            return Err("year before 1800");
        }
        let month = match parts.get(1) {
            None => None,
            Some(m) => {
                let m = number(m, 2).ok_or(malformed)?;
                if !(1..=12).contains(&m) {
                    return Err("no such month");
                }
                Some(m as u8)
            }
        };
        let day = match parts.get(2) {
            None => None,
            Some(d) => {
                let d = number(d, 2).ok_or(malformed)?;
                if d < 1 || d > u32::from(days_in_month(year as u16, month.unwrap_or(1))) {
                    return Err("no such day in that month");
                }
                Some(d as u8)
            }
        };
        Ok(PartialDate {
            year: year as u16,
            month,
            day,
        })
    }

    /// The first day the date could mean.
    pub fn first_day(self) -> Day {
        Day {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day the date could mean. A partial date counts as having
    /// happened only once its whole period has passed, so the record never
    /// claims an event earlier than the sources allow.
    pub fn last_day(self) -> Day {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        Day {
            year: self.year,
            month,
            day,
        }
    }

    /// Orders events: by the last day they could mean, then by the first.
    pub fn chronological(self, other: PartialDate) -> Ordering {
        (self.last_day(), self.first_day()).cmp(&(other.last_day(), other.first_day()))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Day {
    /// Before every day the record can name (an open start).
    pub const MIN: Day = Day {
        year: 0,
        month: 1,
        day: 1,
    };
    /// After every day the record can name (an open end).
    pub const MAX: Day = Day {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// The UTC day of a Unix time. The front end reads the clock once and
    /// hands the day to every answer; nothing in the record reads a clock.
    pub fn from_unix_seconds(secs: u64) -> Day {
        Day::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// Civil date from a day count (Howard Hinnant's algorithm).
    fn from_days_since_epoch(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Day { year, month, day }
    }

    /// Parses an "as of" date; a partial date means the end of its period,
    /// and "today" is the day given.
    pub fn parse_as_of(text: &str, today: Day) -> Result<Day, &'static str> {
        if text.trim().eq_ignore_ascii_case("today") {
            return Ok(today);
        }
        PartialDate::parse(text.trim()).map(PartialDate::last_day)
    }
}

/// A date as people should read it, with how it was reported:
/// "2012-05-17", "announced 2012-01-19", "by 2019".
pub fn label(date: &str, qualifier: Option<&str>) -> String {
    match qualifier {
        Some(q) => format!("{q} {date}"),
        None => date.to_string(),
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_precision() {
        for text in ["2012", "2012-05", "2012-05-17"] {
            assert_eq!(PartialDate::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for text in [
            "2012-13-40",
            "2012-13",
            "2023-02-29",
            "2012-5-17",
            "12-05-17",
            "2012/05/17",
            "",
            "2012-05-17-01",
            "２０１２",
        ] {
            assert!(PartialDate::parse(text).is_err(), "{text}");
        }
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn partial_dates_span_their_period() {
        let d = PartialDate::parse("2024-12").unwrap();
        assert_eq!(d.first_day().to_string(), "2024-12-01");
        assert_eq!(d.last_day().to_string(), "2024-12-31");
        assert_eq!(PartialDate::parse("2023-02").unwrap().last_day().day, 28);
    }

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(Day::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Day::from_days_since_epoch(20_075).to_string(), "2024-12-18");
    }
}
