//! Helpers shared by the tests that run the generator.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use generator::{GeneratedFile, Options};

/// Returns the workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits inside the workspace")
        .to_owned()
}

/// Returns the target folder of the builds that deny warnings, for the `CARGO_TARGET_DIR` that
/// the tests run with.
pub fn strict_target_dir() -> PathBuf {
    let target_dir = std::env::var_os("CARGO_TARGET_DIR");
    strict_target_dir_for(target_dir.as_deref(), &workspace_root())
}

/// Returns the target folder of the builds that deny warnings: `strict` inside `target_dir`
/// when it is set and not empty, else `target/strict` in the workspace `root`.
///
/// NOTE: A relative `target_dir` is taken relative to `root`. Cargo itself reads it relative to
/// the folder it was started in, which a test cannot see, so the two agree when `cargo test`
/// runs in the workspace root, as `cargo xtask test` and `.ci/run` run it.
pub fn strict_target_dir_for(target_dir: Option<&OsStr>, root: &Path) -> PathBuf {
    match target_dir {
        Some(dir) if !dir.is_empty() => root.join(dir).join("strict"),
        _ => root.join("target/strict"),
    }
}

/// Returns the path of a fixture spec under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(name)
}

/// Options that generate from `spec`, named in headers by its path relative to the workspace,
/// with the settings file beside it when there is one: `{spec stem}.toml`, else
/// `generator.toml`.
pub fn options_for(spec: &Path) -> Options {
    let root = workspace_root();
    let named = spec.with_extension("toml");
    let settings = if named.is_file() {
        named
    } else {
        spec.with_file_name("generator.toml")
    };
    Options {
        spec_label: spec
            .strip_prefix(&root)
            .unwrap_or(spec)
            .display()
            .to_string(),
        settings: settings.is_file().then_some(settings),
        templates: root.join("templates"),
        spec: spec.to_owned(),
    }
}

/// Generates the SDK for `spec`, panicking with the generator's message when it fails.
pub fn generate(spec: &Path) -> Vec<GeneratedFile> {
    match generator::generate(&options_for(spec)) {
        Ok(files) => files,
        Err(error) => panic!("generation from {} failed:\n{error}", spec.display()),
    }
}

/// The spec of the auth service and the fixture specs, each with a short name.
pub fn specs() -> Vec<(&'static str, PathBuf)> {
    vec![
        ("auth", workspace_root().join("spec/openapi.yaml")),
        ("petstore", fixture("petstore.yaml")),
        ("security_schemes", fixture("security-schemes.yaml")),
        ("security_overrides", fixture("security-overrides.yaml")),
        ("names", fixture("names.yaml")),
        ("gram_auth_2026_08", fixture("gram-auth-2026-08.yaml")),
        ("examples", fixture("examples.yaml")),
        ("bodies", fixture("bodies.yaml")),
        ("compose", fixture("compose.yaml")),
        ("unions", fixture("unions.yaml")),
        ("object_unions", fixture("object-unions.yaml")),
        ("nullable", fixture("nullable.yaml")),
        ("deep", fixture("deep.yaml")),
        ("params", fixture("params.yaml")),
        ("errors", fixture("errors.yaml")),
        ("servers", fixture("servers.yaml")),
        ("formats", fixture("formats.yaml")),
        ("wire_names", fixture("wire-names.yaml")),
        ("lint_shapes", fixture("lint-shapes.yaml")),
        ("doc_escapes", fixture("doc-escapes.yaml")),
    ]
}
