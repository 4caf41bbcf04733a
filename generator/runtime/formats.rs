//! Serde adapters for `format: byte` values, which are `Vec<u8>` in Rust and standard base64
//! text in JSON bodies and in parameters.
//!
//! An adapter type names the wire form of a whole field type: `Base64` for `Vec<u8>`,
//! `Vec<Base64>` for `Vec<Vec<u8>>`, `Option<Base64>` for `Option<Vec<u8>>`, and so on. Fields
//! use it through `#[serde(with = "crate::formats::With::<...>")]`; bodies and parameters wrap
//! their value in [`Written`] or [`Read`].

// Every SDK whose spec has a `format: byte` value gets this whole file.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A wire form of a value of type `T`: how serde writes and reads it.
pub(crate) trait Adapter<T> {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// `Vec<u8>` as a base64 string. Writing uses the standard alphabet with padding (RFC 4648,
/// section 4); reading also accepts missing padding and the URL-safe alphabet (section 5).
pub(crate) struct Base64;

/// Decoders tried in turn when reading base64 text.
const LENIENT: [GeneralPurpose; 2] = [
    GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    ),
    GeneralPurpose::new(
        &alphabet::URL_SAFE,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    ),
];

impl Adapter<Vec<u8>> for Base64 {
    fn serialize<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(value))
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        LENIENT
            .iter()
            .find_map(|engine| engine.decode(&text).ok())
            .ok_or_else(|| D::Error::custom(format_args!("invalid base64 value {text:?}")))
    }
}

impl<T, A: Adapter<T>> Adapter<Option<T>> for Option<A> {
    fn serialize<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&Written::<T, A>::new(value)),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        let value = Option::<Read<T, A>>::deserialize(deserializer)?;
        Ok(value.map(Read::into_inner))
    }
}

impl<T, A: Adapter<T>> Adapter<Vec<T>> for Vec<A> {
    fn serialize<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(Written::<T, A>::new))
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        let items = Vec::<Read<T, A>>::deserialize(deserializer)?;
        Ok(items.into_iter().map(Read::into_inner).collect())
    }
}

impl<T, A: Adapter<T>> Adapter<BTreeMap<String, T>> for BTreeMap<String, A> {
    fn serialize<S: Serializer>(
        value: &BTreeMap<String, T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            value
                .iter()
                .map(|(key, value)| (key, Written::<T, A>::new(value))),
        )
    }

    fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, T>, D::Error> {
        let entries = BTreeMap::<String, Read<T, A>>::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(key, value)| (key, value.into_inner()))
            .collect())
    }
}

impl<T, A: Adapter<T>> Adapter<Box<T>> for Box<A> {
    fn serialize<S: Serializer>(value: &Box<T>, serializer: S) -> Result<S::Ok, S::Error> {
        A::serialize(value.as_ref(), serializer)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<T>, D::Error> {
        A::deserialize(deserializer).map(Box::new)
    }
}

/// An optional field that may also be `null`. Serde reads it only when the key is present, so
/// `null` becomes `Some(None)` and a missing key keeps the field's default, `None`.
pub(crate) struct Present<A>(PhantomData<A>);

impl<T, A: Adapter<T>> Adapter<Option<Option<T>>> for Present<A> {
    fn serialize<S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(value)) => serializer.serialize_some(&Written::<T, A>::new(value)),
            _ => serializer.serialize_none(),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        <Option<A> as Adapter<Option<T>>>::deserialize(deserializer).map(Some)
    }
}

/// The functions that `#[serde(with = "...")]` calls, for a field whose wire form is `A`.
pub(crate) struct With<A>(PhantomData<A>);

impl<A> With<A> {
    pub(crate) fn serialize<T, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        A: Adapter<T>,
    {
        A::serialize(value, serializer)
    }

    pub(crate) fn deserialize<'de, T, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>
    where
        A: Adapter<T>,
    {
        A::deserialize(deserializer)
    }
}

/// A borrowed value that serializes in the wire form `A`, for bodies and parameters.
pub(crate) struct Written<'a, T, A> {
    value: &'a T,
    adapter: PhantomData<A>,
}

impl<'a, T, A> Written<'a, T, A> {
    pub(crate) fn new(value: &'a T) -> Written<'a, T, A> {
        Written {
            value,
            adapter: PhantomData,
        }
    }
}

impl<T, A: Adapter<T>> Serialize for Written<'_, T, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        A::serialize(self.value, serializer)
    }
}

/// A value read in the wire form `A`, for response bodies.
pub(crate) struct Read<T, A> {
    value: T,
    adapter: PhantomData<A>,
}

impl<T, A> Read<T, A> {
    pub(crate) fn into_inner(self) -> T {
        self.value
    }
}

impl<'de, T, A: Adapter<T>> Deserialize<'de> for Read<T, A> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Read {
            value: A::deserialize(deserializer)?,
            adapter: PhantomData,
        })
    }
}

impl<T: fmt::Debug, A> fmt::Debug for Read<T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_reads_unpadded_and_url_safe() {
        for text in ["\"+/8=\"", "\"+/8\"", "\"-_8=\""] {
            let read: Read<Vec<u8>, Base64> = serde_json::from_str(text).expect("decodes");
            assert_eq!(read.into_inner(), vec![0xfb, 0xff], "{text}");
        }
    }

    #[test]
    fn base64_writes_standard_padded() {
        let bytes = vec![0xfb, 0xff];
        let text = serde_json::to_string(&Written::<_, Base64>::new(&bytes)).expect("encodes");
        assert_eq!(text, "\"+/8=\"");
    }
}
