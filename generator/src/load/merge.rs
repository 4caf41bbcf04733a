//! YAML merge keys: `<<: *base` copies the keys of the `base` mapping into the mapping that
//! contains the key, as YAML 1.1 defines them. Hand-written specs use them to share parts of
//! schemas. serde_yaml 0.9 reads `<<` as an ordinary key, so without this step a schema that
//! merges another would keep only its own keys.
//!
//! FIXME: a quoted `"<<"` key is merged too, because the parsed value no longer shows quotes;
//! the mark can go when the loader reads keys with their YAML style.

use serde_json::{Map, Value};

use super::pointer::escape_pointer_token;

/// The merge key.
const MERGE_KEY: &str = "<<";

/// Replaces each `<<` key of `value`'s mappings by the keys of the mapping, or of each mapping
/// of the list, that it names. Keys that the mapping gives itself win, and among merged
/// mappings the first one that gives a key wins.
///
/// # Errors
///
/// Returns the JSON pointer of a `<<` key whose value is neither a mapping nor a list of
/// mappings, and the reason.
pub fn apply_merge_keys(value: &mut Value) -> Result<(), (String, String)> {
    apply_at(value, &mut String::from("#"))
}

fn apply_at(value: &mut Value, pointer: &mut String) -> Result<(), (String, String)> {
    match value {
        Value::Object(map) => {
            if let Some(merged) = map.remove(MERGE_KEY) {
                merge_into(map, merged, pointer)?;
            }
            for (key, child) in map.iter_mut() {
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
                apply_at(child, pointer)?;
                pointer.truncate(length);
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&index.to_string());
                apply_at(item, pointer)?;
                pointer.truncate(length);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Adds to `map` the keys of `merged` that it lacks; `pointer` is the mapping's own.
fn merge_into(
    map: &mut Map<String, Value>,
    merged: Value,
    pointer: &str,
) -> Result<(), (String, String)> {
    let sources = match merged {
        Value::Object(source) => vec![source],
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(source) => Ok(source),
                _ => Err(()),
            })
            .collect::<Result<Vec<_>, ()>>()
            .map_err(|()| not_mappings(pointer))?,
        _ => return Err(not_mappings(pointer)),
    };
    for mut source in sources {
        // A merged mapping may itself contain `<<`, which the walk below the merge point does
        // not visit again. It is applied after the mapping's own keys, which win over it.
        let nested = source.remove(MERGE_KEY);
        for (key, value) in source {
            map.entry(key).or_insert(value);
        }
        if let Some(nested) = nested {
            merge_into(map, nested, pointer)?;
        }
    }
    Ok(())
}

fn not_mappings(pointer: &str) -> (String, String) {
    (
        format!("{pointer}/<<"),
        "the YAML merge key `<<` must name a mapping or a list of mappings".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn own_keys_win_over_merged_ones() {
        let mut value = json!({
            "B": {"<<": {"type": "object", "required": ["y"]}, "required": ["x"]}
        });

        apply_merge_keys(&mut value).unwrap();

        assert_eq!(value, json!({"B": {"type": "object", "required": ["x"]}}));
    }

    #[test]
    fn first_merged_mapping_wins() {
        let mut value = json!({"<<": [{"a": 1}, {"a": 2, "b": 2}]});

        apply_merge_keys(&mut value).unwrap();

        assert_eq!(value, json!({"a": 1, "b": 2}));
    }

    #[test]
    fn merged_mapping_merges_its_own_base() {
        let mut value = json!({"<<": {"<<": {"a": 1}, "b": 2}, "c": 3});

        apply_merge_keys(&mut value).unwrap();

        assert_eq!(value, json!({"a": 1, "b": 2, "c": 3}));
    }

    #[test]
    fn merged_mapping_keys_win_over_its_base() {
        let base = json!({"type": "string", "description": "base"});
        let mid = json!({"<<": base, "type": "integer"});
        let mut value = json!({"<<": mid});

        apply_merge_keys(&mut value).unwrap();

        assert_eq!(value, json!({"type": "integer", "description": "base"}));
    }

    #[test]
    fn scalar_merge_value_names_its_key() {
        let mut value = json!({"components": {"schemas": {"A": {"<<": "text"}}}});

        let (pointer, reason) = apply_merge_keys(&mut value).unwrap_err();

        assert_eq!(pointer, "#/components/schemas/A/<<");
        assert!(reason.contains("mapping"), "{reason}");
    }
}
