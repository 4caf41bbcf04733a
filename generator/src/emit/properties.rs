//! The `Serialize` and `Deserialize` impls of a model struct, through the runtime's property
//! tuples (runtime file `fields.rs`).
//!
//! Each struct gets a `PROPERTIES` constant with its name, its wire keys and the keys that an
//! object must have. Its
//! `Deserialize` impl reads an object into a tuple of its fields' types with
//! `crate::fields::decode_struct`, and its `Serialize` impl writes a tuple of references with
//! `crate::fields::encode_struct`. The generic code that reads and writes the tuples is
//! compiled once per tuple type, which structs with fields of the same types share, in place
//! of a visitor per struct. The impls keep the behaviour of the written ones in
//! [`super::deserialize`] and [`super::serialize`], which serve the structs these cannot.

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

/// Emits the `PROPERTIES` constant and the `Serialize` and `Deserialize` impls of the struct
/// `name`, each behind `cfg`.
pub fn emit_property_impls(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let properties = emit_properties(name, fields, cfg);
    let serialize = emit_serialize(name, fields, cfg);
    let deserialize = emit_deserialize(name, fields, cfg);
    quote!(#properties #serialize #deserialize)
}

fn emit_properties(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let struct_name = name.to_string();
    let keys = fields.iter().map(|field| &field.wire_name);
    let required = fields
        .iter()
        .filter(|field| field.key_required())
        .map(|field| &field.wire_name);
    quote! {
        #cfg
        impl #name {
            const PROPERTIES: crate::fields::Properties = crate::fields::Properties {
                name: #struct_name,
                keys: &[#(#keys),*],
                required: &[#(#required),*],
            };
        }
    }
}

/// Emits `Serialize`: a required field goes out as `Some` of its value, so that a nullable one
/// is written as `null`, and an optional field as its `Option`, so that `None` is left out.
fn emit_serialize(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let values = fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        if field.required {
            quote!(Some(&self.#member))
        } else {
            quote!(self.#member.as_ref())
        }
    });
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let values = (#(#values,)*);
                crate::fields::encode_struct(serializer, &Self::PROPERTIES, values)
            }
        }
    }
}

/// Emits `Deserialize`: the tuple's element types are inferred from the struct's fields. An
/// optional nullable field, `Option<Option<_>>`, is read as a `crate::fields::Present`, so
/// that `null` becomes `Some(None)` rather than `None`.
fn emit_deserialize(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let members: Vec<Ident> = fields.iter().map(|field| ident(&field.rust_name)).collect();
    let values = fields.iter().zip(&members).map(|(field, member)| {
        if !field.required && field.nullable {
            quote!(#member: crate::fields::present(#member))
        } else {
            quote!(#member)
        }
    });
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let (#(#members,)*) = crate::fields::decode_struct(deserializer, &Self::PROPERTIES)?;
                Ok(Self { #(#values),* })
            }
        }
    }
}
