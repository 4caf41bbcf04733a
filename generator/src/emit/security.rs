//! `src/security.rs`: the credentials of each security scheme.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::rustdoc::doc_attrs;
use crate::ir::operation::{CredentialShape, credential_shape};
use crate::ir::{Api, ParameterLocation, SchemeKind, SecurityScheme};
use crate::resolve::names::pascal_ident;

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
        let text = format!("Credential of the `{}` scheme.", scheme.name);
        doc_attrs(&text)
    });
    let security_doc = doc_attrs(&format!(
        "Credentials for the security schemes of {}, set once on the client.\n\n\
         Each operation sends the credentials its security requirement names. Credentials are \
         secrets: `Debug` shows them redacted.",
        api.title
    ));

    let env_helpers = (!schemes.is_empty()).then(emit_env_helpers);

    quote! {
        //! Credentials of the spec's security schemes.

        use crate::credentials::Credential;
        use crate::runtime::Placement;

        /// A security scheme of the spec.
        // NOTE: schemes used only by services whose feature is off are never constructed.
        #[allow(dead_code)]
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
                quote!(Placement::Header(#parameter_name))
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
            format!("Sent as {place} `{parameter_name}`.")
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
            format!(
                "Sent as `Authorization: {} <credential>`.",
                authorization_word(scheme)
            )
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
    let mut text = format!("Sets the credential of the `{}` scheme", scheme.name);
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
            " Sets client credentials for the `{}` scheme: the SDK fetches access tokens with \
             them from the token URL and caches them, as [`ClientCredentials`](crate::ClientCredentials) \
             describes.",
            scheme.name
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
