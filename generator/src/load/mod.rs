//! Reads an OpenAPI 3.0 document from YAML or JSON.
//!
//! The text is parsed into a generic value first, so that a syntax error, a wrong `openapi`
//! version and a value of the wrong shape each get their own message with a JSON pointer.

mod clamped;
mod duplicates;
mod keys;
mod keywords;
mod limits;
mod locate;
mod merge;
mod openapi;
mod pointer;
mod schemas;
mod split;
mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use limits::{MAX_ENUM_VALUES, MAX_NAME_BYTES, MAX_NESTING, MAX_SPEC_BYTES, quoted};
pub use pointer::{escape_pointer_token, pointer_of, unescape_pointer_token};

use crate::{Error, SpecError};

/// A parsed spec and where it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The spec, as `openapiv3` reads it.
    pub openapi: openapiv3::OpenAPI,
    /// The spec's path as shown in messages.
    pub file: PathBuf,
    /// The integers beyond 64 bits that the reader clamped to `i64::MIN` or `u64::MAX` in
    /// `openapi`, by JSON pointer, with the digits the spec writes.
    pub clamped_integers: BTreeMap<String, String>,
    /// The JSON pointers of the `enum` lists without a value, which `openapiv3` reads as no
    /// `enum`.
    pub empty_enums: Vec<String>,
}

impl Document {
    /// Builds a [`SpecError`] about the value at `pointer` in this document.
    pub fn error(&self, pointer: &str, reason: impl Into<String>, fix: &str) -> SpecError {
        SpecError {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            reason: reason.into(),
            fix: fix.to_owned(),
        }
    }
}

/// Reads and parses the spec at `path`; `label` is how messages name the file.
///
/// # Errors
///
/// Returns [`Error::Io`] when the file cannot be read, and [`Error::Spec`] when it is not YAML
/// or JSON, is not an OpenAPI 3.0 document, or has a value of the wrong shape.
pub fn load_spec(path: &Path, label: &str) -> Result<Document, Error> {
    // A regular file over the size limit is rejected before it is read into memory.
    if let Ok(metadata) = std::fs::metadata(path) {
        let length = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
        limits::check_size(length).map_err(|violation| spec_error(Path::new(label), violation))?;
    }
    let bytes = read_bounded(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        action: "reading the spec",
        source,
    })?;
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(spec_error(Path::new(label), limits::stream_too_long()));
    }
    let text = String::from_utf8(bytes)
        .map_err(|error| not_utf8_error(Path::new(label), error.as_bytes(), error.utf8_error()))?;
    parse_spec(&text, Path::new(label))
}

/// Reads the file at `path` up to one byte past [`MAX_SPEC_BYTES`]. A FIFO, a device such as
/// `/dev/zero` or a pipe of the shell reports no size beforehand and may never end, so the
/// limit holds only when the read itself stops.
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;

    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Builds the error of a spec that is not UTF-8, naming the first invalid byte by its offset,
/// line and column. The YAML and JSON parsers here read only UTF-8.
fn not_utf8_error(file: &Path, bytes: &[u8], error: std::str::Utf8Error) -> Error {
    let offset = error.valid_up_to();
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |newline| newline + 1);
    // Columns count characters, and the bytes before `offset` are valid UTF-8.
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let is_utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let reason = if is_utf16 {
        "the file is not UTF-8: it starts with the byte order mark of UTF-16".to_owned()
    } else {
        format!(
            "the file is not UTF-8: byte 0x{:02X} at offset {offset} (line {line}, column {column}) is invalid",
            bytes[offset]
        )
    };
    Error::Spec(vec![SpecError {
        file: file.to_owned(),
        pointer: "#".to_owned(),
        reason,
        fix: "save the file as UTF-8, or correct the text at that place".to_owned(),
    }])
}

/// Parses spec text; `file` is how messages name it.
///
/// # Errors
///
/// As [`load_spec`], less the file read.
pub fn parse_spec(text: &str, file: &Path) -> Result<Document, Error> {
    let fail = |pointer: &str, reason: String, fix: &str| {
        Error::Spec(vec![SpecError {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            reason,
            fix: fix.to_owned(),
        }])
    };

    limits::check_size(text.len()).map_err(|violation| spec_error(file, violation))?;
    // Editors on Windows may start a UTF-8 file with a byte order mark, which serde_yaml reads
    // as the start of a second document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut value = parse_text(text).map_err(|failure| match failure {
        ParseFailure::Syntax(reason) => match limits::nesting_reason(&reason) {
            Some(reason) => fail(
                "#",
                reason,
                "move nested schemas into #/components/schemas and refer to them with $ref",
            ),
            // serde_json 1.0 rejects a number beyond the range of an f64 as it parses, before any
            // pointer is known.
            None if reason.contains("number out of range") => fail("#", reason, F64_RANGE_FIX),
            // serde_yaml stops expanding aliases past a limit, so that a few lines cannot
            // expand to gigabytes.
            None if reason.contains("repetition limit exceeded") => fail(
                "#",
                format!("the YAML aliases expand to too many values ({reason})"),
                "write the repeated part once under #/components and refer to it with $ref",
            ),
            None => {
                let long_keys = if is_json(text) {
                    Vec::new()
                } else {
                    limits::long_yaml_keys(text)
                };
                if long_keys.is_empty() {
                    return fail("#", reason, "fix the syntax there");
                }
                let errors = long_keys
                    .into_iter()
                    .map(|violation| to_spec_error(file, violation))
                    .collect();
                Error::Spec(errors)
            }
        },
        ParseFailure::DuplicateKey(duplicate) => duplicate_key_error(duplicate, fail),
    })?;
    // NOTE: a merge key is the plain scalar `<<`, so a text without those two characters has
    // none, and the walk over every mapping is skipped.
    if !is_json(text) && text.contains("<<") {
        merge::apply_merge_keys(&mut value).map_err(|(pointer, reason)| {
            fail(
                &pointer,
                reason,
                "give `<<` an alias of a mapping, such as `<<: *base`, or write the keys out",
            )
        })?;
    }

    check_version(&value).map_err(|(pointer, reason)| {
        fail(
            pointer,
            reason,
            "give an OpenAPI 3.0.x document (`openapi: 3.0.3`)",
        )
    })?;

    // NOTE: the schemas are checked one by one before the document is deserialized whole.
    // openapiv3's untagged schema enums retry the nested content of an invalid schema at each
    // level, so a whole deserialization of an invalid, deeply nested schema from the fuzz
    // regression corpus ran for over 15 minutes.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let read = |value: &Value| {
        if let Some(violation) = schemas::first_invalid_schema(value, threads) {
            return Err(violation);
        }
        Ok(openapi::deserialize_openapi(value, threads))
    };
    // The walks over the whole value run beside the schema check and the deserialization,
    // which do not keep both cores busy. Their violations are reported first, as if they had
    // run before.
    let (walked, read) = std::thread::scope(|scope| {
        let walks = std::thread::Builder::new()
            .name("spec-walker".to_owned())
            .stack_size(crate::GENERATION_STACK_BYTES)
            .spawn_scoped(scope, || walk(text, &value));
        let read = read(&value);
        let walked = match walks {
            Ok(walks) => walks
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => walk(text, &value),
        };
        (walked, read)
    });
    let walked = walked.map_err(|violations| {
        let errors = violations
            .into_iter()
            .map(|violation| to_spec_error(file, violation))
            .collect();
        Error::Spec(errors)
    })?;
    // Tracking the path costs time on every value, so it runs only after a plain
    // deserialization has failed.
    let openapi = read
        .map_err(|violation| spec_error(file, violation))?
        .map_err(|error| shape_error(&value, error.to_string(), fail))?;
    let Walked {
        clamped_integers,
        empty_enums,
    } = walked;
    crate::drop_in_background(value);
    Ok(Document {
        openapi,
        file: file.to_owned(),
        clamped_integers,
        empty_enums,
    })
}

/// The findings of the walks over the whole value, when its names and keys are within the
/// limits.
struct Walked {
    clamped_integers: BTreeMap<String, String>,
    empty_enums: Vec<String>,
}

/// Checks the names and keys of `value`, parsed from `text`, and finds its clamped integers and
/// empty `enum` lists. Returns the violations when a name or key breaks a limit or a `$ref` is
/// not a string.
fn walk(text: &str, value: &Value) -> Result<Walked, Vec<limits::Violation>> {
    let mut violations = limits::check_names(value);
    violations.extend(keys::check_keys(value));
    if !violations.is_empty() {
        return Err(violations);
    }
    let faults = keywords::find_keyword_faults(value);
    if !faults.invalid_refs.is_empty() {
        return Err(faults
            .invalid_refs
            .iter()
            .map(|pointer| invalid_ref_violation(value, pointer))
            .collect());
    }
    let clamped_integers = if is_json(text) {
        BTreeMap::new()
    } else {
        clamped::find_clamped(text, value)
    };
    Ok(Walked {
        clamped_integers,
        empty_enums: faults.empty_enums,
    })
}

/// Returns the violation of the `$ref` at `pointer` in `document`, whose value is not a string.
fn invalid_ref_violation(document: &Value, pointer: &str) -> limits::Violation {
    let written = pointer
        .strip_prefix('#')
        .and_then(|path| document.pointer(path))
        .map_or_else(|| "another value".to_owned(), schemas::kind_of);
    limits::Violation {
        pointer: pointer.to_owned(),
        reason: format!("`$ref` takes a string, not {written}"),
        fix: "write the reference as a string, such as `$ref: '#/components/schemas/Pet'`"
            .to_owned(),
    }
}

/// Builds the error of a key that appears twice in one mapping.
fn duplicate_key_error(
    duplicate: duplicates::DuplicateKey,
    fail: impl Fn(&str, String, &str) -> Error,
) -> Error {
    let line = duplicate
        .line
        .map(|line| format!(" at line {line}"))
        .unwrap_or_default();
    fail(
        &duplicate.pointer,
        format!(
            "duplicate key {:?}{line}, so one entry would silently replace the other",
            duplicate.key
        ),
        "remove one of the two entries, or merge them into one",
    )
}

const SHAPE_FIX: &str = "correct the value to match the OpenAPI 3.0 specification";

/// Returns the fix of a value that the deserializer rejected with `reason`, where `key` is the
/// value's key when it is known. A number or boolean where a string belongs, such as
/// `version: 1.0`, is almost always text that was read as a number because it has no quotes.
fn shape_fix(key: Option<&str>, reason: &str) -> String {
    let Some(shown) = unquoted_scalar(reason) else {
        return SHAPE_FIX.to_owned();
    };
    if let Some(key) = key
        && let Some(values) = keyword_values(key)
    {
        return format!("write one of the values that `{key}` takes: {values}");
    }
    let read_as = if reason.contains("boolean `") {
        "a boolean"
    } else {
        "a number"
    };
    let example = match key {
        Some(key) if !key.bytes().all(|byte| byte.is_ascii_digit()) => {
            format!("{key}: \"{shown}\"")
        }
        _ => format!("\"{shown}\""),
    };
    format!(
        "quote the value as written, such as `{example}`, because without quotes {shown} is \
         read as {read_as}, not a string"
    )
}

/// Returns the values of a key that takes a fixed set of words, for which quoting a number or
/// boolean gives no valid value.
fn keyword_values(key: &str) -> Option<&'static str> {
    match key {
        "type" => Some(
            "string, number, integer, boolean, array or object for a schema, or apiKey, http, \
             oauth2 or openIdConnect for a security scheme",
        ),
        "in" => Some("query, header, path or cookie"),
        "style" => Some("form, simple, label, matrix, spaceDelimited, pipeDelimited or deepObject"),
        _ => None,
    }
}

/// Returns the value of a deserializer message about a number or boolean where a string
/// belongs, such as `1.0` in "invalid type: floating point `1.0`, expected a string".
fn unquoted_scalar(reason: &str) -> Option<&str> {
    let rest = ["floating point `", "integer `", "boolean `"]
        .iter()
        .find_map(|kind| reason.strip_prefix("invalid type: ")?.strip_prefix(kind))?;
    let (shown, expected) = rest.split_once('`')?;
    expected.contains("expected a string").then_some(shown)
}

/// The fix of a number beyond the range of an `f64`, which no OpenAPI field takes.
const F64_RANGE_FIX: &str =
    "write a number between -1.7976931348623157e308 and 1.7976931348623157e308";

/// Builds the error of a document that does not deserialize into `openapiv3` types, naming the
/// innermost value at fault. `reason` is the deserializer's message without a path.
fn shape_error(value: &Value, reason: String, fail: impl Fn(&str, String, &str) -> Error) -> Error {
    let (pointer, reason) = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Err(error) => {
            let tokens = error.path().iter().filter_map(segment_token).collect();
            locate::locate(value, tokens, error.inner().to_string())
        }
        Ok(_) => ("#".to_owned(), reason),
    };
    if let Some((pointer, reason, fix)) = locate::keyword_at_fault(value, &pointer) {
        return fail(
            &pointer,
            format!("invalid OpenAPI 3.0 value: {reason}"),
            &fix,
        );
    }
    if let Some((reason, fix)) = missing_field(&reason) {
        return fail(&pointer, reason, &fix);
    }
    let key = pointer
        .rsplit_once('/')
        .map(|(_, key)| unescape_pointer_token(key));
    let fix = shape_fix(key.as_deref(), &reason);
    fail(
        &pointer,
        format!("invalid OpenAPI 3.0 value: {reason}"),
        &fix,
    )
}

/// Required fields of OpenAPI 3.0 objects, each with an example of the field to add.
const REQUIRED_FIELDS: &[(&str, &str)] = &[
    ("openapi", "openapi: 3.0.3"),
    ("info", "info: {title: Pets, version: '1.0'}"),
    ("paths", "paths: {}"),
    ("title", "title: Pets"),
    ("version", "version: '1.0'"),
    ("responses", "responses: {'200': {description: OK}}"),
    ("description", "description: OK"),
    ("name", "name: id"),
    ("in", "in: query"),
    (
        "content",
        "content: {application/json: {schema: {type: object}}}",
    ),
    ("url", "url: https://api.example.com"),
];

/// Returns the reason and fix of a deserializer message about a field that an object lacks.
/// serde writes "missing field `description`", and `openapiv3` reports a parameter without
/// `schema` or `content` as no variant of its enum.
fn missing_field(reason: &str) -> Option<(String, String)> {
    if reason.contains("ParameterSchemaOrContent") {
        return Some((
            "the parameter has neither `schema` nor `content`, and needs one".to_owned(),
            "add a schema, such as `schema: {type: string}`".to_owned(),
        ));
    }
    let field = reason.strip_prefix("missing field `")?.split_once('`')?.0;
    let fix = match REQUIRED_FIELDS.iter().find(|(name, _)| *name == field) {
        Some((_, example)) => format!("add `{field}`, such as `{example}`"),
        None => format!("add `{field}`"),
    };
    Some((
        format!("`{field}` is missing, and OpenAPI 3.0 requires it here"),
        fix,
    ))
}

fn to_spec_error(file: &Path, violation: limits::Violation) -> SpecError {
    SpecError {
        file: file.to_owned(),
        pointer: violation.pointer,
        reason: violation.reason,
        fix: violation.fix,
    }
}

fn spec_error(file: &Path, violation: limits::Violation) -> Error {
    Error::Spec(vec![to_spec_error(file, violation)])
}

fn segment_token(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment;

    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }
}

fn check_version(value: &Value) -> Result<(), (&'static str, String)> {
    let Value::Object(root) = value else {
        return Err(("#", "the document is not a mapping".to_owned()));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err((
            "#/swagger",
            format!("Swagger {} documents are not OpenAPI 3.0", display(swagger)),
        ));
    }
    let Some(version) = root.get("openapi") else {
        return Err(("#/openapi", "missing `openapi` version field".to_owned()));
    };
    let Some(version) = version.as_str() else {
        return Err((
            "#/openapi",
            format!("`openapi` is {}, not a version string", display(version)),
        ));
    };
    if !version.starts_with("3.0.") && version != "3.0" {
        return Err((
            "#/openapi",
            format!("unsupported OpenAPI version {version:?}; only 3.0.x is read"),
        ));
    }
    Ok(())
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    }
}

/// Parses spec text: as JSON when it starts with `{`, because YAML parsers reject some valid
/// JSON (such as escaped surrogate pairs), and as YAML otherwise.
fn parse_text(text: &str) -> Result<Value, ParseFailure> {
    let json = is_json(text);
    if !json && text.len() >= split::MIN_SPLIT_BYTES {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        if let Some(value) = split::parse_in_pieces(text, threads) {
            return Ok(value);
        }
    }
    let parsed = if json {
        serde_json::from_str::<yaml::JsonFromYaml>(text)
            .map_err(|error| format!("invalid JSON: {error}"))
    } else {
        serde_yaml::from_str::<yaml::JsonFromYaml>(text)
            .map_err(|error| format!("invalid YAML or JSON: {error}"))
    };
    let reason = match parsed {
        Ok(value) => return Ok(value.0),
        Err(reason) => reason,
    };

    if !reason.contains(yaml::DUPLICATE_KEY) {
        return Err(ParseFailure::Syntax(reason));
    }
    let duplicate = if json {
        duplicates::find_in_json(text)
    } else {
        duplicates::find_in_yaml(text)
    };
    // The locating parse applies the same rules for keys as the first, so it finds the same
    // duplicate. When the parser's message only quotes those words, it finds none and that
    // message is returned.
    Err(duplicate.map_or(ParseFailure::Syntax(reason), ParseFailure::DuplicateKey))
}

/// Tells whether spec text is JSON, which starts with `{`, rather than YAML.
fn is_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Lists the files directly in `folder` whose extension is one of `extensions`, sorted, or
/// none when the folder cannot be read.
#[cfg(test)]
pub(crate) fn files_with_extensions(folder: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| extensions.contains(&extension))
        })
        .collect();
    files.sort();
    files
}

/// Failure to parse spec text.
enum ParseFailure {
    /// Invalid YAML or JSON, or nesting beyond the parser's limit, with the parser's message.
    Syntax(String),
    /// A key that appears twice in one mapping.
    DuplicateKey(duplicates::DuplicateKey),
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL_JSON: &str = r#"{
        "openapi": "3.0.3",
        "info": {"title": "Emoji \ud83d\udc4d", "version": "1"},
        "paths": {}
    }"#;

    #[test]
    fn json_with_surrogate_escapes_loads() {
        let document = parse_spec(MINIMAL_JSON, Path::new("spec.json")).expect("loads");
        assert_eq!(document.openapi.info.title, "Emoji \u{1f44d}");
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let yaml = "\u{feff}openapi: 3.0.3\ninfo:\n  title: Marked\n  version: '1'\npaths: {}\n";
        let document = parse_spec(yaml, Path::new("spec.yaml")).expect("YAML loads");
        assert_eq!(document.openapi.info.title, "Marked");

        let json = format!("\u{feff}{MINIMAL_JSON}");
        let document = parse_spec(&json, Path::new("spec.json")).expect("JSON loads");
        assert_eq!(document.openapi.info.title, "Emoji \u{1f44d}");
    }

    #[test]
    fn invalid_json_names_json() {
        let error = parse_spec("{\"openapi\": ", Path::new("spec.json")).unwrap_err();
        assert!(error.to_string().contains("invalid JSON"), "{error}");
    }

    #[test]
    fn wrong_shape_in_json_names_pointer() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": 5}}}}}}"#;
        let error = parse_spec(text, Path::new("spec.json")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("#/paths/~1a/get/responses/200/description"),
            "{message}"
        );
        assert!(message.contains("invalid OpenAPI 3.0 value"), "{message}");
    }

    #[test]
    fn number_for_schema_string_says_to_quote() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    Year:\n      type: string\n      title: 2024\n";
        let message = parse_spec(text, Path::new("spec.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("spec.yaml: #/components/schemas/Year/title: "),
            "{message}"
        );
        assert!(message.contains("such as `title: \"2024\"`"), "{message}");
    }

    /// YAML caps a key written without `?` at 1024 characters, so its parser fails on a longer
    /// one before the key checks run. The error is still the key limit's.
    #[test]
    fn long_yaml_key_gets_limit_error() {
        let keys = [
            "k".repeat(1030),
            format!("\"{}\"", "q".repeat(1025)),
            format!("-{}", "d".repeat(1030)),
        ];
        for key in keys {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  \
                 schemas:\n    Short: {{type: string}}\n    {key}: {{type: string}}\n"
            );
            let Err(Error::Spec(errors)) = parse_spec(&text, Path::new("spec.yaml")) else {
                panic!("a spec error");
            };
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].pointer, "#/components/schemas");
            assert!(
                errors[0].reason.contains("over the limit of 1024 bytes"),
                "{}",
                errors[0].reason
            );
        }
    }

    /// serde reports a value of the wrong kind in a parameter at the parameter, so the keyword
    /// is found by the kind of value that it takes.
    #[test]
    fn parameter_wrong_kind_names_keyword() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      \
                    parameters:\n        - {name: q, in: query, required: 'yes', schema: {type: string}}\n      \
                    responses: {'204': {description: ok}}\n";
        let Err(Error::Spec(errors)) = parse_spec(text, Path::new("spec.yaml")) else {
            panic!("a spec error");
        };
        assert_eq!(errors[0].pointer, "#/paths/~1a/get/parameters/0/required");
        assert!(
            errors[0].fix.contains("`true` or `false`"),
            "{}",
            errors[0].fix
        );
    }

    /// serde reads an operation and a path item keyword by keyword and stops at the keyword,
    /// whose error then names the kind of value it takes.
    #[test]
    fn operation_wrong_kind_names_kind() {
        let cases = [
            (
                "    get:\n      tags: pets\n      responses: {'204': {description: ok}}\n",
                "#/paths/~1a/get/tags",
                "`tags` takes a list of strings, not the string \"pets\"",
                "`tags: [name]`",
            ),
            (
                "    get:\n      deprecated: 'yes'\n      responses: {'204': {description: ok}}\n",
                "#/paths/~1a/get/deprecated",
                "`deprecated` takes a boolean, not the string \"yes\"",
                "`true` or `false`",
            ),
            (
                "    parameters: {}\n",
                "#/paths/~1a/parameters",
                "`parameters` takes a list, not a mapping",
                "`parameters: [...]`",
            ),
            (
                "    get: 5\n",
                "#/paths/~1a/get",
                "`get` takes a mapping, not the number 5",
                "`get: {...}`",
            ),
        ];
        for (path_item, pointer, reason, fix) in cases {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n{path_item}"
            );
            let Err(Error::Spec(errors)) = parse_spec(&text, Path::new("spec.yaml")) else {
                panic!("a spec error for {path_item}");
            };
            assert_eq!(errors[0].pointer, pointer);
            assert!(errors[0].reason.ends_with(reason), "{}", errors[0].reason);
            assert!(errors[0].fix.contains(fix), "{}", errors[0].fix);
        }
    }

    #[test]
    fn non_string_ref_rejected() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    A: {$ref: 5}\n    B: {type: object, properties: {$ref: {type: string}}}\n";
        let Err(Error::Spec(errors)) = parse_spec(text, Path::new("spec.yaml")) else {
            panic!("a spec error");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].pointer, "#/components/schemas/A/$ref");
        assert_eq!(errors[0].reason, "`$ref` takes a string, not the number 5");
        assert!(errors[0].fix.contains("as a string"), "{}", errors[0].fix);
    }

    #[test]
    fn missing_required_field_named() {
        let cases = [
            (
                "paths:\n  /a:\n    get:\n      responses: {'200': {}}\n",
                "#/paths/~1a/get/responses/200",
                "`description` is missing",
                "`description: OK`",
            ),
            (
                "paths:\n  /a:\n    get: {summary: s}\n",
                "#/paths/~1a/get",
                "`responses` is missing",
                "`responses: {'200': {description: OK}}`",
            ),
            (
                "paths:\n  /a:\n    get:\n      parameters: [{name: q, in: query}]\n      \
                 responses: {'200': {description: OK}}\n",
                "#/paths/~1a/get/parameters/0",
                "neither `schema` nor `content`",
                "`schema: {type: string}`",
            ),
        ];
        for (paths, pointer, reason, fix) in cases {
            let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{paths}");
            let Err(Error::Spec(errors)) = parse_spec(&text, Path::new("spec.yaml")) else {
                panic!("a spec error for {paths}");
            };
            assert_eq!(errors[0].pointer, pointer);
            assert!(errors[0].reason.contains(reason), "{}", errors[0].reason);
            assert!(errors[0].fix.contains(fix), "{}", errors[0].fix);
        }
    }

    /// Quoting a number where `type` belongs gives a type that does not exist, so the fix
    /// lists the values that the key takes.
    #[test]
    fn fixed_word_keyword_lists_values() {
        let fix = shape_fix(Some("type"), "invalid type: integer `5`, expected a string");
        assert!(!fix.contains("quote"), "{fix}");
        assert!(
            fix.contains("string, number, integer, boolean, array or object"),
            "{fix}"
        );
        let fix = shape_fix(Some("in"), "invalid type: integer `1`, expected a string");
        assert!(fix.contains("query, header, path or cookie"), "{fix}");
    }

    #[test]
    fn other_shape_errors_keep_general_fix() {
        assert_eq!(
            shape_fix(Some("title"), "invalid type: sequence, expected a string"),
            SHAPE_FIX
        );
        assert_eq!(
            shape_fix(Some("0"), "invalid type: boolean `true`, expected a string"),
            "quote the value as written, such as `\"true\"`, because without quotes true is \
             read as a boolean, not a string"
        );
    }

    #[test]
    fn yaml_integer_bound_below_i64_loads() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    Seed:\n      type: integer\n      minimum: -9223372036854776000\n";
        let document = parse_spec(text, Path::new("spec.yaml")).expect("loads");
        let schemas = &document.openapi.components.expect("components").schemas;
        assert!(schemas.contains_key("Seed"));
    }
}
