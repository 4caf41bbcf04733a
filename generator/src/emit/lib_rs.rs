//! The crate root: module declarations, re-exports and the docs as doctests.

use proc_macro2::TokenStream;
use quote::quote;

use super::cargo::uses_chrono;
use super::features::ModelGates;
use super::ident;
use super::rustdoc::doc_or;
use super::security::{SharedSecurity, shared_cfg};
use crate::ir::{Api, TypeRef};
use crate::markdown::code_span;
use crate::resolve::names::pascal_prefix;

/// Emits `src/lib.rs`.
pub fn emit_lib(api: &Api) -> TokenStream {
    let client = ident(&api.sdk_name);
    let builder = ident(&format!("{}Builder", api.sdk_name));

    let variable_enums = api
        .server_variables
        .iter()
        .filter_map(|variable| variable.enum_type.as_deref())
        .map(ident);
    let services = api.services.iter().map(|service| {
        let module = ident(&service.module);
        let feature = &service.module;
        let fallback = format!("Operations of the {} service.", code_span(&service.tag));
        let doc = doc_or(service.description.as_deref(), &fallback);
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });

    let service_pages = api.services.iter().map(|service| {
        let page = format!("../docs/sdks/{}/README.md", service.module);
        let name = ident(&format!(
            "{}ServiceDocs",
            pascal_prefix(&service.module, "Service")
        ));
        let feature = &service.module;
        quote! {
            #[cfg(all(doctest, feature = #feature))]
            #[doc = include_str!(#page)]
            pub struct #name;
        }
    });
    let gates = ModelGates::new(api);
    let model_pages = api.models.iter().map(|model| {
        let page = format!("../docs/models/{}", model.doc_file);
        // A keyword's escaping `_`, as in `Self_`, would break the UpperCamelCase lint here.
        let stem = model
            .rust_name
            .strip_suffix('_')
            .unwrap_or(&model.rust_name);
        let name = ident(&format!("{stem}ModelDocs"));
        let cfg = match gates.condition(&model.rust_name) {
            Some(condition) => quote!(#[cfg(all(doctest, #condition))]),
            None => quote!(#[cfg(doctest)]),
        };
        quote! {
            #cfg
            #[doc = include_str!(#page)]
            pub struct #name;
        }
    });

    let shared_securities = SharedSecurity::all(api);
    let shared_exports = shared_securities.iter().map(|shared| {
        let name = ident(&shared.name);
        let cfg = shared_cfg(api, shared);
        quote! {
            #cfg
            pub use security::#name;
        }
    });

    let formats = api.uses(&TypeRef::Base64).then(|| {
        quote!(
            mod formats;
        )
    });
    let chrono = uses_chrono(api).then(|| {
        quote!(
            pub use chrono;
        )
    });
    let uuid = api.uses(&TypeRef::Uuid).then(|| {
        quote!(
            pub use uuid;
        )
    });

    quote! {
        #![doc = include_str!("../README.md")]
        #![deny(missing_docs)]
        #![allow(
            clippy::type_complexity,
            reason = "field and argument types nest as deeply as the spec's inline schemas"
        )]

        mod body;
        mod credentials;
        mod client;
        mod display;
        mod error;
        mod error_body;
        mod fields;
        mod file;
        mod finite;
        #formats
        mod headers;
        pub mod models;
        mod options;
        mod path_styles;
        mod query;
        mod redirect;
        mod retry;
        mod runtime;
        mod security;
        mod send;
        mod servers;
        mod typed_error;

        #(#services)*

        pub use credentials::{same_origin_redirects, ClientCredentials};
        pub use client::{#client, #builder #(, #variable_enums)*};
        pub use error::{Error, ResponseContent};
        pub use error_body::ErrorBody;
        pub use file::FilePart;
        pub use options::{BoxError, CallOptions};
        pub use retry::RetryConfig;
        pub use security::Security;
        #(#shared_exports)*
        pub use servers::OperationServer;

        pub use bytes;
        #chrono
        pub use reqwest;
        pub use serde_json;
        #uuid

        #(#service_pages)*
        #(#model_pages)*
    }
}
