//! Context of the crate's README: services, models and the examples of each section.

use serde::Serialize;

use super::examples::Examples;
use super::links;
use super::view::{Linker, Shared};
use crate::ir;
use crate::ir::operation;

/// Context of `README.md.jinja`, beside `api`.
#[derive(Debug, Serialize)]
pub struct ReadmePage<'a> {
    pub services: Vec<ServiceSummary<'a>>,
    pub models: Vec<ModelSummary<'a>>,
    /// Names of the credential headers that some operation also takes as a header parameter,
    /// each once, in spec order.
    pub shared_headers: Vec<&'a str>,
    /// Whether some scheme is OAuth 2.0 with a client credentials flow that the SDK runs.
    pub oauth_client_credentials: bool,
    /// Whether some operation has servers of its own, which the client's server URL does not
    /// replace.
    pub own_servers: bool,
    pub examples: ReadmeExamples<'a>,
}

/// A service in the README's list.
#[derive(Debug, Serialize)]
pub struct ServiceSummary<'a> {
    pub tag: &'a str,
    pub description: Option<&'a str>,
    pub module: &'a str,
    pub handle: &'a str,
    /// The expression that reaches the service from the client, such as `gram.auth()`.
    pub accessor: String,
    /// Link to the service's page.
    pub link: String,
    pub operations: Vec<OperationSummary<'a>>,
}

/// An operation in a list of links.
#[derive(Debug, Serialize)]
pub struct OperationSummary<'a> {
    pub method_name: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub summary: Option<&'a str>,
    pub deprecated: bool,
    /// Whether the operation has servers of its own, which the client's server URL does not
    /// replace.
    pub own_servers: bool,
    /// Link to the operation's section on its service page.
    pub link: String,
}

/// A model in the README's list.
#[derive(Debug, Serialize)]
pub struct ModelSummary<'a> {
    pub rust_name: &'a str,
    pub description: Option<&'a str>,
    /// Link to the model's page.
    pub link: String,
}

/// The README's example programs.
#[derive(Debug, Serialize)]
pub struct ReadmeExamples<'a> {
    /// A call of the first operation, when there is one.
    pub usage: Option<OperationExample<'a>>,
    /// A client holding a credential per scheme, when the spec declares schemes.
    pub client_security: Option<String>,
    /// A call of the first operation that has its own security type.
    pub operation_security: Option<OperationExample<'a>>,
    /// A `match` on every `Error` variant, when there is an operation to call.
    pub error_handling: Option<OperationExample<'a>>,
    /// A client with retries and a timeout, and a call of the first operation that overrides
    /// them.
    pub retries: Option<OperationExample<'a>>,
    /// A call of the first operation that prints what it sent and received.
    pub debugging: Option<OperationExample<'a>>,
    /// A call of the first operation from synchronous code, through a Tokio runtime.
    pub blocking: Option<OperationExample<'a>>,
    pub server_url: String,
    /// Whether the spec gives no absolute server URL, so that every client needs `server_url`.
    pub needs_server_url: bool,
    pub http_client: String,
    /// A client with a `before_send` and an `after_receive` hook.
    pub hooks: String,
}

/// An example program and the operation it calls.
#[derive(Debug, Serialize)]
pub struct OperationExample<'a> {
    pub operation: OperationSummary<'a>,
    pub code: String,
}

impl<'a> ReadmePage<'a> {
    /// Builds the README's context.
    pub fn new(shared: &'a Shared<'a>) -> ReadmePage<'a> {
        let api = shared.api;
        let linker = Linker::new(&shared.model_paths, links::README_PATH);
        let examples = Examples::new(api, &shared.models);

        let services: Vec<ServiceSummary<'_>> = api
            .services
            .iter()
            .map(|service| ServiceSummary {
                tag: &service.tag,
                description: service.description.as_deref(),
                module: &service.module,
                handle: &service.handle,
                accessor: examples.accessor(service),
                link: linker.to(&links::service_path(service)),
                operations: service
                    .operations
                    .iter()
                    .map(|operation| summary(service, operation, &linker))
                    .collect(),
            })
            .collect();
        let models = api
            .models
            .iter()
            .map(|model| ModelSummary {
                rust_name: &model.rust_name,
                description: model.description.as_deref(),
                link: linker.to_model(model),
            })
            .collect();

        let operations = || {
            api.services.iter().flat_map(|service| {
                service
                    .operations
                    .iter()
                    .map(move |operation| (service, operation))
            })
        };
        let first = operations().next();
        let with_security =
            operations().find(|(_, operation)| operation::has_security_type(operation));
        let example = |(service, operation): (&'a ir::Service, &'a ir::Operation), code: String| {
            OperationExample {
                operation: summary(service, operation, &linker),
                code,
            }
        };

        let examples = ReadmeExamples {
            usage: first.map(|pair| example(pair, examples.operation(pair.0, pair.1))),
            client_security: examples.client_security(),
            operation_security: with_security
                .map(|pair| example(pair, examples.operation(pair.0, pair.1))),
            error_handling: first
                .map(|pair| example(pair, examples.error_handling(pair.0, pair.1))),
            retries: first.map(|pair| example(pair, examples.retries(pair.0, pair.1))),
            debugging: first.map(|pair| example(pair, examples.debugging(pair.0, pair.1))),
            blocking: first.map(|pair| example(pair, examples.blocking(pair.0, pair.1))),
            server_url: examples.server_url(),
            needs_server_url: examples.needs_server_url(),
            http_client: examples.http_client(),
            hooks: examples.hooks(),
        };

        let mut shared_headers: Vec<&str> = Vec::new();
        for (_, operation) in operations() {
            for found in operation::header_overrides(api, operation) {
                let header = found.parameter.wire_name.as_str();
                if !shared_headers.contains(&header) {
                    shared_headers.push(header);
                }
            }
        }

        let oauth_client_credentials = api.security_schemes.iter().any(|scheme| {
            operation::credential_shape(scheme)
                == (operation::CredentialShape::OAuth2 {
                    client_credentials: true,
                })
        });

        let own_servers = services
            .iter()
            .flat_map(|service| &service.operations)
            .any(|operation| operation.own_servers);
        ReadmePage {
            services,
            models,
            shared_headers,
            oauth_client_credentials,
            own_servers,
            examples,
        }
    }
}

fn summary<'a>(
    service: &'a ir::Service,
    operation: &'a ir::Operation,
    linker: &Linker<'_>,
) -> OperationSummary<'a> {
    OperationSummary {
        method_name: &operation.method_name,
        method: &operation.method,
        path: &operation.path,
        summary: operation.summary.as_deref(),
        deprecated: operation.deprecated,
        own_servers: !operation.servers.is_empty(),
        link: linker.to_operation(service, operation),
    }
}
