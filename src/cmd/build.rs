//! `mscdb build -o FILE`: write the record to an `SQLite` file.

use crate::cli::BuildArgs;
use crate::error::{Error, Result};

use super::Ctx;

pub fn run(args: &BuildArgs, ctx: &mut Ctx) -> Result<()> {
    if args.output.is_dir() {
        return Err(Error::usage(format!("{}: is a directory", args.output.display())));
    }
    ctx.store.write_to(&args.output)?;
    ctx.out.line(&format!("wrote {}", args.output.display()))?;
    Ok(())
}
