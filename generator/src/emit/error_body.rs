//! `src/error_body.rs`: the `ErrorBody` enum of the decoded bodies of error responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::{allow_spec_variant_names, ident, rust_type};
use crate::ir::operation::{error_responses, operation_label, status_text};
use crate::ir::{Api, BodyEncoding, ErrorBodyVariant, Operation, Response};
use crate::markdown::code_span;

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
    let allow_variant_names = allow_spec_variant_names();
    let allow_large_variants = super::allow_large_variants();
    quote! {
        /// The body of an error response, decoded into the type that the spec declares for the
        /// operation and status: a variant per type.
        ///
        /// [`Error::error_body`](crate::Error::error_body) returns it.
        #allow_variant_names
        #allow_large_variants
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
                .json_body()
                .is_some_and(|body| body.ty == variant.ty)
            {
                let status = status_text(response.status);
                uses.push(format!(
                    "{} {status}",
                    code_span(&operation_label(operation))
                ));
            }
        }
    }
    uses
}

/// Emits the `Error::Api` of an error response, with its JSON body decoded into `ErrorBody`
/// when it declares one.
pub(super) fn emit_api_error(api: &Api, response: &Response) -> TokenStream {
    let variant = response.json_body().and_then(|body| {
        api.error_bodies
            .iter()
            .find(|variant| variant.ty == body.ty)
    });
    match variant {
        Some(variant) => {
            let name = ident(&variant.rust_name);
            quote!(received.into_typed_api_error(crate::ErrorBody::#name))
        }
        None => quote!(received.into_api_error()),
    }
}

/// Documents the `ErrorBody` variant that each error status of `operation` decodes into, and
/// the error statuses whose text or binary body stays undecoded.
pub(super) fn error_bodies_doc(api: &Api, operation: &Operation) -> Vec<String> {
    let mut lines = typed_error_doc(api, operation);
    lines.extend(raw_error_doc(operation));
    lines
}

fn typed_error_doc(api: &Api, operation: &Operation) -> Vec<String> {
    let lines: Vec<String> = error_responses(operation)
        .into_iter()
        .filter_map(|response| {
            let body = response.json_body()?;
            let variant = api
                .error_bodies
                .iter()
                .find(|variant| variant.ty == body.ty)?;
            let status = status_text(response.status);
            let name = &variant.rust_name;
            Some(format!(
                " - `{status}`: [`ErrorBody::{name}`](crate::ErrorBody::{name})"
            ))
        })
        .collect();
    if lines.is_empty() {
        return lines;
    }
    let introduction = [
        " [`Error::error_body`](crate::Error::error_body) returns the decoded body of an",
        " `Error::Api`, when it matches the type declared for its status:",
    ];
    paragraph_then_list(&introduction, lines)
}

fn raw_error_doc(operation: &Operation) -> Vec<String> {
    let lines: Vec<String> = error_responses(operation)
        .into_iter()
        .filter_map(|response| {
            let body = response.body.as_ref()?;
            if body.encoding == BodyEncoding::Json {
                return None;
            }
            let status = status_text(response.status);
            Some(format!(" - `{status}`: {}", code_span(&body.content_type)))
        })
        .collect();
    if lines.is_empty() {
        return lines;
    }
    let introduction = [
        " These error statuses declare a body that is not JSON, so `error_body` is `None` for",
        " them. The error's [`ResponseContent`](crate::ResponseContent) contains the body as",
        " received, and its `text` method returns it as text:",
    ];
    paragraph_then_list(&introduction, lines)
}

/// Returns doc lines that start a new paragraph with `introduction`, followed by `list`.
fn paragraph_then_list(introduction: &[&str], list: Vec<String>) -> Vec<String> {
    let mut lines = Vec::with_capacity(introduction.len() + list.len() + 2);
    lines.push(String::new());
    lines.extend(introduction.iter().map(|line| (*line).to_owned()));
    lines.push(String::new());
    lines.extend(list);
    lines
}
