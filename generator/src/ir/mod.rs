//! The intermediate representation: the spec resolved into what the emitters and the docs need.
//!
//! Every `$ref` is followed, every name is already a valid Rust identifier, and every list is in
//! spec order, so the emitters only translate and never look anything up in the spec again.
//! The types derive `Serialize` because the Markdown templates read them directly.

use serde::Serialize;

// The resolver rejects a longer chain of type aliases, so a walk along aliases that goes
// further has met a cycle.
pub(crate) use crate::resolve::aliases::MAX_ALIAS_CHAIN;

pub mod operation;

/// The whole SDK: one client, its services, models and security schemes.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// `info.description` of the spec.
    pub description: Option<String>,
    /// Name of the client type, such as `Gram`.
    pub sdk_name: String,
    /// Name of the generated Cargo package, such as `gram-sdk`.
    pub crate_name: String,
    /// Name of the library as written in `use` paths, such as `gram_sdk`.
    pub crate_ident: String,
    /// Prefix of the environment variables that supply credentials, such as `GRAM`.
    pub env_prefix: String,
    /// Base URL used when the caller sets none.
    pub default_server_url: String,
    /// Response statuses that the SDK retries by default.
    pub retry_statuses: Vec<u16>,
    /// The spec's `servers`, in order.
    pub servers: Vec<Server>,
    /// Every server variable of the spec's servers and the operations' own servers, each name
    /// once, with the builder setter that fills it.
    pub server_variables: Vec<ServerVariableSetter>,
    /// A model per component schema, in spec order.
    pub models: Vec<Model>,
    /// A service per tag, in the order of the spec's `tags` list and then of first use.
    pub services: Vec<Service>,
    /// The spec's `components.securitySchemes`, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The spec's top-level `security`: alternatives, each a set of schemes sent together.
    pub security: Vec<SecurityRequirement>,
    /// A variant of the SDK's `ErrorBody` enum per distinct JSON body type of the error
    /// responses, in order of first use.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// Problems in the spec that the generator worked around, each naming the spec file and its
    /// JSON pointer.
    #[serde(skip)]
    pub warnings: Vec<crate::SpecError>,
}

impl Api {
    /// Tells whether a field, alias, union member, parameter, body or response header of the
    /// API has a type that is or contains `leaf`.
    pub fn uses(&self, leaf: &TypeRef) -> bool {
        let in_models = self.models.iter().any(|model| match &model.kind {
            ModelKind::Struct { fields } => fields.iter().any(|field| field.ty.contains(leaf)),
            ModelKind::Alias { ty } => ty.contains(leaf),
            ModelKind::OneOf { variants, .. } => {
                variants.iter().any(|variant| variant.ty.contains(leaf))
            }
            ModelKind::Enum { .. } | ModelKind::IntegerEnum { .. } => false,
        });
        let operations = self.services.iter().flat_map(|service| &service.operations);
        in_models
            || operations.into_iter().any(|operation| {
                let parameters = operation.parameters.iter().map(|parameter| &parameter.ty);
                let body = operation.request_body.iter().map(|body| &body.ty);
                let responses = operation.responses.iter().flat_map(|response| {
                    let bodies = response.body.iter().map(|body| &body.ty);
                    bodies.chain(response.headers.iter().map(|header| &header.ty))
                });
                parameters
                    .chain(body)
                    .chain(responses)
                    .any(|ty| ty.contains(leaf))
            })
    }
}

/// An entry of a `servers` list: the spec's, a path item's or an operation's.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// The URL with each variable replaced by its default.
    pub url: String,
    /// The URL as the spec writes it, with `{variable}` placeholders.
    pub template: String,
    pub description: Option<String>,
    /// The variables the spec declares for the URL, in spec order.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL.
#[derive(Debug, Clone, Serialize)]
pub struct ServerVariable {
    /// Name of the variable, as in its `{name}` placeholder.
    pub name: String,
    /// Value used when the caller sets none.
    pub default: String,
    /// The values the spec's `enum` allows; empty when any value is allowed.
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// A server variable as the client builder sets it.
#[derive(Debug, Clone, Serialize)]
pub struct ServerVariableSetter {
    /// Name of the variable in the spec.
    pub name: String,
    /// Name of the builder method that sets it.
    pub setter: String,
    /// The enum type of its values, when the first server that declares it lists an `enum`.
    pub enum_type: Option<String>,
    /// Variants of `enum_type`, in spec order.
    pub variants: Vec<EnumVariant>,
    pub description: Option<String>,
}

/// A component schema turned into a Rust type.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Key of the schema under `components.schemas`.
    pub name: String,
    /// Name of the Rust type.
    pub rust_name: String,
    /// File name of the model's Markdown page, without the folder.
    pub doc_file: String,
    pub description: Option<String>,
    /// The spec's sample value: the schema's `example`.
    pub example: Option<serde_json::Value>,
    /// The schema's `default`, the value the server assumes when the property is absent.
    pub default: Option<serde_json::Value>,
    /// JSON pointer of the schema, for error messages and docs.
    pub pointer: String,
    pub kind: ModelKind,
}

/// The shape of a model's Rust type.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ModelKind {
    /// An object schema: a struct with a field per property.
    Struct { fields: Vec<Field> },
    /// A string schema with `enum` values: a fieldless enum.
    Enum { variants: Vec<EnumVariant> },
    /// An integer schema with `enum` values: an enum with a variant per value.
    IntegerEnum {
        variants: Vec<IntegerVariant>,
        /// Rust type of the values: `TypeRef::I64`, or `TypeRef::U64` when a value is above
        /// `i64::MAX`.
        value_type: TypeRef,
    },
    /// Any other schema: a type alias.
    Alias { ty: TypeRef },
    /// A `oneOf` or `anyOf`: an enum with a variant per member, and an `Unknown` variant for a
    /// value that matches none.
    OneOf {
        variants: Vec<UnionVariant>,
        /// The discriminator property, when the spec names one and every member is a `$ref`.
        discriminator: Option<String>,
    },
}

/// A member of a `oneOf` or `anyOf`.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// Name of the Rust variant.
    pub rust_name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this member, from `mapping` or the schema's key.
    pub tags: Vec<String>,
    /// Whether the variant contains a `Box`, because it closes a cycle of models.
    pub boxed: bool,
    /// Whether the member is a secret, `format: password`, alone or as the items or map values
    /// of the member, so that the enum's `Debug` shows it redacted.
    pub secret: bool,
}

/// The keys of the objects that a member of a `oneOf` or `anyOf` reads, as far as its type
/// declares them.
#[derive(Debug, PartialEq, Eq)]
pub enum MemberKeys<'a> {
    /// A struct that declares the properties `keys` and requires `required`, and skips any
    /// other key.
    Closed {
        keys: Vec<&'a str>,
        required: Vec<&'a str>,
    },
    /// A struct with `additionalProperties`, a map or any JSON value: it keeps every key.
    Open { required: Vec<&'a str> },
    /// Another `oneOf` or `anyOf`, with the keys of each of its members that read objects.
    /// The members of a union nested in it are listed in its place, so no entry is a `Union`
    /// or `Other`.
    Union(Vec<MemberKeys<'a>>),
    /// A primitive, an array or an enum, which reads no object.
    Other,
}

impl MemberKeys<'_> {
    /// Tells whether the member may read a JSON object.
    pub fn reads_objects(&self) -> bool {
        !matches!(self, MemberKeys::Other)
    }

    /// Tells whether the member reads an object and requires none of its properties, or is a
    /// union with such a member.
    pub fn requires_nothing(&self) -> bool {
        match self {
            MemberKeys::Closed { required, .. } | MemberKeys::Open { required } => {
                required.is_empty()
            }
            MemberKeys::Union(members) => members.iter().any(MemberKeys::requires_nothing),
            MemberKeys::Other => false,
        }
    }
}

/// Returns the keys of the objects that a union member of type `ty` reads, following aliases
/// and nested unions among `models`.
pub fn member_keys<'a>(models: &'a [Model], ty: &TypeRef) -> MemberKeys<'a> {
    member_keys_within(models, ty, &mut Vec::new(), 0)
}

/// As [`member_keys`], with `unions` the names of the unions already expanded, which a cycle
/// of unions or a union reached twice adds nothing to, and `depth` the aliases followed.
fn member_keys_within<'a>(
    models: &'a [Model],
    ty: &TypeRef,
    unions: &mut Vec<&'a str>,
    depth: usize,
) -> MemberKeys<'a> {
    let name = match ty {
        TypeRef::Map(_) | TypeRef::Any => {
            return MemberKeys::Open {
                required: Vec::new(),
            };
        }
        TypeRef::Model(name) => name,
        _ => return MemberKeys::Other,
    };
    let Some(model) = models.iter().find(|model| &model.rust_name == name) else {
        return MemberKeys::Other;
    };
    match &model.kind {
        ModelKind::Struct { fields } => struct_keys(fields),
        ModelKind::OneOf { variants, .. } => {
            if unions.contains(&model.rust_name.as_str()) {
                return MemberKeys::Union(Vec::new());
            }
            unions.push(&model.rust_name);
            let mut members = Vec::new();
            for variant in variants {
                match member_keys_within(models, &variant.ty, unions, depth) {
                    MemberKeys::Union(nested) => members.extend(nested),
                    MemberKeys::Other => {}
                    keys => members.push(keys),
                }
            }
            MemberKeys::Union(members)
        }
        // A cycle of aliases stops at the longest chain that the resolver accepts.
        ModelKind::Alias { ty } if depth <= MAX_ALIAS_CHAIN => {
            member_keys_within(models, ty, unions, depth + 1)
        }
        _ => MemberKeys::Other,
    }
}

fn struct_keys(fields: &[Field]) -> MemberKeys<'_> {
    let named = fields.iter().filter(|field| !field.additional);
    let required = named
        .clone()
        .filter(|field| field.key_required())
        .map(|field| field.wire_name.as_str())
        .collect();
    if fields.iter().any(|field| field.additional) {
        return MemberKeys::Open { required };
    }
    MemberKeys::Closed {
        keys: named.map(|field| field.wire_name.as_str()).collect(),
        required,
    }
}

/// A property of an object schema.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Property name on the wire.
    pub wire_name: String,
    /// Name of the Rust field.
    pub rust_name: String,
    pub ty: TypeRef,
    /// Whether the schema lists the property under `required`.
    pub required: bool,
    /// Whether the property's schema allows `null` (`nullable: true`).
    pub nullable: bool,
    /// Whether the field is a `Box`, because it closes a cycle of models holding each other.
    pub boxed: bool,
    /// Whether the field is a map, flattened into the object, that collects the properties
    /// the schema does not name, as `additionalProperties` allows.
    pub additional: bool,
    /// Whether the value is a secret, `format: password`, alone or as the items or map values
    /// of the field, so that `Debug` shows it redacted.
    pub secret: bool,
    pub description: Option<String>,
    /// The spec's sample value: the schema's `example`.
    pub example: Option<serde_json::Value>,
    /// The schema's `default`, the value the server assumes when the property is absent.
    pub default: Option<serde_json::Value>,
}

impl Field {
    /// Tells whether an object must have the property's key: it is required and not nullable.
    /// A required nullable property that is absent decodes as `None`, as serde reads a missing
    /// `Option`, so a union does not demand its key either.
    pub fn key_required(&self) -> bool {
        self.required && !self.nullable
    }
}

/// A value of a string enum.
#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    /// Value on the wire.
    pub wire_value: String,
    /// Name of the Rust variant.
    pub rust_name: String,
}

/// A value of an integer enum.
#[derive(Debug, Clone, Serialize)]
pub struct IntegerVariant {
    /// Value on the wire, within the range of the enum's value type.
    pub value: i128,
    /// Name of the Rust variant.
    pub rust_name: String,
}

/// The type of a field, parameter, header or body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    /// `format: uint32`.
    U32,
    /// `format: uint64`, or an integer whose bounds fit only an unsigned 64-bit type.
    U64,
    F32,
    F64,
    String,
    /// `format: date-time`: an RFC 3339 timestamp with its offset.
    DateTime,
    /// `format: date`: a calendar date, `YYYY-MM-DD`.
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: bytes, written as standard base64 in JSON and in parameters.
    Base64,
    /// Any JSON value: a schema without a type, or a free-form object.
    Any,
    /// Raw bytes: a request body sent unchanged.
    Bytes,
    /// The bytes of a response body exactly as received: `bytes::Bytes`.
    ResponseBytes,
    /// A file, with its name and media type: a string schema with `format: binary`, sent as a
    /// file part of a multipart body.
    File,
    Array(Box<TypeRef>),
    /// An object whose keys are free and whose values share one schema.
    Map(Box<TypeRef>),
    /// An array item or map value whose schema allows `null` (`nullable: true`).
    Nullable(Box<TypeRef>),
    /// A model, by its Rust name.
    Model(String),
}

impl TypeRef {
    /// Tells whether the type is `leaf` or contains it as an array item or map value.
    pub fn contains(&self, leaf: &TypeRef) -> bool {
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.contains(leaf)
            }
            other => other == leaf,
        }
    }
}

/// A variant of the `ErrorBody` enum: a type that an error response's JSON body decodes into.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorBodyVariant {
    /// Name of the Rust variant.
    pub rust_name: String,
    pub ty: TypeRef,
}

/// A tag of the spec, holding the operations that carry it first.
#[derive(Debug, Clone, Serialize)]
pub struct Service {
    /// The tag's name in the spec.
    pub tag: String,
    pub description: Option<String>,
    /// Name of the Rust module, the cargo feature and the client's accessor method.
    pub module: String,
    /// Name of the service handle type returned by the accessor.
    pub handle: String,
    pub operations: Vec<Operation>,
}

/// An HTTP operation of the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// The spec's `operationId`, when it has one.
    pub operation_id: Option<String>,
    /// HTTP method in upper case.
    pub method: String,
    /// Path template, as written under `paths`.
    pub path: String,
    /// Name of the async method on the service handle.
    pub method_name: String,
    /// The name the method would have, when another method of the service has it, such as
    /// `new` for `new2`: the handle's constructor, or an operation earlier in the spec.
    pub renamed_from: Option<String>,
    /// Prefix of the operation's types: `{prefix}Request`, `{prefix}Response`, `{prefix}Security`.
    pub type_prefix: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// JSON pointer of the operation.
    pub pointer: String,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// Declared responses, in spec order.
    pub responses: Vec<Response>,
    /// The operation's own `security`, when it declares one.
    pub security: Option<Vec<SecurityRequirement>>,
    /// The operation's own `servers`, else its path item's; empty when neither declares any,
    /// so the client's server applies.
    pub servers: Vec<Server>,
}

/// A parameter of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    /// Name on the wire: the query key, header name, path variable or cookie name.
    pub wire_name: String,
    /// Name of the field in the request type.
    pub rust_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// Serialization of an array or object value: the parameter's `style`, or the default of
    /// its location.
    pub style: ParameterStyle,
    /// The parameter's `explode`, or the default of its style: `true` for `form` only.
    pub explode: bool,
    pub description: Option<String>,
    /// The spec's sample value: the parameter's `example`, else the value of the first of its
    /// `examples` that has one, else its schema's `example`.
    pub example: Option<serde_json::Value>,
    /// The `default` of the parameter's schema, the value the server assumes when it is absent.
    pub default: Option<serde_json::Value>,
    /// Whether the value is a secret, `format: password`, so that the request's `Debug` shows
    /// it redacted and a header parameter is sent marked sensitive.
    pub secret: bool,
}

/// The part of the request that carries a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// The serialization `style` of a parameter, as OpenAPI 3.0 defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParameterStyle {
    /// Comma-separated values, the style of path and header parameters.
    Simple,
    /// A path parameter prefixed with `.`, as `.a,b`, or `.a.b` exploded.
    Label,
    /// A path parameter written as `;name=value`, as `;id=a,b`, or `;id=a;id=b` exploded.
    Matrix,
    /// `name=value` pairs, the default of query parameters and cookies.
    Form,
    /// Array items joined by a space, in a query parameter.
    SpaceDelimited,
    /// Array items joined by `|`, in a query parameter.
    PipeDelimited,
    /// `name[property]=value` per property of an object, in a query parameter.
    DeepObject,
}

/// The body of a request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    /// The media type the spec declares, sent as `Content-Type`.
    pub content_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// The spec's sample body: the media type's `example`, else the value of the first of its
    /// `examples` that has one, else the schema's `example`.
    pub example: Option<serde_json::Value>,
    /// The media type of each multipart part whose property the media type's `encoding` map
    /// gives a `contentType`, in spec order.
    pub part_types: Vec<PartType>,
}

/// The declared media type of one part of a multipart body.
#[derive(Debug, Clone, Serialize)]
pub struct PartType {
    /// The property's wire name.
    pub name: String,
    /// The first media type of the property's `contentType`.
    pub content_type: String,
}

/// The encoding of a request or response body on the wire. A response body is `Json`, `Text`
/// or `Binary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// JSON text.
    Json,
    /// `application/x-www-form-urlencoded` pairs, one per property.
    Form,
    /// `multipart/form-data` parts, one per property.
    Multipart,
    /// Text, unchanged: `text/*` media types.
    Text,
    /// Bytes, unchanged: every other media type.
    Binary,
}

/// A declared response of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: StatusMatch,
    pub description: String,
    /// The body, when the response declares a media type.
    pub body: Option<ResponseBody>,
    pub headers: Vec<ResponseHeader>,
}

impl Response {
    /// Returns the body when it is JSON, the only kind that decodes into `ErrorBody`.
    pub fn json_body(&self) -> Option<&ResponseBody> {
        self.body
            .as_ref()
            .filter(|body| body.encoding == BodyEncoding::Json)
    }

    /// Tells whether the response is a success for the caller: any declared status below 400.
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusMatch::Code(code) => code < 400,
            StatusMatch::Range(class) => class < 4,
            StatusMatch::Default => false,
        }
    }
}

/// The statuses a response applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum StatusMatch {
    /// One status, such as `307`.
    Code(u16),
    /// A class such as `4XX`, stored as its first digit.
    Range(u8),
    /// The `default` response.
    Default,
}

/// The body of a response.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseBody {
    /// The declared media type that the SDK reads the body as: the JSON one when the response
    /// declares several.
    pub content_type: String,
    /// The encoding the SDK reads the body as: `Json`, `Text` or `Binary`.
    pub encoding: BodyEncoding,
    /// The body's type: the schema's for JSON, `String` for text and `ResponseBytes` for the
    /// other media types.
    pub ty: TypeRef,
    /// Whether a JSON body's schema allows `null`, as `nullable: true` on the schema, on the
    /// component it refers to or on a member of an annotated `allOf` makes it. The body is then
    /// read as `Option` of `ty`, and `null` gives `None`. Always `false` for text, bytes and an
    /// untyped `ty`, which accepts `null` itself.
    pub nullable: bool,
    /// Whether the body is itself a secret, `format: password`, so that `Debug` shows it
    /// redacted. A model with secret fields redacts them in its own `Debug`.
    pub secret: bool,
    /// Whether the response also declares other media types, so that the request names the
    /// JSON one in its `Accept` header and the server does not pick another.
    pub negotiated: bool,
}

/// A header declared on a response.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseHeader {
    /// Header name as written in the spec.
    pub wire_name: String,
    /// Name of the typed field on the response type.
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// Whether the header's value is a secret, `format: password`, so that `Debug` shows it
    /// redacted.
    pub secret: bool,
    pub description: Option<String>,
}

/// An entry of `components.securitySchemes`.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// Key of the scheme in the spec.
    pub name: String,
    /// Name of the field holding its credential in `Security` and per-operation security types.
    pub rust_name: String,
    /// Environment variable that supplies the credential: `{PREFIX}_{SCHEME_NAME}`.
    pub env_var: String,
    pub description: Option<String>,
    pub kind: SchemeKind,
}

/// The way a scheme's credential travels.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SchemeKind {
    /// `type: apiKey`: the key itself, as a header, query parameter or cookie.
    ApiKey {
        location: ParameterLocation,
        parameter_name: String,
    },
    /// `type: http`: an `Authorization` header with the scheme, lower-cased, and the credential.
    Http {
        scheme: String,
        bearer_format: Option<String>,
    },
    /// `type: oauth2`: an access token, sent as a bearer token. The caller supplies it, or the
    /// SDK fetches it with the client credentials flow when the scheme declares that flow.
    OAuth2 {
        /// Names of the declared flows, as the spec writes them under `flows`.
        flows: Vec<String>,
        /// `flows.clientCredentials.tokenUrl`, when the scheme declares that flow.
        token_url: Option<String>,
    },
    /// `type: openIdConnect`: a caller-supplied token, sent as a bearer token.
    OpenIdConnect,
}

/// One alternative of a `security` list: every scheme in it is sent together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecurityRequirement {
    /// Keys of the schemes, in spec order.
    pub schemes: Vec<String>,
    /// The scopes listed for each scheme, in the order of `schemes`.
    pub scopes: Vec<Vec<String>>,
}
