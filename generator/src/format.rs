//! Checks emitted Rust with `syn`, formats it with `prettyplease`, and adds file headers.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::Error;
use crate::emit::rustdoc::LINE_SEPARATOR;
use crate::emit::table_macro;
use crate::markdown::changes_direction;

/// The origin of a generated file, as its header states.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The spec's path as shown to users, such as `spec/openapi.yaml`.
    pub spec_label: &'a str,
    /// `info.title` of the spec.
    pub title: &'a str,
    /// `info.version` of the spec.
    pub version: &'a str,
}

/// Parses `tokens` as a Rust file and prints it in prettyplease's layout, with a blank line
/// between items and between the items of an `impl` block.
///
/// # Errors
///
/// Returns [`Error::InvalidRust`] when the tokens are not a valid Rust file, which is a bug in
/// an emitter rather than in the spec.
pub fn format_rust(file: &str, tokens: TokenStream) -> Result<String, Error> {
    let syntax = syn::parse2::<syn::File>(tokens).map_err(|error| Error::InvalidRust {
        file: file.to_owned(),
        message: error.to_string(),
    })?;

    let mut output = unparse_inner_attrs(syntax.attrs);
    let mut previous: Option<ItemKind> = None;
    for item in syntax.items {
        let kind = ItemKind::of(&item);
        let separated = match previous {
            Some(previous) => previous != kind || kind == ItemKind::Other,
            None => !output.is_empty(),
        };
        if separated {
            output.push('\n');
        }
        previous = Some(kind);
        match item {
            syn::Item::Impl(block) if block.items.len() > 1 => {
                output.push_str(&unparse_impl(block))
            }
            syn::Item::Macro(invocation) if table_macro(&invocation).is_some() => {
                output.push_str(&unparse_table_macro(invocation))
            }
            other => output.push_str(&unparse_items(Vec::new(), vec![other])),
        }
    }
    Ok(split_joined_docs(output))
}

/// Splits each `///` line that contains doc lines joined by [`LINE_SEPARATOR`] into a line per
/// doc line, with the line's indent and marker, and trims the trailing spaces of each as
/// prettyplease trims those of a doc attribute.
fn split_joined_docs(text: String) -> String {
    if !text.contains(LINE_SEPARATOR) {
        return text;
    }
    let mut output = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        let Some((prefix, joined)) = joined_doc_line(line) else {
            output.push_str(line);
            continue;
        };
        for part in joined.split(LINE_SEPARATOR) {
            output.push_str(prefix);
            output.push_str(part.trim_end_matches(' '));
            output.push('\n');
        }
    }
    output
}

/// Returns the indent with the `///` marker, and the joined doc lines after it, of a printed
/// line that contains [`LINE_SEPARATOR`].
fn joined_doc_line(line: &str) -> Option<(&str, &str)> {
    if !line.contains(LINE_SEPARATOR) {
        return None;
    }
    let content = line.strip_suffix('\n').unwrap_or(line);
    let indent = content.len() - content.trim_start_matches(' ').len();
    if !content[indent..].starts_with("///") {
        return None;
    }
    Some(content.split_at(indent + 3))
}

/// Appends the printed `part` of a file emitted in parts to the file's `contents` so far.
///
/// NOTE: a part after the first starts with an item that is not a `use` or a `mod`
/// declaration, so [`format_rust`] would put a blank line before it in the whole file too.
pub fn append_part(contents: &mut String, part: &str) {
    if !contents.is_empty() && !part.is_empty() {
        contents.push('\n');
    }
    contents.push_str(part);
}

/// Kinds of items that print as one block, without blank lines between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    Use,
    ModDeclaration,
    Other,
}

impl ItemKind {
    fn of(item: &syn::Item) -> ItemKind {
        match item {
            syn::Item::Use(_) => ItemKind::Use,
            syn::Item::Mod(module) if module.content.is_none() && module.attrs.is_empty() => {
                ItemKind::ModDeclaration
            }
            _ => ItemKind::Other,
        }
    }
}

/// Prints the file's inner attributes, such as `//!` docs, one per line.
fn unparse_inner_attrs(attrs: Vec<syn::Attribute>) -> String {
    if attrs.is_empty() {
        return String::new();
    }
    // prettyplease puts inner attributes on their own lines only when an item follows them, so
    // a placeholder item is printed and cut off.
    let placeholder: syn::Item = syn::parse_quote!(
        struct Placeholder;
    );
    let printed = unparse_items(attrs, vec![placeholder]);
    match printed.rsplit_once("struct Placeholder;") {
        Some((attrs, _)) => attrs.trim_end().to_owned() + "\n",
        None => printed,
    }
}

fn unparse_items(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    })
}

/// Name of the macro call put before, between and after the members of an `impl` block, so
/// that the block prints once and its text splits into members. No emitter emits it.
const MEMBER_BOUNDARY: &str = "__generator_member_boundary";

/// Prints an `impl` block with a blank line between its associated items.
fn unparse_impl(mut block: syn::ItemImpl) -> String {
    let members = std::mem::take(&mut block.items);
    let empty = unparse_items(Vec::new(), vec![syn::Item::Impl(block.clone())]);
    let header = empty.trim_end().trim_end_matches("{}").trim_end();
    let mut output = format!("{header} {{\n");

    let boundary: syn::ImplItem = syn::parse_quote!(__generator_member_boundary!(););
    let count = members.len();
    let mut marked = Vec::with_capacity(2 * count + 1);
    for member in members {
        marked.push(boundary.clone());
        marked.push(member);
    }
    marked.push(boundary);
    block.items = marked;
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Impl(block)],
    };
    let printed = prettyplease::unparse(&file);

    // Each boundary prints on a line of its own, so the members are the text between those
    // lines. A member whose text has such a line too would split wrongly, and is then printed
    // on its own.
    let boundary_line = format!("\n    {MEMBER_BOUNDARY}!();\n");
    let parts: Vec<&str> = printed.split(&boundary_line).collect();
    if parts.len() == count + 2 {
        for (index, body) in parts[1..=count].iter().enumerate() {
            if index > 0 {
                output.push('\n');
            }
            output.push_str(body);
            output.push('\n');
        }
    } else if let Some(syn::Item::Impl(mut block)) = file.items.into_iter().next() {
        let members = std::mem::take(&mut block.items);
        let members = members.into_iter().skip(1).step_by(2);
        for (index, member) in members.enumerate() {
            if index > 0 {
                output.push('\n');
            }
            output.push_str(&unparse_member(&block, member));
        }
    }
    output.push_str("}\n");
    output
}

/// Prints one associated item of `block`, indented as inside the block.
fn unparse_member(block: &syn::ItemImpl, member: syn::ImplItem) -> String {
    let mut single = block.clone();
    single.items = vec![member];
    let printed = unparse_items(Vec::new(), vec![syn::Item::Impl(single)]);
    let body = printed
        .trim_end()
        .strip_suffix('}')
        .and_then(|rest| rest.split_once("{\n"))
        .map_or(printed.as_str(), |(_, body)| body);
    body.to_owned()
}

/// Prints an invocation of a table macro with a line per entry, where prettyplease would flow
/// its tokens like text. An invocation of another shape prints as prettyplease prints it.
fn unparse_table_macro(invocation: syn::ItemMacro) -> String {
    let braced = matches!(invocation.mac.delimiter, syn::MacroDelimiter::Brace(_));
    let table = macro_table(&invocation.mac.tokens).filter(|_| braced);
    let Some(table) = table else {
        return unparse_items(Vec::new(), vec![syn::Item::Macro(invocation)]);
    };

    let mut empty = invocation;
    let tokens = std::mem::take(&mut empty.mac.tokens);
    let printed = unparse_items(Vec::new(), vec![syn::Item::Macro(empty.clone())]);
    match printed.trim_end().strip_suffix("{}") {
        Some(head) => format!("{head}{table}\n"),
        None => {
            empty.mac.tokens = tokens;
            unparse_items(Vec::new(), vec![syn::Item::Macro(empty)])
        }
    }
}

/// Lays out the body of a table macro, a head such as `Name` or `Name: i64` and a braced list
/// of entries such as `field: "key" kind` or `Variant = "value"`, as a block with the head and
/// a line per entry. Returns `None` for a body of another shape.
fn macro_table(tokens: &TokenStream) -> Option<String> {
    let mut tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let Some(TokenTree::Group(body)) = tokens.pop() else {
        return None;
    };
    if body.delimiter() != Delimiter::Brace {
        return None;
    }

    let head = table_entry(&tokens)?;
    let entries: Vec<TokenTree> = body.stream().into_iter().collect();
    if entries.is_empty() {
        return Some(format!("{{\n    {head} {{}}\n}}"));
    }
    let mut table = format!("{{\n    {head} {{\n");
    let is_comma =
        |token: &TokenTree| matches!(token, TokenTree::Punct(punct) if punct.as_char() == ',');
    for entry in entries.split(is_comma).filter(|entry| !entry.is_empty()) {
        table.push_str(&format!("        {},\n", table_entry(entry)?));
    }
    table.push_str("    }\n}");
    Some(table)
}

/// Prints one entry or the head of a table, with a space between words and literals but none
/// before a `:` or after a `-` sign. Returns `None` for a group or other punctuation.
fn table_entry(tokens: &[TokenTree]) -> Option<String> {
    let mut text = String::new();
    let mut signed = false;
    for token in tokens {
        let glued = match token {
            TokenTree::Punct(punct) if punct.as_char() == ':' => true,
            TokenTree::Punct(punct) if matches!(punct.as_char(), '=' | '-') => signed,
            TokenTree::Ident(_) | TokenTree::Literal(_) => signed,
            _ => return None,
        };
        if !text.is_empty() && !glued {
            text.push(' ');
        }
        text.push_str(&token.to_string());
        signed = matches!(token, TokenTree::Punct(punct) if punct.as_char() == '-');
    }
    (!text.is_empty()).then_some(text)
}

/// Returns `text` fit for a one-line comment of any file type. Line breaks and other control
/// characters become spaces, so spec text cannot end the comment and start code or TOML, and so
/// do direction changes, which rustc rejects in comments. `--` becomes `- -`, so it cannot close
/// a Markdown comment.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || changes_direction(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut line = spaced;
    while line.contains("--") {
        line = line.replace("--", "- -");
    }
    line
}

/// Prepends the generated-file header, in the comment syntax of the file's type.
pub fn with_header(path: &str, contents: &str, origin: &Origin<'_>) -> String {
    let line = format!(
        "@generated by `cargo xtask codegen` from {} ({} {}). Do not edit by hand.",
        one_line(origin.spec_label),
        one_line(origin.title),
        one_line(origin.version)
    );
    let header = if path.ends_with(".rs") {
        // The attribute keeps `cargo fmt` in a workspace that contains the crate from reformatting
        // it, which would make it differ from what the generator writes.
        format!("// {line}\n#![cfg_attr(rustfmt, rustfmt::skip)]\n\n")
    } else if path.ends_with(".md") {
        format!("<!-- {line} -->\n\n")
    } else {
        format!("# {line}\n\n")
    };
    header + contents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_drops_direction_changes() {
        let origin = Origin {
            spec_label: "spec/openapi.yaml",
            title: "Right\u{202E}left",
            version: "1\u{2066}",
        };
        let header = with_header("src/lib.rs", "", &origin);
        assert!(header.contains("(Right left 1 )"), "{header}");
    }

    #[test]
    fn impl_members_get_blank_lines() {
        let tokens = quote::quote! {
            impl A {
                fn a() {}
                fn b() -> u8 { 1 }
            }
        };
        let printed = format_rust("a.rs", tokens).expect("valid Rust");
        let expected = "impl A {\n    fn a() {}\n\n    fn b() -> u8 {\n        1\n    }\n}\n";
        assert_eq!(printed, expected);
    }

    #[test]
    fn impl_serde_prints_property_per_line() {
        let tokens = quote::quote! {
            #[cfg(feature = "pets")]
            crate::fields::impl_serde! {
                Pet { id: "id" required, r#type: "type" optional, nick_name: "nick-name\"" nullable, }
            }
        };
        let printed = format_rust("a.rs", tokens).expect("valid Rust");
        let expected = "#[cfg(feature = \"pets\")]\ncrate::fields::impl_serde! {\n    Pet {\n        \
            id: \"id\" required,\n        r#type: \"type\" optional,\n        \
            nick_name: \"nick-name\\\"\" nullable,\n    }\n}\n";
        assert_eq!(printed, expected);
    }

    #[test]
    fn tables_print_entry_per_line() {
        let tokens = quote::quote! {
            crate::fields::impl_serde! { Empty {} }
            crate::fields::impl_string_enum! { Status { Active = "active", Paused = "paused" } }
            crate::fields::impl_integer_enum! { Level: i64 { Low = -1, High = 2, } }
        };
        let printed = format_rust("a.rs", tokens).expect("valid Rust");
        let expected = "crate::fields::impl_serde! {\n    Empty {}\n}\n\n\
            crate::fields::impl_string_enum! {\n    Status {\n        \
            Active = \"active\",\n        Paused = \"paused\",\n    }\n}\n\n\
            crate::fields::impl_integer_enum! {\n    Level: i64 {\n        \
            Low = -1,\n        High = 2,\n    }\n}\n";
        assert_eq!(printed, expected);
    }

    #[test]
    fn other_macro_shapes_print_as_prettyplease() {
        let tokens = quote::quote! {
            crate::fields::impl_serde! { Pet { id: ("id") } }
            crate::fields::impl_serde!(Pet { id: "id" required });
        };
        let printed = format_rust("a.rs", tokens).expect("valid Rust");
        let expected = "crate::fields::impl_serde! {\n    Pet { id : (\"id\") }\n}\n\n\
            crate::fields::impl_serde!(Pet { id : \"id\" required });\n";
        assert_eq!(printed, expected);
    }

    #[test]
    fn boundary_lookalike_member_prints_alone() {
        let tokens = quote::quote! {
            impl A {
                fn a() {}
                __generator_member_boundary!();
            }
        };
        let printed = format_rust("a.rs", tokens).expect("valid Rust");
        let expected = "impl A {\n    fn a() {}\n\n    __generator_member_boundary!();\n}\n";
        assert_eq!(printed, expected);
    }
}
