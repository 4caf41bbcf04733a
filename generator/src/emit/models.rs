//! `src/models.rs`: a Rust type per schema.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::rustdoc::{doc_attrs, doc_or};
use super::{ident, rust_type};
use crate::ir::{Api, EnumVariant, Field, Model, ModelKind, TypeRef};

/// Emits `src/models.rs`.
pub fn emit_models(api: &Api) -> TokenStream {
    let cycles = Containment::new(&api.models);
    let models = api.models.iter().map(|model| emit_model(model, &cycles));
    let module_doc = format!(" Types of the schemas of {}.", api.title);
    quote! {
        #![doc = #module_doc]

        use serde::{Deserialize, Serialize};

        #(#models)*
    }
}

fn emit_model(model: &Model, cycles: &Containment) -> TokenStream {
    let fallback = format!("The `{}` schema.", model.name);
    let doc = doc_or(model.description.as_deref(), &fallback);
    let name = ident(&model.rust_name);
    match &model.kind {
        ModelKind::Struct { fields } => {
            let fields = fields.iter().map(|field| {
                let boxed = cycles.needs_box(&model.rust_name, &field.ty);
                emit_field(field, boxed)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            }
        }
        ModelKind::Enum { variants } => emit_enum(&doc, &name, variants),
        ModelKind::Alias { ty } => {
            let ty = rust_type(ty);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

fn emit_field(field: &Field, boxed: bool) -> TokenStream {
    let fallback = format!("The `{}` property.", field.wire_name);
    let doc = doc_or(field.description.as_deref(), &fallback);
    let name = ident(&field.rust_name);
    let mut ty = rust_type(&field.ty);
    if boxed {
        ty = quote!(Box<#ty>);
    }

    let rename = (field.rust_name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    if field.required {
        quote! {
            #doc
            #rename
            pub #name: #ty,
        }
    } else {
        quote! {
            #doc
            #rename
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub #name: Option<#ty>,
        }
    }
}

fn emit_enum(doc: &TokenStream, name: &proc_macro2::Ident, variants: &[EnumVariant]) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let wire = &variant.wire_value;
        let variant_doc = doc_attrs(&format!("`{wire}`"));
        quote! {
            #variant_doc
            #[serde(rename = #wire)]
            #variant_name,
        }
    });
    let arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust_name);
        let wire = &variant.wire_value;
        quote!(#name::#variant_name => #wire,)
    });
    let as_str = if variants.is_empty() {
        quote!(match *self {})
    } else {
        quote!(match self { #(#arms)* })
    };
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum #name {
            #(#declarations)*
        }

        impl #name {
            /// Returns the value as it appears on the wire.
            pub fn as_str(&self) -> &'static str {
                #as_str
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// Which models hold which others inline, so that a field closing a cycle can be boxed.
///
/// A struct that contains itself, directly or through other models, has infinite size unless
/// some field on the cycle is behind a pointer; `Vec` and maps already are.
struct Containment {
    /// For each model, the models its fields or alias hold inline.
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Containment {
    fn new(models: &[Model]) -> Containment {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for model in models {
            let targets = edges.entry(model.rust_name.clone()).or_default();
            match &model.kind {
                ModelKind::Struct { fields } => {
                    for field in fields {
                        if let TypeRef::Model(target) = &field.ty {
                            targets.insert(target.clone());
                        }
                    }
                }
                ModelKind::Alias {
                    ty: TypeRef::Model(target),
                } => {
                    targets.insert(target.clone());
                }
                _ => {}
            }
        }
        Containment { edges }
    }

    /// Tells whether a field of type `ty` in model `owner` must be boxed.
    fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let TypeRef::Model(target) = ty else {
            return false;
        };
        self.reaches(target, owner)
    }

    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if !seen.insert(current) {
                continue;
            }
            if let Some(targets) = self.edges.get(current) {
                stack.extend(targets.iter().map(String::as_str));
            }
        }
        false
    }
}
