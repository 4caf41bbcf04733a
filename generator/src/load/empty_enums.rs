//! Finds `enum` lists without a value. `openapiv3` reads `enum: []` as no `enum` at all, so
//! without this check the SDK would accept any value and the generator would not warn.

use serde_json::Value;

use super::pointer::escape_pointer_token;

/// Keys whose values are data rather than schemas, where an `enum` key means nothing.
const DATA_KEYS: &[&str] = &["example", "examples", "default"];

/// Returns the JSON pointer of every `enum` whose value is an empty list, in document order.
pub fn find_empty_enums(document: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if has_empty_enum(document, Keys::Keywords) {
        collect(document, Keys::Keywords, "#", &mut found);
    }
    found
}

/// The role of the keys of a mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// The fields of an object, such as a schema's, where [`DATA_KEYS`] and `x-` keys contain data.
    Keywords,
    /// Names, such as those under `properties`, each of which names an object of its own.
    Names,
    /// Names beside `x-` extensions, as under `paths` and `responses`.
    NamesAndExtensions,
}

impl Keys {
    /// Tells whether the value of `key` can contain schemas or server variables.
    fn descends(self, key: &str) -> bool {
        match self {
            Keys::Keywords => !DATA_KEYS.contains(&key) && !key.starts_with("x-"),
            Keys::Names => true,
            Keys::NamesAndExtensions => !key.starts_with("x-"),
        }
    }

    /// Returns the role of the keys of the mapping under `key`.
    fn below(self, key: &str) -> Keys {
        if self != Keys::Keywords {
            return Keys::Keywords;
        }
        match key {
            "paths" | "responses" => Keys::NamesAndExtensions,
            "properties" | "schemas" | "content" | "headers" | "variables" | "encoding"
            | "parameters" | "requestBodies" | "securitySchemes" | "links" | "callbacks" => {
                Keys::Names
            }
            _ => Keys::Keywords,
        }
    }
}

/// Tells whether `value` or a value under it has an empty `enum`, where `keys` is the role of
/// its keys when it is a mapping. It builds no pointers, so a spec without one costs one walk.
fn has_empty_enum(value: &Value, keys: Keys) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            (keys == Keys::Keywords && is_empty_enum(key, child))
                || (keys.descends(key) && has_empty_enum(child, keys.below(key)))
        }),
        Value::Array(items) => items
            .iter()
            .any(|item| has_empty_enum(item, Keys::Keywords)),
        _ => false,
    }
}

/// Pushes onto `found` the pointer of each empty `enum` under `value`, found at `pointer`,
/// where `keys` is the role of its keys when it is a mapping.
fn collect(value: &Value, keys: Keys, pointer: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
                if keys == Keys::Keywords && is_empty_enum(key, child) {
                    found.push(child_pointer);
                } else if keys.descends(key) && has_empty_enum(child, keys.below(key)) {
                    collect(child, keys.below(key), &child_pointer, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                if has_empty_enum(child, Keys::Keywords) {
                    collect(child, Keys::Keywords, &format!("{pointer}/{index}"), found);
                }
            }
        }
        _ => {}
    }
}

fn is_empty_enum(key: &str, value: &Value) -> bool {
    key == "enum" && value.as_array().is_some_and(Vec::is_empty)
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

    /// Keys that contain data in a schema, such as `default` and `x-` keys, are names in a map of
    /// names, such as a schema named `default` or a property named `example`.
    #[test]
    fn empty_enums_under_data_key_names() {
        let document = json!({
            "paths": {
                "/a": {"get": {"responses": {"default": {"content": {"application/json": {
                    "schema": {"type": "string", "enum": []},
                }}}}}},
                "x-note": {"enum": []},
            },
            "components": {"schemas": {
                "default": {"type": "string", "enum": []},
                "T": {"type": "object", "properties": {
                    "example": {"type": "string", "enum": []},
                    "x-rate": {"type": "string", "enum": []},
                }},
            }},
        });

        let found = find_empty_enums(&document);

        assert_eq!(
            found,
            [
                "#/paths/~1a/get/responses/default/content/application~1json/schema/enum",
                "#/components/schemas/default/enum",
                "#/components/schemas/T/properties/example/enum",
                "#/components/schemas/T/properties/x-rate/enum",
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
