//! The crate root: module declarations, re-exports and the docs as doctests.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use super::rustdoc::doc_or;
use crate::ir::Api;

/// Emits `src/lib.rs`.
pub fn emit_lib(api: &Api) -> TokenStream {
    let client = ident(&api.sdk_name);
    let builder = format_ident!("{}Builder", api.sdk_name);

    let services = api.services.iter().map(|service| {
        let module = ident(&service.module);
        let feature = &service.module;
        let fallback = format!("Operations of the `{}` service.", service.tag);
        let doc = doc_or(service.description.as_deref(), &fallback);
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });

    let service_pages = api.services.iter().map(|service| {
        let page = format!("../docs/sdks/{}/README.md", service.module);
        let name = format_ident!("{}ServiceDocs", pascal(&service.module));
        let feature = &service.module;
        quote! {
            #[cfg(all(doctest, feature = #feature))]
            #[doc = include_str!(#page)]
            pub struct #name;
        }
    });
    let model_pages = api.models.iter().map(|model| {
        let page = format!("../docs/models/{}", model.doc_file);
        let name = format_ident!("{}ModelDocs", model.rust_name);
        quote! {
            #[cfg(doctest)]
            #[doc = include_str!(#page)]
            pub struct #name;
        }
    });

    quote! {
        #![doc = include_str!("../README.md")]
        #![deny(missing_docs)]

        mod credentials;
        mod client;
        mod error;
        mod error_body;
        mod file;
        pub mod models;
        mod query;
        mod runtime;
        mod security;
        mod typed_error;

        #(#services)*

        pub use credentials::{same_origin_redirects, ClientCredentials};
        pub use client::{#client, #builder};
        pub use error::{Error, ResponseContent};
        pub use error_body::ErrorBody;
        pub use file::FilePart;
        pub use security::Security;

        pub use bytes;
        pub use reqwest;
        pub use serde_json;

        #(#service_pages)*
        #(#model_pages)*
    }
}

fn pascal(module: &str) -> String {
    heck::ToUpperCamelCase::to_upper_camel_case(module)
}
