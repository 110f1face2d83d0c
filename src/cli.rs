//! Command-line definitions. Help text, completions and the man page all
//! come from here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Names shell completion offers, listed from the embedded record at build time.
mod completion {
    include!(concat!(env!("OUT_DIR"), "/completion.rs"));
}

/// Accepts any text (names are resolved later, against the whole record) but
/// offers a list to shell completion; the list stays out of `--help`.
#[derive(Clone)]
struct Offer(&'static [&'static str]);

impl clap::builder::TypedValueParser for Offer {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|v| clap::builder::PossibleValue::new(*v)),
        ))
    }
}

use crate::assess::Choice;
use crate::model::{CellType, Donor, Tissue};
use crate::render::{ColorChoice, Format};

/// Help is wrapped to the terminal, but never wider than this.
const MAX_TERM_WIDTH: usize = 100;

/// The command tree that is parsed, completed and documented. The global
/// flags are declared once, on `mscdb`; clap copies them into every
/// subcommand and has no per-subcommand opt-out, so `completions` and `man`,
/// which use none of them, are rebuilt here without the copies.
pub fn command() -> clap::Command {
    let mut tree = <Cli as clap::CommandFactory>::command();
    // Subcommands are deferred (their arguments added when built), so the
    // root would copy its global flags in ahead of each one's own; expanded
    // here first, each lists its own arguments first, as completion scripts
    // offer them.
    let names: Vec<String> = tree.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        tree = tree.mut_subcommand(name, |sub| {
            let mut expanded = sub.clone();
            expanded.build();
            let own: Vec<clap::Arg> = expanded
                .get_arguments()
                .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
                .cloned()
                .collect();
            sub.defer(|sub| sub).args(own)
        });
    }
    tree.build();
    for name in ["completions", "man"] {
        tree = tree.mut_subcommand(name, |sub| without_globals(&sub));
    }
    tree
}

/// The arguments of this process, parsed against [`command`].
///
/// # Errors
/// A usage error, `--help` or `--version`, for clap to print.
pub fn parse() -> Result<Cli, clap::Error> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Building every subcommand up front (and rebuilding two) was a fifth of
    // a `check`'s instructions. Clap builds the one subcommand it matches
    // on its own, with the global flags copied in the same way, so only a
    // run that may reach `completions`, `man` or the list of subcommands
    // (`help`, `--help`, no arguments) needs the whole tree of [`command`].
    let whole = args.len() < 2
        || args.iter().skip(1).any(|a| {
            matches!(
                a.to_str(),
                Some("completions" | "man" | "help" | "--help" | "-h") | None
            )
        });
    let mut tree = if whole {
        command()
    } else {
        <Cli as clap::CommandFactory>::command()
    };
    let mut matches = tree.try_get_matches_from_mut(args)?;
    let cli =
        <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut tree))?;
    // Parsed once per process, which is about to run one command and end:
    // freeing the tree (hundreds of small allocations) would be work for nothing.
    std::mem::forget(matches);
    std::mem::forget(tree);
    Ok(cli)
}

fn without_globals(sub: &clap::Command) -> clap::Command {
    let mut fresh = clap::Command::new(sub.get_name().to_string()).max_term_width(MAX_TERM_WIDTH);
    if let Some(text) = sub.get_about() {
        fresh = fresh.about(text.clone());
    }
    if let Some(text) = sub.get_long_about() {
        fresh = fresh.long_about(text.clone());
    }
    if let Some(text) = sub.get_after_help() {
        fresh = fresh.after_help(text.clone());
    }
    if let Some(bin) = sub.get_bin_name() {
        fresh = fresh.bin_name(bin.to_string());
    }
    if let Some(display) = sub.get_display_name() {
        fresh = fresh.display_name(display.to_string());
    }
    let own = sub
        .get_arguments()
        .filter(|a| !a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version"));
    fresh.args(own.cloned())
}

#[derive(Debug, Parser)]
#[command(
    name = "mscdb",
    version = concat!(env!("CARGO_PKG_VERSION"), ", ", env!("MSCDB_RECORD")),
    about = "Approved mesenchymal stromal cell (MSC) products and the rules that regulate them, offline and sourced",
    long_about = "mscdb answers, offline and at once, whether an MSC product is approved — anywhere, in a country, \
for a disease, and still — from a curated record in which every decision cites its sources.\n\n\
Exit codes: 0 success (for `check`: approved in the scope asked); 1 `check` gave another verdict \
(an unknown product name too: `not-in-record`), or `assess` found a red flag; 2 error (bad input; an unknown country, \
disease or regulator, or an unknown product for `show` and `filings`; bad data).",
    after_help = "Examples:\n  mscdb products --in KR\n  mscdb show temcell\n  mscdb indications --as-of 2019-06-01\n  mscdb products --tissue adipose --format json",
    max_term_width = MAX_TERM_WIDTH
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Load the CSV files of this directory instead of the embedded record
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "db")]
    pub data: Option<PathBuf>,
    /// Open a database written by `mscdb build` (read-only)
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Output format
    #[arg(long, short = 'f', global = true, value_enum, ignore_case = true, default_value_t = Format::Table)]
    pub format: Format,
    /// Colour in tables: auto is off when `NO_COLOR` is set or output is not a terminal
    #[arg(long, global = true, value_enum, ignore_case = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Append the cited sources, with URLs, to the answer
    #[arg(long, global = true)]
    pub sources: bool,
    /// Never page long output (on a terminal it goes through $PAGER, default `less -FRX`; piped output never does)
    #[arg(long, global = true)]
    pub no_pager: bool,
}

#[derive(Debug, Subcommand)]
// Each subcommand's arguments are added only when it is the one parsed (or
// help lists them): building all of them was most of clap's cost per run.
#[command(defer = true)]
pub enum Command {
    /// Is this product approved — here, for this, on this date? Exit 0 if approved in scope, 1 if not, 2 on error
    #[command(
        after_help = "Examples:\n  mscdb check ryoncil\n  mscdb check ryoncil --in US --as-of 2024-01-01\n  mscdb check alofisel --in France\n  mscdb check TEMCELL HS Inj. --in 日本\n  mscdb check --for autism\n  mscdb check --for \"heart attack\" --in KR\n  mscdb check prochymal --format json\n\nVerdicts for a product, first that applies: approved (in force in the place and for the disease asked), no-longer-approved (a grant there ended), refused (only negative decisions there), approved-other-indication (approved in the place, not for the disease), approved-elsewhere, investigational (filings on record), not-approved, not-in-record; seller when the name is a seller the record knows (a clinic, a laboratory): not a product, answered with the actions against it.\nWith --in, when nothing in scope is approved, the answer ends with the place's rule for an unapproved offer outside a trial (dated: --as-of applies).\nWith --for and no product: approved, approved-elsewhere, no-longer-approved, refused, not-approved.\nA disease covers the indications under it: approvals for a narrower indication are listed as such; approvals for a broader one apply, with a caveat.\nExit codes: 0 approved in the scope asked; 1 any other verdict; 2 an error (an unknown country or disease, a bad date)."
    )]
    Check(CheckArgs),
    /// The three questions to ask a clinic, checked against the record. Exit 0 with no red flag, 1 with one
    #[command(
        after_help = "Examples:\n  mscdb assess --cells ipsc --mechanism replaces-tissue\n  mscdb assess --cells msc --identity-report no --for \"knee osteoarthritis\"\n  mscdb assess --cells svf --in US --product queencell\n\nSeverities, gravest first:\n  STOP       walk away (a red flag)\n  RED FLAG   a serious problem (JSON and CSV: high; a red flag)\n  CAUTION    ask more before going on (not a red flag)\n  note       context worth knowing (JSON and CSV: info)\nExit 1 only when there is a red flag (STOP or RED FLAG); cautions alone exit 0.\n\nWithout flags on a terminal, mscdb asks the questions one by one; an answer it does not understand is asked again."
    )]
    Assess(AssessArgs),
    /// List products with the approvals in force; MSC and MSC-like products unless --cell-type says otherwise
    #[command(
        after_help = "Examples:\n  mscdb products --in US\n  mscdb products --in EU --as-of 2019-06-01\n  mscdb products --tissue adipose\n  mscdb products --status all --format csv"
    )]
    Products(ProductsArgs),
    /// Everything about one product: names, cells, decisions per jurisdiction, status, sources
    #[command(after_help = "Examples:\n  mscdb show temcell\n  mscdb show Prochymal --format json")]
    Show(ShowArgs),
    /// Indications with an approved product in force, and where
    #[command(
        after_help = "Examples:\n  mscdb indications\n  mscdb indications --in JP\n  mscdb indications --regulator MFDS --as-of 2015-01-01\n  mscdb indications --all --format csv"
    )]
    Indications(IndicationsArgs),
    /// Countries and regions the record knows: codes, names, memberships with dates, decisions
    #[command(
        after_help = "Examples:\n  mscdb jurisdictions\n  mscdb jurisdictions --all --format csv\n\nAny ISO 3166-1 country can be asked with --in, by code or name, in English or its own language."
    )]
    Jurisdictions(JurisdictionsArgs),
    /// Regulators the record knows, with their decisions and framework facts
    #[command(after_help = "Examples:\n  mscdb regulators\n  mscdb regulators --format json")]
    Regulators,
    /// The maintainer's worklist: terms ended or ending, applications pending, doubts, dates to make exact
    #[command(
        after_help = "Examples:\n  mscdb review\n  mscdb review --as-of 2027-06-01 --format csv\n\nKinds, in order: term-ended (record what followed), term-ending (within six months), pending-application (filed over a year ago, no decision), status-unconfirmed, date-announced (find the decision's own date), unverified-report. Each row names the file and the row id to edit."
    )]
    Review(ReviewArgs),
    /// Regulators side by side: one row per topic, one column per regulator
    #[command(
        after_help = "Examples:\n  mscdb frameworks FDA EMA PMDA NMPA\n  mscdb frameworks --topic expedited\n  mscdb frameworks Japan Korea --topic alternative --format json\n\nTopics, in order: legal-basis, classification, investigational-application, marketing-application, expedited-programs, alternative-routes, clinic-enforcement, post-marketing, review-timelines, fees, landmark-decisions."
    )]
    Frameworks(FrameworksArgs),
    /// Investigational filings and registrations: IND, CTA and acceptance numbers, NCT numbers, BLAs
    #[command(
        after_help = "Examples:\n  mscdb filings --product NR-20201\n  mscdb filings --regulator FDA --kind ind\n  mscdb filings --in China --for stroke"
    )]
    Filings(FilingsArgs),
    /// Actions of regulators, ministries and courts against sellers of cell products: letters, orders, suits, rulings
    #[command(
        after_help = "Examples:\n  mscdb actions --seller \"US Stem Cell Clinic\"\n  mscdb actions --for autism --in US\n  mscdb actions --in Japan --since 2025\n  mscdb actions --for \"knee osteoarthritis\" --format json\n\nAn action is an event: a warning letter and its close-out, a suit and its ruling, are rows of their own. A seller named in no action is not thereby cleared; the record holds what the stored sources show."
    )]
    Actions(ActionsArgs),
    /// What the credentials clinics show mean, and what they do not mean
    #[command(
        after_help = "Examples:\n  mscdb credentials\n  mscdb credentials --in Japan\n  mscdb credentials \"FDA-registered lab\"\n  mscdb credentials --format json"
    )]
    Credentials(CredentialsArgs),
    /// Published approval tables and claims, row by row, against the record
    #[command(
        after_help = "Examples:\n  mscdb audit\n  mscdb audit --publication review-2025-li-fu --verdict wrong\n  mscdb audit --publication \"Stem Cell Research\" --format json\n  mscdb audit --table data/claims.csv --verdict wrong\n\nVerdicts, by one rule (the main point is what a row asserts above all, e.g. 'approved here'):\n  confirmed    the record supports the main point and contradicts no detail\n  corrected    the main point holds, a detail is wrong (a year, a brand, a status since ended)\n  wrong        the record contradicts the main point (e.g. a designation printed as an approval)\n  unverified   no source read confirms or refutes the main point\nThe full rule: docs/audit-verdicts.md."
    )]
    Audit(AuditArgs),
    /// Full-text search over names, aliases, indications, notes, frameworks, filings, claims, sellers and actions
    #[command(
        after_help = "Examples:\n  mscdb search fistula\n  mscdb search \"CAR-T\"\n  mscdb search hospital exemption --format json"
    )]
    Search(SearchArgs),
    /// Run one read-only SQL statement over the record (see the schema in README.md)
    #[command(
        after_help = "Examples:\n  mscdb sql \"SELECT count(*) FROM decisions\"\n  mscdb sql \"SELECT id, date FROM decisions WHERE decision = 'refusal'\" -f csv"
    )]
    Sql(SqlArgs),
    /// Check the CSV files of a directory (the embedded record without --data)
    #[command(after_help = "Examples:\n  mscdb validate --data ./data")]
    Validate,
    /// Write the record to an `SQLite` file (atomically: a temporary file renamed into place)
    #[command(
        after_help = "Examples:\n  mscdb build -o mscdb.sqlite\n  mscdb build --data ./data -o mine.sqlite"
    )]
    Build(BuildArgs),
    /// Write the record as a static website (HTML pages with an SVG approvals timeline), atomically
    #[command(
        after_help = "Examples:\n  mscdb site -o site\n  mscdb site -o site --force\n\nOpen site/index.html in a browser: no server, no network needed. A non-empty directory is refused unless --force, except one mscdb site wrote that holds only the files it wrote."
    )]
    Site(SiteArgs),
    /// Print datasette metadata (titles, descriptions, licence, canned queries) for a file written by `mscdb build`
    #[command(
        after_help = "Examples:\n  mscdb datasette-metadata > metadata.json\n  mscdb datasette-metadata --config > datasette.json\n  mscdb datasette-metadata --database record > record.json\n\nThen serve the file written by `mscdb build -o mscdb.sqlite`:\n  datasette 0.65: datasette serve mscdb.sqlite -m metadata.json\n  datasette 1.x:  datasette serve mscdb.sqlite -m metadata.json -c datasette.json\n(--database names the file without its extension: record for record.sqlite)."
    )]
    DatasetteMetadata(DatasetteArgs),
    /// Write a synthetic data directory with N products and 10·N decisions (for benchmarks)
    #[command(hide = true)]
    Generate(GenerateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    #[command(
        after_help = "Examples:\n  mscdb completions bash > ~/.local/share/bash-completion/completions/mscdb\n  mscdb completions zsh > ~/.zfunc/_mscdb\n  mscdb completions fish > ~/.config/fish/completions/mscdb.fish\n\nFor zsh, put fpath+=~/.zfunc before compinit in ~/.zshrc."
    )]
    Completions {
        #[arg(value_enum, ignore_case = true)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per subcommand with --dir
    #[command(after_help = "Examples:\n  mscdb man > mscdb.1 && man ./mscdb.1\n  mscdb man --dir man/man1")]
    Man(ManArgs),
    /// Print data/datapackage.json (the Frictionless descriptor) of the built-in CSVs, or of --data DIR
    #[command(hide = true)]
    Datapackage,
}

// Where and when to look; shared by the listing commands. (A plain comment:
// a doc comment here would become the about text of every subcommand that
// flattens it, over the subcommand's own, since subcommands are deferred.)
#[derive(Debug, Args, Clone, Default)]
pub struct ScopeArgs {
    /// Country or region: code (US, KR, EU), name or alias (USA, Korea Republic)
    #[arg(long = "in", value_name = "COUNTRY", value_parser = Offer(completion::COUNTRIES), hide_possible_values = true)]
    pub country: Option<String>,
    /// Regulator: id (FDA, EMA, PMDA, MFDS, ...), name or alias (CBER, KFDA, MHLW)
    #[arg(long, value_name = "REGULATOR", value_parser = Offer(completion::REGULATORS), hide_possible_values = true)]
    pub regulator: Option<String>,
    /// Status on this date (YYYY, YYYY-MM or YYYY-MM-DD; a partial date means the end of its period) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Cell types to include (repeatable), or 'all'  [default: the MSC-like types]
    #[arg(long, value_name = "TYPE", ignore_case = true, value_parser = cell_type_values())]
    pub cell_type: Vec<String>,
}

fn cell_type_values() -> impl clap::builder::TypedValueParser<Value = String> {
    let mut values: Vec<&'static str> = CellType::NAMES.to_vec();
    values.push("all");
    lowercase(values)
}

/// A closed list whose values are matched whatever their case (`--kind IND`)
/// and handed on as the record writes them.
/// A date of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn partial_date(text: &str) -> Result<crate::date::PartialDate, String> {
    crate::date::PartialDate::parse(text.trim()).map_err(str::to_string)
}

fn lowercase(
    values: impl Into<clap::builder::PossibleValuesParser>,
) -> impl clap::builder::TypedValueParser<Value = String> {
    use clap::builder::TypedValueParser;
    values.into().map(|v: String| v.to_ascii_lowercase())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// A grant is in force in the scope asked
    Approved,
    /// A grant in scope existed and has ended
    NoLongerApproved,
    /// No grant in scope, ever
    NotApproved,
    /// Every product
    All,
}

#[derive(Debug, Args)]
pub struct ProductsArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Disease or indication, as `check --for` takes it (GvHD, knee osteoarthritis, heart attack, an ICD-10-CM code)
    #[arg(long = "for", alias = "indication", value_name = "DISEASE", value_parser = Offer(completion::INDICATIONS), hide_possible_values = true)]
    pub indication: Option<String>,
    /// Tissue the cells come from
    #[arg(long = "tissue", alias = "source", value_name = "TISSUE", ignore_case = true, value_parser = lowercase(Tissue::NAMES))]
    pub tissue: Option<String>,
    /// Autologous or allogeneic
    #[arg(long, ignore_case = true, value_parser = lowercase(Donor::NAMES))]
    pub donor: Option<String>,
    /// Which products to list, by their status in scope
    #[arg(long, value_enum, ignore_case = true, default_value_t = StatusArg::Approved)]
    pub status: StatusArg,
    /// Only grants in scope dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = partial_date)]
    pub since: Option<crate::date::PartialDate>,
    /// Only grants in scope dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = partial_date)]
    pub until: Option<crate::date::PartialDate>,
}

#[derive(Debug, Args, Clone)]
pub struct AssessArgs {
    /// What the clinic says the cells are
    #[arg(long, value_parser = ChoiceParser::<crate::assess::Cells>::new())]
    pub cells: Option<crate::assess::Cells>,
    /// How the clinic says they work
    #[arg(long, value_parser = ChoiceParser::<crate::assess::Mechanism>::new())]
    pub mechanism: Option<crate::assess::Mechanism>,
    /// Can the clinic show reports of cell identity and purity?
    #[arg(long, value_parser = ChoiceParser::<crate::assess::Answer>::new())]
    pub identity_report: Option<crate::assess::Answer>,
    /// The product the clinic names, if any
    #[arg(long, value_name = "NAME")]
    pub product: Option<String>,
    /// Country of the clinic
    #[arg(long = "in", value_name = "COUNTRY")]
    pub country: Option<String>,
    /// Disease or condition treated
    #[arg(long = "for", value_name = "INDICATION")]
    pub indication: Option<String>,
    /// A credential the clinic shows ("FDA-registered lab", "ASRM plan number"); `mscdb credentials` lists them
    #[arg(long, value_name = "TEXT")]
    pub credential: Option<String>,
}

impl AssessArgs {
    pub fn is_empty(&self) -> bool {
        self.credential.is_none()
            && self.cells.is_none()
            && self.mechanism.is_none()
            && self.identity_report.is_none()
            && self.product.is_none()
            && self.country.is_none()
            && self.indication.is_none()
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Product name, brand, nonproprietary name, code or alias (several words need no quotes); omit to ask about any MSC product with --for
    #[arg(value_name = "NAME", value_parser = Offer(completion::PRODUCTS), hide_possible_values = true)]
    pub name: Vec<String>,
    /// Country or region: ISO code (US, KR, FR), name in English or the country's own language (France, 日本, 대한민국), or EU
    #[arg(long = "in", value_name = "COUNTRY", value_parser = Offer(completion::COUNTRIES), hide_possible_values = true)]
    pub country: Option<String>,
    /// Disease or indication: the record's name or a synonym (GvHD, knee osteoarthritis), a lay name (heart attack, MS), an ICD-10-CM title or code (F84.0)
    #[arg(long = "for", value_name = "DISEASE", value_parser = Offer(completion::INDICATIONS), hide_possible_values = true)]
    pub indication: Option<String>,
    /// Status on this date (YYYY, YYYY-MM or YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write mscdb.1 and one page per subcommand (mscdb-check.1, …) into this directory
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The worklist as of this date [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct JurisdictionsArgs {
    /// Every ISO 3166-1 entry, not only those with a decision, a regulator or a note
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Product name, brand, nonproprietary name, code or alias (several words need no quotes)
    #[arg(value_name = "PRODUCT", required = true, value_parser = Offer(completion::PRODUCTS), hide_possible_values = true)]
    pub product: Vec<String>,
    /// Status on this date [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct IndicationsArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Only this disease and the indications within it, as `check --for` takes it
    #[arg(long = "for", alias = "indication", value_name = "DISEASE", value_parser = Offer(completion::INDICATIONS), hide_possible_values = true)]
    pub indication: Option<String>,
    /// Every indication in the record, approved or not, with its ICD-10-CM codes and synonyms
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct FrameworksArgs {
    /// Regulators: id (FDA, EMA, PMDA, NMPA, MFDS, CDSCO, HC, TGA, MEDSAFE), alias (CBER, MHLW, CDE) or country [default: all]
    #[arg(value_parser = Offer(completion::REGULATORS), hide_possible_values = true)]
    pub regulators: Vec<String>,
    /// Topics to show, by name or prefix (repeatable) [default: all]
    #[arg(long, value_name = "TOPIC")]
    pub topic: Vec<String>,
}

#[derive(Debug, Args)]
pub struct FilingsArgs {
    /// Only this product's filings
    #[arg(long, value_name = "PRODUCT", value_parser = Offer(completion::PRODUCTS), hide_possible_values = true)]
    pub product: Option<String>,
    /// Only filings with this regulator
    #[arg(long, value_name = "REGULATOR", value_parser = Offer(completion::REGULATORS), hide_possible_values = true)]
    pub regulator: Option<String>,
    /// Only this kind of filing
    #[arg(long, ignore_case = true, value_parser = lowercase(crate::model::FilingKind::NAMES))]
    pub kind: Option<String>,
    /// Only filings with a regulator acting in this country or region (EU filings count for its members)
    #[arg(long = "in", value_name = "COUNTRY", value_parser = Offer(completion::COUNTRIES), hide_possible_values = true)]
    pub country: Option<String>,
    /// Only filings for this disease (or an indication within it)
    #[arg(long = "for", alias = "indication", value_name = "DISEASE", value_parser = Offer(completion::INDICATIONS), hide_possible_values = true)]
    pub indication: Option<String>,
    /// Only filings on record by this date (YYYY, YYYY-MM, YYYY-MM-DD or today)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// Only actions in this country or region (EU actions count for its members)
    #[arg(long = "in", value_name = "COUNTRY")]
    pub country: Option<String>,
    /// Only actions naming this disease (or a condition within it) among the conditions marketed
    #[arg(long = "for", value_name = "DISEASE", value_parser = Offer(completion::INDICATIONS), hide_possible_values = true)]
    pub disease: Option<String>,
    /// Only actions against this seller (its name or an alias)
    #[arg(long, value_name = "NAME")]
    pub seller: Option<String>,
    /// Only actions on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only actions on or before this date (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct CredentialsArgs {
    /// Only credentials that mean something in this country or region (and those that mean the same everywhere)
    #[arg(long = "in", value_name = "COUNTRY")]
    pub country: Option<String>,
    /// The credential as the clinic shows it ("FDA-registered lab"); near forms are recognised
    pub phrase: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Publication: a source id, or words of its title or publisher
    #[arg(long = "publication", alias = "source", value_name = "PUBLICATION", value_parser = Offer(completion::PUBLICATIONS), hide_possible_values = true)]
    pub source: Option<String>,
    /// Audit your own table instead: a CSV whose header names product, place and year (status,
    /// indication optional), in any order; `-` reads standard input
    #[arg(long, value_name = "FILE.csv", conflicts_with = "source")]
    pub table: Option<PathBuf>,
    /// Only claims with this verdict
    #[arg(long, ignore_case = true, value_parser = lowercase(crate::model::ClaimVerdict::NAMES))]
    pub verdict: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; punctuation is searched for, not parsed
    #[arg(required = true)]
    pub text: Vec<String>,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SqlArgs {
    /// One SELECT (or WITH ... SELECT) statement
    pub query: String,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of products
    #[arg(long, default_value_t = 1000)]
    pub products: usize,
    /// Directory to write
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The database file to write
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory to write (replaced as a whole; created if missing)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Replace DIR even when it is a non-empty directory mscdb site did not write
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct DatasetteArgs {
    /// The database name datasette serves: the SQLite file's name without its extension
    #[arg(long, value_name = "NAME", default_value = "mscdb")]
    pub database: String,
    /// Print the datasette 1.x configuration instead (for `-c`): canned queries,
    /// hidden tables and search boxes, which 1.x does not read from metadata
    #[arg(long)]
    pub config: bool,
}

/// A clap parser for the engine's closed choices ([`Choice`]): names and
/// aliases matched whatever their case, possible values listed with help.
#[derive(Clone)]
pub struct ChoiceParser<T>(std::marker::PhantomData<T>);

impl<T> ChoiceParser<T> {
    pub fn new() -> Self {
        ChoiceParser(std::marker::PhantomData)
    }
}

impl<T> Default for ChoiceParser<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Choice + Send + Sync> clap::builder::TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        T::from_name(&text).ok_or_else(|| {
            let mut err = clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd);
            if let Some(arg) = arg {
                err.insert(
                    clap::error::ContextKind::InvalidArg,
                    clap::error::ContextValue::String(arg.to_string()),
                );
            }
            err.insert(
                clap::error::ContextKind::InvalidValue,
                clap::error::ContextValue::String(text.into_owned()),
            );
            err.insert(
                clap::error::ContextKind::ValidValue,
                clap::error::ContextValue::Strings(T::ALL.iter().map(|c| c.name().to_string()).collect()),
            );
            err
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(T::ALL.iter().map(|c| {
            clap::builder::PossibleValue::new(c.name())
                .aliases(c.aliases().iter().copied())
                .help(c.help().unwrap_or_default())
        })))
    }
}

impl From<StatusArg> for crate::answer::products::StatusFilter {
    fn from(arg: StatusArg) -> Self {
        use crate::answer::products::StatusFilter as F;
        match arg {
            StatusArg::Approved => F::Approved,
            StatusArg::NoLongerApproved => F::NoLongerApproved,
            StatusArg::NotApproved => F::NotApproved,
            StatusArg::All => F::All,
        }
    }
}

impl ScopeArgs {
    /// The engine's request for these flags.
    pub fn request(&self) -> crate::answer::ScopeRequest {
        use crate::answer::CellTypes;
        let cell_types = if self.cell_type.iter().any(|t| t == "all") {
            CellTypes::All
        } else if self.cell_type.is_empty() {
            CellTypes::MscLike
        } else {
            CellTypes::Only(self.cell_type.iter().filter_map(|t| CellType::parse(t)).collect())
        };
        crate::answer::ScopeRequest {
            country: self.country.clone(),
            regulator: self.regulator.clone(),
            as_of: self.as_of.clone(),
            cell_types,
        }
    }
}
