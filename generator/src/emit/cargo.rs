//! The generated crate's `Cargo.toml`.

use std::fmt::Write as _;

use crate::ir::{Api, TypeRef};

/// Versions of the dependencies of every generated crate. The examples and tests are built
/// with these.
const DEPENDENCIES: &[&str] = &[
    r#"base64 = "0.22""#,
    r#"bytes = "1""#,
    r#"encoding_rs = "0.8""#,
    r#"fastrand = "2""#,
    r#"httpdate = "1""#,
    r#"hyper = "1""#,
    r#"percent-encoding = "2""#,
    r#"reqwest = "0.13""#,
    r#"secrecy = "0.10""#,
    r#"serde = { version = "1", features = ["derive"] }"#,
    r#"serde_json = "1""#,
    r#"serde_path_to_error = "0.1""#,
    r#"thiserror = "2""#,
    r#"tokio = { version = "1", features = ["time"] }"#,
    r#"tracing = { version = "0.1", default-features = false, features = ["std"] }"#,
    r#"url = "2""#,
];

/// The dependency for `format: date-time` and `format: date` values.
const CHRONO: &str =
    r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#;

/// The dependency for `format: uuid` values.
const UUID: &str = r#"uuid = { version = "1", features = ["serde"] }"#;

/// Dependencies of the examples and doc tests of every generated crate.
const DEV_DEPENDENCIES: &[&str] = &[
    r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#,
    r#"tracing-subscriber = { version = "0.3", default-features = false, features = ["fmt"] }"#,
];

/// Returns the package name of every crate that a generated crate may depend on, whether or
/// not the spec needs it: the dependencies, chrono, uuid and the dev-dependencies, as written
/// in `Cargo.toml`.
pub(crate) fn dependency_names() -> impl Iterator<Item = &'static str> {
    DEPENDENCIES
        .iter()
        .chain(DEV_DEPENDENCIES)
        .chain([&CHRONO, &UUID])
        .map(|line| line.split_once(" = ").map_or(*line, |(name, _)| name))
}

/// Tells whether the crate needs chrono, for timestamps and dates.
pub fn uses_chrono(api: &Api) -> bool {
    api.uses(&TypeRef::DateTime) || api.uses(&TypeRef::Date)
}

/// Emits `Cargo.toml`: the package, its dependencies and a feature per service.
pub fn emit_manifest(api: &Api) -> String {
    let mut manifest = String::new();
    let description = format!("Rust client for {} {}", api.title, api.version);
    let _ = writeln!(manifest, "[package]");
    let _ = writeln!(manifest, "name = {}", toml_string(&api.crate_name));
    let _ = writeln!(
        manifest,
        "version = {}",
        toml_string(&package_version(&api.version))
    );
    let _ = writeln!(manifest, "description = {}", toml_string(&description));
    let _ = writeln!(manifest, "edition = \"2021\"");
    let _ = writeln!(manifest, "rust-version = \"1.85\"");
    let _ = writeln!(manifest, "publish = false");
    manifest.push('\n');
    manifest.push_str(&dependencies(api));
    manifest.push_str("\n[dev-dependencies]\n");
    for line in DEV_DEPENDENCIES {
        manifest.push_str(line);
        manifest.push('\n');
    }

    manifest.push_str("\n[features]\n");
    let modules: Vec<String> = api
        .services
        .iter()
        .map(|service| toml_string(&service.module))
        .collect();
    let _ = writeln!(manifest, "default = [{}]", modules.join(", "));
    for service in &api.services {
        let _ = writeln!(manifest, "{} = []", service.module);
    }
    manifest
}

/// Returns the `[dependencies]` table: the fixed ones, and chrono and uuid when the spec has
/// values of their types.
fn dependencies(api: &Api) -> String {
    let mut lines = DEPENDENCIES.to_vec();
    if uses_chrono(api) {
        lines.push(CHRONO);
    }
    if api.uses(&TypeRef::Uuid) {
        lines.push(UUID);
    }
    lines.sort_unstable();
    let mut table = "[dependencies]\n".to_owned();
    for line in lines {
        table.push_str(line);
        table.push('\n');
    }
    table
}

/// Turns the spec's `info.version` into a Cargo version: `1.2` becomes `1.2.0`, a SemVer
/// pre-release or build suffix after three numbers stays (`2.0.0-beta+exp.sha`), a suffix
/// that SemVer does not allow is dropped, and any other version becomes `0.0.0`.
pub(crate) fn package_version(version: &str) -> String {
    let version = version.trim_start_matches('v');
    let (core, suffix) = version.split_at(version.find(['-', '+']).unwrap_or(version.len()));
    let numbers: Vec<&str> = core.split('.').collect();
    // SemVer puts a suffix only after all three numbers, so `2024-01-01` is not `2024.0.0`.
    let count_ok = numbers.len() == 3 || (numbers.len() < 3 && suffix.is_empty());
    let numeric = count_ok
        && numbers
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    if !numeric {
        return "0.0.0".to_owned();
    }
    let mut parts: Vec<String> = numbers
        .iter()
        .map(|part| part.trim_start_matches('0'))
        .map(|part| if part.is_empty() { "0" } else { part }.to_owned())
        .collect();
    parts.resize(3, "0".to_owned());
    let suffix = if is_semver_suffix(suffix) { suffix } else { "" };
    format!("{}{suffix}", parts.join("."))
}

/// Returns why the Cargo version drops part of `version`, the spec's `info.version`, or
/// `None` when it keeps all of it.
pub(crate) fn version_loss(version: &str) -> Option<String> {
    let cargo_version = package_version(version);
    let spec_version = version.trim_start_matches('v');
    let all_zero = spec_version
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(|c| c == '0'));
    if cargo_version == "0.0.0" && !all_zero {
        return Some(format!(
            "info.version {version:?} is not a version of up to three numbers or a SemVer \
             version, so the crate's version is 0.0.0"
        ));
    }
    let suffix_start = spec_version.find(['-', '+'])?;
    if cargo_version.ends_with(&spec_version[suffix_start..]) {
        return None;
    }
    Some(format!(
        "info.version {version:?} has a suffix that SemVer does not allow, so the crate's \
         version is {cargo_version}"
    ))
}

/// Tells whether `suffix` is empty or a SemVer pre-release and build suffix such as
/// `-beta.1+exp.sha`: dot-separated identifiers of ASCII letters, digits and `-`, where a
/// numeric pre-release identifier has no leading zero.
fn is_semver_suffix(suffix: &str) -> bool {
    let (pre_release, build) = match suffix.split_once('+') {
        Some((pre_release, build)) => (pre_release, Some(build)),
        None => (suffix, None),
    };
    let pre_release_ok = match pre_release.strip_prefix('-') {
        Some(identifiers) => identifiers.split('.').all(|identifier| {
            let numeric = identifier.chars().all(|c| c.is_ascii_digit());
            is_identifier(identifier)
                && !(numeric && identifier.len() > 1 && identifier.starts_with('0'))
        }),
        None => pre_release.is_empty(),
    };
    let build_ok = build.is_none_or(|build| build.split('.').all(is_identifier));
    pre_release_ok && build_ok
}

fn is_identifier(identifier: &str) -> bool {
    !identifier.is_empty()
        && identifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn toml_string(text: &str) -> String {
    // A JSON string with only escapes that TOML shares is a valid TOML basic string.
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_version_pads_and_falls_back() {
        assert_eq!(package_version("0.0.1"), "0.0.1");
        assert_eq!(package_version("2"), "2.0.0");
        assert_eq!(package_version("v1.02"), "1.2.0");
        assert_eq!(package_version("2024-01-01"), "0.0.0");
    }

    #[test]
    fn package_version_keeps_semver_suffix() {
        assert_eq!(package_version("2.0.0-beta+exp.sha"), "2.0.0-beta+exp.sha");
        assert_eq!(package_version("1.2-rc.1"), "0.0.0");
        assert_eq!(package_version("1.0.0-01"), "1.0.0");
        assert_eq!(package_version("1.0.0-beta_1"), "1.0.0");
    }

    #[test]
    fn version_loss_names_dropped_parts() {
        assert_eq!(version_loss("0.0.1"), None);
        assert_eq!(version_loss("0"), None);
        assert_eq!(version_loss("2.0.0-beta+exp.sha"), None);

        let dropped = version_loss("1.0.0-beta_1").expect("the suffix is dropped");
        assert!(dropped.contains("1.0.0"), "{dropped}");
        let replaced = version_loss("2024-01-01-preview").expect("the version is replaced");
        assert!(replaced.contains("0.0.0"), "{replaced}");
    }
}
