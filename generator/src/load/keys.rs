//! Checks the keys of the `paths` and `responses` maps before the document is deserialized.
//! `openapiv3` drops a path key without a leading `/` and a response key that is not a status,
//! and it reads any number as a status code.

use serde_json::Value;

use super::limits::Violation;
use super::pointer::escape_pointer_token;

/// Keys of a path item that hold an operation.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Returns a violation for each path key and response key that is not valid.
pub fn check_keys(document: &Value) -> Vec<Violation> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut violations = Vec::new();
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
        for method in METHODS {
            let responses = item
                .get(method)
                .and_then(|operation| operation.get("responses"))
                .and_then(Value::as_object);
            for key in responses.into_iter().flat_map(|responses| responses.keys()) {
                if !is_response_key(key) {
                    let key_pointer = escape_pointer_token(key);
                    violations.push(Violation {
                        pointer: format!("{pointer}/{method}/responses/{key_pointer}"),
                        reason: format!("response key {key:?} is not an HTTP status"),
                        fix: "use `default`, a status code from 100 to 599, or a range from \
                              `1XX` to `5XX`"
                            .to_owned(),
                    });
                }
            }
        }
    }
    violations
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
    fn path_without_slash_rejected() {
        let document = json!({"paths": {"a": {}, "/b": {}, "x-meta": {}}});
        assert_eq!(pointers(&document), ["#/paths/a"]);
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
