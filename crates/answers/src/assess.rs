//! The three questions to ask a clinic (cell identity, mechanism, quality and
//! approval), as rules that turn what a clinic said into red flags. Pure: the
//! record's part (approval) comes in as `ApprovalFinding` from `check`; the
//! assessment that runs them is `answer::assess`.
//!
//! The questions and their red flags follow the Tasly Institute article
//! "Three must-ask questions" (2025-04-14); the legal facts cite their own sources.

use serde::Serialize;

use crate::spec::cited;
use crate::verdict::Verdict;

/// What the clinic says the cells are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cells {
    /// Mesenchymal stromal/stem cells (MSCs), from marrow, fat, cord or elsewhere
    Msc,
    /// Embryonic stem cells
    Esc,
    /// Induced pluripotent stem cells
    Ipsc,
    /// Stromal vascular fraction: fat-derived cells used without culture
    Svf,
    /// Blood-forming (haematopoietic) stem cells
    Hsc,
    /// Exosomes or other cell-derived vesicles (not cells)
    Exosomes,
    /// The clinic did not say, or could not
    Unknown,
}

/// How the clinic says the cells work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mechanism {
    /// The cells become new tissue and replace what is damaged
    ReplacesTissue,
    /// The cells signal to the body's own cells and calm inflammation
    Paracrine,
    /// The clinic did not explain
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    Yes,
    No,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Not a red flag: context worth knowing.
    Info,
    /// Ask more before going on.
    Caution,
    /// A serious problem.
    High,
    /// Walk away.
    Stop,
}

impl Severity {
    /// The JSON and CSV word.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Caution => "caution",
            Severity::High => "high",
            Severity::Stop => "stop",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub severity: Severity,
    pub reason: String,
    pub sources: Vec<String>,
}

impl Flag {
    fn new(severity: Severity, reason: impl Into<String>, sources: &[&str]) -> Flag {
        Flag {
            severity,
            reason: reason.into(),
            sources: sources.iter().map(std::string::ToString::to_string).collect(),
        }
    }

    /// A red flag: `stop` or `high`. A caution asks for more, it is not one.
    pub fn is_red(&self) -> bool {
        self.severity >= Severity::High
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub number: u8,
    pub question: &'static str,
    /// What the user reported the clinic said.
    pub said: String,
    /// The verdict of the record's check, for the question it answers
    /// (rendered as "verdict: headline").
    #[serde(skip)]
    pub checked: Option<Verdict>,
    pub flags: Vec<Flag>,
}

/// What `check` found about approval, in the terms `assess` needs.
#[derive(Debug, Clone)]
pub struct ApprovalFinding {
    /// `check`'s verdict.
    pub verdict: Verdict,
    /// A product was named (as opposed to an indication-only check).
    pub named_product: bool,
    /// Sources behind the answer.
    pub sources: Vec<String>,
}

/// What the user told us about the clinic.
#[derive(Debug, Clone)]
pub struct Claims {
    pub cells: Cells,
    pub mechanism: Mechanism,
    pub identity_report: Answer,
    pub country: Option<String>,
}

const ARTICLE: &str = cited::THREE_QUESTIONS;

/// The flag the rule for an unapproved offer raises where nothing in scope
/// is approved: `no` is a red flag (an offer outside a trial is unlawful
/// there), `only-under` a caution (ask for the scheme's proof), `yes` a note
/// (no rule forbids it, and none approves it).
pub fn offer_rule_flag(
    allowed: crate::model::OfferAllowed,
    scheme: Option<&str>,
    place: &str,
    from: Option<&str>,
    sources: &[String],
) -> Flag {
    use crate::model::OfferAllowed;
    let since = from.map(|f| format!(" since {f}")).unwrap_or_default();
    let cited: Vec<&str> = sources.iter().map(String::as_str).collect();
    match allowed {
        OfferAllowed::No => Flag::new(
            Severity::High,
            format!(
                "Outside an approved trial, offering this in {place} has been unlawful{since}: ask for the trial's registration and its approval."
            ),
            &cited,
        ),
        OfferAllowed::OnlyUnder => Flag::new(
            Severity::Caution,
            format!(
                "In {place} a clinic may offer this outside a trial only under {}{since}: ask for the proof (its number or approval) and check it with the authority.",
                scheme.unwrap_or("a named scheme")
            ),
            &cited,
        ),
        OfferAllowed::Yes => Flag::new(
            Severity::Info,
            format!("{place} had no specific rule against such offers; that approves nothing."),
            &cited,
        ),
    }
}

/// The flag a credential the clinic shows raises: it is not an approval,
/// and here is what it does not mean.
pub fn credential_flag(phrase: &str, does_not_mean: &str, sources: &[String]) -> Flag {
    let cited: Vec<&str> = sources.iter().map(String::as_str).collect();
    Flag::new(
        Severity::Caution,
        format!("'{phrase}' is not an approval of the treatment. {does_not_mean}"),
        &cited,
    )
}

pub fn assess(claims: &Claims, approval: Option<&ApprovalFinding>) -> Vec<Question> {
    vec![
        cells_question(claims),
        mechanism_question(claims),
        quality_question(claims, approval),
    ]
}

fn cells_question(claims: &Claims) -> Question {
    let mut flags = Vec::new();
    match claims.cells {
        Cells::Esc | Cells::Ipsc => {
            flags.push(Flag::new(
                Severity::Stop,
                "Pluripotent cells (embryonic or induced pluripotent) can form tumours if they are not fully \
                 differentiated. Offered outside an approved product or a registered trial, walk away.",
                &[ARTICLE],
            ));
            flags.push(Flag::new(
                Severity::Info,
                "Japan gave the first conditional, time-limited approvals to iPSC-derived products (ReHeart, \
                 heart failure; Amchepry, Parkinson's disease) in March 2026; ask whether the clinic uses an \
                 approved product and can show the approval.",
                &[cited::IPSC_APPROVALS_2026],
            ));
        }
        Cells::Msc => flags.push(Flag::new(
            Severity::Caution,
            "'Mesenchymal stem cells' are mesenchymal stromal cells, not true stem cells. Proceed cautiously \
             and ask the next two questions.",
            &[ARTICLE],
        )),
        Cells::Svf => {
            let us = claims.country.as_deref() == Some("US");
            flags.push(Flag::new(
                if us { Severity::High } else { Severity::Caution },
                "In the United States, appeals courts held that clinic-made stromal vascular fraction from fat is \
                 a drug that needs FDA approval (11th Circuit 2021; 9th Circuit 2024, left standing by the \
                 Supreme Court in 2025).",
                &[cited::US_STEM_CELL_CLINIC_2021, cited::CAL_STEM_CELL_CENTER_2024, cited::SCOTUS_2025],
            ));
        }
        Cells::Hsc => flags.push(Flag::new(
            Severity::Caution,
            "Blood-forming stem cell transplantation is established for blood disorders; India's national \
             guidelines, for one, allow other uses only within approved trials.",
            &[cited::NGSCR_2017],
        )),
        Cells::Exosomes => flags.push(Flag::new(
            Severity::Caution,
            "Exosomes are not cells, and the record holds no approved exosome product: ask for the product's \
             approval or trial registration.",
            &[],
        )),
        Cells::Unknown => flags.push(Flag::new(
            Severity::High,
            "The clinic did not say exactly which cells it uses: that is the first thing to know.",
            &[ARTICLE],
        )),
    }
    Question {
        number: 1,
        question: "What exactly are the cells?",
        said: cells_text(claims.cells).to_string(),
        checked: None,
        flags,
    }
}

fn mechanism_question(claims: &Claims) -> Question {
    let mut flags = Vec::new();
    let msc_like = matches!(claims.cells, Cells::Msc | Cells::Svf | Cells::Unknown);
    match claims.mechanism {
        Mechanism::ReplacesTissue if msc_like => flags.push(Flag::new(
            Severity::High,
            "MSCs act as regulators: they signal to the body's own cells and modulate inflammation; their effect \
             does not rest on replacing damaged tissue. A clinic that says they replace tissue misstates how \
             they work.",
            &[ARTICLE, cited::REVIEW_2025],
        )),
        Mechanism::ReplacesTissue => {}
        Mechanism::Paracrine => flags.push(Flag::new(
            Severity::Info,
            "Signalling and immune modulation is how MSCs are understood to act; the 2025 review notes that \
             the approved MSC products it lists rely on it.",
            &[ARTICLE, cited::REVIEW_2025],
        )),
        Mechanism::Unknown => flags.push(Flag::new(
            Severity::Caution,
            "The clinic did not explain how the cells are meant to work; ask, and compare with the answer above.",
            &[ARTICLE],
        )),
    }
    Question {
        number: 2,
        question: "What mechanism of action is claimed?",
        said: mechanism_text(claims.mechanism).to_string(),
        checked: None,
        flags,
    }
}

fn quality_question(claims: &Claims, approval: Option<&ApprovalFinding>) -> Question {
    let mut flags = Vec::new();
    match claims.identity_report {
        Answer::No => flags.push(Flag::new(
            Severity::High,
            "No report of cell identity and purity: the clinic cannot show what it injects.",
            &[ARTICLE],
        )),
        Answer::Unknown => flags.push(Flag::new(
            Severity::Caution,
            "Ask for the identity and purity reports of the cells.",
            &[ARTICLE],
        )),
        Answer::Yes => {}
    }
    let checked = if let Some(finding) = approval {
        if finding.verdict != Verdict::Approved {
            flags.push(Flag::new(
                Severity::High,
                if finding.named_product {
                    "No grant for this product is in force in the scope asked (see the record's answer)."
                } else {
                    "No MSC product is approved for this in the scope asked (see the record's answer)."
                },
                &finding.sources.iter().map(String::as_str).collect::<Vec<_>>(),
            ));
        }
        Some(finding.verdict)
    } else {
        flags.push(Flag::new(
            Severity::Caution,
            "The clinic named no product: ask which approved product or registered trial it uses, and check it \
             with 'mscdb check NAME --in COUNTRY'.",
            &[],
        ));
        None
    };
    Question {
        number: 3,
        question: "Can the clinic prove identity, purity and approval?",
        said: match claims.identity_report {
            Answer::Yes => "an identity and purity report was offered",
            Answer::No => "no identity or purity report",
            Answer::Unknown => "not asked yet",
        }
        .to_string(),
        checked,
        flags,
    }
}

pub fn cells_text(cells: Cells) -> &'static str {
    match cells {
        Cells::Msc => "mesenchymal stem/stromal cells (MSCs)",
        Cells::Esc => "embryonic stem cells",
        Cells::Ipsc => "induced pluripotent stem cells",
        Cells::Svf => "fat-derived cells (stromal vascular fraction)",
        Cells::Hsc => "blood-forming (haematopoietic) stem cells",
        Cells::Exosomes => "exosomes",
        Cells::Unknown => "not stated",
    }
}

fn mechanism_text(mechanism: Mechanism) -> &'static str {
    match mechanism {
        Mechanism::ReplacesTissue => "the cells replace damaged tissue",
        Mechanism::Paracrine => "the cells signal and modulate the immune response",
        Mechanism::Unknown => "not explained",
    }
}

/// A closed choice of a clinic question: its names (for flags and free
/// text) and the words that point to it. Front ends build their own option
/// parsers and prompts from this; the engine knows none of them.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every choice, in the order shown.
    const ALL: &'static [Self];
    /// The name a flag takes (kebab-case, as in JSON).
    fn name(self) -> &'static str;
    /// Other names a flag takes.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
    /// One line saying what the choice means.
    fn help(self) -> Option<&'static str> {
        None
    }
    /// Words that point to this choice (lower case; a word of four letters
    /// or more also matches words it begins, so "regrow" matches "regrows").
    fn keywords(self) -> &'static [&'static str];
    /// The choice for text no keyword settles (lower case), if any.
    fn fallback(_text: &str) -> Option<Self> {
        None
    }
    /// The choice a name or alias names, whatever its case.
    fn from_name(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL.iter().copied().find(|c| {
            c.name().eq_ignore_ascii_case(text) || c.aliases().iter().any(|a| a.eq_ignore_ascii_case(text))
        })
    }
}

const UNSURE: &[&str] = &[
    "unknown",
    "don't know",
    "dont know",
    "not sure",
    "no idea",
    "didn't say",
    "did not say",
    "unsure",
];

impl Choice for Cells {
    const ALL: &'static [Self] = &[
        Cells::Msc,
        Cells::Esc,
        Cells::Ipsc,
        Cells::Svf,
        Cells::Hsc,
        Cells::Exosomes,
        Cells::Unknown,
    ];
    fn name(self) -> &'static str {
        match self {
            Cells::Msc => "msc",
            Cells::Esc => "esc",
            Cells::Ipsc => "ipsc",
            Cells::Svf => "svf",
            Cells::Hsc => "hsc",
            Cells::Exosomes => "exosomes",
            Cells::Unknown => "unknown",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Cells::Msc => &["mesenchymal", "mesenchymal-stem-cells", "mscs"],
            Cells::Ipsc => &["ips"],
            Cells::Svf => &["fat-derived", "adipose"],
            _ => &[],
        }
    }
    fn help(self) -> Option<&'static str> {
        Some(match self {
            Cells::Msc => "Mesenchymal stromal/stem cells (MSCs), from marrow, fat, cord or elsewhere",
            Cells::Esc => "Embryonic stem cells",
            Cells::Ipsc => "Induced pluripotent stem cells",
            Cells::Svf => "Stromal vascular fraction: fat-derived cells used without culture",
            Cells::Hsc => "Blood-forming (haematopoietic) stem cells",
            Cells::Exosomes => "Exosomes or other cell-derived vesicles (not cells)",
            Cells::Unknown => {
                "The clinic did not say which cells, or could not (\"stem cells\" says no more)"
            }
        })
    }
    /// "Stem cells", the answer most clinics give, names no kind of cell:
    /// it is taken as "unknown" (the clinic did not say which).
    fn fallback(text: &str) -> Option<Self> {
        text.contains("stem").then_some(Cells::Unknown)
    }
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Cells::Msc => &[
                "msc",
                "mscs",
                "mesenchymal",
                "stromal",
                "marrow",
                "cord",
                "wharton",
            ],
            Cells::Esc => &["esc", "embryo", "embryonic"],
            Cells::Ipsc => &["ipsc", "ipscs", "ips", "induced", "pluripotent", "reprogrammed"],
            Cells::Svf => &["svf", "fat", "adipose", "vascular", "fraction", "liposuction"],
            Cells::Hsc => &[
                "hsc",
                "blood-forming",
                "haematopoietic",
                "hematopoietic",
                "haemopoietic",
            ],
            Cells::Exosomes => &["exosome", "exosomes", "vesicle", "vesicles", "secretome"],
            Cells::Unknown => UNSURE,
        }
    }
}

impl Choice for Mechanism {
    const ALL: &'static [Self] = &[
        Mechanism::ReplacesTissue,
        Mechanism::Paracrine,
        Mechanism::Unknown,
    ];
    fn name(self) -> &'static str {
        match self {
            Mechanism::ReplacesTissue => "replaces-tissue",
            Mechanism::Paracrine => "paracrine",
            Mechanism::Unknown => "unknown",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Mechanism::ReplacesTissue => &["replaces-damaged-tissue", "regeneration"],
            Mechanism::Paracrine => &["immune-modulation", "immunomodulation"],
            Mechanism::Unknown => &[],
        }
    }
    fn help(self) -> Option<&'static str> {
        Some(match self {
            Mechanism::ReplacesTissue => "The cells become new tissue and replace what is damaged",
            Mechanism::Paracrine => "The cells signal to the body's own cells and calm inflammation",
            Mechanism::Unknown => "The clinic did not explain",
        })
    }
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Mechanism::ReplacesTissue => &[
                "replace",
                "regrow",
                "regenerat",
                "repair",
                "rebuild",
                "restore",
                "become",
                "grow",
                "new tissue",
                "cartilage",
                "differentiat",
            ],
            Mechanism::Paracrine => &[
                "signal",
                "paracrine",
                "inflamm",
                "immune",
                "immun",
                "modulat",
                "calm",
                "messenger",
            ],
            Mechanism::Unknown => UNSURE,
        }
    }
}

impl Choice for Answer {
    const ALL: &'static [Self] = &[Answer::Yes, Answer::No, Answer::Unknown];
    fn name(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "unknown",
        }
    }
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Answer::Yes => &["yes", "y", "yeah", "yep", "sure", "offered", "showed"],
            Answer::No => &["no", "n", "nope", "refused", "none", "never"],
            Answer::Unknown => UNSURE,
        }
    }
}

/// The choice free text names: its own name or alias, else the one choice
/// whose keywords it matches most; `None` when nothing or a tie matches.
pub fn understand<T: Choice>(text: &str) -> Option<T> {
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    if let Some(choice) = T::from_name(&text) {
        return Some(choice);
    }
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let hits = |keyword: &str| {
        if keyword.contains(' ') {
            usize::from(text.contains(keyword))
        } else if keyword.chars().count() >= 4 {
            words.iter().filter(|w| w.starts_with(keyword)).count()
        } else {
            words.iter().filter(|w| **w == keyword).count()
        }
    };
    // "Not sure" outweighs the words around it.
    let unsure: Vec<T> = T::ALL
        .iter()
        .copied()
        .filter(|c| c.keywords() == UNSURE && UNSURE.iter().any(|k| text.contains(k)))
        .collect();
    if let [one] = unsure.as_slice() {
        return Some(*one);
    }
    let scores: Vec<(T, usize)> = T::ALL
        .iter()
        .map(|c| (*c, c.keywords().iter().map(|k| hits(k)).sum()))
        .collect();
    let best = scores.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let mut top = scores.iter().filter(|(_, n)| *n == best && best > 0);
    match (top.next(), top.next()) {
        (Some((choice, _)), None) => Some(*choice),
        (None, _) => T::fallback(&text),
        _ => None,
    }
}

/// Every source id the rules may cite, so a test can check they exist.
pub const RULE_SOURCES: &[&str] = &[
    ARTICLE,
    cited::REVIEW_2025,
    cited::IPSC_APPROVALS_2026,
    cited::US_STEM_CELL_CLINIC_2021,
    cited::CAL_STEM_CELL_CENTER_2024,
    cited::SCOTUS_2025,
    cited::NGSCR_2017,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(cells: Cells, mechanism: Mechanism, report: Answer) -> Claims {
        Claims {
            cells,
            mechanism,
            identity_report: report,
            country: Some("US".into()),
        }
    }

    fn red(questions: &[Question]) -> Vec<Severity> {
        questions
            .iter()
            .flat_map(|q| q.flags.iter())
            .filter(|f| f.is_red())
            .map(|f| f.severity)
            .collect()
    }

    #[test]
    fn free_text_finds_the_closest_choice() {
        assert_eq!(
            understand::<Mechanism>("they regrow cartilage"),
            Some(Mechanism::ReplacesTissue)
        );
        assert_eq!(
            understand::<Mechanism>("they calm inflammation"),
            Some(Mechanism::Paracrine)
        );
        assert_eq!(understand::<Mechanism>("I'm not sure"), Some(Mechanism::Unknown));
        assert_eq!(understand::<Mechanism>("banana"), None);
        assert_eq!(understand::<Cells>("cells from my own fat"), Some(Cells::Svf));
        assert_eq!(understand::<Cells>("MSC"), Some(Cells::Msc));
        // "Stem cells" names no kind: unknown. A kind named with it still counts.
        assert_eq!(understand::<Cells>("stem cells"), Some(Cells::Unknown));
        assert_eq!(understand::<Cells>("Stem Cells"), Some(Cells::Unknown));
        assert_eq!(understand::<Cells>("mesenchymal stem cells"), Some(Cells::Msc));
        assert_eq!(understand::<Answer>("nope"), Some(Answer::No));
        assert_eq!(understand::<Answer>(""), None);
    }

    #[test]
    fn pluripotent_cells_are_a_stop_sign() {
        let q = assess(&claims(Cells::Ipsc, Mechanism::ReplacesTissue, Answer::Yes), None);
        assert!(red(&q).contains(&Severity::Stop));
        assert!(q[0].flags.iter().any(|f| f.reason.contains("March 2026")));
    }

    #[test]
    fn msc_that_replace_tissue_is_a_red_flag_but_paracrine_is_not() {
        let replaces = assess(&claims(Cells::Msc, Mechanism::ReplacesTissue, Answer::Yes), None);
        assert!(replaces[1].flags.iter().any(|f| f.severity == Severity::High));
        let paracrine = assess(&claims(Cells::Msc, Mechanism::Paracrine, Answer::Yes), None);
        assert!(paracrine[1].flags.iter().all(|f| !f.is_red()));
    }

    #[test]
    fn svf_is_high_in_the_us_only() {
        let us = assess(&claims(Cells::Svf, Mechanism::Paracrine, Answer::Yes), None);
        assert_eq!(us[0].flags[0].severity, Severity::High);
        let mut elsewhere = claims(Cells::Svf, Mechanism::Paracrine, Answer::Yes);
        elsewhere.country = Some("KR".into());
        assert_eq!(assess(&elsewhere, None)[0].flags[0].severity, Severity::Caution);
    }

    #[test]
    fn approval_findings_become_flags() {
        let finding = ApprovalFinding {
            verdict: Verdict::ApprovedElsewhere,
            named_product: false,
            sources: vec!["src".into()],
        };
        let q = assess(
            &claims(Cells::Msc, Mechanism::Paracrine, Answer::No),
            Some(&finding),
        );
        let third: Vec<Severity> = q[2].flags.iter().map(|f| f.severity).collect();
        assert_eq!(third, vec![Severity::High, Severity::High]);
        let ok = ApprovalFinding {
            verdict: Verdict::Approved,
            ..finding
        };
        let q = assess(&claims(Cells::Msc, Mechanism::Paracrine, Answer::Yes), Some(&ok));
        assert!(q[2].flags.is_empty());
    }
}
