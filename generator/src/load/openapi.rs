//! Deserializes the `openapiv3` document from the spec's JSON value, on several threads.
//!
//! `openapiv3` buffers every object that has extensions before it reads its fields, so turning
//! the value of a spec of thousands of operations into an [`OpenAPI`] takes tens of
//! milliseconds. Its paths and its components are independent, so they are read on threads of
//! their own, with the paths in shares of their entries, and put together in spec order. The
//! parts are read where they are in the value, which stays shared, so that other checks of the
//! value can run at the same time.

use openapiv3::{Components, OpenAPI, Paths};
use serde::Deserialize;
use serde::de::value::MapDeserializer;
use serde_json::{Map, Value};

/// Specs with fewer path entries than this are deserialized on one thread.
const MIN_PARALLEL_PATHS: usize = 64;

/// Deserializes `value` as [`OpenAPI::deserialize`] does, on up to `threads` threads.
///
/// # Errors
///
/// Returns the error of [`OpenAPI::deserialize`] on the whole value: when a part fails, the
/// whole value is deserialized again on this thread for that error.
pub(super) fn deserialize_openapi(
    value: &Value,
    threads: usize,
) -> Result<OpenAPI, serde_json::Error> {
    let paths = value.get("paths").and_then(Value::as_object);
    let path_count = paths.map_or(0, Map::len);
    let (Value::Object(root), Some(paths)) = (value, paths) else {
        return OpenAPI::deserialize(value);
    };
    if threads < 2 || path_count < MIN_PARALLEL_PATHS {
        return OpenAPI::deserialize(value);
    }

    match deserialize_parts(root, paths, threads) {
        Some(openapi) => Ok(openapi),
        None => OpenAPI::deserialize(value),
    }
}

/// Deserializes the root without its paths and components on this thread, the components on a
/// thread of their own and the paths in `threads` shares of their entries, each on a thread of
/// its own. Returns `None` when any of them fails or a thread does not start.
fn deserialize_parts(
    root: &Map<String, Value>,
    paths: &Map<String, Value>,
    threads: usize,
) -> Option<OpenAPI> {
    let share = paths.len().div_ceil(threads);
    let entries: Vec<(&String, &Value)> = paths.iter().collect();
    std::thread::scope(|scope| {
        let components = root.get("components").map(|components| {
            spawn_part(scope, move || {
                Option::<Components>::deserialize(components).ok()
            })
        });
        let shares: Vec<_> = entries
            .chunks(share)
            .map(|entries| spawn_part(scope, move || deserialize_paths(entries)))
            .collect();

        let mut openapi = OpenAPI::deserialize(&Value::Object(root_without_parts(root))).ok();
        if let Some(components) = components {
            let components = join_part(components);
            if let Some(openapi) = &mut openapi {
                openapi.components = components?;
            }
        }
        for share in shares {
            let share = join_part(share);
            if let Some(openapi) = &mut openapi {
                let share = share?;
                openapi.paths.paths.extend(share.paths);
                openapi.paths.extensions.extend(share.extensions);
            }
        }
        openapi
    })
}

/// Deserializes `entries` of the `paths` object as a [`Paths`] of their own.
fn deserialize_paths(entries: &[(&String, &Value)]) -> Option<Paths> {
    let entries = entries.iter().map(|&(key, value)| (key.as_str(), value));
    Paths::deserialize(MapDeserializer::<_, serde_json::Error>::new(entries)).ok()
}

/// Copies the entries of `root` but for `components`, with an empty `paths` object, so that
/// the copy contains only the small entries that are read on this thread.
fn root_without_parts(root: &Map<String, Value>) -> Map<String, Value> {
    root.iter()
        .filter(|(key, _)| key.as_str() != "components")
        .map(|(key, value)| match key.as_str() {
            "paths" => (key.clone(), Value::Object(Map::new())),
            _ => (key.clone(), value.clone()),
        })
        .collect()
}

type PartHandle<'scope, T> = std::io::Result<std::thread::ScopedJoinHandle<'scope, Option<T>>>;

/// Starts `read` on a thread with the generation's stack size.
fn spawn_part<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    read: impl FnOnce() -> Option<T> + Send + 'scope,
) -> PartHandle<'scope, T> {
    std::thread::Builder::new()
        .name("spec-reader".to_owned())
        .stack_size(crate::GENERATION_STACK_BYTES)
        .spawn_scoped(scope, read)
}

/// Waits for a part, and returns `None` when it failed or its thread did not start.
fn join_part<T>(part: PartHandle<'_, T>) -> Option<T> {
    match part.ok()?.join() {
        Ok(read) => read,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::files_with_extensions;

    /// Builds a spec of `count` paths, each with one operation, and one schema.
    fn spec_with_paths(count: usize) -> Value {
        let mut paths = Map::new();
        for index in 0..count {
            let operation = serde_json::json!({
                "get": {
                    "operationId": format!("get{index}"),
                    "responses": {"200": {"description": "ok"}}
                }
            });
            paths.insert(format!("/items/{index}"), operation);
            if index == 3 {
                paths.insert("x-note".to_owned(), Value::from("an extension among paths"));
            }
        }
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Parts", "version": "1"},
            "components": {"schemas": {"Item": {"type": "string"}}},
            "paths": paths,
            "x-root": true
        })
    }

    fn assert_parts_match(name: &str, value: &Value) {
        let expected = OpenAPI::deserialize(value);
        for threads in [1, 2, 3, 8] {
            let actual = deserialize_openapi(value, threads);
            match (&expected, &actual) {
                (Ok(expected), Ok(actual)) => {
                    assert!(expected == actual, "{name}: {threads} threads differ")
                }
                (Err(expected), Err(actual)) => {
                    assert_eq!(expected.to_string(), actual.to_string(), "{name}")
                }
                _ => panic!("{name}: {threads} threads: {actual:?} where {expected:?}"),
            }
        }
    }

    #[test]
    fn parts_match_whole_deserialization() {
        let value = spec_with_paths(MIN_PARALLEL_PATHS * 2 + 1);
        assert_parts_match("many paths", &value);

        let openapi = deserialize_openapi(&value, 2).expect("the spec deserializes");
        assert_eq!(openapi.paths.paths.len(), MIN_PARALLEL_PATHS * 2 + 1);
        assert_eq!(
            openapi
                .paths
                .paths
                .get_index(0)
                .map(|(key, _)| key.as_str()),
            Some("/items/0")
        );
        assert!(openapi.paths.extensions.contains_key("x-note"));
        assert!(openapi.components.is_some());
        assert!(openapi.extensions.contains_key("x-root"));
    }

    #[test]
    fn invalid_path_gives_whole_error() {
        let mut value = spec_with_paths(MIN_PARALLEL_PATHS * 2);
        value["paths"]["/items/100"]["get"]["responses"] = Value::from(7);
        assert_parts_match("invalid operation", &value);

        assert!(deserialize_openapi(&value, 2).is_err());
    }

    #[test]
    fn invalid_components_give_whole_error() {
        let mut value = spec_with_paths(MIN_PARALLEL_PATHS);
        value["components"]["schemas"] = Value::from("not a map");
        assert_parts_match("invalid components", &value);
    }

    #[test]
    fn spec_without_components_matches() {
        let mut value = spec_with_paths(MIN_PARALLEL_PATHS);
        value
            .as_object_mut()
            .expect("an object")
            .shift_remove("components");
        assert_parts_match("no components", &value);

        value["components"] = Value::Null;
        assert_parts_match("null components", &value);
    }

    #[test]
    fn shared_specs_match_whole_deserialization() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
        if !shared.is_dir() {
            eprintln!("skipped: ../shared is absent");
            return;
        }
        for path in files_with_extensions(&shared, &["yaml", "json"]) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(value) = super::super::parse_text(&text) else {
                continue;
            };
            assert_parts_match(&path.display().to_string(), &value);
        }
    }
}
