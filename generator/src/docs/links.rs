//! Paths of the generated pages and the relative links between them.

use crate::ir;

/// Path of the crate's README, relative to the crate root.
pub const README_PATH: &str = "README.md";

/// Returns the path of a service's page, relative to the crate root.
pub fn service_path(service: &ir::Service) -> String {
    format!("docs/sdks/{}/README.md", service.module)
}

/// Returns the path of a model's page, relative to the crate root.
pub fn model_path(model: &ir::Model) -> String {
    format!("docs/models/{}", model.doc_file)
}

/// Returns the anchor of an operation's section on its service page, whose heading is the
/// method name.
///
/// The anchor stays unique on the page because every other heading there has at least two words,
/// so its anchor contains a `-`, which the anchor of an identifier never does.
pub fn operation_anchor(operation: &ir::Operation) -> String {
    heading_anchor(&operation.method_name)
}

/// Returns the anchor GitHub gives a heading: its text lower-cased, without punctuation other
/// than `-` and `_`, and with spaces turned into `-`.
///
/// GitHub appends `-1`, `-2` and so on to repeated anchors of a page; callers keep headings
/// distinct instead.
pub fn heading_anchor(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Returns the link from the page at `from` to the file at `to`, both relative to the crate root.
pub fn relative_link(from: &str, to: &str) -> String {
    let from_dirs = from.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    // `rest` loses the folders that both paths start with, and each other folder of `from`
    // adds a `..`.
    let mut rest = to;
    let mut ups = 0;
    for dir in from_dirs.split_terminator('/') {
        match rest.split_once('/') {
            Some((first, after)) if ups == 0 && first == dir => rest = after,
            _ => ups += 1,
        }
    }
    let mut link = String::with_capacity(3 * ups + rest.len());
    for _ in 0..ups {
        link.push_str("../");
    }
    link.push_str(rest);
    link
}

#[cfg(test)]
mod tests {
    use super::relative_link;

    #[test]
    fn relative_link_between_folders() {
        assert_eq!(
            relative_link("docs/sdks/auth/README.md", "docs/models/project.md"),
            "../../models/project.md"
        );
        assert_eq!(
            relative_link("docs/models/a.md", "docs/models/b.md"),
            "b.md"
        );
        assert_eq!(
            relative_link("README.md", "docs/models/b.md"),
            "docs/models/b.md"
        );
        assert_eq!(
            relative_link("docs/models/b.md", "README.md"),
            "../../README.md"
        );
        assert_eq!(
            relative_link("docs/sdks/auth/README.md", "docs/sdks/users/README.md"),
            "../users/README.md"
        );
        assert_eq!(
            relative_link("docs/a/docs/a.md", "docs/b/docs/b.md"),
            "../../b/docs/b.md"
        );
    }
}
