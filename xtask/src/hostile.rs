//! `cargo xtask hostile`: generates from each hostile spec at full size and prints the outcome,
//! the time and the peak memory.
//!
//! Each spec runs in a release build of this binary in a process of its own, so that the peak
//! memory (`VmHWM` from `/proc/self/status`, which includes building the spec text) belongs to
//! that spec alone. The numbers are printed, never compared with a target.

#[path = "../../tests/common/hostile.rs"]
mod specs;

use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context as _, bail};
use generator::Error;

use crate::flags;
use crate::workspace_root;
use specs::{Inheritance, Nesting};

/// Every case, by the name that `hostile-one --case` takes.
const CASES: &[&str] = &[
    "huge-50mb",
    "huge-30mb",
    "nested-json-10000",
    "nested-yaml-10000",
    "nested-items-123",
    "nested-properties-61",
    "ref-chain-100000",
    "property-chain-20000",
    "allof-doubling-128",
    "allof-doubling-127",
    "allof-diamond-63",
    "enum-1000000",
    "enum-10000",
    "names-100kb",
    "names-1kb",
];

/// Builds the spec text of the case `name`.
fn spec_text(name: &str) -> Option<String> {
    let text = match name {
        "huge-50mb" => specs::huge_spec(50_000_000),
        "huge-30mb" => specs::huge_spec(30_000_000),
        "nested-json-10000" => specs::nested_json(10_000, Nesting::Properties),
        "nested-yaml-10000" => specs::nested_yaml(10_000),
        "nested-items-123" => specs::nested_json(123, Nesting::Items),
        "nested-properties-61" => specs::nested_json(61, Nesting::Properties),
        "ref-chain-100000" => specs::ref_chain(100_000),
        "property-chain-20000" => specs::property_chain(20_000),
        "allof-doubling-128" => specs::all_of_levels(128, Inheritance::Doubling),
        "allof-doubling-127" => specs::all_of_levels(127, Inheritance::Doubling),
        "allof-diamond-63" => specs::all_of_levels(63, Inheritance::Diamond),
        "enum-1000000" => specs::huge_enum(1_000_000),
        "enum-10000" => specs::huge_enum(10_000),
        "names-100kb" => specs::long_names(100 * 1024),
        "names-1kb" => specs::long_names(1024),
        _ => return None,
    };
    Some(text)
}

pub fn run(flags: &flags::Hostile) -> anyhow::Result<ExitCode> {
    let cases: Vec<&str> = match &flags.case {
        Some(case) => vec![case.as_str()],
        None => CASES.to_vec(),
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!(
        "{:<22} {:>11} {:>9} {:>11}  outcome",
        "case", "spec bytes", "seconds", "peak MiB"
    );
    for case in cases {
        let status = Command::new(&cargo)
            .current_dir(workspace_root())
            .args(["run", "--quiet", "--release", "--package", "xtask", "--"])
            .args(["hostile-one", "--case", case])
            .status()
            .with_context(|| format!("failed to run `{cargo} run --release`"))?;
        if !status.success() {
            bail!("the hostile case {case} failed");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates from one case in this process and prints its row.
pub fn run_one(flags: &flags::HostileOne) -> anyhow::Result<ExitCode> {
    let Some(text) = spec_text(&flags.case) else {
        bail!(
            "unknown case {:?}; the cases are {}",
            flags.case,
            CASES.join(", ")
        );
    };
    let options = generator::Options {
        spec: "hostile.json".into(),
        spec_label: "hostile.json".to_owned(),
        settings: None,
        templates: workspace_root().join("templates"),
    };

    let start = Instant::now();
    let outcome = match generator::generate_from_text(&text, &options) {
        Ok(sdk) => format!("generated {} files", sdk.files.len()),
        Err(Error::Spec(errors)) => {
            let first = &errors[0];
            let mut reason = first.reason.clone();
            reason.truncate(90);
            format!(
                "{} spec error(s); first at {}: {reason}",
                errors.len(),
                first.pointer
            )
        }
        Err(other) => bail!("{}: generation failed: {other}", flags.case),
    };
    let seconds = start.elapsed().as_secs_f64();

    let peak = peak_memory_kib().map_or("unknown".to_owned(), |kib| {
        format!("{:.1}", kib as f64 / 1024.0)
    });
    println!(
        "{:<22} {:>11} {seconds:>9.2} {peak:>11}  {outcome}",
        flags.case,
        text.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the peak resident set size of this process, in KiB.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
