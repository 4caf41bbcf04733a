//! A guard against two outputs of one generation that map to the same file, where the later
//! one would silently replace the earlier.

use std::collections::BTreeMap;

use crate::Error;

/// Checks that no two of `outputs`, each a path relative to the crate root and a description
/// of its contents, share a path.
///
/// # Errors
///
/// Returns [`Error::DuplicateOutput`] naming the first shared path and both of its outputs.
pub(crate) fn check_unique_paths(
    outputs: impl IntoIterator<Item = (String, String)>,
) -> Result<(), Error> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, origin) in outputs {
        if let Some(first) = seen.get(&path) {
            return Err(Error::DuplicateOutput {
                first: first.clone(),
                second: origin,
                path,
            });
        }
        seen.insert(path, origin);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(path: &str, origin: &str) -> (String, String) {
        (path.to_owned(), origin.to_owned())
    }

    #[test]
    fn distinct_paths_pass() {
        let outputs = [output("src/a.rs", "one"), output("src/b.rs", "two")];
        assert!(check_unique_paths(outputs).is_ok());
    }

    #[test]
    fn shared_path_names_both_outputs() {
        let outputs = [
            output("src/headers.rs", "the runtime file"),
            output("src/lib.rs", "the crate root"),
            output("src/headers.rs", "the service of tag \"headers\""),
        ];
        let error = check_unique_paths(outputs).expect_err("two outputs share a path");
        assert_eq!(
            error.to_string(),
            "src/headers.rs: the runtime file and the service of tag \"headers\" map to the same \
             file; please report this with the spec"
        );
    }
}
