//! `cargo xtask codegen`: generates the SDK crates, or checks that they are up to date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use generator::warnings::{PRINTED_PER_KIND, digest_warnings};
use generator::write::{Change, FileChange, compare_files, write_files};

use crate::flags;
use crate::workspace_root;

/// Name of the settings file looked for beside the spec.
const SETTINGS_FILE: &str = "generator.toml";

/// The checked-in crates that `cargo xtask codegen` without `--spec` and `--out` generates:
/// spec, then output folder, both relative to the workspace root.
///
/// The others are the SDKs of the security and servers fixtures. They are checked in, rather
/// than generated into a temporary folder by their tests, so that `tests/security/` and
/// `tests/servers/` can depend on them like any crate. Every change to the code the generator
/// emits for them then shows in the diff.
const CHECKED_IN: &[(&str, &str)] = &[
    ("spec/openapi.yaml", "generated"),
    (
        "tests/fixtures/security-schemes.yaml",
        "tests/sdks/security",
    ),
    ("tests/fixtures/servers.yaml", "tests/sdks/servers"),
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
        return run_one(spec, &out, flags, flags.changes.as_deref());
    }

    // The change report, when asked for, describes the SDK that users depend on: the first.
    let mut code = ExitCode::SUCCESS;
    for (index, (spec, out)) in CHECKED_IN.iter().enumerate() {
        let changes = if index == 0 {
            flags.changes.as_deref()
        } else {
            None
        };
        if run_one(root.join(spec), &root.join(out), flags, changes)? != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

fn run_one(
    spec: PathBuf,
    out: &Path,
    flags: &flags::Codegen,
    changes_file: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let root = workspace_root();
    let options = generator::Options {
        spec_label: header_label(&spec, &root),
        settings: flags.settings.clone().or_else(|| settings_beside(&spec)),
        templates: flags
            .templates
            .clone()
            .unwrap_or_else(|| root.join("templates")),
        spec,
    };

    let mut generated = generator::generate_sdk(&options);
    if flags.spec.is_some() {
        generated = generated.map_err(|error| name_spec_as_given(error, &options));
    }
    let mut sdk = generated?;
    if flags.spec.is_some() {
        for warning in &mut sdk.api.warnings {
            name_spec_error_as_given(warning, &options);
        }
    }
    print_warnings(&sdk.api.warnings, flags.all_warnings);
    let files = sdk.files;
    let out_label = user_path(out);
    report_api_changes(out, &out_label, &files, changes_file)?;

    if flags.check {
        let changes = compare_files(out, &files)?;
        return Ok(report_check(&changes, out, flags));
    }

    let changes = write_files(out, &files)
        .with_context(|| format!("failed to write the SDK into {out_label}"))?;
    for change in &changes {
        let path = user_path(&out.join(&change.path));
        eprintln!("{:>8} {path}", verb(change.change));
    }
    let count = |kind: Change| changes.iter().filter(|c| c.change == kind).count();
    eprintln!(
        "generated {} files into {out_label} from {}: {} created, {} updated, {} removed, {} unchanged",
        files.len(),
        user_path(&options.spec),
        count(Change::Created),
        count(Change::Updated),
        count(Change::Removed),
        files.len() - count(Change::Created) - count(Change::Updated),
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints how the public API changes against the SDK in `out`, and writes the Markdown report
/// to `changes_file` when one is given.
fn report_api_changes(
    out: &Path,
    out_label: &str,
    files: &[generator::GeneratedFile],
    changes_file: Option<&Path>,
) -> anyhow::Result<()> {
    let Some(report) = generator::changes::compare_with_disk(out, files)? else {
        eprintln!("{out_label} contains no generated SDK yet, so there is no API to compare with");
        return Ok(());
    };
    if report.changes.is_empty() {
        eprintln!("public API of {out_label}: unchanged");
    } else {
        eprintln!(
            "public API of {out_label}: {} changes",
            report.changes.len()
        );
        eprint!("{}", report.to_text());
    }

    if let Some(path) = changes_file {
        let markdown = report.to_markdown(&crate_name(files));
        std::fs::write(path, markdown)
            .with_context(|| format!("failed to write the API changes to {}", path.display()))?;
        eprintln!("wrote the API changes to {}", path.display());
    }
    Ok(())
}

/// Reads the package name from the generated `Cargo.toml`.
fn crate_name(files: &[generator::GeneratedFile]) -> String {
    let manifest = files.iter().find(|file| file.path == "Cargo.toml");
    let name = manifest.and_then(|file| {
        file.contents
            .lines()
            .find_map(|line| line.strip_prefix("name = "))
            .map(|value| value.trim_matches('"').to_owned())
    });
    name.unwrap_or_else(|| String::from("the SDK"))
}

fn report_check(changes: &[FileChange], out: &Path, flags: &flags::Codegen) -> ExitCode {
    let out_label = user_path(out);
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
        eprintln!("{state:>8} {}", user_path(&out.join(&change.path)));
    }
    eprintln!(
        "{out_label} is out of date in {} file{}; run `{}` to update it",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" },
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
        ("--changes", &flags.changes),
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

/// Names the spec in its errors by the path given to `--spec`, rather than by its label. The
/// label of a spec outside the workspace is only its file name, which fits file headers but
/// does not tell apart specs of the same name in different folders.
fn name_spec_as_given(error: generator::Error, options: &generator::Options) -> generator::Error {
    let generator::Error::Spec(mut errors) = error else {
        return error;
    };
    for spec_error in &mut errors {
        name_spec_error_as_given(spec_error, options);
    }
    generator::Error::Spec(errors)
}

/// Prints every warning to stderr when `all` is set. Otherwise it prints the first few of each
/// kind and, per kind with more, one line that counts the rest.
fn print_warnings(warnings: &[generator::SpecError], all: bool) {
    if all {
        for warning in warnings {
            eprintln!("warning: {warning}");
        }
        return;
    }
    let digest = digest_warnings(warnings, PRINTED_PER_KIND);
    for warning in &digest.printed {
        eprintln!("warning: {warning}");
    }
    for hidden in &digest.hidden {
        eprintln!("warning: {hidden}; pass --all-warnings to print every warning");
    }
}

/// Names the spec in one error or warning by the path given to `--spec`, as
/// [`name_spec_as_given`] does for every error.
fn name_spec_error_as_given(spec_error: &mut generator::SpecError, options: &generator::Options) {
    if spec_error.file == Path::new(&options.spec_label) {
        spec_error.file = options.spec.clone();
    }
}

/// Names `path` for the headers of generated files: relative to the workspace root when it lies
/// inside it, and by its file name otherwise, so that headers are the same on every machine and
/// from every folder.
fn header_label(path: &Path, root: &Path) -> String {
    let absolute = absolute_path(path);
    match absolute.strip_prefix(root) {
        Ok(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Ok(relative) => relative.display().to_string().replace('\\', "/"),
        Err(_) => absolute.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        ),
    }
}

/// Names `path` for messages so that the user can open it from the current folder: relative to
/// that folder when it lies inside it, and absolute otherwise.
fn user_path(path: &Path) -> String {
    let absolute = absolute_path(path);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|current| absolute.strip_prefix(current).ok().map(Path::to_path_buf));
    match relative {
        Some(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Some(relative) => relative.display().to_string(),
        None => absolute.display().to_string(),
    }
}

fn absolute_path(path: &Path) -> PathBuf {
    without_dot_segments(&std::path::absolute(path).unwrap_or_else(|_| path.to_owned()))
}

/// Removes `.` and `..` from an absolute path without reading the file system, so that the
/// same spec gets the same label however its path was written.
fn without_dot_segments(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}
