//! `mscdb generate` (hidden): writes a synthetic data directory (see
//! [`crate::generate`]) and says what it wrote.

use crate::cli::GenerateArgs;
use crate::error::Result;

pub fn run(args: &GenerateArgs) -> Result<()> {
    crate::generate::generate(&args.output, args.products)?;
    eprintln!(
        "wrote {} products and {} decisions to {}",
        args.products,
        args.products * 10,
        args.output.display()
    );
    Ok(())
}
