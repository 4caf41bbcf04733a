//! The `Deserialize` impl of a model struct, written out instead of derived.
//!
//! `serde_derive` expands a struct into a field-identifier enum with its own `Deserialize` impl and
//! visitor, plus `visit_seq` and `visit_map`. On a crate with hundreds of models, that is the
//! largest share of the compiler's time and memory. The written impl has one `visit_map`, which
//! matches each key as a string and keeps the derived impl's behaviour for objects. Unknown keys
//! are skipped, a repeated key or a missing required key is an error with serde's message, a
//! missing optional key is `None`, and a flattened map collects the keys the struct does not name.
//! Unlike the derived impl, it rejects a JSON array in place of the object.
//!
//! A `oneOf` or `anyOf` without a discriminator also gets a written impl, which hands its
//! members, each with the keys it declares, to the runtime's `decode_union`. A member that is
//! itself a union comes with the keys of each of its own members, and counts as decoded only
//! as one of them, never as its `Unknown` variant.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{adapter_tokens, ident, rust_type, wire_adapter};
use crate::ir::{Api, Field, MemberKeys, TypeRef, UnionVariant, member_keys};

/// Tells whether the struct's `Deserialize` impl can be written out: every field is read
/// through its type's own impl, with no wire adapter, and a flattened field is a map.
pub fn writes_deserialize(api: &Api, fields: &[Field]) -> bool {
    fields.iter().all(|field| {
        wire_adapter(api, &field.ty).is_none()
            && (!field.additional || matches!(field.ty, TypeRef::Map(_)))
    })
}

/// Emits `impl Deserialize for {name}`, behind `cfg`.
pub fn emit_struct_deserialize(name: &Ident, fields: &[Field], cfg: &TokenStream) -> TokenStream {
    let struct_name = name.to_string();
    let expecting = format!("struct {struct_name}");
    let named: Vec<(Ident, &Field)> = fields
        .iter()
        .filter(|field| !field.additional)
        .enumerate()
        .map(|(index, field)| (ident(&format!("field_{index}")), field))
        .collect();
    let wire_names: Vec<&str> = named
        .iter()
        .map(|(_, field)| field.wire_name.as_str())
        .collect();

    let slots = named.iter().map(|(slot, field)| {
        let read = read_type(field);
        quote!(let mut #slot: Option<#read> = None;)
    });
    let arms = named.iter().map(|(slot, field)| {
        let wire = &field.wire_name;
        quote!(#wire => crate::fields::read(&mut map, &mut #slot, #wire),)
    });
    let additional = fields.iter().find(|field| field.additional);
    let additional_slot = additional.map(|field| {
        let ty = rust_type(&field.ty);
        quote!(let mut additional: #ty = Default::default();)
    });
    let unknown = match additional {
        Some(_) => quote!(_ => map.next_value().map(|value| {
            additional.insert(key.into_string(), value);
        }),),
        None => quote!(_ => crate::fields::skip(&mut map),),
    };
    let values = named.iter().map(|(slot, field)| {
        let rust_name = super::ident(&field.rust_name);
        let value = match (field.required, field.nullable) {
            (true, false) | (false, true) => quote!(#slot),
            (true, true) | (false, false) => quote!(#slot.flatten()),
        };
        quote!(#rust_name: #value,)
    });
    let additional_value = additional.map(|field| {
        let rust_name = super::ident(&field.rust_name);
        quote!(#rust_name: additional,)
    });
    let value = quote! {
        crate::models::#name {
            #(#values)*
            #additional_value
        }
    };
    let required: Vec<&(Ident, &Field)> = named
        .iter()
        .filter(|(_, field)| field.key_required())
        .collect();
    let result = emit_required_check(&required, &value);

    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = crate::models::#name;

                    #[inline]
                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str(#expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #(#slots)*
                        #additional_slot
                        while let Some(key) = map.next_key::<crate::fields::Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                #unknown
                            }?;
                        }
                        #result
                    }
                }

                deserializer.deserialize_struct(#struct_name, &[#(#wire_names),*], Visitor)
            }
        }
    }
}

/// Returns the type that a field's key is read as: the field's own type when it is required
/// and not `nullable`, else an `Option` of it, so that `null` reads as `None`.
fn read_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.required && !field.nullable {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// Emits the end of `visit_map`: `value`, the struct built from the slots, when every slot of
/// `required` contains a value, else the missing-field error of the first that does not.
///
/// The slots are matched together, in one `match`, rather than each through `?`. Each `?`
/// would add a return path that drops every slot still alive, so a struct of n fields would
/// get n² drops for the compiler to check.
fn emit_required_check(required: &[&(Ident, &Field)], value: &TokenStream) -> TokenStream {
    let slots: Vec<&Ident> = required.iter().map(|(slot, _)| slot).collect();
    let checks = required.iter().map(|(slot, field)| {
        let wire = &field.wire_name;
        quote!((#slot.is_none(), #wire))
    });

    match required {
        [] => quote!(Ok(#value)),
        [(slot, field)] => {
            let wire = &field.wire_name;
            quote! {
                match #slot {
                    Some(#slot) => Ok(#value),
                    None => Err(serde::de::Error::missing_field(#wire)),
                }
            }
        }
        _ => {
            let found = slots.iter().map(|slot| quote!(Some(#slot)));
            quote! {
                match (#(#slots),*) {
                    (#(#found),*) => Ok(#value),
                    (#(#slots),*) => Err(crate::fields::missing(&[#(#checks),*])),
                }
            }
        }
    }
}

/// Emits `impl Deserialize for {name}` of a `oneOf` or `anyOf` without a discriminator, behind
/// `cfg`. It reads the value as JSON and lets `crate::fields::decode_union` pick the member.
///
/// The members are a `const` inside `deserialize`: an item there does not take the function's
/// generic parameters, so their decode functions compile once rather than once per
/// deserializer.
pub fn emit_untagged_deserialize(
    api: &Api,
    cfg: &TokenStream,
    name: &Ident,
    variants: &[UnionVariant],
) -> TokenStream {
    let members = variants
        .iter()
        .map(|variant| emit_member(api, name, variant));
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use crate::fields::Member;
                const MEMBERS: &[Member<crate::models::#name>] = &[#(#members),*];
                let value = crate::fields::distinct_value(deserializer)?;
                Ok(crate::fields::decode_union(value, MEMBERS, crate::models::#name::Unknown))
            }
        }
    }
}

/// Emits the `crate::fields::Member` of `variant`: the keys its objects may have, when they are
/// known, and a function that decodes it.
fn emit_member(api: &Api, name: &Ident, variant: &UnionVariant) -> TokenStream {
    let keys = member_keys(&api.models, &variant.ty);
    let decode = emit_member_decode(api, name, variant, matches!(keys, MemberKeys::Union(_)));
    match keys {
        MemberKeys::Closed { keys, required } => {
            quote!(Member::closed(&[#(#keys),*], &[#(#required),*], #decode))
        }
        MemberKeys::Open { required } => quote!(Member::open(&[#(#required),*], #decode)),
        MemberKeys::Union(members) => {
            let shapes = members.iter().map(emit_shape);
            quote!(Member::union(&[#(#shapes),*], #decode))
        }
        MemberKeys::Other => quote!(Member::other(#decode)),
    }
}

/// Emits the function that decodes `variant` of the union `name`, or returns `None`.
///
/// A member that is itself a union (`nested_union`) decodes any value, because it keeps what
/// none of its own members match as its `Unknown` variant. The function returns `None` for
/// that variant, so that `decode_union` goes on to the later members of `name`.
fn emit_member_decode(
    api: &Api,
    name: &Ident,
    variant: &UnionVariant,
    nested_union: bool,
) -> TokenStream {
    let variant_name = ident(&variant.rust_name);
    let boxed = variant.boxed.then(|| quote!(.map(Box::new)));
    match wire_adapter(api, &variant.ty) {
        Some(adapter) => {
            let adapter = adapter_tokens(&adapter);
            quote! {
                |value| crate::fields::member::<crate::formats::Read<_, #adapter>>(value)
                    .map(crate::formats::Read::into_inner)
                    #boxed
                    .map(crate::models::#name::#variant_name)
            }
        }
        None if nested_union => {
            let ty = rust_type(&variant.ty);
            let member = if variant.boxed {
                quote!(Box::new(member))
            } else {
                quote!(member)
            };
            quote! {
                |value| match crate::fields::member::<#ty>(value) {
                    Some(#ty::Unknown(_)) | None => None,
                    Some(member) => Some(crate::models::#name::#variant_name(#member)),
                }
            }
        }
        None => quote! {
            |value| crate::fields::member(value) #boxed .map(crate::models::#name::#variant_name)
        },
    }
}

/// Emits the `crate::fields::Shape` of a member of a nested union.
fn emit_shape(keys: &MemberKeys) -> TokenStream {
    match keys {
        MemberKeys::Closed { keys, required } => {
            quote!(crate::fields::Shape::Closed(&[#(#keys),*], &[#(#required),*]))
        }
        MemberKeys::Open { required } => quote!(crate::fields::Shape::Open(&[#(#required),*])),
        MemberKeys::Union(members) => {
            let shapes = members.iter().map(emit_shape);
            quote!(crate::fields::Shape::Union(&[#(#shapes),*]))
        }
        MemberKeys::Other => quote!(crate::fields::Shape::Other),
    }
}
