//! Lookup of `$ref` targets under `#/components`.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

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
        return Err(format!("external $ref {reference:?} is not supported"));
    }
    let Some(name) = reference.strip_prefix(prefix) else {
        return Err(format!(
            "$ref {reference:?} does not point into {}",
            prefix.trim_end_matches('/')
        ));
    };
    if name.contains('/') {
        return Err(format!(
            "$ref {reference:?} points inside a component; only whole components can be referenced"
        ));
    }
    Ok(name.replace("~1", "/").replace("~0", "~"))
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
        "unresolved $ref {reference:?}: no component named {name:?} under {}",
        prefix.trim_end_matches('/')
    )
}
