//! `cargo xtask fuzz`: runs each fuzz target of `fuzz/` for a bounded time.
//!
//! It installs the pinned `cargo-fuzz` when a different one or none is found, and builds the
//! targets without a sanitizer, which needs no `-Z` flag, so a stable toolchain builds them.
//! New inputs go to a temporary folder; the committed corpus under `fuzz/corpus/` is read only.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

use crate::flags;
use crate::workspace_root;

/// The `cargo-fuzz` version that the targets are built with.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The fuzz targets, as named in `fuzz/Cargo.toml`.
const TARGETS: &[&str] = &["spec_text", "spec_mutations"];

pub fn run(flags: &flags::Fuzz) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    install_cargo_fuzz(&cargo)?;

    let targets: Vec<&str> = match &flags.target {
        Some(target) => vec![target.as_str()],
        None => TARGETS.to_vec(),
    };
    for target in targets {
        let built = build_command(&cargo, &root.join("fuzz"), target, flags)
            .status()
            .with_context(|| format!("failed to run `{cargo} fuzz build {target}`"))?;
        if !built.success() {
            bail!(
                "building fuzz target {target} failed; the compiler's messages above say why, \
                 and a full disk or an out-of-date cargo-fuzz are the usual causes"
            );
        }

        let new_inputs = tempfile::tempdir().context("failed to create a temporary folder")?;
        eprintln!("fuzzing {target} for {} s", flags.seconds);
        let status = fuzz_command(&cargo, &root.join("fuzz"), target, new_inputs.path(), flags)
            .status()
            .with_context(|| format!("failed to run `{cargo} fuzz run {target}`"))?;
        if !status.success() {
            bail!(
                "fuzz target {target} failed; the input is under fuzz/artifacts/{target}/, and \
                 `cargo fuzz fmt {target} FILE` prints it"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Returns `cargo fuzz build` for `target`, with the flags that `fuzz_command` runs it with,
/// so that a build failure is not reported as a failing input.
fn build_command(cargo: &str, fuzz_dir: &Path, target: &str, flags: &flags::Fuzz) -> Command {
    let mut command = Command::new(cargo);
    command
        .current_dir(fuzz_dir)
        .args(["fuzz", "build", "--sanitizer", "none"]);
    if let Some(units) = flags.codegen_units {
        command.args(["--codegen-units", &units.to_string()]);
    }
    command.arg(target);
    command
}

fn fuzz_command(
    cargo: &str,
    fuzz_dir: &Path,
    target: &str,
    new_inputs: &Path,
    flags: &flags::Fuzz,
) -> Command {
    let mut command = Command::new(cargo);
    command
        .current_dir(fuzz_dir)
        .args(["fuzz", "run", "--sanitizer", "none"]);
    if let Some(units) = flags.codegen_units {
        command.args(["--codegen-units", &units.to_string()]);
    }
    command
        .arg(target)
        .arg(new_inputs)
        .arg(Path::new("corpus").join(target))
        .arg("--")
        .arg(format!("-max_total_time={}", flags.seconds))
        .arg("-rss_limit_mb=2048")
        .arg("-timeout=10");
    if target == "spec_mutations" {
        // A plan of mutations needs more than the few bytes that libFuzzer starts with, so
        // inputs may take their full length from the start.
        command.args(["-max_len=4096", "-len_control=0"]);
    }
    command
}

/// Installs `cargo-fuzz` at [`CARGO_FUZZ_VERSION`] unless that version is already installed.
fn install_cargo_fuzz(cargo: &str) -> anyhow::Result<()> {
    let installed = Command::new(cargo)
        .args(["fuzz", "--version"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned());
    if installed
        .as_deref()
        .is_some_and(|version| version.contains(CARGO_FUZZ_VERSION))
    {
        return Ok(());
    }
    eprintln!("installing cargo-fuzz {CARGO_FUZZ_VERSION}");
    let status = Command::new(cargo)
        .args([
            "install",
            "cargo-fuzz",
            "--locked",
            "--version",
            CARGO_FUZZ_VERSION,
        ])
        .status()
        .with_context(|| format!("failed to run `{cargo} install cargo-fuzz`"))?;
    if !status.success() {
        bail!("`{cargo} install cargo-fuzz --version {CARGO_FUZZ_VERSION}` failed");
    }
    Ok(())
}
