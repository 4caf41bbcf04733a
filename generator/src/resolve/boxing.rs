//! Boxing of the fields that close a cycle of models, or that would hold too many models inline.
//!
//! A struct that contains itself, directly or through other models, has infinite size unless
//! some field on the cycle is behind a pointer, which `Vec` and maps already are. A struct that contains
//! several copies of a model that contains several copies of another, and so on, grows
//! exponentially with the depth of the chain, until rustc rejects the type as too large.

use std::collections::HashMap;

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

/// Counts the models that `models[start]` contains inline, itself included, after the fields
/// over the limit are boxed, and records the count of every model it visits. Unboxed fields
/// form no cycle, so the walk ends. It keeps its own stack, because a chain of models can be
/// longer than the thread's stack allows recursion.
fn inline_weight(
    models: &[Model],
    index: &HashMap<String, usize>,
    weights: &mut [Option<usize>],
    start: usize,
) {
    if weights[start].is_some() {
        return;
    }
    /// A model being counted: its position, its next target and its weight so far.
    struct Frame {
        position: usize,
        next: usize,
        weight: usize,
        targets: Vec<usize>,
    }
    let frame = |position: usize| Frame {
        position,
        next: 0,
        weight: 1,
        targets: inline_targets(&models[position], index),
    };

    // A cycle that reaches a model again is already broken by a boxed field; count it once.
    weights[start] = Some(1);
    let mut stack = vec![frame(start)];
    while let Some(top) = stack.last_mut() {
        if let Some(&target) = top.targets.get(top.next) {
            top.next += 1;
            match weights[target] {
                Some(target_weight) => {
                    let position = top.position;
                    add_weight(models, &mut top.weight, position, target_weight);
                }
                None => {
                    weights[target] = Some(1);
                    stack.push(frame(target));
                }
            }
            continue;
        }
        let done = stack
            .pop()
            .expect("the loop runs while the stack has a frame");
        weights[done.position] = Some(done.weight);
        if let Some(parent) = stack.last_mut() {
            let position = parent.position;
            add_weight(models, &mut parent.weight, position, done.weight);
        }
    }
}

/// Adds the weight of a target to its holder's, unless the field will be boxed. An alias cannot
/// box its target, so it weighs what the target does.
fn add_weight(models: &[Model], weight: &mut usize, holder: usize, target_weight: usize) {
    let is_alias = matches!(models[holder].kind, ModelKind::Alias { .. });
    if is_alias || target_weight <= MAX_INLINE_MODELS {
        *weight = weight.saturating_add(target_weight);
    }
}

/// Returns the positions of the models that `model` contains inline through unboxed fields.
fn inline_targets(model: &Model, index: &HashMap<String, usize>) -> Vec<usize> {
    let types: Vec<&TypeRef> = match &model.kind {
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
    types
        .into_iter()
        .filter_map(|ty| match ty {
            TypeRef::Model(target) => index.get(target).copied(),
            _ => None,
        })
        .collect()
}

/// The strongly connected components of the graph in which each model points at the models it
/// contains inline. A field closes a cycle exactly when its model lies in its holder's component.
struct Containment {
    /// Component of each model, by its Rust name.
    component: HashMap<String, usize>,
}

impl Containment {
    fn new(models: &[Model]) -> Containment {
        let index: HashMap<&str, usize> = models
            .iter()
            .enumerate()
            .map(|(position, model)| (model.rust_name.as_str(), position))
            .collect();
        let edges: Vec<Vec<usize>> = models
            .iter()
            .map(|model| {
                let types: Vec<&TypeRef> = match &model.kind {
                    ModelKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
                    ModelKind::Alias { ty } => vec![ty],
                    ModelKind::OneOf { variants, .. } => {
                        variants.iter().map(|variant| &variant.ty).collect()
                    }
                    ModelKind::Enum { .. } | ModelKind::IntegerEnum { .. } => Vec::new(),
                };
                types
                    .into_iter()
                    .filter_map(|ty| match ty {
                        TypeRef::Model(target) => index.get(target.as_str()).copied(),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let components = strongly_connected(&edges);
        let component = models
            .iter()
            .zip(components)
            .map(|(model, component)| (model.rust_name.clone(), component))
            .collect();
        Containment { component }
    }

    /// Tells whether a field of type `ty` in model `owner` must be boxed.
    fn needs_box(&self, owner: &str, ty: &TypeRef) -> bool {
        let TypeRef::Model(target) = ty else {
            return false;
        };
        match (self.component.get(owner), self.component.get(target)) {
            (Some(owner), Some(target)) => owner == target,
            _ => false,
        }
    }
}

/// Numbers the strongly connected components of a graph given as adjacency lists, with
/// Tarjan's algorithm. The walk keeps its own stack, so a long chain of models cannot
/// overflow the thread's.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let mut order = vec![UNSEEN; edges.len()];
    let mut low = vec![0; edges.len()];
    let mut on_stack = vec![false; edges.len()];
    let mut component = vec![UNSEEN; edges.len()];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut components = 0;

    for root in 0..edges.len() {
        if order[root] != UNSEEN {
            continue;
        }
        let mut calls = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(top) = calls.last_mut() {
            let node = top.0;
            if let Some(&target) = edges[node].get(top.1) {
                top.1 += 1;
                if order[target] == UNSEEN {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn components_join_cycles_only() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 and 4 -> 4 stand apart.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let component = strongly_connected(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[0]);
        assert_ne!(component[4], component[3]);
    }

    #[test]
    fn long_chain_needs_no_deep_stack() {
        let length = 200_000;
        let edges: Vec<Vec<usize>> = (0..length)
            .map(|node| {
                if node + 1 < length {
                    vec![node + 1]
                } else {
                    Vec::new()
                }
            })
            .collect();
        let component = strongly_connected(&edges);
        let distinct: BTreeSet<usize> = component.into_iter().collect();
        assert_eq!(distinct.len(), length);
    }
}
