//! `src/security.rs`: the credentials of each security scheme.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::rustdoc::doc_attrs;
use crate::ir::{Api, ParameterLocation, SchemeKind, SecurityScheme};

/// Emits `src/security.rs`: `SchemeId`, the `Credentials` trait and the `Security` type.
pub fn emit_security(api: &Api) -> TokenStream {
    let schemes = &api.security_schemes;
    let variants: Vec<_> = schemes.iter().map(scheme_variant).collect();
    let placements = schemes.iter().map(placement);
    let fields: Vec<_> = schemes
        .iter()
        .map(|scheme| ident(&scheme.rust_name))
        .collect();
    let env_vars = schemes.iter().map(|scheme| &scheme.env_var);
    let setters = schemes.iter().map(emit_setter);

    let placement_body = if schemes.is_empty() {
        quote!(match self {})
    } else {
        quote!(match self { #( SchemeId::#variants => #placements, )* })
    };
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

    let env_credential = (!schemes.is_empty()).then(|| {
        quote! {
            fn env_credential(name: &str) -> Option<SecretString> {
                let value = std::env::var(name).ok()?;
                (!value.is_empty()).then(|| SecretString::from(value))
            }
        }
    });

    quote! {
        //! Credentials of the spec's security schemes.

        use secrecy::SecretString;

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
        }

        /// A holder of credentials, looked up by scheme.
        pub(crate) trait Credentials {
            /// Returns the credential for `scheme`, when one is set.
            fn credential(&self, scheme: SchemeId) -> Option<&SecretString>;
        }

        #security_doc
        #[derive(Debug, Clone, Default)]
        pub struct Security {
            #( #field_docs #fields: Option<SecretString>, )*
        }

        impl Security {
            /// Creates a `Security` with no credentials.
            pub fn new() -> Security {
                Security::default()
            }

            /// Creates a `Security` with each credential read from its environment variable;
            /// variables that are unset or empty leave the credential unset.
            pub fn from_env() -> Security {
                Security {
                    #( #fields: env_credential(#env_vars), )*
                }
            }

            #(#setters)*
        }

        impl Credentials for Security {
            fn credential(&self, scheme: SchemeId) -> Option<&SecretString> {
                #credential_body
            }
        }

        #env_credential
    }
}

/// Returns the `SchemeId` variant of `scheme`.
pub(crate) fn scheme_variant(scheme: &SecurityScheme) -> proc_macro2::Ident {
    ident(&heck::ToUpperCamelCase::to_upper_camel_case(
        scheme.rust_name.as_str(),
    ))
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
        SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
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
            "Sent as `Authorization: Basic`; give `user:password`, which is base64-encoded."
                .to_owned()
        }
        SchemeKind::Http { scheme, .. } => {
            format!(
                "Sent as `Authorization: {} <credential>`.",
                authorization_word(scheme)
            )
        }
        SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
            "An access token, sent as `Authorization: Bearer <token>`.".to_owned()
        }
    }
}

fn emit_setter(scheme: &SecurityScheme) -> TokenStream {
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
    let placement = format!(
        " {} [`Security::from_env`] reads it from `{}`.",
        placement_text(scheme),
        scheme.env_var
    );
    quote! {
        #doc
        #[doc = ""]
        #[doc = #placement]
        pub fn #field(mut self, credential: impl Into<String>) -> Security {
            self.#field = Some(SecretString::from(credential.into()));
            self
        }
    }
}
