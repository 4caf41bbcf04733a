//! Checks of the `oneOf` and `anyOf` unions that decode without a discriminator, whose members
//! may read the same JSON object.

use super::Resolver;
use crate::ir::{MemberKeys, ModelKind, member_keys};

/// The most members a message names.
const MAX_MEMBERS_SHOWN: usize = 8;

impl Resolver<'_> {
    /// Warns about each union without a discriminator that has a member reading objects
    /// without requiring a property, beside another member that reads objects. Such a member
    /// reads any object, skipping the keys it does not declare, so one object can match
    /// several members.
    pub(super) fn check_union_overlaps(&mut self) {
        let mut problems = Vec::new();
        for model in &self.models {
            let ModelKind::OneOf {
                variants,
                discriminator: None,
            } = &model.kind
            else {
                continue;
            };
            let keys: Vec<MemberKeys> = variants
                .iter()
                .map(|variant| member_keys(&self.models, &variant.ty))
                .collect();
            let loose: Vec<usize> = (0..keys.len())
                .filter(|&index| keys[index].requires_nothing())
                .collect();
            let overlapping: Vec<usize> = (0..keys.len())
                .filter(|&index| keys[index].reads_objects())
                .collect();
            if loose.is_empty() || overlapping.len() < 2 {
                continue;
            }
            let keyword = self
                .union_keywords
                .get(&model.rust_name)
                .copied()
                .unwrap_or("oneOf");
            problems.push((
                model.pointer.clone(),
                overlap_reason(keyword, &loose, &overlapping),
            ));
        }
        let fix = "add to each member a `required` property that the others lack, or a \
                   `discriminator` with a `$ref` per member";
        for (pointer, reason) in problems {
            self.warn(&pointer, reason, fix);
        }
    }
}

/// Returns the message of a union whose members `overlapping` may read the same object,
/// because the members `loose` require no property.
fn overlap_reason(keyword: &str, loose: &[usize], overlapping: &[usize]) -> String {
    let loose_verb = if loose.len() == 1 {
        "requires"
    } else {
        "require"
    };
    format!(
        "members {} may decode the same object, because {} {loose_verb} no property and the \
         {keyword} has no discriminator, so an object whose keys no single member declares \
         decodes as the first member that accepts it, without the keys that member lacks",
        member_list(keyword, overlapping),
        member_list(keyword, loose),
    )
}

/// Names the members at `indexes` by their pointers relative to the union, such as
/// `anyOf/0 and anyOf/1`.
fn member_list(keyword: &str, indexes: &[usize]) -> String {
    let mut names: Vec<String> = indexes
        .iter()
        .take(MAX_MEMBERS_SHOWN)
        .map(|index| format!("{keyword}/{index}"))
        .collect();
    if indexes.len() > MAX_MEMBERS_SHOWN {
        names.push(format!("{} more", indexes.len() - MAX_MEMBERS_SHOWN));
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_list_joins_names() {
        assert_eq!(member_list("anyOf", &[0]), "anyOf/0");
        assert_eq!(member_list("anyOf", &[0, 2]), "anyOf/0 and anyOf/2");
        assert_eq!(
            member_list("oneOf", &[0, 1, 2]),
            "oneOf/0, oneOf/1 and oneOf/2"
        );
    }

    #[test]
    fn member_list_shortens_long_lists() {
        let indexes: Vec<usize> = (0..10).collect();
        let list = member_list("oneOf", &indexes);
        assert!(list.starts_with("oneOf/0, oneOf/1,"), "{list}");
        assert!(list.ends_with("oneOf/7 and 2 more"), "{list}");
    }
}
