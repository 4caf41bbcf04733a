//! Parameter styles in emitted code: the runtime query style of a parameter, and the example
//! of the wire format that a request field's doc shows.

use proc_macro2::Ident;

use super::ident;
use crate::ir::{Parameter, ParameterLocation, ParameterStyle, TypeRef};

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
        ParameterStyle::Simple | ParameterStyle::Form => "Form",
        ParameterStyle::SpaceDelimited => "SpaceDelimited",
        ParameterStyle::PipeDelimited => "PipeDelimited",
        ParameterStyle::DeepObject => "DeepObject",
    };
    ident(name)
}

/// Describes how an array, map or deepObject parameter is written, as `, as {example}`. The
/// text is empty for the other parameters.
pub(super) fn style_text(parameter: &Parameter) -> String {
    let wire = &parameter.wire_name;
    let array = matches!(parameter.ty, TypeRef::Array(_));
    let object = matches!(parameter.ty, TypeRef::Map(_));
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
        (ParameterLocation::Header, _, _) if array => "a,b".to_owned(),
        _ => return String::new(),
    };
    format!(", as `{example}`")
}
