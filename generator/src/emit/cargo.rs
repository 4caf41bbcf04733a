//! The generated crate's `Cargo.toml`.

use std::fmt::Write as _;

use crate::ir::Api;

/// Versions of the generated crate's dependencies; the examples and tests are built with these.
const DEPENDENCIES: &str = r#"[dependencies]
base64 = "0.22"
bytes = "1"
fastrand = "2"
httpdate = "1"
percent-encoding = "2"
reqwest = "0.13"
secrecy = "0.10"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
thiserror = "2"
tokio = { version = "1", features = ["time"] }
tracing = { version = "0.1", default-features = false, features = ["std"] }
url = "2"

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
tracing-subscriber = { version = "0.3", default-features = false, features = ["fmt"] }
"#;

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
    manifest.push_str(DEPENDENCIES);

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

/// Turns the spec's `info.version` into a Cargo version: `1.2` becomes `1.2.0`, and anything
/// that is not numeric becomes `0.0.0`.
fn package_version(version: &str) -> String {
    let numbers: Vec<&str> = version.trim_start_matches('v').split('.').collect();
    let numeric = numbers.len() <= 3
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
    parts.join(".")
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
}
