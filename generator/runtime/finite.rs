//! The check that a value to send contains no NaN or infinite number. JSON has no form for them,
//! and serde_json writes them as `null`, so a request would carry another value than the
//! caller's.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::fmt;

use serde::ser::{self, Serialize};

use crate::error::Error;

/// Returns [`Error::Encode`] when `value` contains an `f32` or `f64` that is NaN or infinite.
/// The message names the subject that `subject` returns, such as `query parameter "limit"`,
/// and the place of the number inside the value, such as `items[2].price`.
pub(crate) fn check_finite<T: Serialize + ?Sized>(
    subject: impl FnOnce() -> String,
    value: &T,
) -> Result<(), Error> {
    value.serialize(FiniteCheck).map_err(|error| {
        let subject = subject();
        let message = match error {
            CheckError::NotFinite { value, mut path } => {
                path.reverse();
                let place = match path.concat() {
                    place if place.is_empty() => String::new(),
                    place => format!(" at `{}`", place.trim_start_matches('.')),
                };
                format!(
                    "{subject} contains {value}{place}, which has no form in JSON or in a \
                     parameter; pass a finite number"
                )
            }
            CheckError::Custom(message) => format!("{subject}: {message}"),
        };
        Error::Encode(ser::Error::custom(message))
    })
}

/// The reason that [`FiniteCheck`] stopped.
#[derive(Debug)]
enum CheckError {
    /// A number that is NaN or infinite, and the path to it, innermost segment first.
    NotFinite { value: f64, path: Vec<String> },
    /// An error that the value's own `Serialize` implementation raised.
    Custom(String),
}

impl CheckError {
    /// Adds `segment`, such as `.name` or `[3]`, in front of the path to the number.
    fn within(mut self, segment: impl FnOnce() -> String) -> CheckError {
        if let CheckError::NotFinite { path, .. } = &mut self {
            path.push(segment());
        }
        self
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::NotFinite { value, .. } => write!(f, "{value} is not a finite number"),
            CheckError::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CheckError {}

impl ser::Error for CheckError {
    fn custom<T: fmt::Display>(message: T) -> CheckError {
        CheckError::Custom(message.to_string())
    }
}

fn check(value: f64) -> Result<(), CheckError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(CheckError::NotFinite {
            value,
            path: Vec::new(),
        })
    }
}

/// A serializer that writes nothing and visits every number of a value.
struct FiniteCheck;

/// The serializer of the items, entries or fields of one array, map, struct or tuple.
struct Compound {
    /// Index of the next item, for the path to a number.
    index: usize,
    /// Text of the last map key, for the path to a number in its value.
    key: String,
}

impl Compound {
    fn new() -> Compound {
        Compound {
            index: 0,
            key: String::new(),
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CheckError> {
        let index = self.index;
        self.index += 1;
        value
            .serialize(FiniteCheck)
            .map_err(|error| error.within(|| format!("[{index}]")))
    }

    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), CheckError> {
        value
            .serialize(FiniteCheck)
            .map_err(|error| error.within(|| format!(".{name}")))
    }
}

impl ser::Serializer for FiniteCheck {
    type Ok = ();
    type Error = CheckError;
    type SerializeSeq = Compound;
    type SerializeTuple = Compound;
    type SerializeTupleStruct = Compound;
    type SerializeTupleVariant = Compound;
    type SerializeMap = Compound;
    type SerializeStruct = Compound;
    type SerializeStructVariant = Compound;

    fn serialize_f32(self, value: f32) -> Result<(), CheckError> {
        check(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<(), CheckError> {
        check(value)
    }

    fn serialize_bool(self, _: bool) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_i8(self, _: i8) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_i16(self, _: i16) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_i32(self, _: i32) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_i64(self, _: i64) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_i128(self, _: i128) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_u8(self, _: u8) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_u16(self, _: u16) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_u32(self, _: u32) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_u64(self, _: u64) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_u128(self, _: u128) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_char(self, _: char) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_str(self, _: &str) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_none(self) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CheckError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<(), CheckError> {
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), CheckError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> Result<(), CheckError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }

    fn serialize_tuple(self, _: usize) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound, CheckError> {
        Ok(Compound::new())
    }
}

impl ser::SerializeSeq for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CheckError> {
        self.item(value)
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CheckError> {
        self.item(value)
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CheckError> {
        self.item(value)
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CheckError> {
        self.item(value)
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

impl ser::SerializeMap for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CheckError> {
        key.serialize(FiniteCheck)?;
        self.key = match serde_json::to_value(key) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(_) => String::new(),
        };
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CheckError> {
        let key = std::mem::take(&mut self.key);
        value
            .serialize(FiniteCheck)
            .map_err(|error| error.within(|| format!("[{key:?}]")))
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), CheckError> {
        self.field(name, value)
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound {
    type Ok = ();
    type Error = CheckError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), CheckError> {
        self.field(name, value)
    }

    fn end(self) -> Result<(), CheckError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Line {
        price: f64,
    }

    #[derive(serde::Serialize)]
    struct Order {
        lines: Vec<Line>,
        totals: std::collections::BTreeMap<String, f32>,
    }

    fn message(error: Error) -> String {
        match error {
            Error::Encode(source) => source.to_string(),
            other => panic!("expected Error::Encode, got {other:?}"),
        }
    }

    #[test]
    fn finite_values_pass() {
        let order = Order {
            lines: vec![Line { price: 1.5 }],
            totals: [("eur".to_owned(), 0.0)].into(),
        };
        assert!(check_finite(|| "the request body".to_owned(), &order).is_ok());
        assert!(check_finite(|| "query parameter \"n\"".to_owned(), &Some(-0.0_f64)).is_ok());
    }

    #[test]
    fn nan_names_subject() {
        let error = check_finite(|| "query parameter \"num\"".to_owned(), &f64::NAN).unwrap_err();
        assert_eq!(
            message(error),
            "query parameter \"num\" contains NaN, which has no form in JSON or in a parameter; \
             pass a finite number"
        );
    }

    #[test]
    fn infinity_names_place() {
        let order = Order {
            lines: vec![
                Line { price: 1.0 },
                Line {
                    price: f64::INFINITY,
                },
            ],
            totals: Default::default(),
        };
        let error = check_finite(|| "the request body".to_owned(), &order).unwrap_err();
        assert!(message(error).starts_with("the request body contains inf at `lines[1].price`"));

        let order = Order {
            lines: Vec::new(),
            totals: [("eur".to_owned(), f32::NEG_INFINITY)].into(),
        };
        let error = check_finite(|| "the request body".to_owned(), &order).unwrap_err();
        assert!(message(error).starts_with("the request body contains -inf at `totals[\"eur\"]`"));
    }

    #[test]
    fn nan_in_array_names_index() {
        let error =
            check_finite(|| "header \"x-values\"".to_owned(), &[1.0, f64::NAN]).unwrap_err();
        assert!(message(error).starts_with("header \"x-values\" contains NaN at `[1]`"));
    }
}
