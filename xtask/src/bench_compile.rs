//! `cargo xtask bench --compile`: times `cargo build` of a generated crate, and its peak
//! compiler memory.
//!
//! The crate is generated into a folder under the system's temporary folder, outside the
//! workspace, and kept there so that its dependencies are built once across runs. Each
//! variant (all services, then one service's feature, each with Cargo's default incremental
//! compilation and with `CARGO_INCREMENTAL=0`) is built once to warm up, then its
//! `src/lib.rs` is touched and the crate alone is rebuilt under `/usr/bin/time -v`, whose
//! maximum resident set size is that of the largest process, the compiler.
//!
//! Cargo builds a crate that is a dependency, as a user of the SDK gets it, without
//! incremental compilation, so the `CARGO_INCREMENTAL=0` rows show that user's cost. Besides
//! the wall-clock time, the table shows the CPU time (user plus system) that the report
//! gives, which other work on the machine slows less.

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

    let one_feature = vec![
        "--no-default-features".to_owned(),
        format!("--features={feature}"),
    ];
    let variants = [
        ("all services".to_owned(), Vec::new()),
        (format!("feature `{feature}`"), one_feature),
    ];
    println!("\n{} in {}", spec.display(), out.display());
    println!(
        "{:<22} {:<12} {:>10} {:>12} {:>10}",
        "build", "incremental", "seconds", "CPU seconds", "peak MiB"
    );
    for (name, args) in &variants {
        for incremental in [true, false] {
            let build = Build {
                crate_dir: &out,
                args,
                incremental,
            };
            eprintln!("building {name}, dependencies included");
            build.run()?;
            touch(&out.join("src/lib.rs"))?;
            let measured = build.measured()?;
            println!(
                "{:<22} {:<12} {:>10.1} {:>12.1} {:>10.1}",
                name,
                if incremental { "default" } else { "off" },
                measured.wall.as_secs_f64(),
                measured.cpu_seconds,
                measured.peak_kib as f64 / 1024.0
            );
        }
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

/// One `cargo build` of the generated crate.
struct Build<'a> {
    crate_dir: &'a Path,
    /// Feature flags passed to `cargo build`.
    args: &'a [String],
    /// Whether Cargo keeps its default incremental compilation, else `CARGO_INCREMENTAL=0`.
    incremental: bool,
}

/// Figures of a measured build.
struct Measured {
    wall: Duration,
    /// User plus system CPU time of cargo and the compiler.
    cpu_seconds: f64,
    peak_kib: u64,
}

impl Build<'_> {
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(self.crate_dir)
            .env("CARGO_TARGET_DIR", target_dir(self.crate_dir));
        if !self.incremental {
            command.env("CARGO_INCREMENTAL", "0");
        }
        command
    }

    fn run(&self) -> anyhow::Result<()> {
        let status = self
            .command(&cargo())
            .args(["build", "--quiet"])
            .args(self.args)
            .status()
            .context("failed to run `cargo build`")?;
        if !status.success() {
            bail!(
                "`cargo build {}` failed in {}",
                self.args.join(" "),
                self.crate_dir.display()
            );
        }
        Ok(())
    }

    /// Rebuilds under `/usr/bin/time -v` and reads the figures from its report.
    fn measured(&self) -> anyhow::Result<Measured> {
        let started = Instant::now();
        let output = self
            .command(TIME)
            .arg("-v")
            .arg(cargo())
            .args(["build", "--quiet"])
            .args(self.args)
            .output()
            .with_context(|| format!("failed to run {TIME}"))?;
        let wall = started.elapsed();
        let report = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            bail!("`cargo build {}` failed:\n{report}", self.args.join(" "));
        }
        let peak_kib = peak_kib(&report)
            .with_context(|| format!("{TIME} -v reported no maximum resident set size"))?;
        let cpu_seconds = cpu_seconds(&report)
            .with_context(|| format!("{TIME} -v reported no user or system time"))?;
        Ok(Measured {
            wall,
            cpu_seconds,
            peak_kib,
        })
    }
}

/// Reads the maximum resident set size, in KiB, from the report of `/usr/bin/time -v`.
fn peak_kib(report: &str) -> Option<u64> {
    report_value(report, "Maximum resident set size (kbytes):")?
        .parse()
        .ok()
}

/// Reads the user plus system CPU time, in seconds, from the report of `/usr/bin/time -v`.
fn cpu_seconds(report: &str) -> Option<f64> {
    let user: f64 = report_value(report, "User time (seconds):")?.parse().ok()?;
    let system: f64 = report_value(report, "System time (seconds):")?
        .parse()
        .ok()?;
    Some(user + system)
}

/// Returns the value of the report line that starts with `label`.
fn report_value<'a>(report: &'a str, label: &str) -> Option<&'a str> {
    report
        .lines()
        .find_map(|line| line.trim().strip_prefix(label))
        .map(str::trim)
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
    use super::{cpu_seconds, peak_kib};

    const REPORT: &str = "\tUser time (seconds): 15.52\n\
                          \tSystem time (seconds): 1.25\n\
                          \tElapsed (wall clock) time (h:mm:ss or m:ss): 0:17.10\n\
                          \tMaximum resident set size (kbytes): 1795584\n\
                          \tAverage resident set size (kbytes): 0\n";

    #[test]
    fn peak_read_from_time_report() {
        assert_eq!(peak_kib(REPORT), Some(1_795_584));
    }

    #[test]
    fn cpu_time_adds_user_and_system() {
        let seconds = cpu_seconds(REPORT).expect("the report has both times");
        assert!((seconds - 16.77).abs() < 1e-9, "{seconds}");
    }

    #[test]
    fn cpu_time_missing_from_report() {
        assert_eq!(cpu_seconds("\tUser time (seconds): 15.52\n"), None);
    }

    #[test]
    fn peak_missing_from_report() {
        assert_eq!(peak_kib("cargo build failed\n"), None);
    }
}
