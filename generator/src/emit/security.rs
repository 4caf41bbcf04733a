//! `src/security.rs`: the credentials of each security scheme.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::rustdoc::doc_attrs;
use super::{allow_spec_variant_names, ident};
use crate::ir::operation::{CredentialShape, credential_shape, has_security_type};
use crate::ir::{Api, Operation, ParameterLocation, SchemeKind, SecurityScheme};
use crate::markdown::code_span;
use crate::resolve::names::{MAX_PREFIX_CHARS, pascal_ident, pascal_prefix};

/// Emits `src/security.rs`: `SchemeId`, the `Credentials` trait and the `Security` type.
pub fn emit_security(api: &Api) -> TokenStream {
    let schemes = &api.security_schemes;
    let variants: Vec<_> = schemes.iter().map(scheme_variant).collect();
    let placements = schemes.iter().map(placement);
    let names = schemes.iter().map(|scheme| &scheme.name);
    let token_urls = schemes.iter().map(|scheme| match &scheme.kind {
        SchemeKind::OAuth2 {
            token_url: Some(url),
            ..
        } => quote!(Some(#url)),
        _ => quote!(None),
    });
    let fields: Vec<_> = schemes
        .iter()
        .map(|scheme| ident(&scheme.rust_name))
        .collect();
    let env_reads = schemes.iter().map(env_read);
    let security = quote!(Security);
    let setters = schemes
        .iter()
        .map(|scheme| emit_setters(scheme, &security, true));

    let on_scheme = |arms: TokenStream| {
        if schemes.is_empty() {
            quote!(match self {})
        } else {
            quote!(match self { #arms })
        }
    };
    let placement_body = on_scheme(quote!(#( SchemeId::#variants => #placements, )*));
    let name_body = on_scheme(quote!(#( SchemeId::#variants => #names, )*));
    let token_url_body = on_scheme(quote!(#( SchemeId::#variants => #token_urls, )*));
    let credential_body = if schemes.is_empty() {
        quote!(match scheme {})
    } else {
        quote!(match scheme { #( SchemeId::#variants => self.#fields.as_ref(), )* })
    };
    let field_docs = schemes.iter().map(|scheme| {
        let text = format!("Credential of the {} scheme.", code_span(&scheme.name));
        doc_attrs(&text)
    });
    let security_doc = doc_attrs(&format!(
        "Credentials for the security schemes of {}, set once on the client.\n\n\
         Each operation sends the credentials its security requirement names. Credentials are \
         secrets: `Debug` shows them redacted.",
        api.title
    ));

    let env_helpers = (!schemes.is_empty()).then(emit_env_helpers);
    let shared = emit_shared_securities(api);
    let allow_variant_names = allow_spec_variant_names();

    quote! {
        //! Credentials of the spec's security schemes.

        use crate::credentials::Credential;
        use crate::runtime::Placement;

        /// A security scheme of the spec.
        // NOTE: schemes used only by services whose feature is off are never constructed.
        #[allow(dead_code)]
        #allow_variant_names
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum SchemeId {
            #(#variants,)*
        }

        impl SchemeId {
            /// Returns where the scheme's credential is sent.
            pub(crate) fn placement(self) -> Placement {
                #placement_body
            }

            /// Returns the scheme's key in the spec.
            pub(crate) fn name(self) -> &'static str {
                #name_body
            }

            /// Returns the `tokenUrl` of the scheme's OAuth 2.0 client credentials flow.
            pub(crate) fn token_url(self) -> Option<&'static str> {
                #token_url_body
            }
        }

        /// A holder of credentials, looked up by scheme.
        pub(crate) trait Credentials: Sync {
            /// Returns the credential for `scheme`, when one is set.
            fn credential(&self, scheme: SchemeId) -> Option<&Credential>;
        }

        #security_doc
        #[derive(Debug, Clone, Default)]
        pub struct Security {
            #( #field_docs #fields: Option<Credential>, )*
        }

        impl Security {
            /// Creates a `Security` with no credentials.
            pub fn new() -> Security {
                Security::default()
            }

            /// Creates a `Security` with each credential read from its environment variables;
            /// variables that are unset or empty leave the credential unset.
            pub fn from_env() -> Security {
                Security::new().or_from_env()
            }

            /// Fills each credential that is not set yet from its environment variables, and
            /// keeps those set in code.
            pub fn or_from_env(self) -> Security {
                Security {
                    #( #fields: self.#fields.or_else(|| #env_reads), )*
                }
            }

            #(#setters)*
        }

        impl Credentials for Security {
            fn credential(&self, scheme: SchemeId) -> Option<&Credential> {
                #credential_body
            }
        }

        #env_helpers

        #shared
    }
}

/// Emits the expression that reads the credential of `scheme` from the environment.
fn env_read(scheme: &SecurityScheme) -> TokenStream {
    let var = &scheme.env_var;
    match credential_shape(scheme) {
        CredentialShape::Secret => quote!(env_secret(#var)),
        CredentialShape::Basic => {
            let username = format!("{var}_USERNAME");
            let password = format!("{var}_PASSWORD");
            quote!(env_basic(#username, #password))
        }
        CredentialShape::OAuth2 {
            client_credentials: false,
        } => quote!(env_secret(#var)),
        CredentialShape::OAuth2 {
            client_credentials: true,
        } => {
            let id = format!("{var}_CLIENT_ID");
            let secret = format!("{var}_CLIENT_SECRET");
            quote!(env_secret(#var).or_else(|| env_client_credentials(#id, #secret)))
        }
    }
}

fn emit_env_helpers() -> TokenStream {
    quote! {
        fn env_value(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|value| !value.is_empty())
        }

        #[allow(dead_code)]
        fn env_secret(name: &str) -> Option<Credential> {
            env_value(name).map(Credential::secret)
        }

        #[allow(dead_code)]
        fn env_basic(username: &str, password: &str) -> Option<Credential> {
            Some(Credential::basic(env_value(username)?, env_value(password)?))
        }

        #[allow(dead_code)]
        fn env_client_credentials(id: &str, secret: &str) -> Option<Credential> {
            let credentials = crate::ClientCredentials::new(env_value(id)?, env_value(secret)?);
            Some(Credential::ClientCredentials(credentials))
        }
    }
}

/// Returns the `SchemeId` variant of `scheme`.
pub(crate) fn scheme_variant(scheme: &SecurityScheme) -> proc_macro2::Ident {
    // `pascal_ident` escapes a keyword, so the scheme `self` gives `Self_`, not `Self`.
    ident(&pascal_ident(&scheme.rust_name, "Scheme"))
}

fn placement(scheme: &SecurityScheme) -> TokenStream {
    match &scheme.kind {
        SchemeKind::ApiKey {
            location,
            parameter_name,
        } => match location {
            ParameterLocation::Query => quote!(Placement::Query(#parameter_name)),
            ParameterLocation::Cookie => quote!(Placement::Cookie(#parameter_name)),
            ParameterLocation::Header | ParameterLocation::Path => {
                // Lowercase, the form that the runtime keeps without copying.
                let name = parameter_name.to_ascii_lowercase();
                quote!(Placement::Header(#name))
            }
        },
        SchemeKind::Http { scheme, .. } if scheme == "basic" => quote!(Placement::Basic),
        SchemeKind::Http { scheme, .. } => {
            let word = authorization_word(scheme);
            quote!(Placement::Authorization(#word))
        }
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
            quote!(Placement::Authorization("Bearer"))
        }
    }
}

/// Spells an HTTP authentication scheme as `Authorization` headers usually do: `Bearer`.
fn authorization_word(scheme: &str) -> String {
    let mut chars = scheme.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Describes where a scheme's credential goes, for rustdoc.
pub(crate) fn placement_text(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        SchemeKind::ApiKey {
            location,
            parameter_name,
        } => {
            let place = match location {
                ParameterLocation::Query => "query parameter",
                ParameterLocation::Cookie => "cookie",
                ParameterLocation::Header | ParameterLocation::Path => "header",
            };
            format!("Sent as {place} {}.", code_span(parameter_name))
        }
        SchemeKind::Http { scheme, .. } if scheme == "basic" => {
            "Sent as `Authorization: Basic` with the base64 of `username:password`; the user name \
             cannot contain `:`."
                .to_owned()
        }
        SchemeKind::Http {
            scheme,
            bearer_format: Some(format),
        } if scheme == "bearer" => {
            format!("A bearer token ({format}), sent as `Authorization: Bearer <token>`.")
        }
        SchemeKind::Http { scheme, .. } => {
            let header = format!("Authorization: {} <credential>", authorization_word(scheme));
            format!("Sent as {}.", code_span(&header))
        }
        SchemeKind::OAuth2 { .. } | SchemeKind::OpenIdConnect => {
            "An access token, sent as `Authorization: Bearer <token>`.".to_owned()
        }
    }
}

/// Emits the setters of `scheme` on `owner`, a type with an `Option<Credential>` field per
/// scheme. `with_env` adds where [`Security::from_env`] reads the credential.
pub(crate) fn emit_setters(
    scheme: &SecurityScheme,
    owner: &TokenStream,
    with_env: bool,
) -> TokenStream {
    let field = ident(&scheme.rust_name);
    let mut text = format!(
        "Sets the credential of the {} scheme",
        code_span(&scheme.name)
    );
    match &scheme.description {
        Some(description) if !description.trim().is_empty() => {
            text.push_str(": ");
            text.push_str(description.trim());
        }
        _ => text.push('.'),
    }
    let doc = doc_attrs(&text);
    let mut placement = format!(" {}", placement_text(scheme));
    if with_env {
        placement.push_str(&format!(
            " [`Security::from_env`] reads it from {}.",
            env_text(scheme)
        ));
    }
    let main = match credential_shape(scheme) {
        CredentialShape::Basic => quote! {
            #[inline]
            pub fn #field(mut self, username: impl Into<String>, password: impl Into<String>) -> #owner {
                self.#field = Some(crate::credentials::Credential::basic(username, password));
                self
            }
        },
        CredentialShape::Secret | CredentialShape::OAuth2 { .. } => quote! {
            #[inline]
            pub fn #field(mut self, credential: impl Into<String>) -> #owner {
                self.#field = Some(crate::credentials::Credential::secret(credential));
                self
            }
        },
    };
    let client_credentials = (credential_shape(scheme)
        == CredentialShape::OAuth2 {
            client_credentials: true,
        })
    .then(|| {
        let setter = ident(&format!("{}_client_credentials", scheme.rust_name));
        let doc = format!(
            " Sets client credentials for the {} scheme: the SDK fetches access tokens with \
             them from the token URL and caches them, as [`ClientCredentials`](crate::ClientCredentials) \
             describes.",
            code_span(&scheme.name)
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn #setter(mut self, credentials: crate::ClientCredentials) -> #owner {
                self.#field = Some(crate::credentials::Credential::ClientCredentials(credentials));
                self
            }
        }
    });
    quote! {
        #doc
        #[doc = ""]
        #[doc = #placement]
        #main
        #client_credentials
    }
}

/// Names the environment variables that supply the credential of `scheme`, for rustdoc.
fn env_text(scheme: &SecurityScheme) -> String {
    let var = &scheme.env_var;
    match credential_shape(scheme) {
        CredentialShape::Secret
        | CredentialShape::OAuth2 {
            client_credentials: false,
        } => format!("`{var}`"),
        CredentialShape::Basic => format!("`{var}_USERNAME` and `{var}_PASSWORD`"),
        CredentialShape::OAuth2 {
            client_credentials: true,
        } => format!(
            "`{var}` (an access token), or else `{var}_CLIENT_ID` and `{var}_CLIENT_SECRET`"
        ),
    }
}

/// The credentials type that every operation with the same security requirements shares.
/// Each operation's `{prefix}Security` is an alias of it.
#[derive(Debug)]
pub(crate) struct SharedSecurity<'a> {
    /// The type's name, made of its schemes' names.
    pub name: String,
    /// The schemes: in the order of the one requirement when `single`, else in the order of
    /// `components.securitySchemes`.
    pub schemes: Vec<&'a SecurityScheme>,
    /// Whether one requirement names every scheme, so that `new` takes each credential.
    pub single: bool,
    /// The distinct non-empty requirements of the operations, each a list of schemes, when they
    /// accept several; empty when `single`.
    pub requirements: Vec<Vec<&'a SecurityScheme>>,
    /// Whether an empty requirement lets the operations be called without credentials.
    pub optional: bool,
    /// The indexes into [`Api::services`] of the services whose operations use the type.
    pub services: BTreeSet<usize>,
    key: SecurityKey,
}

/// The security requirements of an operation that decide its shared type. Scopes are left
/// out, because a credential does not depend on them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SecurityKey {
    single: bool,
    /// Indexes into `components.securitySchemes`, in the order of the one requirement when
    /// `single`, else in ascending order.
    schemes: Vec<usize>,
    /// The distinct non-empty requirements, each as ascending scheme indexes, in ascending
    /// order; empty when `single`.
    requirements: Vec<Vec<usize>>,
    optional: bool,
}

impl SecurityKey {
    fn of(api: &Api, operation: &Operation) -> Option<SecurityKey> {
        if !has_security_type(operation) {
            return None;
        }
        let requirements = operation.security.as_deref().unwrap_or_default();
        let index_of = |name: &String| {
            api.security_schemes
                .iter()
                .position(|scheme| &scheme.name == name)
        };
        let single = requirements.len() == 1;
        let mut schemes: Vec<usize> = Vec::new();
        for index in requirements
            .iter()
            .flat_map(|requirement| requirement.schemes.iter().filter_map(index_of))
        {
            if !schemes.contains(&index) {
                schemes.push(index);
            }
        }
        if single {
            return Some(SecurityKey {
                single,
                schemes,
                requirements: Vec::new(),
                optional: false,
            });
        }

        schemes.sort_unstable();
        let mut lists: BTreeSet<Vec<usize>> = BTreeSet::new();
        for requirement in requirements {
            let mut list: Vec<usize> = requirement.schemes.iter().filter_map(index_of).collect();
            list.sort_unstable();
            list.dedup();
            if !list.is_empty() {
                lists.insert(list);
            }
        }
        Some(SecurityKey {
            single,
            schemes,
            requirements: lists.into_iter().collect(),
            optional: requirements
                .iter()
                .any(|requirement| requirement.schemes.is_empty()),
        })
    }
}

impl<'a> SharedSecurity<'a> {
    /// Returns the shared credentials types of the spec, in the order of their requirements.
    ///
    /// A type is named after its requirements. One requirement gives `{A}And{B}Security`.
    /// Several give their schemes joined by `And` within a requirement and by `Or` between
    /// them, as in `{A}And{B}Or{C}Security`, with `Optional` in front when one requirement is
    /// empty, and `Alternatives` at the end when the requirements differ only in scopes. A name
    /// that another type or a re-export of the crate root already has gets a number.
    pub(crate) fn all(api: &'a Api) -> Vec<SharedSecurity<'a>> {
        let mut keys: BTreeMap<SecurityKey, BTreeSet<usize>> = BTreeMap::new();
        for (index, service) in api.services.iter().enumerate() {
            for operation in &service.operations {
                if let Some(key) = SecurityKey::of(api, operation) {
                    keys.entry(key).or_default().insert(index);
                }
            }
        }

        let mut used_names = root_names(api);
        keys.into_iter()
            .map(|(key, services)| {
                let scheme_at = |index: &usize| &api.security_schemes[*index];
                let schemes: Vec<&SecurityScheme> = key.schemes.iter().map(scheme_at).collect();
                let requirements: Vec<Vec<&SecurityScheme>> = key
                    .requirements
                    .iter()
                    .map(|list| list.iter().map(scheme_at).collect())
                    .collect();
                let name = unique_name(&mut used_names, shared_name(&key, &schemes, &requirements));
                SharedSecurity {
                    name,
                    schemes,
                    single: key.single,
                    requirements,
                    optional: key.optional,
                    services,
                    key,
                }
            })
            .collect()
    }

    /// Returns the name of the shared credentials type of `operation`, or `None` when the
    /// operation declares no `security` of its own or only empty requirements.
    pub(crate) fn name_of(
        shared: &[SharedSecurity<'_>],
        api: &Api,
        operation: &Operation,
    ) -> Option<String> {
        let key = SecurityKey::of(api, operation)?;
        shared
            .iter()
            .find(|candidate| candidate.key == key)
            .map(|found| found.name.clone())
    }
}

/// Returns the name of a shared credentials type, before any number that distinguishes it.
fn shared_name(
    key: &SecurityKey,
    schemes: &[&SecurityScheme],
    requirements: &[Vec<&SecurityScheme>],
) -> String {
    // The keyword escape of a scheme such as `self` would break the UpperCamelCase lint.
    let word = |scheme: &&SecurityScheme| pascal_prefix(&scheme.rust_name, "Scheme");
    let joined = |list: &[&SecurityScheme]| list.iter().map(word).collect::<Vec<_>>().join("And");
    let (mut prefix, suffix) = if key.single {
        (joined(schemes), "Security")
    } else {
        let body = requirements
            .iter()
            .map(|list| joined(list))
            .collect::<Vec<_>>()
            .join("Or");
        match (key.optional, requirements.len()) {
            (true, _) => (format!("Optional{body}"), "Security"),
            (false, 1) => (body, "AlternativesSecurity"),
            (false, _) => (body, "Security"),
        }
    };
    // The type names a page of rustdoc, so a long list of schemes is cut as a type prefix is.
    // `unique_name` then numbers the types whose names the cut made equal.
    prefix.truncate(MAX_PREFIX_CHARS);
    format!("{prefix}{suffix}")
}

/// Returns `name`, or `name` with the first number from 2 that is not in `used_names`, and adds
/// the result to `used_names`.
fn unique_name(used_names: &mut BTreeSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut number = 2;
    while used_names.contains(&candidate) {
        candidate = format!("{name}{number}");
        number += 1;
    }
    used_names.insert(candidate.clone());
    candidate
}

/// Returns the type names that the crate root defines or re-exports beside the shared
/// credentials types.
fn root_names(api: &Api) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = [
        "BoxError",
        "CallOptions",
        "ClientCredentials",
        "Error",
        "ErrorBody",
        "FilePart",
        "ResponseContent",
        "RetryConfig",
        "Security",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    names.insert(api.sdk_name.clone());
    names.insert(format!("{}Builder", api.sdk_name));
    for variable in &api.server_variables {
        names.extend(variable.enum_type.clone());
    }
    names
}

/// Emits the shared credentials types, each behind the features of the services that use it.
fn emit_shared_securities(api: &Api) -> TokenStream {
    let shared = SharedSecurity::all(api);
    let items = shared
        .iter()
        .map(|shared| emit_shared_security(api, shared));
    quote!(#(#items)*)
}

/// Returns the `#[cfg]` of a shared credentials type: the features of the services that use it.
pub(crate) fn shared_cfg(api: &Api, shared: &SharedSecurity<'_>) -> TokenStream {
    let features: Vec<TokenStream> = shared
        .services
        .iter()
        .map(|&index| {
            let feature = &api.services[index].module;
            quote!(feature = #feature)
        })
        .collect();
    match features.as_slice() {
        [feature] => quote!(#[cfg(#feature)]),
        _ => quote!(#[cfg(any(#(#features),*))]),
    }
}

/// Describes a shared credentials type by its requirements, for rustdoc.
fn shared_doc(shared: &SharedSecurity<'_>) -> String {
    if shared.single {
        return format!(
            "Credentials for the operations that require {}. They override the client's \
             credentials for a call.",
            requirement_text(&shared.schemes)
        );
    }

    let mut alternatives: Vec<String> = shared
        .requirements
        .iter()
        .map(|list| requirement_text(list))
        .collect();
    if shared.optional {
        alternatives.push("no credentials".to_owned());
    }
    format!(
        "Credentials for the operations that accept {}. Set those of one alternative; they \
         override the client's credentials for a call.",
        alternatives.join(", or ")
    )
}

/// Describes the security requirements of `operation` in prose, with their scopes, such as
/// "The operation accepts the scheme `key`, or no credentials."
pub(crate) fn requirements_text(api: &Api, operation: &Operation) -> String {
    let requirements = operation.security.as_deref().unwrap_or_default();
    let alternatives: Vec<String> = requirements
        .iter()
        .map(|requirement| {
            let schemes: Vec<&SecurityScheme> = requirement
                .schemes
                .iter()
                .filter_map(|name| {
                    api.security_schemes
                        .iter()
                        .find(|scheme| &scheme.name == name)
                })
                .collect();
            if schemes.is_empty() {
                return "no credentials".to_owned();
            }
            let scopes: Vec<String> = requirement
                .scopes
                .iter()
                .flatten()
                .map(|scope| code_span(scope))
                .collect();
            match scopes.as_slice() {
                [] => requirement_text(&schemes),
                [scope] => format!("{} with the scope {scope}", requirement_text(&schemes)),
                _ => format!(
                    "{} with the scopes {}",
                    requirement_text(&schemes),
                    prose_list(&scopes)
                ),
            }
        })
        .collect();
    match alternatives.as_slice() {
        [only] => format!("The operation requires {only}."),
        _ => format!("The operation accepts {}.", alternatives.join(", or ")),
    }
}

/// Names the schemes of one requirement in prose, such as "the schemes `a` and `b` together".
fn requirement_text(schemes: &[&SecurityScheme]) -> String {
    let names: Vec<String> = schemes
        .iter()
        .map(|scheme| code_span(&scheme.name))
        .collect();
    match names.as_slice() {
        [only] => format!("the scheme {only}"),
        _ => format!("the schemes {} together", prose_list(&names)),
    }
}

/// Joins `items` as prose: "a", "a and b", "a, b and c".
fn prose_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn emit_shared_security(api: &Api, shared: &SharedSecurity<'_>) -> TokenStream {
    let name = ident(&shared.name);
    let cfg = shared_cfg(api, shared);
    let schemes = &shared.schemes;
    let fields: Vec<Ident> = schemes
        .iter()
        .map(|scheme| ident(&scheme.rust_name))
        .collect();
    let variants: Vec<Ident> = schemes
        .iter()
        .map(|scheme| scheme_variant(scheme))
        .collect();
    let field_docs: Vec<TokenStream> = schemes
        .iter()
        .map(|scheme| {
            let text = format!(
                "Credential of the {} scheme. {}",
                code_span(&scheme.name),
                placement_text(scheme)
            );
            doc_attrs(&text)
        })
        .collect();
    let doc = doc_attrs(&shared_doc(shared));
    let catch_all = (schemes.len() < api.security_schemes.len()).then(|| quote!(_ => None,));

    let (declaration, constructor, lookup) = if shared.single {
        let mut arguments = Vec::new();
        let mut values = Vec::new();
        for (scheme, field) in schemes.iter().zip(&fields) {
            if credential_shape(scheme) == CredentialShape::Basic {
                let username = ident(&format!("{}_username", scheme.rust_name));
                let password = ident(&format!("{}_password", scheme.rust_name));
                arguments.push(quote!(#username: impl Into<String>, #password: impl Into<String>));
                values.push(quote!(Credential::basic(#username, #password)));
            } else {
                arguments.push(quote!(#field: impl Into<String>));
                values.push(quote!(Credential::secret(#field)));
            }
        }
        // The spec decides how many credentials an operation requires together.
        let argument_count: usize = schemes
            .iter()
            .map(|scheme| match credential_shape(scheme) {
                CredentialShape::Basic => 2,
                _ => 1,
            })
            .sum();
        let many_arguments = super::allow_many_arguments(argument_count);
        (
            quote! {
                #[derive(Debug, Clone)]
                pub struct #name {
                    #( #field_docs #fields: Credential, )*
                }
            },
            quote! {
                /// Creates the credentials, one per scheme the operation requires: a user name
                /// and password for HTTP basic, a token or key for the others.
                #[inline]
                #many_arguments
                pub fn new(#(#arguments),*) -> #name {
                    #name {
                        #( #fields: #values, )*
                    }
                }
            },
            quote!(#( SchemeId::#variants => Some(&self.#fields), )*),
        )
    } else {
        let owner = quote!(#name);
        let setters = schemes
            .iter()
            .map(|scheme| emit_setters(scheme, &owner, false));
        (
            quote! {
                #[derive(Debug, Clone, Default)]
                pub struct #name {
                    #( #field_docs #fields: Option<Credential>, )*
                }
            },
            quote! {
                /// Creates the credentials with no scheme set; set those of one alternative.
                #[inline]
                pub fn new() -> #name {
                    #name::default()
                }

                #(#setters)*
            },
            quote!(#( SchemeId::#variants => self.#fields.as_ref(), )*),
        )
    };

    quote! {
        #doc
        ///
        /// `Debug` shows the credentials redacted.
        #cfg
        #declaration

        #cfg
        impl #name {
            #constructor
        }

        #cfg
        impl Credentials for #name {
            #[inline]
            fn credential(&self, scheme: SchemeId) -> Option<&Credential> {
                match scheme {
                    #lookup
                    #catch_all
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::settings::Settings;

    /// Operations in three services. The `pets` operations require `key` alone, `key` and
    /// `session` together, or `a` and `b` together. The `stores` operations require `key`
    /// alone, accept `key` or `session`, and accept `session` or nothing. The `orders`
    /// operations require the one scheme `a_and_b`, accept `b` and `a` together or `key`,
    /// accept `oauth` with either of two scopes, accept `key`, `session` or nothing, and
    /// require the scheme `self`.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shared, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      security: [{key: []}]
      responses: {"204": {description: ok}}
    post:
      operationId: addPet
      tags: [pets]
      security: [{key: [], session: []}]
      responses: {"204": {description: ok}}
    put:
      operationId: putPet
      tags: [pets]
      security: [{a: [], b: []}]
      responses: {"204": {description: ok}}
  /stores:
    get:
      operationId: listStores
      tags: [stores]
      security: [{key: []}]
      responses: {"204": {description: ok}}
    post:
      operationId: addStore
      tags: [stores]
      security: [{session: []}, {key: []}]
      responses: {"204": {description: ok}}
    put:
      operationId: putStore
      tags: [stores]
      security: [{session: []}, {}]
      responses: {"204": {description: ok}}
  /orders:
    get:
      operationId: listOrders
      tags: [orders]
      security: [{a_and_b: []}]
      responses: {"204": {description: ok}}
    post:
      operationId: addOrder
      tags: [orders]
      security: [{b: [], a: []}, {key: []}]
      responses: {"204": {description: ok}}
    put:
      operationId: putOrder
      tags: [orders]
      security: [{oauth: [read]}, {oauth: [admin]}]
      responses: {"204": {description: ok}}
    delete:
      operationId: deleteOrder
      tags: [orders]
      security: [{key: []}, {session: []}, {}]
      responses: {"204": {description: ok}}
    patch:
      operationId: patchOrder
      tags: [orders]
      security: [{self: []}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    session: {type: apiKey, in: header, name: X-Session}
    a: {type: apiKey, in: header, name: X-A}
    b: {type: apiKey, in: header, name: X-B}
    a_and_b: {type: apiKey, in: header, name: X-A-And-B}
    self: {type: apiKey, in: header, name: X-Self}
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: http://127.0.0.1:9/token
          scopes: {read: Read, admin: Administer}
"##;

    fn api() -> Api {
        let document =
            crate::load::parse_spec(SPEC, Path::new("shared.yaml")).expect("spec parses");
        let settings = Settings::from_title("Shared").expect("a title with letters");
        crate::resolve::resolve_api(&document, &settings).expect("spec resolves")
    }

    /// Returns the shared type of each operation, by operation id.
    fn names_by_operation(api: &Api) -> Vec<(String, String)> {
        let shared = SharedSecurity::all(api);
        let mut names = Vec::new();
        for service in &api.services {
            for operation in &service.operations {
                let name = SharedSecurity::name_of(&shared, api, operation).expect("a shared type");
                names.push((operation.method_name.clone(), name));
            }
        }
        names.sort();
        names
    }

    fn name_of(names: &[(String, String)], method: &str) -> String {
        let found = names.iter().find(|(name, _)| name == method);
        found
            .map(|(_, shared)| shared.clone())
            .expect("the operation exists")
    }

    #[test]
    fn same_requirement_shares_one_type() {
        let api = api();
        let names = names_by_operation(&api);

        assert_eq!(name_of(&names, "list_pets"), "KeySecurity");
        assert_eq!(name_of(&names, "list_stores"), "KeySecurity");
        let shared = SharedSecurity::all(&api);
        let key = shared.iter().find(|shared| shared.name == "KeySecurity");
        let cfg = shared_cfg(&api, key.expect("KeySecurity exists")).to_string();
        assert!(cfg.contains(r#"feature = "pets""#), "{cfg}");
        assert!(cfg.contains(r#"feature = "stores""#), "{cfg}");
    }

    #[test]
    fn names_follow_requirement_shape() {
        let names = names_by_operation(&api());

        assert_eq!(name_of(&names, "add_pet"), "KeyAndSessionSecurity");
        assert_eq!(name_of(&names, "add_store"), "KeyOrSessionSecurity");
        assert_eq!(name_of(&names, "put_store"), "OptionalSessionSecurity");
    }

    #[test]
    fn names_group_schemes_by_requirement() {
        let names = names_by_operation(&api());

        assert_eq!(name_of(&names, "add_order"), "KeyOrAAndBSecurity");
        assert_eq!(name_of(&names, "put_order"), "OauthAlternativesSecurity");
        assert_eq!(
            name_of(&names, "delete_order"),
            "OptionalKeyOrSessionSecurity"
        );
        assert_eq!(name_of(&names, "patch_order"), "SelfSecurity");
    }

    #[test]
    fn optional_type_doc_names_no_credentials() {
        let api = api();
        let shared = SharedSecurity::all(&api);
        let optional = shared
            .iter()
            .find(|shared| shared.name == "OptionalKeyOrSessionSecurity")
            .expect("the optional type exists");

        let doc = shared_doc(optional);
        assert!(
            doc.contains("the scheme `key`, or the scheme `session`, or no credentials"),
            "{doc}"
        );
    }

    #[test]
    fn operation_doc_lists_requirements_and_scopes() {
        let api = api();
        let operation = |id: &str| {
            api.services
                .iter()
                .flat_map(|service| &service.operations)
                .find(|operation| operation.method_name == id)
                .expect("the operation exists")
        };

        assert_eq!(
            requirements_text(&api, operation("put_order")),
            "The operation accepts the scheme `oauth` with the scope `read`, or the scheme \
             `oauth` with the scope `admin`."
        );
        assert_eq!(
            requirements_text(&api, operation("add_pet")),
            "The operation requires the schemes `key` and `session` together."
        );
    }

    #[test]
    fn colliding_names_get_a_number() {
        let names = names_by_operation(&api());

        let pair = name_of(&names, "put_pet");
        let single = name_of(&names, "list_orders");
        assert_ne!(pair, single);
        assert!(pair.starts_with("AAndBSecurity"), "{pair}");
        assert!(single.starts_with("AAndBSecurity"), "{single}");
    }
}
