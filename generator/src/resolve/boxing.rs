//! Boxing of the fields that close a cycle of models, or that would hold too many models inline.
//!
//! A struct that contains itself, directly or through other models, has infinite size unless
//! some field on the cycle is behind a pointer, which `Vec` and maps already are. A struct that contains
//! several copies of a model that contains several copies of another, and so on, grows
//! exponentially with the depth of the chain, until rustc rejects the type as too large.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Most models a field may hold inline, counting nested ones; a field over it is boxed.
const MAX_INLINE_MODELS: usize = 32;

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
    box_heavy_fields(models);
}

/// Boxes every field and variant whose model contains more than [`MAX_INLINE_MODELS`] models
/// inline. A boxed field counts for none, so the count of every model stays bounded.
fn box_heavy_fields(models: &mut [Model]) {
    let index: HashMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(position, model)| (model.rust_name.clone(), position))
        .collect();
    let mut weights: Vec<Option<usize>> = vec![None; models.len()];
    for position in 0..models.len() {
        inline_weight(models, &index, &mut weights, position);
    }

    let heavy = |ty: &TypeRef| match ty {
        TypeRef::Model(target) => index
            .get(target)
            .and_then(|&position| weights[position])
            .is_some_and(|weight| weight > MAX_INLINE_MODELS),
        _ => false,
    };
    for model in models.iter_mut() {
        match &mut model.kind {
            ModelKind::Struct { fields } => {
                for field in fields.iter_mut().filter(|field| heavy(&field.ty)) {
                    field.boxed = true;
                }
            }
            ModelKind::OneOf { variants, .. } => {
                for variant in variants.iter_mut().filter(|variant| heavy(&variant.ty)) {
                    variant.boxed = true;
                }
            }
            _ => {}
        }
    }
}

/// Counts the models that `models[position]` contains inline, itself included, after the
/// fields over the limit are boxed. Unboxed fields form no cycle, so the recursion ends.
fn inline_weight(
    models: &[Model],
    index: &HashMap<String, usize>,
    weights: &mut Vec<Option<usize>>,
    position: usize,
) -> usize {
    if let Some(weight) = weights[position] {
        return weight;
    }
    // A cycle that reaches here again is already broken by a boxed field; count it once.
    weights[position] = Some(1);
    let targets: Vec<&TypeRef> = match &models[position].kind {
        ModelKind::Struct { fields } => fields
            .iter()
            .filter(|field| !field.boxed)
            .map(|field| &field.ty)
            .collect(),
        ModelKind::OneOf { variants, .. } => variants
            .iter()
            .filter(|variant| !variant.boxed)
            .map(|variant| &variant.ty)
            .collect(),
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::Enum { .. } | ModelKind::IntegerEnum { .. } => Vec::new(),
    };
    let mut weight = 1;
    for ty in targets {
        let TypeRef::Model(target) = ty else {
            continue;
        };
        let Some(&target) = index.get(target) else {
            continue;
        };
        let target_weight = inline_weight(models, index, weights, target);
        // An alias cannot box its target, so it weighs what the target does.
        let is_alias = matches!(models[position].kind, ModelKind::Alias { .. });
        if is_alias || target_weight <= MAX_INLINE_MODELS {
            weight += target_weight;
        }
    }
    weights[position] = Some(weight);
    weight
}

/// The models that each model contains inline.
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
