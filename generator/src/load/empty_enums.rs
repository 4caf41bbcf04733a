//! Finds `enum` lists without a value. `openapiv3` reads `enum: []` as no `enum` at all, so
//! without this check the SDK would accept any value and the generator would not warn.

use serde_json::Value;

use super::pointer::escape_pointer_token;

/// Keys whose values are data rather than schemas, where an `enum` key means nothing.
const DATA_KEYS: &[&str] = &["example", "examples", "default"];

/// Returns the JSON pointer of every `enum` whose value is an empty list, in document order.
pub fn find_empty_enums(document: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if has_empty_enum(document) {
        collect(document, "#", &mut found);
    }
    found
}

/// Tells whether `value` or a value under it has an empty `enum`. It builds no pointers, so
/// the common case, a spec without one, costs one walk.
fn has_empty_enum(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            is_empty_enum(key, child) || (is_schema_key(key) && has_empty_enum(child))
        }),
        Value::Array(items) => items.iter().any(has_empty_enum),
        _ => false,
    }
}

/// Pushes onto `found` the pointer of each empty `enum` under `value`, found at `pointer`.
fn collect(value: &Value, pointer: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
                if is_empty_enum(key, child) {
                    found.push(child_pointer);
                } else if is_schema_key(key) && has_empty_enum(child) {
                    collect(child, &child_pointer, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                if has_empty_enum(child) {
                    collect(child, &format!("{pointer}/{index}"), found);
                }
            }
        }
        _ => {}
    }
}

fn is_empty_enum(key: &str, value: &Value) -> bool {
    key == "enum" && value.as_array().is_some_and(Vec::is_empty)
}

/// Tells whether the value of `key` can hold schemas or server variables: not example data
/// and not an extension.
fn is_schema_key(key: &str) -> bool {
    !DATA_KEYS.contains(&key) && !key.starts_with("x-")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn empty_enums_found_by_pointer() {
        let document = json!({
            "servers": [{"url": "http://{host}", "variables": {"host": {"default": "a", "enum": []}}}],
            "components": {"schemas": {
                "A/B": {"type": "string", "enum": []},
                "C": {"type": "string", "enum": ["c"]},
            }},
        });

        let found = find_empty_enums(&document);

        assert_eq!(
            found,
            [
                "#/servers/0/variables/host/enum",
                "#/components/schemas/A~1B/enum",
            ]
        );
    }

    #[test]
    fn empty_enums_in_data_ignored() {
        let document = json!({
            "components": {"schemas": {"D": {
                "type": "object",
                "example": {"enum": []},
                "x-extra": {"enum": []},
            }}},
        });

        assert!(find_empty_enums(&document).is_empty());
    }
}
