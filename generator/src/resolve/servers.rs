//! Lowering of `servers` lists and their URL variables.

use super::Resolver;
use super::names::{self, NameScope, pascal_ident, snake_ident, type_ident};
use crate::ir;

/// Builder methods that a server variable's setter may not take, after the `server_` prefix.
const RESERVED_SETTERS: &[&str] = &["server_url", "server_index", "server_variable"];

impl Resolver<'_> {
    /// Lowers a `servers` list at `pointer`, reporting each variable whose default is not one
    /// of its `enum` values and warning about placeholders that no variable declares.
    pub(super) fn lower_servers(
        &mut self,
        servers: &[openapiv3::Server],
        pointer: &str,
    ) -> Vec<ir::Server> {
        servers
            .iter()
            .enumerate()
            .map(|(index, server)| self.lower_server(server, &format!("{pointer}/{index}")))
            .collect()
    }

    fn lower_server(&mut self, server: &openapiv3::Server, pointer: &str) -> ir::Server {
        let mut variables = Vec::new();
        for (name, variable) in server.variables.iter().flatten() {
            let allowed = variable.enumeration.clone();
            if !allowed.is_empty() && !allowed.contains(&variable.default) {
                self.report(
                    &format!("{pointer}/variables/{}/default", escape(name)),
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
            let name = type_ident(&format!("Server {}", variable.name), "ServerVariable");
            let mut names = NameScope::default();
            let variants = variable
                .allowed
                .iter()
                .map(|value| ir::EnumVariant {
                    wire_value: value.clone(),
                    rust_name: names.claim(pascal_ident(value, "Value")),
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
