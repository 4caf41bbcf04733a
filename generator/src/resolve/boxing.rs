//! Boxing of the fields that close a cycle of models.
//!
//! A struct that contains itself, directly or through other models, has infinite size unless
//! some field on the cycle is behind a pointer; `Vec` and maps already are.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Model, ModelKind, TypeRef};

/// Sets `boxed` on every struct field whose model leads back to the struct holding it.
pub fn box_cycles(models: &mut [Model]) {
    let containment = Containment::new(models);
    for model in models.iter_mut() {
        match &mut model.kind {
            ModelKind::Struct { fields } => {
                for field in fields {
                    field.boxed = containment.needs_box(&model.rust_name, &field.ty);
                }
            }
            ModelKind::OneOf { variants, .. } => {
                for variant in variants {
                    variant.boxed = containment.needs_box(&model.rust_name, &variant.ty);
                }
            }
            _ => {}
        }
    }
}

/// Which models hold which others inline.
struct Containment {
    /// For each model, the models its fields or alias hold inline.
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Containment {
    fn new(models: &[Model]) -> Containment {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for model in models {
            let targets = edges.entry(model.rust_name.clone()).or_default();
            match &model.kind {
                ModelKind::Struct { fields } => {
                    for field in fields {
                        if let TypeRef::Model(target) = &field.ty {
                            targets.insert(target.clone());
                        }
                    }
                }
                ModelKind::Alias {
                    ty: TypeRef::Model(target),
                } => {
                    targets.insert(target.clone());
                }
                ModelKind::OneOf { variants, .. } => {
                    for variant in variants {
                        if let TypeRef::Model(target) = &variant.ty {
                            targets.insert(target.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        Containment { edges }
    }

    /// Tells whether a field of type `ty` in model `owner` must be boxed.
    fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let TypeRef::Model(target) = ty else {
            return false;
        };
        self.reaches(target, owner)
    }

    fn reaches(&self, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if !seen.insert(current) {
                continue;
            }
            if let Some(targets) = self.edges.get(current) {
                stack.extend(targets.iter().map(String::as_str));
            }
        }
        false
    }
}
