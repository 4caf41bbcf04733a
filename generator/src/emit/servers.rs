//! The spec's `servers` as runtime tables, and the builder's server variable setters.

use proc_macro2::TokenStream;
use quote::quote;

use super::rustdoc::doc_or;
use super::{allow_spec_variant_names, ident};
use crate::ir::{Server, ServerVariableSetter};
use crate::markdown::code_span;

/// Emits a `&[crate::servers::ServerTemplate]` expression listing `servers` in order.
pub fn emit_server_table(servers: &[Server]) -> TokenStream {
    let entries = servers.iter().map(|server| {
        let url = &server.template;
        let variables = server.variables.iter().map(|variable| {
            let name = &variable.name;
            let default = &variable.default;
            let allowed = &variable.allowed;
            quote! {
                crate::servers::ServerVariable {
                    name: #name,
                    default: #default,
                    allowed: &[#(#allowed),*],
                }
            }
        });
        quote! {
            crate::servers::ServerTemplate {
                url: #url,
                variables: &[#(#variables),*],
            }
        }
    });
    quote!(&[#(#entries),*])
}

/// Emits the enum types of the server variables that list an `enum`.
pub fn emit_variable_enums(variables: &[ServerVariableSetter]) -> TokenStream {
    let enums = variables.iter().filter_map(|variable| {
        let name = ident(variable.enum_type.as_deref()?);
        let doc = format!(
            " Values of the server variable {}.",
            code_span(&variable.name)
        );
        let variants: Vec<_> = variable
            .variants
            .iter()
            .map(|variant| ident(&variant.rust_name))
            .collect();
        let variant_docs = variable
            .variants
            .iter()
            .map(|variant| format!(" {}", code_span(&variant.wire_value)));
        let values = variable.variants.iter().map(|variant| &variant.wire_value);
        let allow_variant_names = allow_spec_variant_names();
        Some(quote! {
            #[doc = #doc]
            #allow_variant_names
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum #name {
                #( #[doc = #variant_docs] #variants, )*
            }

            impl #name {
                /// Returns the value as the server URL carries it.
                pub fn as_str(self) -> &'static str {
                    match self {
                        #( #name::#variants => #values, )*
                    }
                }
            }
        })
    });
    quote!(#(#enums)*)
}

/// Emits a builder method per server variable, typed by its enum when it has one.
pub fn emit_variable_setters(
    variables: &[ServerVariableSetter],
    builder: &TokenStream,
) -> TokenStream {
    let setters = variables.iter().map(|variable| {
        let setter = ident(&variable.setter);
        let name = &variable.name;
        let placeholder = code_span(&format!("{{{name}}}"));
        let fallback = format!("The variable names the {placeholder} part of the server URL.");
        let description = doc_or(variable.description.as_deref(), &fallback);
        let wire_doc = format!(
            " Sets the server variable {}, as [`Self::server_variable`] does.",
            code_span(name)
        );
        match &variable.enum_type {
            Some(enum_type) => {
                let enum_type = ident(enum_type);
                quote! {
                    #[doc = #wire_doc]
                    #[doc = ""]
                    #description
                    pub fn #setter(self, value: #enum_type) -> #builder {
                        self.server_variable(#name, value.as_str())
                    }
                }
            }
            None => quote! {
                #[doc = #wire_doc]
                #[doc = ""]
                #description
                pub fn #setter(self, value: impl Into<String>) -> #builder {
                    self.server_variable(#name, value)
                }
            },
        }
    });
    quote!(#(#setters)*)
}
