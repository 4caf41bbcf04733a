//! Finds keywords whose values `openapiv3` would read without an error but wrongly.
//!
//! It reads `enum: []` as no `enum` at all, so the SDK would accept any value and the generator
//! would not warn. It reads a schema whose `$ref` is not a string, such as `$ref: 5`, as a
//! schema with an unknown key, which becomes any JSON value.

use serde_json::Value;

use super::pointer::escape_pointer_token;

/// Keys whose values are data rather than schemas, where an `enum` key means nothing.
const DATA_KEYS: &[&str] = &["example", "examples", "default"];

/// The keywords that [`find_keyword_faults`] found, each by JSON pointer in document order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct KeywordFaults {
    /// Each `enum` whose value is an empty list.
    pub empty_enums: Vec<String>,
    /// Each `$ref` whose value is not a string.
    pub invalid_refs: Vec<String>,
}

/// Returns the pointer of every `enum` whose value is an empty list and of every `$ref` whose
/// value is not a string.
pub fn find_keyword_faults(document: &Value) -> KeywordFaults {
    let mut found = Vec::new();
    if has_fault(document, Keys::Keywords) {
        collect(document, Keys::Keywords, "#", &mut found);
    }
    let mut faults = KeywordFaults::default();
    for (pointer, fault) in found {
        match fault {
            Fault::EmptyEnum => faults.empty_enums.push(pointer),
            Fault::InvalidRef => faults.invalid_refs.push(pointer),
        }
    }
    faults
}

/// A keyword whose value `openapiv3` reads wrongly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    EmptyEnum,
    InvalidRef,
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

/// Tells whether `value` or a value under it has a fault, where `keys` is the role of its keys
/// when it is a mapping. It builds no pointers, so a spec without one costs one walk.
fn has_fault(value: &Value, keys: Keys) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| {
            (keys == Keys::Keywords && fault_of(key, child).is_some())
                || (keys.descends(key) && has_fault(child, keys.below(key)))
        }),
        Value::Array(items) => items.iter().any(|item| has_fault(item, Keys::Keywords)),
        _ => false,
    }
}

/// Pushes onto `found` the pointer and fault of each fault under `value`, found at `pointer`,
/// where `keys` is the role of its keys when it is a mapping.
fn collect(value: &Value, keys: Keys, pointer: &str, found: &mut Vec<(String, Fault)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
                let fault = (keys == Keys::Keywords)
                    .then(|| fault_of(key, child))
                    .flatten();
                if let Some(fault) = fault {
                    found.push((child_pointer, fault));
                } else if keys.descends(key) && has_fault(child, keys.below(key)) {
                    collect(child, keys.below(key), &child_pointer, found);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                if has_fault(child, Keys::Keywords) {
                    collect(child, Keys::Keywords, &format!("{pointer}/{index}"), found);
                }
            }
        }
        _ => {}
    }
}

/// Returns the fault of the keyword `key` with `value`, if it has one.
fn fault_of(key: &str, value: &Value) -> Option<Fault> {
    match key {
        "enum" if value.as_array().is_some_and(Vec::is_empty) => Some(Fault::EmptyEnum),
        "$ref" if !value.is_string() => Some(Fault::InvalidRef),
        _ => None,
    }
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

        let found = find_keyword_faults(&document).empty_enums;

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

        let found = find_keyword_faults(&document).empty_enums;

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

        assert!(find_keyword_faults(&document).empty_enums.is_empty());
    }

    #[test]
    fn non_string_refs_found_by_pointer() {
        let document = json!({
            "paths": {"/a": {"get": {"parameters": [{"$ref": 5}]}}},
            "components": {"schemas": {
                "A": {"$ref": null},
                "B": {"$ref": "#/components/schemas/A"},
                "C": {"type": "object", "properties": {"$ref": {"type": "string"}}},
                "D": {"type": "object", "example": {"$ref": 1}},
            }},
        });

        let found = find_keyword_faults(&document);

        assert_eq!(
            found.invalid_refs,
            [
                "#/paths/~1a/get/parameters/0/$ref",
                "#/components/schemas/A/$ref"
            ]
        );
        assert!(found.empty_enums.is_empty());
    }
}
