//! Naming of the `ErrorBody` variants: one per type that an error response's body decodes into.

use super::names::NameScope;
use super::schemas::variant_name;
use crate::ir::operation::error_responses;
use crate::ir::{self, TypeRef};

/// Returns a variant per distinct JSON body type of the operations' error responses, in order
/// of first use. A variant is named after its model, or after the kind of value for other
/// types, with a number added when two names clash.
pub(super) fn error_bodies(services: &[ir::Service]) -> Vec<ir::ErrorBodyVariant> {
    let mut types: Vec<&TypeRef> = Vec::new();
    let operations = services.iter().flat_map(|service| &service.operations);
    for operation in operations {
        for response in error_responses(operation) {
            let Some(body) = response.json_body() else {
                continue;
            };
            if !types.contains(&&body.ty) {
                types.push(&body.ty);
            }
        }
    }

    let mut names = NameScope::default();
    types
        .into_iter()
        .map(|ty| ir::ErrorBodyVariant {
            rust_name: names.claim(variant_name(ty)),
            ty: ty.clone(),
        })
        .collect()
}
