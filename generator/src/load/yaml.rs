//! YAML read straight into JSON values, so that numbers and keys YAML allows and JSON lacks
//! get a JSON form instead of failing the parse. JSON text is read through the same visitor, so
//! both formats reject a duplicate key the same way.

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// A JSON value read from YAML or JSON.
///
/// A key that appears twice in one mapping fails the parse with a message that contains
/// [`DUPLICATE_KEY`], and [`super::duplicates`] then locates it. Mapping keys that are not
/// strings (such as an unquoted `200:`) become their text. An integer
/// beyond the 64-bit range, such as `-9223372036854776000` (`i64::MIN` as printed by a float
/// formatter), is clamped to the nearest of `i64::MIN` and `u64::MAX`, because the OpenAPI
/// fields that hold integers are 64-bit. [`super::clamped`] records the digits of each, so that
/// messages can quote them. A tagged value keeps its value and drops its tag.
pub struct JsonFromYaml(pub Value);

/// Opening words of the message of a duplicate key.
pub const DUPLICATE_KEY: &str = "duplicate key";

impl<'de> Deserialize<'de> for JsonFromYaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(JsonFromYaml)
    }
}

/// Builds a [`Value`] from any YAML or JSON value.
pub struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        if value < 0 {
            let clamped = i64::try_from(value).unwrap_or(i64::MIN);
            Ok(Value::from(clamped))
        } else {
            let clamped = u64::try_from(value).unwrap_or(u64::MAX);
            Ok(Value::from(clamped))
        }
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        Ok(Value::from(u64::try_from(value).unwrap_or(u64::MAX)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        // NOTE: infinities and NaN have no JSON form. They become null, which no OpenAPI
        // field for a number accepts, so the shape check reports them.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonFromYaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Map::new();
        while let Some((JsonFromYaml(key), JsonFromYaml(value))) = map.next_entry()? {
            match entries.entry(key_text(key)) {
                Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                Entry::Occupied(entry) => {
                    let key = entry.key();
                    return Err(de::Error::custom(format_args!("{DUPLICATE_KEY} {key:?}")));
                }
            }
        }
        Ok(Value::Object(entries))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (JsonFromYaml, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<JsonFromYaml>(variant).map(|value| value.0)
    }
}

/// Returns the text of a mapping key: a string as it is, and any other value as JSON.
pub fn key_text(key: Value) -> String {
    match key {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Value {
        serde_yaml::from_str::<JsonFromYaml>(text)
            .expect("valid YAML")
            .0
    }

    #[test]
    fn integers_beyond_64_bits_clamp() {
        let value = read("low: -9223372036854776000\nhigh: 18446744073709551616\n");
        assert_eq!(value["low"], Value::from(i64::MIN));
        assert_eq!(value["high"], Value::from(u64::MAX));
    }

    #[test]
    fn non_string_keys_become_text() {
        let value = read("200: ok\ntrue: yes\n1.5: x\n");
        assert_eq!(value["200"], "ok");
        assert_eq!(value["true"], "yes");
        assert_eq!(value["1.5"], "x");
    }

    #[test]
    fn duplicate_key_fails() {
        let error = serde_yaml::from_str::<JsonFromYaml>("a: 1\nb: 2\na: 3\n")
            .err()
            .expect("a duplicate key");
        assert!(
            error.to_string().starts_with("duplicate key \"a\""),
            "{error}"
        );

        let error = serde_json::from_str::<JsonFromYaml>("{\"a\": 1, \"a\": 2}")
            .err()
            .expect("a duplicate key");
        assert!(
            error.to_string().starts_with("duplicate key \"a\""),
            "{error}"
        );
    }

    #[test]
    fn tagged_value_keeps_value() {
        let value = read("a: !custom 3\n");
        assert_eq!(value["a"], 3);
    }
}
