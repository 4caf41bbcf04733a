//! JSON pointers (RFC 6901) in the `#/...` form that `$ref` uses.

/// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
pub fn escape_pointer_token(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Returns the key that the JSON pointer token `token` escapes, such as `/pets` for `~1pets`.
pub fn unescape_pointer_token(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// Turns a `serde_path_to_error` path into a JSON pointer such as `#/paths/~1pets/get`.
pub fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;

    let mut pointer = String::from("#");
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => escape_pointer_token(key),
            Segment::Enum { variant } => escape_pointer_token(variant),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token);
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_escapes_tilde_before_slash() {
        assert_eq!(escape_pointer_token("/rpc/auth.info"), "~1rpc~1auth.info");
        assert_eq!(escape_pointer_token("a~/b"), "a~0~1b");
    }
}
