//! Project automation, run as `cargo xtask <command>`.

mod codegen;
mod corpus;
mod flags;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let command = flags::Xtask::parse();
    let result = match command {
        flags::Xtask::Codegen(codegen) => codegen::run(&codegen),
        flags::Xtask::Test(test) => test::run(&test),
        flags::Xtask::Corpus(corpus) => corpus::run(&corpus),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Returns the workspace root, the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or(manifest_dir.clone(), PathBuf::from)
}
