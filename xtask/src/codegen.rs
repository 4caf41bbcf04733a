//! `cargo xtask codegen`: generates the SDK crates, or checks that they are up to date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use generator::write::{Change, FileChange, compare_files, write_files};

use crate::flags;
use crate::workspace_root;

/// Name of the settings file looked for beside the spec.
const SETTINGS_FILE: &str = "generator.toml";

/// The checked-in crates that `cargo xtask codegen` without `--spec` and `--out` generates:
/// spec, then output folder, both relative to the workspace root.
///
/// The second is the SDK of the security fixture. It is checked in, rather than generated into
/// a temporary folder by its test, so that `tests/security.rs` can depend on it like any crate
/// and a reviewer sees every change to the security code the generator emits.
const CHECKED_IN: &[(&str, &str)] = &[
    ("spec/openapi.yaml", "generated"),
    ("tests/fixtures/security-schemes.yaml", "tests/sdks/security"),
];

pub fn run(flags: &flags::Codegen) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    if flags.spec.is_some() || flags.out.is_some() {
        let spec = flags
            .spec
            .clone()
            .unwrap_or_else(|| root.join(CHECKED_IN[0].0));
        let out = flags
            .out
            .clone()
            .unwrap_or_else(|| root.join(CHECKED_IN[0].1));
        return run_one(spec, &out, flags);
    }

    let mut code = ExitCode::SUCCESS;
    for (spec, out) in CHECKED_IN {
        if run_one(root.join(spec), &root.join(out), flags)? != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

fn run_one(spec: PathBuf, out: &Path, flags: &flags::Codegen) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let options = generator::Options {
        spec_label: display_path(&spec, &root),
        settings: flags.settings.clone().or_else(|| settings_beside(&spec)),
        templates: flags
            .templates
            .clone()
            .unwrap_or_else(|| root.join("templates")),
        spec,
    };

    let files = generator::generate(&options)?;
    let out_label = display_path(out, &root);

    if flags.check {
        let changes = compare_files(out, &files)?;
        return Ok(report_check(&changes, &out_label, flags));
    }

    let changes = write_files(out, &files)
        .with_context(|| format!("failed to write the SDK into {out_label}"))?;
    for change in &changes {
        eprintln!("{:>8} {out_label}/{}", verb(change.change), change.path);
    }
    let count = |kind: Change| changes.iter().filter(|c| c.change == kind).count();
    eprintln!(
        "generated {} files into {out_label} from {}: {} created, {} updated, {} removed, {} unchanged",
        files.len(),
        options.spec_label,
        count(Change::Created),
        count(Change::Updated),
        count(Change::Removed),
        files.len() - count(Change::Created) - count(Change::Updated),
    );
    Ok(ExitCode::SUCCESS)
}

fn report_check(changes: &[FileChange], out_label: &str, flags: &flags::Codegen) -> ExitCode {
    if changes.is_empty() {
        eprintln!("{out_label} is up to date");
        return ExitCode::SUCCESS;
    }
    for change in changes {
        let state = match change.change {
            Change::Created => "missing",
            Change::Updated => "stale",
            Change::Removed => "extra",
        };
        eprintln!("{state:>8} {out_label}/{}", change.path);
    }
    eprintln!(
        "{out_label} is out of date in {} files; run `{}` to update it",
        changes.len(),
        fix_command(flags)
    );
    ExitCode::FAILURE
}

fn fix_command(flags: &flags::Codegen) -> String {
    let mut command = String::from("cargo xtask codegen");
    let options = [
        ("--spec", &flags.spec),
        ("--out", &flags.out),
        ("--settings", &flags.settings),
        ("--templates", &flags.templates),
    ];
    for (name, value) in options {
        if let Some(value) = value {
            command.push_str(&format!(" {name} {}", value.display()));
        }
    }
    command
}

fn verb(change: Change) -> &'static str {
    match change {
        Change::Created => "created",
        Change::Updated => "updated",
        Change::Removed => "removed",
    }
}

fn settings_beside(spec: &Path) -> Option<PathBuf> {
    let candidate = spec.parent()?.join(SETTINGS_FILE);
    candidate.is_file().then_some(candidate)
}

/// Shows `path` relative to the workspace root when it lies inside it, so that file headers
/// are the same on every machine.
fn display_path(path: &Path, root: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    match absolute.strip_prefix(root) {
        Ok(relative) => relative.display().to_string().replace('\\', "/"),
        Err(_) => path.display().to_string(),
    }
}
