//! Locates a key that appears twice in one mapping of the spec text.
//!
//! serde_json 1.0 reading a `Value` keeps the last entry of a duplicate key, and so would the
//! visitor in `yaml.rs` without its check. That check only notices the duplicate, because the
//! fast parse tracks no path. This second, slower parse runs after such a failure and tracks
//! the JSON pointer of every mapping, so the error can name the mapping, the key and its line.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::pointer::escape_pointer_token;
use super::yaml::{ValueVisitor, key_text};

/// A key that appears more than once in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON pointer of the mapping, such as `#/paths`.
    pub pointer: String,
    /// The repeated key, as text.
    pub key: String,
    /// Line of the second occurrence, counted from 1, when the parser reports it.
    pub line: Option<usize>,
}

/// Finds the first duplicate key in JSON `text`, or `None` when there is none or the text does
/// not parse.
pub fn find_in_json(text: &str) -> Option<DuplicateKey> {
    let found = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let result = Locator::root(&found).deserialize(&mut deserializer);
    let line = result.err().map(|error| error.line());
    found
        .into_inner()
        .map(|duplicate: DuplicateKey| DuplicateKey {
            line: line.filter(|line| *line > 0),
            ..duplicate
        })
}

/// Finds the first duplicate key in YAML `text`, or `None` when there is none or the text does
/// not parse.
pub fn find_in_yaml(text: &str) -> Option<DuplicateKey> {
    let found = RefCell::new(None);
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let result = Locator::root(&found).deserialize(deserializer);
    let line = result
        .err()
        .and_then(|error| error.location())
        .map(|location| location.line());
    found
        .into_inner()
        .map(|duplicate: DuplicateKey| DuplicateKey { line, ..duplicate })
}

/// Walks one value, tracking its JSON pointer, and records the first duplicate key in `found`.
struct Locator<'a> {
    pointer: String,
    found: &'a RefCell<Option<DuplicateKey>>,
}

impl<'a> Locator<'a> {
    fn root(found: &'a RefCell<Option<DuplicateKey>>) -> Locator<'a> {
        Locator {
            pointer: "#".to_owned(),
            found,
        }
    }

    fn child(&self, token: &str) -> Locator<'a> {
        Locator {
            pointer: format!("{}/{}", self.pointer, escape_pointer_token(token)),
            found: self.found,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Locator<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Locator<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
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

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
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

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        loop {
            let key_seed = KeySeed {
                seen: &mut seen,
                mapping: &self,
            };
            let Some(key) = map.next_key_seed(key_seed)? else {
                return Ok(());
            };
            map.next_value_seed(self.child(&key))?;
        }
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let (_tag, variant) = data.variant_seed(Locator {
            pointer: self.pointer.clone(),
            found: self.found,
        })?;
        de::VariantAccess::newtype_variant_seed(variant, self)
    }
}

/// Reads one key of the mapping at `mapping` and fails when `seen` already contains it.
///
/// The check runs inside the key's own visitor, because serde_yaml 0.9 and serde_json 1.0 give
/// an error raised there the position of the key rather than that of the mapping.
struct KeySeed<'s, 'a> {
    seen: &'s mut HashSet<String>,
    mapping: &'s Locator<'a>,
}

impl KeySeed<'_, '_> {
    fn check<E: de::Error>(self, key: Value) -> Result<String, E> {
        let key = key_text(key);
        if self.seen.insert(key.clone()) {
            return Ok(key);
        }
        let message = format!("duplicate key {key:?}");
        *self.mapping.found.borrow_mut() = Some(DuplicateKey {
            pointer: self.mapping.pointer.clone(),
            key,
            line: None,
        });
        Err(E::custom(message))
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Keys go through [`ValueVisitor`] and [`key_text`], as in the fast parse, so that `200` and
/// `"200"` count as the same key there and here.
impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        let key = ValueVisitor.visit_bool(value)?;
        self.check(key)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        let key = ValueVisitor.visit_i64(value)?;
        self.check(key)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        let key = ValueVisitor.visit_u64(value)?;
        self.check(key)
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<String, E> {
        let key = ValueVisitor.visit_i128(value)?;
        self.check(key)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<String, E> {
        let key = ValueVisitor.visit_u128(value)?;
        self.check(key)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        let key = ValueVisitor.visit_f64(value)?;
        self.check(key)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        let key = ValueVisitor.visit_str(value)?;
        self.check(key)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        let key = ValueVisitor.visit_unit()?;
        self.check(key)
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        let key = ValueVisitor.visit_none()?;
        self.check(key)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        let key = ValueVisitor.visit_seq(seq)?;
        self.check(key)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let key = ValueVisitor.visit_map(map)?;
        self.check(key)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        let key = ValueVisitor.visit_enum(data)?;
        self.check(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_duplicate_names_mapping_key_and_line() {
        let text = "openapi: 3.0.3\npaths:\n  /pets:\n    get: {}\n  /pets:\n    post: {}\n";
        let duplicate = find_in_yaml(text).expect("a duplicate");
        assert_eq!(duplicate.pointer, "#/paths");
        assert_eq!(duplicate.key, "/pets");
        assert_eq!(duplicate.line, Some(5));
    }

    #[test]
    fn json_duplicate_names_mapping_key_and_line() {
        let text = "{\"components\": {\"schemas\": {\"Pet\": {\"properties\": {\n\
                    \"id\": {},\n\"id\": {}}}}}}";
        let duplicate = find_in_json(text).expect("a duplicate");
        assert_eq!(duplicate.pointer, "#/components/schemas/Pet/properties");
        assert_eq!(duplicate.key, "id");
        assert_eq!(duplicate.line, Some(3));
    }

    #[test]
    fn yaml_keys_compare_as_text() {
        let text = "responses:\n  200: {}\n  '200': {}\n";
        let duplicate = find_in_yaml(text).expect("a duplicate");
        assert_eq!(duplicate.pointer, "#/responses");
        assert_eq!(duplicate.key, "200");
    }

    #[test]
    fn duplicate_inside_sequence_and_tag_is_located() {
        let text = "a:\n  - x: 1\n  - !tag\n    y: 1\n    y: 2\n";
        let duplicate = find_in_yaml(text).expect("a duplicate");
        assert_eq!(duplicate.pointer, "#/a/1");
        assert_eq!(duplicate.key, "y");
    }

    #[test]
    fn same_key_in_sibling_mappings_is_allowed() {
        assert_eq!(find_in_yaml("a: {id: 1}\nb: {id: 2}\n"), None);
        assert_eq!(
            find_in_json("{\"a\": {\"id\": 1}, \"b\": {\"id\": 2}}"),
            None
        );
    }
}
