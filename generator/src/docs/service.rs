//! Context of a service page: one section per operation, with its example, parameters,
//! security, response fields and errors.

use serde::Serialize;

use super::examples::Examples;
use super::links;
use super::view::{Linker, Shared, TypeView};
use crate::ir;
use crate::ir::operation::{self, ResponseShape};
use crate::markdown::code_span;

/// Context of `service.md.jinja`, beside `api`.
#[derive(Debug, Serialize)]
pub struct ServicePage<'a> {
    pub service: ServiceView<'a>,
    /// Links to the README and its sections that every operation refers to.
    pub links: ServiceLinks,
}

/// Links from a service page to the README.
#[derive(Debug, Serialize)]
pub struct ServiceLinks {
    pub readme: String,
    pub authentication: String,
    pub error_handling: String,
}

/// A service and its operations.
#[derive(Debug, Serialize)]
pub struct ServiceView<'a> {
    pub tag: &'a str,
    pub description: Option<&'a str>,
    pub module: &'a str,
    pub handle: &'a str,
    /// The expression that reaches the service from the client, such as `gram.auth()`.
    pub accessor: String,
    pub operations: Vec<OperationView<'a>>,
}

/// An operation's section.
#[derive(Debug, Serialize)]
pub struct OperationView<'a> {
    pub operation_id: Option<&'a str>,
    pub method_name: &'a str,
    /// Anchor of the section, which the page's list of operations links to.
    pub anchor: String,
    pub method: &'a str,
    pub path: &'a str,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    pub deprecated: bool,
    pub request_type: String,
    /// The request's constructor with its argument names, such as `CallbackRequest::new(token)`.
    pub request_new: String,
    pub response_type: String,
    /// The call as an example writes it, such as `gram.auth().info(request)`.
    pub call: String,
    /// A complete program calling the operation.
    pub example: String,
    pub parameters: Vec<ParameterView<'a>>,
    pub body: Option<RequestBodyView<'a>>,
    pub security: SecurityView<'a>,
    pub response: ResponseView<'a>,
    pub errors: ErrorsView<'a>,
    /// The operation's own servers, or its path item's; empty when the client's apply.
    pub servers: &'a [ir::Server],
}

/// A row of the parameters table.
#[derive(Debug, Serialize)]
pub struct ParameterView<'a> {
    pub wire_name: &'a str,
    pub rust_name: &'a str,
    pub location: ir::ParameterLocation,
    pub required: bool,
    pub ty: TypeView,
    pub description: Option<&'a str>,
    /// The schema's `default` as JSON text, such as `20`.
    pub default: Option<String>,
    /// Key of the security scheme whose header this parameter replaces when set.
    pub replaces_scheme: Option<&'a str>,
    /// Whether the parameter's type contains `format: byte` values, which are sent as base64.
    pub base64: bool,
}

/// The request body.
#[derive(Debug, Serialize)]
pub struct RequestBodyView<'a> {
    pub content_type: &'a str,
    pub required: bool,
    pub ty: TypeView,
    pub description: Option<&'a str>,
}

/// The credentials an operation sends.
#[derive(Debug, Serialize)]
pub struct SecurityView<'a> {
    /// Whether the operation declares its own `security` instead of using the spec's.
    pub own: bool,
    /// Alternatives of the requirement in force. The schemes of one alternative are sent together.
    pub alternatives: Vec<Vec<&'a ir::SecurityScheme>>,
    /// The OAuth 2.0 scopes of each scheme in `alternatives`, at the same positions, written as
    /// a Markdown list of code spans; empty when the requirement lists none.
    pub scopes: Vec<Vec<String>>,
    /// The `{prefix}Security` type, when the operation declares a non-empty `security`.
    pub security_type: Option<String>,
    /// How to create the `{prefix}Security` value, such as `InfoSecurity::new(session)`.
    pub constructor: Option<String>,
    pub overrides: Vec<OverrideView<'a>>,
}

/// A header parameter with the name of a credential header.
#[derive(Debug, Serialize)]
pub struct OverrideView<'a> {
    pub header: &'a str,
    pub parameter: &'a str,
    pub scheme: &'a str,
}

/// The `{prefix}Response` type.
#[derive(Debug, Serialize)]
pub struct ResponseView<'a> {
    pub type_name: String,
    /// Declared success statuses.
    pub statuses: Vec<StatusView<'a>>,
    /// Whether a declared success status is a redirect (3XX), which is returned, not followed.
    pub redirect: bool,
    pub body: Option<BodyFieldView<'a>>,
    pub headers: Vec<HeaderFieldView<'a>>,
}

/// A declared status and its description.
#[derive(Debug, Serialize)]
pub struct StatusView<'a> {
    /// `200`, `4XX` or `default`.
    pub status: String,
    pub description: &'a str,
    /// Type of the JSON body the response declares, when it declares one.
    pub body: Option<TypeView>,
    /// The media type of the body the response declares, when it is not JSON and so is not
    /// decoded into a type of the spec.
    pub raw_media_type: Option<&'a str>,
}

/// The `body` field of a response type.
#[derive(Debug, Serialize)]
pub struct BodyFieldView<'a> {
    /// The field's type, `Option<T>` when some success responses have no body.
    pub ty: TypeView,
    pub optional: bool,
    /// The encoding the body is read as: `json`, `text` or `binary`.
    pub encoding: ir::BodyEncoding,
    /// The media type of the first success body.
    pub content_type: &'a str,
    /// Whether the success responses declare different bodies, so the field is a fallback.
    pub mixed: bool,
}

/// A typed header field of a response type.
#[derive(Debug, Serialize)]
pub struct HeaderFieldView<'a> {
    pub wire_name: &'a str,
    pub rust_name: &'a str,
    /// The field's type: `T` for a required header, else `Option<T>`.
    pub ty: TypeView,
    /// Whether every success response declares the header with `required: true`.
    pub required: bool,
    pub description: Option<&'a str>,
}

/// The ways an operation fails.
#[derive(Debug, Serialize)]
pub struct ErrorsView<'a> {
    /// Declared responses with a status of 400 or more, each returned as `Error::Api`.
    pub declared: Vec<StatusView<'a>>,
    /// The `default` response, which turns every other status into `Error::Api`.
    pub default: Option<StatusView<'a>>,
    /// Whether a request body is serialized or a parameter contains a float, so `Error::Encode`
    /// can occur.
    pub encodes_body: bool,
    /// Whether a JSON response body is decoded, so `Error::Decode` can occur.
    pub decodes_body: bool,
    /// Whether a text response body is decoded from its charset, so `Error::Decode` can occur.
    pub decodes_text: bool,
    /// Whether a parameter or credential goes into a header, so `Error::InvalidHeaderValue`
    /// can occur.
    pub sends_headers: bool,
    /// Whether the path has parameters, so `Error::InvalidPathParameter` can occur.
    pub has_path_parameters: bool,
    /// Whether a success response declares a header, so `Error::DecodeHeader` can occur.
    pub decodes_headers: bool,
    /// Whether a scheme's credential is checked before it is sent, so
    /// `Error::InvalidCredential` can occur.
    pub checks_credentials: bool,
    /// Whether a scheme's access token is fetched with client credentials, so
    /// `Error::OAuthToken` can occur.
    pub fetches_token: bool,
}

impl<'a> ServicePage<'a> {
    /// Builds the context of the page of `service`.
    pub fn new(shared: &'a Shared<'a>, service: &'a ir::Service) -> ServicePage<'a> {
        let api = shared.api;
        let page = links::service_path(service);
        let linker = Linker::new(&shared.model_paths, &page);
        let examples = Examples::new(api, &shared.models);
        let readme = linker.to(links::README_PATH);
        let operations = service
            .operations
            .iter()
            .map(|operation| operation_view(api, service, operation, &linker, &examples))
            .collect();
        ServicePage {
            service: ServiceView {
                tag: &service.tag,
                description: service.description.as_deref(),
                module: &service.module,
                handle: &service.handle,
                accessor: examples.accessor(service),
                operations,
            },
            links: ServiceLinks {
                authentication: format!("{readme}#authentication"),
                error_handling: format!("{readme}#error-handling"),
                readme,
            },
        }
    }
}

fn operation_view<'a>(
    api: &'a ir::Api,
    service: &'a ir::Service,
    operation: &'a ir::Operation,
    linker: &Linker<'_>,
    examples: &Examples<'_>,
) -> OperationView<'a> {
    let shape = operation::response_shape(operation);
    let overrides = operation::header_overrides(api, operation);
    let parameters = operation
        .parameters
        .iter()
        .map(|parameter| ParameterView {
            wire_name: &parameter.wire_name,
            rust_name: &parameter.rust_name,
            location: parameter.location,
            required: parameter.required,
            ty: linker.ty(&parameter.ty, false),
            description: parameter.description.as_deref(),
            default: parameter.default.as_ref().map(ToString::to_string),
            replaces_scheme: overrides
                .iter()
                .find(|found| std::ptr::eq(found.parameter, parameter))
                .map(|found| found.scheme.name.as_str()),
            base64: parameter.ty.contains(&ir::TypeRef::Base64),
        })
        .collect();
    let body = operation.request_body.as_ref().map(|body| RequestBodyView {
        content_type: &body.content_type,
        required: body.required,
        ty: linker.ty(&body.ty, false),
        description: body.description.as_deref(),
    });

    OperationView {
        operation_id: operation.operation_id.as_deref(),
        method_name: &operation.method_name,
        anchor: links::operation_anchor(operation),
        method: &operation.method,
        path: &operation.path,
        summary: operation.summary.as_deref(),
        description: operation.description.as_deref(),
        deprecated: operation.deprecated,
        request_type: format!("{}Request", operation.type_prefix),
        request_new: request_new(operation),
        response_type: format!("{}Response", operation.type_prefix),
        call: examples.call_expression(service, operation),
        example: examples.operation(service, operation),
        parameters,
        body,
        security: security_view(api, operation),
        response: response_view(operation, &shape, linker),
        errors: errors_view(api, operation, &shape, linker),
        servers: &operation.servers,
    }
}

/// Returns the constructor of the request type: one argument per required parameter, in spec
/// order, then `body` when the body is required.
fn request_new(operation: &ir::Operation) -> String {
    let mut arguments: Vec<&str> = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.required)
        .map(|parameter| parameter.rust_name.as_str())
        .collect();
    if operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.required)
    {
        arguments.push("body");
    }
    format!(
        "{}Request::new({})",
        operation.type_prefix,
        arguments.join(", ")
    )
}

fn security_view<'a>(api: &'a ir::Api, operation: &'a ir::Operation) -> SecurityView<'a> {
    let requirements = operation::requirements(api, operation);
    let mut alternatives: Vec<Vec<&ir::SecurityScheme>> = Vec::new();
    let mut scopes: Vec<Vec<String>> = Vec::new();
    for requirement in requirements {
        let mut schemes = Vec::new();
        let mut scheme_scopes = Vec::new();
        for (name, listed) in requirement.schemes.iter().zip(&requirement.scopes) {
            let Some(scheme) = operation::scheme(api, name) else {
                continue;
            };
            schemes.push(scheme);
            let spans: Vec<String> = listed.iter().map(|scope| code_span(scope)).collect();
            scheme_scopes.push(spans.join(", "));
        }
        alternatives.push(schemes);
        scopes.push(scheme_scopes);
    }

    let security_type = operation::has_security_type(operation)
        .then(|| format!("{}Security", operation.type_prefix));
    let constructor = security_type
        .as_ref()
        .map(|name| match alternatives.as_slice() {
            [only] => {
                let arguments: Vec<String> = only
                    .iter()
                    .map(|scheme| match operation::credential_shape(scheme) {
                        operation::CredentialShape::Basic => {
                            format!("{0}_username, {0}_password", scheme.rust_name)
                        }
                        _ => scheme.rust_name.clone(),
                    })
                    .collect();
                format!("{name}::new({})", arguments.join(", "))
            }
            _ => format!("{name}::default()"),
        });
    let overrides = operation::header_overrides(api, operation)
        .into_iter()
        .map(|found| OverrideView {
            header: &found.parameter.wire_name,
            parameter: &found.parameter.rust_name,
            scheme: &found.scheme.name,
        })
        .collect();

    SecurityView {
        own: operation.security.is_some(),
        alternatives,
        scopes,
        security_type,
        constructor,
        overrides,
    }
}

fn response_view<'a>(
    operation: &'a ir::Operation,
    shape: &ResponseShape<'a>,
    linker: &Linker<'_>,
) -> ResponseView<'a> {
    let statuses = shape
        .successes
        .iter()
        .map(|response| {
            let mut view = status_view(response, linker);
            if shape.default_success {
                view.status = "2XX (`default`)".to_owned();
            }
            view
        })
        .collect();
    let redirect = shape
        .successes
        .iter()
        .any(|response| match response.status {
            ir::StatusMatch::Code(code) => (300..400).contains(&code),
            ir::StatusMatch::Range(class) => class == 3,
            ir::StatusMatch::Default => false,
        });
    let body = shape.body.as_ref().map(|body| BodyFieldView {
        ty: linker.ty(body.ty, body.optional),
        optional: body.optional,
        encoding: body.encoding,
        content_type: body.content_type,
        mixed: body.mixed,
    });
    let headers = shape
        .headers
        .iter()
        .map(|header| HeaderFieldView {
            wire_name: &header.wire_name,
            rust_name: &header.rust_name,
            ty: linker.ty(&header.ty, !shape.header_required(header)),
            required: shape.header_required(header),
            description: header.description.as_deref(),
        })
        .collect();
    ResponseView {
        type_name: format!("{}Response", operation.type_prefix),
        statuses,
        redirect,
        body,
        headers,
    }
}

fn errors_view<'a>(
    api: &'a ir::Api,
    operation: &'a ir::Operation,
    shape: &ResponseShape<'a>,
    linker: &Linker<'_>,
) -> ErrorsView<'a> {
    let errors = operation::call_errors(api, operation);
    ErrorsView {
        declared: shape
            .errors
            .iter()
            .map(|response| status_view(response, linker))
            .collect(),
        default: shape.default.map(|response| status_view(response, linker)),
        encodes_body: errors.encode,
        decodes_body: errors.decode_json,
        decodes_text: errors.decode_text,
        decodes_headers: errors.decode_header,
        sends_headers: errors.invalid_header_value,
        has_path_parameters: errors.invalid_path_parameter,
        checks_credentials: errors.invalid_credential,
        fetches_token: errors.oauth_token,
    }
}

fn status_view<'a>(response: &'a ir::Response, linker: &Linker<'_>) -> StatusView<'a> {
    StatusView {
        status: operation::status_text(response.status),
        description: &response.description,
        body: response.json_body().map(|body| linker.ty(&body.ty, false)),
        raw_media_type: response
            .body
            .as_ref()
            .filter(|body| body.encoding != ir::BodyEncoding::Json)
            .map(|body| body.content_type.as_str()),
    }
}
