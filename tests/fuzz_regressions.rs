//! Inputs that once made the generator panic, hang, overflow its stack or emit Rust that rustc
//! rejects: those that the fuzz targets in `fuzz/` found, and small forms of the hostile specs
//! behind the same fixes. Each file of `tests/fuzz-regressions/` must now generate Rust that
//! parses, or fail with spec errors that name a JSON pointer.

mod common;

use std::path::PathBuf;

use generator::Error;

use common::workspace_root;

fn regression_files() -> Vec<PathBuf> {
    let folder = workspace_root().join("tests/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("tests/fuzz-regressions is readable")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Generates from `path` and returns a description of what is wrong, if anything.
fn check(path: &PathBuf) -> Option<String> {
    let text =
        String::from_utf8_lossy(&std::fs::read(path).expect("the input is readable")).into_owned();
    let options = generator::Options {
        spec: path.clone(),
        spec_label: "fuzz-input.yaml".to_owned(),
        settings: None,
        templates: workspace_root().join("templates"),
    };
    let sdk = match generator::generate_from_text(&text, &options) {
        Ok(sdk) => sdk,
        Err(Error::Spec(errors)) => {
            let unplaced = errors.iter().find(|error| !error.pointer.starts_with('#'));
            return unplaced.map(|error| format!("spec error without a JSON pointer: {error}"));
        }
        Err(other) => return Some(format!("not a spec error: {other}")),
    };
    sdk.files
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
        .find_map(|file| {
            let error = syn::parse_file(&file.contents).err()?;
            Some(format!("{} does not parse: {error}", file.path))
        })
}

#[test]
fn fuzz_regressions_generate_or_fail_cleanly() {
    let files = regression_files();
    assert!(!files.is_empty(), "tests/fuzz-regressions has no input");
    // syn recurses once or more per level of a nested type, which a test thread's 2 MiB stack
    // does not hold for the deepest inputs in a debug build.
    let failures: Vec<String> = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            files
                .iter()
                .filter_map(|path| Some(format!("{}: {}", path.display(), check(path)?)))
                .collect()
        })
        .expect("the checking thread starts")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
