//! Resolves the OpenAPI document into the [`crate::ir`].
//!
//! The resolver walks the spec once, follows every `$ref`, names every Rust item, and collects
//! each problem it finds with its JSON pointer, so one run reports all of them.

pub(crate) mod aliases;
mod annotated;
mod boxing;
mod checks;
mod compose;
mod defaults;
mod discriminator;
mod errors;
mod formats;
mod integers;
pub(crate) mod names;
pub(crate) mod operations;
mod refs;
mod schemas;
mod security;
pub(crate) mod servers;
mod subtypes;
mod templates;
mod unions;

use std::collections::HashMap;

use openapiv3::OpenAPI;

pub use names::{NameScope, pascal_ident, snake_ident, type_ident};

use crate::load::Document;
use crate::{Error, Settings, SpecError, ir};

/// Resolves `document` into the IR of the SDK.
///
/// # Errors
///
/// Returns [`Error::Spec`] with every problem found.
pub fn resolve_api(document: &Document, settings: &Settings) -> Result<ir::Api, Error> {
    let mut resolver = Resolver::new(document);

    resolver.name_component_schemas();
    resolver.lower_component_schemas();
    let security_schemes = resolver.lower_security_schemes(settings);
    let security = resolver.lower_requirements(resolver.spec.security.as_deref(), "#/security");
    let servers = resolver.lower_servers(
        &resolver.spec.servers,
        "#/servers",
        settings.server_url.is_some(),
    );
    resolver.check_missing_servers(settings);
    let services = resolver.lower_services();
    resolver.report_more_deep_merges();
    resolver.check_aliases();
    resolver.check_union_cycles();
    resolver.check_union_overlaps();
    resolver.check_version();
    resolver.check_empty_enums();
    let error_bodies = errors::error_bodies(&services);
    boxing::box_cycles(&mut resolver.models);

    if !resolver.errors.is_empty() {
        return Err(Error::Spec(resolver.errors));
    }

    let spec = &document.openapi;
    let operation_servers = services
        .iter()
        .flat_map(|service| &service.operations)
        .flat_map(|operation| &operation.servers);
    let server_variables =
        servers::variable_setters(servers.iter().chain(operation_servers), &settings.sdk_name);
    let default_server_url = settings
        .server_url
        .clone()
        .or_else(|| servers.first().map(|server| server.url.clone()))
        .unwrap_or_else(|| "/".to_owned());

    Ok(ir::Api {
        title: one_line(&spec.info.title),
        version: one_line(&spec.info.version),
        description: spec.info.description.clone(),
        sdk_name: settings.sdk_name.clone(),
        crate_name: settings.crate_name.clone(),
        // Cargo names the library after the package with `-` replaced by `_`, keeping case.
        crate_ident: settings.crate_name.replace('-', "_"),
        env_prefix: settings.env_prefix.clone(),
        default_server_url,
        retry_statuses: settings.retries.statuses.clone(),
        servers,
        server_variables,
        models: resolver.models,
        services,
        security_schemes,
        security,
        error_bodies,
        warnings: resolver.warnings,
    })
}

/// State of one resolution: the spec, the names handed out so far and the problems found.
struct Resolver<'a> {
    document: &'a Document,
    spec: &'a OpenAPI,
    errors: Vec<SpecError>,
    /// Problems the resolver worked around, reported without stopping the generation.
    warnings: Vec<SpecError>,
    models: Vec<ir::Model>,
    /// Rust name of each component schema, by its key under `components.schemas`.
    schema_names: HashMap<String, String>,
    /// Names of the types in the `models` module.
    type_names: NameScope,
    /// The keyword, `oneOf` or `anyOf`, of each union model, by its Rust name.
    union_keywords: HashMap<String, &'static str>,
    /// Names of the security schemes left out because the HTTP client sets their header.
    ignored_schemes: Vec<String>,
    /// Number of `allOf` merges that passed the depth limit, of which only the first few are
    /// reported one by one.
    deep_merges: usize,
    /// The component schemas that extend each component schema with a `discriminator`
    /// through `allOf`, by the extended schema's key.
    subtypes: HashMap<String, Vec<String>>,
}

impl<'a> Resolver<'a> {
    fn new(document: &'a Document) -> Resolver<'a> {
        Resolver {
            document,
            spec: &document.openapi,
            errors: Vec::new(),
            warnings: Vec::new(),
            models: Vec::new(),
            schema_names: HashMap::new(),
            type_names: NameScope::default(),
            union_keywords: HashMap::new(),
            ignored_schemes: Vec::new(),
            deep_merges: 0,
            subtypes: subtypes::find_subtypes(&document.openapi),
        }
    }

    /// Records a warning once: a path item's parameters are lowered with each of its
    /// operations, so the same warning can come up more than once.
    fn warn(&mut self, pointer: &str, reason: String, fix: &str) {
        let warning = self.document.error(pointer, reason, fix);
        let repeated = self
            .warnings
            .iter()
            .any(|seen| seen.pointer == warning.pointer && seen.reason == warning.reason);
        if !repeated {
            self.warnings.push(warning);
        }
    }

    /// Warns when the crate's version cannot keep all of `info.version`.
    fn check_version(&mut self) {
        let version = &self.spec.info.version;
        if let Some(reason) = crate::emit::cargo::version_loss(version) {
            let fix = "write info.version as MAJOR.MINOR.PATCH, with an optional SemVer \
                       pre-release such as -beta.1";
            self.warn("#/info/version", reason, fix);
        }
    }

    /// Warns about each `enum` without a value, which the SDK ignores.
    fn check_empty_enums(&mut self) {
        for pointer in &self.document.empty_enums {
            let reason = "the `enum` lists no value, so the SDK ignores it and accepts any value";
            let fix = "list the allowed values, or remove `enum`";
            self.warn(pointer, reason.to_owned(), fix);
        }
    }

    fn report(&mut self, pointer: &str, reason: String, fix: &str) {
        let error = self.document.error(pointer, reason, fix);
        self.errors.push(error);
    }
}

/// Returns whether `name` is an HTTP token, the grammar of header field names and of cookie
/// names: one or more ASCII letters, digits and ``!#$%&'*+-.^_`|~``.
pub(crate) fn is_http_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_token_byte)
}

fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

/// Returns the message and fix for a header or cookie `name` that [`is_http_token`] rejects.
/// `kind` names the value, such as `header parameter`.
pub(crate) fn invalid_token_error(kind: &str, name: &str) -> (String, String) {
    let reason = if name.is_empty() {
        format!("{kind} name is empty, but HTTP needs a name")
    } else {
        let invalid_char: String = name
            .chars()
            .filter(|c| !c.is_ascii() || !is_token_byte(*c as u8))
            .take(1)
            .collect();
        format!(
            "{kind} name {name:?} is not a valid HTTP token: it contains {invalid_char:?}, but a name \
             may contain only ASCII letters, digits and !#$%&'*+-.^_`|~, so every request that \
             sets it would fail"
        )
    };
    let suggestion = token_suggestion(name);
    let suggestion = suggestion.trim_matches('-');
    let fix = if suggestion.is_empty() {
        "rename it to ASCII letters, digits and `-`, such as \"X-Api-Key\"".to_owned()
    } else {
        format!("rename it to ASCII letters, digits and `-`, such as {suggestion:?}")
    };
    (reason, fix)
}

/// Returns `name` with each character that an HTTP token lacks replaced: a letter or digit by
/// its ASCII spelling from deunicode, such as `ß` by `ss`, and anything else by `-`, with no two
/// `-` in a row. `Grüße` becomes `Grusse`.
fn token_suggestion(name: &str) -> String {
    let mut suggestion = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() && is_token_byte(c as u8) {
            suggestion.push(c);
            continue;
        }
        let spelled: String = deunicode::deunicode_char(c)
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if !spelled.is_empty() && c.is_alphanumeric() {
            suggestion.push_str(&spelled);
        } else if !suggestion.ends_with('-') {
            suggestion.push('-');
        }
    }
    suggestion
}

/// Returns `text` on one line: the title and version name the API in headers, manifests and
/// the first line of the docs, where a line break would end a comment or a Markdown line.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn crate_ident_keeps_case_of_package() {
        let text = "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths: {}\n";
        let document = crate::load::parse_spec(text, Path::new("pets.yaml")).expect("a spec");
        let mut settings = Settings::from_title("Pets").expect("a title with letters");
        settings.crate_name = "Pets-SDK".to_owned();
        let api = resolve_api(&document, &settings).expect("the spec resolves");
        assert_eq!(api.crate_ident, "Pets_SDK");
    }

    #[test]
    fn token_suggestion_spells_letters_ascii() {
        assert_eq!(token_suggestion("Grüße"), "Grusse");
        assert_eq!(token_suggestion("X Api  Key"), "X-Api-Key");
        assert_eq!(token_suggestion("名前"), "MingQian");
        assert_eq!(token_suggestion("a→b"), "a-b");

        let (_, fix) = invalid_token_error("header parameter", "Grüße");
        assert!(fix.ends_with("such as \"Grusse\""), "{fix}");
    }

    /// A `servers` line, so that a spec warns only about what its test is about.
    const SERVERS: &str = "servers: [{url: 'https://api.example.com'}]\n";

    fn version_warnings(version: &str) -> Vec<SpecError> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: Pets, version: '{version}'}}\n{SERVERS}paths: {{}}\n"
        );
        let document = crate::load::parse_spec(&text, Path::new("pets.yaml")).expect("a spec");
        let settings = Settings::from_title("Pets").expect("a title with letters");
        let api = resolve_api(&document, &settings).expect("the spec resolves");
        api.warnings
    }

    #[test]
    fn empty_enum_warns_at_its_pointer() {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: Pets, version: '1'}}\n{SERVERS}paths: {{}}\n\
             components: {{schemas: {{Kind: {{type: string, enum: []}}}}}}\n"
        );
        let document = crate::load::parse_spec(&text, Path::new("pets.yaml")).expect("a spec");
        let settings = Settings::from_title("Pets").expect("a title with letters");

        let api = resolve_api(&document, &settings).expect("the spec resolves");

        assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
        assert_eq!(api.warnings[0].pointer, "#/components/schemas/Kind/enum");
    }

    /// Resolves a spec with one operation and the YAML `servers` line `servers`, which may be
    /// empty, with `server_url` as the setting.
    fn server_warnings(servers: &str, server_url: Option<&str>) -> Vec<SpecError> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: Pets, version: '1'}}\n{servers}paths:\n  /pets:\n    \
             get:\n      responses: {{'204': {{description: Done.}}}}\n"
        );
        let document = crate::load::parse_spec(&text, Path::new("pets.yaml")).expect("a spec");
        let mut settings = Settings::from_title("Pets").expect("a title with letters");
        settings.server_url = server_url.map(str::to_owned);
        let api = resolve_api(&document, &settings).expect("the spec resolves");
        api.warnings
    }

    #[test]
    fn missing_servers_warn_at_servers() {
        for servers in ["", "servers: []\n"] {
            let warnings = server_warnings(servers, None);

            assert_eq!(warnings.len(), 1, "{warnings:?}");
            assert_eq!(warnings[0].pointer, "#/servers");
            let reason = &warnings[0].reason;
            assert!(reason.contains("the base URL is `/`"), "{reason}");
            assert!(
                reason.contains("`server_url` on the client builder"),
                "{reason}"
            );
            let fix = &warnings[0].fix;
            assert!(fix.contains("set `server_url` in the settings"), "{fix}");
        }
    }

    #[test]
    fn server_url_setting_silences_missing_servers() {
        let warnings = server_warnings("", Some("https://api.example.com"));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn declared_servers_give_no_warning() {
        let warnings = server_warnings("servers: [{url: 'https://api.example.com'}]\n", None);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn version_warning_when_replaced() {
        let warnings = version_warnings("2024-01-01");

        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].pointer, "#/info/version");
        assert!(
            warnings[0].reason.contains("0.0.0"),
            "{}",
            warnings[0].reason
        );
    }

    #[test]
    fn version_semver_suffix_kept_silently() {
        assert!(version_warnings("2.0.0-beta+exp.sha").is_empty());
        assert!(version_warnings("1.2").is_empty());
    }
}
