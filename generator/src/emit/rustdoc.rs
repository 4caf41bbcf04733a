//! Rustdoc attributes from spec descriptions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::markdown::doc_lines;

/// Returns one `#[doc = r"..."]` attribute per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text).into_iter().map(|line| doc_literal(&line));
    quote! { #( #[doc = #lines] )* }
}

/// Returns doc attributes for an optional description, or `fallback` when it is absent or blank.
pub fn doc_or(description: Option<&str>, fallback: &str) -> TokenStream {
    match description {
        Some(text) if !text.trim().is_empty() => doc_attrs(text),
        _ => doc_attrs(fallback),
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
