//! The generator's settings: names and defaults that the spec does not give.

use std::path::Path;

use heck::{ToKebabCase, ToShoutySnakeCase, ToUpperCamelCase};

use crate::Error;
use crate::emit;
use crate::load::Document;
use crate::resolve::names;
use crate::resolve::servers::{UrlCheck, check_server_url};

/// Names and defaults of the generated SDK, read from a TOML file beside the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Name of the client type and of the SDK in the docs, such as `Gram`.
    pub sdk_name: String,
    /// Name of the generated Cargo package, such as `gram-sdk`.
    pub crate_name: String,
    /// Prefix of the environment variables that supply credentials, such as `GRAM`.
    pub env_prefix: String,
    /// Base URL used when the caller sets no server URL, index or variable. When absent, the
    /// spec's first server with its variables' defaults.
    pub server_url: Option<String>,
    /// Defaults of the SDK's retries.
    pub retries: RetrySettings,
}

/// The `[retries]` table: defaults of the generated `RetryConfig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySettings {
    /// Response statuses retried by default.
    pub statuses: Vec<u16>,
}

impl Default for RetrySettings {
    fn default() -> RetrySettings {
        RetrySettings {
            statuses: default_retry_statuses(),
        }
    }
}

/// Returns the statuses that usually mean "try again later": 429 Too Many Requests, 500
/// Internal Server Error, 502 Bad Gateway, 503 Service Unavailable and 504 Gateway Timeout.
fn default_retry_statuses() -> Vec<u16> {
    vec![429, 500, 502, 503, 504]
}

impl Settings {
    /// Derives every setting from the spec's title: `Gram API` gives `GramApi`, `gram-api-sdk`
    /// and `GRAM_API`. Letters of other scripts and emoji are transliterated as in schema names,
    /// so `Grüße API 🚀` gives `GrusseApiRocket`. Returns `None` when the title has no letter or
    /// digit, even transliterated.
    pub fn from_title(title: &str) -> Option<Settings> {
        let mut sdk_name = names::pascal_words(title);
        if sdk_name.is_empty() {
            return None;
        }
        if sdk_name.starts_with(|c: char| c.is_ascii_digit()) {
            sdk_name.insert_str(0, "Api");
        }
        if names::is_reserved_client_name(&sdk_name) {
            sdk_name.push_str("Client");
        }
        Some(Settings {
            crate_name: format!("{}-sdk", sdk_name.to_kebab_case()),
            env_prefix: sdk_name.to_shouty_snake_case(),
            sdk_name,
            server_url: None,
            retries: RetrySettings::default(),
        })
    }
}

/// Reads the settings file, or derives the settings from the spec's title when there is none.
///
/// # Errors
///
/// Returns [`Error::Io`] when the file cannot be read and [`Error::Settings`] when it is not
/// valid TOML, lacks a required key, has an unknown key or a value of the wrong type, or names
/// the SDK or crate with characters Rust rejects. The error lists every such problem of the
/// file, except after invalid TOML, which stops the reading. Without a file, returns
/// [`Error::Spec`] when the title has no letter or digit to derive the names from.
pub fn load_settings(path: Option<&Path>, document: &Document) -> Result<Settings, Error> {
    let title = &document.openapi.info.title;
    let Some(path) = path else {
        return Settings::from_title(title).ok_or_else(|| unusable_title(document));
    };

    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        action: "reading the settings",
        source,
    })?;
    parse(&text, title).map_err(|problems| Error::Settings {
        path: path.to_owned(),
        problems,
    })
}

/// Builds the error of a title from which [`Settings::from_title`] derives no name.
fn unusable_title(document: &Document) -> Error {
    let reason = format!(
        "the title {:?} has no letter or digit, even transliterated to ASCII, so no SDK name \
         can be derived from it",
        document.openapi.info.title
    );
    let fix = "set `sdk_name`, `crate_name` and `env_prefix` in a `generator.toml` beside the spec";
    Error::Spec(vec![document.error("#/info/title", reason, fix)])
}

/// Keys of the settings file outside any table.
const TOP_LEVEL_KEYS: [&str; 5] = [
    "sdk_name",
    "crate_name",
    "env_prefix",
    "server_url",
    "retries",
];

/// Keys that a settings file must give.
const REQUIRED_KEYS: [&str; 3] = ["sdk_name", "crate_name", "env_prefix"];

/// Example of `server_url` in messages.
const EXAMPLE_SERVER_URL: &str = "https://api.example.com";

/// Reads settings from the TOML `text`. Missing required keys are reported with a value derived
/// from `title`, the spec's title, as an example of what to write.
///
/// Returns every problem of the file, each naming its key and the fix: unknown keys first, then
/// the keys in the order of [`TOP_LEVEL_KEYS`]. Invalid TOML is the only problem reported
/// alone, because nothing after it can be read.
fn parse(text: &str, title: &str) -> Result<Settings, Vec<String>> {
    let table = parse_table(text).map_err(|problem| vec![problem])?;
    let mut problems = unknown_keys(&table);

    // A title without letters derives no names, so the messages show those of a sample title.
    let derived = Settings::from_title(title)
        .or_else(|| Settings::from_title("My API"))
        .expect("the sample title has letters");
    // Returns the value of `key` when it is present and passes `check`, and records the
    // problem otherwise. `example` is the value that the fix shows.
    let mut read = |key: &str, example: &str, check: fn(&str) -> Result<(), String>| {
        let problem = match optional_string(&table, key, example) {
            Ok(Some(value)) => match check(&value) {
                Ok(()) => return Some(value),
                Err(problem) => problem,
            },
            Ok(None) if REQUIRED_KEYS.contains(&key) => missing_key(key, example),
            Ok(None) => return None,
            Err(problem) => problem,
        };
        problems.push(problem);
        None
    };
    let sdk_name = read("sdk_name", &derived.sdk_name, validate_sdk_name);
    let crate_name = read("crate_name", &derived.crate_name, validate_crate_name);
    let env_prefix = read("env_prefix", &derived.env_prefix, validate_env_prefix);
    let server_url = read("server_url", EXAMPLE_SERVER_URL, validate_server_url);
    let retries = parse_retries(table.get("retries"), &mut problems);

    match (sdk_name, crate_name, env_prefix) {
        (Some(sdk_name), Some(crate_name), Some(env_prefix)) if problems.is_empty() => {
            Ok(Settings {
                sdk_name,
                crate_name,
                env_prefix,
                server_url,
                retries,
            })
        }
        _ => Err(problems),
    }
}

/// Parses `text` as a TOML table, or returns the problem with its line.
fn parse_table(text: &str) -> Result<toml::Table, String> {
    text.parse().map_err(|error: toml::de::Error| {
        let position = error
            .span()
            .and_then(|span| text.get(..span.start))
            .map(|before| format!(" at line {}", before.matches('\n').count() + 1))
            .unwrap_or_default();
        let message = error.message().trim_end().replace('\n', " ");
        format!("invalid TOML{position}: {message}; write each setting as `key = \"value\"`")
    })
}

/// Returns a problem for each key of `table` outside [`TOP_LEVEL_KEYS`].
fn unknown_keys(table: &toml::Table) -> Vec<String> {
    table
        .keys()
        .filter(|key| !TOP_LEVEL_KEYS.contains(&key.as_str()))
        .map(|key| {
            format!(
                "unknown key `{key}`; the keys are `sdk_name`, `crate_name`, `env_prefix`, \
                 `server_url` and the `[retries]` table"
            )
        })
        .collect()
}

/// Describes the required `key` missing from the file. The fix shows `example` as the value.
fn missing_key(key: &str, example: &str) -> String {
    format!(
        "missing key `{key}`, which is required when a settings file is given; add a line such \
         as `{key} = {example:?}`"
    )
}

/// Returns the string value of `key`, or `None` when it is absent. The error shows `example` as
/// the fix.
fn optional_string(
    table: &toml::Table,
    key: &str,
    example: &str,
) -> Result<Option<String>, String> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(value)) => Ok(Some(value.clone())),
        Some(other) => Err(format!(
            "`{key}` is {}, but it must be a string; write it in quotes, such as \
             `{key} = {example:?}`",
            describe(other)
        )),
    }
}

/// Reads the `[retries]` table, `value`, whose only key, `statuses`, is optional. Pushes each
/// problem onto `problems` and returns the default for a value it cannot read.
fn parse_retries(value: Option<&toml::Value>, problems: &mut Vec<String>) -> RetrySettings {
    let table = match value {
        None => return RetrySettings::default(),
        Some(toml::Value::Table(table)) => table,
        Some(other) => {
            problems.push(format!(
                "`retries` is {}, but it must be a table; write it as a `[retries]` header \
                 followed by `statuses = [429, 503]`",
                describe(other)
            ));
            return RetrySettings::default();
        }
    };
    for key in table.keys().filter(|key| key.as_str() != "statuses") {
        problems.push(format!(
            "unknown key `retries.{key}`; the `[retries]` table takes only `statuses`"
        ));
    }
    match table.get("statuses").map(parse_statuses) {
        None => RetrySettings::default(),
        Some(Ok(statuses)) => RetrySettings { statuses },
        Some(Err(found)) => {
            problems.extend(found);
            RetrySettings::default()
        }
    }
}

/// Reads `retries.statuses`: an array of HTTP status codes. Returns one problem per item
/// that is not one.
fn parse_statuses(value: &toml::Value) -> Result<Vec<u16>, Vec<String>> {
    let expected = "an array of HTTP status codes, such as `statuses = [429, 503]`";
    let toml::Value::Array(items) = value else {
        return Err(vec![format!(
            "`retries.statuses` is {}, but it must be {expected}",
            describe(value)
        )]);
    };
    let mut statuses = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for item in items {
        let toml::Value::Integer(number) = item else {
            problems.push(format!(
                "`retries.statuses` contains {}, but it must be {expected}",
                describe(item)
            ));
            continue;
        };
        match u16::try_from(*number)
            .ok()
            .filter(|status| (100..=599).contains(status))
        {
            Some(status) => statuses.push(status),
            None => problems.push(format!(
                "retries.statuses contains {number}, which is not an HTTP status; use codes from \
                 100 to 599"
            )),
        }
    }
    if problems.is_empty() {
        Ok(statuses)
    } else {
        Err(problems)
    }
}

/// Describes the type and value of `value` for a message, such as `the integer 5`.
fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => format!("the string {text:?}"),
        toml::Value::Integer(number) => format!("the integer {number}"),
        toml::Value::Float(number) => format!("the float {number}"),
        toml::Value::Boolean(flag) => format!("the boolean {flag}"),
        toml::Value::Datetime(datetime) => format!("the date-time {datetime}"),
        toml::Value::Array(_) => "an array".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

/// Checks that `crate_name` is a Cargo package name whose library name is no keyword and no
/// crate of the Rust sysroot.
fn validate_crate_name(crate_name: &str) -> Result<(), String> {
    let is_package = crate_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && crate_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !is_package {
        return Err(format!(
            "crate_name {crate_name:?} is not a Cargo package name; use ASCII letters, digits, `-` and `_`"
        ));
    }
    validate_crate_ident(crate_name)
}

/// Checks that `env_prefix` can start the names of environment variables.
fn validate_env_prefix(env_prefix: &str) -> Result<(), String> {
    if is_identifier(env_prefix) {
        return Ok(());
    }
    Err(format!(
        "env_prefix {env_prefix:?} is not an environment variable prefix; use ASCII letters, digits and `_`"
    ))
}

/// Returns whether `name` starts with an ASCII letter and contains only ASCII letters, digits and
/// `_`.
fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks that `name` can be the client type: an UpperCamelCase identifier that is no keyword,
/// no prelude name and no other name in the client's scope.
fn validate_sdk_name(name: &str) -> Result<(), String> {
    let suggestion = format!("{}Client", name.to_upper_camel_case());
    if names::is_keyword(name) {
        return Err(format!(
            "sdk_name {name:?} is a Rust keyword; choose another, such as {suggestion:?}"
        ));
    }
    if !is_identifier(name) {
        return Err(format!(
            "sdk_name {name:?} is not a Rust type name; use ASCII letters and digits, starting with a letter"
        ));
    }
    // rustc's `non_camel_case_types` lint rejects a lowercase first letter and an underscore
    // next to a letter.
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || name.contains('_') {
        return Err(format!(
            "sdk_name {name:?} is not UpperCamelCase, so the client type would not compile \
             without warnings; use {:?}",
            name.to_upper_camel_case()
        ));
    }
    if names::is_reserved_client_name(name) {
        return Err(format!(
            "sdk_name {name:?} clashes with a name of the generated crate or the Rust prelude; \
             choose another, such as {suggestion:?}"
        ));
    }
    Ok(())
}

/// Checks that the library name of the package `crate_name`, with `-` as `_`, is no keyword,
/// no crate of the Rust sysroot and no dependency of the generated crate. The docs' examples
/// import the SDK by that name, so a crate named `std` would shadow the standard library there.
/// A crate named like a dependency, such as `serde`, builds, but rustc then finds two
/// libraries of that name (error E0464) in its doc tests and in every crate that depends on
/// both.
fn validate_crate_ident(crate_name: &str) -> Result<(), String> {
    const SYSROOT_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];
    let ident = crate_name.replace('-', "_");
    let is_dependency = emit::cargo::dependency_names().any(|name| name.replace('-', "_") == ident);
    let clash = if SYSROOT_CRATES.contains(&ident.as_str()) {
        "a crate of the Rust sysroot"
    } else if is_dependency {
        "the name of a dependency of the generated crate, so rustc could not tell the two \
         apart in doc tests and in crates that use both"
    } else if names::is_keyword(&ident) {
        "a Rust keyword"
    } else {
        return Ok(());
    };
    Err(format!(
        "crate_name {crate_name:?} names the library `{ident}`, which is {clash}; choose another, such as \"{crate_name}-sdk\""
    ))
}

/// Checks that `url` is an absolute `http` or `https` URL without a query or fragment, which
/// the SDK's `check_server_url` accepts before its first request.
fn validate_server_url(url: &str) -> Result<(), String> {
    let redacted = without_userinfo(url);
    if url.contains('{') {
        return Err(format!(
            "server_url {redacted:?} contains a `{{` placeholder, which the settings do not fill; write the URL out in full"
        ));
    }
    match check_server_url(url) {
        UrlCheck::Usable => Ok(()),
        UrlCheck::Unusable { reason, fix } => {
            Err(format!("server_url {redacted:?} {reason}; {fix}"))
        }
        UrlCheck::Relative => Err(format!(
            "server_url {redacted:?} is not a valid URL, because it is relative; use an absolute URL such as \"https://api.example.com\""
        )),
    }
}

/// Returns `url` with its user name and password, if any, replaced by `***`, so that an error
/// message does not repeat a credential.
fn without_userinfo(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        return match rest[..authority_end].rfind('@') {
            Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
            None => url.to_owned(),
        };
    }
    match url::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            // Both calls fail only for URLs that cannot have a user name, which this one has.
            let _ = parsed.set_password(None);
            let _ = parsed.set_username("***");
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: &str) -> Settings {
        Settings::from_title(title).expect("the title has letters")
    }

    /// Returns the problems that `parse` finds in the settings `text`, one a line.
    fn problems_of(text: &str, title: &str) -> String {
        match parse(text, title) {
            Ok(settings) => panic!("{text:?} gave no problem but {settings:?}"),
            Err(problems) => problems.join("\n"),
        }
    }

    #[test]
    fn server_url_error_hides_password() {
        for url in [
            "ftp://user:secret@example.com/api",
            "http://user:secret@example.com/api?x=1",
            "http:user:secret@example.com/api#top",
        ] {
            let message = validate_server_url(url).expect_err("an unusable URL");
            assert!(!message.contains("secret"), "{message}");
            assert!(message.contains("***@example.com"), "{message}");
        }
    }

    #[test]
    fn title_names_sdk_crate_and_prefix() {
        let settings = titled("Gram API");
        assert_eq!(settings.sdk_name, "GramApi");
        assert_eq!(settings.crate_name, "gram-api-sdk");
        assert_eq!(settings.env_prefix, "GRAM_API");
    }

    #[test]
    fn title_letters_are_transliterated() {
        let settings = titled("Ünïcödé API 🚀");
        assert_eq!(settings.sdk_name, "UnicodeApiRocket");
        assert_eq!(settings.crate_name, "unicode-api-rocket-sdk");
        assert_eq!(settings.env_prefix, "UNICODE_API_ROCKET");
        assert_eq!(titled("获取 API").sdk_name, "HuoQuApi");
        assert_eq!(titled("Grüße API 🚀").sdk_name, "GrusseApiRocket");
    }

    #[test]
    fn title_without_letters_gives_no_settings() {
        for title in ["", " ", "★ — ★", "-_-", "$$", "\u{e000}"] {
            assert_eq!(Settings::from_title(title), None, "{title:?}");
        }
    }

    #[test]
    fn missing_key_of_title_without_letters_suggests_sample() {
        let message = problems_of("sdk_name = \"Gram\"\n", "★");
        assert!(
            message.contains("`crate_name = \"my-api-sdk\"`"),
            "{message}"
        );
    }

    #[test]
    fn title_clashing_with_crate_types_gets_suffix() {
        assert_eq!(titled("Error").sdk_name, "ErrorClient");
        assert_eq!(titled("security").sdk_name, "SecurityClient");
        assert_eq!(titled("Self").sdk_name, "SelfClient");
    }

    #[test]
    fn retry_statuses_default_and_validate() {
        let settings = titled("Gram");
        assert_eq!(settings.retries.statuses, [429, 500, 502, 503, 504]);
        let text = format!("{REQUIRED_NAMES}[retries]\nstatuses = [503, 42]\n");
        let message = problems_of(&text, "Gram");
        assert!(
            message.contains("retries.statuses contains 42"),
            "{message}"
        );
    }

    #[test]
    fn retries_table_sets_statuses() {
        let text = "sdk_name = \"Gram\"\ncrate_name = \"gram-sdk\"\nenv_prefix = \"GRAM\"\n\
                    [retries]\nstatuses = [503, 429]\n";
        let settings = parse(text, "Gram").expect("valid settings");
        assert_eq!(settings.retries.statuses, [503, 429]);
    }

    const REQUIRED_NAMES: &str =
        "sdk_name = \"Gram\"\ncrate_name = \"gram-sdk\"\nenv_prefix = \"GRAM\"\n";

    #[test]
    fn optional_keys_take_defaults() {
        let settings = parse(REQUIRED_NAMES, "Gram").expect("valid settings");
        assert_eq!(settings.server_url, None);
        assert_eq!(settings.retries, RetrySettings::default());

        let text = format!("{REQUIRED_NAMES}[retries]\n");
        let settings = parse(&text, "Gram").expect("valid settings");
        assert_eq!(settings.retries, RetrySettings::default());
    }

    #[test]
    fn missing_required_key_suggests_value() {
        let cases = [
            ("sdk_name", "`sdk_name = \"PetStore\"`"),
            ("crate_name", "`crate_name = \"pet-store-sdk\"`"),
            ("env_prefix", "`env_prefix = \"PET_STORE\"`"),
        ];
        for (key, fix) in cases {
            let text: String = REQUIRED_NAMES
                .lines()
                .filter(|line| !line.starts_with(key))
                .map(|line| format!("{line}\n"))
                .collect();
            let message = problems_of(&text, "Pet Store");
            let expected = format!("missing key `{key}`");
            assert!(message.starts_with(&expected), "{message}");
            assert!(message.contains(fix), "{message}");
        }
    }

    #[test]
    fn wrong_type_names_key_and_value() {
        let text = "sdk_name = \"Gram\"\ncrate_name = 5\nenv_prefix = \"GRAM\"\n";
        let message = problems_of(text, "Gram");
        assert!(
            message.starts_with("`crate_name` is the integer 5, but it must be a string"),
            "{message}"
        );
        assert!(message.contains("`crate_name = \"gram-sdk\"`"), "{message}");

        let text = format!("{REQUIRED_NAMES}server_url = true\n");
        let message = problems_of(&text, "Gram");
        assert!(
            message.starts_with("`server_url` is the boolean true"),
            "{message}"
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let text = format!("{REQUIRED_NAMES}crate = \"x\"\n");
        let message = problems_of(&text, "Gram");
        assert!(message.starts_with("unknown key `crate`"), "{message}");

        let text = format!("{REQUIRED_NAMES}[retries]\nstatus = [503]\n");
        let message = problems_of(&text, "Gram");
        assert!(
            message.starts_with("unknown key `retries.status`"),
            "{message}"
        );
    }

    #[test]
    fn retries_of_wrong_type_are_rejected() {
        let cases = [
            (
                "retries = 3\n",
                "`retries` is the integer 3, but it must be a table",
            ),
            (
                "[retries]\nstatuses = 503\n",
                "`retries.statuses` is the integer 503, but it must be an array",
            ),
            (
                "[retries]\nstatuses = [\"503\"]\n",
                "`retries.statuses` contains the string \"503\", but it must be an array",
            ),
            (
                "[retries]\nstatuses = [70000]\n",
                "retries.statuses contains 70000, which is not an HTTP status",
            ),
        ];
        for (tail, expected) in cases {
            let text = format!("{REQUIRED_NAMES}{tail}");
            let message = problems_of(&text, "Gram");
            assert!(message.starts_with(expected), "{message}");
        }
    }

    #[test]
    fn every_problem_is_reported_in_order() {
        let text = "crate_name = 5\ncrate = \"x\"\nserver_url = true\n\
                    [retries]\nstatuses = [42, 429, \"500\", 600]\n";
        let problems = parse(text, "Gram").expect_err("the file has eight problems");
        let starts = [
            "unknown key `crate`",
            "missing key `sdk_name`",
            "`crate_name` is the integer 5",
            "missing key `env_prefix`",
            "`server_url` is the boolean true",
            "retries.statuses contains 42",
            "`retries.statuses` contains the string \"500\"",
            "retries.statuses contains 600",
        ];
        assert_eq!(problems.len(), starts.len(), "{problems:#?}");
        for (problem, start) in problems.iter().zip(starts) {
            assert!(problem.starts_with(start), "{problem}");
        }
    }

    #[test]
    fn invalid_toml_names_line() {
        let text = format!("{REQUIRED_NAMES}server_url = http://localhost\n");
        let message = problems_of(&text, "Gram");
        assert!(message.starts_with("invalid TOML at line 4: "), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn title_without_letters_gets_prefix() {
        assert_eq!(titled("42").sdk_name, "Api42");
    }

    #[test]
    fn title_clashing_with_client_scope_gets_suffix() {
        let titles = [
            "Arc", "BTreeMap", "Call", "Duration", "Fn", "Into", "Send", "Sync",
        ];
        for title in titles {
            assert_eq!(titled(title).sdk_name, format!("{title}Client"));
        }
        assert_eq!(titled("fn").sdk_name, "FnClient");
    }

    #[test]
    fn keyword_sdk_name_is_rejected() {
        for name in ["fn", "self", "crate", "Self"] {
            let message = validate_sdk_name(name).expect_err(name);
            assert!(message.contains("is a Rust keyword"), "{message}");
        }
    }

    #[test]
    fn reserved_sdk_name_is_rejected() {
        for name in ["Send", "Duration", "Arc", "Into", "Error", "Security"] {
            let message = validate_sdk_name(name).expect_err(name);
            let expected = format!("choose another, such as \"{name}Client\"");
            assert!(message.contains(&expected), "{message}");
        }
    }

    #[test]
    fn lowercase_sdk_name_is_rejected() {
        let message = validate_sdk_name("gram_api").expect_err("not UpperCamelCase");
        assert!(message.contains("use \"GramApi\""), "{message}");
    }

    #[test]
    fn server_url_must_be_absolute_http() {
        assert_eq!(validate_server_url("http://127.0.0.1:9/v1"), Ok(()));
        let cases = [
            ("not a url", "is not a valid URL"),
            ("/v1", "is not a valid URL"),
            ("ftp://example.com", "has scheme \"ftp\""),
            ("file:///tmp/x", "has scheme \"file\""),
            ("http://", "is not a valid URL"),
            ("http://127.0.0.1:8080/api?x=1", "has a query string"),
            ("http://127.0.0.1:8080/api#f", "has a fragment"),
            ("http://{host}/api", "contains a `{` placeholder"),
        ];
        for (url, expected) in cases {
            let message = validate_server_url(url).expect_err(url);
            assert!(message.contains(expected), "{url}: {message}");
        }
    }

    #[test]
    fn crate_name_of_sysroot_crate_is_rejected() {
        for name in ["std", "core", "alloc", "proc_macro", "proc-macro", "test"] {
            let message = validate_crate_name(name).expect_err(name);
            assert!(message.contains("a crate of the Rust sysroot"), "{message}");
        }
        let message = validate_crate_name("fn").expect_err("fn");
        assert!(message.contains("which is a Rust keyword"), "{message}");
        assert_eq!(validate_crate_name("std-sdk"), Ok(()));
    }

    #[test]
    fn crate_name_of_dependency_is_rejected() {
        for dependency in emit::cargo::dependency_names() {
            let underscores = dependency.replace('-', "_");
            let hyphens = dependency.replace('_', "-");
            for name in [dependency, &underscores, &hyphens] {
                let message = validate_crate_name(name).expect_err(name);
                assert!(
                    message.contains("a dependency of the generated crate"),
                    "{message}"
                );
                assert!(message.contains(&format!("\"{name}-sdk\"")), "{message}");
            }
        }
        assert_eq!(validate_crate_name("serde-sdk"), Ok(()));
        assert_eq!(validate_crate_name("tokio_client"), Ok(()));
    }
}
