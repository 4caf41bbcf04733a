//! Emits the Rust files of the SDK crate from the [`crate::ir`].
//!
//! Each module emits one kind of file as a token stream; [`emit_crate`] formats them with
//! prettyplease and adds the hand-written runtime files that every SDK shares.

mod cargo;
mod client;
mod error_body;
mod lib_rs;
mod models;
mod operations;
pub mod rustdoc;
mod security;
mod styles;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::format::format_rust;
use crate::ir::{Api, TypeRef};
use crate::{Error, GeneratedFile};

/// Hand-written runtime files, copied into every SDK's `src/`.
const RUNTIME_FILES: &[(&str, &str)] = &[
    (
        "src/credentials.rs",
        include_str!("../../runtime/credentials.rs"),
    ),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/file.rs", include_str!("../../runtime/file.rs")),
    ("src/query.rs", include_str!("../../runtime/query.rs")),
    ("src/runtime.rs", include_str!("../../runtime/runtime.rs")),
    (
        "src/typed_error.rs",
        include_str!("../../runtime/typed_error.rs"),
    ),
];

/// The crate as emitted, before its Rust is formatted.
#[derive(Debug)]
pub struct EmittedCrate {
    /// Files that need no formatting: `Cargo.toml` and the runtime files.
    pub files: Vec<GeneratedFile>,
    /// Rust files as token streams, by path.
    pub rust: Vec<(String, TokenStream)>,
}

impl EmittedCrate {
    /// Formats the Rust files and returns every file of the crate.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidRust`] when an emitter produced Rust that does not parse.
    pub fn format(self) -> Result<Vec<GeneratedFile>, Error> {
        let mut files = self.files;
        for (path, tokens) in self.rust {
            let contents = format_rust(&path, tokens)?;
            files.push(GeneratedFile { path, contents });
        }
        Ok(files)
    }
}

/// Emits every Rust file of the crate and its `Cargo.toml`, formatted.
///
/// # Errors
///
/// Returns [`Error::InvalidRust`] when an emitter produced Rust that does not parse.
pub fn emit_crate(api: &Api) -> Result<Vec<GeneratedFile>, Error> {
    emit_tokens(api).format()
}

/// Emits the crate's Rust files as token streams, and the files that need no formatting.
pub fn emit_tokens(api: &Api) -> EmittedCrate {
    let mut files = vec![GeneratedFile {
        path: "Cargo.toml".to_owned(),
        contents: cargo::emit_manifest(api),
    }];
    for (path, contents) in RUNTIME_FILES {
        files.push(GeneratedFile {
            path: (*path).to_owned(),
            contents: (*contents).to_owned(),
        });
    }

    let mut rust = vec![
        ("src/lib.rs".to_owned(), lib_rs::emit_lib(api)),
        ("src/client.rs".to_owned(), client::emit_client(api)),
        (
            "src/error_body.rs".to_owned(),
            error_body::emit_error_body(api),
        ),
        ("src/models.rs".to_owned(), models::emit_models(api)),
        ("src/security.rs".to_owned(), security::emit_security(api)),
    ];
    for service in &api.services {
        let path = format!("src/{}.rs", service.module);
        rust.push((path, operations::emit_service(api, service)));
    }
    EmittedCrate { files, rust }
}

/// Makes an identifier. `Ident::new` panics on an invalid name, but the resolver builds every
/// IR name with `snake_ident`, `pascal_ident` or `type_ident`, which return valid ones.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Returns the Rust type of `ty`, with models named through `crate::models`.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Array(items) => {
            let items = rust_type(items);
            quote!(Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = rust_type(values);
            quote!(std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Model(name) => {
            let name = ident(name);
            quote!(crate::models::#name)
        }
    }
}

/// Returns the type a setter of `ty` accepts: `impl Into<String>` for strings, `ty` otherwise.
pub(crate) fn setter_type(ty: &TypeRef) -> TokenStream {
    let ty = rust_type(ty);
    quote!(impl Into<#ty>)
}
