//! The service features that compile each model, so that building one service's feature
//! compiles only the models its operations reach.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Model, ModelKind, Operation, TypeRef};

/// The `#[cfg]` of each model, by the model's Rust name.
#[derive(Debug)]
pub struct ModelGates {
    /// For a gated model, the indexes into [`Api::services`] of the services that reach it, in
    /// ascending order. A model missing here compiles whatever the features.
    services: HashMap<String, Vec<usize>>,
    /// The service modules, which are also the feature names.
    features: Vec<String>,
}

impl ModelGates {
    /// Finds the services that reach each model through their parameters, bodies and response
    /// headers, following fields, union members and aliases.
    ///
    /// A model stays ungated when an `ErrorBody` variant reaches it, because that enum is
    /// compiled with any features, or when no service reaches it, because then no feature
    /// would ever compile it. Every model that an ungated model reaches is ungated too.
    pub fn new(api: &Api) -> ModelGates {
        let index: HashMap<&str, &Model> = api
            .models
            .iter()
            .map(|model| (model.rust_name.as_str(), model))
            .collect();

        let mut services: HashMap<String, Vec<usize>> = HashMap::new();
        for (service_index, service) in api.services.iter().enumerate() {
            let mut roots = Vec::new();
            for operation in &service.operations {
                operation_types(operation, &mut roots);
            }
            for model in reachable(&index, &roots) {
                services.entry(model).or_default().push(service_index);
            }
        }

        let mut roots: Vec<&TypeRef> = api.error_bodies.iter().map(|body| &body.ty).collect();
        let unused: Vec<TypeRef> = api
            .models
            .iter()
            .filter(|model| !services.contains_key(&model.rust_name))
            .map(|model| TypeRef::Model(model.rust_name.clone()))
            .collect();
        roots.extend(&unused);
        for model in reachable(&index, &roots) {
            services.remove(&model);
        }

        ModelGates {
            services,
            features: api
                .services
                .iter()
                .map(|service| service.module.clone())
                .collect(),
        }
    }

    /// Returns the feature condition of a model, such as `feature = "auth"` or
    /// `any(feature = "auth", feature = "keys")`, or `None` when it is ungated.
    pub fn condition(&self, model: &str) -> Option<TokenStream> {
        let services = self.services.get(model)?;
        let features: Vec<TokenStream> = services
            .iter()
            .map(|&service| {
                let feature = &self.features[service];
                quote!(feature = #feature)
            })
            .collect();
        match features.as_slice() {
            [feature] => Some(feature.clone()),
            _ => Some(quote!(any(#(#features),*))),
        }
    }

    /// Returns the `#[cfg(...)]` attribute of a model, or nothing when it is ungated.
    pub fn attribute(&self, model: &str) -> TokenStream {
        match self.condition(model) {
            Some(condition) => quote!(#[cfg(#condition)]),
            None => TokenStream::new(),
        }
    }
}

/// Appends the types that an operation's request and responses carry.
fn operation_types<'a>(operation: &'a Operation, types: &mut Vec<&'a TypeRef>) {
    types.extend(operation.parameters.iter().map(|parameter| &parameter.ty));
    types.extend(operation.request_body.iter().map(|body| &body.ty));
    for response in &operation.responses {
        types.extend(response.body.iter().map(|body| &body.ty));
        types.extend(response.headers.iter().map(|header| &header.ty));
    }
}

/// Returns the names of the models that `roots` name, directly or through other models.
fn reachable(index: &HashMap<&str, &Model>, roots: &[&TypeRef]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut pending: Vec<&TypeRef> = roots.to_vec();
    let mut visited = std::collections::HashSet::new();
    while let Some(ty) = pending.pop() {
        let Some(name) = model_name(ty) else {
            continue;
        };
        if !visited.insert(name) {
            continue;
        }
        seen.push(name.to_owned());
        // A reference to a model the IR lacks has no `#[cfg]` to take, so it is skipped here.
        let Some(model) = index.get(name) else {
            continue;
        };
        match &model.kind {
            ModelKind::Struct { fields } => pending.extend(fields.iter().map(|field| &field.ty)),
            ModelKind::Alias { ty } => pending.push(ty),
            ModelKind::OneOf { variants, .. } => {
                pending.extend(variants.iter().map(|variant| &variant.ty));
            }
            ModelKind::Enum { .. } | ModelKind::IntegerEnum { .. } => {}
        }
    }
    seen
}

/// Returns the model that `ty` names, looking through arrays, maps and `Nullable`.
fn model_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => model_name(inner),
        TypeRef::Model(name) => Some(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::settings::Settings;

    /// Two services: `pets` reaches `Pet`, `Owner` and `Tag`; `stores` reaches `Store` and
    /// `Tag`. `Orphan` is reached by neither, but reaches `Address`, which `stores` also
    /// reaches. `Problem` is an error body and reaches `Detail`.
    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Gates, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        "400":
          description: bad
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /stores:
    post:
      operationId: addStore
      tags: [stores]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Store"}
      responses:
        "204": {description: done}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        tags: {type: array, items: {$ref: "#/components/schemas/Tag"}}
    Owner:
      type: object
      properties:
        name: {type: string}
    Tag: {type: string, enum: [a, b]}
    Store:
      type: object
      properties:
        tags: {type: object, additionalProperties: {$ref: "#/components/schemas/Tag"}}
        address: {$ref: "#/components/schemas/Address"}
    Address:
      type: object
      properties:
        street: {type: string}
    Orphan:
      type: object
      properties:
        address: {$ref: "#/components/schemas/Address"}
    Problem:
      type: object
      properties:
        detail: {$ref: "#/components/schemas/Detail"}
    Detail:
      type: object
      properties:
        text: {type: string}
"##;

    fn gates() -> ModelGates {
        let document = crate::load::parse_spec(SPEC, Path::new("gates.yaml")).expect("spec parses");
        let settings = Settings::from_title("Gates").expect("a title with letters");
        let api = crate::resolve::resolve_api(&document, &settings).expect("spec resolves");
        ModelGates::new(&api)
    }

    fn condition(gates: &ModelGates, model: &str) -> Option<String> {
        gates.condition(model).map(|tokens| tokens.to_string())
    }

    #[test]
    fn model_of_one_service_takes_its_feature() {
        let gates = gates();
        let pets = Some(r#"feature = "pets""#.to_owned());
        assert_eq!(condition(&gates, "Pet"), pets);
        assert_eq!(condition(&gates, "Owner"), pets);
        assert_eq!(
            condition(&gates, "Store"),
            Some(r#"feature = "stores""#.to_owned())
        );
    }

    #[test]
    fn shared_model_takes_any_feature() {
        let shared = r#"any (feature = "pets" , feature = "stores")"#;
        assert_eq!(condition(&gates(), "Tag").as_deref(), Some(shared));
    }

    #[test]
    fn error_body_models_stay_ungated() {
        let gates = gates();
        assert_eq!(condition(&gates, "Problem"), None);
        assert_eq!(condition(&gates, "Detail"), None);
    }

    #[test]
    fn unused_model_and_its_fields_stay_ungated() {
        let gates = gates();
        assert_eq!(condition(&gates, "Orphan"), None);
        assert_eq!(condition(&gates, "Address"), None);
    }
}
