//! Lowering of paths into services and operations.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    Example, Header, MediaType, Parameter, ParameterSchemaOrContent, PathItem, PathStyle,
    QueryStyle, ReferenceOr, RequestBody, Response, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Resolver;
use super::aliases::MAX_ALIAS_CHAIN;
use super::names::{self, NameScope, pascal_ident, snake_ident, type_ident, type_prefix};
use super::refs::resolve;
use crate::ir::{
    self, BodyEncoding, ModelKind, ParameterLocation, ParameterStyle, StatusMatch, TypeRef,
};
use crate::load::escape_pointer_token;

/// Field and setter names of request types that do not come from parameters, and `new`, whose
/// setter would clash with the constructor.
const RESERVED_REQUEST_FIELDS: &[&str] = &[
    "body",
    "security",
    "options",
    "new",
    "server",
    "server_index",
    "server_url",
];

/// Field names of response types that do not come from headers.
const RESERVED_RESPONSE_FIELDS: &[&str] = &["status", "headers", "body"];

/// Suffixes of an operation's type names after its prefix: `{prefix}Request`,
/// `{prefix}Response` and `{prefix}Security`. The types share their service's module with the
/// service's handle.
const OPERATION_TYPE_SUFFIXES: &[&str] = &["Request", "Response", "Security"];

/// The service of operations that have no tag.
const UNTAGGED: &str = "default";

impl Resolver<'_> {
    /// Lowers every operation and groups them by their first tag into services.
    pub(super) fn lower_services(&mut self) -> Vec<ir::Service> {
        let mut by_tag: IndexMap<String, Vec<ir::Operation>> = self
            .spec
            .tags
            .iter()
            .map(|tag| (tag.name.clone(), Vec::new()))
            .collect();

        // Pointer of the first operation with each operationId.
        let mut first_with_id: HashMap<&str, String> = HashMap::new();
        for (path, item) in &self.spec.paths.paths {
            let pointer = format!("#/paths/{}", escape_pointer_token(path));
            let ReferenceOr::Item(item) = item else {
                let reason = "a path item given as a $ref is not supported".to_owned();
                self.report(&pointer, reason, "write the path item out in place");
                continue;
            };
            self.check_path_template(path, &pointer);
            // Lowered once, so that a problem in them is reported once for the path.
            let path_servers =
                self.lower_servers(&item.servers, &format!("{pointer}/servers"), false);
            for (method, operation) in item.iter() {
                if let Some(id) = operation.operation_id.as_deref() {
                    let operation_pointer = format!("{pointer}/{method}");
                    match first_with_id.get(id) {
                        Some(first) => self.warn_duplicate_id(id, first, &operation_pointer),
                        None => {
                            first_with_id.insert(id, operation_pointer);
                        }
                    }
                }
                let tag = operation.tags.first().map_or(UNTAGGED, String::as_str);
                let mut lowered = self.lower_operation(path, method, operation, item, &pointer);
                if operation.servers.is_empty() {
                    lowered.servers = path_servers.clone();
                }
                by_tag.entry(tag.to_owned()).or_default().push(lowered);
            }
        }

        let reserved = names::CRATE_MODULES.iter().chain(names::CLIENT_METHODS);
        let mut modules = NameScope::with_reserved(reserved);
        by_tag
            .into_iter()
            .filter(|(_, operations)| !operations.is_empty())
            .map(|(tag, operations)| self.service(tag, operations, &mut modules))
            .collect()
    }

    /// Warns about an operation whose operationId an earlier operation, at `first`, already
    /// has. Both keep their methods: in one service, the later method gets a number suffix.
    fn warn_duplicate_id(&mut self, id: &str, first: &str, pointer: &str) {
        self.warn(
            &format!("{pointer}/operationId"),
            format!(
                "duplicate operationId {id:?}, also used by {first}, so the method names of \
                 the two operations are numbered when they share a service"
            ),
            "give each operation a unique operationId",
        );
    }

    fn service(
        &self,
        tag: String,
        mut operations: Vec<ir::Operation>,
        modules: &mut NameScope,
    ) -> ir::Service {
        let mut module = snake_ident(&tag, "service");
        names::shorten(&mut module);
        if names::is_reserved_module(&module) {
            module.push_str("_service");
        }
        let module = modules.claim(module);
        let handle = type_ident(&module, "Service");

        let mut method_names = NameScope::with_reserved(names::SERVICE_METHODS);
        // A prefix is taken when one of its types would be named as the handle.
        let handle_prefixes = OPERATION_TYPE_SUFFIXES
            .iter()
            .filter_map(|suffix| handle.strip_suffix(suffix));
        let mut type_prefixes = NameScope::with_reserved(handle_prefixes);
        for operation in &mut operations {
            let wanted = operation.method_name.clone();
            operation.method_name = method_names.claim(wanted.clone());
            if operation.method_name != wanted {
                operation.renamed_from = Some(wanted);
            }
            operation.type_prefix =
                type_prefixes.claim(type_prefix(&operation.method_name, "Call"));
        }

        let description = self
            .spec
            .tags
            .iter()
            .find(|declared| declared.name == tag)
            .and_then(|declared| declared.description.clone());
        ir::Service {
            tag,
            description,
            module,
            handle,
            operations,
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &openapiv3::Operation,
        item: &PathItem,
        path_pointer: &str,
    ) -> ir::Operation {
        let pointer = format!("{path_pointer}/{method}");
        let operation_id = operation.operation_id.clone();
        let name_source = operation_id
            .clone()
            .unwrap_or_else(|| format!("{method}_{path}"));
        let tag = operation.tags.first().map_or(UNTAGGED, String::as_str);
        let method_name = snake_ident(method_name_of(&name_source, tag), "call");
        let type_prefix = type_prefix(&method_name, "Call");

        let mut parameters = self.lower_parameters(path, operation, item, &pointer, &type_prefix);
        let request_body = operation.request_body.as_ref().and_then(|body| {
            self.lower_request_body(body, &format!("{pointer}/requestBody"), &type_prefix)
        });
        self.reconcile_path_template(path, &mut parameters, &pointer);
        let responses = self.lower_responses(method, operation, &pointer, &type_prefix);
        let security = operation.security.as_deref().map(|requirements| {
            self.lower_requirements(Some(requirements), &format!("{pointer}/security"))
        });
        let servers = self.lower_servers(&operation.servers, &format!("{pointer}/servers"), false);

        let mut operation = ir::Operation {
            operation_id,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            method_name,
            renamed_from: None,
            type_prefix,
            summary: operation.summary.clone(),
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            pointer,
            parameters,
            request_body,
            responses,
            security,
            servers,
        };
        self.unify_alias_bodies(&mut operation.responses);
        self.check_success_bodies(&operation);
        operation
    }

    /// Replaces the type of each success body that resolves, through type aliases, to the same
    /// type as the first success body with the first body's type. Then `200: Pet` and
    /// `201: PetAlias`, where `PetAlias` is only a `$ref` to `Pet`, give a typed body.
    fn unify_alias_bodies(&self, responses: &mut [ir::Response]) {
        let mut first: Option<(TypeRef, TypeRef, ir::BodyEncoding)> = None;
        let bodies = responses
            .iter_mut()
            .filter(|response| response.is_success())
            .filter_map(|response| response.body.as_mut());
        for body in bodies {
            let unaliased = self.unaliased(&body.ty);
            match &first {
                None => first = Some((body.ty.clone(), unaliased, body.encoding)),
                Some((ty, first_unaliased, encoding))
                    if *first_unaliased == unaliased && *encoding == body.encoding =>
                {
                    body.ty = ty.clone();
                }
                Some(_) => {}
            }
        }
    }

    /// Returns `ty` with each model that is a type alias replaced by the type it names, up to
    /// [`MAX_ALIAS_CHAIN`] of them.
    fn unaliased(&self, ty: &TypeRef) -> TypeRef {
        let mut current = ty.clone();
        for _ in 0..MAX_ALIAS_CHAIN {
            let TypeRef::Model(name) = &current else {
                break;
            };
            let aliased = self.models.iter().find_map(|model| match &model.kind {
                ModelKind::Alias { ty } if &model.rust_name == name => Some(ty.clone()),
                _ => None,
            });
            let Some(aliased) = aliased else {
                break;
            };
            current = aliased;
        }
        current
    }

    /// Warns when the success responses of `operation` declare bodies of different types, which
    /// its response type then reads as an untyped JSON value or as bytes.
    fn check_success_bodies(&mut self, operation: &ir::Operation) {
        let shape = crate::ir::operation::response_shape(operation);
        let Some(body) = shape.body.filter(|body| body.mixed) else {
            return;
        };
        let statuses: Vec<String> = shape
            .successes
            .iter()
            .filter(|response| response.body.is_some())
            .map(|response| crate::ir::operation::status_text(response.status))
            .collect();
        let read_as = if body.encoding == ir::BodyEncoding::Json {
            "an untyped `serde_json::Value`"
        } else {
            "its bytes"
        };
        self.warn(
            &format!("{}/responses", operation.pointer),
            format!(
                "the success responses {} declare different bodies, so the response's `body` is \
                 {read_as}",
                statuses.join(", ")
            ),
            "give every success response the same schema, such as a `oneOf` of the bodies",
        );
    }

    /// Lowers the path item's parameters and then the operation's, which replace those of the
    /// same name and location. A path parameter that `path` has no placeholder for is left out,
    /// with a warning.
    fn lower_parameters(
        &mut self,
        path: &str,
        operation: &openapiv3::Operation,
        item: &PathItem,
        pointer: &str,
        type_prefix: &str,
    ) -> Vec<ir::Parameter> {
        let path_pointer = pointer.rsplit_once('/').map_or(pointer, |(path, _)| path);
        let item_parameters = item
            .parameters
            .iter()
            .enumerate()
            .map(|(index, parameter)| {
                let list = format!("{path_pointer}/parameters");
                (parameter, format!("{list}/{index}"), list)
            });
        let operation_parameters =
            operation
                .parameters
                .iter()
                .enumerate()
                .map(|(index, parameter)| {
                    let list = format!("{pointer}/parameters");
                    (parameter, format!("{list}/{index}"), list)
                });

        let placeholders = path_placeholders(path);
        // Each parameter with its own pointer and that of its list. An operation's
        // parameter replaces the path item's of the same name and location, as OpenAPI allows.
        let mut lowered: Vec<(ir::Parameter, String, String)> = Vec::new();
        for (parameter, parameter_pointer, list) in item_parameters.chain(operation_parameters) {
            let Some(parameter) = self.lower_parameter(parameter, &parameter_pointer, type_prefix)
            else {
                continue;
            };
            if parameter.location == ParameterLocation::Path
                && !placeholders.contains(&parameter.wire_name.as_str())
            {
                self.report_unplaced(path, &parameter.wire_name, &parameter_pointer);
                continue;
            }
            let earlier = lowered.iter().position(|(earlier, _, _)| {
                earlier.location == parameter.location && same_name(earlier, &parameter)
            });
            if let Some(index) = earlier {
                let (_, earlier_pointer, earlier_list) = lowered.remove(index);
                if earlier_list == list {
                    self.warn_duplicate_parameter(&parameter, &parameter_pointer, &earlier_pointer);
                }
            }
            lowered.push((parameter, parameter_pointer, list));
        }
        let mut lowered: Vec<ir::Parameter> = lowered
            .into_iter()
            .map(|(parameter, _, _)| parameter)
            .collect();

        let mut field_names = NameScope::with_reserved(RESERVED_REQUEST_FIELDS);
        for parameter in &mut lowered {
            parameter.rust_name = field_names.claim(parameter.rust_name.clone());
        }
        lowered
    }

    /// Warns that `parameter`, at `pointer`, repeats the name and location of the one at
    /// `earlier` in the same list, which OpenAPI forbids.
    fn warn_duplicate_parameter(
        &mut self,
        parameter: &ir::Parameter,
        pointer: &str,
        earlier: &str,
    ) {
        let location = match parameter.location {
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Path => "path",
            ParameterLocation::Cookie => "cookie",
        };
        self.warn(
            pointer,
            format!(
                "{location} parameter {:?} is declared twice in this list, also at {earlier}, \
                 so only this later declaration is kept",
                parameter.wire_name
            ),
            "remove one of the two declarations",
        );
    }

    /// Warns about a path parameter, at `pointer`, that the path template has no placeholder
    /// for. A request could not send it, so it is left out; real specs have such leftovers,
    /// and the rest of the operation still works.
    fn report_unplaced(&mut self, path: &str, name: &str, pointer: &str) {
        self.warn(
            pointer,
            format!(
                "path parameter {name:?} has no {{{name}}} placeholder in path {path:?}, so it \
                 is left out"
            ),
            &format!(
                "add {{{name}}} to the path, rename the parameter to match a placeholder, or \
                 declare it `in: query`"
            ),
        );
    }

    /// Adds a required `String` path parameter, with a warning, for each placeholder of the
    /// path template that no path parameter fills.
    fn reconcile_path_template(
        &mut self,
        path: &str,
        parameters: &mut Vec<ir::Parameter>,
        pointer: &str,
    ) {
        let placeholders = path_placeholders(path);
        let is_path = |parameter: &ir::Parameter| parameter.location == ParameterLocation::Path;

        let mut field_names = NameScope::with_reserved(RESERVED_REQUEST_FIELDS);
        for parameter in parameters.iter() {
            field_names.claim(parameter.rust_name.clone());
        }
        for name in placeholders {
            let declared = parameters
                .iter()
                .any(|parameter| is_path(parameter) && parameter.wire_name == name);
            if declared {
                continue;
            }
            self.warn(
                pointer,
                format!("path template {path:?} has placeholder {{{name}}} but no path parameter {name:?}, so a required string parameter stands in"),
                "declare the parameter with `in: path` or correct the template",
            );
            parameters.push(ir::Parameter {
                wire_name: name.to_owned(),
                rust_name: field_names.claim(snake_ident(name, "parameter")),
                location: ParameterLocation::Path,
                required: true,
                ty: TypeRef::String,
                style: ParameterStyle::Simple,
                explode: false,
                description: None,
                example: None,
                default: None,
                secret: false,
            });
        }
    }

    fn lower_parameter(
        &mut self,
        parameter_ref: &ReferenceOr<Parameter>,
        pointer: &str,
        type_prefix: &str,
    ) -> Option<ir::Parameter> {
        let components = self.spec.components.as_ref().map(|c| &c.parameters);
        let parameter = match resolve(parameter_ref, components, "#/components/parameters/") {
            Ok(parameter) => parameter,
            Err(reason) => {
                let fix = "define the parameter under #/components/parameters or correct the $ref";
                self.report(&format!("{pointer}/$ref"), reason, fix);
                return None;
            }
        };
        let location = match parameter {
            Parameter::Query { .. } => ParameterLocation::Query,
            Parameter::Header { .. } => ParameterLocation::Header,
            Parameter::Path { .. } => ParameterLocation::Path,
            Parameter::Cookie { .. } => ParameterLocation::Cookie,
        };
        let data = parameter.parameter_data_ref();
        if location == ParameterLocation::Header && is_ignored_header(&data.name) {
            self.warn(
                pointer,
                format!(
                    "header parameter {:?} is ignored, as OpenAPI 3.0 requires for `Accept`, \
                     `Content-Type` and `Authorization`, so the request type has no field for it",
                    data.name
                ),
                "remove the parameter; the SDK sets `Content-Type` from the request body and \
                 `Authorization` from the security schemes, and a request hook can set any header",
            );
            return None;
        }
        if location == ParameterLocation::Header && is_client_set_header(&data.name) {
            self.warn(
                pointer,
                format!(
                    "header parameter {:?} is ignored, because the HTTP client sets it from the \
                     request itself and another value would corrupt the request",
                    data.name
                ),
                "remove the parameter; declare cookies as parameters `in: cookie`, which the \
                 SDK sends in one `Cookie` header",
            );
            return None;
        }
        if data.name.is_empty() && matches!(location, ParameterLocation::Query) {
            self.report(
                &name_pointer(parameter_ref, pointer),
                "query parameter name is empty, so the request would send `=value`".to_owned(),
                "give the parameter the name that the server reads",
            );
            return None;
        }
        let sent_by_name = matches!(
            location,
            ParameterLocation::Header | ParameterLocation::Cookie
        );
        if sent_by_name && !super::is_http_token(&data.name) {
            let kind = match location {
                ParameterLocation::Cookie => "cookie parameter",
                _ => "header parameter",
            };
            let (reason, fix) = super::invalid_token_error(kind, &data.name);
            self.report(&name_pointer(parameter_ref, pointer), reason, &fix);
            return None;
        }
        let hint = format!("{type_prefix}{}", pascal_ident(&data.name, "Parameter"));
        let ty = self.type_of_format(&data.format, &format!("{pointer}/schema"), &hint);
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => Some(schema),
            _ => None,
        };
        let example = data
            .example
            .clone()
            .or_else(|| self.first_example(&data.examples))
            .or_else(|| schema.and_then(|schema| schema.schema_data.example.clone()));
        let default = schema.and_then(|schema| {
            self.checked_default(schema, Some(&ty), &format!("{pointer}/schema"))
        });
        let (style, explode) = self.parameter_style(parameter, &ty, pointer);
        let secret = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.is_password(schema, 0),
            ParameterSchemaOrContent::Content(_) => false,
        };
        Some(ir::Parameter {
            wire_name: data.name.clone(),
            rust_name: snake_ident(&data.name, "parameter"),
            location,
            required: data.required || location == ParameterLocation::Path,
            ty,
            style,
            explode,
            description: data.description.clone(),
            example,
            default,
            secret,
        })
    }

    /// Returns the style and explode of a parameter, with a warning for each combination that
    /// the SDK sends in another style than the spec declares.
    fn parameter_style(
        &mut self,
        parameter: &Parameter,
        ty: &TypeRef,
        pointer: &str,
    ) -> (ParameterStyle, bool) {
        let style = match parameter {
            Parameter::Query {
                style,
                allow_reserved,
                ..
            } => {
                if *allow_reserved {
                    self.warn(
                        pointer,
                        "`allowReserved: true` is not supported, so reserved characters in the value are percent-encoded".to_owned(),
                        "remove `allowReserved` or make sure the server decodes percent-encoded values",
                    );
                }
                self.query_style(style, ty, pointer)
            }
            Parameter::Path { style, .. } => match style {
                PathStyle::Matrix => ParameterStyle::Matrix,
                PathStyle::Label => ParameterStyle::Label,
                PathStyle::Simple => ParameterStyle::Simple,
            },
            Parameter::Header { .. } => ParameterStyle::Simple,
            Parameter::Cookie { .. } => ParameterStyle::Form,
        };
        let explode = parameter
            .parameter_data_ref()
            .explode
            .unwrap_or(style == ParameterStyle::Form);
        if style == ParameterStyle::DeepObject && !explode {
            self.warn(
                pointer,
                "`style: deepObject` with `explode: false` is undefined in OpenAPI 3.0, so the value is sent exploded".to_owned(),
                "remove `explode: false`",
            );
        }
        (style, explode)
    }

    fn query_style(&mut self, style: &QueryStyle, ty: &TypeRef, pointer: &str) -> ParameterStyle {
        let is_array = matches!(ty, TypeRef::Array(_));
        let scalar = matches!(
            ty,
            TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::String
        );
        match style {
            QueryStyle::Form => ParameterStyle::Form,
            QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited if scalar => {
                let name = if *style == QueryStyle::SpaceDelimited {
                    "spaceDelimited"
                } else {
                    "pipeDelimited"
                };
                self.warn(
                    pointer,
                    format!("`style: {name}` applies to arrays and objects, so this scalar is sent in the form style"),
                    "use `style: form` or leave `style` out",
                );
                ParameterStyle::Form
            }
            QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
            QueryStyle::DeepObject if scalar || is_array => {
                self.warn(
                    pointer,
                    "`style: deepObject` applies to objects, so this value is sent in the form style".to_owned(),
                    "use `style: form` or give the parameter an object schema",
                );
                ParameterStyle::Form
            }
            QueryStyle::DeepObject => ParameterStyle::DeepObject,
        }
    }

    fn type_of_format(
        &mut self,
        format: &ParameterSchemaOrContent,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        match format {
            ParameterSchemaOrContent::Schema(schema) => self.type_of(schema, pointer, hint),
            ParameterSchemaOrContent::Content(content) => {
                self.warn_content_parameter(content, pointer);
                TypeRef::String
            }
        }
    }

    /// Warns that a parameter or header described by `content` is passed as text in its media
    /// type's encoding, which its schema does not type. `pointer` is the place of `schema`,
    /// which `content` replaces.
    fn warn_content_parameter(&mut self, content: &openapiv3::Content, pointer: &str) {
        let Some((media_type, _)) = content.first() else {
            return;
        };
        let parent = pointer.strip_suffix("/schema").unwrap_or(pointer);
        let token = crate::load::escape_pointer_token(media_type);
        self.warn(
            &format!("{parent}/content/{token}"),
            format!(
                "the value is described by `content`, so the SDK passes it as a `String` in the \
                 {media_type} encoding, as it is, and its schema types nothing"
            ),
            "describe the value with `schema` to get a typed field, or encode and decode the \
             text as the media type in the calling code",
        );
    }

    fn lower_request_body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        pointer: &str,
        type_prefix: &str,
    ) -> Option<ir::RequestBody> {
        let components = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let body = match resolve(body, components, "#/components/requestBodies/") {
            Ok(body) => body,
            Err(reason) => {
                let fix = "define the body under #/components/requestBodies or correct the $ref";
                self.report(&format!("{pointer}/$ref"), reason, fix);
                return None;
            }
        };
        // NOTE: a body that declares no media type has nothing to send, so the operation
        // gets no body.
        let encoding_of =
            |media_type: &str, media: &MediaType| self.media_encoding(media_type, media);
        let (content_type, media, encoding) = preferred_media(&body.content, encoding_of)?;
        let schema_pointer = format!(
            "{pointer}/content/{}/schema",
            escape_pointer_token(content_type)
        );
        let ty = match (encoding, &media.schema) {
            // The caller names the media type of a body declared under a range.
            (BodyEncoding::Binary, _) if is_media_range(content_type) => TypeRef::File,
            (BodyEncoding::Binary, _) => TypeRef::Bytes,
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::Json, Some(schema)) => {
                let hint = format!("{type_prefix}RequestBody");
                let ty = self.type_of(schema, &schema_pointer, &hint);
                // A nullable body is typed as a nullable property is, so the caller can send
                // `null`: `Option<T>` when required, `Option<Option<T>>` when not.
                self.or_null(schema, ty)
            }
            // NOTE: form and multipart bodies are sent a pair or part per property, so they
            // have no way to send `null`, and their type ignores `nullable`.
            (_, Some(schema)) => self.type_of(
                schema,
                &schema_pointer,
                &format!("{type_prefix}RequestBody"),
            ),
            (_, None) => TypeRef::Any,
        };
        let schema_example = match &media.schema {
            Some(ReferenceOr::Item(schema)) => schema.schema_data.example.clone(),
            _ => None,
        };
        let example = media
            .example
            .clone()
            .or_else(|| self.first_example(&media.examples))
            .or(schema_example);
        let part_types = media
            .encoding
            .iter()
            .filter(|_| encoding == BodyEncoding::Multipart)
            .filter_map(|(name, part)| {
                let first = part.content_type.as_deref()?.split(',').next()?.trim();
                Some(ir::PartType {
                    name: name.clone(),
                    content_type: first.to_owned(),
                })
            })
            .collect();
        Some(ir::RequestBody {
            content_type: content_type.clone(),
            encoding,
            ty,
            required: body.required,
            description: body.description.clone(),
            example,
            part_types,
        })
    }

    /// Returns the value of the first entry of an `examples` map that has an inline `value`,
    /// following `$ref`s into `components.examples`; an unresolvable entry is skipped.
    fn first_example(
        &self,
        examples: &IndexMap<String, ReferenceOr<Example>>,
    ) -> Option<serde_json::Value> {
        let components = self.spec.components.as_ref().map(|c| &c.examples);
        examples.values().find_map(|example| {
            let example = resolve(example, components, "#/components/examples/").ok()?;
            example.value.clone()
        })
    }

    fn lower_responses(
        &mut self,
        method: &str,
        operation: &openapiv3::Operation,
        pointer: &str,
        type_prefix: &str,
    ) -> Vec<ir::Response> {
        let declared = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(class) => {
                        StatusMatch::Range(u8::try_from(*class).unwrap_or(0))
                    }
                };
                (status, response)
            })
            .chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| (StatusMatch::Default, response)),
            );

        if operation.responses.responses.is_empty() && operation.responses.default.is_none() {
            self.warn(
                &format!("{pointer}/responses"),
                "the operation declares no response, so every call ends in \
                 `Error::UnexpectedStatus`, and OpenAPI 3.0 requires at least one response"
                    .to_owned(),
                "declare the responses that the operation returns, such as `200` with its body, \
                 or a `default` response",
            );
        }
        let codes: Vec<u16> = operation
            .responses
            .responses
            .keys()
            .filter_map(|status| match status {
                StatusCode::Code(code) => Some(*code),
                StatusCode::Range(_) => None,
            })
            .collect();
        let mut lowered = Vec::new();
        for (status, response) in declared {
            let key = match status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(class) => format!("{class}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            let response_pointer = format!("{pointer}/responses/{key}");
            if let StatusMatch::Range(class) = status {
                let low = u16::from(class) * 100;
                if (low..low + 100).all(|code| codes.contains(&code)) {
                    self.warn_unreachable_range(&response_pointer, low);
                    continue;
                }
            }
            let bodiless = bodiless_reason(method, status);
            if let Some(response) =
                self.lower_response(status, response, &response_pointer, type_prefix, bodiless)
            {
                lowered.push(response);
            }
        }
        lowered
    }

    /// Warns that the range response at `pointer`, of the statuses from `low` to `low + 99`, is
    /// never returned, because every one of them has a response of its own.
    fn warn_unreachable_range(&mut self, pointer: &str, low: u16) {
        let high = low + 99;
        self.warn(
            pointer,
            format!(
                "every status from {low} to {high} has a response of its own, which wins over \
                 the range, so the SDK never returns this response and generates nothing for it"
            ),
            "remove the range response, or the responses of the statuses that should fall to it",
        );
    }

    /// Lowers one response. `bodiless` is the reason why a response of this status to this
    /// method never carries a body, or `None` when it may carry one. A bodiless response gets
    /// no body, with a warning when it declares `content`.
    fn lower_response(
        &mut self,
        status: StatusMatch,
        reference: &ReferenceOr<Response>,
        pointer: &str,
        type_prefix: &str,
        bodiless: Option<&str>,
    ) -> Option<ir::Response> {
        let components = self.spec.components.as_ref().map(|c| &c.responses);
        let response = match resolve(reference, components, "#/components/responses/") {
            Ok(response) => response,
            Err(reason) => {
                let fix = "define the response under #/components/responses or correct the $ref";
                self.report(&format!("{pointer}/$ref"), reason, fix);
                return None;
            }
        };
        let content = match bodiless {
            Some(reason) if !response.content.is_empty() => {
                self.warn_ignored_content(reference, pointer, reason);
                &IndexMap::new()
            }
            _ => &response.content,
        };

        let encoding_of =
            |media_type: &str, media: &MediaType| self.media_encoding(media_type, media);
        let chosen = preferred_response_media(content, encoding_of);
        let body = chosen.map(|(content_type, media, encoding)| {
            let mut body =
                self.lower_response_body(content_type, media, encoding, pointer, type_prefix);
            body.negotiated = encoding == BodyEncoding::Json && content.len() > 1;
            body
        });

        let headers = self.lower_response_headers(&response.headers, pointer, type_prefix);
        Some(ir::Response {
            status,
            description: response.description.clone(),
            body,
            headers,
        })
    }

    /// Warns that the SDK reads no body from the response at `pointer`, which declares
    /// `content` although, for `reason`, it never carries a body.
    fn warn_ignored_content(
        &mut self,
        reference: &ReferenceOr<Response>,
        pointer: &str,
        reason: &str,
    ) {
        let (pointer, subject) = match reference {
            ReferenceOr::Item(_) => (format!("{pointer}/content"), "this response".to_owned()),
            ReferenceOr::Reference { reference } => (
                format!("{pointer}/$ref"),
                format!("the response {}", crate::load::quoted(reference)),
            ),
        };
        self.warn(
            &pointer,
            format!("{subject} declares `content`, which the SDK ignores because {reason}"),
            "remove `content` from the response, and describe any headers under `headers`",
        );
    }

    fn lower_response_body(
        &mut self,
        content_type: &str,
        media: &MediaType,
        encoding: BodyEncoding,
        pointer: &str,
        type_prefix: &str,
    ) -> ir::ResponseBody {
        let schema_pointer = format!(
            "{pointer}/content/{}/schema",
            escape_pointer_token(content_type)
        );
        let hint = format!("{type_prefix}ResponseBody");
        let ty = match (encoding, &media.schema) {
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::Json, Some(schema)) => self.type_of(schema, &schema_pointer, &hint),
            (BodyEncoding::Json, None) => TypeRef::Any,
            _ => TypeRef::ResponseBytes,
        };
        let nullable = encoding == BodyEncoding::Json
            && ty != TypeRef::Any
            && media
                .schema
                .as_ref()
                .is_some_and(|schema| self.is_nullable(schema));
        // A text body can be a secret too, such as a token sent as `text/plain`.
        let secret = encoding != BodyEncoding::Binary
            && media
                .schema
                .as_ref()
                .is_some_and(|schema| self.is_password(schema, 0));
        ir::ResponseBody {
            content_type: content_type.to_owned(),
            encoding,
            ty,
            nullable,
            secret,
            negotiated: false,
        }
    }

    /// Tells how a body of `media_type` described by `media` is encoded. A range that every
    /// body matches, `*/*` or `application/*`, names no encoding, so the schema decides: raw
    /// bytes for `format: binary` or no schema, text for other strings, and JSON otherwise.
    fn media_encoding(&self, media_type: &str, media: &MediaType) -> BodyEncoding {
        if !is_open_range(media_type) {
            return body_encoding(media_type);
        }
        let Some(schema) = &media.schema else {
            return BodyEncoding::Binary;
        };
        match self.dereference(schema).map(|schema| &schema.schema_kind) {
            Some(SchemaKind::Type(Type::String(string))) => match string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => BodyEncoding::Binary,
                _ => BodyEncoding::Text,
            },
            _ => BodyEncoding::Json,
        }
    }

    fn lower_response_headers(
        &mut self,
        headers: &IndexMap<String, ReferenceOr<Header>>,
        pointer: &str,
        type_prefix: &str,
    ) -> Vec<ir::ResponseHeader> {
        let mut field_names = NameScope::with_reserved(RESERVED_RESPONSE_FIELDS);
        let mut lowered = Vec::new();
        // The first name of each header, by its lowercase form: header names ignore case.
        let mut first_names: HashMap<String, &str> = HashMap::new();
        for (name, header) in headers {
            // The spec says a `Content-Type` response header is ignored.
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let header_pointer = format!("{pointer}/headers/{}", escape_pointer_token(name));
            if !super::is_http_token(name) {
                self.warn(
                    &header_pointer,
                    format!(
                        "response header name {name:?} is not a valid HTTP token, so no \
                         response can carry it, and the response type has no field for it"
                    ),
                    "correct the name: letters, digits and !#$%&'*+-.^_`|~ only",
                );
                continue;
            }
            let first = *first_names.entry(name.to_ascii_lowercase()).or_insert(name);
            if first != name {
                self.warn(
                    &header_pointer,
                    format!(
                        "response header {name:?} repeats {first:?}, because header names \
                         ignore case, so the response type has a field for the first one only"
                    ),
                    "remove one of the two declarations",
                );
                continue;
            }
            let components = self.spec.components.as_ref().map(|c| &c.headers);
            let header = match resolve(header, components, "#/components/headers/") {
                Ok(header) => header,
                Err(reason) => {
                    let fix = "define the header under #/components/headers or correct the $ref";
                    self.report(&format!("{header_pointer}/$ref"), reason, fix);
                    continue;
                }
            };
            let hint = format!("{type_prefix}{}Header", pascal_ident(name, "Header"));
            let ty =
                self.type_of_format(&header.format, &format!("{header_pointer}/schema"), &hint);
            let secret = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => self.is_password(schema, 0),
                ParameterSchemaOrContent::Content(_) => false,
            };
            lowered.push(ir::ResponseHeader {
                wire_name: name.clone(),
                rust_name: field_names.claim(snake_ident(name, "header")),
                ty,
                required: header.required,
                secret,
                description: header.description.clone(),
            });
        }
        lowered
    }
}

/// Tells whether two parameters of one location have the same name, which for headers is
/// compared without case, as HTTP does.
fn same_name(first: &ir::Parameter, second: &ir::Parameter) -> bool {
    if first.location == ParameterLocation::Header {
        first.wire_name.eq_ignore_ascii_case(&second.wire_name)
    } else {
        first.wire_name == second.wire_name
    }
}

/// Returns the names between `{` and `}` in a path template, in order.
pub(crate) fn path_placeholders(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        names.push(&rest[start + 1..start + length]);
        rest = &rest[start + length + 1..];
    }
    names
}

/// Returns the part of an operationId that names the method in the service of `tag`: `info`
/// for `auth#info` in the service `auth`. A prefix before the first `#` is left out only when
/// it names that service, so `auth#callback` elsewhere, and `oauth#callback` in `auth`, keep
/// the whole id. So does an id with nothing to name the method after the prefix, such as
/// `auth#`.
fn method_name_of<'a>(operation_id: &'a str, tag: &str) -> &'a str {
    let Some((prefix, method)) = operation_id.split_once('#') else {
        return operation_id;
    };
    let service = snake_ident(prefix, "");
    let names_service = !service.is_empty() && service == snake_ident(tag, "");
    let names_method = !snake_ident(method, "").is_empty();
    if names_service && names_method {
        method
    } else {
        operation_id
    }
}

/// Picks the media type a request body is sent as: JSON first, then form, multipart and text,
/// and otherwise the first one declared, sent as raw bytes. `encoding_of` returns each media
/// type's encoding.
fn preferred_media(
    content: &IndexMap<String, MediaType>,
    encoding_of: impl Fn(&str, &MediaType) -> BodyEncoding,
) -> Option<(&String, &MediaType, BodyEncoding)> {
    let encodings: Vec<BodyEncoding> = content
        .iter()
        .map(|(kind, media)| encoding_of(kind, media))
        .collect();
    let order = [
        BodyEncoding::Json,
        BodyEncoding::Form,
        BodyEncoding::Multipart,
        BodyEncoding::Text,
        BodyEncoding::Binary,
    ];
    let wanted = order
        .into_iter()
        .find(|wanted| encodings.contains(wanted))?;
    let index = encodings.iter().position(|found| *found == wanted)?;
    let (content_type, media) = content.get_index(index)?;
    Some((content_type, media, wanted))
}

/// Returns why a response with `status` to a request with `method` never carries a body
/// (RFC 9110, sections 9.3.2, 15.3.5, 15.3.6 and 15.4.5), or `None` when it may carry one.
fn bodiless_reason(method: &str, status: StatusMatch) -> Option<&'static str> {
    if method.eq_ignore_ascii_case("head") {
        return Some("a response to a HEAD request never carries a body");
    }
    match status {
        StatusMatch::Code(204) => Some("a 204 No Content response never carries a body"),
        StatusMatch::Code(205) => Some("a 205 Reset Content response never carries a body"),
        StatusMatch::Code(304) => Some("a 304 Not Modified response never carries a body"),
        _ => None,
    }
}

/// Picks the media type a response body is read as: the first JSON one, else the first text
/// one when every declared type is `text/*`, else the first other one, read as raw bytes. The
/// server picks among the declared types, and raw bytes can contain any of them, but text can
/// contain only `text/*` bodies.
fn preferred_response_media(
    content: &IndexMap<String, MediaType>,
    encoding_of: impl Fn(&str, &MediaType) -> BodyEncoding,
) -> Option<(&String, &MediaType, BodyEncoding)> {
    let encodings: Vec<BodyEncoding> = content
        .iter()
        .map(|(kind, media)| match encoding_of(kind, media) {
            BodyEncoding::Json => BodyEncoding::Json,
            BodyEncoding::Text => BodyEncoding::Text,
            _ => BodyEncoding::Binary,
        })
        .collect();
    let chosen = if encodings.contains(&BodyEncoding::Json) {
        BodyEncoding::Json
    } else if encodings.contains(&BodyEncoding::Binary) {
        BodyEncoding::Binary
    } else {
        BodyEncoding::Text
    };
    let index = encodings.iter().position(|found| *found == chosen)?;
    let (content_type, media) = content.get_index(index)?;
    Some((content_type, media, chosen))
}

/// Tells whether a media type is a range such as `*/*` or `image/*`, which no body has.
fn is_media_range(media_type: &str) -> bool {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .contains('*')
}

/// Tells whether a media type is a range that matches every kind of body: `*/*` or
/// `application/*`.
fn is_open_range(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "*/*" || essence.eq_ignore_ascii_case("application/*")
}

/// Tells how a body of `media_type` is encoded, from the media type alone.
fn body_encoding(media_type: &str) -> BodyEncoding {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" || essence == "multipart/mixed" {
        BodyEncoding::Multipart
    } else if essence.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// Tells whether a media type carries JSON: `application/json`, `*/*+json` and parameters.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
        || essence == "*/*"
}

/// Returns the pointer of the `name` of the parameter at `pointer`, or of its `$ref`.
fn name_pointer(parameter: &ReferenceOr<Parameter>, pointer: &str) -> String {
    match parameter {
        ReferenceOr::Item(_) => format!("{pointer}/name"),
        ReferenceOr::Reference { .. } => format!("{pointer}/$ref"),
    }
}

/// Tells whether a header named `name`, in any case, is one that the HTTP client sets. These are
/// the framing and connection headers of RFC 9112 and RFC 9110, such as `Content-Length`,
/// `Transfer-Encoding`, `Host` and `Connection`. `Cookie` is one too, because the SDK builds it
/// from cookie parameters and credentials.
pub(super) fn is_client_set_header(name: &str) -> bool {
    [
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
        "cookie",
    ]
    .iter()
    .any(|header| name.eq_ignore_ascii_case(header))
}

/// Tells whether a header parameter named `name` is one that OpenAPI 3.0.3 requires tools to
/// ignore: `Accept`, `Content-Type` or `Authorization`, in any case.
fn is_ignored_header(name: &str) -> bool {
    ["accept", "content-type", "authorization"]
        .iter()
        .any(|ignored| name.eq_ignore_ascii_case(ignored))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use indexmap::IndexMap;
    use openapiv3::MediaType;

    use super::preferred_response_media;
    use crate::ir::{BodyEncoding, TypeRef};
    use crate::load::parse_spec;
    use crate::{Settings, ir};

    /// Returns the media type and encoding that a response declaring `media_types` is read as.
    fn preferred(media_types: &[&str]) -> Option<(String, BodyEncoding)> {
        let content: IndexMap<String, MediaType> = media_types
            .iter()
            .map(|name| ((*name).to_owned(), MediaType::default()))
            .collect();
        preferred_response_media(&content, |kind, _| super::body_encoding(kind))
            .map(|(content_type, _, encoding)| (content_type.clone(), encoding))
    }

    #[test]
    fn response_media_types_pick_encoding() {
        let cases: &[(&[&str], &str, BodyEncoding)] = &[
            (
                &["application/json"],
                "application/json",
                BodyEncoding::Json,
            ),
            (
                &["application/problem+json"],
                "application/problem+json",
                BodyEncoding::Json,
            ),
            (&["text/plain"], "text/plain", BodyEncoding::Text),
            (
                &["text/csv; charset=utf-8"],
                "text/csv; charset=utf-8",
                BodyEncoding::Text,
            ),
            (&["TEXT/HTML"], "TEXT/HTML", BodyEncoding::Text),
            (
                &["application/octet-stream"],
                "application/octet-stream",
                BodyEncoding::Binary,
            ),
            (&["image/png"], "image/png", BodyEncoding::Binary),
            (
                &["application/xml"],
                "application/xml",
                BodyEncoding::Binary,
            ),
            (
                &["multipart/form-data"],
                "multipart/form-data",
                BodyEncoding::Binary,
            ),
            (
                &["application/x-www-form-urlencoded"],
                "application/x-www-form-urlencoded",
                BodyEncoding::Binary,
            ),
            (
                &["application/octet-stream", "application/json"],
                "application/json",
                BodyEncoding::Json,
            ),
            (
                &["text/plain", "text/html"],
                "text/plain",
                BodyEncoding::Text,
            ),
            (
                &["text/plain", "image/png"],
                "image/png",
                BodyEncoding::Binary,
            ),
        ];
        for (declared, content_type, encoding) in cases {
            let expected = Some(((*content_type).to_owned(), *encoding));
            assert_eq!(preferred(declared), expected, "{declared:?}");
        }
        assert_eq!(preferred(&[]), None);
    }

    /// Resolves a spec whose operations are `operations`, each an operationId and a tag, all
    /// `GET`s of paths of their own, and returns each operation's method name and type prefix.
    fn names_of(operations: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n",
        );
        for (index, (id, tag)) in operations.iter().enumerate() {
            text.push_str(&format!(
                "  /op{index}:\n    get:\n      operationId: '{id}'\n      tags: ['{tag}']\n      \
                 responses: {{'204': {{description: Done.}}}}\n"
            ));
        }
        let document = parse_spec(&text, Path::new("test.yaml")).expect("the spec parses");
        let settings = Settings::from_title("T").expect("a title with letters");
        let api = super::super::resolve_api(&document, &settings).expect("the spec resolves");
        api.services
            .iter()
            .flat_map(|service| &service.operations)
            .map(|operation| (operation.method_name.clone(), operation.type_prefix.clone()))
            .collect()
    }

    /// Returns `pairs` as owned strings, to compare with [`names_of`].
    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(method, prefix)| ((*method).to_owned(), (*prefix).to_owned()))
            .collect()
    }

    #[test]
    fn service_name_prefix_keeps_type_names() {
        // `users#` names the method `users`, as the handle `Users` is named. No type of the
        // operation takes that name, because they are `UsersRequest`, `UsersResponse` and
        // `UsersSecurity`.
        let names = names_of(&[("users#", "users")]);
        assert_eq!(names, owned(&[("users", "Users")]));
    }

    #[test]
    fn type_names_avoid_handle_name() {
        // The handle of the service `users request` is `UsersRequest`, which the request type
        // of a method `users` would also be.
        let names = names_of(&[
            ("users", "users request"),
            ("usersRequest", "users request"),
        ]);
        assert_eq!(
            names,
            owned(&[("users", "Users2"), ("users_request", "UsersRequest")])
        );
    }

    #[test]
    fn constructor_name_is_numbered() {
        let names = names_of(&[("users#new", "users"), ("users#new2", "users")]);
        assert_eq!(names, owned(&[("new2", "New2"), ("new2_2", "New22")]));
    }

    #[test]
    fn content_parameter_is_warned() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      parameters:\n        - name: filter\n          \
             in: query\n          content:\n            application/json:\n              \
             schema: {type: object}\n      responses:\n        '204': {description: Done.}\n";
        let api = resolve_text(text);

        let parameter = &api.services[0].operations[0].parameters[0];
        assert_eq!(parameter.ty, TypeRef::String);
        assert_eq!(
            warning_pointers(&api),
            ["#/paths/~1a/get/parameters/0/content/application~1json"]
        );
    }

    #[test]
    fn alias_success_bodies_share_a_type() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n        '200':\n          \
             description: a\n          content:\n            application/json:\n              \
             schema: {$ref: '#/components/schemas/Pet'}\n        '201':\n          \
             description: b\n          content:\n            application/json:\n              \
             schema: {$ref: '#/components/schemas/PetAlias'}\n\
             components:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        \
             name: {type: string}\n    PetAlias: {$ref: '#/components/schemas/Pet'}\n";
        let api = resolve_text(text);

        let operation = &api.services[0].operations[0];
        let shape = crate::ir::operation::response_shape(operation);
        let body = shape.body.expect("a body");
        assert_eq!(body.ty, &TypeRef::Model("Pet".to_owned()));
        assert!(!body.mixed);
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    }

    #[test]
    fn different_success_bodies_are_warned() {
        let api = resolve_responses(
            "'200':\n  description: a\n  content:\n    application/json:\n      \
             schema: {type: string}\n\
             '201':\n  description: b\n  content:\n    application/json:\n      \
             schema: {type: integer}\n\
             '204':\n  description: none\n",
        );
        let warnings: Vec<(&str, &str)> = api
            .warnings
            .iter()
            .map(|warning| (warning.pointer.as_str(), warning.reason.as_str()))
            .collect();
        assert_eq!(
            warnings,
            [(
                "#/paths/~1a/get/responses",
                "the success responses 200, 201 declare different bodies, so the response's \
                 `body` is an untyped `serde_json::Value`"
            )]
        );
    }

    /// Resolves a spec with one operation whose `responses` is `responses`, a YAML map.
    fn resolve_responses(responses: &str) -> ir::Api {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n",
        );
        for line in responses.lines() {
            text.push_str("        ");
            text.push_str(line);
            text.push('\n');
        }
        resolve_text(&text)
    }

    /// Header names ignore case, so a response header that repeats an earlier one in another
    /// case would be a second field reading the same header.
    #[test]
    fn header_repeated_in_other_case_dropped() {
        let api = resolve_responses(
            "'200':\n  description: ok\n  headers:\n    X-Rate: {schema: {type: integer}}\n    \
             x-rate: {schema: {type: string}}",
        );
        let response = &api.services[0].operations[0].responses[0];
        let names: Vec<&str> = response
            .headers
            .iter()
            .map(|header| header.wire_name.as_str())
            .collect();
        assert_eq!(names, ["X-Rate"]);
        assert_eq!(
            warning_pointers(&api),
            ["#/paths/~1a/get/responses/200/headers/x-rate"]
        );
        assert!(
            api.warnings[0].reason.contains("\"X-Rate\""),
            "{}",
            api.warnings[0].reason
        );
    }

    /// Resolves the spec `text`, whose title is `T`.
    fn resolve_text(text: &str) -> ir::Api {
        let document = parse_spec(text, Path::new("test.yaml")).expect("the spec parses");
        let settings = Settings::from_title("T").expect("a title with letters");
        super::super::resolve_api(&document, &settings).expect("the spec resolves")
    }

    /// Returns the pointers of the warnings of `api`, in order.
    fn warning_pointers(api: &ir::Api) -> Vec<&str> {
        api.warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect()
    }

    #[test]
    fn repeated_placeholder_is_warned() {
        let api = resolve_text(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  /a/{id}/{id}:\n    \
             parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    \
             get:\n      responses: {'204': {description: none}}\n    \
             delete:\n      responses: {'204': {description: none}}\n",
        );
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        let expected = "#/paths/~1a~1{id}~1{id}: path template \"/a/{id}/{id}\" has the \
                        placeholder {id} more than once, so the SDK sends the value of path \
                        parameter \"id\" in each place";
        assert!(
            warnings.iter().any(|warning| warning.contains(expected)),
            "{expected} is missing from:\n{warnings:#?}"
        );
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
    }

    #[test]
    fn query_or_fragment_in_path_is_warned() {
        let api = resolve_text(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  \
             /search?q={id}:\n    \
             get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      \
             responses: {'204': {description: none}}\n  \
             /frag#{id}:\n    \
             get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      \
             responses: {'204': {description: none}}\n  \
             /plain/{id}:\n    \
             get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      \
             responses: {'204': {description: none}}\n",
        );
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        for expected in [
            "#/paths/~1search?q={id}: path template \"/search?q={id}\" contains `?`, but an \
             OpenAPI path has no query string",
            "#/paths/~1frag#{id}: path template \"/frag#{id}\" contains `#`, but an OpenAPI \
             path has no fragment",
        ] {
            assert!(
                warnings.iter().any(|warning| warning.contains(expected)),
                "{expected} is missing from:\n{warnings:#?}"
            );
        }
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
    }

    #[test]
    fn dot_segment_in_path_is_warned() {
        let api = resolve_text(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  \
             /a/../b:\n    get:\n      responses: {'204': {description: none}}\n  \
             /c/%2E/d:\n    get:\n      responses: {'204': {description: none}}\n  \
             /e/x..y/.f:\n    get:\n      responses: {'204': {description: none}}\n",
        );
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        for expected in [
            "#/paths/~1a~1..~1b: path template \"/a/../b\" has the segment \"..\"",
            "#/paths/~1c~1%2E~1d: path template \"/c/%2E/d\" has the segment \"%2E\"",
        ] {
            assert!(
                warnings.iter().any(|warning| warning.contains(expected)),
                "{expected} is missing from:\n{warnings:#?}"
            );
        }
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
    }

    #[test]
    fn covered_range_is_warned() {
        let mut responses: String = (400..500)
            .map(|code| format!("'{code}': {{description: e}}\n"))
            .collect();
        responses.push_str(
            "'4XX': {description: e, content: {application/json: {schema: {type: object}}}}\n",
        );
        responses.push_str("'5XX': {description: e}\n");
        let api = resolve_responses(&responses);
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        let expected = "#/paths/~1a/get/responses/4XX: every status from 400 to 499 has a \
                        response of its own";
        assert!(
            warnings.iter().any(|warning| warning.contains(expected)),
            "{expected} is missing from:\n{warnings:#?}"
        );
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        let operation = &api.services[0].operations[0];
        let ranges: Vec<ir::StatusMatch> = operation
            .responses
            .iter()
            .map(|response| response.status)
            .filter(|status| matches!(status, ir::StatusMatch::Range(_)))
            .collect();
        assert_eq!(ranges, [ir::StatusMatch::Range(5)]);
    }

    #[test]
    fn empty_responses_are_warned() {
        let api = resolve_responses("{}");
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        let expected = "#/paths/~1a/get/responses: the operation declares no response, so \
                        every call ends in `Error::UnexpectedStatus`";
        assert!(
            warnings.iter().any(|warning| warning.contains(expected)),
            "{expected} is missing from:\n{warnings:#?}"
        );
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
    }

    /// Resolves `responses` and returns the `body` field of the operation's response type as
    /// its type and whether it is an `Option`.
    fn body_field(api: &ir::Api) -> (TypeRef, bool) {
        let operation = &api.services[0].operations[0];
        let shape = crate::ir::operation::response_shape(operation);
        let body = shape.body.expect("a body field");
        (body.ty.clone(), body.optional)
    }

    #[test]
    fn nullable_response_body_is_optional() {
        let item = TypeRef::Model("Item".to_owned());
        let components = "components:\n  schemas:\n    Item:\n      type: object\n      \
             properties: {id: {type: integer}}\n    MaybeItem:\n      type: object\n      \
             nullable: true\n      properties: {id: {type: integer}}\n";
        let schemas = [
            (
                "{nullable: true, allOf: [{$ref: '#/components/schemas/Item'}]}",
                item.clone(),
            ),
            (
                "{$ref: '#/components/schemas/MaybeItem'}",
                TypeRef::Model("MaybeItem".to_owned()),
            ),
            (
                "{type: object, nullable: true, properties: {id: {type: integer}}}",
                TypeRef::Model("GetAResponseBody".to_owned()),
            ),
        ];
        for (schema, expected) in schemas {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n\
                 servers: [{{url: 'https://api.example.com'}}]\npaths:\n  /a:\n    get:\n      \
                 operationId: getA\n      responses:\n        '200':\n          \
                 description: a\n          content:\n            application/json:\n              \
                 schema: {schema}\n{components}"
            );
            let api = resolve_text(&text);
            assert_eq!(body_field(&api), (expected, true), "{schema}");
        }
    }

    #[test]
    fn plain_response_body_is_required() {
        let api = resolve_responses(
            "'200':\n  description: a\n  content:\n    application/json:\n      \
             schema: {type: object, properties: {id: {type: integer}}}\n",
        );
        assert!(!body_field(&api).1);
    }

    #[test]
    fn success_range_body_is_optional() {
        // `2XX` covers 204 and 205, and `3XX` covers 304, which never carry a body.
        for range in ["2XX", "3XX"] {
            let api = resolve_responses(&format!(
                "'{range}':\n  description: a\n  content:\n    application/json:\n      \
                 schema: {{type: integer}}\n"
            ));
            assert_eq!(body_field(&api), (TypeRef::I64, true), "{range}");
        }
        let api = resolve_responses(
            "default:\n  description: a\n  content:\n    application/json:\n      \
             schema: {type: integer}\n",
        );
        assert_eq!(body_field(&api), (TypeRef::I64, true), "default");
    }

    #[test]
    fn nullable_json_request_body_is_nullable() {
        let item = TypeRef::Model("Item".to_owned());
        let cases = [
            (
                "application/json",
                TypeRef::Nullable(Box::new(item.clone())),
            ),
            ("application/x-www-form-urlencoded", item),
        ];
        for (media_type, expected) in cases {
            let text = format!(
                "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n\
                 servers: [{{url: 'https://api.example.com'}}]\npaths:\n  /a:\n    post:\n      \
                 operationId: postA\n      requestBody:\n        required: true\n        \
                 content:\n          {media_type}:\n            \
                 schema: {{nullable: true, allOf: [{{$ref: '#/components/schemas/Item'}}]}}\n      \
                 responses:\n        '204': {{description: done}}\n\
                 components:\n  schemas:\n    Item:\n      type: object\n      \
                 properties: {{id: {{type: integer}}}}\n"
            );
            let api = resolve_text(&text);
            let body = api.services[0].operations[0].request_body.as_ref();
            assert_eq!(body.expect("a request body").ty, expected, "{media_type}");
        }
    }

    #[test]
    fn nullable_error_body_shares_its_variant() {
        let api = resolve_text(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      responses:\n        '204': {description: done}\n        \
             '400':\n          description: a\n          content:\n            \
             application/json:\n              schema: {$ref: '#/components/schemas/Problem'}\n        \
             '409':\n          description: b\n          content:\n            \
             application/json:\n              \
             schema: {nullable: true, allOf: [{$ref: '#/components/schemas/Problem'}]}\n\
             components:\n  schemas:\n    Problem:\n      type: object\n      \
             properties: {detail: {type: string}}\n",
        );
        let variants: Vec<(&str, &TypeRef)> = api
            .error_bodies
            .iter()
            .map(|variant| (variant.rust_name.as_str(), &variant.ty))
            .collect();
        assert_eq!(
            variants,
            [("Problem", &TypeRef::Model("Problem".to_owned()))]
        );
    }

    #[test]
    fn declared_bodiless_codes_leave_the_range() {
        let api = resolve_responses(
            "'2XX':\n  description: a\n  content:\n    application/json:\n      \
             schema: {type: integer}\n\
             '204':\n  description: b\n",
        );
        let shape = crate::ir::operation::response_shape(&api.services[0].operations[0]);
        let codes: Vec<u16> = shape.bodiless_codes.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, [205]);

        let api = resolve_responses(
            "'2XX':\n  description: a\n  content:\n    application/json:\n      \
             schema: {type: integer}\n\
             '204':\n  description: b\n\
             '205':\n  description: c\n",
        );
        let shape = crate::ir::operation::response_shape(&api.services[0].operations[0]);
        assert!(shape.bodiless_codes.is_empty());
    }

    #[test]
    fn error_range_keeps_body_required() {
        let api = resolve_responses(
            "'4XX':\n  description: a\n  content:\n    application/json:\n      \
             schema: {type: integer}\n\
             '200':\n  description: b\n  content:\n    application/json:\n      \
             schema: {type: integer}\n",
        );
        assert_eq!(body_field(&api), (TypeRef::I64, false));
    }

    #[test]
    fn response_bodies_keep_their_media_type() {
        let api = resolve_responses(
            "'200':\n  description: bytes\n  content:\n    application/octet-stream:\n      \
             schema: {type: string, format: binary}\n\
             '201':\n  description: text\n  content:\n    text/plain:\n      \
             schema: {type: integer}\n\
             '404':\n  description: text error\n  content:\n    text/plain:\n      \
             schema: {type: string}\n",
        );
        let responses = &api.services[0].operations[0].responses;
        let body = |index: usize| responses[index].body.as_ref().expect("a body");
        assert_eq!(body(0).encoding, BodyEncoding::Binary);
        assert_eq!(body(0).ty, TypeRef::ResponseBytes);
        assert_eq!(body(1).encoding, BodyEncoding::Text);
        assert_eq!(body(1).ty, TypeRef::String);
        assert_eq!(body(2).content_type, "text/plain");
        assert!(responses[2].json_body().is_none());
        assert!(api.error_bodies.is_empty(), "{:?}", api.error_bodies);
        // The bytes of 200 and the text of 201 differ, which is all it warns about.
        assert_eq!(warning_pointers(&api), ["#/paths/~1a/get/responses"]);
    }
}
