//! Helpers of the `Deserialize` impls that the generator writes for model structs.
//!
//! `serde_derive` expands each struct into a field enum with its own `Deserialize` impl and
//! visitor, plus `visit_seq` and `visit_map`. On a crate with hundreds of models, that is the
//! largest share of what the compiler spends, so the generator writes a smaller impl. It reads a
//! JSON object only: it matches each key as a string, stores the value in an `Option` per field and
//! skips unknown keys. A repeated or missing required key gets the same error as the derived impl.
//!
//! A `oneOf` or `anyOf` without a discriminator decodes through [`decode_union`], which tries
//! first the members that declare every key of the object.

#![allow(dead_code)]

use std::borrow::Cow;
use std::fmt;

use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A key of an object, borrowed from the input when the deserializer allows it.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

/// Reads the value of the key `name` into `slot`, and fails when the object already gave one.
pub(crate) fn read<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the value of a key that the struct does not name.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Returns the missing-field error of the first key in `checks` that the object lacked. Each
/// check is a pair: whether the key was absent, and the key's name.
pub(crate) fn missing<E: serde::de::Error>(checks: &[(bool, &'static str)]) -> E {
    let first = checks.iter().find(|(lacking, _)| *lacking);
    E::missing_field(first.map_or("", |(_, name)| name))
}

/// A member of a `oneOf` or `anyOf` without a discriminator, as [`decode_union`] tries it.
pub(crate) struct Member<T> {
    shape: Shape,
    decode: fn(&serde_json::Value) -> Option<T>,
}

/// The keys of the objects that a union member reads, as far as its type declares them.
pub(crate) enum Shape {
    /// An object that declares these properties, requires the second list and takes no other
    /// key.
    Closed(&'static [&'static str], &'static [&'static str]),
    /// An object that requires these properties and takes any other key: a struct with
    /// `additionalProperties`, a map or any JSON value.
    Open(&'static [&'static str]),
    /// Another `oneOf` or `anyOf`, with the shapes of its members that read objects.
    Union(&'static [Shape]),
    /// A value whose keys are not known here: a primitive, an array or an enum.
    Other,
}

impl Shape {
    /// Tells whether the shape declares every key of `object` and finds each key it requires
    /// there, or, for a union, whether one of its members' shapes does.
    fn fits(&self, object: &serde_json::Map<String, serde_json::Value>) -> bool {
        let has_required = |required: &[&str]| required.iter().all(|key| object.contains_key(*key));
        match self {
            Shape::Closed(keys, required) => {
                has_required(required) && object.keys().all(|key| keys.contains(&key.as_str()))
            }
            Shape::Open(required) => has_required(required),
            Shape::Union(shapes) => shapes.iter().any(|shape| shape.fits(object)),
            Shape::Other => false,
        }
    }
}

impl<T> Member<T> {
    /// Returns a struct member that declares the properties `keys`, requires `required` and
    /// skips any other key.
    pub(crate) const fn closed(
        keys: &'static [&'static str],
        required: &'static [&'static str],
        decode: fn(&serde_json::Value) -> Option<T>,
    ) -> Self {
        Member {
            shape: Shape::Closed(keys, required),
            decode,
        }
    }

    /// Returns an object member that requires `required` and keeps every other key.
    pub(crate) const fn open(
        required: &'static [&'static str],
        decode: fn(&serde_json::Value) -> Option<T>,
    ) -> Self {
        Member {
            shape: Shape::Open(required),
            decode,
        }
    }

    /// Returns a member that is itself a `oneOf` or `anyOf`, whose members that read objects
    /// have the shapes `shapes`. `decode` returns `None` for a value that decodes only as that
    /// union's `Unknown` variant, so that the later members of the outer union get it.
    pub(crate) const fn union(
        shapes: &'static [Shape],
        decode: fn(&serde_json::Value) -> Option<T>,
    ) -> Self {
        Member {
            shape: Shape::Union(shapes),
            decode,
        }
    }

    /// Returns a member whose keys are not known.
    pub(crate) const fn other(decode: fn(&serde_json::Value) -> Option<T>) -> Self {
        Member {
            shape: Shape::Other,
            decode,
        }
    }
}

/// Decodes `value` as a member of a union, for a [`Member`]'s decode function.
pub(crate) fn member<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// Decodes `value` as the first of `members` that fits the keys of the object, else as the
/// first that decodes it, else as `unknown`.
///
/// A member without required properties decodes any object by skipping the keys it does not
/// declare, so trying the members in order alone would read `{"b": 1}` as a member that
/// declares only `a`, and drop `b`. A member fits an object when it declares every key of the
/// object and the object has every key the member requires. A member that is itself a union
/// fits when one of its own members does, and decodes only a value that one of them decodes.
pub(crate) fn decode_union<T>(
    value: serde_json::Value,
    members: &[Member<T>],
    unknown: fn(serde_json::Value) -> T,
) -> T {
    let object = value.as_object();
    let fits = |member: &Member<T>| object.is_some_and(|object| member.shape.fits(object));
    let fitting = members.iter().filter(|member| fits(member));
    let others = members.iter().filter(|member| !fits(member));
    for member in fitting.chain(others) {
        if let Some(decoded) = (member.decode)(&value) {
            return decoded;
        }
    }
    unknown(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pair {
        id: String,
        note: Option<String>,
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct PairVisitor;

            impl<'de> Visitor<'de> for PairVisitor {
                type Value = Pair;

                fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                    formatter.write_str("struct Pair")
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pair, A::Error> {
                    let mut id: Option<String> = None;
                    let mut note: Option<Option<String>> = None;
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "id" => read(&mut map, &mut id, "id"),
                            "note" => read(&mut map, &mut note, "note"),
                            _ => skip(&mut map),
                        }?;
                    }
                    match id {
                        Some(id) => Ok(Pair {
                            id,
                            note: note.flatten(),
                        }),
                        None => Err(missing(&[(true, "id")])),
                    }
                }
            }

            deserializer.deserialize_struct("Pair", &["id", "note"], PairVisitor)
        }
    }

    #[test]
    fn fields_read_and_unknown_skipped() {
        let pair: Pair = serde_json::from_str(r#"{"extra":[1,{"a":2}],"id":"x","note":null}"#)
            .expect("a valid object");
        assert_eq!(
            pair,
            Pair {
                id: "x".to_owned(),
                note: None
            }
        );
    }

    #[test]
    fn escaped_key_matches() {
        let pair: Pair = serde_json::from_str(r#"{"\u0069d":"x"}"#).expect("a valid object");
        assert_eq!(pair.id, "x");
    }

    #[test]
    fn missing_required_key_rejected() {
        let error = serde_json::from_str::<Pair>(r#"{"note":"n"}"#).expect_err("no id");
        assert!(error.to_string().contains("missing field `id`"), "{error}");
    }

    #[test]
    fn missing_names_first_lacking_key() {
        let error: serde_json::Error = missing(&[(false, "a"), (true, "b"), (true, "c")]);
        assert!(error.to_string().contains("missing field `b`"), "{error}");
    }

    #[test]
    fn repeated_key_rejected() {
        let error = serde_json::from_str::<Pair>(r#"{"id":"a","id":"b"}"#).expect_err("two ids");
        assert!(
            error.to_string().contains("duplicate field `id`"),
            "{error}"
        );
    }

    #[test]
    fn array_rejected() {
        let error = serde_json::from_str::<Pair>(r#"["x", null]"#).expect_err("not an object");
        assert!(
            error.to_string().contains("expected struct Pair"),
            "{error}"
        );
    }

    #[test]
    fn value_input_reads_owned_keys() {
        let value = serde_json::json!({"id": "x", "note": "n"});
        let pair: Pair = serde_json::from_value(value).expect("a valid object");
        assert_eq!(pair.note.as_deref(), Some("n"));
    }

    fn pair_member(value: &serde_json::Value) -> Option<Result<Pair, String>> {
        member(value).map(Ok)
    }

    fn text_member(value: &serde_json::Value) -> Option<Result<Pair, String>> {
        member(value).map(Err)
    }

    fn unknown(value: serde_json::Value) -> Result<Pair, String> {
        Err(format!("unknown {value}"))
    }

    /// Decodes any object, as a struct without required properties does.
    fn any_object(value: &serde_json::Value) -> Option<Result<Pair, String>> {
        member::<serde_json::Map<String, serde_json::Value>>(value).map(|_| Err("object".into()))
    }

    #[test]
    fn union_prefers_member_with_every_key() {
        let members = [
            Member::closed(&["other"], &[], any_object),
            Member::closed(&["id", "note"], &["id"], pair_member),
        ];
        let value = serde_json::json!({"id": "x"});
        let decoded = decode_union(value, &members, unknown);
        assert_eq!(decoded.map(|pair| pair.id), Ok("x".to_owned()));
    }

    #[test]
    fn nested_union_fits_through_its_members() {
        const PAIR_SHAPES: &[Shape] = &[Shape::Closed(&["id", "note"], &["id"])];
        let members = [
            Member::closed(&["other"], &[], any_object),
            Member::union(PAIR_SHAPES, pair_member),
        ];
        let decoded = decode_union(serde_json::json!({"id": "x"}), &members, unknown);
        assert_eq!(decoded.map(|pair| pair.id), Ok("x".to_owned()));
        let empty = decode_union(serde_json::json!({}), &members, unknown);
        assert_eq!(empty, Err("object".to_owned()));
    }

    #[test]
    fn union_falls_back_to_order() {
        let members = [
            Member::closed(&["id"], &["id"], pair_member),
            Member::other(text_member),
        ];
        let text = decode_union(serde_json::json!("t"), &members, unknown);
        assert_eq!(text, Err("t".to_owned()));
        let extra = serde_json::json!({"id": "x", "extra": 1});
        let pair = decode_union(extra, &members, unknown);
        assert_eq!(pair.map(|pair| pair.id), Ok("x".to_owned()));
        let none = decode_union(serde_json::json!(1), &members, unknown);
        assert_eq!(none, Err("unknown 1".to_owned()));
    }
}
