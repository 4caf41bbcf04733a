//! Checks the keys of the `paths` and `responses` maps before the document is deserialized.
//! `openapiv3` drops a path key without a leading `/` and a response key that is not a status,
//! and it reads any number as a status code. The responses of callbacks, under an operation or
//! under `components/callbacks`, get the same check.

use serde_json::Value;

use super::limits::Violation;
use super::pointer::escape_pointer_token;

/// Keys of a path item that hold an operation.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The other fixed fields of a path item (OpenAPI 3.0.3, section 4.7.9).
const PATH_ITEM_FIELDS: &[&str] = &["$ref", "summary", "description", "servers", "parameters"];

/// Returns a violation for each path key, path item key and response key that is not valid.
pub fn check_keys(document: &Value) -> Vec<Violation> {
    let mut violations = Vec::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let pointer = format!("#/paths/{}", escape_pointer_token(path));
            if path.starts_with("x-") {
                continue;
            }
            if !path.starts_with('/') {
                violations.push(Violation {
                    pointer: pointer.clone(),
                    reason: format!("path {path:?} does not start with `/`"),
                    fix: format!("write the path as \"/{path}\""),
                });
            }
            if let Some(control) = path.chars().find(|c| c.is_control()) {
                violations.push(control_character_violation(path, control, &pointer));
            }
            check_path_item(item, &pointer, &mut violations);
        }
    }

    let callbacks = document
        .get("components")
        .and_then(|components| components.get("callbacks"));
    check_callbacks(callbacks, "#/components/callbacks", &mut violations);
    violations
}

/// Returns the violation of a path that contains the control character `control`, which a URL
/// cannot hold and which would reach the SDK's code and docs.
fn control_character_violation(path: &str, control: char, pointer: &str) -> Violation {
    let mut encoded = [0; 4];
    let percent: String = control
        .encode_utf8(&mut encoded)
        .bytes()
        .map(|byte| format!("%{byte:02X}"))
        .collect();
    Violation {
        pointer: pointer.to_owned(),
        reason: format!(
            "path {path:?} contains the control character {control:?}, which a URL cannot contain"
        ),
        fix: format!("remove the character, or write it percent-encoded as {percent}"),
    }
}

/// Checks the response keys of each operation of the path item at `pointer`, and of the
/// callbacks of those operations. The recursion into callbacks is as deep as the document's
/// nesting, which the parsers limit.
fn check_path_item(item: &Value, pointer: &str, violations: &mut Vec<Violation>) {
    // `openapiv3` drops an unknown key, so a misspelt method would lose its operation.
    let keys = item.as_object().into_iter().flat_map(|item| item.keys());
    for key in keys {
        let known = METHODS.contains(&key.as_str()) || PATH_ITEM_FIELDS.contains(&key.as_str());
        if !known && !key.starts_with("x-") {
            violations.push(Violation {
                pointer: format!("{pointer}/{}", escape_pointer_token(key)),
                reason: format!("path item key {key:?} is not an HTTP method or a path item field"),
                fix: "use one of get, put, post, delete, options, head, patch, trace, summary, \
                      description, servers, parameters and $ref, or start an extension with `x-`"
                    .to_owned(),
            });
        }
    }
    for method in METHODS {
        let Some(operation) = item.get(method) else {
            continue;
        };
        let operation_pointer = format!("{pointer}/{method}");
        let responses = operation.get("responses").and_then(Value::as_object);
        for key in responses.into_iter().flat_map(|responses| responses.keys()) {
            if !is_response_key(key) {
                let key_pointer = escape_pointer_token(key);
                violations.push(Violation {
                    pointer: format!("{operation_pointer}/responses/{key_pointer}"),
                    reason: format!("response key {key:?} is not an HTTP status"),
                    fix: "use `default`, a status code from 100 to 599, or a range from \
                          `1XX` to `5XX`"
                        .to_owned(),
                });
            }
        }
        let callbacks = operation.get("callbacks");
        let callbacks_pointer = format!("{operation_pointer}/callbacks");
        check_callbacks(callbacks, &callbacks_pointer, violations);
    }
}

/// Checks each callback of the `callbacks` map at `pointer`: a map from names to callback
/// objects, which map runtime expressions to path items. A callback given as a `$ref` is
/// checked where it is defined.
fn check_callbacks(callbacks: Option<&Value>, pointer: &str, violations: &mut Vec<Violation>) {
    let Some(callbacks) = callbacks.and_then(Value::as_object) else {
        return;
    };
    for (name, callback) in callbacks {
        let Some(expressions) = callback.as_object() else {
            continue;
        };
        let callback_pointer = format!("{pointer}/{}", escape_pointer_token(name));
        for (expression, item) in expressions {
            if expression == "$ref" || expression.starts_with("x-") {
                continue;
            }
            let item_pointer = format!("{callback_pointer}/{}", escape_pointer_token(expression));
            check_path_item(item, &item_pointer, violations);
        }
    }
}

/// Tells whether `key` may name a response: `default`, a status code from 100 to 599, a range
/// from `1XX` to `5XX`, or an extension.
fn is_response_key(key: &str) -> bool {
    if key == "default" || key.starts_with("x-") {
        return true;
    }
    let bytes = key.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return false;
    }
    let code = bytes[1..].iter().all(u8::is_ascii_digit);
    let range = &bytes[1..] == b"XX";
    code || range
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pointers(document: &Value) -> Vec<String> {
        check_keys(document)
            .into_iter()
            .map(|violation| violation.pointer)
            .collect()
    }

    #[test]
    fn response_keys_accepted() {
        for key in ["default", "100", "200", "599", "1XX", "5XX", "x-note"] {
            assert!(is_response_key(key), "{key}");
        }
    }

    #[test]
    fn response_keys_rejected() {
        for key in [
            "abc", "999", "99", "600", "099", "6XX", "0XX", "2xx", "2X0", "20", "2000", "",
        ] {
            assert!(!is_response_key(key), "{key}");
        }
    }

    #[test]
    fn misspelt_method_rejected() {
        let document = json!({"paths": {"/a": {
            "gett": {"responses": {"200": {"description": "x"}}},
            "x-note": "kept",
            "summary": "A",
        }}});
        assert_eq!(pointers(&document), ["#/paths/~1a/gett"]);
    }

    #[test]
    fn path_without_slash_rejected() {
        let document = json!({"paths": {"a": {}, "/b": {}, "x-meta": {}}});
        assert_eq!(pointers(&document), ["#/paths/a"]);
    }

    #[test]
    fn bad_callback_response_key_named() {
        let callback = json!({"{$request.body#/url}": {"post": {"responses": {"20": {}}}}});
        let operation = json!({"responses": {"200": {}}, "callbacks": {"onDone": callback}});
        let document = json!({
            "paths": {"/a": {"post": operation}},
            "components": {"callbacks": {"shared": {
                "$ref": "#/components/callbacks/other",
                "/hook": {"put": {"responses": {"ok": {}, "204": {}}}}
            }}}
        });
        assert_eq!(
            pointers(&document),
            [
                "#/paths/~1a/post/callbacks/onDone/{$request.body#~1url}/post/responses/20",
                "#/components/callbacks/shared/~1hook/put/responses/ok",
            ]
        );
    }

    #[test]
    fn bad_response_key_named() {
        let responses = json!({"200": {}, "abc": {}, "9/9": {}});
        let document = json!({"paths": {"/a": {"get": {"responses": responses}}}});
        assert_eq!(
            pointers(&document),
            [
                "#/paths/~1a/get/responses/abc",
                "#/paths/~1a/get/responses/9~19"
            ]
        );
    }
}
