//! `src/error_body.rs`: the `ErrorBody` enum of the decoded bodies of error responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rust_type};
use crate::ir::operation::{error_responses, operation_label, status_text};
use crate::ir::{Api, ErrorBodyVariant};

/// Emits `src/error_body.rs`.
pub fn emit_error_body(api: &Api) -> TokenStream {
    let variants = api.error_bodies.iter().map(|variant| {
        let name = ident(&variant.rust_name);
        let ty = rust_type(&variant.ty);
        let doc = format!(" The body of {}.", uses(api, variant).join(", "));
        quote! {
            #[doc = #doc]
            #name(#ty),
        }
    });
    quote! {
        /// The body of an error response, decoded into the type that the spec declares for the
        /// operation and status: a variant per type.
        ///
        /// [`Error::error_body`](crate::Error::error_body) returns it.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
        }
    }
}

/// Returns `` `operationId` status `` for each error response whose body is of the variant's
/// type.
fn uses(api: &Api, variant: &ErrorBodyVariant) -> Vec<String> {
    let mut uses = Vec::new();
    for operation in api.services.iter().flat_map(|service| &service.operations) {
        for response in error_responses(operation) {
            if response
                .body
                .as_ref()
                .is_some_and(|body| body.ty == variant.ty)
            {
                let status = status_text(response.status);
                uses.push(format!("`{}` {status}", operation_label(operation)));
            }
        }
    }
    uses
}
