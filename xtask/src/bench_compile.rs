//! `cargo xtask bench --compile`: times `cargo build` of a generated crate, and its peak
//! compiler memory.
//!
//! The crate is generated into a folder under the system's temporary folder, outside the
//! workspace, and kept there so that its dependencies are built once across runs. Each
//! variant (all services, then one service's feature) is built once to warm up, then its
//! `src/lib.rs` is touched and the crate alone is rebuilt under `/usr/bin/time -v`, whose
//! maximum resident set size is that of the largest process, the compiler.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context as _, bail};

use crate::flags;
use crate::workspace_root;

/// The measurement tool; its `-v` report carries the peak memory.
const TIME: &str = "/usr/bin/time";

pub fn run(flags: &flags::Bench) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let spec = match flags.spec.as_slice() {
        [] => root.join(crate::bench::LARGE_SPEC),
        [spec] => spec.clone(),
        _ => bail!("--compile measures one spec; give --spec once"),
    };
    if flags.spec.is_empty() && !spec.is_file() {
        eprintln!(
            "skipping {}: not found beside the workspace",
            crate::bench::LARGE_SPEC
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !Path::new(TIME).is_file() {
        bail!("{TIME} is missing; install the `time` package to measure compiler memory");
    }

    let out = std::env::temp_dir().join("xtask-compile-bench");
    let features = generate(&root, &spec, &out)?;
    let feature = match &flags.feature {
        Some(feature) if features.contains(feature) => feature.clone(),
        Some(feature) => {
            bail!("the crate has no feature `{feature}`; give one of {features:?}")
        }
        None => features
            .first()
            .cloned()
            .context("the crate has no service feature")?,
    };

    let variants = [
        ("all services".to_owned(), Vec::new()),
        (
            format!("feature `{feature}`"),
            vec![
                "--no-default-features".to_owned(),
                format!("--features={feature}"),
            ],
        ),
    ];
    println!("\n{} in {}", spec.display(), out.display());
    println!("{:<28} {:>10} {:>14}", "build", "seconds", "peak MiB");
    for (name, args) in variants {
        eprintln!("building {name}, dependencies included");
        cargo_build(&out, &args)?;
        touch(&out.join("src/lib.rs"))?;
        let (time, peak_kib) = measured_build(&out, &args)?;
        println!(
            "{:<28} {:>10.1} {:>14.1}",
            name,
            time.as_secs_f64(),
            peak_kib as f64 / 1024.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates the crate from `spec` into `out` and returns its service features.
fn generate(root: &Path, spec: &Path, out: &Path) -> anyhow::Result<Vec<String>> {
    let options = generator::Options {
        spec: spec.to_owned(),
        spec_label: spec.display().to_string(),
        settings: None,
        templates: root.join("templates"),
    };
    let sdk = generator::generate_sdk(&options)?;
    std::fs::create_dir_all(out).with_context(|| format!("failed to create {}", out.display()))?;
    generator::write::write_files(out, &sdk.files)
        .with_context(|| format!("failed to write the crate into {}", out.display()))?;
    Ok(sdk
        .api
        .services
        .iter()
        .map(|service| service.module.clone())
        .collect())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn cargo_build(crate_dir: &Path, args: &[String]) -> anyhow::Result<()> {
    let status = Command::new(cargo())
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir(crate_dir))
        .args(["build", "--quiet"])
        .args(args)
        .status()
        .context("failed to run `cargo build`")?;
    if !status.success() {
        bail!(
            "`cargo build {}` failed in {}",
            args.join(" "),
            crate_dir.display()
        );
    }
    Ok(())
}

/// Rebuilds under `/usr/bin/time -v`; returns the wall-clock time and the peak memory in KiB.
fn measured_build(crate_dir: &Path, args: &[String]) -> anyhow::Result<(Duration, u64)> {
    let started = Instant::now();
    let output = Command::new(TIME)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target_dir(crate_dir))
        .arg("-v")
        .arg(cargo())
        .args(["build", "--quiet"])
        .args(args)
        .output()
        .with_context(|| format!("failed to run {TIME}"))?;
    let time = started.elapsed();
    let report = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("`cargo build {}` failed:\n{report}", args.join(" "));
    }
    let peak = peak_kib(&report)
        .with_context(|| format!("{TIME} -v reported no maximum resident set size"))?;
    Ok((time, peak))
}

/// Reads the maximum resident set size, in KiB, from the report of `/usr/bin/time -v`.
fn peak_kib(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Maximum resident set size (kbytes):")
        })
        .and_then(|value| value.trim().parse().ok())
}

fn target_dir(crate_dir: &Path) -> PathBuf {
    crate_dir.join("target")
}

/// Marks `path` as modified now, so that cargo rebuilds the crate and nothing else.
fn touch(path: &Path) -> anyhow::Result<()> {
    let file = std::fs::File::options()
        .append(true)
        .open(path)
        .with_context(|| format!("failed to open {}", path.display()))?;
    file.set_modified(SystemTime::now())
        .with_context(|| format!("failed to touch {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::peak_kib;

    #[test]
    fn peak_read_from_time_report() {
        let report = "\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:17.10\n\
                      \tMaximum resident set size (kbytes): 1795584\n\
                      \tAverage resident set size (kbytes): 0\n";
        assert_eq!(peak_kib(report), Some(1_795_584));
    }

    #[test]
    fn peak_missing_from_report() {
        assert_eq!(peak_kib("cargo build failed\n"), None);
    }
}
