//! The `Serialize` and `Deserialize` impls of a model struct, through the runtime's property
//! tuples (runtime file `fields.rs`).
//!
//! A struct that fits gets a `crate::fields::impl_serde!` invocation that lists each property
//! as its field, its wire key and its kind. The macro writes a `PROPERTIES` constant with the
//! struct's name, its wire keys and the keys that an object must have. Its `Deserialize` impl
//! reads an object into a tuple of the fields' types with `crate::fields::decode_struct`, and
//! its `Serialize` impl writes a tuple of references with `crate::fields::encode_struct`. The generic code that reads and writes the tuples is
//! compiled once per tuple type, which structs with fields of the same types share, in place
//! of a visitor per struct. The impls keep the behaviour of the written ones in
//! [`super::deserialize`] and [`super::serialize`], which serve the structs these cannot.
//!
//! Once printed, the invocation is a table with a line per property (see
//! [`super::TABLE_MACROS`]).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::Field;

/// The maximum number of properties of a struct that takes these impls, which is the largest
/// tuple that the runtime's `Record` and `Values` traits are implemented for.
pub const MAX_TUPLE_PROPERTIES: usize = 32;

/// Tells whether the struct's impls can go through the property tuples: it has at most
/// [`MAX_TUPLE_PROPERTIES`] fields and no flattened map.
pub fn fits_property_tuple(fields: &[Field]) -> bool {
    fields.len() <= MAX_TUPLE_PROPERTIES && !fields.iter().any(|field| field.additional)
}

/// Emits the `crate::fields::impl_serde!` invocation of the struct `name`, behind `cfg`.
pub fn emit_property_impls(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let properties = fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let key = &field.wire_name;
        let kind = Ident::new(property_kind(field), proc_macro2::Span::call_site());
        quote!(#member: #key #kind)
    });
    quote! {
        #cfg
        crate::fields::impl_serde! {
            #name {
                #(#properties,)*
            }
        }
    }
}

/// Returns the macro's kind of a field, which sets how it is written and read. A required field
/// goes out as `Some` of its value, so that a nullable one is written as `null`. An optional
/// field goes out as its `Option`, so that `None` is left out. An optional nullable field,
/// `Option<Option<_>>`, is read as a `crate::fields::Present`, so that `null` becomes
/// `Some(None)` rather than `None`.
fn property_kind(field: &Field) -> &'static str {
    match (field.required, field.nullable) {
        (true, false) => "required",
        (true, true) => "nullable",
        (false, false) => "optional",
        (false, true) => "optional_nullable",
    }
}
