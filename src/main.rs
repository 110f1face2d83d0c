//! Parse, dispatch, map errors to exit codes — nothing else.

use std::process::ExitCode;

use std::io::Write;

use mscdb::error::{Error, printable};
use mscdb::{Outcome, cli};

fn main() -> ExitCode {
    // An interrupted `build` or `site` removes its temporaries (and puts an
    // old site back); the exit code is 128 + the signal, as shells report
    // it: 130 for SIGINT (Ctrl-C), 143 for SIGTERM, 129 for SIGHUP.
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                mscdb_record::store::remove_temporaries();
                std::process::exit(128 + signal);
            }
        });
    }
    let cli = match cli::parse() {
        Ok(cli) => cli,
        // --help, --version and usage errors: clap prints them, and a
        // failed write (`--help > /dev/full`) is an error like any other.
        // Usage errors carry the same `mscdb: ` prefix as every other error.
        Err(e) if e.use_stderr() => {
            let text = e.render().to_string();
            eprint!("mscdb: {}", text.strip_prefix("error: ").unwrap_or(&text));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        Err(e) => {
            let written = e.print().and_then(|()| std::io::stdout().flush());
            return match written {
                Err(w) if w.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("mscdb: {w}");
                    ExitCode::from(2)
                }
                _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
            };
        }
    };
    // A query for `sql` may hold any text (its output is escaped); every
    // other argument names something, and must show as what it is.
    if !matches!(cli.command, cli::Command::Sql(_))
        && let Err(e) = mscdb::check_arguments(std::env::args_os().skip(1))
    {
        eprintln!("mscdb: {}", printable(&e.to_string(), 300));
        return ExitCode::from(2);
    }
    match mscdb::run(&cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NotFound) => ExitCode::from(1),
        // A reader that stops early (`| head`) is not an error.
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("mscdb: {}", printable(line, 300));
            }
            ExitCode::from(2)
        }
    }
}
