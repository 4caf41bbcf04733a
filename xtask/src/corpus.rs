//! `cargo xtask corpus`: generates an SDK for every spec of a corpus and checks that each one
//! compiles.
//!
//! The crates become members of one temporary workspace, checked by a single `cargo check`
//! whose target folder (`target/corpus`) outlives the run, so dependencies compile once.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context as _;
use serde_json::Value;

use crate::flags;
use crate::workspace_root;

/// Folders read when no path is given, relative to the workspace root.
const DEFAULT_FOLDERS: &[&str] = &["../shared/specs", "../shared/cases"];

/// Stack of the thread that generates one spec; deep schemas recurse in the resolver.
const GENERATOR_STACK: usize = 256 * 1024 * 1024;

/// The message of the last panic, recorded by the hook installed while specs are generated.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

pub fn run(flags: &flags::Corpus) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let Some(specs) = spec_files(flags, &root)? else {
        eprintln!("no corpus: ../shared is absent and no spec was given; nothing to check");
        return Ok(ExitCode::SUCCESS);
    };
    if specs.is_empty() {
        anyhow::bail!("no .yaml, .yml or .json file found in the given paths");
    }

    let temporary;
    let workspace = match &flags.keep {
        Some(dir) => dir.clone(),
        None => {
            temporary = tempfile::tempdir().context("failed to create a temporary folder")?;
            temporary.path().to_owned()
        }
    };

    let mut entries = generate_all(&specs, &root, &workspace)?;
    let started = Instant::now();
    let check = check_workspace(&root, &workspace, &entries)?;
    record_checks(&mut entries, &check);

    print_table(&entries);
    print_details(&entries, flags.errors);
    print_frequent_errors(&entries);
    eprintln!(
        "cargo check took {:.0} s{}",
        started.elapsed().as_secs_f64(),
        if check.finished {
            ""
        } else {
            " and did not finish"
        }
    );
    if let Some(dir) = &flags.keep {
        eprintln!("the crates are in {}", dir.display());
    }

    let failed = entries.iter().any(|entry| entry.outcome.is_failure());
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Lists the spec files to read, or `None` when no path is given and the default corpus is
/// absent.
fn spec_files(flags: &flags::Corpus, root: &Path) -> anyhow::Result<Option<Vec<PathBuf>>> {
    let paths: Vec<PathBuf> = if flags.paths.is_empty() {
        let defaults: Vec<PathBuf> = DEFAULT_FOLDERS.iter().map(|dir| root.join(dir)).collect();
        if !defaults.iter().any(|dir| dir.is_dir()) {
            return Ok(None);
        }
        defaults.into_iter().filter(|dir| dir.is_dir()).collect()
    } else {
        flags.paths.clone()
    };

    let mut specs = Vec::new();
    for path in paths {
        if path.is_file() {
            specs.push(path);
            continue;
        }
        let listing = std::fs::read_dir(&path)
            .with_context(|| format!("failed to list {}", path.display()))?;
        let mut found: Vec<PathBuf> = listing
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|file| file.is_file() && is_spec_file(file))
            .collect();
        found.sort();
        specs.extend(found);
    }
    Ok(Some(specs))
}

fn is_spec_file(path: &Path) -> bool {
    let extension = path.extension().and_then(|ext| ext.to_str()).unwrap_or("");
    matches!(extension, "yaml" | "yml" | "json")
}

/// One spec of the corpus and what became of it.
struct Entry {
    label: String,
    /// Folder of the crate inside the workspace, when one was written.
    member: Option<String>,
    operations: usize,
    models: usize,
    outcome: Outcome,
    generate_seconds: f64,
    /// Seconds into `cargo check` at which the crate was done.
    check_seconds: Option<f64>,
    warnings: usize,
    errors: Vec<String>,
}

enum Outcome {
    /// Generated; whether it compiles is not known yet.
    Generated,
    Compiles,
    /// The generator refused the spec, with every problem it named.
    Rejected(Vec<String>),
    /// The generator failed in a way that is not a problem in the spec.
    GeneratorError(String),
    Panics(String),
    FailsToCompile,
    /// `cargo check` did not report on the crate.
    NotChecked,
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Generated | Outcome::NotChecked => "not checked",
            Outcome::Compiles => "compiles",
            Outcome::Rejected(_) => "rejected",
            Outcome::GeneratorError(_) => "generator error",
            Outcome::Panics(_) => "panics",
            Outcome::FailsToCompile => "fails to compile",
        }
    }

    fn is_failure(&self) -> bool {
        !matches!(self, Outcome::Compiles | Outcome::Rejected(_))
    }
}

fn generate_all(specs: &[PathBuf], root: &Path, workspace: &Path) -> anyhow::Result<Vec<Entry>> {
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(info.to_string());
    }));

    let mut members = BTreeMap::new();
    let mut entries = Vec::with_capacity(specs.len());
    for (index, spec) in specs.iter().enumerate() {
        let label = spec_label(spec, root);
        eprintln!("[{}/{}] generating {label}", index + 1, specs.len());
        let member = member_name(spec, &mut members);
        let entry = generate_one(spec, label, member, root, workspace)?;
        entries.push(entry);
    }

    panic::set_hook(previous_hook);
    Ok(entries)
}

fn generate_one(
    spec: &Path,
    label: String,
    member: String,
    root: &Path,
    workspace: &Path,
) -> anyhow::Result<Entry> {
    let options = generator::Options {
        spec: spec.to_owned(),
        spec_label: label.clone(),
        settings: None,
        templates: root.join("templates"),
    };
    let started = Instant::now();
    let result = std::thread::Builder::new()
        .stack_size(GENERATOR_STACK)
        .spawn(move || panic::catch_unwind(AssertUnwindSafe(|| generator::generate_sdk(&options))))
        .context("failed to start the generator thread")?
        .join();
    let generate_seconds = started.elapsed().as_secs_f64();

    let mut entry = Entry {
        label,
        member: None,
        operations: 0,
        models: 0,
        outcome: Outcome::Generated,
        generate_seconds,
        check_seconds: None,
        warnings: 0,
        errors: Vec::new(),
    };
    match result {
        Ok(Ok(Ok(sdk))) => {
            entry.operations = sdk.api.services.iter().map(|s| s.operations.len()).sum();
            entry.models = sdk.api.models.len();
            write_member(workspace, &member, sdk.files)?;
            entry.member = Some(member);
        }
        Ok(Ok(Err(generator::Error::Spec(problems)))) => {
            let problems = problems.iter().map(ToString::to_string).collect();
            entry.outcome = Outcome::Rejected(problems);
        }
        // An invalid settings file beside the spec is a problem of the input, as a spec
        // problem is, so it does not fail the run either.
        Ok(Ok(Err(error @ generator::Error::Settings { .. }))) => {
            let problems = error.to_string().lines().map(str::to_owned).collect();
            entry.outcome = Outcome::Rejected(problems);
        }
        Ok(Ok(Err(error))) => entry.outcome = Outcome::GeneratorError(error.to_string()),
        Ok(Err(_)) | Err(_) => {
            let message = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
            entry.outcome = Outcome::Panics(message.unwrap_or_else(|| "unknown panic".to_owned()));
        }
    }
    Ok(entry)
}

/// Names the spec's crate folder after its file stem, unique within the run.
fn member_name(spec: &Path, taken: &mut BTreeMap<String, usize>) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let count = taken.entry(name.clone()).or_insert(0);
    *count += 1;
    if *count > 1 {
        name.push_str(&format!("-{count}"));
    }
    name
}

/// Writes the crate under `crates/{member}`, renamed so that every package of the workspace
/// has its own name.
fn write_member(
    workspace: &Path,
    member: &str,
    mut files: Vec<generator::GeneratedFile>,
) -> anyhow::Result<()> {
    for file in &mut files {
        if file.path == "Cargo.toml" {
            file.contents = rename_package(&file.contents, &format!("corpus-{member}"));
        }
    }
    let dir = workspace.join("crates").join(member);
    generator::write::write_files(&dir, &files)
        .with_context(|| format!("failed to write the crate into {}", dir.display()))?;
    Ok(())
}

fn rename_package(manifest: &str, name: &str) -> String {
    let mut renamed = false;
    let lines: Vec<String> = manifest
        .lines()
        .map(|line| {
            if !renamed && line.starts_with("name = ") {
                renamed = true;
                format!("name = \"{name}\"")
            } else {
                line.to_owned()
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

/// What `cargo check` reported about the workspace's members, by folder name.
struct Check {
    finished: bool,
    compiled: BTreeMap<String, f64>,
    warnings: BTreeMap<String, usize>,
    errors: BTreeMap<String, Vec<String>>,
}

fn check_workspace(root: &Path, workspace: &Path, entries: &[Entry]) -> anyhow::Result<Check> {
    let members: Vec<&str> = entries.iter().filter_map(|e| e.member.as_deref()).collect();
    let mut check = Check {
        finished: false,
        compiled: BTreeMap::new(),
        warnings: BTreeMap::new(),
        errors: BTreeMap::new(),
    };
    if members.is_empty() {
        check.finished = true;
        return Ok(check);
    }

    let list: Vec<String> = members.iter().map(|m| format!("\"crates/{m}\"")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        list.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest)
        .context("failed to write the corpus workspace's Cargo.toml")?;
    // The workspace's lock file pins the versions the checked-in SDK is tested with.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
        .context("failed to copy Cargo.lock")?;

    eprintln!("checking {} crates with cargo check", members.len());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut child = Command::new(&cargo)
        .current_dir(workspace)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .env("CARGO_TARGET_DIR", root.join("target/corpus"))
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("failed to run `{cargo} check`"))?;

    let started = Instant::now();
    let stdout = child
        .stdout
        .take()
        .context("cargo's output is not captured")?;
    for line in BufReader::new(stdout).lines() {
        let line = line.context("failed to read cargo's output")?;
        let Ok(message) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        record_message(
            &message,
            &mut check,
            started.elapsed().as_secs_f64(),
            members.len(),
        );
    }
    child.wait().context("cargo check did not exit")?;
    Ok(check)
}

fn record_message(message: &Value, check: &mut Check, seconds: f64, total: usize) {
    let Some(member) = message["manifest_path"].as_str().and_then(member_of) else {
        if message["reason"] == "build-finished" {
            check.finished = true;
        }
        return;
    };
    match message["reason"].as_str() {
        Some("compiler-artifact") => {
            check.compiled.insert(member.clone(), seconds);
            let done = check.compiled.len() + check.errors.len();
            eprintln!("[{done}/{total}] checked {member} at {seconds:.0} s");
        }
        Some("compiler-message") => match message["message"]["level"].as_str() {
            Some("warning") if message["message"]["code"].is_object() => {
                *check.warnings.entry(member).or_default() += 1;
            }
            Some("error") => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or("");
                if !check.errors.contains_key(&member) {
                    let done = check.compiled.len() + check.errors.len() + 1;
                    eprintln!("[{done}/{total}] {member} fails to compile at {seconds:.0} s");
                }
                let errors = check.errors.entry(member).or_default();
                errors.push(rendered.to_owned());
            }
            _ => {}
        },
        _ => {}
    }
}

/// Returns the member folder of a manifest path such as `/tmp/x/crates/petstore/Cargo.toml`.
fn member_of(manifest_path: &str) -> Option<String> {
    let path = Path::new(manifest_path);
    let dir = path.parent()?;
    let crates = dir.parent()?;
    if crates.file_name()? != "crates" {
        return None;
    }
    Some(dir.file_name()?.to_str()?.to_owned())
}

fn record_checks(entries: &mut [Entry], check: &Check) {
    for entry in entries {
        let Some(member) = &entry.member else {
            continue;
        };
        entry.warnings = check.warnings.get(member).copied().unwrap_or(0);
        if let Some(errors) = check.errors.get(member) {
            entry.outcome = Outcome::FailsToCompile;
            entry.errors = errors.clone();
        } else if let Some(seconds) = check.compiled.get(member) {
            entry.outcome = Outcome::Compiles;
            entry.check_seconds = Some(*seconds);
        } else {
            entry.outcome = Outcome::NotChecked;
        }
    }
}

fn print_table(entries: &[Entry]) {
    let width = entries
        .iter()
        .map(|e| e.label.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!();
    println!(
        "{:<width$}  {:>10}  {:>6}  {:<16}  {:>10}  {:>8}  {:>8}",
        "spec", "operations", "models", "result", "generate s", "check s", "warnings"
    );
    for entry in entries {
        let check = entry
            .check_seconds
            .map_or_else(|| "-".to_owned(), |seconds| format!("{seconds:.0}"));
        println!(
            "{:<width$}  {:>10}  {:>6}  {:<16}  {:>10.1}  {:>8}  {:>8}",
            entry.label,
            entry.operations,
            entry.models,
            entry.outcome.label(),
            entry.generate_seconds,
            check,
            entry.warnings,
        );
    }

    let count = |label: &str| {
        entries
            .iter()
            .filter(|e| e.outcome.label() == label)
            .count()
    };
    println!();
    println!(
        "{} specs: {} compile, {} rejected, {} fail to compile, {} panic, {} generator errors, \
         {} not checked; {} warnings",
        entries.len(),
        count("compiles"),
        count("rejected"),
        count("fails to compile"),
        count("panics"),
        count("generator error"),
        count("not checked"),
        entries.iter().map(|e| e.warnings).sum::<usize>(),
    );
}

fn print_details(entries: &[Entry], shown: usize) {
    for entry in entries {
        let lines: Vec<String> = match &entry.outcome {
            Outcome::Rejected(problems) => problems.iter().take(shown).cloned().collect(),
            Outcome::GeneratorError(message) | Outcome::Panics(message) => vec![message.clone()],
            Outcome::FailsToCompile => entry.errors.iter().take(shown).cloned().collect(),
            _ => continue,
        };
        println!();
        println!("{} {}:", entry.label, entry.outcome.label());
        for line in lines {
            println!("  {}", line.trim_end().replace('\n', "\n  "));
        }
        let total = match &entry.outcome {
            Outcome::Rejected(problems) => problems.len(),
            Outcome::FailsToCompile => entry.errors.len(),
            _ => 1,
        };
        if total > shown {
            println!("  ... and {} more", total - shown);
        }
    }
}

/// Prints the compiler errors that recur most across the corpus, by their first line.
fn print_frequent_errors(entries: &[Entry]) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in entries {
        for error in &entry.errors {
            let first = error.lines().next().unwrap_or("");
            *counts.entry(first).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return;
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    println!();
    println!("most frequent compiler errors:");
    for (first, count) in sorted.iter().take(15) {
        println!("{count:>6}  {first}");
    }
}

fn spec_label(spec: &Path, root: &Path) -> String {
    let canonical = std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_owned());
    let parent = root
        .parent()
        .and_then(|parent| std::fs::canonicalize(parent).ok());
    let shown = match parent
        .as_deref()
        .map(|parent| canonical.strip_prefix(parent))
    {
        Some(Ok(relative)) => relative,
        _ => canonical.as_path(),
    };
    shown.display().to_string()
}
