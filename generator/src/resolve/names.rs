//! Rust names for OpenAPI names: case conversion, keywords and collisions.

use std::collections::{BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers, or only as raw identifiers.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Names of the standard prelude (editions 2021 and 2024) and of the crates that generated code
/// names unqualified.
const PRELUDE_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Deserialize",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Serialize",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Modules of every generated crate (the emitted files, the runtime files copied from
/// `generator/runtime` and `src/lib.rs`), the crates that generated code names by path, and
/// the Cargo feature `default`. A service module, which is also a file and a feature, may not
/// take any of them.
pub const CRATE_MODULES: &[&str] = &[
    // Emitted files, and `main`, which Cargo would build as a program.
    "lib",
    "main",
    "client",
    "error_body",
    "models",
    "security",
    // Runtime files.
    "body",
    "credentials",
    "display",
    "error",
    "fields",
    "file",
    "finite",
    "formats",
    "headers",
    "options",
    "path_styles",
    "query",
    "redirect",
    "retry",
    "runtime",
    "send",
    "servers",
    "typed_error",
    // Dependencies of the generated crate, and the crates every crate can name.
    "base64",
    "bytes",
    "chrono",
    "encoding_rs",
    "fastrand",
    "httpdate",
    "hyper",
    "percent_encoding",
    "reqwest",
    "secrecy",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "thiserror",
    "tokio",
    "tracing",
    "tracing_subscriber",
    "url",
    "uuid",
    "std",
    "core",
    "alloc",
    // Cargo features.
    "default",
];

/// Methods of the client type other than the service accessors, which are named after their
/// service's module, the methods of `Clone`, which an accessor of the same name would shadow
/// in method calls, and `into` and `try_into`, which would shadow the accessor, as
/// [`SERVICE_METHODS`] explains.
pub const CLIENT_METHODS: &[&str] = &[
    "into",
    "try_into",
    "builder",
    "new",
    "server_url",
    "call",
    "call_at",
    "parts",
    "server_variables",
    "security",
    "options",
    "clone",
    "clone_from",
];

/// Methods of a service type other than its operations, and `into` and `try_into`. Every type
/// implements `Into` and `TryInto`, whose methods take `self` by value, and a method call
/// tries the receiver by value before it borrows it. So `Into::into` would be picked before an
/// operation method of that name, which takes `&self`, and the call would not compile.
pub const SERVICE_METHODS: &[&str] = &["new", "into", "try_into"];

/// Types and traits that `src/client.rs` imports or defines and that `src/lib.rs` re-exports,
/// which the client type and the server variables' enums share a scope with.
pub const CLIENT_SCOPE_TYPES: &[&str] = &[
    // Imported or defined by `src/client.rs`.
    "Arc",
    "BTreeMap",
    "BoxError",
    "Call",
    "ClientOptions",
    "Duration",
    "Error",
    "Inner",
    "Retries",
    "RetryConfig",
    "Security",
    // Re-exported by `src/lib.rs`.
    "CallOptions",
    "ClientCredentials",
    "ErrorBody",
    "FilePart",
    "OperationServer",
    "ResponseContent",
];

/// Suffixes of the doc-test items in `src/lib.rs`, such as `AuthServiceDocs`, whose names the
/// client type may not end with.
const DOC_ITEM_SUFFIXES: &[&str] = &["ServiceDocs", "ModelDocs"];

/// Returns whether a service module named `module` would clash with a module, crate or feature
/// of the generated crate or with a method of the client type.
pub fn is_reserved_module(module: &str) -> bool {
    CRATE_MODULES.contains(&module) || CLIENT_METHODS.contains(&module)
}

/// Returns whether a client type named `name` would clash with a keyword, a prelude name or a
/// name in scope where the client is defined or re-exported.
pub fn is_reserved_client_name(name: &str) -> bool {
    KEYWORDS.contains(&name)
        || PRELUDE_TYPES.contains(&name)
        || CLIENT_SCOPE_TYPES.contains(&name)
        || DOC_ITEM_SUFFIXES
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// Returns whether `name` is a Rust keyword, strict or reserved.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Maximum length of a type or module name, in characters. The names of inline schemas grow
/// with their nesting, and each type and module also names a file, in snake_case, which at
/// most doubles the length. File systems take names of up to 255 bytes.
pub const MAX_FILE_IDENT_CHARS: usize = 100;

/// Maximum length of a type name prefix, such as an operation's `{prefix}Request`, in
/// characters: [`MAX_FILE_IDENT_CHARS`] less the longest suffix put after one, that of a shared
/// credentials type such as `{A}Or{B}AlternativesSecurity`.
pub const MAX_PREFIX_CHARS: usize = MAX_FILE_IDENT_CHARS - "AlternativesSecurity".len();

/// Converts `name` to an UpperCamelCase type name that does not shadow a prelude type:
/// `Option` becomes `OptionModel`. A name longer than [`MAX_FILE_IDENT_CHARS`] is cut there,
/// so callers must claim it in a [`NameScope`] to keep it unique.
pub fn type_ident(name: &str, fallback: &str) -> String {
    let mut ident = pascal_ident(name, fallback);
    shorten(&mut ident);
    if PRELUDE_TYPES.contains(&ident.as_str()) {
        ident.push_str("Model");
    }
    ident
}

/// Converts `name` to a snake_case identifier, such as `Gram-Session` to `gram_session`.
///
/// Characters that cannot appear in an identifier separate words. A name that starts with a
/// digit gets a `v` prefix, a keyword gets a `_` suffix, a name with no letter or digit has
/// its characters spelled out (`*/` gives `asterisk_slash`), and the empty name becomes
/// `fallback`. The `v` matches the `V` of [`pascal_ident`], so
/// `2fa_verify` gives the method `v2fa_verify` and the type `V2faVerifyResponse`. A leading
/// `_` would mark the item as unused.
pub fn snake_ident(name: &str, fallback: &str) -> String {
    let ident = match ascii_words(name) {
        Some(words) => join_words(&words, "_", str::to_ascii_lowercase),
        None => ident_words(name).to_snake_case(),
    };
    finish(ident, fallback, "v")
}

/// Converts `name` to an UpperCamelCase identifier, such as `switchScopes` to `SwitchScopes`.
///
/// The rules for separators, digits, keywords, names without letters and empty names are
/// those of [`snake_ident`], with a `V` prefix before a leading digit.
pub fn pascal_ident(name: &str, fallback: &str) -> String {
    let ident = match ascii_words(name) {
        Some(words) => join_words(&words, "", capitalize),
        None => ident_words(name).to_upper_camel_case(),
    };
    finish(ident, fallback, "V")
}

/// Names the enum variant of the string `value`, such as `InStock` for `in_stock`. A leading
/// sign is spelled, so `+1` and `-1` give `Plus1` and `Minus1`. A value without letters or
/// digits is spelled out (`*/` gives `AsteriskSlash`), and only the empty string is `Empty`.
pub fn variant_ident(value: &str) -> String {
    if has_letter_or_digit(value) {
        pascal_ident(&spell_sign(value), "Empty")
    } else {
        pascal_ident(value, "Empty")
    }
}

/// Spells a leading sign as a word, so that `+1` and `-1` get distinct names.
fn spell_sign(value: &str) -> String {
    if let Some(rest) = value.strip_prefix('+') {
        format!("plus {rest}")
    } else if let Some(rest) = value.strip_prefix('-') {
        format!("minus {rest}")
    } else {
        value.to_owned()
    }
}

/// Converts `name` to UpperCamelCase ASCII, such as `Grüße API` to `GrusseApi`, as
/// [`pascal_ident`] does but with no fallback, prefix or escape. So the result may start with
/// a digit or be a keyword, and it is empty when `name` has no letter or digit.
pub fn pascal_words(name: &str) -> String {
    match ascii_words(name) {
        Some(words) => join_words(&words, "", capitalize),
        None => words(name).to_upper_camel_case(),
    }
}

/// Converts `name` to UpperCamelCase for the start of a longer type name, such as `self` to
/// the `Self` of `SelfRequest`. The rules are those of [`pascal_ident`], except that a keyword
/// keeps its spelling: an escaping `_` would break the UpperCamelCase lint in `Self_Request`.
pub fn pascal_prefix(name: &str, fallback: &str) -> String {
    let ident = pascal_ident(name, fallback);
    match ident.strip_suffix('_') {
        Some(keyword) if KEYWORDS.contains(&keyword) => keyword.to_owned(),
        _ => ident,
    }
}

/// Converts `name` to the prefix of the types named after it, as [`pascal_prefix`] does, cut
/// to [`MAX_PREFIX_CHARS`]. Identifiers are ASCII, so any byte is a character boundary. Two
/// long names may then give the same prefix, so callers must claim the types in a
/// [`NameScope`].
pub fn type_prefix(name: &str, fallback: &str) -> String {
    let mut prefix = pascal_prefix(name, fallback);
    prefix.truncate(MAX_PREFIX_CHARS);
    prefix
}

/// Returns the words of `name` as heck splits them, when `name` is ASCII and has a letter or
/// digit: each run of letters and digits, cut again before an uppercase letter that follows a
/// lowercase one, and before the last of several uppercase letters when a lowercase one
/// follows, so `HTTPServer` gives `HTTP` and `Server`. A digit keeps the case of the letter
/// before it. heck writes a character at a time through `fmt`, which made converting names a
/// fifth of the resolve stage on a large spec.
fn ascii_words(name: &str) -> Option<Vec<&str>> {
    if !name.is_ascii() || !name.bytes().any(|byte| byte.is_ascii_alphanumeric()) {
        return None;
    }
    let mut words = Vec::new();
    let runs = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|run| !run.is_empty());
    for run in runs {
        let bytes = run.as_bytes();
        let mut start = 0;
        // Whether the last cased letter since the word's start is uppercase. It is `None`
        // before the first one.
        let mut upper: Option<bool> = None;
        for (index, pair) in bytes.windows(2).enumerate() {
            let (current, next) = (pair[0], pair[1]);
            let cased = if current.is_ascii_alphabetic() {
                Some(current.is_ascii_uppercase())
            } else {
                upper
            };
            if cased == Some(false) && next.is_ascii_uppercase() {
                words.push(&run[start..=index]);
                start = index + 1;
                upper = None;
            } else if upper == Some(true)
                && current.is_ascii_uppercase()
                && next.is_ascii_lowercase()
            {
                words.push(&run[start..index]);
                start = index;
                upper = None;
            } else {
                upper = cased;
            }
        }
        words.push(&run[start..]);
    }
    Some(words)
}

/// Joins `words`, each changed by `convert`, with `separator` between them.
fn join_words(words: &[&str], separator: &str, convert: impl Fn(&str) -> String) -> String {
    let mut joined = String::new();
    for word in words {
        if !joined.is_empty() {
            joined.push_str(separator);
        }
        joined.push_str(&convert(word));
    }
    joined
}

/// Returns the ASCII `word` in lowercase with its first letter in uppercase.
fn capitalize(word: &str) -> String {
    let mut capitalized = word.to_ascii_lowercase();
    capitalized[..1].make_ascii_uppercase();
    capitalized
}

/// Splits `name` into ASCII words: letters with accents and other scripts are transliterated
/// (`café` to `cafe`), and every other character separates words.
fn words(name: &str) -> String {
    deunicode::deunicode(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Returns whether `name` has a letter or digit, after transliteration to ASCII.
fn has_letter_or_digit(name: &str) -> bool {
    words(name).chars().any(|c| c.is_ascii_alphanumeric())
}

/// Splits `name` into the words of an identifier: those of [`words`], or the names of its
/// characters when it has no letter or digit. So `*/` and `#` get names that differ from each
/// other and from the fallback of an empty name.
pub fn ident_words(name: &str) -> String {
    let words = words(name);
    if words.chars().any(|c| c.is_ascii_alphanumeric()) {
        words
    } else {
        spell_symbols(name)
    }
}

/// Spells out each character of `name` as one or more words: `*/` gives `asterisk slash`.
/// ASCII punctuation, the space, tab, line feed and carriage return have names, and any other
/// character is written as its Unicode code point, such as `u2605` for `★`.
fn spell_symbols(name: &str) -> String {
    let mut spelled = String::new();
    for c in name.chars() {
        if !spelled.is_empty() {
            spelled.push(' ');
        }
        match symbol_name(c) {
            Some(word) => spelled.push_str(word),
            None => spelled.push_str(&format!("u{:04x}", u32::from(c))),
        }
    }
    spelled
}

/// Returns the usual English name of an ASCII punctuation or whitespace character.
fn symbol_name(c: char) -> Option<&'static str> {
    let name = match c {
        ' ' => "space",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '!' => "exclamation mark",
        '"' => "quotation mark",
        '#' => "hash",
        '$' => "dollar",
        '%' => "percent",
        '&' => "ampersand",
        '\'' => "apostrophe",
        '(' => "left parenthesis",
        ')' => "right parenthesis",
        '*' => "asterisk",
        '+' => "plus",
        ',' => "comma",
        '-' => "minus",
        '.' => "dot",
        '/' => "slash",
        ':' => "colon",
        ';' => "semicolon",
        '<' => "less than",
        '=' => "equals",
        '>' => "greater than",
        '?' => "question mark",
        '@' => "at",
        '[' => "left bracket",
        '\\' => "backslash",
        ']' => "right bracket",
        '^' => "caret",
        '_' => "underscore",
        '`' => "backtick",
        '{' => "left brace",
        '|' => "vertical bar",
        '}' => "right brace",
        '~' => "tilde",
        _ => return None,
    };
    Some(name)
}

/// Returns a unique snake_case name for each of `wire_names`, in order. Names that are already
/// snake_case identifiers claim themselves first, so `foo_bar` keeps its name even when
/// `fooBar` comes before it.
pub fn unique_snake_names(wire_names: &[&str], fallback: &str) -> Vec<String> {
    let candidates: Vec<String> = wire_names
        .iter()
        .map(|name| snake_ident(name, fallback))
        .collect();
    let mut scope = NameScope::default();
    let mut names: Vec<Option<String>> = vec![None; wire_names.len()];
    for (index, candidate) in candidates.iter().enumerate() {
        if candidate == wire_names[index] {
            names[index] = Some(scope.claim(candidate.clone()));
        }
    }
    names
        .into_iter()
        .zip(candidates)
        .map(|(name, candidate)| name.unwrap_or_else(|| scope.claim(candidate)))
        .collect()
}

/// Cuts an identifier to [`MAX_FILE_IDENT_CHARS`]; identifiers are ASCII, so any byte is a
/// character boundary.
pub fn shorten(ident: &mut String) {
    ident.truncate(MAX_FILE_IDENT_CHARS);
}

fn finish(ident: String, fallback: &str, digit_prefix: &str) -> String {
    let mut ident = if ident.is_empty() {
        fallback.to_owned()
    } else {
        ident
    };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, digit_prefix);
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Returns whether `name` is an ASCII Rust identifier: a letter or `_` followed by letters,
/// digits and `_`, and not `_` alone. Keywords count as identifiers here, because
/// `proc_macro2::Ident::new` accepts them.
pub fn is_ascii_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_');
    starts_well && name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Returns `name` unchanged when [`is_ascii_ident`] accepts it, else a valid identifier made
/// from it: every other character becomes `_`, and a leading digit or an empty result gets a
/// `v` prefix.
pub fn repair_ident(name: &str) -> String {
    if is_ascii_ident(name) {
        return name.to_owned();
    }
    let mut ident: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !ident.starts_with(|c: char| c.is_ascii_alphabetic()) {
        ident.insert(0, 'v');
    }
    ident
}

/// Hands out names unique within one scope, suffixing `2`, `3`, ... on a collision.
#[derive(Debug, Default)]
pub struct NameScope {
    taken: BTreeSet<String>,
    /// For each stem with its separator, the number to try first on its next collision. Every
    /// lower number is taken, so thousands of names with one stem take linear time.
    next_number: HashMap<String, u64>,
}

impl NameScope {
    /// Creates a scope in which `reserved` names are already taken.
    pub fn with_reserved<I>(reserved: I) -> NameScope
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        NameScope {
            taken: reserved
                .into_iter()
                .map(|name| name.as_ref().to_owned())
                .collect(),
            next_number: HashMap::new(),
        }
    }

    /// Returns `candidate`, or the first of `candidate2`, `candidate3`, ... not yet taken. The
    /// `_` that escapes a keyword goes before the number, because `Self_2` would break the
    /// UpperCamelCase lint where `Self2` does not.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let stem = candidate.strip_suffix('_').unwrap_or(&candidate);
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let prefix = format!("{stem}{separator}");
        let mut number = self.next_number.get(&prefix).copied().unwrap_or(2);
        loop {
            let name = format!("{prefix}{number}");
            number += 1;
            if self.taken.insert(name.clone()) {
                self.next_number.insert(prefix, number);
                return name;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name of up to four characters from an alphabet of letters in both cases, digits
    /// and separators converts as heck converts it.
    #[test]
    fn ascii_words_convert_as_heck_does() {
        let alphabet = ['a', 'z', 'B', 'Q', '0', '9', '_', '-', ' '];
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            names.extend(longer);
        }
        names.extend(
            [
                "organization_id",
                "HTTPServer",
                "switchScopes",
                "Gram-Session",
                "getV2Users",
                "ABC1def",
                "aB1Cd",
                "XMLHttpRequest2",
                "v2_name",
                "2fa_verify",
                "x-api-key",
                "a__b_",
            ]
            .map(String::from),
        );
        for name in &names {
            assert_eq!(
                snake_ident(name, "field"),
                finish(ident_words(name).to_snake_case(), "field", "v"),
                "snake_ident({name:?})"
            );
            assert_eq!(
                pascal_ident(name, "Model"),
                finish(ident_words(name).to_upper_camel_case(), "Model", "V"),
                "pascal_ident({name:?})"
            );
            assert_eq!(
                pascal_words(name),
                words(name).to_upper_camel_case(),
                "pascal_words({name:?})"
            );
        }
    }

    #[test]
    fn snake_ident_splits_on_punctuation() {
        assert_eq!(snake_ident("Gram-Session", "field"), "gram_session");
        assert_eq!(
            snake_ident("session_header_Gram-Session", "field"),
            "session_header_gram_session"
        );
        assert_eq!(snake_ident("switchScopes", "field"), "switch_scopes");
    }

    #[test]
    fn snake_ident_escapes_keywords_and_digits() {
        assert_eq!(snake_ident("type", "field"), "type_");
        assert_eq!(snake_ident("2fa", "field"), "v2fa");
        assert_eq!(snake_ident("_2fa_verify", "call"), "v2fa_verify");
        assert_eq!(snake_ident("", "field"), "field");
    }

    #[test]
    fn names_without_letters_are_spelled() {
        assert_eq!(snake_ident("$$", "field"), "dollar_dollar");
        assert_eq!(snake_ident("*/", "field"), "asterisk_slash");
        assert_eq!(snake_ident("_", "field"), "underscore");
        assert_eq!(snake_ident("\t", "field"), "tab");
        assert_eq!(pascal_ident("<=>", "Value"), "LessThanEqualsGreaterThan");
        assert_eq!(pascal_ident("★", "Value"), "U2605");
        assert_eq!(pascal_ident("\u{7}", "Value"), "U0007");
        assert_eq!(pascal_ident("", "Value"), "Value");
    }

    #[test]
    fn variant_ident_spells_signs_and_punctuation() {
        let cases = [
            ("in_stock", "InStock"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("-", "Minus"),
            ("-*", "MinusAsterisk"),
            ("*/", "AsteriskSlash"),
            ("`", "Backtick"),
            ("a b", "AB"),
            ("#[x]", "X"),
            ("\u{7}", "U0007"),
            (" ", "Space"),
            ("", "Empty"),
        ];
        for (value, expected) in cases {
            assert_eq!(variant_ident(value), expected, "{value:?}");
        }
    }

    #[test]
    fn every_ascii_symbol_has_a_name() {
        let symbols = (' '..='~').filter(|c| !c.is_ascii_alphanumeric());
        for symbol in symbols {
            let name = symbol_name(symbol).unwrap_or_else(|| panic!("{symbol:?}"));
            assert!(
                name.chars().all(|c| c == ' ' || c.is_ascii_lowercase()),
                "{name}"
            );
        }
    }

    #[test]
    fn repair_ident_makes_any_name_valid() {
        assert_eq!(repair_ident("Auth"), "Auth");
        assert_eq!(repair_ident("_x"), "_x");
        assert_eq!(repair_ident("123ServiceDocs"), "v123ServiceDocs");
        assert_eq!(repair_ident("a-b c"), "a_b_c");
        assert_eq!(repair_ident("_"), "v_");
        assert_eq!(repair_ident(""), "v");
        assert_eq!(repair_ident("授权"), "v__");
        for name in ["123", "", "_", "a b", "é", "-", "9lives"] {
            assert!(is_ascii_ident(&repair_ident(name)), "{name:?}");
        }
    }

    #[test]
    fn pascal_ident_escapes_keywords_and_digits() {
        assert_eq!(pascal_ident("self", "Value"), "Self_");
        assert_eq!(pascal_ident("2fa", "Value"), "V2fa");
        assert_eq!(
            pascal_ident("info_response-body", "Value"),
            "InfoResponseBody"
        );
    }

    #[test]
    fn exact_names_claim_first() {
        let names = unique_snake_names(&["fooBar", "foo_bar", "FOO_BAR"], "field");
        assert_eq!(names, ["foo_bar2", "foo_bar", "foo_bar3"]);
    }

    #[test]
    fn accents_are_transliterated() {
        assert_eq!(snake_ident("café", "field"), "cafe");
        assert_eq!(pascal_ident("Größe", "Model"), "Grosse");
    }

    #[test]
    fn type_ident_avoids_prelude() {
        assert_eq!(type_ident("option", "Model"), "OptionModel");
        assert_eq!(type_ident("Error", "Model"), "Error");
    }

    #[test]
    fn long_type_prefixes_are_cut() {
        let name = "o".repeat(300);
        assert_eq!(type_prefix(&name, "Call").len(), MAX_PREFIX_CHARS);
        assert_eq!(pascal_prefix(&name, "Call").len(), 300);
    }

    #[test]
    fn long_type_names_are_cut() {
        let name = "segment ".repeat(50);
        assert_eq!(type_ident(&name, "Model").len(), MAX_FILE_IDENT_CHARS);
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = NameScope::with_reserved(&["models"]);
        assert_eq!(scope.claim("models".into()), "models2");
        assert_eq!(scope.claim("user".into()), "user");
        assert_eq!(scope.claim("user".into()), "user2");
        assert_eq!(scope.claim("v1".into()), "v1");
        assert_eq!(scope.claim("v1".into()), "v1_2");
    }

    /// A name that a collision would give, taken first, is skipped, and the count goes on
    /// from the last number given.
    #[test]
    fn scope_skips_taken_numbers() {
        let mut scope = NameScope::with_reserved(&["a3"]);
        let names: Vec<String> = (0..5).map(|_| scope.claim("a".into())).collect();
        assert_eq!(names, ["a", "a2", "a4", "a5", "a6"]);
        assert_eq!(scope.claim("a5".into()), "a5_2");
        assert_eq!(scope.claim("a7".into()), "a7");
        assert_eq!(scope.claim("a".into()), "a8");
    }

    #[test]
    fn crate_modules_and_client_methods_are_reserved_modules() {
        for module in ["headers", "send", "servers", "lib", "tokio", "default"] {
            assert!(is_reserved_module(module), "{module}");
        }
        for method in [
            "builder",
            "new",
            "into",
            "try_into",
            "main",
            "server_url",
            "server_variables",
            "call",
            "clone",
        ] {
            assert!(is_reserved_module(method), "{method}");
        }
        assert!(!is_reserved_module("auth"));
    }

    #[test]
    fn dependencies_are_reserved_modules() {
        for name in crate::emit::cargo::dependency_names() {
            let library = name.replace('-', "_");
            assert!(is_reserved_module(&library), "{library}");
        }
    }

    #[test]
    fn client_names_in_scope_are_reserved() {
        let names = [
            "Arc", "BTreeMap", "Call", "Duration", "Fn", "Into", "Send", "Sync",
        ];
        for name in names {
            assert!(is_reserved_client_name(name), "{name}");
        }
        assert!(is_reserved_client_name("Self"));
        assert!(is_reserved_client_name("AuthServiceDocs"));
        assert!(!is_reserved_client_name("Gram"));
        assert!(!is_reserved_client_name("SendClient"));
    }

    #[test]
    fn with_reserved_takes_strings() {
        let reserved = vec!["new".to_owned()];
        let mut scope = NameScope::with_reserved(&reserved);
        assert_eq!(scope.claim("new".into()), "new2");
    }

    #[test]
    fn escaped_keywords_number_without_underscore() {
        let mut scope = NameScope::default();
        assert_eq!(scope.claim(pascal_ident("self", "Value")), "Self_");
        assert_eq!(scope.claim(pascal_ident("Self", "Value")), "Self2");
        assert_eq!(scope.claim(snake_ident("type", "field")), "type_");
        assert_eq!(scope.claim(snake_ident("type", "field")), "type2");
    }

    #[test]
    fn pascal_prefix_keeps_keywords() {
        assert_eq!(pascal_prefix("self", "Call"), "Self");
        assert_eq!(pascal_prefix("self_", "Call"), "Self");
        assert_eq!(pascal_prefix("get_item", "Call"), "GetItem");
        assert_eq!(pascal_prefix("2fa", "Call"), "V2fa");
    }
}
