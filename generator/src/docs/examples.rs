//! Example programs for the docs, written against the generated crate's public API.
//!
//! Each example is a complete program (`use` lines and `fn main`), so it compiles as a doctest of
//! the generated crate.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use heck::ToSnakeCase;

use super::rust::{ModelIndex, Slot, ValueWriter};
use crate::ir;
use crate::ir::operation::{self, ResponseShape, error_responses};

/// The server URL that examples set when the spec gives no absolute one. The `example.com`
/// domain is reserved for documentation.
const PLACEHOLDER_SERVER_URL: &str = "https://api.example.com";

/// Maximum length, in bytes, of the arguments of `{prefix}Request::new(...)` kept on one line.
const MAX_INLINE_ARGUMENTS: usize = 50;

/// Signature of `main` for programs that call the API.
const ASYNC_MAIN: &str = "#[tokio::main]\nasync fn main() -> Result<(), {crate}::Error> {";

/// Signature of `main` for programs that only build the client.
const SYNC_MAIN: &str = "fn main() -> Result<(), {crate}::Error> {";

/// Writes the examples of one API.
pub struct Examples<'a> {
    api: &'a ir::Api,
    models: &'a ModelIndex<'a>,
    /// Name of the variable holding the client, such as `gram`.
    client: String,
}

impl<'a> Examples<'a> {
    /// Creates the example writer for `api`, whose models `models` indexes.
    pub fn new(api: &'a ir::Api, models: &'a ModelIndex<'a>) -> Examples<'a> {
        Examples {
            api,
            models,
            client: client_variable(&api.sdk_name),
        }
    }

    /// Returns a program that calls `operation` and prints its response.
    pub fn operation(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        let call = self.call(service, operation);
        let shape = operation::response_shape(operation);

        let mut body = self.client_statement();
        body.push_str(&call.statements);
        let _ = writeln!(body, "    let response = {}.await?;", call.expression);
        body.push_str(&print_response(&shape));
        body.push_str("    Ok(())\n");
        self.program(call.uses, ASYNC_MAIN, &body)
    }

    /// Returns a program that calls `operation` and matches every variant of the SDK's `Error`.
    pub fn error_handling(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        let mut call = self.call(service, operation);
        call.uses.insert(format!("{}::Error", self.api.crate_ident));

        let mut body = self.client_statement();
        body.push_str(&call.statements);
        let _ = writeln!(body, "    match {}.await {{", call.expression);
        body.push_str("        Ok(response) => println!(\"status: {}\", response.status),\n");
        match declared_error_variant(self.api, operation) {
            Some(variant) => {
                call.uses
                    .insert(format!("{}::ErrorBody", self.api.crate_ident));
                let _ = write!(
                    body,
                    "        Err(Error::Api(content)) => match &content.error_body {{
            Some(ErrorBody::{variant}(decoded)) => {{
                eprintln!(\"declared error {{}}: {{decoded:?}}\", content.status);
            }}
            _ => eprintln!(\"declared error {{}}: {{}}\", content.status, content.text()),
        }},
"
                );
            }
            None => body.push_str(
                "        Err(Error::Api(content)) => {
            eprintln!(\"declared error {}: {:?}\", content.status, content.body);
        }
",
            ),
        }
        body.push_str(
            "        Err(Error::UnexpectedStatus(content)) => {
            eprintln!(\"undeclared status {}: {:?}\", content.status, content.body);
        }
        Err(Error::Decode { response, source }) => {
            eprintln!(\"undecodable body with status {}: {source}\", response.status);
        }
        Err(Error::Transport(source)) => eprintln!(\"request failed: {source}\"),
        Err(Error::Encode(source)) => eprintln!(\"body not serializable: {source}\"),
        Err(Error::InvalidHeaderValue { name }) => {
            eprintln!(\"invalid bytes in the value of header {name}\");
        }
        Err(Error::InvalidServerUrl { url, reason, .. }) => {
            eprintln!(\"invalid server URL {url}: {reason}\");
        }
        Err(other) => eprintln!(\"{other}\"),
    }
    Ok(())
",
        );
        self.program(call.uses, ASYNC_MAIN, &body)
    }

    /// Returns a program that sets the client's retries and timeout, then calls `operation`
    /// with other settings for that one call.
    pub fn retries(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        let crate_ident = &self.api.crate_ident;
        let mut call = self.call(service, operation);
        call.uses.insert("std::time::Duration".to_owned());
        call.uses.insert(format!("{crate_ident}::CallOptions"));
        call.uses.insert(format!("{crate_ident}::RetryConfig"));

        let security = if self.api.security_schemes.is_empty() {
            ""
        } else {
            "\n        .security(Security::from_env())"
        };
        let mut body = format!(
            "    let {} = {}{security}
        .retries(
            RetryConfig::new()
                .initial_interval(Duration::from_millis(200))
                .max_elapsed_time(Duration::from_secs(60)),
        )
        .timeout(Duration::from_secs(10))
        .build()?;

",
            self.client,
            self.builder()
        );
        body.push_str(&call.statements);
        let _ = write!(
            body,
            "    let options = CallOptions::new()
        .retries(RetryConfig::new().max_elapsed_time(Duration::from_secs(5)))
        .timeout(Duration::from_secs(2));
    let response = {}.await?;
    println!(\"status: {{}}\", response.status);
    Ok(())
",
            call.expression
                .replace("(request)", "(request.options(options))")
        );
        self.program(call.uses, ASYNC_MAIN, &body)
    }

    /// Returns a program that prints the SDK's `tracing` logs, the client's credentials
    /// redacted, and the raw status, headers and body of a response or of an error.
    pub fn debugging(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        let crate_ident = &self.api.crate_ident;
        let mut call = self.call(service, operation);
        let mut body = "    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
        .init();
"
        .to_owned();
        let security = if self.api.security_schemes.is_empty() {
            ""
        } else {
            body.push_str(
                "    let security = Security::from_env();\n    eprintln!(\"{security:?}\");\n",
            );
            "\n        .security(security)"
        };
        let _ = write!(
            body,
            "    let http_client = {crate_ident}::reqwest::Client::builder()
        .redirect({crate_ident}::reqwest::redirect::Policy::none())
        .connection_verbose(true)
        .build()?;
    let {} = {}{security}
        .http_client(http_client)
        .build()?;

",
            self.client,
            self.builder()
        );
        body.push_str(&call.statements);
        let _ = write!(
            body,
            "    eprintln!(\"{{request:?}}\");
    match {}.await {{
        Ok(response) => eprintln!(\"{{}} {{:?}}\", response.status, response.headers),
        Err(error) => {{
            eprintln!(\"{{error}}\");
            if let Some(content) = error.response() {{
                eprintln!(\"{{:?}}\", content.headers);
                eprintln!(\"{{}}\", content.text());
            }}
        }}
    }}
    Ok(())
",
            call.expression
        );
        call.uses.remove(&format!("{crate_ident}::Error"));
        self.program(
            call.uses,
            "#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {",
            &body,
        )
    }

    /// Returns a program that builds a client with a credential for every scheme, or `None`
    /// when the spec declares no scheme.
    pub fn client_security(&self) -> Option<String> {
        if self.api.security_schemes.is_empty() {
            return None;
        }
        let mut uses = BTreeSet::from([
            format!("{}::{}", self.api.crate_ident, self.api.sdk_name),
            format!("{}::Security", self.api.crate_ident),
        ]);
        let mut body = "    let security = Security::new()".to_owned();
        for scheme in &self.api.security_schemes {
            let shape = operation::credential_shape(scheme);
            if shape
                == (operation::CredentialShape::OAuth2 {
                    client_credentials: true,
                })
            {
                let _ = write!(
                    body,
                    "\n        .{}_client_credentials(ClientCredentials::new(\"<client id>\", \"<client secret>\"))",
                    scheme.rust_name
                );
                uses.insert(format!("{}::ClientCredentials", self.api.crate_ident));
                continue;
            }
            let _ = write!(
                body,
                "\n        .{}({})",
                scheme.rust_name,
                credential_arguments(shape)
            );
        }
        body.push_str(";\n");
        let _ = write!(
            body,
            "    let {} = {};\n    Ok(())\n",
            self.client,
            self.short_chain(&["security(security)"])
        );
        Some(self.program(uses, SYNC_MAIN, &body))
    }

    /// Returns the expression that starts the client's builder. It sets a placeholder server
    /// URL when the spec gives no absolute one, because `build` rejects a relative URL.
    fn builder(&self) -> String {
        let sdk = &self.api.sdk_name;
        if self.needs_server_url() {
            format!("{sdk}::builder()\n        .server_url({PLACEHOLDER_SERVER_URL:?})")
        } else {
            format!("{sdk}::builder()")
        }
    }

    /// Returns the builder's calls of `calls` and `build()?`, on one line as rustfmt puts a
    /// short chain, or one call per line after a placeholder `server_url`.
    fn short_chain(&self, calls: &[&str]) -> String {
        let sdk = &self.api.sdk_name;
        let mut chain = format!("{sdk}::builder()");
        let separator = if self.needs_server_url() {
            let _ = write!(chain, "\n        .server_url({PLACEHOLDER_SERVER_URL:?})");
            "\n        ."
        } else {
            "."
        };
        for call in calls.iter().chain(&["build()?"]) {
            chain.push_str(separator);
            chain.push_str(call);
        }
        chain
    }

    /// Tells whether the spec's default server URL is relative or missing, so that a client
    /// needs a `server_url` before `build` succeeds.
    pub fn needs_server_url(&self) -> bool {
        let url = self.api.default_server_url.to_ascii_lowercase();
        !(url.starts_with("http://") || url.starts_with("https://"))
    }

    /// Returns the spec's default server URL, or a placeholder when it is not absolute.
    fn server_url_or_placeholder(&self) -> &str {
        if self.needs_server_url() {
            PLACEHOLDER_SERVER_URL
        } else {
            &self.api.default_server_url
        }
    }

    /// Returns a program that builds a client for the default server URL, set explicitly.
    pub fn server_url(&self) -> String {
        let body = format!(
            "    let {} = {}::builder()\n        .server_url({:?})\n        .build()?;\n    Ok(())\n",
            self.client,
            self.api.sdk_name,
            self.server_url_or_placeholder()
        );
        let uses = BTreeSet::from([format!("{}::{}", self.api.crate_ident, self.api.sdk_name)]);
        self.program(uses, SYNC_MAIN, &body)
    }

    /// Returns a program that builds a client on a caller-supplied `reqwest::Client`.
    pub fn http_client(&self) -> String {
        let crate_ident = &self.api.crate_ident;
        let body = format!(
            "    let http_client = {crate_ident}::reqwest::Client::builder()
        .redirect({crate_ident}::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()?;
    let {} = {};
    Ok(())
",
            self.client,
            self.short_chain(&["http_client(http_client)"])
        );
        let uses = BTreeSet::from([format!("{crate_ident}::{}", self.api.sdk_name)]);
        self.program(
            uses,
            "fn main() -> Result<(), Box<dyn std::error::Error>> {",
            &body,
        )
    }

    /// Returns a program that builds a client with a hook that adds a header to each request
    /// and one that prints each response's status.
    pub fn hooks(&self) -> String {
        let body = format!(
            "    let {} = {}
        .before_send(|request| {{
            request.headers_mut().insert(\"x-request-id\", \"example-1\".parse()?);
            Ok(())
        }})
        .after_receive(|response| {{
            eprintln!(\"{{}} from {{}}\", response.status(), response.url().path());
            Ok(())
        }})
        .build()?;
    Ok(())
",
            self.client,
            self.builder()
        );
        let uses = BTreeSet::from([format!("{}::{}", self.api.crate_ident, self.api.sdk_name)]);
        self.program(uses, SYNC_MAIN, &body)
    }

    /// Returns a program without async code that calls `operation` through a Tokio runtime.
    pub fn blocking(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        let call = self.call(service, operation);
        let mut body = "    let runtime = tokio::runtime::Runtime::new()?;\n".to_owned();
        body.push_str(&self.client_statement());
        body.push_str(&call.statements);
        let _ = write!(
            body,
            "    let response = runtime.block_on({})?;
    println!(\"status: {{}}\", response.status);
    Ok(())
",
            call.expression
        );
        self.program(
            call.uses,
            "fn main() -> Result<(), Box<dyn std::error::Error>> {",
            &body,
        )
    }

    /// Returns a program that builds a placeholder value of `model` and prints it.
    pub fn model(&self, model: &ir::Model) -> String {
        let mut writer = ValueWriter::new(self.api, self.models);
        let ty = ir::TypeRef::Model(model.rust_name.clone());
        let value = writer.value(&ty, Slot::Exact, 4);
        // An alias's value is written as the aliased type, so only the annotation names it.
        let binding = match model.kind {
            ir::ModelKind::Alias { .. } => format!("value: models::{}", model.rust_name),
            _ => "value".to_owned(),
        };
        let body = format!("    let {binding} = {value};\n    println!(\"{{value:?}}\");\n");
        let uses = BTreeSet::from([format!("{}::models", self.api.crate_ident)]);
        self.program(uses, "fn main() {", &body)
    }

    /// Returns the statement that builds the client, with `Security::from_env()` when the spec
    /// declares schemes.
    fn client_statement(&self) -> String {
        if self.api.security_schemes.is_empty() {
            return format!(
                "    let {} = {}{}build()?;\n\n",
                self.client,
                self.builder(),
                if self.needs_server_url() {
                    "\n        ."
                } else {
                    "."
                }
            );
        }
        format!(
            "    let {} = {}\n        .security(Security::from_env())\n        .build()?;\n\n",
            self.client,
            self.builder()
        )
    }

    /// Builds the request of `operation` and the call expression that sends it.
    fn call(&self, service: &ir::Service, operation: &ir::Operation) -> Call {
        let crate_ident = &self.api.crate_ident;
        let module = format!("{crate_ident}::{}", service.module);
        let request_type = format!("{}Request", operation.type_prefix);

        let mut uses = BTreeSet::from([
            format!("{crate_ident}::{}", self.api.sdk_name),
            format!("{module}::{request_type}"),
        ]);
        if !self.api.security_schemes.is_empty() {
            uses.insert(format!("{crate_ident}::Security"));
        }

        let mut writer = ValueWriter::new(self.api, self.models);
        let arguments = self.arguments(operation, &mut writer);
        // After arguments spread over lines, rustfmt puts the setters at the indent of `let`.
        let indent = if arguments.contains('\n') { 4 } else { 8 };
        let mut statement = format!("    let request = {request_type}::new({arguments})");
        for setter in self.setters(operation, &mut writer, indent) {
            let _ = write!(statement, "\n{:indent$}{setter}", "");
        }
        if operation::has_security_type(operation) {
            let security_type = format!("{}Security", operation.type_prefix);
            let _ = write!(
                statement,
                "\n{:indent$}.security({})",
                "",
                self.security_value(&security_type, operation)
            );
            uses.insert(format!("{module}::{security_type}"));
        }
        statement.push_str(";\n");
        if writer.uses_models {
            uses.insert(format!("{crate_ident}::models"));
        }

        Call {
            uses,
            statements: statement,
            expression: self.call_expression(service, operation),
        }
    }

    /// Returns the call of `operation` on a request named `request`, without `.await`.
    pub fn call_expression(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        format!(
            "{}.{}(request)",
            self.accessor(service),
            operation.method_name
        )
    }

    /// Returns the expression that reaches `service` from the client, such as `gram.auth()`.
    pub fn accessor(&self, service: &ir::Service) -> String {
        format!("{}.{}()", self.client, service.module)
    }

    /// Returns the arguments of `{prefix}Request::new`: required parameters as `impl Into<T>`,
    /// then a required body of exactly its type, on one line when short and else one per line.
    fn arguments(&self, operation: &ir::Operation, writer: &mut ValueWriter<'_>) -> String {
        let mut slots: Vec<(&ir::TypeRef, Option<&serde_json::Value>, Slot)> = operation
            .parameters
            .iter()
            .filter(|parameter| parameter.required)
            .map(|parameter| (&parameter.ty, parameter_sample(parameter), Slot::Into))
            .collect();
        if let Some(body) = operation.request_body.as_ref().filter(|body| body.required) {
            slots.push((&body.ty, body.example.as_ref(), Slot::Exact));
        }

        let inline: Vec<String> = slots
            .iter()
            .map(|(ty, sample, slot)| writer.sample(ty, *sample, *slot, 4))
            .collect();
        let inline_text = inline.join(", ");
        if !inline_text.contains('\n') && inline_text.len() <= MAX_INLINE_ARGUMENTS {
            return inline_text;
        }
        let mut text = "\n".to_owned();
        for (ty, sample, slot) in slots {
            let _ = writeln!(text, "        {},", writer.sample(ty, sample, slot, 8));
        }
        text.push_str("    ");
        text
    }

    /// Returns a setter call per optional parameter and for an optional body, for a line indented
    /// by `indent` spaces.
    ///
    /// Header parameters that replace a credential header are left out, because setting them
    /// would override the security the example shows.
    fn setters(
        &self,
        operation: &ir::Operation,
        writer: &mut ValueWriter<'_>,
        indent: usize,
    ) -> Vec<String> {
        let overridden: Vec<&str> = operation::header_overrides(self.api, operation)
            .iter()
            .map(|found| found.parameter.rust_name.as_str())
            .collect();
        let mut setters: Vec<String> = operation
            .parameters
            .iter()
            .filter(|parameter| !parameter.required)
            .filter(|parameter| !overridden.contains(&parameter.rust_name.as_str()))
            .map(|parameter| {
                let sample = parameter_sample(parameter);
                let value = writer.sample(&parameter.ty, sample, Slot::Into, indent);
                format!(".{}({value})", parameter.rust_name)
            })
            .collect();
        if let Some(body) = operation
            .request_body
            .as_ref()
            .filter(|body| !body.required)
        {
            let value = writer.sample(&body.ty, body.example.as_ref(), Slot::Exact, indent);
            setters.push(format!(".body({value})"));
        }
        setters
    }

    /// Returns the `{prefix}Security` value: `new` with a credential per scheme of the only
    /// requirement, or `default()` with the setters of the first alternative.
    fn security_value(&self, security_type: &str, operation: &ir::Operation) -> String {
        let requirements = operation.security.as_deref().unwrap_or_default();
        let first = requirements
            .first()
            .map(|requirement| requirement.schemes.as_slice());
        let schemes: Vec<&ir::SecurityScheme> = first
            .unwrap_or_default()
            .iter()
            .filter_map(|name| operation::scheme(self.api, name))
            .collect();
        let arguments =
            |scheme: &ir::SecurityScheme| credential_arguments(operation::credential_shape(scheme));
        if requirements.len() == 1 {
            let arguments: Vec<&str> = schemes.iter().map(|scheme| arguments(scheme)).collect();
            return format!("{security_type}::new({})", arguments.join(", "));
        }
        let mut value = format!("{security_type}::default()");
        for scheme in schemes {
            let _ = write!(value, ".{}({})", scheme.rust_name, arguments(scheme));
        }
        value
    }

    /// Assembles `use` lines, `main`'s signature and its body into a program, without a final
    /// line break so that templates place the closing fence on the next line.
    fn program(&self, uses: BTreeSet<String>, signature: &str, body: &str) -> String {
        let mut program = String::new();
        for line in group_uses(&uses) {
            let _ = writeln!(program, "use {line};");
        }
        program.push('\n');
        program.push_str(&signature.replace("{crate}", &self.api.crate_ident));
        program.push('\n');
        program.push_str(body);
        program.push('}');
        program
    }
}

/// The request of an example and the expression that sends it.
struct Call {
    /// Paths the program imports, such as `gram_sdk::auth::InfoRequest`.
    uses: BTreeSet<String>,
    /// The `let request = ...;` statement, indented for `main`'s body.
    statements: String,
    /// The call, without `.await`.
    expression: String,
}

/// Returns the `ErrorBody` variant of the first error response of `operation` that declares a
/// JSON body.
fn declared_error_variant<'a>(api: &'a ir::Api, operation: &ir::Operation) -> Option<&'a str> {
    error_responses(operation).into_iter().find_map(|response| {
        let body = response.json_body()?;
        api.error_bodies
            .iter()
            .find(|variant| variant.ty == body.ty)
            .map(|variant| variant.rust_name.as_str())
    })
}

/// Returns the value an example passes for `parameter`: its example, else its default.
fn parameter_sample(parameter: &ir::Parameter) -> Option<&serde_json::Value> {
    parameter.example.as_ref().or(parameter.default.as_ref())
}

/// Returns `println!` statements for the status, the body and each typed header of a response.
fn print_response(shape: &ResponseShape<'_>) -> String {
    let mut lines = "    println!(\"status: {}\", response.status);\n".to_owned();
    if shape.body.is_some() {
        lines.push_str("    println!(\"body: {:?}\", response.body);\n");
    }
    for header in &shape.headers {
        let _ = writeln!(
            lines,
            "    println!(\"{0}: {{:?}}\", response.{0});",
            header.rust_name
        );
    }
    lines
}

/// Groups imported types by parent module, as in `a::b::{C, D}`. Modules keep a line each.
fn group_uses(paths: &BTreeSet<String>) -> Vec<String> {
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut lines: Vec<String> = Vec::new();
    for path in paths {
        match path.rsplit_once("::") {
            Some((parent, name)) if name.starts_with(char::is_uppercase) => {
                groups.entry(parent).or_default().push(name);
            }
            _ => lines.push(path.clone()),
        }
    }
    for (parent, names) in groups {
        match names.as_slice() {
            [name] => lines.push(format!("{parent}::{name}")),
            _ => lines.push(format!("{parent}::{{{}}}", names.join(", "))),
        }
    }
    lines.sort();
    lines
}

/// Returns the name of the variable holding the client: the SDK's name in snake case, or
/// `client` when that is not a plain identifier or names something else in the examples.
fn client_variable(sdk_name: &str) -> String {
    const TAKEN: &[&str] = &[
        "as",
        "async",
        "await",
        "box",
        "break",
        "const",
        "continue",
        "crate",
        "do",
        "dyn",
        "else",
        "enum",
        "extern",
        "false",
        "final",
        "fn",
        "for",
        "gen",
        "if",
        "impl",
        "in",
        "let",
        "loop",
        "macro",
        "match",
        "mod",
        "move",
        "mut",
        "override",
        "priv",
        "pub",
        "ref",
        "return",
        "self",
        "static",
        "struct",
        "super",
        "trait",
        "true",
        "try",
        "type",
        "typeof",
        "unsafe",
        "unsized",
        "use",
        "virtual",
        "where",
        "while",
        "yield",
        "models",
        "request",
        "response",
        "security",
        "http_client",
        "value",
        "content",
        "source",
        "other",
    ];
    let name = sdk_name.to_snake_case();
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && !TAKEN.contains(&name.as_str()) {
        name
    } else {
        "client".to_owned()
    }
}

/// Returns placeholder arguments for a setter of a credential of `shape`.
fn credential_arguments(shape: operation::CredentialShape) -> &'static str {
    match shape {
        operation::CredentialShape::Basic => "\"<username>\", \"<password>\"",
        _ => "\"<value>\"",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{client_variable, group_uses};

    #[test]
    fn group_uses_merges_siblings() {
        let paths = BTreeSet::from([
            "gram_sdk::Gram".to_owned(),
            "gram_sdk::Security".to_owned(),
            "gram_sdk::auth::InfoRequest".to_owned(),
            "gram_sdk::auth::InfoSecurity".to_owned(),
            "gram_sdk::models".to_owned(),
        ]);
        assert_eq!(
            group_uses(&paths),
            [
                "gram_sdk::auth::{InfoRequest, InfoSecurity}",
                "gram_sdk::models",
                "gram_sdk::{Gram, Security}",
            ]
        );
    }

    #[test]
    fn client_variable_avoids_keywords() {
        assert_eq!(client_variable("Gram"), "gram");
        assert_eq!(client_variable("GramApi"), "gram_api");
        assert_eq!(client_variable("Type"), "client");
    }
}
