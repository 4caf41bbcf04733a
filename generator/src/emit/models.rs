//! `src/models.rs`: a Rust type per schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::deserialize::{emit_struct_deserialize, emit_untagged_deserialize, writes_deserialize};
use super::features::ModelGates;
use super::properties::{emit_property_impls, fits_property_tuple};
use super::rustdoc::{description_lines, doc_attrs, doc_block, doc_or};
use super::serialize::emit_struct_serialize;
use super::{adapter_tokens, allow_spec_variant_names, ident, rust_type, wire_adapter};
use crate::ir::{Api, EnumVariant, Field, IntegerVariant, Model, ModelKind, TypeRef, UnionVariant};
use crate::markdown::code_span;

/// Emits `src/models.rs`.
pub fn emit_models(api: &Api) -> TokenStream {
    emit_model_parts(api).collect()
}

/// Emits `src/models.rs` in parts: the module's docs, then a part per model. Each part parses
/// as a Rust file on its own, so a file of thousands of models can be checked and printed a
/// part at a time instead of holding the syntax tree of all of them.
///
/// Each model, with its impls, carries the `#[cfg]` of the service features that reach it, so
/// serde's traits are named by their full paths: an import would go unused when no feature is
/// on.
pub fn emit_model_parts(api: &Api) -> impl Iterator<Item = TokenStream> + '_ {
    let gates = ModelGates::new(api);
    let module_doc = format!(" Types of the schemas of {}.", api.title);
    let head = quote! {
        #![doc = #module_doc]
    };
    let models = api
        .models
        .iter()
        .map(move |model| emit_model(api, model, &gates.attribute(&model.rust_name)));
    std::iter::once(head).chain(models)
}

/// Emits a model's type and impls, each item behind `cfg`.
fn emit_model(api: &Api, model: &Model, cfg: &TokenStream) -> TokenStream {
    let fallback = format!("The {} schema.", code_span(&model.name));
    let doc = doc_or(model.description.as_deref(), &fallback);
    let name = ident(&model.rust_name);
    match &model.kind {
        ModelKind::Struct { fields } => {
            let writes_impl = writes_deserialize(api, fields);
            let has_secret = fields.iter().any(|field| field.secret);
            let mut derives = vec![quote!(Clone), quote!(PartialEq)];
            if !has_secret {
                derives.insert(0, quote!(Debug));
            }
            if !writes_impl {
                derives.push(quote!(serde::Serialize));
                derives.push(quote!(serde::Deserialize));
            }
            let debug_impl = has_secret.then(|| emit_redacted_debug(cfg, &name, fields));
            let serde_impls = writes_impl.then(|| {
                if fits_property_tuple(fields) {
                    return emit_property_impls(&name, fields, cfg);
                }
                let serialize = emit_struct_serialize(&name, fields, cfg);
                let deserialize = emit_struct_deserialize(&name, fields, cfg);
                quote!(#serialize #deserialize)
            });
            let fields = fields.iter().map(|field| {
                if writes_impl {
                    emit_plain_field(field)
                } else {
                    emit_field(api, field)
                }
            });
            quote! {
                #doc
                #cfg
                #[derive(#(#derives),*)]
                pub struct #name {
                    #(#fields)*
                }

                #serde_impls

                #debug_impl
            }
        }
        ModelKind::Enum { variants } => emit_enum(&doc, cfg, &name, variants),
        ModelKind::IntegerEnum {
            variants,
            value_type,
        } => emit_integer_enum(&doc, cfg, &name, variants, value_type),
        ModelKind::OneOf {
            variants,
            discriminator,
        } => emit_union(api, &doc, cfg, &name, variants, discriminator.as_deref()),
        ModelKind::Alias { ty } => {
            let ty = rust_type(ty);
            quote! {
                #doc
                #cfg
                pub type #name = #ty;
            }
        }
    }
}

/// Emits a `Debug` impl that shows the fields holding `format: password` values as
/// `[REDACTED]`, and `None` as it is.
fn emit_redacted_debug(
    cfg: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
) -> TokenStream {
    let type_name = name.to_string();
    let entries = fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let label = &field.rust_name;
        let is_option = !field.additional && (!field.required || field.nullable);
        let value = match (field.secret, is_option) {
            (false, _) => quote!(&self.#member),
            (true, false) => quote!(&"[REDACTED]"),
            (true, true) => quote!(&self.#member.as_ref().map(|_| "[REDACTED]")),
        };
        quote!(.field(#label, #value))
    });
    quote! {
        #cfg
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    .finish()
            }
        }
    }
}

/// Returns the rustdoc of a struct field: its description, a line for a secret, and a line
/// for an optional nullable field, whose type separates an absent key from `null`.
fn field_doc(field: &Field) -> TokenStream {
    let fallback = format!("The {} property.", code_span(&field.wire_name));
    let mut lines = description_lines(field.description.as_deref(), &fallback);
    if field.secret {
        lines.push(String::new());
        lines.push(" A secret (`format: password`), which `Debug` shows as `[REDACTED]`.".into());
    }
    if !field.additional && !field.required && field.nullable {
        lines.push(String::new());
        lines.push(" `None` when absent, `Some(None)` when `null`.".into());
    }
    doc_block(&lines)
}

/// Emits a struct field without serde attributes, for a struct whose `Serialize` and
/// `Deserialize` impls are written out.
fn emit_plain_field(field: &Field) -> TokenStream {
    let doc = field_doc(field);
    let name = ident(&field.rust_name);
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    let ty = match (field.additional, field.required, field.nullable) {
        (true, _, _) | (false, true, false) => ty,
        (false, true, true) | (false, false, false) => quote!(Option<#ty>),
        (false, false, true) => quote!(Option<Option<#ty>>),
    };
    quote! {
        #doc
        pub #name: #ty,
    }
}

/// Emits a struct field with the serde attributes that the derived `Serialize` and
/// `Deserialize` impls read.
fn emit_field(api: &Api, field: &Field) -> TokenStream {
    let doc = field_doc(field);
    let name = ident(&field.rust_name);
    let mut ty = rust_type(&field.ty);
    let mut adapter = wire_adapter(api, &field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
        adapter = adapter.map(|adapter| format!("Box<{adapter}>"));
    }
    if field.additional {
        let with = adapter.map(|adapter| with_attr(&adapter));
        return quote! {
            #doc
            #[serde(flatten)]
            #with
            pub #name: #ty,
        };
    }

    let rename = (field.rust_name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let with = |wrap: &str| {
        adapter
            .as_ref()
            .map(|adapter| with_attr(&wrap.replace('_', adapter)))
    };
    match (field.required, field.nullable) {
        (true, false) => {
            let with = with("_");
            quote! {
                #doc
                #rename
                #with
                pub #name: #ty,
            }
        }
        // A missing key also decodes as `None`, as serde does for every `Option` field. With
        // an adapter, `default` keeps that behaviour.
        (true, true) => {
            let with = with("Option<_>");
            let default = with.is_some().then(|| quote!(#[serde(default)]));
            quote! {
                #doc
                #rename
                #default
                #with
                pub #name: Option<#ty>,
            }
        }
        (false, false) => {
            let with = with("Option<_>");
            let skip = quote!(#[serde(default, skip_serializing_if = "Option::is_none")]);
            quote! {
                #doc
                #rename
                #skip
                #with
                pub #name: Option<#ty>,
            }
        }
        (false, true) => {
            let read = match with("crate::formats::Present<_>") {
                Some(with) => quote! {
                    #[serde(default, skip_serializing_if = "Option::is_none")]
                    #with
                },
                None => quote! {
                    #[serde(
                        default,
                        skip_serializing_if = "Option::is_none",
                        deserialize_with = "crate::runtime::present"
                    )]
                },
            };
            quote! {
                #doc
                #rename
                #read
                pub #name: Option<Option<#ty>>,
            }
        }
    }
}

/// Returns `#[serde(with = ...)]` for a value whose wire form is the adapter `adapter`.
fn with_attr(adapter: &str) -> TokenStream {
    let path = format!("crate::formats::With::<{adapter}>");
    quote!(#[serde(with = #path)])
}

/// Returns the pattern or expression of an integer enum value.
fn integer_literal(value: i128) -> TokenStream {
    let magnitude = proc_macro2::Literal::u128_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn emit_integer_enum(
    doc: &TokenStream,
    cfg: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[IntegerVariant],
    value_type: &TypeRef,
) -> TokenStream {
    let value_rust = rust_type(value_type);
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let variant_doc = doc_attrs(&code_span(&variant.value.to_string()));
        quote! {
            #variant_doc
            #variant_name,
        }
    });
    let values = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let value = integer_literal(variant.value);
        quote!(#variant_name = #value)
    });
    let allow_variant_names = allow_spec_variant_names();
    quote! {
        #doc
        #cfg
        #allow_variant_names
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#declarations)*
            /// A value the spec does not list, kept as received, so that a value added to the
            /// API later does not fail decoding.
            Unknown(#value_rust),
        }

        #cfg
        crate::fields::impl_integer_enum! {
            #name: #value_rust {
                #(#values,)*
            }
        }
    }
}

fn emit_enum(
    doc: &TokenStream,
    cfg: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[EnumVariant],
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let wire = &variant.wire_value;
        let variant_doc = doc_attrs(&code_span(&format!("{wire:?}")));
        quote! {
            #variant_doc
            #variant_name,
        }
    });
    let values = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let wire = &variant.wire_value;
        quote!(#variant_name = #wire)
    });
    let allow_variant_names = allow_spec_variant_names();
    quote! {
        #doc
        #cfg
        #allow_variant_names
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#declarations)*
            /// A value the spec does not list, kept as received, so that a value added to the
            /// API later does not fail decoding.
            Unknown(String),
        }

        #cfg
        crate::fields::impl_string_enum! {
            #name {
                #(#values,)*
            }
        }
    }
}

fn emit_union(
    api: &Api,
    doc: &TokenStream,
    cfg: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    discriminator: Option<&str>,
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let mut ty = rust_type(&variant.ty);
        let mut adapter = wire_adapter(api, &variant.ty);
        if variant.boxed {
            ty = quote!(Box<#ty>);
            adapter = adapter.map(|adapter| format!("Box<{adapter}>"));
        }
        let with = adapter.map(|adapter| with_attr(&adapter));
        let variant_doc = if variant.tags.is_empty() && discriminator.is_some() {
            doc_attrs(
                "A value of this member. No discriminator value selects it, so decoding never \
                 returns this variant.",
            )
        } else if variant.tags.is_empty() {
            doc_attrs("A value of this member.")
        } else {
            let tags: Vec<String> = variant
                .tags
                .iter()
                .map(|tag| code_span(&format!("{tag:?}")))
                .collect();
            doc_attrs(&format!(
                "Selected by the discriminator values {}.",
                tags.join(", ")
            ))
        };
        let secret_doc = variant.secret.then(|| {
            quote! {
                #[doc = ""]
                #[doc = " A secret (`format: password`), which `Debug` shows as `[REDACTED]`."]
            }
        });
        quote! {
            #variant_doc
            #secret_doc
            #with
            #variant_name(#ty),
        }
    });
    let unknown_doc = match discriminator {
        Some(property) => format!(
            " A value whose {} names no member, or that does not match the member it names, \
             kept as JSON.",
            code_span(property)
        ),
        None => " A value that matches no member, kept as JSON.".to_owned(),
    };
    let has_secret = variants.iter().any(|variant| variant.secret);
    let mut derives = vec![quote!(Clone), quote!(PartialEq), quote!(serde::Serialize)];
    if !has_secret {
        derives.insert(0, quote!(Debug));
    }
    let deserialize = match discriminator {
        Some(property) => emit_tagged_deserialize(api, cfg, name, variants, property),
        None => emit_untagged_deserialize(api, cfg, name, variants),
    };
    let debug_impl = has_secret.then(|| emit_redacted_union_debug(cfg, name, variants));
    let allow_variant_names = allow_spec_variant_names();
    let allow_large_variants = super::allow_large_variants();
    quote! {
        #doc
        #cfg
        #[derive(#(#derives),*)]
        #[serde(untagged)]
        #allow_large_variants
        #allow_variant_names
        pub enum #name {
            #(#declarations)*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        #deserialize

        #debug_impl
    }
}

/// Emits a `Debug` impl for a `oneOf` or `anyOf` enum that shows the value of each secret
/// member as `[REDACTED]`, and other members as the derived impl would.
fn emit_redacted_union_debug(
    cfg: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
) -> TokenStream {
    let arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let label = &variant.rust_name;
        if variant.secret {
            quote!(Self::#variant_name(_) => f.debug_tuple(#label).field(&"[REDACTED]").finish(),)
        } else {
            quote!(Self::#variant_name(value) => f.debug_tuple(#label).field(value).finish(),)
        }
    });
    quote! {
        #cfg
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#arms)*
                    Self::Unknown(value) => f.debug_tuple("Unknown").field(value).finish(),
                }
            }
        }
    }
}

/// Emits a `Deserialize` impl that picks the variant by the discriminator property.
fn emit_tagged_deserialize(
    api: &Api,
    cfg: &TokenStream,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    property: &str,
) -> TokenStream {
    // NOTE: the resolver gives each discriminator value to one variant at most, so no two arms
    // match the same value. A variant without values gets no arm.
    let selected = variants.iter().filter(|variant| !variant.tags.is_empty());
    let arms = selected.map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let tags = &variant.tags;
        let wrap = if variant.boxed {
            quote!(|member| Self::#variant_name(Box::new(member)))
        } else {
            quote!(Self::#variant_name)
        };
        let decoded = match wire_adapter(api, &variant.ty) {
            Some(adapter) => {
                let adapter = adapter_tokens(&adapter);
                quote! {
                    serde_json::from_value::<crate::formats::Read<_, #adapter>>(value.clone())
                        .map(crate::formats::Read::into_inner)
                }
            }
            None => quote!(serde_json::from_value(value.clone())),
        };
        quote! {
            Some(#(#tags)|*) => match #decoded {
                Ok(member) => Ok((#wrap)(member)),
                Err(_) => Ok(Self::Unknown(value)),
            },
        }
    });
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = crate::fields::distinct_value(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str);
                match tag {
                    #(#arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    }
}
