//! Checks of the `oneOf` and `anyOf` unions that decode without a discriminator, whose members
//! may read the same JSON object.

use super::Resolver;
use crate::ir::{MemberKeys, ModelKind, member_keys};

/// Maximum number of members that a message names.
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
            let nested: Vec<usize> = (0..keys.len())
                .filter(|&index| matches!(keys[index], MemberKeys::Union(_)))
                .collect();
            let keyword = self
                .union_keywords
                .get(&model.rust_name)
                .copied()
                .unwrap_or("oneOf");
            let members = Overlap {
                keyword,
                loose: &loose,
                overlapping: &overlapping,
                nested: &nested,
            };
            problems.push((model.pointer.clone(), members.reason()));
        }
        let fix = "add to each member a `required` property that the others lack, or a \
                   `discriminator` with a `$ref` per member";
        for (pointer, reason) in problems {
            self.warn(&pointer, reason, fix);
        }
    }
}

/// The members of a union that may read the same object, by index.
struct Overlap<'a> {
    /// `oneOf` or `anyOf`.
    keyword: &'a str,
    /// The members that require no property, or are unions with such a member.
    loose: &'a [usize],
    /// The members that read objects, the loose ones among them.
    overlapping: &'a [usize],
    /// The members that are themselves unions.
    nested: &'a [usize],
}

impl Overlap<'_> {
    /// Returns the message of a union whose members `overlapping` may read the same object,
    /// because the members `loose` require no property.
    ///
    /// A nested union fits an object when one of its own members declares every key, so the
    /// object whose keys the message describes is one that no member of a nested union
    /// declares either.
    fn reason(&self) -> String {
        let keyword = self.keyword;
        let loose_verb = if self.loose.len() == 1 {
            "requires"
        } else {
            "require"
        };
        let loose = self.loose.iter().map(|&index| {
            if self.nested.contains(&index) {
                format!("a member of {keyword}/{index}")
            } else {
                format!("{keyword}/{index}")
            }
        });
        let nested = match self.nested.len() {
            0 => String::new(),
            1 => format!(
                ", nor a single member of the nested union {},",
                member_list(keyword, self.nested)
            ),
            _ => format!(
                ", nor a single member of the nested unions {},",
                member_list(keyword, self.nested)
            ),
        };
        format!(
            "members {} may decode the same object, because {} {loose_verb} no property and the \
             {keyword} has no discriminator, so an object whose keys no single member \
             declares{nested} decodes as the first member that accepts it, without the keys \
             that member lacks",
            member_list(keyword, self.overlapping),
            join_names(loose.collect()),
        )
    }
}

/// Names the members at `indexes` by their pointers relative to the union, such as
/// `anyOf/0 and anyOf/1`.
fn member_list(keyword: &str, indexes: &[usize]) -> String {
    join_names(
        indexes
            .iter()
            .map(|index| format!("{keyword}/{index}"))
            .collect(),
    )
}

/// Joins `names` as `a, b and c`, naming at most [`MAX_MEMBERS_SHOWN`] and counting the rest.
fn join_names(mut names: Vec<String>) -> String {
    let total = names.len();
    names.truncate(MAX_MEMBERS_SHOWN);
    if total > MAX_MEMBERS_SHOWN {
        names.push(format!("{} more", total - MAX_MEMBERS_SHOWN));
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, TypeRef};
    use crate::resolve::schemas::tests::resolve_schemas;

    const NESTED: &str = "\
        Note: {type: object, properties: {text: {type: string}}}\n\
        Count: {type: object, required: [count], properties: {count: {type: integer}}}\n\
        Label: {type: object, required: [label], properties: {label: {type: string}}}\n\
        Tagged: {oneOf: [{$ref: '#/components/schemas/Label'}, {type: string}]}\n\
        Mark: {anyOf: [{$ref: '#/components/schemas/Count'}, {$ref: '#/components/schemas/Tagged'}]}\n\
        Marker: {$ref: '#/components/schemas/Mark'}\n\
        Twice: {oneOf: [{$ref: '#/components/schemas/Mark'}, {$ref: '#/components/schemas/Marker'}]}\n\
        Entry: {oneOf: [{$ref: '#/components/schemas/Note'}, {$ref: '#/components/schemas/Marker'}]}";

    fn keys_of<'a>(api: &'a Api, name: &str) -> MemberKeys<'a> {
        member_keys(&api.models, &TypeRef::Model(name.to_owned()))
    }

    fn required_key(key: &str) -> MemberKeys<'_> {
        MemberKeys::Closed {
            keys: vec![key],
            required: vec![key],
        }
    }

    #[test]
    fn nested_union_lists_members_keys() {
        let api = resolve_schemas(NESTED).expect("the unions resolve");
        let expected = MemberKeys::Union(vec![required_key("count"), required_key("label")]);
        assert_eq!(keys_of(&api, "Marker"), expected);
        assert_eq!(keys_of(&api, "Twice"), expected);
    }

    #[test]
    fn nested_union_named_in_warning() {
        let api = resolve_schemas(NESTED).expect("the unions resolve");
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        let expected = "#/components/schemas/Entry: members oneOf/0 and oneOf/1 may decode the \
                        same object, because oneOf/0 requires no property and the oneOf has no \
                        discriminator, so an object whose keys no single member declares, nor a \
                        single member of the nested union oneOf/1, decodes as the first member";
        assert!(
            warnings.iter().any(|warning| warning.contains(expected)),
            "{expected} is missing from:\n{warnings:#?}"
        );
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
    }

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
