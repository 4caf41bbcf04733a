//! Facts about an operation that the IR implies but does not store: the fields of its response
//! type, the security it sends and the header parameters that replace a credential.

use std::collections::HashSet;

use crate::ir::{self, TypeRef};

/// Body type of a response type whose success responses declare different JSON bodies.
static ANY: TypeRef = TypeRef::Any;

/// Body type of a response type whose success responses declare bodies of different encodings.
static RAW: TypeRef = TypeRef::ResponseBytes;

/// The public fields of an operation's `{prefix}Response` type and the responses behind them.
pub struct ResponseShape<'a> {
    /// Responses returned as `Ok`: those with a status below 400, in spec order, or else the
    /// `default` response, which then covers the statuses 200 to 299.
    pub successes: Vec<&'a ir::Response>,
    /// Whether `successes` is the `default` response standing for the 2XX statuses.
    pub default_success: bool,
    /// Responses with a status of 400 or more, in spec order, returned as `Error::Api`.
    pub errors: Vec<&'a ir::Response>,
    /// The `default` response, which turns every status not declared otherwise into `Error::Api`.
    pub default: Option<&'a ir::Response>,
    /// The `body` field, when some success response has a body.
    pub body: Option<BodyField<'a>>,
    /// The codes that a success range with a body covers although a response with that code
    /// never carries a body (204 and 205 in `2XX`, 304 in `3XX`), each with the range's
    /// response. A code that the operation declares on its own is left out. Each gets an arm
    /// that reads no body, so a reply with such a code returns `None` for the body.
    pub bodiless_codes: Vec<(u16, &'a ir::Response)>,
    /// One field per header declared on a success response, first declaration first: `T` when
    /// [`ResponseShape::header_required`] holds, else `Option<T>`.
    pub headers: Vec<&'a ir::ResponseHeader>,
}

impl ResponseShape<'_> {
    /// Tells whether the field of `header` is `T` rather than `Option<T>`: every success
    /// response declares the header with `required: true`, so a response without it is an error.
    pub fn header_required(&self, header: &ir::ResponseHeader) -> bool {
        self.successes.iter().all(|response| {
            response
                .headers
                .iter()
                .any(|own| own.rust_name == header.rust_name && own.required)
        })
    }
}

/// The `body` field of a response type.
pub struct BodyField<'a> {
    pub ty: &'a TypeRef,
    /// The media type of the first success body.
    pub content_type: &'a str,
    /// The encoding every success body is read as: `Json`, `Text` or `Binary`.
    pub encoding: ir::BodyEncoding,
    /// Whether the field is `Option<T>`, because some success responses have no body, a
    /// success range covers a status that never carries one, a body's schema allows `null`,
    /// or the bodies differ.
    pub optional: bool,
    /// Whether the success responses declare different bodies, so the field is the fallback
    /// for all of them: any JSON value when they are all JSON, else the raw bytes.
    pub mixed: bool,
}

/// Splits the declared responses of `operation` and derives its response type's fields.
pub fn response_shape(operation: &ir::Operation) -> ResponseShape<'_> {
    let default = operation
        .responses
        .iter()
        .find(|response| response.status == ir::StatusMatch::Default);
    let errors = operation
        .responses
        .iter()
        .filter(|response| !response.is_success() && response.status != ir::StatusMatch::Default)
        .collect();
    let mut successes: Vec<&ir::Response> = operation
        .responses
        .iter()
        .filter(|response| response.is_success())
        .collect();
    let default_success = successes.is_empty() && default.is_some();
    if default_success {
        successes.extend(default);
    }

    let bodiless_codes = bodiless_codes(operation, &successes, default_success);
    let bodies: Vec<&ir::ResponseBody> = successes
        .iter()
        .filter_map(|response| response.body.as_ref())
        .collect();
    let body = bodies.first().map(|first| {
        let optional = bodies.len() < successes.len()
            || !bodiless_codes.is_empty()
            || bodies.iter().any(|body| body.nullable);
        let same =
            |body: &&ir::ResponseBody| body.ty == first.ty && body.encoding == first.encoding;
        if bodies.iter().all(same) {
            return BodyField {
                ty: &first.ty,
                content_type: &first.content_type,
                encoding: first.encoding,
                optional,
                mixed: false,
            };
        }
        // Differing JSON bodies are read as an optional untyped JSON value, and bodies of
        // differing encodings as their bytes.
        let all_json = bodies
            .iter()
            .all(|body| body.encoding == ir::BodyEncoding::Json);
        let (ty, encoding, optional) = if all_json {
            (&ANY, ir::BodyEncoding::Json, true)
        } else {
            (&RAW, ir::BodyEncoding::Binary, optional)
        };
        BodyField {
            ty,
            content_type: &first.content_type,
            encoding,
            optional,
            mixed: true,
        }
    });

    let mut headers: Vec<&ir::ResponseHeader> = Vec::new();
    for header in successes.iter().flat_map(|response| &response.headers) {
        if !headers
            .iter()
            .any(|seen| seen.rust_name == header.rust_name)
        {
            headers.push(header);
        }
    }

    ResponseShape {
        successes,
        default_success,
        errors,
        default,
        body,
        bodiless_codes,
        headers,
    }
}

/// Returns the codes of statuses that never carry a body (RFC 9110, sections 15.3.5, 15.3.6
/// and 15.4.5) which a success range with a body covers, each with that range's response.
/// When `default_success` holds, the `default` response stands for `2XX`.
fn bodiless_codes<'a>(
    operation: &ir::Operation,
    successes: &[&'a ir::Response],
    default_success: bool,
) -> Vec<(u16, &'a ir::Response)> {
    let declared: Vec<u16> = operation
        .responses
        .iter()
        .filter_map(|response| match response.status {
            ir::StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let mut codes = Vec::new();
    for response in successes.iter().filter(|response| response.body.is_some()) {
        let class = match response.status {
            ir::StatusMatch::Range(class) => class,
            ir::StatusMatch::Default if default_success => 2,
            _ => continue,
        };
        let covered: &[u16] = match class {
            2 => &[204, 205],
            3 => &[304],
            _ => &[],
        };
        for &code in covered {
            if !declared.contains(&code) {
                codes.push((code, *response));
            }
        }
    }
    codes
}

/// Returns the responses of `operation` returned as `Error::Api`: those with a status of 400 or
/// more, in spec order, then the `default` response. When `default` stands for the successes,
/// it still covers the statuses outside 2XX that no other response declares.
pub fn error_responses(operation: &ir::Operation) -> Vec<&ir::Response> {
    let shape = response_shape(operation);
    shape.errors.into_iter().chain(shape.default).collect()
}

/// Returns the name of `operation` for docs: its `operationId`, else its method and path, such
/// as `GET /a-b`.
pub fn operation_label(operation: &ir::Operation) -> String {
    match &operation.operation_id {
        Some(id) => id.clone(),
        None => format!("{} {}", operation.method, operation.path),
    }
}

/// Returns the security requirements that apply to `operation`: its own, or else the spec's
/// top-level ones.
pub fn requirements<'a>(
    api: &'a ir::Api,
    operation: &'a ir::Operation,
) -> &'a [ir::SecurityRequirement] {
    operation.security.as_deref().unwrap_or(&api.security)
}

/// Tells whether `operation` has a `{prefix}Security` type: it declares its own `security`
/// with at least one scheme.
pub fn has_security_type(operation: &ir::Operation) -> bool {
    operation.security.as_ref().is_some_and(|requirements| {
        requirements
            .iter()
            .any(|requirement| !requirement.schemes.is_empty())
    })
}

/// Returns the scheme named `name` in the spec's `components.securitySchemes`.
pub fn scheme<'a>(api: &'a ir::Api, name: &str) -> Option<&'a ir::SecurityScheme> {
    api.security_schemes
        .iter()
        .find(|scheme| scheme.name == name)
}

/// Returns the schemes named by `requirements`, each once, in order of first mention.
pub fn schemes_of<'a>(
    api: &'a ir::Api,
    requirements: &[ir::SecurityRequirement],
) -> Vec<&'a ir::SecurityScheme> {
    let mut schemes: Vec<&ir::SecurityScheme> = Vec::new();
    for name in requirements
        .iter()
        .flat_map(|requirement| &requirement.schemes)
    {
        let Some(found) = scheme(api, name) else {
            continue;
        };
        if !schemes.iter().any(|seen| seen.name == found.name) {
            schemes.push(found);
        }
    }
    schemes
}

/// Returns the HTTP header that carries the credential of `scheme`, if it travels in one.
pub fn scheme_header(scheme: &ir::SecurityScheme) -> Option<&str> {
    match &scheme.kind {
        ir::SchemeKind::ApiKey {
            location: ir::ParameterLocation::Header,
            parameter_name,
        } => Some(parameter_name),
        ir::SchemeKind::ApiKey { .. } => None,
        ir::SchemeKind::Http { .. }
        | ir::SchemeKind::OAuth2 { .. }
        | ir::SchemeKind::OpenIdConnect => Some("Authorization"),
    }
}

/// The arguments a scheme's credential is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialShape {
    /// One secret sent as it is: API keys, bearer and access tokens, other HTTP schemes.
    Secret,
    /// A user name and a password.
    Basic,
    /// An access token, or client credentials when the scheme has that flow.
    OAuth2 { client_credentials: bool },
}

/// Returns the shape of the credential of `scheme`.
pub fn credential_shape(scheme: &ir::SecurityScheme) -> CredentialShape {
    match &scheme.kind {
        ir::SchemeKind::Http { scheme, .. } if scheme == "basic" => CredentialShape::Basic,
        ir::SchemeKind::OAuth2 { token_url, .. } => CredentialShape::OAuth2 {
            client_credentials: token_url.is_some(),
        },
        _ => CredentialShape::Secret,
    }
}

/// Returns the environment variables that `Security::from_env` reads for `scheme`.
///
/// NOTE: `env_read` in emit/security.rs writes the reads of these same names.
pub fn env_var_names(scheme: &ir::SecurityScheme) -> Vec<String> {
    let var = &scheme.env_var;
    match credential_shape(scheme) {
        CredentialShape::Secret
        | CredentialShape::OAuth2 {
            client_credentials: false,
        } => vec![var.clone()],
        CredentialShape::Basic => vec![format!("{var}_USERNAME"), format!("{var}_PASSWORD")],
        CredentialShape::OAuth2 {
            client_credentials: true,
        } => vec![
            var.clone(),
            format!("{var}_CLIENT_ID"),
            format!("{var}_CLIENT_SECRET"),
        ],
    }
}

/// A header parameter that has the name of a credential header of the operation's security.
pub struct HeaderOverride<'a> {
    pub parameter: &'a ir::Parameter,
    pub scheme: &'a ir::SecurityScheme,
}

/// Returns the header parameters of `operation` that share their name with the header of a
/// scheme it sends. Header names compare without regard to case.
pub fn header_overrides<'a>(
    api: &'a ir::Api,
    operation: &'a ir::Operation,
) -> Vec<HeaderOverride<'a>> {
    let schemes = schemes_of(api, requirements(api, operation));
    let mut overrides = Vec::new();
    for parameter in &operation.parameters {
        if parameter.location != ir::ParameterLocation::Header {
            continue;
        }
        let shared = schemes.iter().find(|scheme| {
            scheme_header(scheme)
                .is_some_and(|name| name.eq_ignore_ascii_case(&parameter.wire_name))
        });
        if let Some(scheme) = shared {
            overrides.push(HeaderOverride { parameter, scheme });
        }
    }
    overrides
}

/// Returns the query and cookie parameters of `operation` that share their name with an API key
/// credential that the operation sends in the same place, and so take its place.
pub fn query_and_cookie_overrides<'a>(
    api: &'a ir::Api,
    operation: &'a ir::Operation,
) -> Vec<&'a ir::Parameter> {
    let schemes = schemes_of(api, requirements(api, operation));
    operation
        .parameters
        .iter()
        .filter(|parameter| {
            matches!(
                parameter.location,
                ir::ParameterLocation::Query | ir::ParameterLocation::Cookie
            )
        })
        .filter(|parameter| {
            schemes.iter().any(|scheme| match &scheme.kind {
                ir::SchemeKind::ApiKey {
                    location,
                    parameter_name,
                } => *location == parameter.location && *parameter_name == parameter.wire_name,
                _ => false,
            })
        })
        .collect()
}

/// Returns the text of a response's status as the spec writes it: `307`, `4XX` or `default`.
pub fn status_text(status: ir::StatusMatch) -> String {
    match status {
        ir::StatusMatch::Code(code) => code.to_string(),
        ir::StatusMatch::Range(class) => format!("{class}XX"),
        ir::StatusMatch::Default => "default".to_owned(),
    }
}

/// The errors that a call of an operation can return besides those that any call can:
/// `Transport`, `Timeout`, `Api` or `UnexpectedStatus`, `IncompleteBody`, `BodyTooLarge`,
/// `TooManyRedirects`, `CrossOriginRedirect` and `Hook`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CallErrors {
    /// `Error::Api`: the operation declares an error status or a `default` response.
    pub api: bool,
    /// `Error::UnexpectedStatus`: the operation has no `default` response, so a status it does
    /// not declare has no other error.
    pub unexpected_status: bool,
    /// `Error::Encode`: a request body is serialized, or a parameter contains a float, which may be
    /// NaN or infinite.
    pub encode: bool,
    /// `Error::Decode` of a JSON success body.
    pub decode_json: bool,
    /// `Error::Decode` of a text success body that is not UTF-8.
    pub decode_text: bool,
    /// `Error::DecodeHeader`: a success response declares a header.
    pub decode_header: bool,
    /// `Error::InvalidHeaderValue`: a parameter or credential goes into a header or cookie.
    pub invalid_header_value: bool,
    /// `Error::InvalidPathParameter`: the path has parameters.
    pub invalid_path_parameter: bool,
    /// `Error::InvalidCredential`: a scheme is HTTP basic or an API key in a cookie, whose
    /// credentials the SDK checks.
    pub invalid_credential: bool,
    /// `Error::OAuthToken`: a scheme has a client credentials flow, whose token the SDK fetches.
    pub oauth_token: bool,
}

/// Returns the errors that a call of `operation` can return besides those of every call.
pub fn call_errors(api: &ir::Api, operation: &ir::Operation) -> CallErrors {
    let shape = response_shape(operation);
    let body_encoding = shape.body.as_ref().map(|body| body.encoding);
    let schemes = schemes_of(api, requirements(api, operation));
    let in_header = |location| {
        matches!(
            location,
            ir::ParameterLocation::Header | ir::ParameterLocation::Cookie
        )
    };
    let header_credential = schemes.iter().any(|scheme| match &scheme.kind {
        ir::SchemeKind::ApiKey { location, .. } => in_header(*location),
        _ => true,
    });
    CallErrors {
        api: !shape.errors.is_empty() || shape.default.is_some(),
        unexpected_status: shape.default.is_none(),
        // Raw text and bytes are sent as given, so only serialized bodies can fail to encode.
        encode: operation.request_body.as_ref().is_some_and(|body| {
            !matches!(
                body.encoding,
                ir::BodyEncoding::Text | ir::BodyEncoding::Binary
            )
        }) || operation
            .parameters
            .iter()
            .any(|parameter| contains_float(api, &parameter.ty, &mut HashSet::new())),
        decode_json: body_encoding == Some(ir::BodyEncoding::Json),
        decode_text: body_encoding == Some(ir::BodyEncoding::Text),
        decode_header: !shape.headers.is_empty(),
        invalid_header_value: header_credential
            || operation
                .parameters
                .iter()
                .any(|parameter| in_header(parameter.location)),
        invalid_path_parameter: operation
            .parameters
            .iter()
            .any(|parameter| parameter.location == ir::ParameterLocation::Path),
        invalid_credential: schemes.iter().any(|scheme| {
            credential_shape(scheme) == CredentialShape::Basic
                || matches!(
                    scheme.kind,
                    ir::SchemeKind::ApiKey {
                        location: ir::ParameterLocation::Cookie,
                        ..
                    }
                )
        }),
        oauth_token: schemes.iter().any(|scheme| {
            credential_shape(scheme)
                == CredentialShape::OAuth2 {
                    client_credentials: true,
                }
        }),
    }
}

/// Tells whether a value of `ty` can contain an `f32` or `f64`. `visited` contains the
/// models already searched, so that each model is searched once and a cycle of models ends.
fn contains_float<'a>(api: &'a ir::Api, ty: &'a TypeRef, visited: &mut HashSet<&'a str>) -> bool {
    match ty {
        TypeRef::F32 | TypeRef::F64 => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            contains_float(api, inner, visited)
        }
        TypeRef::Model(name) => {
            if !visited.insert(name) {
                return false;
            }
            let Some(model) = api.models.iter().find(|model| &model.rust_name == name) else {
                return false;
            };
            match &model.kind {
                ir::ModelKind::Struct { fields } => fields
                    .iter()
                    .any(|field| contains_float(api, &field.ty, visited)),
                ir::ModelKind::Alias { ty } => contains_float(api, ty, visited),
                ir::ModelKind::OneOf { variants, .. } => variants
                    .iter()
                    .any(|variant| contains_float(api, &variant.ty, visited)),
                ir::ModelKind::Enum { .. } | ir::ModelKind::IntegerEnum { .. } => false,
            }
        }
        _ => false,
    }
}
