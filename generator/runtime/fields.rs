//! Helpers of the `Serialize` and `Deserialize` impls that the generator writes for models.
//!
//! `serde_derive` expands each struct into a field enum with its own `Deserialize` impl and
//! visitor, plus `visit_seq` and `visit_map`. On a crate with hundreds of models, that is the
//! largest share of what the compiler spends, so the generator writes smaller impls. They read a
//! JSON object only: each key is matched as a string, its value kept in an `Option` per field,
//! and unknown keys are skipped. A repeated or missing required key gets the same error as the
//! derived impl.
//!
//! A struct of up to 32 properties reads and writes a tuple of its fields' values through
//! [`decode_struct`] and [`encode_struct`], whose generic code is compiled once per tuple type.
//! The generator lists such a struct's properties in an `impl_serde!` invocation, and the
//! values of a string or integer enum in an `impl_string_enum!` or `impl_integer_enum!` one,
//! and these macros write the impls. A larger struct, or one that collects unknown keys into
//! a map, has the loop written out with [`read`], [`skip`] and [`missing`].
//!
//! A `oneOf` or `anyOf` without a discriminator decodes through [`decode_union`], which tries
//! first the members that declare every key of the object.

#![allow(dead_code)]

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// The properties of a model struct, as [`decode_struct`] reads them and [`encode_struct`]
/// writes them.
pub(crate) struct Properties {
    /// The struct's name, for error messages.
    pub(crate) name: &'static str,
    /// The wire name of each property, in the order of the struct's fields.
    pub(crate) keys: &'static [&'static str],
    /// Whether an object must have the key at the same index of `keys`: true for a required
    /// property that is not nullable. A required nullable property that is absent reads as
    /// `None`.
    pub(crate) required: &'static [bool],
}

/// Writes the `PROPERTIES` constant of a model struct and its `Serialize` and `Deserialize`
/// impls, which go through [`encode_struct`] and [`decode_struct`].
///
/// Each property is listed as `field: "wire key" kind`, in the order of the struct's fields.
/// The kind sets how `None` is written and how an absent key is read:
///
/// - `required`: the object must have the key.
/// - `nullable`: a required property that may be `null`, in an `Option`: `None` is written as
///   `null`, and an absent key reads as `None`.
/// - `optional`: `None` leaves the key out, and an absent key reads as `None`.
/// - `optional_nullable`: an optional property that may be `null`, in an `Option<Option<_>>`:
///   `Some(None)` is written as `null`, and `null` reads as `Some(None)`.
///
/// A struct takes these impls when it has at most 32 properties and keeps no unknown keys.
#[allow(unused_macros)]
macro_rules! impl_serde {
    ($name:ident { $($field:ident: $key:literal $kind:ident),* $(,)? }) => {
        impl $name {
            const PROPERTIES: crate::fields::Properties = crate::fields::Properties {
                name: stringify!($name),
                keys: &[$($key),*],
                required: &[$(crate::fields::impl_serde!(@required $kind)),*],
            };
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let values = ($(crate::fields::impl_serde!(@write self $field $kind),)*);
                crate::fields::encode_struct(serializer, &Self::PROPERTIES, values)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let ($($field,)*) = crate::fields::decode_struct(deserializer, &Self::PROPERTIES)?;
                Ok(Self { $($field: crate::fields::impl_serde!(@read $field $kind)),* })
            }
        }
    };
    (@required required) => { true };
    (@required nullable) => { false };
    (@required optional) => { false };
    (@required optional_nullable) => { false };
    (@write $self:tt $field:ident required) => { Some(&$self.$field) };
    (@write $self:tt $field:ident nullable) => { Some(&$self.$field) };
    (@write $self:tt $field:ident optional) => { $self.$field.as_ref() };
    (@write $self:tt $field:ident optional_nullable) => { $self.$field.as_ref() };
    (@read $field:ident optional_nullable) => { crate::fields::present($field) };
    (@read $field:ident $kind:ident) => { $field };
}

#[allow(unused_imports)]
pub(crate) use impl_serde;

/// Writes the impls of a string enum model: `as_str`, `Display`, `Serialize` and
/// `Deserialize`. Each variant is listed with its value on the wire, as `Variant = "value"`.
/// The enum's last variant is `Unknown(String)`, which keeps a value the list lacks.
#[allow(unused_macros)]
macro_rules! impl_string_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// Returns the value as it appears on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                })
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use impl_string_enum;

/// Writes the impls of an integer enum model: `value`, `Display`, `Serialize` and
/// `Deserialize`. The enum's integer type follows its name, and each variant is listed with
/// its value on the wire, as `Variant = 2`. The enum's last variant is `Unknown` of the
/// integer type, which keeps a value the list lacks.
#[allow(unused_macros)]
macro_rules! impl_integer_enum {
    ($name:ident: $integer:ty { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// Returns the value as it appears on the wire.
            #[inline]
            pub fn value(&self) -> $integer {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                Ok(match <$integer as serde::Deserialize>::deserialize(deserializer)? {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                })
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use impl_integer_enum;

/// Reads an object into a tuple with one value per property of `properties`, in their order,
/// for a model struct's `Deserialize` impl to move into its fields.
///
/// A missing optional property reads as the field type reads an absent value: `None` for an
/// `Option`. A `null` reads as the field type reads `null`.
pub(crate) fn decode_struct<'de, D, R>(
    deserializer: D,
    properties: &'static Properties,
) -> Result<R, D::Error>
where
    D: Deserializer<'de>,
    R: Record<'de>,
{
    let visitor = RecordVisitor {
        properties,
        record: PhantomData,
    };
    deserializer.deserialize_struct(properties.name, properties.keys, visitor)
}

/// Writes `values`, one per property of `properties` in their order, as a struct. A value of
/// `None` leaves its key out: a model struct passes `None` for an optional field that is
/// `None`, and `Some` of a required field, which may itself be an `Option` written as `null`.
pub(crate) fn encode_struct<S, V>(
    serializer: S,
    properties: &'static Properties,
    values: V,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    V: Values,
{
    let mut state = serializer.serialize_struct(properties.name, values.count())?;
    values.write(&mut state, properties.keys)?;
    state.end()
}

/// A tuple of property values that [`decode_struct`] fills from an object.
pub(crate) trait Record<'de>: Sized {
    /// One `Option` per value, `None` until the object gives the value's key.
    type Slots;

    /// Returns slots that are all `None`.
    fn slots() -> Self::Slots;

    /// Reads the value of the key `key` at `index` of the properties into its slot.
    fn read<A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        key: &'static str,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// Takes the values out of their slots, with the error of the first required key that the
    /// object lacked.
    fn finish<E: serde::de::Error>(slots: Self::Slots, properties: &Properties) -> Result<Self, E>;
}

/// A tuple of property values that [`encode_struct`] writes, each an `Option` of a reference.
pub(crate) trait Values {
    /// Counts the values that are written.
    fn count(&self) -> usize;

    /// Writes each value that is `Some` under its key in `keys`.
    fn write<S: SerializeStruct>(
        &self,
        state: &mut S,
        keys: &[&'static str],
    ) -> Result<(), S::Error>;
}

/// Returns the value of the property at `index` from its slot. An absent key is an error when
/// `properties` requires it, and otherwise reads as the type reads an absent value.
fn take<'de, T, E>(slot: Option<T>, index: usize, properties: &Properties) -> Result<T, E>
where
    T: Deserialize<'de>,
    E: serde::de::Error,
{
    let key = key_at(properties.keys, index);
    match slot {
        Some(value) => Ok(value),
        None if properties.required.get(index) == Some(&true) => Err(E::missing_field(key)),
        None => T::deserialize(Absent {
            key,
            error: PhantomData,
        }),
    }
}

/// Reads an object into the tuple `R` for [`decode_struct`].
struct RecordVisitor<R> {
    properties: &'static Properties,
    record: PhantomData<fn() -> R>,
}

impl<'de, R: Record<'de>> Visitor<'de> for RecordVisitor<R> {
    type Value = R;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", self.properties.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
        let keys = self.properties.keys;
        let mut slots = R::slots();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match keys.iter().position(|known| *known == key.as_str()) {
                Some(index) => R::read(&mut slots, index, key_at(keys, index), &mut map),
                None => skip(&mut map),
            }?;
        }
        R::finish(slots, self.properties)
    }
}

/// The value of a key that an object lacks: `None` to an `Option` and to a [`Present`], and the
/// missing-field error to any other type.
struct Absent<E> {
    key: &'static str,
    error: PhantomData<fn() -> E>,
}

impl<'de, E: serde::de::Error> Deserializer<'de> for Absent<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.key))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The value of a property that may be absent or `null`, as [`decode_struct`] reads it: `None`
/// when the object lacks the key, and `Some` of the value, `null` included, when it has it.
pub(crate) struct Present<T>(Option<T>);

/// Returns the value of a [`Present`] property, for a field of type `Option<Option<_>>`.
pub(crate) fn present<T>(value: Present<T>) -> Option<T> {
    value.0
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Present<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = PresentVisitor(PhantomData);
        deserializer.deserialize_newtype_struct("Present", visitor)
    }
}

/// Reads a [`Present`]: [`Absent`] calls `visit_none`, and any other deserializer
/// `visit_newtype_struct` with the value.
struct PresentVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PresentVisitor<T> {
    type Value = Present<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a value or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Present<T>, E> {
        Ok(Present(None))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Present<T>, D::Error> {
        T::deserialize(deserializer).map(|value| Present(Some(value)))
    }
}

/// Returns the key at `index` of `keys`, or an empty key past their end.
fn key_at(keys: &[&'static str], index: usize) -> &'static str {
    keys.get(index).copied().unwrap_or_default()
}

/// Implements [`Record`] and [`Values`] for the tuple of the listed type parameters.
macro_rules! property_tuple {
    ($($index:tt $value:ident,)*) => {
        impl<'de, $($value: Deserialize<'de>),*> Record<'de> for ($($value,)*) {
            type Slots = ($(Option<$value>,)*);

            #[allow(clippy::unused_unit)]
            fn slots() -> Self::Slots {
                ($(None::<$value>,)*)
            }

            #[allow(unused_variables)]
            fn read<A: MapAccess<'de>>(
                slots: &mut Self::Slots,
                index: usize,
                key: &'static str,
                map: &mut A,
            ) -> Result<(), A::Error> {
                match index {
                    $($index => read(map, &mut slots.$index, key),)*
                    _ => skip(map),
                }
            }

            #[allow(unused_variables, clippy::unused_unit)]
            fn finish<E: serde::de::Error>(
                slots: Self::Slots,
                properties: &Properties,
            ) -> Result<Self, E> {
                Ok(($(take(slots.$index, $index, properties)?,)*))
            }
        }

        impl<$($value: Serialize),*> Values for ($(Option<&$value>,)*) {
            fn count(&self) -> usize {
                0 $(+ usize::from(self.$index.is_some()))*
            }

            #[allow(unused_variables)]
            fn write<S: SerializeStruct>(
                &self,
                state: &mut S,
                keys: &[&'static str],
            ) -> Result<(), S::Error> {
                $(
                    if let Some(value) = self.$index {
                        state.serialize_field(key_at(keys, $index), value)?;
                    }
                )*
                Ok(())
            }
        }
    };
}

/// Implements [`Record`] and [`Values`] for the tuples of each prefix of the listed type
/// parameters, the empty one included.
macro_rules! property_tuples {
    ([$($done:tt)*]) => {
        property_tuple!($($done)*);
    };
    ([$($done:tt)*] $index:tt $value:ident, $($rest:tt)*) => {
        property_tuple!($($done)*);
        property_tuples!([$($done)* $index $value,] $($rest)*);
    };
}

// NOTE: the generator sends only structs of at most 32 properties through these impls, which
// is its `MAX_TUPLE_PROPERTIES`, so the two limits must change together.
property_tuples! {
    []
    0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7,
    8 T8, 9 T9, 10 T10, 11 T11, 12 T12, 13 T13, 14 T14, 15 T15,
    16 T16, 17 T17, 18 T18, 19 T19, 20 T20, 21 T21, 22 T22, 23 T23,
    24 T24, 25 T25, 26 T26, 27 T27, 28 T28, 29 T29, 30 T30, 31 T31,
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

/// Reads any JSON value as `serde_json::Value` does, but fails on an object that repeats a key,
/// at any depth, as a struct's `Deserialize` does. A union reads its input through it before
/// it tries its members, which read the value without seeing the repeated keys.
pub(crate) fn distinct_value<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<serde_json::Value, D::Error> {
    deserializer.deserialize_any(DistinctValueVisitor)
}

/// A value read by [`distinct_value`], for the elements and entries it reads in turn.
struct DistinctValue(serde_json::Value);

impl<'de> Deserialize<'de> for DistinctValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        distinct_value(deserializer).map(DistinctValue)
    }
}

struct DistinctValueVisitor;

impl<'de> Visitor<'de> for DistinctValueVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::from(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::from(value))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::String(value.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::String(value))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<serde_json::Value, D::Error> {
        distinct_value(deserializer)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> Result<serde_json::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(DistinctValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<serde_json::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let DistinctValue(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
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

    /// A struct in the shape the generator writes through [`decode_struct`] and
    /// [`encode_struct`]: `parent` is required and nullable, `label` optional and nullable, and
    /// `note` and `count` optional.
    #[derive(Debug, PartialEq)]
    struct Entry {
        id: String,
        note: Option<String>,
        parent: Option<String>,
        count: Option<Box<i64>>,
        label: Option<Option<String>>,
    }

    impl_serde! {
        Entry {
            id: "id" required,
            note: "note" optional,
            parent: "parent" nullable,
            count: "count" optional,
            label: "label" optional_nullable,
        }
    }

    /// A struct without properties.
    #[derive(Debug, PartialEq)]
    struct Empty {}

    impl<'de> Deserialize<'de> for Empty {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            const PROPERTIES: Properties = Properties {
                name: "Empty",
                keys: &[],
                required: &[],
            };
            let () = decode_struct(deserializer, &PROPERTIES)?;
            Ok(Self {})
        }
    }

    #[test]
    fn record_reads_present_null_and_absent_keys() {
        let text = r#"{"extra":{"id":1},"parent":null,"id":"x","count":3}"#;
        let entry: Entry = serde_json::from_str(text).expect("a valid object");
        let expected = Entry {
            id: "x".to_owned(),
            note: None,
            parent: None,
            count: Some(Box::new(3)),
            label: None,
        };
        assert_eq!(entry, expected);
    }

    #[test]
    fn present_keeps_absent_null_and_value_apart() {
        let label = |text: &str| serde_json::from_str::<Entry>(text).map(|entry| entry.label);
        let absent = label(r#"{"id":"x","parent":null}"#).expect("absent");
        assert_eq!(absent, None);
        let null = label(r#"{"id":"x","parent":null,"label":null}"#).expect("null");
        assert_eq!(null, Some(None));
        let value = label(r#"{"id":"x","parent":null,"label":"l"}"#).expect("value");
        assert_eq!(value, Some(Some("l".to_owned())));
        let owned = serde_json::json!({"id": "x", "parent": null, "label": null});
        let entry: Entry = serde_json::from_value(owned).expect("a valid value");
        assert_eq!(entry.label, Some(None));
    }

    #[test]
    fn distinct_value_matches_serde_json() {
        let text = r#"{"a":[1,-2,3.5,"s",null,true,{"b":{}}],"c":9007199254740993}"#;
        let read = |text: &str| {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            distinct_value(&mut deserializer)
        };
        let expected: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        assert_eq!(read(text).expect("no repeated key"), expected);
        let error = read(r#"[{"x":1,"y":{"z":1,"z":2}}]"#).expect_err("a repeated key");
        assert!(error.to_string().contains("duplicate field `z`"), "{error}");
    }

    #[test]
    fn record_needs_required_keys_only() {
        let error = serde_json::from_str::<Entry>(r#"{"note":"n"}"#).expect_err("no id");
        assert!(error.to_string().contains("missing field `id`"), "{error}");
        let entry = serde_json::from_str::<Entry>(r#"{"id":"x"}"#).expect("no parent");
        assert_eq!(entry.parent, None);
    }

    #[test]
    fn record_rejects_repeated_key_and_array() {
        let text = r#"{"id":"a","parent":null,"note":"n","note":"m"}"#;
        let error = serde_json::from_str::<Entry>(text).expect_err("two notes");
        assert!(
            error.to_string().contains("duplicate field `note`"),
            "{error}"
        );
        let error = serde_json::from_str::<Entry>(r#"["a"]"#).expect_err("not an object");
        assert!(
            error.to_string().contains("expected struct Entry"),
            "{error}"
        );
    }

    #[test]
    fn record_reads_owned_keys_and_no_properties() {
        let value = serde_json::json!({"id": "x", "parent": "p"});
        let entry: Entry = serde_json::from_value(value).expect("a valid object");
        assert_eq!(entry.parent.as_deref(), Some("p"));
        let empty: Empty = serde_json::from_str(r#"{"a":1}"#).expect("any object");
        assert_eq!(empty, Empty {});
    }

    #[test]
    fn values_skip_none_write_required_null() {
        let entry = Entry {
            id: "x".to_owned(),
            note: None,
            parent: None,
            count: Some(Box::new(2)),
            label: Some(None),
        };
        let text = serde_json::to_string(&entry).expect("serializable");
        assert_eq!(text, r#"{"id":"x","parent":null,"count":2,"label":null}"#);
    }

    /// A string enum as the generator writes it.
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        DeepRed,
        Unknown(String),
    }

    impl_string_enum! {
        Color {
            Red = "red",
            DeepRed = "deep-red",
        }
    }

    /// An integer enum as the generator writes it.
    #[derive(Debug, PartialEq)]
    enum Level {
        Low,
        High,
        Unknown(i64),
    }

    impl_integer_enum! {
        Level: i64 {
            Low = -1,
            High = 2,
        }
    }

    #[test]
    fn string_enum_round_trips() {
        let color: Color = serde_json::from_str(r#""deep-red""#).expect("a listed value");
        assert_eq!(color, Color::DeepRed);
        assert_eq!(color.to_string(), "deep-red");
        assert_eq!(serde_json::to_string(&Color::Red).expect("serializable"), r#""red""#);

        let other: Color = serde_json::from_str(r#""green""#).expect("any string");
        assert_eq!(other, Color::Unknown("green".to_owned()));
        assert_eq!(serde_json::to_string(&other).expect("serializable"), r#""green""#);
    }

    #[test]
    fn integer_enum_round_trips() {
        let level: Level = serde_json::from_str("-1").expect("a listed value");
        assert_eq!(level, Level::Low);
        assert_eq!(level.value(), -1);
        assert_eq!(Level::High.to_string(), "2");

        let other: Level = serde_json::from_str("7").expect("any integer");
        assert_eq!(other, Level::Unknown(7));
        assert_eq!(serde_json::to_string(&other).expect("serializable"), "7");
        assert!(serde_json::from_str::<Level>(r#""2""#).is_err());
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
