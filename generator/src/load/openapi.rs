//! Deserializes the `openapiv3` document from the spec's JSON value, on several threads.
//!
//! `openapiv3` buffers every object that has extensions before it reads its fields, so turning
//! the value of a spec of thousands of operations into an [`OpenAPI`] takes tens of
//! milliseconds. Its paths and its components are independent, so they are read on threads of
//! their own, with the paths in shares of their entries, and put together in spec order.

use openapiv3::{Components, OpenAPI, Paths};
use serde::Deserialize;
use serde_json::{Map, Value};

/// Specs with fewer path entries than this are deserialized on one thread.
const MIN_PARALLEL_PATHS: usize = 64;

/// Deserializes `value` as [`OpenAPI::deserialize`] does, on up to `threads` threads. The
/// value is copy apart while the threads run and is whole again when this returns.
///
/// # Errors
///
/// Returns the error of [`OpenAPI::deserialize`] on the whole value: when a part fails, the
/// whole value is deserialized again on this thread for that error.
pub(super) fn deserialize_openapi(
    value: &mut Value,
    threads: usize,
) -> Result<OpenAPI, serde_json::Error> {
    let path_count = value
        .get("paths")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    if threads < 2 || path_count < MIN_PARALLEL_PATHS {
        return OpenAPI::deserialize(&*value);
    }
    let Some(root) = value.as_object_mut() else {
        return OpenAPI::deserialize(&*value);
    };

    let parts = take_parts(root, threads);
    let parsed = deserialize_parts(root, &parts);
    put_back(root, parts);
    match parsed {
        Some(openapi) => Ok(openapi),
        None => OpenAPI::deserialize(&*value),
    }
}

/// The parts of the root object that are read on threads of their own.
struct Parts {
    /// The entries of `paths`, in shares of about equal count, in spec order.
    path_shares: Vec<Value>,
    /// The `components` entry and its index among the root's entries, when the spec has one.
    components: Option<(usize, Value)>,
}

/// Moves the entries of `paths` and the `components` entry out of `root`, leaving an empty
/// `paths` object and no `components`.
fn take_parts(root: &mut Map<String, Value>, threads: usize) -> Parts {
    let paths = match root.get_mut("paths") {
        Some(Value::Object(paths)) => std::mem::take(paths),
        _ => Map::new(),
    };
    let share = paths.len().div_ceil(threads);
    let mut path_shares = Vec::with_capacity(threads);
    let mut current = Map::new();
    for (key, entry) in paths {
        current.insert(key, entry);
        if current.len() == share {
            path_shares.push(Value::Object(std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        path_shares.push(Value::Object(current));
    }

    let components = root
        .keys()
        .position(|key| key == "components")
        .and_then(|index| {
            root.shift_remove("components")
                .map(|components| (index, components))
        });
    Parts {
        path_shares,
        components,
    }
}

/// Deserializes the root without its parts on this thread and each part on a thread of its
/// own. Returns `None` when any of them fails or a thread does not start.
fn deserialize_parts(root: &Map<String, Value>, parts: &Parts) -> Option<OpenAPI> {
    std::thread::scope(|scope| {
        let components = parts.components.as_ref().map(|(_, components)| {
            spawn_part(scope, move || {
                Option::<Components>::deserialize(components).ok()
            })
        });
        let shares: Vec<_> = parts
            .path_shares
            .iter()
            .map(|share| spawn_part(scope, move || Paths::deserialize(share).ok()))
            .collect();

        let mut openapi = OpenAPI::deserialize(&Value::Object(root.clone())).ok();
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

/// Moves the parts back into `root` where they were copy from.
fn put_back(root: &mut Map<String, Value>, parts: Parts) {
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for share in parts.path_shares {
            if let Value::Object(share) = share {
                paths.extend(share);
            }
        }
    }
    if let Some((index, components)) = parts.components {
        root.shift_insert(index, "components".to_owned(), components);
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
            let mut copy = value.clone();
            let actual = deserialize_openapi(&mut copy, threads);
            assert!(
                copy == *value,
                "{name}: the value changed with {threads} threads"
            );
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

        let mut copy = value.clone();
        let openapi = deserialize_openapi(&mut copy, 2).expect("the spec deserializes");
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

        let mut copy = value.clone();
        assert!(deserialize_openapi(&mut copy, 2).is_err());
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
