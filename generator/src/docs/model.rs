//! Context of a model page: fields or enum values, an example value, and where the model is used.

use serde::Serialize;

use super::examples::Examples;
use super::links;
use super::view::{Linker, Shared, TypeView, User};
use crate::ir;

/// Context of `model.md.jinja`, beside `api`.
#[derive(Debug, Serialize)]
pub struct ModelPage<'a> {
    pub model: ModelView<'a>,
    pub links: ModelLinks,
}

/// Links from a model page.
#[derive(Debug, Serialize)]
pub struct ModelLinks {
    pub readme: String,
}

/// A model with what its page shows.
#[derive(Debug, Serialize)]
pub struct ModelView<'a> {
    /// Key of the schema under `components.schemas`.
    pub name: &'a str,
    pub rust_name: &'a str,
    pub description: Option<&'a str>,
    pub pointer: &'a str,
    /// `struct`, `enum`, `integer_enum`, `one_of` or `alias`.
    pub kind: &'static str,
    /// Full path of the type, such as `gram_sdk::models::Project`.
    pub path: String,
    /// A complete program building a placeholder value.
    pub example: String,
    /// Fields of a struct, empty for other kinds.
    pub fields: Vec<FieldView<'a>>,
    /// Values of a string enum, empty for other kinds.
    pub variants: &'a [ir::EnumVariant],
    /// Values of an integer enum, empty for other kinds.
    pub integer_variants: &'a [ir::IntegerVariant],
    /// Rust type of an integer enum's values, such as `i64`; `None` for other kinds.
    pub integer_type: Option<String>,
    /// The aliased type of an alias.
    pub alias: Option<TypeView>,
    /// Members of a `oneOf` or `anyOf` enum, empty for other kinds.
    pub members: Vec<MemberView>,
    /// The discriminator property of a `oneOf` or `anyOf` enum that has one.
    pub discriminator: Option<&'a str>,
    /// Operations and models that refer to this model directly.
    pub used_by: Vec<UsageView>,
}

/// A row of the members table of a `oneOf` or `anyOf` enum.
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub rust_name: String,
    pub ty: TypeView,
    /// Discriminator values that select the member, empty without a discriminator.
    pub tags: Vec<String>,
}

/// A row of the fields table.
#[derive(Debug, Serialize)]
pub struct FieldView<'a> {
    pub wire_name: &'a str,
    pub rust_name: &'a str,
    /// The field's type, `Option<T>` when the field is not required.
    pub ty: TypeView,
    pub required: bool,
    /// Whether the field collects the properties that the schema does not name.
    pub additional: bool,
    /// Whether the field's type contains `format: byte` values, which are base64 text in JSON.
    pub base64: bool,
    pub description: Option<&'a str>,
    /// The schema's `default` as JSON text, such as `30` or `"active"`.
    pub default: Option<String>,
}

/// A page that refers to the model.
#[derive(Debug, Serialize)]
pub struct UsageView {
    /// `operation` or `model`.
    pub kind: &'static str,
    /// The operation's method, as `auth().info()`, or the model's Rust name.
    pub name: String,
    pub link: String,
}

impl<'a> ModelPage<'a> {
    /// Builds the context of the page of `model`.
    pub fn new(shared: &'a Shared<'a>, model: &'a ir::Model) -> ModelPage<'a> {
        let api = shared.api;
        let page = links::model_path(model);
        let linker = Linker::new(&shared.model_paths, &page);

        let mut members = Vec::new();
        let mut discriminator = None;
        let mut integer_variants = &[][..];
        let mut integer_type = None;
        let (kind, fields, variants, alias) = match &model.kind {
            ir::ModelKind::Struct { fields } => {
                let fields = fields
                    .iter()
                    .map(|field| FieldView {
                        wire_name: &field.wire_name,
                        rust_name: &field.rust_name,
                        ty: linker.field_ty(field),
                        required: field.required,
                        additional: field.additional,
                        base64: field.ty.contains(&ir::TypeRef::Base64),
                        description: field.description.as_deref(),
                        default: field.default.as_ref().map(ToString::to_string),
                    })
                    .collect();
                ("struct", fields, &[][..], None)
            }
            ir::ModelKind::Enum { variants } => ("enum", Vec::new(), variants.as_slice(), None),
            ir::ModelKind::IntegerEnum {
                variants,
                value_type,
            } => {
                integer_variants = variants.as_slice();
                integer_type = Some(crate::docs::rust::type_name(value_type));
                ("integer_enum", Vec::new(), &[][..], None)
            }
            ir::ModelKind::Alias { ty } => {
                ("alias", Vec::new(), &[][..], Some(linker.ty(ty, false)))
            }
            ir::ModelKind::OneOf {
                variants,
                discriminator: property,
            } => {
                members = variants
                    .iter()
                    .map(|variant| MemberView {
                        rust_name: variant.rust_name.clone(),
                        ty: linker.ty(&variant.ty, false),
                        tags: variant.tags.clone(),
                    })
                    .collect();
                discriminator = property.as_deref();
                ("one_of", Vec::new(), &[][..], None)
            }
        };

        ModelPage {
            model: ModelView {
                name: &model.name,
                rust_name: &model.rust_name,
                description: model.description.as_deref(),
                pointer: &model.pointer,
                kind,
                path: format!("{}::models::{}", api.crate_ident, model.rust_name),
                example: Examples::new(api, &shared.models).model(model),
                fields,
                variants,
                integer_variants,
                integer_type,
                alias,
                members,
                discriminator,
                used_by: used_by(shared, model, &linker),
            },
            links: ModelLinks {
                readme: linker.to(links::README_PATH),
            },
        }
    }
}

/// Returns the operations and models whose types name `model` directly, in spec order.
fn used_by(shared: &Shared<'_>, model: &ir::Model, linker: &Linker<'_>) -> Vec<UsageView> {
    let users = shared.users.get(model.rust_name.as_str());
    users
        .into_iter()
        .flatten()
        .map(|user| match user {
            User::Operation(service, operation) => UsageView {
                kind: "operation",
                name: format!("{}().{}()", service.module, operation.method_name),
                link: linker.to_operation(service, operation),
            },
            User::Model(other) => UsageView {
                kind: "model",
                name: other.rust_name.clone(),
                link: linker.to_model(other),
            },
        })
        .collect()
}
