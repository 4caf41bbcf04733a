//! Finds the integers beyond 64 bits that the reader clamped, with the digits the spec gives.
//!
//! The visitor in `yaml.rs` clamps such an integer to `i64::MIN` or `u64::MAX`, and tracks no
//! path. When the parsed document contains either bound, this second parse of the YAML text
//! tracks the JSON pointer of every value and records each clamped integer, so that a message
//! can quote the spec's number instead of the bound. JSON text needs no second parse, because
//! serde_json reads an integer beyond 64 bits as a float, which is not clamped.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::pointer::escape_pointer_token;
use super::yaml::{JsonFromYaml, key_text};

/// Returns the decimal digits of each integer that the reader clamped in YAML `text`, by JSON
/// pointer. `document`, the parsed text, decides whether the second parse runs: only a document
/// that contains a bound can have a clamped integer.
pub fn find_clamped(text: &str, document: &Value) -> BTreeMap<String, String> {
    let found = RefCell::new(BTreeMap::new());
    if !has_bound(document) {
        return found.into_inner();
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    // The text parsed once already, so an error here means the two visitors disagree. The
    // integers recorded before the error are kept.
    let _ = Walker::root(&found).deserialize(deserializer);
    found.into_inner()
}

/// Tells whether `value` contains `i64::MIN` or `u64::MAX`, the values a clamped integer takes.
fn has_bound(value: &Value) -> bool {
    match value {
        Value::Number(number) => {
            number.as_i64() == Some(i64::MIN) || number.as_u64() == Some(u64::MAX)
        }
        Value::Array(items) => items.iter().any(has_bound),
        Value::Object(map) => map.values().any(has_bound),
        _ => false,
    }
}

/// Walks one value, tracking its JSON pointer, and records each clamped integer in `found`.
struct Walker<'a> {
    pointer: String,
    found: &'a RefCell<BTreeMap<String, String>>,
}

impl<'a> Walker<'a> {
    fn root(found: &'a RefCell<BTreeMap<String, String>>) -> Walker<'a> {
        Walker {
            pointer: "#".to_owned(),
            found,
        }
    }

    fn child(&self, token: &str) -> Walker<'a> {
        Walker {
            pointer: format!("{}/{}", self.pointer, escape_pointer_token(token)),
            found: self.found,
        }
    }

    fn record(self, digits: String) {
        self.found.borrow_mut().insert(self.pointer, digits);
    }
}

impl<'de> DeserializeSeed<'de> for Walker<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walker<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<(), E> {
        if i64::try_from(value).is_err() && u64::try_from(value).is_err() {
            self.record(value.to_string());
        }
        Ok(())
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<(), E> {
        if u64::try_from(value).is_err() {
            self.record(value.to_string());
        }
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while seq
            .next_element_seed(self.child(&index.to_string()))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    /// Keys go through [`key_text`], as in the first parse, so that the pointers match.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(JsonFromYaml(key)) = map.next_key()? {
            map.next_value_seed(self.child(&key_text(key)))?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (JsonFromYaml(_tag), variant) = data.variant()?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clamped(text: &str) -> BTreeMap<String, String> {
        let document = serde_yaml::from_str::<JsonFromYaml>(text).expect("valid YAML");
        find_clamped(text, &document.0)
    }

    #[test]
    fn clamped_integers_keep_their_digits() {
        let text = "a: {default: 123456789012345678901234567890}\n\
                    b: [1, -99999999999999999999]\n\
                    c: 18446744073709551615\n";
        let found = clamped(text);
        let expected = BTreeMap::from([
            (
                "#/a/default".to_owned(),
                "123456789012345678901234567890".to_owned(),
            ),
            ("#/b/1".to_owned(), "-99999999999999999999".to_owned()),
        ]);
        assert_eq!(found, expected);
    }

    #[test]
    fn document_without_bounds_has_none() {
        assert!(clamped("a: 1\nb: [2, x]\n").is_empty());
    }
}
