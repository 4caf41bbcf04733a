//! Lookup of `$ref` targets under `#/components`.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use crate::load::quoted;

/// Limit on `$ref`s that point at other `$ref`s, so that a cycle ends in an error.
const MAX_REF_CHAIN: usize = 64;

/// Returns the name a local reference gives under `prefix`, such as `Pet` for
/// `#/components/schemas/Pet` with prefix `#/components/schemas/`.
///
/// # Errors
///
/// Returns the reason when the reference is external or points elsewhere.
pub fn component_name(reference: &str, prefix: &str) -> Result<String, String> {
    if !reference.starts_with('#') {
        // Each caller's fix is to define the component, which is how an external target is
        // brought in, so the reason names only the problem.
        return Err(format!(
            "external $ref {} is not supported",
            quoted(reference)
        ));
    }
    // A `$ref` is a URI, so its fragment is a JSON pointer with percent-encoding on top
    // (RFC 6901, section 6): `With%20Space` names the component `With Space`. Decoding
    // comes before the pointer's own `/` and `~` escapes are read.
    let decoded = percent_decode(reference).ok_or_else(|| {
        format!(
            "$ref {} has a `%` escape that is not UTF-8",
            quoted(reference)
        )
    })?;
    let Some(name) = decoded.strip_prefix(prefix) else {
        return Err(format!(
            "$ref {} does not point into {}",
            quoted(reference),
            prefix.trim_end_matches('/')
        ));
    };
    if name.contains('/') {
        let escaped = format!("{prefix}{}", name.replace('/', "~1"));
        return Err(format!(
            "$ref {} points inside a component; only whole components can be referenced, and \
             a component whose name contains `/` is referenced with `~1` in its place, as {}",
            quoted(reference),
            quoted(&escaped)
        ));
    }
    let invalid_escape = name
        .match_indices('~')
        .map(|(index, _)| &name[index..])
        .find(|escape| !escape.starts_with("~0") && !escape.starts_with("~1"));
    if let Some(escape) = invalid_escape {
        let escape: String = escape.chars().take(2).collect();
        return Err(format!(
            "$ref {} has `{escape}`, which is not a JSON pointer escape: `~0` escapes `~` and \
             `~1` escapes `/`, and a `~` appears only in those",
            quoted(reference)
        ));
    }
    Ok(crate::load::unescape_pointer_token(name))
}

/// Decodes each `%` followed by two hexadecimal digits in `text` into its byte. A `%` without
/// two such digits is kept as written. Returns `None` when the decoded bytes are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = bytes
            .get(index + 1..index + 3)
            .filter(|_| bytes[index] == b'%')
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

/// Follows `item` through `components` until it reaches a value.
///
/// # Errors
///
/// Returns the reason when a reference is external, names a missing component or loops.
pub fn resolve<'s, T>(
    item: &'s ReferenceOr<T>,
    components: Option<&'s IndexMap<String, ReferenceOr<T>>>,
    prefix: &str,
) -> Result<&'s T, String> {
    let mut current = item;
    for _ in 0..MAX_REF_CHAIN {
        let reference = match current {
            ReferenceOr::Item(value) => return Ok(value),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = component_name(reference, prefix)?;
        current = components
            .and_then(|map| map.get(&name))
            .ok_or_else(|| unresolved(reference, &name, prefix))?;
    }
    Err(format!(
        "$ref chain longer than {MAX_REF_CHAIN} links, or a cycle of $refs"
    ))
}

/// Returns the reason for a reference to a component that does not exist.
pub fn unresolved(reference: &str, name: &str, prefix: &str) -> String {
    format!(
        "unresolved $ref {}: no component named {} under {}",
        quoted(reference),
        quoted(name),
        prefix.trim_end_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMAS: &str = "#/components/schemas/";

    /// A `$ref` far longer than any component name is quoted by its start, so that the message
    /// stays readable.
    #[test]
    fn long_reference_is_quoted_by_its_start() {
        let reference = format!("{SCHEMAS}{}", "a~1~0".repeat(30_000));
        let components: IndexMap<String, ReferenceOr<u8>> = IndexMap::new();
        let item = ReferenceOr::<u8>::Reference {
            reference: reference.clone(),
        };

        let reason = resolve(&item, Some(&components), SCHEMAS).expect_err("no such component");

        assert!(reason.len() < 400, "{} bytes: {reason:.200}", reason.len());
        assert!(reason.contains("150021 bytes"), "{reason}");
    }

    /// In a JSON pointer `~` starts an escape, and only `~0` and `~1` are escapes.
    #[test]
    fn invalid_tilde_escape_is_named() {
        let reason = component_name(&format!("{SCHEMAS}bad~2escape"), SCHEMAS)
            .expect_err("not a pointer escape");
        assert!(reason.contains("`~2`"), "{reason}");
        assert!(
            reason.contains("`~0`") && reason.contains("`~1`"),
            "{reason}"
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        let name = component_name("#/components/schemas/With%20Space", SCHEMAS);
        assert_eq!(name, Ok("With Space".to_owned()));
        let name = component_name("#/components/schemas/Gr%C3%B6%C3%9Fe", SCHEMAS);
        assert_eq!(name, Ok("Größe".to_owned()));
        let name = component_name("#/components/schemas/a%7E1b", SCHEMAS);
        assert_eq!(name, Ok("a/b".to_owned()));
        let name = component_name("#/components/schemas/100%", SCHEMAS);
        assert_eq!(name, Ok("100%".to_owned()));
    }

    #[test]
    fn percent_encoded_slash_separates_tokens() {
        let reason = component_name("#/components/schemas/Pet%2Fid", SCHEMAS).unwrap_err();
        assert!(reason.contains("points inside a component"), "{reason}");
        assert!(
            reason.ends_with(r##"as "#/components/schemas/Pet~1id""##),
            "{reason}"
        );
    }

    #[test]
    fn percent_escape_must_be_utf8() {
        let reason = component_name("#/components/schemas/%FF", SCHEMAS).unwrap_err();
        assert!(reason.contains("is not UTF-8"), "{reason}");
    }
}
