//! Spec descriptions made safe for rustdoc and for the Markdown pages.
//!
//! Spec text is Markdown written for other tools, so it is adjusted before it becomes docs:
//! brackets would be read as intra-doc links, `<` as HTML unless it opens an autolink, bare URLs
//! draw a lint, and an unlabelled or indented code block would be compiled as a doctest.
//!
//! Names and values from the spec are put in code spans by [`code_span`], which picks the
//! backticks that the text needs.

use std::borrow::Cow;

/// Width at which description lines are wrapped.
const WRAP_WIDTH: usize = 90;

/// Splits `text` into rustdoc lines, each with the leading space that `///` has.
///
/// Lines are wrapped at [`WRAP_WIDTH`]. A list item's further lines are indented under the
/// item's text: those the wrap adds, and those that follow the item in `text` up to a blank
/// line. Markdown then keeps them in the item, and clippy's `doc_lazy_continuation` lint stays
/// quiet. Nested lists come out flat, because each line is trimmed.
pub fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut escaped = String::new();
    // The indent of the text of the list item that the current line continues.
    let mut item_indent: Option<usize> = None;
    for raw in text.trim().lines() {
        let controlled = escape_controls(raw);
        let spaced = expand_tabs(&controlled);
        let raw = spaced.as_ref();
        let line = raw.trim();
        if is_fence(line, in_fence) {
            lines.push(fence_line(line, in_fence));
            in_fence = !in_fence;
            item_indent = None;
        } else if in_fence {
            lines.push(format!(" {}", raw.trim_end()));
        } else {
            escaped.clear();
            push_escaped_markdown(&mut escaped, line);
            if line.is_empty() {
                item_indent = None;
                wrap_into(&mut lines, &escaped, 0, 0);
            } else if let Some(marker) = list_marker_len(line) {
                item_indent = Some(marker);
                wrap_into(&mut lines, &escaped, 0, marker);
            } else {
                let indent = item_indent.unwrap_or(0);
                wrap_into(&mut lines, &escaped, indent, indent);
            }
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

/// Puts `text` on one line of Markdown, for a table cell or a list item: its lines are escaped
/// as in [`doc_lines`] and joined by `<br>`. A cell cannot hold a code block, so each line of a
/// fenced code block becomes a code span of its own, and the fences are left out.
pub fn inline_markdown(text: &str) -> String {
    let mut inline = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut first = true;
    for line in text.trim().lines() {
        let line = line.trim();
        if is_fence(line, in_fence) {
            in_fence = !in_fence;
            continue;
        }
        if !first {
            inline.push_str("<br>");
        }
        first = false;
        if !in_fence {
            push_escaped_markdown(&mut inline, line);
        } else if !line.is_empty() {
            inline.push_str(&code_span(line));
        }
    }
    inline
}

/// Replaces each control character other than a tab or a line feed, and each character that
/// changes the direction of text, with its Rust escape, such as NUL with `\0`. Docs then show
/// it, files stay text to tools such as `grep`, and rustc, which rejects direction changes in
/// doc comments, compiles the crate. Text without such characters, nearly all of it, is
/// returned as it is, without a copy.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    let is_escaped = |c: char| (c.is_control() && c != '\t' && c != '\n') || changes_direction(c);
    if !may_contain_controls(text) {
        return Cow::Borrowed(text);
    }
    escape_chars(text, is_escaped)
}

/// Replaces each character of `text` that `is_escaped` picks with its Rust escape.
fn escape_chars(text: &str, is_escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&is_escaped) {
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

/// Replaces each tab with four spaces, because clippy's `tabs_in_doc_comments` lint warns of
/// tabs in doc comments.
fn expand_tabs(text: &str) -> Cow<'_, str> {
    if text.contains('\t') {
        Cow::Owned(text.replace('\t', "    "))
    } else {
        Cow::Borrowed(text)
    }
}

/// Tells whether `c` is one of the embedding, override and isolate characters that change the
/// direction of the text after them: U+202A to U+202E and U+2066 to U+2069.
pub fn changes_direction(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Tells whether `text` may contain a character that [`escape_controls`] replaces, from its
/// bytes alone, which is faster than decoding its characters. Those characters are the C0
/// controls other than a tab and a line feed, DEL, the C1 controls U+0080 to U+009F, whose
/// UTF-8 encodings start with the byte 0xC2, and the direction changes, which start with 0xE2.
fn may_contain_controls(text: &str) -> bool {
    let is_candidate = |byte: u8| {
        (byte < 0x20 && byte != b'\t' && byte != b'\n') || matches!(byte, 0x7F | 0xC2 | 0xE2)
    };
    // Each chunk is folded without an early exit, so that the compiler can vectorize the scan.
    text.as_bytes().chunks(32).any(|chunk| {
        chunk
            .iter()
            .fold(false, |found, &byte| found | is_candidate(byte))
    })
}

/// Tells whether the trimmed `line` opens a fenced code block, or closes one when `in_fence`.
/// A fence starts with three backticks. An opening fence has no backtick after them, because
/// Markdown reads a line such as ```` ```a``` text ```` as a paragraph with a code span.
fn is_fence(line: &str, in_fence: bool) -> bool {
    let Some(rest) = line.strip_prefix("```") else {
        return false;
    };
    in_fence || !rest.trim_start_matches('`').contains('`')
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

/// Appends `line` to `out` with brackets and angle brackets outside code spans escaped, and
/// bare URLs wrapped in `<>`. Code spans and autolinks, such as `<https://...>`, are copied as
/// they are, and inline links to absolute URLs, `[text](https://...)`, stay links.
///
/// A run of backticks that no run of the same length closes on the line is escaped, because
/// Markdown could pair it with a backtick on another line and show the escapes between them
/// as code.
pub fn push_escaped_markdown(out: &mut String, line: &str) {
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let (text, from_run) = rest.split_at(start);
        push_escaped_text(out, text);
        let run = backtick_run(from_run);
        let after = &from_run[run..];
        match find_backtick_run(after, run) {
            Some(close) => {
                let span = run + close + run;
                out.push_str(&from_run[..span]);
                rest = &from_run[span..];
            }
            None => {
                for _ in 0..run {
                    out.push_str("\\`");
                }
                rest = after;
            }
        }
    }
    push_escaped_text(out, rest);
}

/// Appends `text`, which has no backtick, escaped as [`push_escaped_markdown`] describes.
fn push_escaped_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some((before, label, url, after)) = split_link(rest) {
        push_escaped_words(out, before, true);
        out.push('[');
        push_escaped_words(out, label, false);
        out.push_str("](");
        out.push_str(url);
        out.push(')');
        rest = after;
    }
    push_escaped_words(out, rest, true);
}

/// Returns the number of backticks that `text` starts with.
fn backtick_run(text: &str) -> usize {
    text.bytes().take_while(|&byte| byte == b'`').count()
}

/// Returns the offset of the first run of exactly `length` backticks in `text`, which closes a
/// code span that a run of that length opens.
fn find_backtick_run(text: &str, length: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find('`') {
        let start = from + at;
        let run = backtick_run(&text[start..]);
        if run == length {
            return Some(start);
        }
        from = start + run;
    }
    None
}

/// Returns `text` as a Markdown code span that shows it as it is, in rustdoc, in a page and, with
/// each `|` escaped as a table needs, in a table cell.
///
/// The backtick runs around `text` are one longer than the longest run in it. A space pads
/// `text` inside them when it starts or ends with a backtick, which would otherwise join the
/// runs. A space also pads text that starts and ends with a space, because Markdown strips one
/// space from each end of such a span.
///
/// Control characters, line breaks and tabs among them, and characters that change the
/// direction of text become their Rust escapes, such as `\n`, so that the span stays on one
/// line and shows them. Empty text, which no code span can hold, gives two backticks.
pub fn code_span(text: &str) -> String {
    // Most names are printable ASCII without backticks, which need one backtick on each side.
    let plain = text
        .bytes()
        .all(|byte| (b' '..=b'~').contains(&byte) && byte != b'`');
    if plain && !text.starts_with(' ') && !text.is_empty() {
        let mut span = String::with_capacity(text.len() + 2);
        span.push('`');
        span.push_str(text);
        span.push('`');
        return span;
    }

    let text = escape_all_controls(text);
    let mut longest = 0;
    let mut rest = text.as_ref();
    while let Some(start) = rest.find('`') {
        let run = backtick_run(&rest[start..]);
        longest = longest.max(run);
        rest = &rest[start + run..];
    }
    let only_spaces = text.bytes().all(|byte| byte == b' ');
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !only_spaces);
    let fence = "`".repeat(longest + 1);
    let padding = if pad { " " } else { "" };
    format!("{fence}{padding}{text}{padding}{fence}")
}

/// Replaces each control character, tabs and line feeds included, the line and paragraph
/// separators U+2028 and U+2029, and each character that changes the direction of text with
/// its Rust escape.
fn escape_all_controls(text: &str) -> Cow<'_, str> {
    let is_escaped =
        |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || changes_direction(c);
    escape_chars(text, is_escaped)
}

/// Finds the first inline link `[label](url)` in `text` whose URL is absolute (`http`,
/// `https` or `mailto`) and has no space. Returns the text before it, the label, the URL and
/// the text after it. Other links stay escaped as text, because a relative target means
/// nothing in the generated crate.
fn split_link(text: &str) -> Option<(&str, &str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|at| from + at) {
        from = open + 1;
        let close = text[open..].find(']').map(|at| open + at)?;
        let label = &text[open + 1..close];
        let Some(target) = text[close + 1..].strip_prefix('(') else {
            continue;
        };
        let Some(end) = target.find(')') else {
            continue;
        };
        let url = &target[..end];
        let absolute = ["http://", "https://", "mailto:"]
            .iter()
            .any(|scheme| url.starts_with(scheme));
        if label.is_empty() || label.contains('[') || !absolute || url.contains([' ', '<', '>']) {
            continue;
        }
        let after = &target[end + 1..];
        return Some((&text[..open], label, url, after));
    }
    None
}

/// Appends the space-separated words of `text` to `out`, each escaped. With `autolink`, bare
/// URLs become `<...>` autolinks and autolinks stay as written. A link's label gets neither,
/// because a link cannot hold a link, so its `<` is escaped.
fn push_escaped_words(out: &mut String, text: &str, autolink: bool) {
    // Most spec text has nothing to escape and no URL, and is copied as it is.
    let escapes = text
        .bytes()
        .any(|byte| matches!(byte, b'\\' | b'[' | b']' | b'<' | b'>'));
    let has_url = autolink && text.contains("http");
    if !escapes && !has_url {
        out.push_str(text);
        return;
    }
    for (position, word) in text.split(' ').enumerate() {
        if position > 0 {
            out.push(' ');
        }
        push_escaped_word(out, word, autolink);
    }
}

fn push_escaped_word(out: &mut String, word: &str, autolink: bool) {
    let is_url = word.starts_with("http://") || word.starts_with("https://");
    if autolink && is_url && !word.contains(['<', '>', '[', ']', '(', ')']) {
        let url = word.trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        out.push_str(&word[url.len()..]);
        return;
    }
    let mut copied = 0;
    let mut from = 0;
    while let Some(offset) = word[from..].find(['\\', '[', ']', '<', '>']) {
        let at = from + offset;
        if autolink && let Some(length) = autolink_length(&word[at..]) {
            from = at + length;
            continue;
        }
        let replacement = match word.as_bytes()[at] {
            b'\\' => "\\\\",
            b'[' => "\\[",
            b']' => "\\]",
            b'<' => "&lt;",
            _ => "&gt;",
        };
        out.push_str(&word[copied..at]);
        out.push_str(replacement);
        copied = at + 1;
        from = at + 1;
    }
    out.push_str(&word[copied..]);
}

/// Returns the length of the CommonMark autolink that `text` starts with, if any, `<` and `>`
/// included. That is a URI such as `<https://example.com>`, whose scheme has 2 to 32 letters,
/// digits, `+`, `.` or `-` and starts with a letter, or an email address such as
/// `<user@example.com>`.
fn autolink_length(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('<')?;
    let target = &inner[..inner.find('>')?];
    (is_uri(target) || is_email_address(target)).then_some(target.len() + 2)
}

/// Tells whether `text` is the URI of an autolink: a scheme, `:`, and no space, control
/// character or `<`.
fn is_uri(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let scheme_char = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'.' | b'-');
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && (2..=32).contains(&scheme.len())
        && scheme.bytes().all(scheme_char)
        && !text.chars().any(|c| c.is_control() || c == ' ' || c == '<')
}

/// Tells whether `text` is the email address of an autolink, as CommonMark defines it.
fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_char =
        |byte: u8| byte.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&byte);
    let is_label = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    !local.is_empty() && local.bytes().all(local_char) && domain.split('.').all(is_label)
}

/// Returns the width of the list marker that starts `line`, with the space after it: 2 for
/// `- item`, 3 for `1. item`. Markdown reads a line indented by that width as part of the item.
fn list_marker_len(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    line[marker..].starts_with(' ').then_some(marker + 1)
}

/// Tells whether `word` at the start of a line could begin a Markdown block, so that a wrapped
/// line must not start with it. Such blocks are list items, headings, quotes, code fences, HTML,
/// and rules or heading underlines made of `-`, `=`, `*` or `_`.
fn starts_block(word: &str) -> bool {
    matches!(word, "+" | "|")
        || word.starts_with(['#', '>', '<'])
        || word
            .bytes()
            .all(|byte| matches!(byte, b'-' | b'=' | b'*' | b'_'))
        || word.starts_with("```")
        || word.starts_with("~~~")
        || list_marker_len(&format!("{word} ")).is_some()
}

/// Appends `line` to `lines` with a leading space and `first_indent` more spaces, wrapped at
/// spaces so that no piece passes [`WRAP_WIDTH`] unless one word does. The lines the wrap adds
/// get `indent` spaces. A break never comes inside a code span, whose text Markdown does not
/// escape, nor before a word that [`starts_block`] flags.
pub(crate) fn wrap_into(lines: &mut Vec<String>, line: &str, first_indent: usize, indent: usize) {
    let start = |width: usize| {
        let mut start = String::with_capacity(WRAP_WIDTH + 1);
        start.push(' ');
        start.extend(std::iter::repeat_n(' ', width));
        start
    };
    if line.is_empty() {
        lines.push(" ".to_owned());
        return;
    }
    // `current` contains the leading space, the indent and then the piece.
    let mut current = start(first_indent);
    let mut piece_empty = true;
    let mut open_span = None;
    for word in line.split(' ') {
        let width = current.len() - 1;
        let too_long = !piece_empty && width + 1 + word.len() > WRAP_WIDTH;
        if too_long && open_span.is_none() && !starts_block(word) {
            lines.push(std::mem::replace(&mut current, start(indent)));
            piece_empty = true;
        }
        if !piece_empty {
            current.push(' ');
        }
        current.push_str(word);
        piece_empty = false;
        open_span = code_span_after(word, open_span);
    }
    lines.push(current);
}

/// Returns the length of the backtick run that opened the code span still open after `word`,
/// given the one open before it. Returns `None` outside a code span.
///
/// A run of backticks opens a span, and only a run of the same length closes it. Outside a
/// span, a backslash makes the backtick after it plain text. Markdown reads an opening run that
/// nothing closes as plain text, but here it opens a span to the end of the line. That only
/// keeps the rest of the line from wrapping.
fn code_span_after(word: &str, mut open: Option<usize>) -> Option<usize> {
    if !word.contains('`') {
        return open;
    }
    let bytes = word.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' if open.is_none() => index += 2,
            b'`' => {
                let run = bytes[index..]
                    .iter()
                    .take_while(|&&byte| byte == b'`')
                    .count();
                open = match open {
                    None => Some(run),
                    Some(length) if length == run => None,
                    other => other,
                };
                index += run;
            }
            _ => index += 1,
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_changes_escaped() {
        let text = "right\u{202E}left \u{2066}isolated\u{2069} plain \u{2014}";
        let escaped = escape_controls(text);
        assert_eq!(
            escaped,
            "right\\u{202e}left \\u{2066}isolated\\u{2069} plain \u{2014}"
        );
    }

    #[test]
    fn doc_lines_expand_tabs() {
        assert_eq!(doc_lines("a\tb"), vec![" a    b".to_owned()]);
        let fenced = doc_lines("```\n\tcode\n```");
        assert_eq!(fenced[1], "     code");
    }

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
    fn absolute_links_are_kept() {
        assert_eq!(
            doc_lines("Swagger at [https://swagger.io](https://swagger.io)."),
            vec![" Swagger at [https://swagger.io](https://swagger.io)."]
        );
        assert_eq!(
            doc_lines("See [the <docs>](https://example.com/a_(b)) or [x](mailto:a@b.c)"),
            vec![" See [the &lt;docs&gt;](https://example.com/a_(b)) or [x](mailto:a@b.c)"]
        );
    }

    #[test]
    fn relative_links_are_escaped() {
        assert_eq!(
            doc_lines("[Pet](#/components/schemas/Pet) and [a] (https://x.y)"),
            vec![" \\[Pet\\](#/components/schemas/Pet) and \\[a\\] (https://x.y)"]
        );
    }

    #[test]
    fn wrapped_list_items_are_indented() {
        let item = format!("- {}", "word ".repeat(25));
        let text = format!(
            "Intro:\n{item}\nlazy line\n1. {}\n\nafter",
            "number ".repeat(15)
        );
        let lines = doc_lines(&text);
        assert_eq!(lines[0], " Intro:");
        assert!(lines[1].starts_with(" - word"), "{lines:#?}");
        assert!(lines[2].starts_with("   word"), "{lines:#?}");
        assert_eq!(lines[3], "   lazy line");
        assert!(lines[4].starts_with(" 1. number"), "{lines:#?}");
        assert!(lines[5].starts_with("    number"), "{lines:#?}");
        assert_eq!(lines[6], "");
        assert_eq!(lines[7], " after");
        assert_eq!(lines.len(), 8, "{lines:#?}");
    }

    #[test]
    fn wrap_never_starts_a_block() {
        let text = format!("{} - 2 # 3 1. 4", "a".repeat(86));
        for line in doc_lines(&text).iter().skip(1) {
            let first = line.trim_start().split(' ').next().unwrap_or_default();
            assert!(!starts_block(first), "{line:?}");
        }
    }

    #[test]
    fn wrap_keeps_code_spans_on_one_line() {
        let label = code_span("pppp <script>alert(1)</script> -- == *** ___ <!-- x");
        let text = format!("The body of {} {label} 400.", "a".repeat(70));

        let lines = doc_lines(&text);

        assert!(lines.iter().any(|line| line.contains(&label)), "{lines:#?}");
    }

    #[test]
    fn wrap_never_starts_html_or_a_rule() {
        for word in ["<script>", "<!--", "--", "==", "***", "___", ">quote"] {
            let text = format!("{} {word} tail", "a".repeat(88));
            let mut lines = Vec::new();
            wrap_into(&mut lines, &text, 0, 0);
            assert!(lines[1].starts_with(" tail"), "{word}: {lines:#?}");
        }
    }

    #[test]
    fn code_span_state_follows_backtick_runs() {
        assert_eq!(code_span_after("`a", None), Some(1));
        assert_eq!(code_span_after("b`", Some(1)), None);
        assert_eq!(code_span_after("``", None), Some(2));
        assert_eq!(code_span_after("`x`", Some(2)), Some(2));
        assert_eq!(code_span_after("\\`a", None), None);
        assert_eq!(code_span_after("\\`", Some(1)), None);
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
    fn autolinks_are_kept() {
        assert_eq!(
            doc_lines("See <https://example.com/docs>."),
            vec![" See <https://example.com/docs>."]
        );
        assert_eq!(
            doc_lines("Mail <ops@example.com>, (<ftp://example.com/a\\b>)"),
            vec![" Mail <ops@example.com>, (<ftp://example.com/a\\b>)"]
        );
        assert_eq!(
            doc_lines("<urn:isbn:0451450523><b>"),
            vec![" <urn:isbn:0451450523>&lt;b&gt;"]
        );
    }

    #[test]
    fn angle_brackets_that_are_no_autolinks_are_escaped() {
        let cases = [
            ("<b>bold</b>", " &lt;b&gt;bold&lt;/b&gt;"),
            ("<a:b>", " &lt;a:b&gt;"),
            ("<1ab:c>", " &lt;1ab:c&gt;"),
            ("<https://a b>", " &lt;https://a b&gt;"),
            ("<@example.com>", " &lt;@example.com&gt;"),
            ("<a@-example.com>", " &lt;a@-example.com&gt;"),
            ("<https://example.com", " &lt;https://example.com"),
        ];
        for (text, expected) in cases {
            assert_eq!(doc_lines(text), vec![expected], "{text}");
        }
    }

    #[test]
    fn link_label_autolink_is_escaped() {
        assert_eq!(
            doc_lines("[see <https://a.example>](https://b.example)"),
            vec![" [see &lt;https://a.example&gt;](https://b.example)"]
        );
    }

    #[test]
    fn code_span_fits_its_text() {
        let cases = [
            ("name", "`name`"),
            ("a|b", "`a|b`"),
            ("c`d", "``c`d``"),
            ("e``f", "```e``f```"),
            ("`x`", "`` `x` ``"),
            ("a`", "`` a` ``"),
            ("` ", "`` `  ``"),
            (" a ", "`  a  `"),
            (" a", "` a`"),
            (" ", "` `"),
            ("", "``"),
            ("line\nbreak", "`line\\nbreak`"),
            ("tab\there", "`tab\\there`"),
            ("nul\u{0} esc\u{1b}", "`nul\\0 esc\\u{1b}`"),
            ("turn\u{202E}ed \u{2028}", "`turn\\u{202e}ed \\u{2028}`"),
        ];
        for (text, expected) in cases {
            assert_eq!(code_span(text), expected, "{text:?}");
        }
    }

    #[test]
    fn longer_code_spans_are_kept() {
        assert_eq!(
            doc_lines("Use ``a ` <b>`` and ```c`` [d]```."),
            vec![" Use ``a ` <b>`` and ```c`` [d]```."]
        );
    }

    #[test]
    fn unmatched_backticks_are_escaped() {
        assert_eq!(
            doc_lines("a lone ` tick <b> and `` two"),
            vec![" a lone \\` tick &lt;b&gt; and \\`\\` two"]
        );
        assert_eq!(doc_lines("``a`"), vec![" \\`\\`a\\`"]);
    }

    #[test]
    fn fence_needs_a_plain_info_string() {
        assert_eq!(
            doc_lines("```a``` <b>\n<i>"),
            vec![" ```a``` &lt;b&gt;", " &lt;i&gt;"]
        );
    }

    #[test]
    fn wrap_never_starts_a_fence() {
        let text = format!("{} ``` x`` ```", "a".repeat(87));
        let lines = doc_lines(&text);
        assert!(
            lines
                .iter()
                .skip(1)
                .all(|line| !line.trim_start().starts_with("```")),
            "{lines:#?}"
        );
    }

    #[test]
    fn inline_markdown_joins_lines() {
        assert_eq!(
            inline_markdown("a <b>\n\nc | d"),
            "a &lt;b&gt;<br><br>c | d"
        );
        assert_eq!(
            inline_markdown("Run:\n```sh\nls `pwd`\n\n```\ndone"),
            "Run:<br>`` ls `pwd` ``<br><br>done"
        );
        assert_eq!(inline_markdown("```\ncode"), "`code`");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("a\u{0}b\u{1b}c\rd"), "a\\0b\\u{1b}c\\rd");
        assert_eq!(escape_controls("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(escape_controls("del\u{7f}"), "del\\u{7f}");
        assert_eq!(escape_controls("c1\u{85}\u{9f}"), "c1\\u{85}\\u{9f}");
        assert_eq!(escape_controls("no\u{a0}break"), "no\u{a0}break");
        assert_eq!(
            doc_lines("The `a\u{0}b` property."),
            vec![" The `a\\0b` property."]
        );
    }
}
