//! Project automation, run as `cargo xtask <command>`.

mod bench;
mod bench_compile;
mod codegen;
mod corpus;
mod flags;
mod fuzz;
mod hostile;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

// jemalloc, tuned in .cargo/config.toml; BENCHMARKS.md, under "The allocator", has figures.
#[cfg(all(unix, not(target_env = "musl")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let command = flags::Xtask::parse();
    let result = match command {
        flags::Xtask::Codegen(codegen) => codegen::run(&codegen),
        flags::Xtask::Test(test) => test::run(&test),
        flags::Xtask::Bench(bench) => bench::run(&bench),
        flags::Xtask::BenchOne(bench) => bench::run_one(&bench),
        flags::Xtask::Corpus(corpus) => corpus::run(&corpus),
        flags::Xtask::Fuzz(fuzz) => fuzz::run(&fuzz),
        flags::Xtask::Hostile(hostile) => hostile::run(&hostile),
        flags::Xtask::HostileOne(hostile) => hostile::run_one(&hostile),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(ERROR_EXIT_CODE)
        }
    }
}

/// Exit status for a failure such as an invalid spec, apart from 1, which `--check` uses for
/// stale output.
const ERROR_EXIT_CODE: u8 = 2;

/// Returns the workspace root, the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or(manifest_dir.clone(), PathBuf::from)
}
