//! `src/error_body.rs`: the `ErrorBody` enum of the decoded bodies of error responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::rustdoc::doc_block;
use super::{allow_spec_variant_names, ident, rust_type};
use crate::ir::operation::{error_responses, operation_label, status_text};
use crate::ir::{Api, BodyEncoding, ErrorBodyVariant, Operation, Response};
use crate::markdown::{code_span, wrap_into};

/// Emits `src/error_body.rs`.
pub fn emit_error_body(api: &Api) -> TokenStream {
    let variants = api.error_bodies.iter().map(|variant| {
        let name = ident(&variant.rust_name);
        let ty = rust_type(&variant.ty);
        let doc = doc_block(&variant_doc(&uses(api, variant)));
        quote! {
            #doc
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

/// The number of operations that the doc of an `ErrorBody` variant names before it gives only
/// their count. Each method's doc lists the statuses that decode into each variant.
const MAX_NAMED_OPERATIONS: usize = 3;

/// The error statuses of one operation whose body is of a variant's type.
struct OperationStatuses {
    label: String,
    statuses: Vec<String>,
}

/// Returns, for each operation in spec order, the error statuses whose body is of the
/// variant's type.
fn uses(api: &Api, variant: &ErrorBodyVariant) -> Vec<OperationStatuses> {
    let mut uses = Vec::new();
    for operation in api.services.iter().flat_map(|service| &service.operations) {
        let statuses: Vec<String> = error_responses(operation)
            .into_iter()
            .filter(|response| {
                response
                    .json_body()
                    .is_some_and(|body| body.ty == variant.ty)
            })
            .map(|response| status_text(response.status))
            .collect();
        if !statuses.is_empty() {
            uses.push(OperationStatuses {
                label: operation_label(operation),
                statuses,
            });
        }
    }
    uses
}

/// Documents an `ErrorBody` variant by the operations and statuses whose body it holds, such
/// as ``The body of `createRole` `400`, `404`; `deleteRole` `409`.``, naming at most
/// [`MAX_NAMED_OPERATIONS`] operations. Returns the doc lines, wrapped.
fn variant_doc(uses: &[OperationStatuses]) -> Vec<String> {
    let named: Vec<String> = uses
        .iter()
        .take(MAX_NAMED_OPERATIONS)
        .map(|operation| {
            let statuses: Vec<String> = operation
                .statuses
                .iter()
                .map(|status| format!("`{status}`"))
                .collect();
            format!("{} {}", code_span(&operation.label), statuses.join(", "))
        })
        .collect();
    let named = named.join("; ");
    let text = match uses.len() {
        count if count > MAX_NAMED_OPERATIONS => format!(
            "The body of error responses of {count} operations, among them {named}. The \
             documentation of each method names its statuses that decode into this variant."
        ),
        _ => format!("The body of {named}."),
    };
    let mut lines = Vec::new();
    wrap_into(&mut lines, &text, 0, 0);
    lines
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
    let variants = error_responses(operation)
        .into_iter()
        .filter_map(|response| {
            let body = response.json_body()?;
            let variant = api
                .error_bodies
                .iter()
                .find(|variant| variant.ty == body.ty)?;
            let name = &variant.rust_name;
            let link = format!("[`ErrorBody::{name}`](crate::ErrorBody::{name})");
            Some((status_text(response.status), link))
        });
    let lines = statuses_by_target(variants);
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
    let content_types = error_responses(operation)
        .into_iter()
        .filter_map(|response| {
            let body = response.body.as_ref()?;
            if body.encoding == BodyEncoding::Json {
                return None;
            }
            Some((status_text(response.status), code_span(&body.content_type)))
        });
    let lines = statuses_by_target(content_types);
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

/// Returns one list item per distinct target, in the order targets first appear, with the
/// statuses that lead to it: `` - `400`, `404`: target ``.
fn statuses_by_target(pairs: impl Iterator<Item = (String, String)>) -> Vec<String> {
    let mut groups: Vec<(Vec<String>, String)> = Vec::new();
    for (status, target) in pairs {
        match groups.iter_mut().find(|(_, known)| *known == target) {
            Some((statuses, _)) => statuses.push(status),
            None => groups.push((vec![status], target)),
        }
    }
    groups
        .into_iter()
        .map(|(statuses, target)| {
            let statuses: Vec<String> = statuses
                .iter()
                .map(|status| format!("`{status}`"))
                .collect();
            format!(" - {}: {target}", statuses.join(", "))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        items
            .iter()
            .map(|(status, target)| ((*status).to_owned(), (*target).to_owned()))
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn statuses_with_one_target_share_an_item() {
        let items = statuses_by_target(pairs(&[
            ("400", "A"),
            ("404", "B"),
            ("409", "A"),
            ("default", "B"),
        ]));

        assert_eq!(items, [" - `400`, `409`: A", " - `404`, `default`: B"]);
    }

    fn statuses_of(label: &str, statuses: &[&str]) -> OperationStatuses {
        OperationStatuses {
            label: label.to_owned(),
            statuses: statuses.iter().map(|status| (*status).to_owned()).collect(),
        }
    }

    #[test]
    fn variant_doc_names_few_operations() {
        let uses = [
            statuses_of("createRole", &["400", "404"]),
            statuses_of("deleteRole", &["409"]),
        ];

        assert_eq!(
            variant_doc(&uses),
            [" The body of `createRole` `400`, `404`; `deleteRole` `409`."]
        );
    }

    #[test]
    fn variant_doc_counts_many_operations() {
        let uses: Vec<OperationStatuses> = (0..MAX_NAMED_OPERATIONS + 2)
            .map(|index| statuses_of(&format!("op{index}"), &["500"]))
            .collect();

        let text = variant_doc(&uses).join("");

        let count = MAX_NAMED_OPERATIONS + 2;
        let last_named = format!("`op{}` `500`.", MAX_NAMED_OPERATIONS - 1);
        let first_left_out = format!("`op{MAX_NAMED_OPERATIONS}`");
        assert!(text.starts_with(&format!(
            " The body of error responses of {count} operations,"
        )));
        assert!(text.contains(&last_named), "{text}");
        assert!(!text.contains(&first_left_out), "{text}");
        assert!(variant_doc(&uses).iter().all(|line| line.len() <= 91));
    }
}
