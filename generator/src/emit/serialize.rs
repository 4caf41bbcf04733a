//! The `Serialize` impl of a model struct, written out instead of derived, for the structs
//! whose `Deserialize` impl is written out too.
//!
//! The written impl serializes the fields in declaration order under their wire names, leaves
//! out an optional field that is `None`, and writes a nullable one as `null`, as the derived impl
//! with `skip_serializing_if = "Option::is_none"` does. A struct with a flattened map becomes a
//! map whose entries follow the named fields. The compiler then checks one short function per
//! struct, without first expanding `serde_derive`'s output.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::Field;

/// Emits `impl Serialize for {name}`, behind `cfg`.
pub fn emit_struct_serialize(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let body = match fields.iter().find(|field| field.additional) {
        Some(map) => serialize_as_map(fields, map),
        None => serialize_as_struct(&name.to_string(), fields),
    };
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// Serializes the named fields as a struct, with the number of fields it writes.
fn serialize_as_struct(struct_name: &str, fields: &[Field]) -> TokenStream {
    let always = fields.iter().filter(|field| field.required).count();
    let mut terms: Vec<TokenStream> = Vec::new();
    if always > 0 || fields.iter().all(|field| field.required) {
        terms.push(quote!(#always));
    }
    for field in fields.iter().filter(|field| !field.required) {
        let member = ident(&field.rust_name);
        terms.push(quote!(usize::from(self.#member.is_some())));
    }
    let writes = fields
        .iter()
        .map(|field| write_field(field, quote!(serialize_field)));
    quote! {
        use serde::ser::SerializeStruct as _;
        let mut state = serializer.serialize_struct(#struct_name, #(#terms)+*)?;
        #(#writes)*
        state.end()
    }
}

/// Serializes the named fields and then the entries of the flattened `map` as one map. An entry
/// whose key names a declared property is left out, so that no key is written twice.
fn serialize_as_map(fields: &[Field], map: &Field) -> TokenStream {
    let named: Vec<&Field> = fields.iter().filter(|field| !field.additional).collect();
    let writes = named
        .iter()
        .map(|field| write_field(field, quote!(serialize_entry)));
    let entries = ident(&map.rust_name);
    let write_entry = quote!(state.serialize_entry(key, value)?;);
    let write_entry = match named.as_slice() {
        [] => write_entry,
        _ => {
            let keys = named.iter().map(|field| &field.wire_name);
            quote! {
                if ![#(#keys),*].contains(&key.as_str()) {
                    #write_entry
                }
            }
        }
    };
    quote! {
        use serde::ser::SerializeMap as _;
        let mut state = serializer.serialize_map(None)?;
        #(#writes)*
        for (key, value) in &self.#entries {
            #write_entry
        }
        state.end()
    }
}

/// Writes one named field with `method` of the state, leaving out an optional field that is
/// `None`.
fn write_field(field: &Field, method: TokenStream) -> TokenStream {
    let member = ident(&field.rust_name);
    let wire = &field.wire_name;
    if field.required {
        quote!(state.#method(#wire, &self.#member)?;)
    } else {
        quote! {
            if let Some(value) = &self.#member {
                state.#method(#wire, value)?;
            }
        }
    }
}
