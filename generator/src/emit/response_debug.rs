//! The `Debug` impl of a `{prefix}Response` type whose body or headers are secrets.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::operation::ResponseShape;

/// Tells whether some success response declares a header named like `rust_name` with
/// `format: password`.
fn is_secret_header(shape: &ResponseShape<'_>, rust_name: &str) -> bool {
    shape
        .successes
        .iter()
        .flat_map(|response| &response.headers)
        .any(|header| header.rust_name == rust_name && header.secret)
}

/// Emits a `Debug` impl for the response type `name` that shows `format: password` values as
/// `[REDACTED]`: the body, the typed header fields, and those headers' values in the
/// `headers` map, which it marks sensitive. Returns `None` when the response contains no such
/// value, so the type derives `Debug`.
pub fn emit_response_debug(name: &Ident, shape: &ResponseShape<'_>) -> Option<TokenStream> {
    let body_secret = shape.body.is_some()
        && shape
            .successes
            .iter()
            .any(|response| response.body.as_ref().is_some_and(|body| body.secret));
    let secret_headers: Vec<&str> = shape
        .headers
        .iter()
        .filter(|header| is_secret_header(shape, &header.rust_name))
        .map(|header| header.wire_name.as_str())
        .collect();
    if !body_secret && secret_headers.is_empty() {
        return None;
    }

    let mut entries: Vec<TokenStream> = Vec::new();
    for header in &shape.headers {
        let field = ident(&header.rust_name);
        let label = &header.rust_name;
        let value = match (
            is_secret_header(shape, &header.rust_name),
            shape.header_required(header),
        ) {
            (false, _) => quote!(&self.#field),
            (true, true) => quote!(&"[REDACTED]"),
            (true, false) => quote!(&self.#field.as_ref().map(|_| "[REDACTED]")),
        };
        entries.push(quote!(.field(#label, #value)));
    }
    if let Some(body) = &shape.body {
        let value = match (body_secret, body.optional) {
            (false, _) => quote!(&self.body),
            (true, false) => quote!(&"[REDACTED]"),
            (true, true) => quote!(&self.body.as_ref().map(|_| "[REDACTED]")),
        };
        entries.push(quote!(.field("body", #value)));
    }

    let type_name = name.to_string();
    let headers = if secret_headers.is_empty() {
        quote!(let headers = &self.headers;)
    } else {
        quote! {
            let mut headers = self.headers.clone();
            for name in [#(#secret_headers),*] {
                let Ok(name) = reqwest::header::HeaderName::from_bytes(name.as_bytes()) else {
                    continue;
                };
                if let reqwest::header::Entry::Occupied(mut entry) = headers.entry(name) {
                    for value in entry.iter_mut() {
                        value.set_sensitive(true);
                    }
                }
            }
            let headers = &headers;
        }
    };
    Some(quote! {
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #headers
                f.debug_struct(#type_name)
                    #(#entries)*
                    .field("status", &self.status)
                    .field("headers", headers)
                    .finish()
            }
        }
    })
}
