//! The verdict of `check`: one word for "is it approved here, for this, on
//! that date?". Pure: statuses in, verdict out.

use serde::Serialize;

use crate::status::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A grant is in force in the scope asked.
    Approved,
    /// None in scope, but one in force in another jurisdiction or for another indication.
    ApprovedElsewhere,
    /// A grant in scope existed and has ended.
    NoLongerApproved,
    /// In scope only negative decisions.
    Refused,
    /// No grant anywhere, but filings on record.
    Investigational,
    /// In the record, but no grant anywhere.
    NotApproved,
    /// The name resolves to nothing.
    NotInRecord,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::ApprovedElsewhere => "approved-elsewhere",
            Verdict::NoLongerApproved => "no-longer-approved",
            Verdict::Refused => "refused",
            Verdict::Investigational => "investigational",
            Verdict::NotApproved => "not-approved",
            Verdict::NotInRecord => "not-in-record",
        }
    }

    /// Exit code, like grep: 0 only when approved in scope.
    pub fn exit_code(self) -> u8 {
        u8::from(self != Verdict::Approved)
    }
}

/// Decides from the statuses in scope and what lies outside it.
///
/// Precedence: what happened in the scope asked outranks what holds
/// elsewhere — a product withdrawn in the EU is "no longer approved" there
/// even while it is approved in Japan; a refusal in scope is "refused" even
/// when another country approved it (that is shown, too).
pub fn decide(in_scope: &[&Status], in_force_elsewhere: bool, has_filings: bool) -> Verdict {
    if in_scope.iter().any(|s| matches!(s, Status::InForce { .. })) {
        Verdict::Approved
    } else if in_scope.iter().any(|s| matches!(s, Status::Ended { .. })) {
        Verdict::NoLongerApproved
    } else if in_scope.iter().any(|s| matches!(s, Status::Refused { .. })) {
        Verdict::Refused
    } else if in_force_elsewhere {
        Verdict::ApprovedElsewhere
    } else if has_filings {
        Verdict::Investigational
    } else {
        Verdict::NotApproved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_force() -> Status {
        Status::InForce { grant: "g".into() }
    }

    #[test]
    fn precedence() {
        let ended = Status::Ended {
            grant: "g".into(),
            end: Some("e".into()),
        };
        let refused = Status::Refused {
            decisions: vec!["r".into()],
        };
        assert_eq!(decide(&[&ended, &in_force()], true, false), Verdict::Approved);
        assert_eq!(decide(&[&ended], true, false), Verdict::NoLongerApproved);
        assert_eq!(decide(&[&refused], true, true), Verdict::Refused);
        assert_eq!(decide(&[&Status::None], true, true), Verdict::ApprovedElsewhere);
        assert_eq!(decide(&[], false, true), Verdict::Investigational);
        assert_eq!(decide(&[&Status::None], false, false), Verdict::NotApproved);
        assert_eq!(Verdict::Approved.exit_code(), 0);
        assert_eq!(Verdict::ApprovedElsewhere.exit_code(), 1);
    }
}
