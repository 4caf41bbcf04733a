//! `cargo xtask bench`: times each stage of generation and reports peak memory.
//!
//! Each spec is measured by a release build of this binary in a process of its own, so that
//! the peak memory it reports (`VmHWM` from `/proc/self/status`) belongs to that spec alone.
//! The numbers are printed, never compared with a target: timing checks do not belong in tests.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use generator::StageTimings;

use crate::flags;
use crate::workspace_root;

/// The large spec measured by default, when `../shared` is beside the workspace.
pub(crate) const LARGE_SPEC: &str = "../shared/specs/gram-2026-08.openapi3.yaml";

pub fn run(flags: &flags::Bench) -> anyhow::Result<ExitCode> {
    if flags.compile {
        return crate::bench_compile::run(flags);
    }
    let root = workspace_root();
    let specs = if flags.spec.is_empty() {
        default_specs(&root)
    } else {
        flags.spec.clone()
    };

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for spec in specs {
        let status = Command::new(&cargo)
            .current_dir(&root)
            .args(["run", "--quiet", "--release", "--package", "xtask", "--"])
            .arg("bench-one")
            .arg("--spec")
            .arg(std::path::absolute(&spec).unwrap_or(spec.clone()))
            .arg("--runs")
            .arg(flags.runs.to_string())
            .status()
            .with_context(|| format!("failed to run `{cargo} run --release`"))?;
        if !status.success() {
            bail!("measuring {} failed", spec.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn default_specs(root: &Path) -> Vec<PathBuf> {
    let mut specs = vec![root.join("spec/openapi.yaml")];
    let large = root.join(LARGE_SPEC);
    if large.is_file() {
        specs.push(large);
    } else {
        eprintln!("skipping {LARGE_SPEC}: not found beside the workspace");
    }
    specs
}

/// Measures one spec in this process and prints its table.
pub fn run_one(flags: &flags::BenchOne) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let text = std::fs::read_to_string(&flags.spec)
        .with_context(|| format!("failed to read {}", flags.spec.display()))?;
    let options = generator::Options {
        spec: flags.spec.clone(),
        spec_label: flags.spec.display().to_string(),
        settings: None,
        templates: root.join("templates"),
    };
    let out = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));

    // The peak after the first generation is what one `cargo xtask codegen` needs. Later runs
    // can raise it, because the allocator does not hand every freed page back.
    let mut samples = vec![measure(&text, &options, &out)?];
    let first_peak = peak_memory_kib();
    for _ in 1..flags.runs.max(1) {
        samples.push(measure(&text, &options, &out)?);
    }
    let _ = std::fs::remove_dir_all(&out);

    print_table(&flags.spec, &mut samples, first_peak, peak_memory_kib());
    Ok(ExitCode::SUCCESS)
}

/// Durations of one generation, with the YAML parse alone as the baseline.
#[derive(Debug, Clone, Copy)]
struct Sample {
    yaml_parse: Duration,
    stages: StageTimings,
    write: Duration,
    files: usize,
}

fn measure(text: &str, options: &generator::Options, out: &Path) -> anyhow::Result<Sample> {
    let yaml_parse = std::thread::scope(|scope| {
        scope
            .spawn(|| parse_yaml(text))
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })?;

    let (sdk, stages) = generator::generate_timed(options)?;
    let files = sdk.files;

    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    generator::write::write_files(out, &files)?;
    let write = started.elapsed();

    Ok(Sample {
        yaml_parse,
        stages,
        write,
        files: files.len(),
    })
}

/// Times parsing `text` into `openapiv3::OpenAPI` with `serde_yaml`.
///
/// NOTE: the caller runs this on a thread of its own that ends before the generation starts,
/// because the generation also runs on a thread of its own. glibc gives a new thread the
/// malloc arena of a finished one, so the generation reuses the memory this parse freed. Run on
/// the main thread, the parse left about 30 MiB in the main arena that the generation could
/// not reuse, which the peak memory then counted.
fn parse_yaml(text: &str) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let parsed: openapiv3::OpenAPI =
        serde_yaml::from_str(text).context("the spec does not parse as OpenAPI with serde_yaml")?;
    let elapsed = started.elapsed();
    drop(parsed);
    Ok(elapsed)
}

/// Returns the median, lowest and highest of each sample's total over the YAML parse timed
/// just before it. Pairing each generation with its own parse keeps a change of the machine's
/// speed between runs out of the ratio, which the ratio of the two medians does not.
fn run_ratios(samples: &[Sample]) -> (f64, f64, f64) {
    let mut ratios: Vec<f64> = samples
        .iter()
        .map(|s| (s.stages.total() + s.write).as_secs_f64() / s.yaml_parse.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    (median, ratios[0], ratios[ratios.len() - 1])
}

/// Reads one stage's time out of a sample.
type StageOf = fn(&Sample) -> Duration;

fn print_table(
    spec: &Path,
    samples: &mut [Sample],
    first_peak_kib: Option<u64>,
    peak_kib: Option<u64>,
) {
    let median = |samples: &mut [Sample], key: fn(&Sample) -> Duration| {
        samples.sort_by_key(key);
        key(&samples[samples.len() / 2])
    };
    let yaml = median(samples, |s| s.yaml_parse);
    // Emit, format and docs run at once on several threads: their rows add up the time of
    // every thread, and `files` is the wall-clock time they took together.
    let rows: [(&str, StageOf); 8] = [
        ("load", |s| s.stages.load),
        ("resolve", |s| s.stages.resolve),
        ("files", |s| s.stages.files),
        ("  emit", |s| s.stages.emit),
        ("  format", |s| s.stages.format),
        ("  docs", |s| s.stages.docs),
        ("write", |s| s.write),
        ("total", |s| s.stages.total() + s.write),
    ];
    let times: Vec<(&str, Duration)> = rows
        .iter()
        .map(|(name, key)| (*name, median(samples, *key)))
        .collect();
    let total = times[times.len() - 1].1;

    println!(
        "\n{} ({} files, median of {} runs, {} threads)",
        spec.display(),
        samples[0].files,
        samples.len(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!(
        "{:<10} {:>10} {:>8} {:>12}",
        "stage", "ms", "share", "x YAML parse"
    );
    for (name, time) in &times {
        println!(
            "{:<10} {:>10.1} {:>7.1}% {:>12.2}",
            name,
            time.as_secs_f64() * 1000.0,
            100.0 * time.as_secs_f64() / total.as_secs_f64(),
            time.as_secs_f64() / yaml.as_secs_f64()
        );
    }
    println!("{:<10} {:>10.1}", "yaml parse", yaml.as_secs_f64() * 1000.0);
    let (median_ratio, lowest, highest) = run_ratios(samples);
    println!(
        "each run's total over its own YAML parse: median {median_ratio:.2}, \
         from {lowest:.2} to {highest:.2}"
    );
    println!("(emit, format and docs: time summed over the threads that ran them)");
    match (first_peak_kib, peak_kib) {
        (Some(first), Some(all)) => println!(
            "peak memory: {:.1} MiB after one generation, {:.1} MiB after {}",
            first as f64 / 1024.0,
            all as f64 / 1024.0,
            samples.len()
        ),
        _ => println!("peak memory: unknown (no /proc/self/status)"),
    }
}

/// Reads the peak resident set size of this process, in KiB.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
