//! Limits on the size of a spec, so that a hostile or broken document fails fast with a clear
//! error instead of exhausting time, memory or the stack further down the pipeline.

use serde_json::Value;

use super::pointer::escape_pointer_token;

/// Maximum size of a spec: 32 MiB, eight times the largest public spec generated in testing
/// (Stripe's, 4.2 MB, which takes about 4 s and 450 MiB in a release build).
pub const MAX_SPEC_BYTES: usize = 32 << 20;

/// Maximum nesting of mappings and lists, the recursion limit of `serde_json` and `serde_yaml`
/// (128 in serde_json 1.0 and serde_yaml 0.9), which this module only names in messages.
pub const MAX_NESTING: usize = 128;

/// Maximum length of a key, and of a string that becomes a Rust name (`operationId`, `name`,
/// tags, enum values), in bytes.
pub const MAX_NAME_BYTES: usize = 1024;

/// Maximum number of values in one `enum`, each of which may become an enum variant.
pub const MAX_ENUM_VALUES: usize = 10_000;

/// Keys whose string value becomes a Rust name.
const NAME_KEYS: &[&str] = &["operationId", "name", "propertyName"];

/// Keys whose list of strings become Rust names.
const NAME_LIST_KEYS: &[&str] = &["enum", "tags"];

/// A problem of one value: its pointer, the reason and the fix.
pub struct Violation {
    pub pointer: String,
    pub reason: String,
    pub fix: String,
}

/// Checks the length of the spec text before it is parsed.
pub fn check_size(length: usize) -> Result<(), Violation> {
    if length <= MAX_SPEC_BYTES {
        return Ok(());
    }
    Err(Violation {
        pointer: "#".to_owned(),
        reason: format!(
            "the spec is {length} bytes, over the limit of {MAX_SPEC_BYTES} bytes (32 MiB)"
        ),
        fix: SIZE_FIX.to_owned(),
    })
}

const SIZE_FIX: &str = "remove what the SDK does not need, or split the API into several specs";

/// Returns the violation of a spec read from a file that gave no size beforehand, such as a
/// FIFO or a pipe, once the read passed [`MAX_SPEC_BYTES`].
pub fn stream_too_long() -> Violation {
    Violation {
        pointer: "#".to_owned(),
        reason: format!(
            "the spec is over the limit of {MAX_SPEC_BYTES} bytes (32 MiB), so reading stopped \
             there"
        ),
        fix: SIZE_FIX.to_owned(),
    }
}

/// Lists the names longer than [`MAX_NAME_BYTES`] and the `enum` lists longer than
/// [`MAX_ENUM_VALUES`] anywhere in the parsed document.
pub fn check_names(document: &Value) -> Vec<Violation> {
    let mut violations = Vec::new();
    // Almost every spec is within the limits, so a walk that builds no pointers looks first.
    if !has_violation(document) {
        return violations;
    }
    walk_entries(document, |pointer, key, child_pointer, child| {
        if key.len() > MAX_NAME_BYTES {
            violations.push(long_key(pointer, key));
            return false;
        }
        check_named_value(key, child, child_pointer, &mut violations);
        true
    });
    violations.reverse();
    violations
}

/// Calls `visit` with each entry of each mapping in `document`: the pointer of the mapping, the
/// key, the pointer of the value and the value. The walk goes into a value when `visit`
/// returns `true`. A mapping's entries come in order, but a mapping that is later in the
/// document comes before an earlier one.
fn walk_entries<'v>(
    document: &'v Value,
    mut visit: impl FnMut(&str, &str, &str, &'v Value) -> bool,
) {
    let mut stack = vec![(document, String::from("#"))];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
                    if visit(&pointer, key, &child_pointer, child) {
                        stack.push((child, child_pointer));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    stack.push((child, format!("{pointer}/{index}")));
                }
            }
            _ => {}
        }
    }
}

/// Tells whether [`check_names`] finds any violation under `value`.
fn has_violation(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            key.len() > MAX_NAME_BYTES || named_value_violates(key, child) || has_violation(child)
        }),
        Value::Array(items) => items.iter().any(has_violation),
        _ => false,
    }
}

/// Tells whether [`check_named_value`] finds any violation in the value of `key`.
fn named_value_violates(key: &str, value: &Value) -> bool {
    let long_text =
        |item: &Value| matches!(item, Value::String(text) if text.len() > MAX_NAME_BYTES);
    match value {
        Value::String(_) => NAME_KEYS.contains(&key) && long_text(value),
        Value::Array(items) if NAME_LIST_KEYS.contains(&key) => {
            (key == "enum" && items.len() > MAX_ENUM_VALUES) || items.iter().any(long_text)
        }
        _ => false,
    }
}

fn check_named_value(key: &str, value: &Value, pointer: &str, into: &mut Vec<Violation>) {
    match value {
        Value::String(text) if NAME_KEYS.contains(&key) && text.len() > MAX_NAME_BYTES => {
            into.push(long_name(pointer, text));
        }
        Value::Array(items) if NAME_LIST_KEYS.contains(&key) => {
            if key == "enum" && items.len() > MAX_ENUM_VALUES {
                into.push(Violation {
                    pointer: pointer.to_owned(),
                    reason: format!(
                        "the enum lists {} values, over the limit of {MAX_ENUM_VALUES}",
                        items.len()
                    ),
                    fix: "use a plain string schema, and list the values in its description"
                        .to_owned(),
                });
                return;
            }
            for (index, item) in items.iter().enumerate() {
                if let Value::String(text) = item
                    && text.len() > MAX_NAME_BYTES
                {
                    into.push(long_name(&format!("{pointer}/{index}"), text));
                }
            }
        }
        _ => {}
    }
}

fn long_key(pointer: &str, key: &str) -> Violation {
    Violation {
        pointer: pointer.to_owned(),
        reason: format!(
            "the key {} is {} bytes long, over the limit of {MAX_NAME_BYTES} bytes",
            preview(key),
            key.len()
        ),
        fix: format!("shorten the key to at most {MAX_NAME_BYTES} bytes"),
    }
}

/// Finds the keys of YAML `text` that are over [`MAX_NAME_BYTES`] and written without `?`.
/// YAML caps such keys at 1024 characters, so the parser fails on them with a syntax error
/// before [`check_names`] could see them. Each one is replaced by a short placeholder, and the
/// changed text is parsed to learn the pointer of the mapping that contains it. Returns no
/// violation when there is no such key, or when the changed text does not parse either.
pub fn long_yaml_keys(text: &str) -> Vec<Violation> {
    let mut changed = String::with_capacity(text.len());
    let mut keys = Vec::new();
    for line in text.split_inclusive('\n') {
        match long_key_span(line) {
            Some((start, end, key)) => {
                changed.push_str(&line[..start]);
                changed.push_str(&format!("{LONG_KEY_PLACEHOLDER}{}", keys.len()));
                changed.push_str(&line[end..]);
                keys.push(key);
            }
            None => changed.push_str(line),
        }
    }
    if keys.is_empty() {
        return Vec::new();
    }
    let Ok(super::yaml::JsonFromYaml(value)) = serde_yaml::from_str(&changed) else {
        return Vec::new();
    };
    let mut violations = Vec::new();
    walk_entries(&value, |pointer, key, _, _| {
        let index = key.strip_prefix(LONG_KEY_PLACEHOLDER);
        if let Some(key) = index.and_then(|index| keys.get(index.parse::<usize>().ok()?)) {
            violations.push(long_key(pointer, key));
        }
        true
    });
    violations.reverse();
    violations
}

/// The start of the keys that [`long_yaml_keys`] puts in place of long ones.
const LONG_KEY_PLACEHOLDER: &str = "generator-long-key-";

/// Returns the byte range and the text of the key of a block mapping entry in `line` when the
/// key is over [`MAX_NAME_BYTES`]: a plain key before `: ` or a final `:`, or a quoted one.
fn long_key_span(line: &str) -> Option<(usize, usize, String)> {
    if line.len() <= MAX_NAME_BYTES {
        return None;
    }
    let content = line.trim_end_matches(['\n', '\r']);
    // A key may follow the `- ` markers of sequence items, but a key may also start with `-`.
    let mut rest = content.trim_start_matches(' ');
    while let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start_matches(' ');
    }
    let start = content.len() - rest.len();
    let (end, key) = match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = rest[1..].find(quote)? + 1;
            rest[close + 1..]
                .trim_start()
                .starts_with(':')
                .then_some(())?;
            (start + close + 1, rest[1..close].to_owned())
        }
        _ => {
            let colon = rest
                .find(": ")
                .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
            (start + colon, rest[..colon].to_owned())
        }
    };
    if key.len() <= MAX_NAME_BYTES {
        return None;
    }
    Some((start, end, key))
}

fn long_name(pointer: &str, text: &str) -> Violation {
    Violation {
        pointer: pointer.to_owned(),
        reason: format!(
            "the name {} is {} bytes long, over the limit of {MAX_NAME_BYTES} bytes",
            preview(text),
            text.len()
        ),
        fix: format!("shorten the name to at most {MAX_NAME_BYTES} bytes"),
    }
}

/// Texts up to this many bytes are quoted whole in messages.
const MAX_QUOTED_BYTES: usize = 200;

/// Quotes `text` for a message: whole when it is short, else its start and its length, so
/// that a message about a value from the spec stays readable.
pub fn quoted(text: &str) -> String {
    if text.len() <= MAX_QUOTED_BYTES {
        format!("{text:?}")
    } else {
        format!("{} ({} bytes)", preview(text), text.len())
    }
}

/// Quotes the start of a long text, so that a message stays readable.
fn preview(text: &str) -> String {
    let start: String = text.chars().take(32).collect();
    format!("{start:?}...")
}

/// Rewords a parser's recursion-limit error, which otherwise names no limit and no fix.
pub fn nesting_reason(message: &str) -> Option<String> {
    message.contains("recursion limit exceeded").then(|| {
        format!(
            "the document nests mappings and lists more than {MAX_NESTING} levels deep ({message})"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_key_points_at_its_object() {
        let key = "k".repeat(MAX_NAME_BYTES + 1);
        let document = serde_json::json!({"components": {"schemas": {key: {}}}});
        let violations = check_names(&document);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].pointer, "#/components/schemas");
        assert!(violations[0].reason.contains("1025 bytes"));
    }

    #[test]
    fn key_at_limit_passes() {
        let key = "k".repeat(MAX_NAME_BYTES);
        let document = serde_json::json!({"paths": {key: {}}});
        assert!(check_names(&document).is_empty());
    }

    #[test]
    fn long_operation_id_is_named() {
        let id = "o".repeat(MAX_NAME_BYTES + 1);
        let document = serde_json::json!({"paths": {"/a": {"get": {"operationId": id}}}});
        let violations = check_names(&document);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].pointer, "#/paths/~1a/get/operationId");
    }

    #[test]
    fn enum_over_limit_is_one_violation() {
        let values: Vec<String> = (0..=MAX_ENUM_VALUES).map(|i| format!("v{i}")).collect();
        let document = serde_json::json!({"components": {"schemas": {"E": {"enum": values}}}});
        let violations = check_names(&document);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].pointer, "#/components/schemas/E/enum");
    }

    #[test]
    fn long_enum_value_and_tag_are_named() {
        let long = "v".repeat(MAX_NAME_BYTES + 1);
        let document = serde_json::json!({
            "tags": [{"name": "t"}],
            "paths": {"/a": {"get": {"tags": ["t", long]}}},
            "components": {"schemas": {"E": {"enum": ["a", long]}}}
        });
        let pointers: Vec<String> = check_names(&document)
            .into_iter()
            .map(|violation| violation.pointer)
            .collect();
        assert_eq!(
            pointers,
            ["#/paths/~1a/get/tags/1", "#/components/schemas/E/enum/1"]
        );
    }

    #[test]
    fn size_over_limit_names_limit() {
        let violation = check_size(MAX_SPEC_BYTES + 1).expect_err("over the limit");
        assert!(violation.reason.contains("33554432 bytes"));
        assert!(check_size(MAX_SPEC_BYTES).is_ok());
    }
}
