//! Checks of a path template's braces and placeholders, which the generated methods copy into
//! each request's path.

use super::Resolver;
use super::operations::path_placeholders;

/// A brace of a path template without its partner.
struct UnbalancedBrace {
    /// `{` or `}`.
    brace: char,
    /// Byte offset of the brace in the template.
    offset: usize,
    /// The reason the brace has no partner, a phrase that follows its offset in messages.
    reason: &'static str,
}

impl Resolver<'_> {
    /// Reports a path template, at `pointer`, with a brace that has no partner, and warns
    /// about a placeholder that it names more than once.
    pub(super) fn check_path_template(&mut self, path: &str, pointer: &str) {
        if let Some(unbalanced) = unbalanced_brace(path) {
            let UnbalancedBrace {
                brace,
                offset,
                reason,
            } = unbalanced;
            self.report(
                pointer,
                format!(
                    "path template {path:?} has a `{brace}` at byte {offset} {reason}, so the \
                     method would request the literal path {path:?}"
                ),
                "write each placeholder as `{name}`, or percent-encode a brace that is part of \
                 the path as %7B or %7D",
            );
            return;
        }
        if let Some(mark) = path.chars().find(|c| matches!(c, '?' | '#')) {
            self.warn_query_or_fragment(path, mark, pointer);
        }
        if let Some(segment) = dot_segment(path) {
            self.warn_dot_segment(path, segment, pointer);
        }
        let placeholders = path_placeholders(path);
        for (index, name) in placeholders.iter().enumerate() {
            if placeholders[..index].contains(name) && !placeholders[index + 1..].contains(name) {
                self.warn_repeated_placeholder(path, name, pointer);
            }
        }
    }

    /// Warns that the path template `path`, at `pointer`, contains `mark`, a `?` or `#`. A path
    /// contains no query string or fragment in OpenAPI, so the SDK sends the mark percent-encoded
    /// as part of the path: what the template literally contains, but rarely what its author meant.
    fn warn_query_or_fragment(&mut self, path: &str, mark: char, pointer: &str) {
        let (part, fix) = match mark {
            '?' => (
                "query string",
                "declare the query as parameters with `in: query` and remove it from the path, or \
                 percent-encode the `?` as %3F if it is part of the path",
            ),
            _ => (
                "fragment",
                "remove the `#` and what follows it from the path, or percent-encode it as %23 if \
                 it is part of the path",
            ),
        };
        self.warn(
            pointer,
            format!(
                "path template {path:?} contains `{mark}`, but an OpenAPI path has no \
                 {part}, so the SDK sends the `{mark}` percent-encoded as part of the path"
            ),
            fix,
        );
    }

    /// Warns that the path template `path`, at `pointer`, has the dot segment `segment`, which
    /// the URL parser resolves, so the request goes to another path than the template shows.
    fn warn_dot_segment(&mut self, path: &str, segment: &str, pointer: &str) {
        self.warn(
            pointer,
            format!(
                "path template {path:?} has the segment {segment:?}, which the URL parser \
                 resolves as a dot segment, so the SDK sends requests to another path than \
                 the template shows"
            ),
            "write the path without `.` and `..` segments, or percent-encode a dot that is part \
             of a name",
        );
    }

    /// Warns that the path template `path`, at `pointer`, has the placeholder `name` more than
    /// once. The SDK fills every copy with the one parameter's value, so the request is well
    /// formed, which makes this a warning rather than an error.
    fn warn_repeated_placeholder(&mut self, path: &str, name: &str, pointer: &str) {
        self.warn(
            pointer,
            format!(
                "path template {path:?} has the placeholder {{{name}}} more than once, so the \
                 SDK sends the value of path parameter {name:?} in each place. The OpenAPI \
                 Specification ties each path parameter to one template expression, so a \
                 server that matches the template may reject or misread the path"
            ),
            "give each placeholder its own name and declare a path parameter for each",
        );
    }
}

/// Returns the first brace of `path` that has no partner: a `{` inside a placeholder or left
/// open at the end, or a `}` outside any placeholder.
fn unbalanced_brace(path: &str) -> Option<UnbalancedBrace> {
    let mut open: Option<usize> = None;
    for (offset, character) in path.char_indices() {
        match (character, open) {
            ('{', Some(_)) => {
                return Some(UnbalancedBrace {
                    brace: '{',
                    offset,
                    reason: "inside another placeholder",
                });
            }
            ('{', None) => open = Some(offset),
            ('}', Some(_)) => open = None,
            ('}', None) => {
                return Some(UnbalancedBrace {
                    brace: '}',
                    offset,
                    reason: "that no `{` opens",
                });
            }
            _ => {}
        }
    }
    open.map(|offset| UnbalancedBrace {
        brace: '{',
        offset,
        reason: "without a closing `}`",
    })
}

/// Returns the first segment of the path template `path` that the URL parser reads as `.` or
/// `..`. It reads `%2e` as a dot and, in `http` and `https` URLs, `\` as `/`.
fn dot_segment(path: &str) -> Option<&str> {
    path.split(['/', '\\']).find(|segment| {
        let dots = segment.to_ascii_lowercase().replace("%2e", ".");
        dots == "." || dots == ".."
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brace_at(path: &str) -> Option<(char, usize)> {
        unbalanced_brace(path).map(|unbalanced| (unbalanced.brace, unbalanced.offset))
    }

    #[test]
    fn balanced_templates_pass() {
        assert_eq!(brace_at("/a/{id}/b/{name}"), None);
        assert_eq!(brace_at("/plain"), None);
    }

    #[test]
    fn unbalanced_braces_are_found() {
        assert_eq!(brace_at("/a/{id"), Some(('{', 3)));
        assert_eq!(brace_at("/a/id}"), Some(('}', 5)));
        assert_eq!(brace_at("/a/{b{c}}"), Some(('{', 5)));
        assert_eq!(brace_at("/a/{b}}"), Some(('}', 6)));
    }
}
