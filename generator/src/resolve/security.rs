//! Lowering of security schemes and security requirements.

use std::collections::HashMap;

use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Resolver;
use super::names::{NameScope, snake_ident};
use super::operations::is_client_set_header;
use crate::Settings;
use crate::ir::operation::env_var_names;
use crate::ir::{self, ParameterLocation, SchemeKind};
use crate::load::escape_pointer_token;

const SCHEMES: &str = "#/components/securitySchemes/";

impl Resolver<'_> {
    /// Lowers `components.securitySchemes`, in spec order.
    pub(super) fn lower_security_schemes(
        &mut self,
        settings: &Settings,
    ) -> Vec<ir::SecurityScheme> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        let mut field_names = NameScope::default();
        let mut schemes = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let pointer = format!("{SCHEMES}{}", escape_pointer_token(name));
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { .. } => {
                    let reason = "a security scheme given as a $ref is not supported".to_owned();
                    self.report(&pointer, reason, "write the scheme out in place");
                    continue;
                }
            };
            if let SecurityScheme::OAuth2 { flows, .. } = scheme
                && let Some(flow) = &flows.client_credentials
                && !valid_token_url(&flow.token_url)
            {
                self.report(
                    &format!("{pointer}/flows/clientCredentials/tokenUrl"),
                    format!("invalid tokenUrl {:?}", flow.token_url),
                    "give an absolute URL or a path relative to the server URL, without spaces",
                );
            }
            if let SecurityScheme::APIKey {
                location,
                name: parameter_name,
                ..
            } = scheme
                && !matches!(location, APIKeyLocation::Query)
                && !super::is_http_token(parameter_name)
            {
                let kind = match location {
                    APIKeyLocation::Cookie => "apiKey cookie",
                    _ => "apiKey header",
                };
                let (reason, fix) = super::invalid_token_error(kind, parameter_name);
                self.report(&format!("{pointer}/name"), reason, &fix);
            }
            if let SecurityScheme::HTTP { scheme, .. } = scheme
                && !super::is_http_token(scheme)
            {
                self.report_invalid_auth_scheme(scheme, &pointer);
            }
            if let SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name: header,
                ..
            } = scheme
                && is_client_set_header(header)
            {
                self.warn_client_set_header(name, header, &pointer);
                continue;
            }
            let rust_name = field_names.claim(snake_ident(name, "scheme"));
            schemes.push(ir::SecurityScheme {
                name: name.clone(),
                env_var: format!(
                    "{}_{}",
                    settings.env_prefix,
                    rust_name.to_shouty_snake_case()
                ),
                rust_name,
                description: scheme_description(scheme).clone(),
                kind: scheme_kind(scheme),
            });
        }
        self.check_env_collisions(&schemes);
        schemes
    }

    /// Reports an `http` scheme at `pointer` whose `scheme` is not an HTTP token, which RFC 9110
    /// requires of the auth-scheme that starts the `Authorization` header.
    fn report_invalid_auth_scheme(&mut self, scheme: &str, pointer: &str) {
        let reason = if scheme.is_empty() {
            "HTTP authentication scheme is empty, so the `Authorization` header would start \
             with the credential"
                .to_owned()
        } else {
            format!(
                "HTTP authentication scheme {scheme:?} is not a valid HTTP token, because it \
                 contains a character other than letters, digits and !#$%&'*+-.^_`|~, so the \
                 `Authorization` header could not name it"
            )
        };
        self.report(
            &format!("{pointer}/scheme"),
            reason,
            "give the scheme's registered name, such as \"basic\" or \"bearer\"",
        );
    }

    /// Warns about each scheme that reads an environment variable which an earlier scheme also
    /// reads, because `Security::from_env` would then give both schemes the same value.
    fn check_env_collisions(&mut self, schemes: &[ir::SecurityScheme]) {
        let mut readers: HashMap<String, &str> = HashMap::new();
        for scheme in schemes {
            for var in env_var_names(scheme) {
                let Some(first) = readers.get(&var).copied() else {
                    readers.insert(var, &scheme.name);
                    continue;
                };
                let name = &scheme.name;
                self.warn(
                    &format!("{SCHEMES}{}", escape_pointer_token(name)),
                    format!(
                        "scheme {name:?} reads the environment variable {var}, which scheme \
                         {first:?} also reads, so `Security::from_env` gives both schemes the \
                         value of {var}"
                    ),
                    "rename one of the schemes so that their variables differ, or set these \
                     credentials with the methods of `Security::new()` instead of \
                     `Security::from_env`",
                );
            }
        }
    }

    /// Warns that the apiKey scheme `name` at `pointer` is left out, because the HTTP client
    /// sets its `header` from the request, as it does for a header parameter of that name.
    fn warn_client_set_header(&mut self, name: &str, header: &str, pointer: &str) {
        self.warn(
            &format!("{pointer}/name"),
            format!(
                "apiKey header {header:?} is ignored, because the HTTP client sets it from the \
                 request itself and another value would corrupt the request, so the SDK has no \
                 credential for scheme {name:?} and sends requests without it"
            ),
            "send the key in a header of its own, such as \"X-Api-Key\", or remove the scheme",
        );
        self.ignored_schemes.push(name.to_owned());
    }

    /// Lowers a `security` list at `pointer`, reporting schemes that are not defined and
    /// requirements whose schemes need the same header.
    pub(super) fn lower_requirements(
        &mut self,
        requirements: Option<&[SecurityRequirement]>,
        pointer: &str,
    ) -> Vec<ir::SecurityRequirement> {
        let defined = |name: &str| {
            self.spec
                .components
                .as_ref()
                .is_some_and(|components| components.security_schemes.contains_key(name))
        };
        let mut lowered = Vec::new();
        let mut missing = Vec::new();
        for (index, requirement) in requirements.unwrap_or_default().iter().enumerate() {
            for name in requirement.keys().filter(|name| !defined(name)) {
                let token = escape_pointer_token(name);
                missing.push((format!("{pointer}/{index}/{token}"), name));
            }
            let sent = requirement
                .iter()
                .filter(|(name, _)| !self.ignored_schemes.contains(name));
            lowered.push(ir::SecurityRequirement {
                schemes: sent.clone().map(|(name, _)| name.clone()).collect(),
                scopes: sent.map(|(_, scopes)| scopes.clone()).collect(),
            });
        }
        for (pointer, name) in missing {
            self.report(
                &pointer,
                format!("security requirement names an undefined scheme {name:?}"),
                "define it under #/components/securitySchemes or correct the name",
            );
        }
        for (index, requirement) in requirements.unwrap_or_default().iter().enumerate() {
            if let Some((first, second, header)) = self.shared_header(requirement) {
                self.report(
                    &format!("{pointer}/{index}"),
                    format!(
                        "security requirement combines schemes {first:?} and {second:?}, which \
                         both send header {header:?}, but a request can carry only one"
                    ),
                    "list them as separate alternatives, each in its own requirement object",
                );
            }
        }
        lowered
    }

    /// Returns two schemes of `requirement` that send their credential in the same header, and
    /// that header.
    fn shared_header<'r>(
        &self,
        requirement: &'r SecurityRequirement,
    ) -> Option<(&'r str, &'r str, String)> {
        let schemes = &self.spec.components.as_ref()?.security_schemes;
        let mut seen: Vec<(&str, String)> = Vec::new();
        for name in requirement.keys() {
            if self.ignored_schemes.contains(name) {
                continue;
            }
            let Some(ReferenceOr::Item(scheme)) = schemes.get(name) else {
                continue;
            };
            let Some(header) = credential_header(scheme) else {
                continue;
            };
            if let Some((first, _)) = seen.iter().find(|(_, seen)| seen == &header) {
                return Some((first, name, header));
            }
            seen.push((name, header));
        }
        None
    }
}

/// Tells whether `url` can be a URL reference: not empty, and free of whitespace and control
/// characters, which would make the SDK post client secrets to an unintended address.
fn valid_token_url(url: &str) -> bool {
    !url.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Returns the header, in lower case, that carries the credential of `scheme`, if any.
fn credential_header(scheme: &SecurityScheme) -> Option<String> {
    match scheme {
        SecurityScheme::APIKey {
            location: APIKeyLocation::Header,
            name,
            ..
        } => Some(name.to_ascii_lowercase()),
        SecurityScheme::APIKey { .. } => None,
        SecurityScheme::HTTP { .. }
        | SecurityScheme::OAuth2 { .. }
        | SecurityScheme::OpenIDConnect { .. } => Some("authorization".to_owned()),
    }
}

fn scheme_description(scheme: &SecurityScheme) -> &Option<String> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description,
    }
}

fn scheme_kind(scheme: &SecurityScheme) -> SchemeKind {
    match scheme {
        SecurityScheme::APIKey { location, name, .. } => SchemeKind::ApiKey {
            location: match location {
                APIKeyLocation::Query => ParameterLocation::Query,
                APIKeyLocation::Header => ParameterLocation::Header,
                APIKeyLocation::Cookie => ParameterLocation::Cookie,
            },
            parameter_name: name.clone(),
        },
        SecurityScheme::HTTP {
            scheme,
            bearer_format,
            ..
        } => SchemeKind::Http {
            scheme: scheme.to_ascii_lowercase(),
            bearer_format: bearer_format.clone(),
        },
        SecurityScheme::OAuth2 { flows, .. } => {
            let declared = [
                ("implicit", flows.implicit.is_some()),
                ("password", flows.password.is_some()),
                ("clientCredentials", flows.client_credentials.is_some()),
                ("authorizationCode", flows.authorization_code.is_some()),
            ];
            SchemeKind::OAuth2 {
                flows: declared
                    .iter()
                    .filter(|(_, present)| *present)
                    .map(|(name, _)| (*name).to_owned())
                    .collect(),
                token_url: flows
                    .client_credentials
                    .as_ref()
                    .map(|flow| flow.token_url.clone()),
            }
        }
        SecurityScheme::OpenIDConnect { .. } => SchemeKind::OpenIdConnect,
    }
}
