//! Rustdoc attributes from spec descriptions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::markdown::doc_lines;

/// Separator of the lines of a doc comment emitted as one attribute.
///
/// NOTE: no doc line contains this control character, because [`doc_lines`] escapes control
/// characters and [`doc_block`] emits a line that contains it as an attribute of its own.
/// [`crate::format::format_rust`] relies on this to split joined lines back apart.
pub const LINE_SEPARATOR: char = '\u{1f}';

/// Returns the doc attributes of the lines of `text`, as [`doc_block`] does.
pub fn doc_attrs(text: &str) -> TokenStream {
    doc_block(&doc_lines(text))
}

/// Returns the doc attributes of `lines`, each line the text after `///`.
///
/// The lines are joined into one `#[doc]` attribute by [`LINE_SEPARATOR`], because what `syn`
/// and prettyplease spend on a doc comment grows with its count of attributes far more than
/// with its length.
/// prettyplease prints the attribute as one `///` line, which
/// [`crate::format::format_rust`] splits into a line per doc line, so the file reads as if
/// each line had an attribute of its own. Lines that prettyplease would not print as a `///`
/// line, such as one that starts with `/`, keep an attribute each.
pub fn doc_block<L: AsRef<str>>(lines: &[L]) -> TokenStream {
    let joinable = lines.len() > 1 && lines.iter().all(|line| can_join(line.as_ref()));
    if !joinable {
        let literals = lines.iter().map(|line| doc_literal(line.as_ref()));
        return quote! { #( #[doc = #literals] )* };
    }

    let length = lines.iter().map(|line| line.as_ref().len() + 1).sum();
    let mut joined = String::with_capacity(length);
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            joined.push(LINE_SEPARATOR);
        }
        joined.push_str(line.as_ref());
    }
    let literal = doc_literal(&joined);
    quote! { #[doc = #literal] }
}

/// Tells whether `line` prints as a `///` line of its own inside a joined attribute.
fn can_join(line: &str) -> bool {
    !line.starts_with('/') && !line.contains(['\n', '\r', LINE_SEPARATOR])
}

/// Returns doc attributes for an optional description, or `fallback` when it is absent or blank.
pub fn doc_or(description: Option<&str>, fallback: &str) -> TokenStream {
    doc_block(&description_lines(description, fallback))
}

/// Returns doc attributes as [`doc_or`] does, followed by a paragraph of the one line `note`.
pub fn doc_or_then(description: Option<&str>, fallback: &str, note: String) -> TokenStream {
    let mut lines = description_lines(description, fallback);
    lines.push(String::new());
    lines.push(note);
    doc_block(&lines)
}

/// Returns the doc lines of an optional description, or of `fallback` when it is absent or
/// blank.
pub fn description_lines(description: Option<&str>, fallback: &str) -> Vec<String> {
    match description {
        Some(text) if !text.trim().is_empty() => doc_lines(text),
        _ => doc_lines(fallback),
    }
}

/// Returns the literal of one doc line, as a raw string where it can be one.
///
/// A raw string is copied as it is. An escaped one is escaped here, then unescaped a character
/// at a time by `syn` and again by prettyplease. prettyplease prints both kinds as the same `///`
/// line, except a line that starts with `/` or contains a line break, which keeps the escaped
/// form, as does a carriage return, which a raw string cannot contain.
pub fn doc_literal(line: &str) -> Literal {
    if line.starts_with('/') || line.contains(['\n', '\r']) {
        return Literal::string(line);
    }
    let hashes = "#".repeat(raw_string_hashes(line));
    let raw = format!("r{hashes}\"{line}\"{hashes}");
    raw.parse().unwrap_or_else(|_| Literal::string(line))
}

/// Returns the number of `#` that a raw string around `text` needs: one more than the longest
/// run of `#` after a quote in `text`, or none when `text` has no quote.
fn raw_string_hashes(text: &str) -> usize {
    let mut needed = 0;
    for (index, _) in text.match_indices('"') {
        let run = text[index + 1..]
            .bytes()
            .take_while(|&byte| byte == b'#')
            .count();
        needed = needed.max(run + 1);
    }
    needed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_literal_keeps_quotes_and_hashes() {
        let cases = [
            ("plain", r#"r"plain""#),
            (r#"a "b" c"#, r##"r#"a "b" c"#"##),
            (r##"a "# b"##, r###"r##"a "# b"##"###),
            ("a\\n \u{7f} é", "r\"a\\n \u{7f} é\""),
        ];
        for (line, expected) in cases {
            assert_eq!(doc_literal(line).to_string(), expected, "{line}");
        }
    }

    #[test]
    fn escaped_literal_for_slash_and_breaks() {
        for line in ["/ starts with a slash", "a\rb", "a\nb"] {
            assert_eq!(
                doc_literal(line).to_string(),
                Literal::string(line).to_string()
            );
        }
    }

    #[test]
    fn joined_lines_print_as_an_attribute_per_line() {
        let blocks: [&[&str]; 5] = [
            &[" first", "", " trailing spaces  ", " `code` and \"# quote"],
            &[" a", "/ starts with a slash", " b"],
            &[" carriage\rreturn", " b"],
            &[" separator \u{1f} inside", " b"],
            &[" one line"],
        ];
        for lines in blocks {
            let joined = doc_block(lines);
            let literals = lines.iter().map(|line| Literal::string(line));
            let separate = quote!(#(#[doc = #literals])*);
            let print = |docs: &TokenStream| {
                let tokens = quote! {
                    #docs
                    pub struct A {
                        #docs
                        pub field: u8,
                    }
                    impl A {
                        #docs
                        pub fn f() {}
                        #docs
                        pub fn g() {}
                    }
                };
                crate::format::format_rust("a.rs", tokens).expect("valid Rust")
            };
            assert_eq!(print(&joined), print(&separate), "{lines:?}");
        }
    }

    #[test]
    fn lines_that_cannot_join_keep_an_attribute_each() {
        let count = |lines: &[&str]| doc_block(lines).into_iter().count() / 2;
        assert_eq!(count(&[" a", " b", " c"]), 1);
        assert_eq!(count(&[" a", "/ b", " c"]), 3);
        assert_eq!(count(&[" a", " b\u{1f}", " c"]), 3);
    }

    #[test]
    fn raw_and_escaped_lines_print_alike() {
        let lines = [
            " plain",
            r##" a "# quote"##,
            " tab\there",
            " back\\slash",
            "",
        ];
        for line in lines {
            let raw = doc_literal(line);
            let escaped = Literal::string(line);
            let print = |literal: &Literal| {
                let tokens = quote!(#[doc = #literal] struct A;);
                crate::format::format_rust("a.rs", tokens).expect("valid Rust")
            };
            assert_eq!(print(&raw), print(&escaped), "{line}");
        }
    }
}
