//! Lowering of `servers` lists and their URL variables.

use super::Resolver;
use super::names::{self, NameScope, snake_ident, type_ident, variant_ident};
use crate::{Settings, ir};

/// Builder methods that a server variable's setter may not take, after the `server_` prefix.
const RESERVED_SETTERS: &[&str] = &["server_url", "server_index", "server_variable"];

impl Resolver<'_> {
    /// Lowers a `servers` list at `pointer`, reporting each variable whose default is not one
    /// of its `enum` values and warning about placeholders that no variable declares.
    ///
    /// The SDK rejects a server URL with a scheme other than `http` or `https`, a query string
    /// or a fragment. Such a server is left out with a warning when another server of the list
    /// remains, and is an error otherwise. With `may_be_empty`, every server may be left out,
    /// which suits the spec's own list when the settings give `server_url`.
    pub(super) fn lower_servers(
        &mut self,
        servers: &[openapiv3::Server],
        pointer: &str,
        may_be_empty: bool,
    ) -> Vec<ir::Server> {
        let mut usable = Vec::new();
        let mut rejected = Vec::new();
        for (index, server) in servers.iter().enumerate() {
            let server_pointer = format!("{pointer}/{index}");
            let lowered = self.lower_server(server, &server_pointer);
            match check_server_url(&lowered.url) {
                UrlCheck::Usable => usable.push(lowered),
                UrlCheck::Relative => {
                    self.warn(
                        &format!("{server_pointer}/url"),
                        format!(
                            "server URL {:?} is relative to where the spec is served, which the SDK does not know, so a client that uses it fails with InvalidServerUrl",
                            lowered.url
                        ),
                        "make the URL absolute, such as \"https://api.example.com/v1\", or set `server_url` in the settings",
                    );
                    usable.push(lowered);
                }
                UrlCheck::Unusable { reason, fix } => {
                    rejected.push((server_pointer, lowered.url, reason, fix));
                }
            }
        }
        for (server_pointer, url, reason, fix) in rejected {
            let pointer = format!("{server_pointer}/url");
            let reason = format!("server URL {url:?} {reason}");
            if usable.is_empty() && !may_be_empty {
                self.report(&pointer, reason, fix);
            } else {
                self.warn(
                    &pointer,
                    format!("{reason}, so the SDK leaves this server out and the servers after it move up one index"),
                    fix,
                );
            }
        }
        usable
    }

    /// Warns when neither the spec nor the settings give a server. The base URL is then `/`,
    /// which the SDK rejects as relative, so the client builds only with a caller's URL.
    pub(super) fn check_missing_servers(&mut self, settings: &Settings) {
        if !self.spec.servers.is_empty() || settings.server_url.is_some() {
            return;
        }
        let reason = "the spec lists no servers, so the base URL is `/`, which is relative, and \
                      building the client fails with InvalidServerUrl unless callers set \
                      `server_url` on the client builder";
        let fix = "list the API's server, such as `servers: [{url: \"https://api.example.com\"}]`, \
                   or set `server_url` in the settings (generator.toml)";
        self.warn("#/servers", reason.to_owned(), fix);
    }

    fn lower_server(&mut self, server: &openapiv3::Server, pointer: &str) -> ir::Server {
        let mut variables = Vec::new();
        for (name, variable) in server.variables.iter().flatten() {
            let variable_pointer = format!("{pointer}/variables/{}", escape(name));
            let mut allowed: Vec<String> = Vec::new();
            for (index, value) in variable.enumeration.iter().enumerate() {
                if allowed.contains(value) {
                    self.warn(
                        &format!("{variable_pointer}/enum/{index}"),
                        format!("enum value {value:?} is listed more than once, so its repeats are left out"),
                        "list each value once",
                    );
                } else {
                    allowed.push(value.clone());
                }
            }
            if !allowed.is_empty() && !allowed.contains(&variable.default) {
                self.report(
                    &format!("{variable_pointer}/default"),
                    format!(
                        "the default {:?} of server variable {name:?} is not one of its enum values {allowed:?}",
                        variable.default
                    ),
                    "make the default one of the enum values",
                );
            }
            variables.push(ir::ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                allowed,
                description: variable.description.clone(),
            });
        }

        for placeholder in placeholders(&server.url) {
            if !variables
                .iter()
                .any(|variable| variable.name == placeholder)
            {
                self.warn(
                    &format!("{pointer}/url"),
                    format!(
                        "server URL {:?} has placeholder {{{placeholder}}} but no variable {placeholder:?}, so the URL keeps it and only a caller's `server_url` can replace it",
                        server.url
                    ),
                    "declare the variable under `variables` or remove the placeholder",
                );
            }
        }

        let mut url = server.url.clone();
        for variable in &variables {
            url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
        }
        ir::Server {
            url,
            template: server.url.clone(),
            description: server.description.clone(),
            variables,
        }
    }
}

/// Collects the variables of `servers`, each name once, and names their builder setters and
/// enum types. The first server that declares a name gives its description and `enum`.
pub(super) fn variable_setters<'a>(
    servers: impl IntoIterator<Item = &'a ir::Server>,
    sdk_name: &str,
) -> Vec<ir::ServerVariableSetter> {
    let builder = format!("{sdk_name}Builder");
    let mut types = NameScope::with_reserved(names::CLIENT_SCOPE_TYPES);
    types.claim(sdk_name.to_owned());
    types.claim(builder);
    let mut setters = NameScope::with_reserved(RESERVED_SETTERS);

    let mut lowered: Vec<ir::ServerVariableSetter> = Vec::new();
    for variable in servers.into_iter().flat_map(|server| &server.variables) {
        if lowered.iter().any(|seen| seen.name == variable.name) {
            continue;
        }
        let setter = setters.claim(format!(
            "server_{}",
            snake_ident(&variable.name, "variable")
        ));
        let (enum_type, variants) = if variable.allowed.is_empty() {
            (None, Vec::new())
        } else {
            let words = names::ident_words(&variable.name);
            let name = type_ident(&format!("Server {words}"), "ServerVariable");
            let mut names = NameScope::default();
            let variants = variable
                .allowed
                .iter()
                .map(|value| ir::EnumVariant {
                    wire_value: value.clone(),
                    rust_name: names.claim(variant_ident(value)),
                })
                .collect();
            (Some(types.claim(name)), variants)
        };
        lowered.push(ir::ServerVariableSetter {
            name: variable.name.clone(),
            setter,
            enum_type,
            variants,
            description: variable.description.clone(),
        });
    }
    lowered
}

/// The outcome of [`check_server_url`].
pub(crate) enum UrlCheck {
    /// An absolute `http` or `https` URL without a query or fragment.
    Usable,
    /// A relative URL, which the SDK cannot resolve.
    Relative,
    /// A URL that the SDK's `check_server_url` rejects, with the reason (to follow the URL
    /// in a sentence) and the fix.
    Unusable { reason: String, fix: &'static str },
}

/// Applies the rules of the runtime's `check_server_url` to `url`, so that a default server
/// the SDK would reject is caught at generation. A URL that still has a `{placeholder}`
/// counts as usable, because it is reported apart.
pub(crate) fn check_server_url(url: &str) -> UrlCheck {
    if url.contains('{') {
        return UrlCheck::Usable;
    }
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => return UrlCheck::Relative,
        Err(error) => {
            return UrlCheck::Unusable {
                reason: format!("is not a valid URL ({error})"),
                fix: "use an absolute URL such as \"https://api.example.com\"",
            };
        }
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        UrlCheck::Unusable {
            reason: format!(
                "has scheme {:?}, but the SDK sends HTTP requests",
                parsed.scheme()
            ),
            fix: "use an http or https URL",
        }
    } else if parsed.query().is_some() {
        UrlCheck::Unusable {
            reason: "has a query string, which would come before each operation's path".to_owned(),
            fix: "remove the `?` and what follows it",
        }
    } else if parsed.fragment().is_some() {
        UrlCheck::Unusable {
            reason: "has a fragment, which is never sent, so the server would not see the \
                     operation's path"
                .to_owned(),
            fix: "remove the `#` and what follows it",
        }
    } else if has_dot_segment(url) {
        UrlCheck::Unusable {
            reason: "has a `.` or `..` segment in its path, which the URL parser resolves, so \
                     requests would go to another path than the URL shows"
                .to_owned(),
            fix: "write the path, and the variables' defaults, without dot segments",
        }
    } else {
        UrlCheck::Usable
    }
}

/// Tells whether the path of the absolute URL `url`, as written, has a `.` or `..` segment,
/// as the runtime's check does: `%2e` counts as a dot and `\` as `/`.
fn has_dot_segment(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let Some(path_start) = after_scheme.find(['/', '\\']) else {
        return false;
    };
    after_scheme[path_start..]
        .split(['/', '\\'])
        .any(|segment| {
            let dots = segment.to_ascii_lowercase().replace("%2e", ".");
            dots == "." || dots == ".."
        })
}

/// Returns the names between `{` and `}` in a server URL, in order.
fn placeholders(url: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        names.push(&rest[start + 1..start + length]);
        rest = &rest[start + length + 1..];
    }
    names
}

fn escape(name: &str) -> String {
    crate::load::escape_pointer_token(name)
}
