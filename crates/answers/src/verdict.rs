//! The verdict of `check`: one word for "is it approved here, for this, on
//! that date?". Pure: statuses in, verdict out.

use serde::Serialize;

use crate::status::Status;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A grant is in force in the scope asked.
    Approved,
    /// A grant's own term has passed in the scope asked, with an application
    /// filed within the term still undecided: neither certainly approved nor
    /// lapsed.
    TermEnded,
    /// Approved in the place asked, but not for the disease asked.
    ApprovedOtherIndication,
    /// None in scope, but one in force in another jurisdiction.
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
    /// The name is a seller the record knows (a clinic, a laboratory), not a
    /// product: no approval can be for it; the answer is the actions against it.
    Seller,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::TermEnded => "term-ended",
            Verdict::ApprovedOtherIndication => "approved-other-indication",
            Verdict::ApprovedElsewhere => "approved-elsewhere",
            Verdict::NoLongerApproved => "no-longer-approved",
            Verdict::Refused => "refused",
            Verdict::Investigational => "investigational",
            Verdict::NotApproved => "not-approved",
            Verdict::NotInRecord => "not-in-record",
            Verdict::Seller => "seller",
        }
    }

    /// Exit code, like grep: 0 only when approved in scope.
    pub fn exit_code(self) -> u8 {
        u8::from(self != Verdict::Approved)
    }
}

/// The verdict on one product.
///
/// Precedence: what happened in the scope asked outranks what holds
/// elsewhere — a product withdrawn in the EU is "no longer approved" there
/// even while it is approved in Japan; a refusal in scope is "refused" even
/// when another country approved it (that is shown, too). Then: approved in
/// the place asked for another indication; approved in another place;
/// filings on record; nothing.
pub fn decide_product(
    in_scope: &[&Status],
    other_indication_here: bool,
    in_force_elsewhere: bool,
    has_filings: bool,
) -> Verdict {
    if in_scope.iter().any(|s| matches!(s, Status::InForce { .. })) {
        Verdict::Approved
    } else if in_scope.iter().any(|s| matches!(s, Status::TermEnded { .. })) {
        Verdict::TermEnded
    } else if in_scope.iter().any(|s| matches!(s, Status::Ended { .. })) {
        Verdict::NoLongerApproved
    } else if in_scope.iter().any(|s| matches!(s, Status::Refused { .. })) {
        Verdict::Refused
    } else if other_indication_here {
        Verdict::ApprovedOtherIndication
    } else if in_force_elsewhere {
        Verdict::ApprovedElsewhere
    } else if has_filings {
        Verdict::Investigational
    } else {
        Verdict::NotApproved
    }
}

/// The verdict on a disease with no product named: is any product approved
/// for it? Approved in scope; else approved elsewhere (what ended or was
/// refused in scope is listed as evidence); else ended in scope; else refused
/// in scope; else nothing.
pub fn decide_indication(in_scope: &[&Status], in_force_elsewhere: bool) -> Verdict {
    if in_scope.iter().any(|s| matches!(s, Status::InForce { .. })) {
        Verdict::Approved
    } else if in_scope.iter().any(|s| matches!(s, Status::TermEnded { .. })) {
        Verdict::TermEnded
    } else if in_force_elsewhere {
        Verdict::ApprovedElsewhere
    } else if in_scope.iter().any(|s| matches!(s, Status::Ended { .. })) {
        Verdict::NoLongerApproved
    } else if in_scope.iter().any(|s| matches!(s, Status::Refused { .. })) {
        Verdict::Refused
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
        assert_eq!(
            decide_product(&[&ended, &in_force()], false, true, false),
            Verdict::Approved
        );
        assert_eq!(
            decide_product(&[&ended], true, true, false),
            Verdict::NoLongerApproved
        );
        assert_eq!(decide_product(&[&refused], true, true, true), Verdict::Refused);
        assert_eq!(
            decide_product(&[&Status::None], true, true, true),
            Verdict::ApprovedOtherIndication
        );
        assert_eq!(
            decide_product(&[&Status::None], false, true, true),
            Verdict::ApprovedElsewhere
        );
        assert_eq!(decide_product(&[], false, false, true), Verdict::Investigational);
        assert_eq!(
            decide_product(&[&Status::None], false, false, false),
            Verdict::NotApproved
        );
        assert_eq!(decide_indication(&[&ended], true), Verdict::ApprovedElsewhere);
        assert_eq!(
            decide_indication(&[&ended, &refused], false),
            Verdict::NoLongerApproved
        );
        assert_eq!(decide_indication(&[&refused], false), Verdict::Refused);
        assert_eq!(Verdict::Approved.exit_code(), 0);
        assert_eq!(Verdict::ApprovedElsewhere.exit_code(), 1);
    }
}
