//! Emits the Rust files of the SDK crate from the [`crate::ir`].
//!
//! Each module emits one kind of file as a token stream; [`emit_crate`] formats them with
//! prettyplease and adds the hand-written runtime files that every SDK shares.
//!
//! NOTE: the methods of the items emitted once per operation or per model (request builders,
//! per-call security, `Debug`, `Display`, enum `as_str`, a `Deserialize` visitor's
//! `expecting`) carry `#[inline]`. A library crate compiles each of its non-generic functions
//! to machine code, called or not, and `#[inline]` leaves that to the crate that calls the
//! function. With hundreds of operations this is a large share of the compiler's work and
//! memory for the SDK (see BENCHMARKS.md).

pub(crate) mod cargo;
mod client;
mod deserialize;
mod error_body;
mod features;
mod lib_rs;
pub(crate) mod models;
mod operations;
mod properties;
mod response_debug;
pub mod rustdoc;
mod security;
mod serialize;
mod servers;
mod statuses;
mod styles;

#[cfg(test)]
mod reserved_tests;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::format::format_rust;
use crate::ir::{Api, TypeRef};
use crate::resolve::names;
use crate::{Error, GeneratedFile};

/// Emits the lint exception for an enum whose variant names come from the spec. The spec may
/// give every variant a common prefix or suffix (`QueryKey`, `CookieKey`) or repeat the enum's
/// name in one, which clippy's `enum_variant_names` rejects, and renaming them would hide the
/// names users look for.
fn allow_spec_variant_names() -> TokenStream {
    quote!(#[allow(clippy::enum_variant_names, reason = "the variant names come from the spec")])
}

/// Emits the lint exception for an enum whose variants hold spec types of any size. One may be
/// far larger than the others, which clippy's `large_enum_variant` rejects, and boxing it would
/// change the variant's type that callers match on.
fn allow_large_variants() -> TokenStream {
    quote!(#[allow(clippy::large_enum_variant, reason = "boxing a variant would change its type")])
}

/// The number of arguments past which clippy's `too_many_arguments` lint fires by default.
const MAX_CLIPPY_ARGUMENTS: usize = 7;

/// Emits the lint exception for a function of `count` arguments, each a required value of the
/// spec, when clippy's `too_many_arguments` would reject it. Returns `None` otherwise.
fn allow_many_arguments(count: usize) -> Option<TokenStream> {
    (count > MAX_CLIPPY_ARGUMENTS).then(|| {
        quote!(#[allow(clippy::too_many_arguments, reason = "each argument is a required value of the spec")])
    })
}

/// The runtime's macros in `crate::fields` whose invocations list a model's properties or
/// values as a table. `crate::format` prints each invocation with a line per entry.
pub(crate) const TABLE_MACROS: [&str; 3] = ["impl_serde", "impl_string_enum", "impl_integer_enum"];

/// Returns which of the [`TABLE_MACROS`] `invocation` calls, as `crate::fields::{name}!`.
pub(crate) fn table_macro(invocation: &syn::ItemMacro) -> Option<&'static str> {
    let path: Vec<&syn::Ident> = invocation
        .mac
        .path
        .segments
        .iter()
        .map(|segment| &segment.ident)
        .collect();
    let [root, module, name] = path.as_slice() else {
        return None;
    };
    if invocation.ident.is_some() || *root != "crate" || *module != "fields" {
        return None;
    }
    TABLE_MACROS.into_iter().find(|table| *name == table)
}

/// Hand-written runtime files, copied into every SDK's `src/`.
const RUNTIME_FILES: &[(&str, &str)] = &[
    ("src/body.rs", include_str!("../../runtime/body.rs")),
    (
        "src/credentials.rs",
        include_str!("../../runtime/credentials.rs"),
    ),
    ("src/display.rs", include_str!("../../runtime/display.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/fields.rs", include_str!("../../runtime/fields.rs")),
    ("src/file.rs", include_str!("../../runtime/file.rs")),
    ("src/finite.rs", include_str!("../../runtime/finite.rs")),
    ("src/headers.rs", include_str!("../../runtime/headers.rs")),
    ("src/options.rs", include_str!("../../runtime/options.rs")),
    (
        "src/path_styles.rs",
        include_str!("../../runtime/path_styles.rs"),
    ),
    ("src/query.rs", include_str!("../../runtime/query.rs")),
    ("src/redirect.rs", include_str!("../../runtime/redirect.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
    ("src/runtime.rs", include_str!("../../runtime/runtime.rs")),
    ("src/send.rs", include_str!("../../runtime/send.rs")),
    ("src/servers.rs", include_str!("../../runtime/servers.rs")),
    (
        "src/typed_error.rs",
        include_str!("../../runtime/typed_error.rs"),
    ),
];

/// The runtime file of the base64 adapters, copied only into SDKs with a `format: byte` value.
const FORMATS_FILE: (&str, &str) = ("src/formats.rs", include_str!("../../runtime/formats.rs"));

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
    let rust = rust_files(api)
        .into_iter()
        .map(|file| {
            let tokens = file.emit(api);
            (file.path, tokens)
        })
        .collect();
    EmittedCrate {
        files: plain_files(api),
        rust,
    }
}

/// Returns the files that need no formatting: `Cargo.toml` and the runtime files.
pub fn plain_files(api: &Api) -> Vec<GeneratedFile> {
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
    if api.uses(&TypeRef::Base64) {
        let (path, contents) = FORMATS_FILE;
        files.push(GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        });
    }
    files
}

/// A Rust file of the crate, not yet emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustFile {
    /// Path relative to the crate's root.
    pub path: String,
    kind: RustFileKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum RustFileKind {
    Lib,
    Client,
    ErrorBody,
    Models,
    Security,
    /// The service at `index` of [`Api::services`], with the name of the shared credentials
    /// type of each of its operations, which takes every operation of the spec to work out.
    Service {
        index: usize,
        security_types: Vec<Option<String>>,
    },
}

impl RustFile {
    /// Emits the file's tokens. Token streams cannot move between threads, so each file is
    /// emitted on the thread that formats it.
    pub fn emit(&self, api: &Api) -> TokenStream {
        match &self.kind {
            RustFileKind::Lib => lib_rs::emit_lib(api),
            RustFileKind::Client => client::emit_client(api),
            RustFileKind::ErrorBody => error_body::emit_error_body(api),
            RustFileKind::Models => models::emit_models(api),
            RustFileKind::Security => security::emit_security(api),
            RustFileKind::Service {
                index,
                security_types,
            } => operations::emit_service(api, &api.services[*index], security_types),
        }
    }

    /// Emits the file's tokens in parts, each a Rust file of its own, whose printed forms
    /// joined by [`crate::format::append_part`] equal the whole file printed at once. Only
    /// `src/models.rs`, by far the largest file, has more than one part.
    pub fn emit_parts<'a>(&self, api: &'a Api) -> Box<dyn Iterator<Item = TokenStream> + 'a> {
        match self.kind {
            RustFileKind::Models => Box::new(models::emit_model_parts(api)),
            _ => Box::new(std::iter::once(self.emit(api))),
        }
    }

    /// Describes the file's contents for messages, such as `the client`.
    pub fn describe(&self, api: &Api) -> String {
        match self.kind {
            RustFileKind::Lib => "the crate root".to_owned(),
            RustFileKind::Client => "the client".to_owned(),
            RustFileKind::ErrorBody => "the error body type".to_owned(),
            RustFileKind::Models => "the models".to_owned(),
            RustFileKind::Security => "the security types".to_owned(),
            RustFileKind::Service { index, .. } => {
                format!("the service of tag {:?}", api.services[index].tag)
            }
        }
    }
}

/// Lists the crate's Rust files: `lib.rs`, `client.rs`, `error_body.rs`, `models.rs`,
/// `security.rs`, then a file per service.
pub fn rust_files(api: &Api) -> Vec<RustFile> {
    let fixed = [
        ("src/lib.rs", RustFileKind::Lib),
        ("src/client.rs", RustFileKind::Client),
        ("src/error_body.rs", RustFileKind::ErrorBody),
        ("src/models.rs", RustFileKind::Models),
        ("src/security.rs", RustFileKind::Security),
    ];
    let mut files: Vec<RustFile> = fixed
        .into_iter()
        .map(|(path, kind)| RustFile {
            path: path.to_owned(),
            kind,
        })
        .collect();
    let shared = security::SharedSecurity::all(api);
    for (index, service) in api.services.iter().enumerate() {
        let security_types = service
            .operations
            .iter()
            .map(|operation| security::SharedSecurity::name_of(&shared, api, operation))
            .collect();
        files.push(RustFile {
            path: format!("src/{}.rs", service.module),
            kind: RustFileKind::Service {
                index,
                security_types,
            },
        });
    }
    files
}

/// Makes an identifier. The resolver builds every IR name with `snake_ident`, `pascal_ident`
/// or `type_ident`, which return valid ones. `Ident::new` panics on an invalid name, so any
/// other name is first made valid by [`names::repair_ident`], and the emitted code stays
/// parseable instead of the generator aborting.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(&names::repair_ident(name), Span::call_site())
}

/// Returns the Rust type of `ty`, with models named through `crate::models`.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        // NOTE: chrono rather than `time`, because chrono's own serde impls write and read
        // RFC 3339 and `YYYY-MM-DD`, so these types keep their wire form at any depth (array
        // items, map values, union members, bodies, parameters) with no adapter.
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Bytes | TypeRef::Base64 => quote!(Vec<u8>),
        TypeRef::ResponseBytes => quote!(bytes::Bytes),
        TypeRef::File => quote!(crate::FilePart),
        TypeRef::Array(items) => {
            let items = rust_type(items);
            quote!(Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = rust_type(values);
            quote!(std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        TypeRef::Model(name) => {
            let name = ident(name);
            quote!(crate::models::#name)
        }
    }
}

/// Returns the adapter of `crate::formats` that gives `ty` its wire form, such as
/// `Vec<crate::formats::Base64>`, or `None` when the type's own serde impls already write it:
/// only `format: byte` values need one. Aliases are followed through `api`.
pub(crate) fn wire_adapter(api: &Api, ty: &TypeRef) -> Option<String> {
    wire_adapter_within(api, ty, 0)
}

fn wire_adapter_within(api: &Api, ty: &TypeRef, depth: usize) -> Option<String> {
    match ty {
        TypeRef::Base64 => Some("crate::formats::Base64".to_owned()),
        TypeRef::Array(items) => {
            let items = wire_adapter_within(api, items, depth)?;
            Some(format!("Vec<{items}>"))
        }
        TypeRef::Map(values) => {
            let values = wire_adapter_within(api, values, depth)?;
            Some(format!("std::collections::BTreeMap<String, {values}>"))
        }
        TypeRef::Nullable(inner) => {
            let inner = wire_adapter_within(api, inner, depth)?;
            Some(format!("Option<{inner}>"))
        }
        // An alias of an alias is followed as far as the resolver lets a chain of aliases go,
        // so a cycle of aliases stops there.
        TypeRef::Model(name) if depth <= crate::ir::MAX_ALIAS_CHAIN => {
            let model = api.models.iter().find(|model| &model.rust_name == name)?;
            match &model.kind {
                crate::ir::ModelKind::Alias { ty } => wire_adapter_within(api, ty, depth + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Returns an adapter of [`wire_adapter`] as tokens.
pub(crate) fn adapter_tokens(adapter: &str) -> TokenStream {
    // The adapter is a type path built above, so it always parses.
    adapter.parse().unwrap_or_default()
}

/// Returns `value`, an expression of type `&T`, as one that serializes in the wire form of
/// `ty`.
pub(crate) fn written(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    match wire_adapter(api, ty) {
        Some(adapter) => {
            let adapter = adapter_tokens(&adapter);
            quote!(&crate::formats::Written::<_, #adapter>::new(#value))
        }
        None => value,
    }
}

/// Returns the type a setter of `ty` accepts: `impl Into<String>` for strings, `ty` otherwise.
pub(crate) fn setter_type(ty: &TypeRef) -> TokenStream {
    let ty = rust_type(ty);
    quote!(impl Into<#ty>)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Resolves a spec whose schema `B{links}` reaches a base64 string through `links` aliases,
    /// each a `$ref` to the one before.
    fn base64_chain(links: usize) -> Api {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  \
             schemas:\n    B0: {type: string, format: byte}\n",
        );
        for link in 1..=links {
            let before = link - 1;
            text.push_str(&format!(
                "    B{link}: {{$ref: '#/components/schemas/B{before}'}}\n"
            ));
        }
        let document = crate::load::parse_spec(&text, Path::new("chain.yaml")).expect("a spec");
        let settings = crate::settings::load_settings(None, &document).expect("settings");
        crate::resolve::resolve_api(&document, &settings).expect("the spec resolves")
    }

    #[test]
    fn base64_adapter_follows_long_alias_chain() {
        for links in [1, 11, 63] {
            let api = base64_chain(links);
            let ty = TypeRef::Model(format!("B{links}"));
            assert_eq!(
                wire_adapter(&api, &ty).as_deref(),
                Some("crate::formats::Base64"),
                "{links} links"
            );
        }
    }
}
