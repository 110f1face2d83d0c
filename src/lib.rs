//! mscdb: a sourced, offline knowledge base of approved mesenchymal stromal
//! cell (MSC) products. The library holds everything; `main.rs` only parses
//! arguments and maps errors to exit codes.

pub mod audit_table;
pub mod build_answer;
pub mod cli;
pub mod cmd;
pub mod generate;
mod man;
pub mod render;
pub mod site;
pub mod site_dir;

pub use mscdb_answers::{answer, assess, query, resolve, verdict};
pub use mscdb_record::{date, error, model, spec, status, store};

use cli::{Cli, Command};
use error::{Error, Result};
use render::Output;
use store::Store;

/// How a run ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: a check found no approval in the scope asked.
    NotFound,
}

/// The `SQLite` image of `data/`, written at compile time by `build.rs`.
static IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/mscdb.sqlite"));

/// The package descriptor of the CSV files the binary embeds (build.rs).
static DATAPACKAGE: &str = include_str!(concat!(env!("OUT_DIR"), "/datapackage.json"));

/// The schema of the embedded record, which a `--db` file must have (build.rs).
mod schema {
    include!(concat!(env!("OUT_DIR"), "/schema.rs"));
}

/// [`schema::SCHEMA`], as the store compares it.
pub fn expected_schema() -> &'static [mscdb_record::store::SchemaEntry<'static>] {
    schema::SCHEMA
}

/// The record compiled into the binary.
pub fn embedded() -> Result<Store> {
    Store::from_image(IMAGE)
}

/// Whether a character is an invisible format control (Unicode category
/// Cf: bidirectional overrides, embeddings and isolates, zero-width spaces,
/// the BOM, tags) that would make an argument show as something it is not.
/// The zero-width joiner and non-joiner, which some scripts need, are not.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{890}'..='\u{891}'
        | '\u{8e2}' | '\u{180e}' | '\u{200b}' | '\u{200e}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{e0001}' | '\u{e0020}'..='\u{e007f}')
}

/// Refuses an argument holding an invisible format control, as a
/// look-alike letter is refused: `Germ<U+202E>any` shows as "Germyna" on a
/// terminal, so answering for Germany would answer another question than
/// the one the user sees. The message shows the argument escaped.
pub fn check_arguments(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<()> {
    for arg in args {
        let Some(text) = arg.to_str() else { continue };
        if let Some(c) = text.chars().find(|&c| is_invisible_control(c)) {
            return Err(Error::usage(format!(
                "the argument '{}' holds an invisible control character (U+{:04X}) that makes it display as something else; type it again without it",
                crate::error::printable(text, 120),
                u32::from(c)
            )));
        }
    }
    Ok(())
}

/// Opens the record the global flags point at.
pub fn open_store(cli: &Cli) -> Result<Store> {
    match (&cli.global.db, &cli.global.data) {
        (Some(_), Some(_)) => Err(Error::usage("--db and --data cannot be used together")),
        (Some(db), None) => {
            if matches!(cli.command, Command::Build(_)) {
                return Err(Error::usage(
                    "build writes from CSV files; use --data DIR (or nothing), not --db",
                ));
            }
            if matches!(cli.command, Command::Validate) {
                Store::open_file_to_verify(db, expected_schema())
            } else {
                Store::open_file_expecting(db, expected_schema())
            }
        }
        // `build` loads straight into the file it writes (bounded memory).
        (None, Some(dir)) => match &cli.command {
            Command::Build(args) => Store::build_from_dir(dir, &args.output),
            _ => Store::from_dir(dir),
        },
        (None, None) => embedded(),
    }
}

pub fn run(cli: &Cli) -> Result<Outcome> {
    // Commands that need no record.
    match &cli.command {
        // Rendered into memory first, so that a closed pipe is an I/O error we
        // handle (exit 0), not a panic inside the generator.
        Command::Completions { shell } => {
            let mut command = cli::command();
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command, "mscdb", &mut script);
            if *shell == clap_complete::Shell::Fish {
                script.extend_from_slice(fish_positionals(&command).as_bytes());
            }
            std::io::Write::write_all(&mut std::io::stdout().lock(), &script)?;
            return Ok(Outcome::Success);
        }
        Command::Man(args) => {
            man_pages(args.dir.as_deref())?;
            return Ok(Outcome::Success);
        }
        _ => {}
    }
    if let Command::Generate(args) = &cli.command {
        cmd::generate::run(args)?;
        return Ok(Outcome::Success);
    }
    if let Command::Datapackage = cli.command {
        let package = match &cli.global.data {
            Some(dir) => {
                let store = Store::from_dir(dir)?;
                let date = query::record_date(store.conn())?;
                let files =
                    spec::file_facts(dir).map_err(|e| Error::usage(format!("{}: {e}", dir.display())))?;
                spec::datapackage(&files, date.as_deref())
            }
            None => serde_json::from_str(DATAPACKAGE).map_err(std::io::Error::from)?,
        };
        let mut out = Output::stdout(render::Format::Json, cli.global.color, false);
        out.json(&package)?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let store = open_store(cli)?;
    // An interactive command keeps the terminal to itself.
    let page = !cli.global.no_pager && !matches!(cli.command, Command::Assess(_));
    let mut out = Output::stdout(cli.global.format, cli.global.color, page);
    let mut ctx = cmd::Ctx {
        store: &store,
        out: &mut out,
        with_sources: cli.global.sources,
        today: cmd::today(),
    };
    let outcome = match &cli.command {
        Command::Check(args) => cmd::check::run(args, &mut ctx).map(|v| {
            if v.exit_code() == 0 {
                Outcome::Success
            } else {
                Outcome::NotFound
            }
        }),
        Command::Assess(args) => cmd::assess::run(args, &mut ctx).map(|clean| {
            if clean {
                Outcome::Success
            } else {
                Outcome::NotFound
            }
        }),
        Command::Frameworks(args) => cmd::frameworks::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Filings(args) => cmd::filings::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Actions(args) => cmd::actions::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Credentials(args) => cmd::credentials::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Audit(args) => cmd::audit::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Search(args) => cmd::search::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Sql(args) => cmd::sql::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Products(args) => cmd::products::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Show(args) => cmd::show::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Indications(args) => cmd::indications::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Jurisdictions(args) => cmd::jurisdictions::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Regulators => cmd::regulators::run(&mut ctx).map(|()| Outcome::Success),
        Command::Review(args) => cmd::review::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Validate => cmd::validate::run(&mut ctx).map(|()| Outcome::Success),
        Command::Build(args) => cmd::build::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Site(args) => cmd::site::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::DatasetteMetadata(args) => cmd::datasette::run(args, &mut ctx).map(|()| Outcome::Success),
        Command::Datapackage | Command::Generate(_) | Command::Completions { .. } | Command::Man(_) => {
            unreachable!("handled before the store is opened")
        }
    };
    // The pager (if any) is closed and waited for whatever the outcome. A
    // pager that failed explains a broken pipe (its input closed early).
    let finished = out.finish();
    // `run` is the process's one command (main calls it once, then exits).
    store.close_at_exit();
    match (outcome, finished) {
        (Err(Error::Io(e)), Err(pager)) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(pager),
        (outcome, finished) => {
            let outcome = outcome?;
            finished?;
            Ok(outcome)
        }
    }
}

/// Fish lines for the positional arguments that offer names (clap_complete's
/// fish script completes options only): `mscdb show ryo<Tab>`.
fn fish_positionals(command: &clap::Command) -> String {
    let mut lines = String::new();
    for sub in command.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() {
                lines.push_str(&format!(
                    "complete -c mscdb -n \"__fish_mscdb_using_subcommand {}\" -f -a \"{}\"\n",
                    sub.get_name(),
                    values.join(" ")
                ));
            }
        }
    }
    lines
}

/// The environment variables every page documents.
const MAN_ENVIRONMENT: &str = ".SH ENVIRONMENT
.TP
\\fBNO_COLOR\\fR
When set and not empty, tables are printed without colour (as with \\fB--color never\\fR).
.TP
\\fBCLICOLOR\\fR, \\fBCLICOLOR_FORCE\\fR
\\fBCLICOLOR=0\\fR turns colour off; \\fBCLICOLOR_FORCE\\fR set and not empty turns it on even when output is not a terminal (\\fBNO_COLOR\\fR still wins).
.TP
\\fBCOLUMNS\\fR
The width tables and prose are fitted to; without it, the terminal's width, or 100 when output is not a terminal.
.TP
\\fBMSCDB_PAGER\\fR, \\fBPAGER\\fR
On a terminal, output goes through this program (\\fBMSCDB_PAGER\\fR first, then \\fBPAGER\\fR, default \\fBless -FRX\\fR), split into words as a shell would; an empty value, \\fB--no-pager\\fR or a pipe means no pager. A pager that fails is reported (exit 2).
.TP
\\fBLESS\\fR
Set to \\fBFRX\\fR for the pager when unset, so that \\fBless\\fR shows colour and quits at once on short output.
.SH EXIT STATUS
0 success (for check: approved in the scope asked); 1 check gave another verdict, or assess found a red flag; 2 an error.
";

/// `mscdb man`: the main page on standard output, or with `dir` one page per
/// subcommand written there (never over anything but a regular file).
fn man_pages(dir: Option<&std::path::Path>) -> Result<()> {
    let command = cli::command();
    let pages: Vec<String> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .map(|s| format!("mscdb-{}", s.get_name()))
        .collect();
    let render = |cmd: clap::Command| -> Result<Vec<u8>> {
        let see_also = if cmd.get_name() == "mscdb" {
            pages.clone()
        } else {
            vec!["mscdb".to_string()]
        };
        Ok(man::page(&cmd, MAN_ENVIRONMENT, &see_also)?)
    };
    let Some(dir) = dir else {
        let page = render(command)?;
        std::io::Write::write_all(&mut std::io::stdout().lock(), &page)?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::usage(format!("{}: {e}", dir.display())))?;
    let mut pages = vec![("mscdb".to_string(), command.clone())];
    // `help` is clap's own subcommand; `mscdb-help.1` would say nothing.
    for sub in command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        let name = format!("mscdb-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, cmd) in pages {
        let path = dir.join(format!("{name}.1"));
        if let Ok(meta) = std::fs::symlink_metadata(&path)
            && !meta.file_type().is_file()
        {
            return Err(Error::usage(format!(
                "{}: exists and is not a regular file",
                path.display()
            )));
        }
        std::fs::write(&path, render(cmd)?).map_err(|e| Error::usage(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The schema `--db` files are held to is the one the loader creates
    /// now: were build.rs's copy stale, every file `build` writes would be
    /// refused, or a file of another schema let through.
    #[test]
    fn the_recorded_schema_is_the_loaders() {
        let loader = mscdb_record::store::loader_schema().expect("loader schema");
        let recorded = super::expected_schema();
        assert!(!recorded.is_empty());
        assert!(
            recorded == mscdb_record::store::borrowed(&loader).as_slice(),
            "build.rs's schema differs from the loader's"
        );
    }
}
