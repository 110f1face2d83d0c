//! The closed vocabularies of the record. Each list is declared once, here;
//! `datapackage.json` is generated from the same lists (see `spec.rs`).

/// Declares a closed enumeration with its spelling in the CSV files.
macro_rules! closed_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every spelling, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_enum! {
    /// What a regulator decided. A decision is an event; status is derived.
    DecisionKind {
        Approval = "approval",
        ConditionalApproval = "conditional-approval",
        TimeLimitedApproval = "time-limited-approval",
        ProvisionalConsent = "provisional-consent",
        HospitalExemption = "hospital-exemption",
        Withdrawal = "withdrawal",
        Expiry = "expiry",
        Suspension = "suspension",
        Revocation = "revocation",
        Refusal = "refusal",
        CompleteResponse = "complete-response",
        RefuseToFile = "refuse-to-file",
        ApplicationWithdrawn = "application-withdrawn",
        OrphanDesignation = "orphan-designation",
        FastTrack = "fast-track",
        RmatDesignation = "rmat-designation",
        SakigakeDesignation = "sakigake-designation",
        PriorityReview = "priority-review",
        ExpandedAccess = "expanded-access",
        ManufacturingLicence = "manufacturing-licence",
        ClinicPlan = "clinic-plan",
        ApplicationFiled = "application-filed",
        AdvisoryVote = "advisory-vote",
    }
}

/// How a decision bears on whether a product may be marketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Allows marketing or supply (full, conditional, time-limited, provisional, hospital).
    Grant,
    /// Ends an earlier grant.
    End,
    /// A negative answer to an application.
    Negative,
    /// A step on the way that never allows marketing (designations, access programmes, filings).
    Step,
}

impl DecisionKind {
    pub fn effect(self) -> Effect {
        use DecisionKind::*;
        match self {
            Approval | ConditionalApproval | TimeLimitedApproval | ProvisionalConsent | HospitalExemption => {
                Effect::Grant
            }
            Withdrawal | Expiry | Suspension | Revocation => Effect::End,
            Refusal | CompleteResponse | RefuseToFile | ApplicationWithdrawn => Effect::Negative,
            _ => Effect::Step,
        }
    }

    /// Grants that carry an obligation to confirm efficacy or that run out.
    pub fn is_provisional_grant(self) -> bool {
        matches!(
            self,
            DecisionKind::ConditionalApproval
                | DecisionKind::TimeLimitedApproval
                | DecisionKind::ProvisionalConsent
                | DecisionKind::HospitalExemption
        )
    }
}

closed_enum! {
    /// The kind of cells in a product.
    CellType {
        Msc = "msc",
        MesenchymalPrecursor = "mesenchymal-precursor",
        ModifiedMsc = "modified-msc",
        AdiposeSvf = "adipose-svf",
        HscGeneModified = "hsc-gene-modified",
        HscExpanded = "hsc-expanded",
        LimbalStemCell = "limbal-stem-cell",
        IpscDerived = "ipsc-derived",
        EscDerived = "esc-derived",
        /// Pluripotent stem cell-derived, where the sources do not say ESC or iPSC.
        PscDerived = "psc-derived",
        Other = "other",
    }
}

impl CellType {
    /// The MSC-like cell types ([`CellType::is_msc_like`]), in the record's order.
    pub fn msc_like() -> impl Iterator<Item = CellType> {
        CellType::ALL.iter().copied().filter(|c| c.is_msc_like())
    }

    /// MSC and MSC-like products: what listings show unless asked otherwise.
    pub fn is_msc_like(self) -> bool {
        matches!(
            self,
            CellType::Msc | CellType::MesenchymalPrecursor | CellType::ModifiedMsc | CellType::AdiposeSvf
        )
    }
}

closed_enum! {
    Donor { Autologous = "autologous", Allogeneic = "allogeneic", Unknown = "unknown" }
}

closed_enum! {
    /// The tissue the cells come from.
    Tissue {
        BoneMarrow = "bone-marrow",
        Adipose = "adipose",
        UmbilicalCord = "umbilical-cord",
        UmbilicalCordBlood = "umbilical-cord-blood",
        PeripheralBlood = "peripheral-blood",
        Limbus = "limbus",
        PluripotentLine = "pluripotent-line",
        Unknown = "unknown",
    }
}

closed_enum! {
    /// What a row of frameworks.csv is about, in the order tables show them.
    Topic {
        LegalBasis = "legal-basis",
        Classification = "classification",
        InvestigationalApplication = "investigational-application",
        MarketingApplication = "marketing-application",
        ExpeditedPrograms = "expedited-programs",
        AlternativeRoutes = "alternative-routes",
        ClinicEnforcement = "clinic-enforcement",
        PostMarketing = "post-marketing",
        ReviewTimelines = "review-timelines",
        Fees = "fees",
        LandmarkDecisions = "landmark-decisions",
    }
}

closed_enum! {
    /// An investigational filing or a registration.
    FilingKind {
        Ind = "ind",
        Cta = "cta",
        IndAcceptance = "ind-acceptance",
        TrialRegistration = "trial-registration",
        Bla = "bla",
        MasterFile = "master-file",
    }
}

closed_enum! {
    /// A published claim checked against the record.
    ClaimVerdict {
        Confirmed = "confirmed",
        /// Right in substance, wrong in a detail (year, spelling, a status that has since changed).
        Corrected = "corrected",
        Wrong = "wrong",
        Unverified = "unverified",
    }
}

closed_enum! {
    Confidence { High = "high", Medium = "medium", Low = "low" }
}

closed_enum! {
    /// How the date of a decision was reported.
    DateQualifier {
        /// The event happened on or before the date (the date a source first shows it).
        By = "by",
        /// The date is that of the announcement.
        Announced = "announced",
    }
}

closed_enum! {
    AliasKind {
        Brand = "brand",
        Nonproprietary = "nonproprietary",
        Code = "code",
        Former = "former",
        Misspelling = "misspelling",
    }
}

closed_enum! {
    SourceKind {
        Regulator = "regulator",
        Legislation = "legislation",
        Court = "court",
        Journal = "journal",
        Review = "review",
        Press = "press",
        Company = "company",
        Registry = "registry",
        Commentary = "commentary",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_parses_back() {
        for kind in DecisionKind::ALL {
            assert_eq!(DecisionKind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(DecisionKind::parse("Approval"), None);
    }

    #[test]
    fn designations_never_grant() {
        for kind in [
            DecisionKind::OrphanDesignation,
            DecisionKind::ExpandedAccess,
            DecisionKind::ManufacturingLicence,
            DecisionKind::ClinicPlan,
            DecisionKind::AdvisoryVote,
        ] {
            assert_eq!(kind.effect(), Effect::Step, "{kind}");
        }
    }
}

closed_enum! {
    /// Why one jurisdiction's decisions apply in another.
    MembershipBasis {
        EuMember = "eu-member",
        EuTransition = "eu-transition",
        Eea = "eea",
        Territory = "territory",
    }
}

closed_enum! {
    /// What an authority did to a seller (`actions.csv`).
    ActionKind {
        WarningLetter = "warning-letter",
        UntitledLetter = "untitled-letter",
        CloseOutLetter = "close-out-letter",
        CivilComplaint = "civil-complaint",
        Injunction = "injunction",
        ConsentDecree = "consent-decree",
        CourtRuling = "court-ruling",
        AppealRuling = "appeal-ruling",
        ImprovementOrder = "improvement-order",
        SuspensionOrder = "suspension-order",
        LicenceRevoked = "licence-revoked",
        Closure = "closure",
        Seizure = "seizure",
        ImportAlert = "import-alert",
        Fine = "fine",
        CriminalReferral = "criminal-referral",
        CriminalCharge = "criminal-charge",
        PublicAdvisory = "public-advisory",
    }
}

closed_enum! {
    /// The cells or material an action names.
    Material {
        Svf = "svf",
        AdiposeMsc = "adipose-msc",
        BmMsc = "bm-msc",
        UcMsc = "uc-msc",
        /// Wharton's jelly or umbilical-cord tissue products not called MSC.
        WjMsc = "wj-msc",
        Msc = "msc",
        CordBlood = "cord-blood",
        Amniotic = "amniotic",
        Placental = "placental",
        Exosomes = "exosomes",
        /// Immune cells and other non-stem cells (NK, dendritic cells).
        OtherCells = "other-cells",
        /// Embryonic or unspecified stem cells.
        StemCellsUnspecified = "stem-cells-unspecified",
    }
}

closed_enum! {
    /// Who a seller is.
    SellerKind {
        Clinic = "clinic",
        Laboratory = "laboratory",
        Company = "company",
        Distributor = "distributor",
        Physician = "physician",
    }
}

closed_enum! {
    /// What sort of body an authority is.
    AuthorityKind {
        Regulator = "regulator",
        Court = "court",
        Ministry = "ministry",
        Council = "council",
        Prosecutor = "prosecutor",
        Other = "other",
    }
}

closed_enum! {
    /// May a clinic sell an unapproved cell intervention outside a trial?
    OfferAllowed {
        /// Not outside an approved trial.
        No = "no",
        /// No specific rule forbids it (which approves nothing).
        Yes = "yes",
        /// Only under the named scheme.
        OnlyUnder = "only-under",
    }
}

closed_enum! {
    /// How the date of an action was reported: as for decisions, and
    /// `about` when the sources place it only near the date.
    ActionDateQualifier {
        By = "by",
        Announced = "announced",
        About = "about",
    }
}
