//! Rustdoc attributes from spec descriptions.

use proc_macro2::TokenStream;
use quote::quote;

use crate::markdown::doc_lines;

/// Returns one `#[doc = " ..."]` attribute per line of `text`.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Returns doc attributes for an optional description, or `fallback` when it is absent or blank.
pub fn doc_or(description: Option<&str>, fallback: &str) -> TokenStream {
    match description {
        Some(text) if !text.trim().is_empty() => doc_attrs(text),
        _ => doc_attrs(fallback),
    }
}
