//! Checks of the models that become type aliases. rustc rejects an alias that contains itself
//! (`type A = Vec<A>;`, or two schemas that are only `$ref`s to each other), and expands a chain
//! of aliases recursively, so a very long chain could exhaust its stack.

use std::collections::HashMap;

use super::Resolver;
use crate::ir::{Model, ModelKind, TypeRef};

/// Maximum number of type aliases, one per `$ref`, that a type passes through before it reaches
/// a struct, an enum or a built-in type.
pub const MAX_ALIAS_CHAIN: usize = 64;

/// Most schema names that a message lists from one cycle.
const MAX_NAMES_SHOWN: usize = 8;

impl Resolver<'_> {
    /// Reports each cycle of type aliases and each chain of aliases over [`MAX_ALIAS_CHAIN`].
    pub(super) fn check_aliases(&mut self) {
        let aliases: Vec<usize> = (0..self.models.len())
            .filter(|&position| matches!(self.models[position].kind, ModelKind::Alias { .. }))
            .collect();
        let slot: HashMap<&str, usize> = aliases
            .iter()
            .enumerate()
            .map(|(slot, &position)| (self.models[position].rust_name.as_str(), slot))
            .collect();
        let edges: Vec<Vec<usize>> = aliases
            .iter()
            .map(|&position| alias_targets(&self.models[position], &slot))
            .collect();

        let walk = AliasWalk::run(&edges);
        let problems: Vec<(String, String, &str)> = walk
            .cycles
            .iter()
            .map(|cycle| self.cycle_problem(&aliases, cycle))
            .chain(
                walk.chain_starts()
                    .map(|(start, length)| self.chain_problem(aliases[start], length)),
            )
            .collect();
        for (pointer, reason, fix) in problems {
            self.report(&pointer, reason, fix);
        }
    }

    /// Reports each `oneOf` or `anyOf` that reaches itself through members and aliases alone:
    /// decoding it would try the same type again before reading any input, without end.
    pub(super) fn check_union_cycles(&mut self) {
        let nodes: Vec<usize> = (0..self.models.len())
            .filter(|&position| {
                matches!(
                    self.models[position].kind,
                    ModelKind::Alias { .. } | ModelKind::OneOf { .. }
                )
            })
            .collect();
        let slot: HashMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(slot, &position)| (self.models[position].rust_name.as_str(), slot))
            .collect();
        let edges: Vec<Vec<usize>> = nodes
            .iter()
            .map(|&position| member_targets(&self.models[position], &slot))
            .collect();

        let walk = AliasWalk::run(&edges);
        let mut problems = Vec::new();
        for cycle in &walk.cycles {
            let Some(&union) = cycle
                .iter()
                .find(|&&slot| matches!(self.models[nodes[slot]].kind, ModelKind::OneOf { .. }))
            else {
                continue;
            };
            let names: Vec<&str> = cycle
                .iter()
                .take(MAX_NAMES_SHOWN)
                .map(|&slot| self.models[nodes[slot]].name.as_str())
                .collect();
            let model = &self.models[nodes[union]];
            let reason = format!(
                "the oneOf or anyOf reaches itself through its members alone ({} -> {}), so \
                 decoding a value of it would never end",
                names.join(" -> "),
                self.models[nodes[cycle[0]]].name
            );
            let fix = "remove the member that leads back, or wrap it in an object property or an \
                       array";
            problems.push((model.pointer.clone(), reason, fix));
        }
        for (pointer, reason, fix) in problems {
            self.report(&pointer, reason, fix);
        }
    }

    fn cycle_problem(&self, aliases: &[usize], cycle: &[usize]) -> (String, String, &'static str) {
        let names: Vec<&str> = cycle
            .iter()
            .take(MAX_NAMES_SHOWN)
            .map(|&slot| self.models[aliases[slot]].name.as_str())
            .collect();
        let mut path = names.join(" -> ");
        if cycle.len() > MAX_NAMES_SHOWN {
            path.push_str(" -> ...");
        }
        let first = &self.models[aliases[cycle[0]]];
        let reason = format!(
            "the schema contains itself only through $refs, arrays or maps ({path} -> {}), so \
             it has no Rust type",
            first.name
        );
        let fix = "give one schema of the cycle at least one entry under `properties`, so that it \
                   becomes a struct; `type: object` with only `additionalProperties` is still a \
                   map";
        (first.pointer.clone(), reason, fix)
    }

    fn chain_problem(&self, position: usize, length: usize) -> (String, String, &'static str) {
        let model = &self.models[position];
        let reason = format!(
            "the schema reaches its type through {length} $refs to schemas that are themselves \
             only a $ref, an array or a map, over the limit of {MAX_ALIAS_CHAIN}"
        );
        let fix = "point the $ref at a schema nearer the end of the chain";
        (model.pointer.clone(), reason, fix)
    }
}

/// Returns the slots of the aliases that the alias `model` names, directly or as the items of
/// arrays and maps.
fn alias_targets(model: &Model, slot: &HashMap<&str, usize>) -> Vec<usize> {
    let ModelKind::Alias { ty } = &model.kind else {
        return Vec::new();
    };
    let mut ty = ty;
    loop {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
            TypeRef::Model(name) => return slot.get(name.as_str()).copied().into_iter().collect(),
            _ => return Vec::new(),
        }
    }
}

/// Returns the slots of the aliases and unions that `model` names directly: the type of an
/// alias, or the members of a union. Arrays and maps read input before they nest, so they end
/// no path here.
fn member_targets(model: &Model, slot: &HashMap<&str, usize>) -> Vec<usize> {
    let types: Vec<&TypeRef> = match &model.kind {
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::OneOf { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
        _ => Vec::new(),
    };
    types
        .into_iter()
        .filter_map(|ty| match ty {
            TypeRef::Model(name) => slot.get(name.as_str()).copied(),
            _ => None,
        })
        .collect()
}

/// The result of a depth-first walk of the aliases: the cycles found, and the length of the
/// longest chain from each alias.
struct AliasWalk {
    cycles: Vec<Vec<usize>>,
    /// Aliases a chain passes through from each alias, itself included; cycles count once.
    lengths: Vec<usize>,
    /// Whether some alias names this one.
    named: Vec<bool>,
}

impl AliasWalk {
    /// Walks the graph with a stack of its own, because a chain can be longer than the
    /// thread's stack allows recursion.
    fn run(edges: &[Vec<usize>]) -> AliasWalk {
        let mut lengths: Vec<Option<usize>> = vec![None; edges.len()];
        let mut in_progress = vec![false; edges.len()];
        let mut in_cycle = vec![false; edges.len()];
        let mut named = vec![false; edges.len()];
        let mut cycles = Vec::new();
        for targets in edges {
            for &target in targets {
                named[target] = true;
            }
        }

        for root in 0..edges.len() {
            if lengths[root].is_some() {
                continue;
            }
            let mut calls = vec![(root, 0)];
            in_progress[root] = true;
            while let Some(top) = calls.last_mut() {
                let node = top.0;
                if let Some(&target) = edges[node].get(top.1) {
                    top.1 += 1;
                    if in_progress[target] {
                        let start = calls.iter().position(|&(slot, _)| slot == target);
                        let cycle: Vec<usize> = calls[start.unwrap_or(0)..]
                            .iter()
                            .map(|&(slot, _)| slot)
                            .collect();
                        if !cycle.iter().any(|&slot| in_cycle[slot]) {
                            for &slot in &cycle {
                                in_cycle[slot] = true;
                            }
                            cycles.push(cycle);
                        }
                    } else if lengths[target].is_none() {
                        in_progress[target] = true;
                        calls.push((target, 0));
                    }
                    continue;
                }
                calls.pop();
                in_progress[node] = false;
                let longest = edges[node]
                    .iter()
                    .filter_map(|&target| lengths[target])
                    .max()
                    .unwrap_or(0);
                lengths[node] = Some(longest + 1);
            }
        }
        AliasWalk {
            cycles,
            lengths: lengths.into_iter().map(Option::unwrap_or_default).collect(),
            named,
        }
    }

    /// Returns the aliases over the limit that no other alias names, with their chain's length,
    /// so that a long chain is reported once, at its start.
    fn chain_starts(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.lengths
            .iter()
            .enumerate()
            .filter(|&(slot, &length)| length > MAX_ALIAS_CHAIN && !self.named[slot])
            .map(|(slot, &length)| (slot, length))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(length: usize) -> Vec<Vec<usize>> {
        (0..length)
            .map(|slot| {
                if slot + 1 < length {
                    vec![slot + 1]
                } else {
                    Vec::new()
                }
            })
            .collect()
    }

    #[test]
    fn chain_length_counts_every_alias() {
        let walk = AliasWalk::run(&chain(5));
        assert_eq!(walk.lengths, [5, 4, 3, 2, 1]);
        assert!(walk.cycles.is_empty());
    }

    #[test]
    fn long_chain_reported_at_start_only() {
        let walk = AliasWalk::run(&chain(100_000));
        let starts: Vec<(usize, usize)> = walk.chain_starts().collect();
        assert_eq!(starts, [(0, 100_000)]);
    }

    #[test]
    fn cycle_reported_once() {
        // 0 -> 1 -> 2 -> 0, and 3 -> 1 enters the same cycle.
        let edges = vec![vec![1], vec![2], vec![0], vec![1]];
        let walk = AliasWalk::run(&edges);
        assert_eq!(walk.cycles, [vec![0, 1, 2]]);
    }

    #[test]
    fn self_alias_is_a_cycle() {
        let walk = AliasWalk::run(&[vec![0]]);
        assert_eq!(walk.cycles, [vec![0]]);
    }
}
