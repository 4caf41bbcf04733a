//! `src/{service}.rs`: the service handle and, per operation, its request, security and
//! response types and its async method.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::error_body::{emit_api_error, error_bodies_doc};
use super::response_debug::emit_response_debug;
use super::rustdoc::{doc_attrs, doc_block, doc_literal, doc_or, doc_or_then};
use super::security::{requirements_text, scheme_variant};
use super::servers::emit_server_table;
use super::statuses::{codes_pattern, exact_codes, status_codes};
use super::styles::{is_scalar, path_segment, query_style, style_text};
use super::{adapter_tokens, ident, rust_type, setter_type, wire_adapter, written};
use crate::ir::operation::{
    BodyField, ResponseShape, call_errors, error_responses, has_security_type, header_overrides,
    operation_label, query_and_cookie_overrides, response_shape, scheme,
};
use crate::ir::{
    Api, BodyEncoding, Field, ModelKind, Operation, Parameter, ParameterLocation, RequestBody,
    Response, ResponseBody, ResponseHeader, Service, StatusMatch, TypeRef,
};
use crate::markdown::{code_span, doc_lines};
use crate::resolve::operations::path_placeholders;

/// Emits the module of one service, given the name of the shared credentials type of each of
/// its operations, in order.
pub fn emit_service(
    api: &Api,
    service: &Service,
    security_types: &[Option<String>],
) -> TokenStream {
    let handle = ident(&service.handle);
    let client = ident(&api.sdk_name);
    let handle_doc = format!(
        " Operations of the {} service, from [`{client}::{}`](crate::{client}::{}).",
        code_span(&service.tag),
        service.module,
        service.module
    );
    let methods = service
        .operations
        .iter()
        .map(|operation| emit_method(api, operation));
    let types = service
        .operations
        .iter()
        .zip(security_types)
        .map(|(operation, security_type)| {
            emit_operation_types(api, service, operation, security_type.as_deref())
        });

    quote! {
        #[doc = #handle_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a crate::#client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a crate::#client) -> #handle<'a> {
                #handle { client }
            }

            #(#methods)*
        }

        #(#types)*
    }
}

fn emit_method(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.method_name);
    let request = ident(&format!("{}Request", operation.type_prefix));
    let response = ident(&format!("{}Response", operation.type_prefix));
    let doc = method_doc(api, operation);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));

    let method = ident(&operation.method.to_string());
    let path = &operation.path;
    let path_segments = emit_path_segments(api, operation);
    let authorize = emit_authorize(api, operation);
    let secrets = secret_parameters(api, operation);
    let parameters = operation.parameters.iter().map(|parameter| {
        emit_parameter(
            api,
            parameter,
            secrets.contains(&parameter.rust_name.as_str()),
        )
    });
    let body = operation.request_body.as_ref().map(|body| {
        if body.required {
            emit_send_body(api, body, quote!(&request.body))
        } else {
            let send = emit_send_body(api, body, quote!(body));
            quote! {
                if let Some(body) = &request.body {
                    #send
                }
            }
        }
    });
    let arms = emit_status_arms(api, operation, &response);
    let operation_id = crate::ir::operation::operation_label(operation);
    let keep_redirects = emit_keep_redirects(operation);
    let accept = emit_accept(operation);
    let start_call = if operation.servers.is_empty() {
        quote!(let mut call = self.client.call(reqwest::Method::#method, #path);)
    } else {
        let table = emit_server_table(&operation.servers);
        quote! {
            const SERVERS: &[crate::servers::ServerTemplate] = #table;
            let mut call = self.client.call_at(
                SERVERS,
                request.server.as_ref(),
                reqwest::Method::#method,
                #path,
            );
        }
    };

    // NOTE: the method is a plain function that returns the call's future, not an `async fn`:
    // see `Call::send_then` for what that saves the compiler.
    quote! {
        #doc
        #deprecated
        #[inline]
        pub fn #name(
            &self,
            request: #request,
        ) -> impl std::future::Future<Output = Result<#response, crate::Error>> + Send + 'a {
            #start_call
            #(#path_segments)*
            call.operation(#operation_id, &request.options);
            #accept
            #authorize
            #(#parameters)*
            #body
            #keep_redirects

            call.send_then(|received| match received.status.as_u16() {
                #arms
            })
        }
    }
}

/// Emits the call that sets the `Accept` header, when a response that the SDK reads as JSON
/// also declares other media types. The header lists every JSON media type that the
/// operation's responses declare, so that the server sends one the SDK can read.
fn emit_accept(operation: &Operation) -> TokenStream {
    let bodies = || {
        operation
            .responses
            .iter()
            .filter_map(|response| response.body.as_ref())
    };
    if !bodies().any(|body| body.negotiated) {
        return TokenStream::new();
    }
    let mut media_types: Vec<&str> = Vec::new();
    for body in bodies().filter(|body| body.encoding == BodyEncoding::Json) {
        if !media_types.contains(&body.content_type.as_str()) {
            media_types.push(&body.content_type);
        }
    }
    let accept = media_types.join(", ");
    quote!(call.accept(#accept);)
}

/// Emits the call that makes the 3xx statuses the operation declares come back as its
/// response. An operation without one gets no call, so the SDK follows every redirect.
fn emit_keep_redirects(operation: &Operation) -> TokenStream {
    let no_codes_taken = BTreeSet::new();
    let redirects: BTreeSet<u16> = operation
        .responses
        .iter()
        .filter_map(|response| status_codes(response.status, &no_codes_taken))
        .flatten()
        .filter(|code| (300..400).contains(code))
        .collect();
    if redirects.is_empty() {
        return TokenStream::new();
    }
    let pattern = codes_pattern(&redirects);
    quote!(call.keep_redirects(|status| matches!(status, #pattern));)
}

fn emit_send_body(api: &Api, body: &RequestBody, value: TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Json => {
            let value = written(api, &body.ty, value);
            let content_type = json_content_type(&body.content_type);
            quote!(call.json_body(#value, #content_type);)
        }
        BodyEncoding::Form => quote!(call.form_body(#value);),
        BodyEncoding::Multipart => {
            // The body is `request.body` when required, else the `body` bound by `if let`.
            let owner = if body.required {
                quote!(request.body)
            } else {
                quote!(body)
            };
            let files = file_fields(api, &body.ty).into_iter().map(|field| {
                let wire = &field.wire_name;
                let files = listed_files(&owner, field);
                quote!((#wire, #files))
            });
            let part_types = body.part_types.iter().map(|part| {
                let name = &part.name;
                let content_type = &part.content_type;
                quote!((#name, #content_type))
            });
            quote!(call.multipart_body(#value, &[#(#files),*], &[#(#part_types),*]);)
        }
        BodyEncoding::Binary if body.ty == TypeRef::File => {
            quote!(call.file_body(#value, #DEFAULT_BINARY_TYPE);)
        }
        BodyEncoding::Text | BodyEncoding::Binary => {
            let content_type = raw_content_type(body);
            quote!(call.raw_body(#value, #content_type);)
        }
    }
}

/// `Content-Type` of a file body whose file names no media type.
const DEFAULT_BINARY_TYPE: &str = "application/octet-stream";

/// Returns the `Content-Type` of a text or binary request body: the declared media type,
/// unless it is a range such as `text/*`, which no body can have.
fn raw_content_type(body: &RequestBody) -> &str {
    let declared = &body.content_type;
    let is_range = declared.split(';').next().unwrap_or_default().contains('*');
    match (is_range, body.encoding) {
        (false, _) => declared,
        (true, BodyEncoding::Text) => "text/plain",
        (true, _) => DEFAULT_BINARY_TYPE,
    }
}

/// Returns the `Content-Type` of a JSON request body declared as `declared`: the declared media
/// type, parameters included, unless it is a range such as `*/*`, which no body can have.
fn json_content_type(declared: &str) -> &str {
    if declared.contains('*') {
        "application/json"
    } else {
        declared
    }
}

/// Returns the fields of a multipart body's model that hold a file or an array of files
/// directly. Files inside maps, nested models or arrays of arrays are sent as the text of their
/// bytes.
fn file_fields<'a>(api: &'a Api, ty: &TypeRef) -> Vec<&'a Field> {
    let TypeRef::Model(name) = ty else {
        return Vec::new();
    };
    let model = api.models.iter().find(|model| model.rust_name == *name);
    match model.map(|model| &model.kind) {
        Some(ModelKind::Struct { fields }) => fields
            .iter()
            .filter(|field| file_depth(&field.ty).is_some() && !field.boxed)
            .collect(),
        _ => Vec::new(),
    }
}

/// Returns how many `Option` or `Vec` layers of `ty` wrap its files: 0 for a file, 1 for an
/// array of files and 2 for an array of nullable files, or `None` for any other type.
fn file_depth(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::File => Some(0),
        TypeRef::Array(items) => match items.as_ref() {
            TypeRef::File => Some(1),
            TypeRef::Nullable(item) if **item == TypeRef::File => Some(2),
            _ => None,
        },
        _ => None,
    }
}

/// Returns an expression that lists the files of a multipart body's `field` as a
/// `Vec<&crate::FilePart>`, leaving out every absent or null value.
fn listed_files(owner: &TokenStream, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let options = match (field.required, field.nullable) {
        (true, false) => 0,
        (true, true) | (false, false) => 1,
        (false, true) => 2,
    };
    let layers = options + file_depth(&field.ty).unwrap_or_default();
    if layers == 0 {
        return quote!(vec![&#owner.#name]);
    }

    // `iter` opens the outer layer and each `flatten` one more, down to `&crate::FilePart`.
    let flattens = (1..layers).map(|_| quote!(.flatten()));
    quote!(#owner.#name.iter()#(#flattens)*.collect::<Vec<_>>())
}

/// Describes how the request body is sent, for its field's doc.
fn body_wire_text(body: &RequestBody) -> String {
    match body.encoding {
        BodyEncoding::Json => match json_content_type(&body.content_type) {
            "application/json" => "The request body, sent as JSON.".to_owned(),
            media_type => format!(
                "The request body, sent as JSON with the media type {}.",
                code_span(media_type)
            ),
        },
        BodyEncoding::Form => format!(
            "The request body, sent as {}: a pair per property.",
            code_span(&body.content_type)
        ),
        BodyEncoding::Multipart => format!(
            "The request body, sent as {}: a part per property, and per item of an array.",
            code_span(&body.content_type)
        ),
        BodyEncoding::Binary if body.ty == TypeRef::File => format!(
            "The request body, sent unchanged with its own media type, else as \
             `{DEFAULT_BINARY_TYPE}`. The spec accepts {}.",
            code_span(&body.content_type)
        ),
        BodyEncoding::Text | BodyEncoding::Binary => format!(
            "The request body, sent unchanged as {}.",
            code_span(raw_content_type(body))
        ),
    }
}

fn method_doc(api: &Api, operation: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = operation
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(description) = operation
        .description
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    let mut lines = if text.trim().is_empty() {
        doc_lines(&format!(
            "Calls {}.",
            code_span(&operation_label(operation))
        ))
    } else {
        doc_lines(&text)
    };
    if let Some(renamed) = renamed_doc(operation) {
        lines.push(String::new());
        lines.push(renamed);
    }
    lines.push(String::new());
    let route = format!("{} {}", operation.method, operation.path);
    lines.push(format!(" {}", code_span(&route)));
    if let Some(first) = operation.servers.first() {
        lines.push(String::new());
        lines.push(format!(
            " Sent to the operation's own server, {} unless the request's `server_index` or \
             `server_url` picks another, whatever the client's server URL.",
            code_span(&first.url)
        ));
    }
    lines.extend(["", " # Errors", ""].map(String::from));
    lines.extend(errors_doc(api, operation));
    lines.extend(error_bodies_doc(api, operation));
    doc_block(&lines)
}

/// Returns the `# Errors` list of a method's doc: a line per variant that the call can return.
fn errors_doc(api: &Api, operation: &Operation) -> Vec<String> {
    let errors = call_errors(api, operation);
    let decode = errors.decode_json || errors.decode_text;
    let cases = [
        ("Transport", "the request or its transfer failed", true),
        ("Timeout", "an attempt timed out", true),
        ("Api", "an error status that the spec declares", errors.api),
        (
            "UnexpectedStatus",
            "a status that the spec does not declare",
            errors.unexpected_status,
        ),
        ("Decode", "the body does not decode", decode),
        (
            "DecodeHeader",
            "a declared header does not parse",
            errors.decode_header,
        ),
        ("IncompleteBody", "the body was cut short", true),
        ("BodyTooLarge", "the body is over the size limit", true),
        ("TooManyRedirects", "more than 10 redirects", true),
        (
            "CrossOriginRedirect",
            "credentials redirected to another origin",
            true,
        ),
        (
            "Encode",
            "a body or number that cannot be serialized",
            errors.encode,
        ),
        (
            "InvalidHeaderValue",
            "a value that a header cannot carry",
            errors.invalid_header_value,
        ),
        (
            "InvalidPathParameter",
            "a path parameter that leaves its path segment empty, `.` or `..`",
            errors.invalid_path_parameter,
        ),
        (
            "InvalidCredential",
            "a credential that its scheme cannot carry",
            errors.invalid_credential,
        ),
        ("OAuthToken", "no usable access token", errors.oauth_token),
        ("Hook", "a hook failed", true),
    ];
    cases
        .into_iter()
        .filter(|(_, _, applies)| *applies)
        .map(|(variant, case, _)| {
            format!(" - [`Error::{variant}`](crate::Error::{variant}): {case}.")
        })
        .collect()
}

/// Returns the line of a renamed method's doc that names the operationId, or the route, that
/// the method's name would otherwise come from.
fn renamed_doc(operation: &Operation) -> Option<String> {
    let wanted = operation.renamed_from.as_ref()?;
    let source = match &operation.operation_id {
        Some(id) => format!("The operationId {}", code_span(id)),
        None => {
            let route = format!("{} {}", operation.method, operation.path);
            format!("The route {}", code_span(&route))
        }
    };
    Some(format!(
        " {source} gives the name `{wanted}`, which another method of this service has, so \
         this method is `{}`.",
        operation.method_name
    ))
}

/// Returns the statement that builds the path, if one is needed, and the path expression, with
/// path parameters filled in and percent-encoded.
fn emit_path_segments(api: &Api, operation: &Operation) -> Vec<TokenStream> {
    let mut segments = Vec::new();
    let mut encoded: Vec<&str> = Vec::new();
    for name in path_placeholders(&operation.path) {
        let parameter = operation.parameters.iter().find(|parameter| {
            parameter.location == ParameterLocation::Path && parameter.wire_name == name
        });
        // A placeholder without a parameter stays in the path as it is, and one that appears
        // twice is encoded once and filled in everywhere.
        let Some(parameter) = parameter else {
            continue;
        };
        if encoded.contains(&name) {
            continue;
        }
        encoded.push(name);
        let field = ident(&parameter.rust_name);
        let value = written(api, &parameter.ty, quote!(&request.#field));
        segments.push(path_segment(parameter, name, &value));
    }
    segments
}

fn emit_authorize(api: &Api, operation: &Operation) -> TokenStream {
    let requirements = operation.security.as_ref().unwrap_or(&api.security);
    if requirements.is_empty() {
        return TokenStream::new();
    }
    let lists = requirements.iter().map(|requirement| {
        let entries = requirement
            .schemes
            .iter()
            .zip(&requirement.scopes)
            .filter_map(|(name, scopes)| Some((scheme_variant(scheme(api, name)?), scopes)))
            .map(
                |(variant, scopes)| quote!((crate::security::SchemeId::#variant, &[#(#scopes),*])),
            );
        quote!(&[#(#entries),*])
    });
    if has_security_type(operation) {
        quote!(call.authorize(&[#(#lists),*], &request.security);)
    } else {
        quote!(call.authorize_from_client(&[#(#lists),*]);)
    }
}

/// Returns the Rust names of the parameters whose values are secrets: parameters with the name
/// and place of a credential that the operation sends, and parameters with `format: password`.
fn secret_parameters<'a>(api: &'a Api, operation: &'a Operation) -> Vec<&'a str> {
    let mut names: Vec<&str> = header_overrides(api, operation)
        .into_iter()
        .map(|found| found.parameter.rust_name.as_str())
        .collect();
    for parameter in query_and_cookie_overrides(api, operation) {
        if !names.contains(&parameter.rust_name.as_str()) {
            names.push(&parameter.rust_name);
        }
    }
    for parameter in &operation.parameters {
        if parameter.secret && !names.contains(&parameter.rust_name.as_str()) {
            names.push(&parameter.rust_name);
        }
    }
    names
}

fn emit_parameter(api: &Api, parameter: &Parameter, secret: bool) -> TokenStream {
    // Header names go out in lowercase, the form that the runtime keeps without copying.
    let wire = match parameter.location {
        ParameterLocation::Header => parameter.wire_name.to_ascii_lowercase(),
        _ => parameter.wire_name.clone(),
    };
    let field = ident(&parameter.rust_name);
    let structured = !is_scalar(&parameter.ty);
    let text = parameter.ty == TypeRef::String;
    let explode = parameter.explode;
    let send = |value: TokenStream| {
        let value = written(api, &parameter.ty, value);
        match parameter.location {
            // Strings go out as they are, without serializing.
            ParameterLocation::Query if text => quote!(call.query_text(#wire, #value);),
            ParameterLocation::Header if text && secret => {
                quote!(call.secret_header_text(#wire, #value);)
            }
            ParameterLocation::Header if text => quote!(call.header_text(#wire, #value);),
            ParameterLocation::Query if structured => {
                let style = query_style(parameter.style);
                quote!(call.query_styled(#wire, #value, crate::query::QueryStyle::#style, #explode);)
            }
            ParameterLocation::Query => quote!(call.query(#wire, #value);),
            ParameterLocation::Header if structured => {
                let text = quote!(&crate::query::simple_text(#value, #explode));
                if secret {
                    quote!(call.secret_header(#wire, #text);)
                } else {
                    quote!(call.header(#wire, #text);)
                }
            }
            ParameterLocation::Header if secret => quote!(call.secret_header(#wire, #value);),
            ParameterLocation::Header => quote!(call.header(#wire, #value);),
            ParameterLocation::Cookie if structured => {
                quote!(call.cookie_styled(#wire, #value, #explode);)
            }
            ParameterLocation::Cookie => quote!(call.cookie(#wire, #value);),
            ParameterLocation::Path => TokenStream::new(),
        }
    };
    if parameter.required {
        send(quote!(&request.#field))
    } else {
        let statement = send(quote!(value));
        quote! {
            if let Some(value) = &request.#field {
                #statement
            }
        }
    }
}

/// Emits the `match` arms on the status: exact codes first, then ranges, then the `default`
/// response or the undeclared statuses. The spec lets a code override its range, so a range's
/// arm leaves out the codes that have arms of their own.
///
/// Statuses of one kind whose arms do the same join in one arm, `400 | 404 => ...`, which is
/// less for the compiler to check in a crate of many operations.
fn emit_status_arms(api: &Api, operation: &Operation, response_type: &Ident) -> TokenStream {
    let shape = response_shape(operation);
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    for response in &shape.successes {
        let status = if shape.default_success {
            StatusMatch::Range(2)
        } else {
            response.status
        };
        let construct = emit_construct(api, response_type, response, &shape);
        arms.push((status, quote!({ #construct })));
    }
    for (code, response) in &shape.bodiless_codes {
        let without_body = Response {
            body: None,
            ..(*response).clone()
        };
        let construct = emit_construct(api, response_type, &without_body, &shape);
        arms.push((StatusMatch::Code(*code), quote!({ #construct })));
    }

    for response in error_responses(operation) {
        let error = emit_api_error(api, response);
        arms.push((response.status, quote!(Err(#error),)));
    }
    if shape.default.is_none() {
        arms.push((
            StatusMatch::Default,
            quote!(Err(received.into_unexpected()),),
        ));
    }
    arms.sort_by_key(|(status, _)| status_rank(*status));

    let exact_arm_codes = exact_codes(arms.iter().map(|(status, _)| *status));
    let mut joined: Vec<(u8, Option<BTreeSet<u16>>, String, TokenStream)> = Vec::new();
    for (status, body) in arms {
        let rank = status_rank(status);
        let codes = status_codes(status, &exact_arm_codes);
        let text = body.to_string();
        match joined
            .iter_mut()
            .find(|(other_rank, _, other_text, _)| *other_rank == rank && *other_text == text)
        {
            Some((_, Some(joined_codes), _, _)) => joined_codes.extend(codes.into_iter().flatten()),
            Some((_, None, _, _)) => {}
            None => joined.push((rank, codes, text, body)),
        }
    }
    let arms = joined
        .into_iter()
        .filter_map(|(_, codes, _, body)| match codes {
            // A range whose every code has an arm of its own matches nothing, so it gets no arm.
            Some(codes) if codes.is_empty() => None,
            Some(codes) => {
                let pattern = codes_pattern(&codes);
                Some(quote!(#pattern => #body))
            }
            None => Some(quote!(_ => #body)),
        });
    quote!(#(#arms)*)
}

/// Orders exact codes before ranges, and ranges before the catch-all.
fn status_rank(status: StatusMatch) -> u8 {
    match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    }
}

fn emit_construct(
    api: &Api,
    response_type: &Ident,
    response: &Response,
    shape: &ResponseShape<'_>,
) -> TokenStream {
    let (decode_body, body_field) = match (&shape.body, &response.body) {
        (None, _) => (TokenStream::new(), TokenStream::new()),
        (Some(field), Some(body)) => (emit_read_body(api, field, body), quote!(body,)),
        (Some(_), None) => (TokenStream::new(), quote!(body: None,)),
    };
    let headers = shape.headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let wire = &header.wire_name;
        let declared_here = response
            .headers
            .iter()
            .any(|own| own.rust_name == header.rust_name);
        let item = header_array_item(api, &header.ty, 0);
        let list = item.is_some();
        let parse = header_parser(api, item.unwrap_or(&header.ty));
        if shape.header_required(header) && list {
            quote!(#field: crate::headers::parse_required_header_list(&received, #wire, #parse)?,)
        } else if shape.header_required(header) {
            quote!(#field: crate::headers::parse_required_header(&received, #wire, #parse)?,)
        } else if declared_here && list {
            quote!(#field: crate::headers::parse_header_list(&received, #wire, #parse)?,)
        } else if declared_here {
            quote!(#field: crate::headers::parse_header(&received, #wire, #parse)?,)
        } else {
            quote!(#field: None,)
        }
    });
    quote! {
        #decode_body
        Ok(#response_type {
            #(#headers)*
            #body_field
            status: received.status,
            headers: received.headers,
        })
    }
}

/// Emits the statement that binds `body`, of the type of the response's `body` field, to the
/// success body `body`: decoded from JSON, decoded from its charset for text, or the bytes as
/// received. When the field is an `Option`, an empty body gives `None`, and so does `null` for a
/// JSON body whose schema allows it. An empty body under a field that is not an `Option` is
/// read as any other, so for JSON it is an `Error::Decode`.
fn emit_read_body(api: &Api, field: &BodyField<'_>, body: &ResponseBody) -> TokenStream {
    let nullable = field.encoding == BodyEncoding::Json && body.nullable && !field.mixed;
    let read = match field.encoding {
        BodyEncoding::Text => quote!(received.text()?),
        BodyEncoding::Binary => quote!(received.body.clone()),
        _ if nullable => emit_read_json(api, &TypeRef::Nullable(Box::new(field.ty.clone()))),
        _ => emit_read_json(api, field.ty),
    };
    if !field.optional {
        return quote!(let body = #read;);
    }
    let value = if nullable { read } else { quote!(Some(#read)) };
    quote! {
        let body = if received.body.is_empty() {
            None
        } else {
            #value
        };
    }
}

/// Emits an expression that decodes the received body as JSON of type `ty`.
fn emit_read_json(api: &Api, ty: &TypeRef) -> TokenStream {
    let rust = rust_type(ty);
    match wire_adapter(api, ty) {
        Some(adapter) => {
            let adapter = adapter_tokens(&adapter);
            quote! {
                received
                    .json::<crate::formats::Read<#rust, #adapter>>()?
                    .into_inner()
            }
        }
        None => quote!(received.json::<#rust>()?),
    }
}

fn emit_operation_types(
    api: &Api,
    service: &Service,
    operation: &Operation,
    security_type: Option<&str>,
) -> TokenStream {
    let request = emit_request(api, service, operation);
    let security = emit_operation_security(api, service, operation, security_type);
    let response = emit_response(api, service, operation);
    quote! {
        #request
        #security
        #response
    }
}

fn method_link(service: &Service, operation: &Operation) -> String {
    format!("[`{}::{}`]", service.handle, operation.method_name)
}

fn emit_request(api: &Api, service: &Service, operation: &Operation) -> TokenStream {
    let name = ident(&format!("{}Request", operation.type_prefix));
    let doc = doc_literal(&format!(
        " Parameters of {}.",
        method_link(service, operation)
    ));
    let security_type =
        has_security_type(operation).then(|| ident(&format!("{}Security", operation.type_prefix)));

    let mut fields = Vec::new();
    let mut required_arguments = Vec::new();
    let mut initializers = Vec::new();
    let mut setters = Vec::new();
    for parameter in &operation.parameters {
        let field = ident(&parameter.rust_name);
        let ty = rust_type(&parameter.ty);
        let setter_ty = setter_type(&parameter.ty);
        let place = location_text(parameter.location);
        let wire_name = code_span(&parameter.wire_name);
        let fallback = format!("The {wire_name} {place}.");
        let wire_doc = format!(
            " Sent as {place} {wire_name}{}.",
            style_text(api, parameter)
        );
        let field_doc = doc_or_then(parameter.description.as_deref(), &fallback, wire_doc);
        if parameter.required {
            fields.push(quote! { #field_doc pub #field: #ty, });
            required_arguments.push(quote!(#field: #setter_ty));
            initializers.push(quote!(#field: #field.into(),));
        } else {
            fields.push(quote! { #field_doc pub #field: Option<#ty>, });
            initializers.push(quote!(#field: None,));
            let setter_doc = doc_literal(&format!(" Sets {place} {wire_name}."));
            setters.push(quote! {
                #[doc = #setter_doc]
                #[inline]
                pub fn #field(mut self, #field: #setter_ty) -> #name {
                    self.#field = Some(#field.into());
                    self
                }
            });
        }
    }

    if let Some(body) = &operation.request_body {
        let ty = rust_type(&body.ty);
        let body_doc = doc_or(body.description.as_deref(), &body_wire_text(body));
        if body.required {
            fields.push(quote! { #body_doc pub body: #ty, });
            required_arguments.push(quote!(body: #ty));
            initializers.push(quote!(body,));
        } else {
            fields.push(quote! { #body_doc pub body: Option<#ty>, });
            initializers.push(quote!(body: None,));
            setters.push(quote! {
                /// Sets the request body.
                #[inline]
                pub fn body(mut self, body: #ty) -> #name {
                    self.body = Some(body);
                    self
                }
            });
        }
    }

    if let Some(security) = &security_type {
        fields.push(quote! {
            /// Credentials for this call; schemes left unset here come from the client's
            /// [`Security`](crate::Security).
            pub security: Option<#security>,
        });
        initializers.push(quote!(security: None,));
        setters.push(quote! {
            /// Sets the credentials for this call.
            #[inline]
            pub fn security(mut self, security: #security) -> #name {
                self.security = Some(security);
                self
            }
        });
    }

    fields.push(quote! {
        /// Retries and timeout of this call. Settings left unset come from the client.
        pub options: crate::CallOptions,
    });
    initializers.push(quote!(options: crate::CallOptions::default(),));
    setters.push(quote! {
        /// Sets the retries and timeout of this call.
        #[inline]
        pub fn options(mut self, options: crate::CallOptions) -> #name {
            self.options = options;
            self
        }
    });
    if !operation.servers.is_empty() {
        let count = operation.servers.len();
        fields.push(quote! {
            /// The server this call goes to; `None` for the first of the operation's own servers.
            pub server: Option<crate::OperationServer>,
        });
        initializers.push(quote!(server: None,));
        let index_doc = format!(
            " Sends this call to the server at `index` of the operation's {count} own servers, \
             with the client's server variables."
        );
        setters.push(quote! {
            #[doc = #index_doc]
            #[inline]
            pub fn server_index(mut self, index: usize) -> #name {
                self.server = Some(crate::OperationServer::Index(index));
                self
            }

            /// Sends this call to `url` in place of the operation's own servers.
            #[inline]
            pub fn server_url(mut self, url: impl Into<String>) -> #name {
                self.server = Some(crate::OperationServer::Url(url.into()));
                self
            }
        });
    }

    let secrets = secret_parameters(api, operation);
    let derive_debug = secrets.is_empty().then(|| quote!(Debug,));
    let debug_impl = (!secrets.is_empty()).then(|| emit_redacted_debug(&name, operation, &secrets));
    let derive_default = required_arguments.is_empty().then(|| quote!(Default,));
    let many_arguments = super::allow_many_arguments(required_arguments.len());
    quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Creates the request from its required parameters.
            #[inline]
            #many_arguments
            pub fn new(#(#required_arguments),*) -> #name {
                #name {
                    #(#initializers)*
                }
            }

            #(#setters)*
        }

        #debug_impl
    }
}

/// Emits a `Debug` impl that shows the credential-carrying parameters as `[REDACTED]`.
fn emit_redacted_debug(name: &Ident, operation: &Operation, secrets: &[&str]) -> TokenStream {
    let type_name = name.to_string();
    let mut fields: Vec<TokenStream> = Vec::new();
    for parameter in &operation.parameters {
        let field = ident(&parameter.rust_name);
        let label = &parameter.rust_name;
        let value = match (secrets.contains(&label.as_str()), parameter.required) {
            (false, _) => quote!(&self.#field),
            (true, true) => quote!(&"[REDACTED]"),
            (true, false) => quote!(&self.#field.as_ref().map(|_| "[REDACTED]")),
        };
        fields.push(quote!(.field(#label, #value)));
    }
    if operation.request_body.is_some() {
        fields.push(quote!(.field("body", &self.body)));
    }
    if has_security_type(operation) {
        fields.push(quote!(.field("security", &self.security)));
    }
    fields.push(quote!(.field("options", &self.options)));
    if !operation.servers.is_empty() {
        fields.push(quote!(.field("server", &self.server)));
    }
    quote! {
        impl std::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

fn location_text(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path parameter",
        ParameterLocation::Query => "query parameter",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    }
}

/// Emits `{prefix}Security`, an alias of the credentials type that every operation accepting
/// the same schemes shares, so that a spec of many operations compiles a few such types.
fn emit_operation_security(
    api: &Api,
    service: &Service,
    operation: &Operation,
    security_type: Option<&str>,
) -> TokenStream {
    let Some(target) = security_type else {
        return TokenStream::new();
    };
    let name = ident(&format!("{}Security", operation.type_prefix));
    let target = ident(target);
    let doc = doc_literal(&format!(
        " Credentials for {}, which override the client's for this call.",
        method_link(service, operation)
    ));
    let requirements = doc_attrs(&requirements_text(api, operation));

    quote! {
        #[doc = #doc]
        ///
        #requirements
        ///
        /// `Debug` shows the credentials redacted.
        pub type #name = crate::#target;
    }
}

fn emit_response(api: &Api, service: &Service, operation: &Operation) -> TokenStream {
    let name = ident(&format!("{}Response", operation.type_prefix));
    let shape = response_shape(operation);
    let statuses: Vec<String> = shape
        .successes
        .iter()
        .map(|response| match response.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(class) => format!("{class}XX"),
            StatusMatch::Default => "2XX".to_owned(),
        })
        .collect();
    let doc = doc_literal(&format!(
        " Response of {}: status {}.",
        method_link(service, operation),
        statuses.join(", ")
    ));

    let body = shape.body.as_ref().map(|field| {
        let ty = rust_type(field.ty);
        let doc = doc_block(&body_field_doc(field));
        if field.optional {
            quote! {
                #doc
                pub body: Option<#ty>,
            }
        } else {
            quote! {
                #doc
                pub body: #ty,
            }
        }
    });
    let headers = shape.headers.iter().map(|header| {
        let field = ident(&header.rust_name);
        let ty = header_type(api, &header.ty);
        let wire_name = code_span(&header.wire_name);
        let fallback = format!("The {wire_name} header.");
        let decode_error = "[`Error::DecodeHeader`](crate::Error::DecodeHeader)";
        let repeats = header_repeats_doc(api, header);
        let (subject, part, part_capitalized) = match header_array_item(api, &header.ty, 0) {
            Some(_) => ("Items of header", "an item", "An item"),
            None => ("Value of header", "a value", "A value"),
        };
        let description = header.description.as_deref();
        if shape.header_required(header) {
            let wire_doc = format!(
                " {subject} {wire_name}, which the spec marks required. A response without it, or with {part} that does not parse, is an {decode_error}.{repeats}"
            );
            let header_doc = doc_or_then(description, &fallback, wire_doc);
            return quote! {
                #header_doc
                pub #field: #ty,
            };
        }
        let wire_doc = format!(
            " {subject} {wire_name}; `None` when it is absent. {part_capitalized} that does not parse is an {decode_error}.{repeats}"
        );
        let header_doc = doc_or_then(description, &fallback, wire_doc);
        quote! {
            #header_doc
            pub #field: Option<#ty>,
        }
    });

    let debug_impl = emit_response_debug(&name, &shape);
    let derive_debug = debug_impl.is_none().then(|| quote!(Debug,));
    quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone)]
        #[non_exhaustive]
        pub struct #name {
            #(#headers)*
            #body
            /// Status of the response.
            pub status: reqwest::StatusCode,
            /// Every header of the response, including those with fields of their own.
            pub headers: reqwest::header::HeaderMap,
        }

        #debug_impl
    }
}

/// Returns the doc lines of a response type's `body` field, stating how the body is read.
fn body_field_doc(field: &BodyField<'_>) -> Vec<String> {
    let content_type = field.content_type;
    let mut lines = match (field.encoding, field.mixed) {
        (BodyEncoding::Binary, true) => vec![
            " The body's bytes exactly as received, because the success statuses declare bodies"
                .to_owned(),
            " of different media types.".to_owned(),
        ],
        (BodyEncoding::Binary, false) => {
            vec![format!(
                " The {} body's bytes exactly as received.",
                code_span(content_type)
            )]
        }
        (BodyEncoding::Text, _) => vec![
            format!(
                " The {} body as text, decoded from the charset that the",
                code_span(content_type)
            ),
            " response's `Content-Type` names, or from UTF-8 without one. A body that is not"
                .to_owned(),
            " valid in that charset, or a charset the SDK does not know, is an".to_owned(),
            " [`Error::Decode`](crate::Error::Decode).".to_owned(),
        ],
        _ if field.optional => {
            return vec![
                " The decoded body. `None` for a status without a body, an empty body, or a"
                    .to_owned(),
                " `null` body when the schema allows `null`.".to_owned(),
            ];
        }
        _ => return vec![" The decoded body.".to_owned()],
    };
    if field.optional {
        lines.push(" `None` for a status without a body, or an empty body.".to_owned());
    }
    lines
}

/// Returns the type of a response header's field: scalars, string enums and aliases of
/// scalars parse, anything else stays text.
fn header_type(api: &Api, ty: &TypeRef) -> TokenStream {
    if let Some(item) = header_array_item(api, ty, 0) {
        let item = header_scalar_type(api, item);
        return quote!(Vec<#item>);
    }
    header_scalar_type(api, ty)
}

/// Returns the Rust type of one header value: the schema's type for a scalar, else the text.
fn header_scalar_type(api: &Api, ty: &TypeRef) -> TokenStream {
    if is_header_scalar(api, ty, 0) {
        rust_type(ty)
    } else {
        quote!(String)
    }
}

/// Returns the item type of a header whose schema is an array, directly or through aliases;
/// `depth` counts the aliases passed. The SDK reads every value of such a header.
fn header_array_item<'a>(api: &'a Api, ty: &'a TypeRef, depth: usize) -> Option<&'a TypeRef> {
    match ty {
        TypeRef::Array(item) => Some(item),
        TypeRef::Model(name) if depth <= crate::ir::MAX_ALIAS_CHAIN => {
            let model = api.models.iter().find(|model| &model.rust_name == name)?;
            match &model.kind {
                ModelKind::Alias { ty } => header_array_item(api, ty, depth + 1),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Returns the sentence of a header field's doc that says what a repeated header gives.
fn header_repeats_doc(api: &Api, header: &ResponseHeader) -> String {
    let name = &header.wire_name;
    if header_array_item(api, &header.ty, 0).is_none() {
        let call = code_span(&format!("headers.get_all({name:?})"));
        return format!(
            " When the response repeats the header, this is the first value, and {call} returns every one."
        );
    }
    if name.eq_ignore_ascii_case("set-cookie") {
        return " Each `Set-Cookie` line of the response is one item, in order.".to_owned();
    }
    " The items are those of every line of the header, in order, each line split at its commas."
        .to_owned()
}

/// Returns the runtime function that parses one value of a header of type `ty`, which is the
/// item type for an array. Integers and booleans parse with Rust's `FromStr`, so `05` and `-0`
/// are integers as they are for `i64::from_str`, and numbers parse the same way but must be
/// finite. Text, formats and string enums deserialize from the text as a JSON string.
fn header_parser(api: &Api, ty: &TypeRef) -> TokenStream {
    if !is_header_scalar(api, ty, 0) {
        // The field is a `String`.
        return quote!(crate::headers::deserialize_str);
    }
    match header_base_type(api, ty, 0) {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => {
            quote!(crate::headers::from_str)
        }
        TypeRef::F32 | TypeRef::F64 => quote!(crate::headers::finite_from_str),
        _ => quote!(crate::headers::deserialize_str),
    }
}

/// Returns the type that `ty` names through type aliases; `depth` counts the aliases passed.
fn header_base_type<'a>(api: &'a Api, ty: &'a TypeRef, depth: usize) -> &'a TypeRef {
    let TypeRef::Model(name) = ty else {
        return ty;
    };
    let model = api.models.iter().find(|model| &model.rust_name == name);
    match model.map(|model| &model.kind) {
        Some(ModelKind::Alias { ty }) if depth <= crate::ir::MAX_ALIAS_CHAIN => {
            header_base_type(api, ty, depth + 1)
        }
        _ => ty,
    }
}

/// Tells whether `ty` is a scalar that a header can carry; `depth` counts the aliases passed,
/// so a cycle of aliases ends as text.
fn is_header_scalar(api: &Api, ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::String
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid => true,
        TypeRef::Model(_) if depth > crate::ir::MAX_ALIAS_CHAIN => false,
        TypeRef::Model(name) => {
            let model = api.models.iter().find(|model| &model.rust_name == name);
            match model.map(|model| &model.kind) {
                Some(ModelKind::Enum { .. }) => true,
                Some(ModelKind::Alias { ty }) => is_header_scalar(api, ty, depth + 1),
                _ => false,
            }
        }
        _ => false,
    }
}
