//! Parameter styles in emitted code: the runtime query style of a parameter, the encoding of a
//! path parameter, and the example of the wire format that a request field's doc shows.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Api, ModelKind, Parameter, ParameterLocation, ParameterStyle, TypeRef};
use crate::markdown::code_span;

/// Tells whether values of `ty` are written the same way in every parameter style.
pub(super) fn is_scalar(ty: &TypeRef) -> bool {
    matches!(
        ty,
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
            | TypeRef::Uuid
            | TypeRef::Base64
    )
}

/// Returns the variant of the runtime's `QueryStyle` for a query parameter's style.
pub(super) fn query_style(style: ParameterStyle) -> Ident {
    let name = match style {
        // Only path parameters have the label and matrix styles.
        ParameterStyle::Simple
        | ParameterStyle::Form
        | ParameterStyle::Label
        | ParameterStyle::Matrix => "Form",
        ParameterStyle::SpaceDelimited => "SpaceDelimited",
        ParameterStyle::PipeDelimited => "PipeDelimited",
        ParameterStyle::DeepObject => "DeepObject",
    };
    ident(name)
}

/// Returns the statement that encodes one path parameter in its style and fills it into the
/// call's path.
pub(super) fn path_segment(parameter: &Parameter, name: &str, value: &TokenStream) -> TokenStream {
    let style = match parameter.style {
        ParameterStyle::Label => quote!(crate::path_styles::PathStyle::Label),
        ParameterStyle::Matrix => quote!(crate::path_styles::PathStyle::Matrix),
        _ => quote!(crate::path_styles::PathStyle::Simple),
    };
    let explode = parameter.explode;
    let encode = quote!(crate::path_styles::encode_styled_path_segment);
    let placeholder = format!("{{{name}}}");
    quote! {
        call.path_segment(#placeholder, #encode(#name, #value, #style, #explode));
    }
}

/// Describes how an array, map, deepObject, label or matrix parameter is written, as
/// `, as {example}`, and the same for an array or object cookie. For a header array or a cookie
/// the text also describes how a delimiter inside an item is encoded. The text is empty for the
/// other parameters.
pub(super) fn style_text(api: &Api, parameter: &Parameter) -> String {
    let wire = &parameter.wire_name;
    let array = matches!(parameter.ty, TypeRef::Array(_));
    let object = match &parameter.ty {
        TypeRef::Map(_) => true,
        // A struct is written by property, as a map is, in the path styles and in cookies.
        TypeRef::Model(name)
            if matches!(
                parameter.location,
                ParameterLocation::Path | ParameterLocation::Cookie
            ) =>
        {
            api.models.iter().any(|model| {
                &model.rust_name == name && matches!(model.kind, ModelKind::Struct { .. })
            })
        }
        _ => false,
    };
    let example = match (parameter.location, parameter.style, parameter.explode) {
        (ParameterLocation::Query, ParameterStyle::DeepObject, _) => {
            format!("{wire}[key]=value")
        }
        (ParameterLocation::Query, _, true) if array => format!("{wire}=a&{wire}=b"),
        (ParameterLocation::Query, _, true) if object => "key=value&other=value".to_owned(),
        (ParameterLocation::Query, ParameterStyle::SpaceDelimited, false) if array => {
            format!("{wire}=a%20b")
        }
        (ParameterLocation::Query, ParameterStyle::PipeDelimited, false) if array => {
            format!("{wire}=a|b")
        }
        (ParameterLocation::Query, _, false) if array => format!("{wire}=a,b"),
        (ParameterLocation::Header, _, _) if array => {
            return ", as `a,b`, with `,` and `%` in an item percent-encoded".to_owned();
        }
        (ParameterLocation::Cookie, _, explode) if array || object => {
            return cookie_style_text(wire, array, explode);
        }
        (ParameterLocation::Path, ParameterStyle::Simple, explode) => {
            let text = match (array, object, explode) {
                (true, _, _) => "a,b",
                (_, true, false) => "key,value",
                (_, true, true) => "key=value",
                _ => return String::new(),
            };
            text.to_owned()
        }
        (ParameterLocation::Path, ParameterStyle::Label, explode) => {
            let text = match (array, object, explode) {
                (true, _, false) => ".a,b",
                (true, _, true) => ".a.b",
                (_, true, false) => ".key,value",
                (_, true, true) => ".key=value",
                _ => ".value",
            };
            text.to_owned()
        }
        (ParameterLocation::Path, ParameterStyle::Matrix, explode) => {
            match (array, object, explode) {
                (true, _, false) => format!(";{wire}=a,b"),
                (true, _, true) => format!(";{wire}=a;{wire}=b"),
                (_, true, false) => format!(";{wire}=key,value"),
                (_, true, true) => ";key=value".to_owned(),
                _ => format!(";{wire}=value"),
            }
        }
        _ => return String::new(),
    };
    if parameter.location == ParameterLocation::Query
        && array
        && has_structured_items(api, parameter)
    {
        return format!(
            ", as {}, where an item that is itself an array or object goes as its JSON text",
            code_span(&example)
        );
    }
    format!(", as {}", code_span(&example))
}

/// Describes how an array or object cookie is written in the `form` style, the only style of
/// cookies.
fn cookie_style_text(wire: &str, array: bool, explode: bool) -> String {
    let example = match (array, explode) {
        (true, false) => code_span(&format!("{wire}=a,b")),
        (true, true) => format!(
            "{}, one cookie although exploded",
            code_span(&format!("{wire}=a,b"))
        ),
        (false, false) => code_span(&format!("{wire}=key,value")),
        (false, true) => format!(
            "`key=value; other=value`, a cookie per property and none named {}",
            code_span(wire)
        ),
    };
    format!(
        ", as {example}, with `,`, `;`, `%`, `\"`, `\\`, space, control and non-ASCII bytes \
         in each item, key or value percent-encoded"
    )
}

/// Tells whether the items of an array parameter are arrays, maps, free-form values or
/// structs, which the runtime writes as JSON text.
fn has_structured_items(api: &Api, parameter: &Parameter) -> bool {
    let TypeRef::Array(item) = &parameter.ty else {
        return false;
    };
    match item.as_ref() {
        TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Any => true,
        TypeRef::Model(name) => api.models.iter().any(|model| {
            &model.rust_name == name && matches!(model.kind, ModelKind::Struct { .. })
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {

    use crate::Options;

    #[test]
    fn nested_query_items_are_described_as_json() {
        let spec = r#"
openapi: 3.0.3
info: {title: Probe, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /grid:
    get:
      operationId: grid
      parameters:
        - {name: rows, in: query, schema: {type: array, items: {type: array, items: {type: string}}}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "204": {description: Done.}
"#;
        let options = Options::for_test("probe.yaml");
        let sdk = crate::generate_from_text(spec, &options).expect("the spec generates");
        let file = sdk
            .files
            .iter()
            .find(|file| file.path == "src/default_service.rs")
            .expect("the service file");

        let nested = "as `rows=a&rows=b`, where an item that is itself an array or object goes \
                      as its JSON text";
        assert!(file.contents.contains(nested), "{}", file.contents);
        assert!(
            file.contents.contains("as `tags=a&tags=b`."),
            "{}",
            file.contents
        );
    }
}
