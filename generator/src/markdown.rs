//! Spec descriptions made safe for rustdoc and for the Markdown pages.
//!
//! Spec text is Markdown written for other tools, so it is adjusted before it becomes docs:
//! brackets would be read as intra-doc links, `<` as HTML, bare URLs draw a lint, and an
//! unlabelled or indented code block would be compiled as a doctest.

use std::borrow::Cow;

/// Width at which description lines are wrapped.
const WRAP_WIDTH: usize = 90;

/// Splits `text` into rustdoc lines, each with the leading space that `///` has.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut escaped = String::new();
    for raw in text.trim().lines() {
        let controlled = escape_controls(raw);
        let raw = controlled.as_ref();
        let line = raw.trim();
        if line.starts_with("```") {
            lines.push(fence_line(line, in_fence));
            in_fence = !in_fence;
        } else if in_fence {
            lines.push(format!(" {}", raw.trim_end()));
        } else {
            escaped.clear();
            push_escaped_markdown(&mut escaped, line);
            wrap_into(&mut lines, &escaped);
        }
    }
    if in_fence {
        lines.push(" ```".to_owned());
    }
    for line in &mut lines {
        if line == " " {
            line.clear();
        }
    }
    lines
}

/// Replaces each control character other than a tab or a line feed with its Rust escape, such
/// as NUL with `\0`, so that docs show it and files stay text to tools such as `grep`. Text
/// without such characters, nearly all of it, is returned as it is, without a copy.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let is_escaped = |c: char| c.is_control() && c != '\t' && c != '\n';
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            escaped.extend(c.escape_debug());
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// Marks an opening fence as `text` so rustdoc does not compile its contents.
fn fence_line(line: &str, closing: bool) -> String {
    if closing {
        " ```".to_owned()
    } else {
        let language = line.trim_start_matches('`').trim();
        let language = if language.is_empty() || language.contains("rust") {
            "text"
        } else {
            language
        };
        format!(" ```{language}")
    }
}

/// Escapes brackets and angle brackets outside inline code, and wraps bare URLs in `<>`.
pub fn escape_markdown(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len());
    push_escaped_markdown(&mut escaped, line);
    escaped
}

/// Appends `line` to `out`, escaped as [`escape_markdown`] describes.
fn push_escaped_markdown(out: &mut String, line: &str) {
    for (index, piece) in line.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 {
            out.push_str(piece);
            continue;
        }
        for (position, word) in piece.split(' ').enumerate() {
            if position > 0 {
                out.push(' ');
            }
            push_escaped_word(out, word);
        }
    }
}

fn push_escaped_word(out: &mut String, word: &str) {
    let is_url = word.starts_with("http://") || word.starts_with("https://");
    if is_url && !word.contains(['<', '>', '[', ']', '(', ')']) {
        let url = word.trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        out.push_str(&word[url.len()..]);
        return;
    }
    let mut copied = 0;
    for (at, byte) in word.bytes().enumerate() {
        let replacement = match byte {
            b'\\' => "\\\\",
            b'[' => "\\[",
            b']' => "\\]",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        out.push_str(&word[copied..at]);
        out.push_str(replacement);
        copied = at + 1;
    }
    out.push_str(&word[copied..]);
}

/// Appends `line` to `lines` with a leading space, wrapped at spaces so that no piece passes
/// [`WRAP_WIDTH`] unless one word does.
fn wrap_into(lines: &mut Vec<String>, line: &str) {
    let mut current = String::with_capacity(line.len().min(WRAP_WIDTH) + 1);
    current.push(' ');
    if line.len() <= WRAP_WIDTH {
        current.push_str(line);
        lines.push(current);
        return;
    }
    // `current` holds the leading space and then the piece, so the piece is one byte shorter.
    for word in line.split(' ') {
        let piece = current.len() - 1;
        if piece > 0 && piece + 1 + word.len() > WRAP_WIDTH {
            let mut next = String::with_capacity(WRAP_WIDTH + 1);
            next.push(' ');
            lines.push(std::mem::replace(&mut current, next));
        }
        if current.len() > 1 {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_have_a_leading_space() {
        assert_eq!(doc_lines("Session header"), vec![" Session header"]);
    }

    #[test]
    fn brackets_and_html_are_escaped() {
        assert_eq!(doc_lines("a [b] <c>"), vec![" a \\[b\\] &lt;c&gt;"]);
    }

    #[test]
    fn inline_code_is_kept() {
        assert_eq!(doc_lines("use `Vec<u8>` here"), vec![" use `Vec<u8>` here"]);
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            doc_lines("see https://example.com."),
            vec![" see <https://example.com>."]
        );
    }

    #[test]
    fn unlabelled_fences_become_text() {
        let lines = doc_lines("```\nlet x = 1;\n```");
        assert_eq!(lines, vec![" ```text", " let x = 1;", " ```"]);
    }

    #[test]
    fn indented_lines_are_not_code_blocks() {
        assert_eq!(doc_lines("a\n\n    b"), vec![" a", "", " b"]);
    }

    #[test]
    fn long_lines_wrap() {
        let text = "word ".repeat(40);
        assert!(
            doc_lines(&text)
                .iter()
                .all(|line| line.len() <= WRAP_WIDTH + 1)
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\u{0}b\u{1b}c\rd"), "a\\0b\\u{1b}c\\rd");
        assert_eq!(escape_controls("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(
            doc_lines("The `a\u{0}b` property."),
            vec![" The `a\\0b` property."]
        );
    }
}
