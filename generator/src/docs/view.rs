//! Pieces shared by the page contexts: type names with links, and links relative to a page.

use std::collections::BTreeMap;

use serde::Serialize;

use super::links;
use super::rust;
use crate::ir;
use crate::markdown::code_span;

/// A Rust type as a table shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TypeView {
    /// The type, such as `Option<Vec<models::Project>>`.
    pub rust: String,
    /// Link to the page of the model the type is or contains.
    pub link: Option<String>,
    /// The type in a Markdown code span, which is a link when `link` is set. Table rows print
    /// it as a plain value, which costs far less than a template macro call per row.
    pub markdown: String,
}

impl TypeView {
    fn new(rust: String, link: Option<String>) -> TypeView {
        let span = code_span(&rust);
        let markdown = match &link {
            Some(link) => format!("[{span}]({link})"),
            None => span,
        };
        TypeView {
            rust,
            link,
            markdown,
        }
    }
}

/// The lookup tables that the pages of one API share, built once for all of them.
pub struct Shared<'a> {
    pub api: &'a ir::Api,
    pub model_paths: ModelPaths<'a>,
    pub models: rust::ModelIndex<'a>,
    /// The operations and models whose types name each model directly, by the model's Rust
    /// name, operations first, each in spec order.
    pub users: BTreeMap<&'a str, Vec<User<'a>>>,
}

/// An operation or model whose types name a model.
#[derive(Debug, Clone, Copy)]
pub enum User<'a> {
    Operation(&'a ir::Service, &'a ir::Operation),
    Model(&'a ir::Model),
}

impl<'a> Shared<'a> {
    /// Builds the lookup tables of `api`.
    pub fn new(api: &'a ir::Api) -> Shared<'a> {
        Shared {
            api,
            model_paths: model_paths(api),
            models: rust::model_index(api),
            users: users(api),
        }
    }
}

/// Lists, for each model, the operations and models that name it, in one pass over the API.
fn users(api: &ir::Api) -> BTreeMap<&str, Vec<User<'_>>> {
    let mut users = BTreeMap::new();

    for service in &api.services {
        for operation in &service.operations {
            let parameters = operation.parameters.iter().map(|parameter| &parameter.ty);
            let body = operation.request_body.iter().map(|body| &body.ty);
            let responses = operation.responses.iter().flat_map(|response| {
                let bodies = response.body.iter().map(|body| &body.ty);
                bodies.chain(response.headers.iter().map(|header| &header.ty))
            });
            let types = parameters.chain(body).chain(responses).collect();
            add_user(&mut users, types, User::Operation(service, operation));
        }
    }
    for model in &api.models {
        let types = match &model.kind {
            ir::ModelKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
            ir::ModelKind::Enum { .. } | ir::ModelKind::IntegerEnum { .. } => Vec::new(),
            ir::ModelKind::Alias { ty } => vec![ty],
            ir::ModelKind::OneOf { variants, .. } => {
                variants.iter().map(|variant| &variant.ty).collect()
            }
        };
        add_user(&mut users, types, User::Model(model));
    }
    users
}

/// Records `user` as a user of each model that `types` name, once per model.
fn add_user<'a>(
    users: &mut BTreeMap<&'a str, Vec<User<'a>>>,
    types: Vec<&'a ir::TypeRef>,
    user: User<'a>,
) {
    let mut named: Vec<&str> = types.into_iter().filter_map(rust::inner_model).collect();
    named.sort_unstable();
    named.dedup();
    for name in named {
        users.entry(name).or_default().push(user);
    }
}

/// Writes links relative to one generated page.
pub struct Linker<'a> {
    /// Path of the page, relative to the crate root.
    page: String,
    /// Path of each model's page, by the model's Rust name.
    model_paths: &'a ModelPaths<'a>,
}

/// Path of each model's page, by the model's Rust name, built once and shared by every page.
pub type ModelPaths<'a> = BTreeMap<&'a str, String>;

/// Builds the path of each model's page.
pub fn model_paths(api: &ir::Api) -> ModelPaths<'_> {
    api.models
        .iter()
        .map(|model| (model.rust_name.as_str(), links::model_path(model)))
        .collect()
}

impl<'a> Linker<'a> {
    /// Creates a linker for the page at `page`, a path relative to the crate root.
    pub fn new(model_paths: &'a ModelPaths<'a>, page: &str) -> Linker<'a> {
        Linker {
            page: page.to_owned(),
            model_paths,
        }
    }

    /// Returns the link from this page to `path`, relative to the crate root.
    pub fn to(&self, path: &str) -> String {
        links::relative_link(&self.page, path)
    }

    /// Returns the link from this page to the section of `operation` on its service page.
    pub fn to_operation(&self, service: &ir::Service, operation: &ir::Operation) -> String {
        let page = links::service_path(service);
        let anchor = links::operation_anchor(operation);
        if page == self.page {
            format!("#{anchor}")
        } else {
            format!("{}#{anchor}", self.to(&page))
        }
    }

    /// Returns the link from this page to the page of `model`.
    pub fn to_model(&self, model: &ir::Model) -> String {
        self.to(&links::model_path(model))
    }

    /// Returns the view of a model field's type, with the `Box` and `Option` it is wrapped in.
    pub fn field_ty(&self, field: &ir::Field) -> TypeView {
        let mut name = rust::type_name(&field.ty);
        if field.boxed {
            name = format!("Box<{name}>");
        }
        if field.nullable {
            name = format!("Option<{name}>");
        }
        if !field.required {
            name = format!("Option<{name}>");
        }
        TypeView::new(name, self.model_link(&field.ty))
    }

    /// Returns `ty` as a table shows it, wrapped in `Option` when `optional`.
    pub fn ty(&self, ty: &ir::TypeRef, optional: bool) -> TypeView {
        let name = rust::type_name(ty);
        let name = if optional {
            format!("Option<{name}>")
        } else {
            name
        };
        TypeView::new(name, self.model_link(ty))
    }

    /// Returns the link to the page of the model that `ty` is or contains.
    fn model_link(&self, ty: &ir::TypeRef) -> Option<String> {
        rust::inner_model(ty)
            .and_then(|model| self.model_paths.get(model))
            .map(|path| self.to(path))
    }
}
