//! Field types that accept what real servers send, not only what their docs say.
//!
//! The specs name these types (through `x-rust-type`), and the generator uses them in place
//! of the schema it would otherwise make.

use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A time sent as epoch milliseconds (a number or a string of digits), RFC 3339, or the
/// `2024-01-08 16:52:04.864664` form without a zone. Keeps the raw value; [`to_utc`](Self::to_utc)
/// interprets it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LooseTimestamp {
    /// Sent as a JSON number.
    Number(i64),
    /// Sent as a JSON string.
    Text(String),
}

impl LooseTimestamp {
    /// The time in UTC, or `None` when the value is empty or in no known form.
    ///
    /// Numbers of 10^11 and above are epoch milliseconds, smaller ones epoch seconds.
    /// Times without a zone are taken as UTC.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            LooseTimestamp::Number(n) => from_epoch(*n),
            LooseTimestamp::Text(t) => {
                let t = t.trim();
                if let Ok(n) = t.parse::<i64>() {
                    return from_epoch(n);
                }
                if let Ok(d) = DateTime::parse_from_rfc3339(t) {
                    return Some(d.with_timezone(&Utc));
                }
                ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
                    .iter()
                    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
                    .map(|n| n.and_utc())
            }
        }
    }
}

fn from_epoch(n: i64) -> Option<DateTime<Utc>> {
    if n.abs() >= 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

impl fmt::Display for LooseTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LooseTimestamp::Number(n) => write!(f, "{n}"),
            LooseTimestamp::Text(t) => f.write_str(t),
        }
    }
}

impl From<i64> for LooseTimestamp {
    fn from(n: i64) -> Self {
        LooseTimestamp::Number(n)
    }
}

impl From<&str> for LooseTimestamp {
    fn from(t: &str) -> Self {
        LooseTimestamp::Text(t.to_owned())
    }
}

impl Serialize for LooseTimestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LooseTimestamp::Number(n) => s.serialize_i64(*n),
            LooseTimestamp::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for LooseTimestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseTimestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time as a number or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LooseTimestamp::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(LooseTimestamp::Number)
                    .map_err(|_| E::custom("time out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                if v.is_finite() && v.abs() < 9.0e15 {
                    Ok(LooseTimestamp::Number(v as i64))
                } else {
                    Err(E::custom("time out of range"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LooseTimestamp::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// An integer sent as a JSON number or as a string of digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LooseInt(pub i64);

impl LooseInt {
    /// The value.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for LooseInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<i64> for LooseInt {
    fn from(v: i64) -> Self {
        LooseInt(v)
    }
}

impl Serialize for LooseInt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for LooseInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseInt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, or a string of digits")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LooseInt(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(LooseInt)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(LooseInt(v as i64))
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                v.trim()
                    .parse::<i64>()
                    .map(LooseInt)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// A value documented as a string that servers may send as a number (Huawei's `task_status`).
/// Keeps the raw value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LooseString {
    /// Sent as a JSON number.
    Number(i64),
    /// Sent as a JSON string.
    Text(String),
}

impl LooseString {
    /// The value as text, the way the docs describe it.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            LooseString::Number(n) => n.to_string().into(),
            LooseString::Text(t) => t.as_str().into(),
        }
    }

    /// The value as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            LooseString::Number(n) => Some(*n),
            LooseString::Text(t) => t.trim().parse().ok(),
        }
    }
}

impl fmt::Display for LooseString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl From<&str> for LooseString {
    fn from(t: &str) -> Self {
        LooseString::Text(t.to_owned())
    }
}

impl From<i64> for LooseString {
    fn from(n: i64) -> Self {
        LooseString::Number(n)
    }
}

impl Serialize for LooseString {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            LooseString::Number(n) => s.serialize_i64(*n),
            LooseString::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for LooseString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = LooseString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(LooseString::Number(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(i64::try_from(v)
                    .map(LooseString::Number)
                    .unwrap_or_else(|_| LooseString::Text(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(LooseString::Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(LooseString::Text(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(LooseString::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Readers for one field of a generated type (`#[serde(default, deserialize_with = …)]`): a
/// value that is of the wrong type or unreadable becomes absent, logged at debug, and the rest
/// of the answer is kept. Only the body as a whole must be JSON.
pub mod field {
    use serde::Deserialize;
    use serde::de::{DeserializeOwned, Deserializer};
    use serde_json::Value;

    fn read<T: DeserializeOwned>(v: Value) -> Option<T> {
        match T::deserialize(v) {
            Ok(t) => Some(t),
            Err(e) => {
                tracing::debug!(target: "jobstatus::decode", r#type = std::any::type_name::<T>(), error = %e, "an unreadable field is taken as absent");
                None
            }
        }
    }

    /// An optional field: `null`, missing or unreadable is `None`.
    pub fn option<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        match Value::deserialize(d)? {
            Value::Null => Ok(None),
            v => Ok(read(v)),
        }
    }

    /// A list: what is not a list is empty, and an unreadable element is left out.
    pub fn vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        match Value::deserialize(d)? {
            Value::Array(items) => Ok(items.into_iter().filter_map(read).collect()),
            Value::Null => Ok(Vec::new()),
            other => {
                tracing::debug!(target: "jobstatus::decode", kind = %kind(&other), "a list field that is not a list is taken as empty");
                Ok(Vec::new())
            }
        }
    }

    /// A map or any other field with a default: unreadable is the default.
    pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned + Default,
    {
        Ok(read(Value::deserialize(d)?).unwrap_or_default())
    }

    fn kind(v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Inner {
        #[serde(default, deserialize_with = "field::option")]
        n: Option<LooseInt>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Outer {
        #[serde(default, deserialize_with = "field::option")]
        when: Option<chrono::DateTime<Utc>>,
        #[serde(default, deserialize_with = "field::option")]
        name: Option<String>,
        #[serde(default, deserialize_with = "field::vec")]
        items: Vec<Inner>,
        #[serde(default, deserialize_with = "field::or_default")]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[test]
    fn one_bad_field_costs_only_itself() {
        let o: Outer = serde_json::from_str(
            r#"{"when":"last tuesday","name":"kept","items":[{"n":"7"},{"n":{}},5],"extra":[1]}"#,
        )
        .unwrap();
        assert_eq!(
            o,
            Outer {
                when: None,
                name: Some("kept".into()),
                items: vec![
                    Inner {
                        n: Some(LooseInt(7))
                    },
                    Inner { n: None }
                ],
                extra: Default::default(),
            }
        );
        let o: Outer = serde_json::from_str(r#"{"items":{"a":1},"name":null}"#).unwrap();
        assert!(o.items.is_empty() && o.name.is_none());
        assert!(serde_json::from_str::<Outer>("\"text\"").is_err());
    }

    #[test]
    fn timestamps_in_every_form() {
        let t: LooseTimestamp = serde_json::from_str("1744276967708").unwrap();
        assert_eq!(
            t.to_utc().unwrap().to_rfc3339(),
            "2025-04-10T09:22:47.708+00:00"
        );
        let t: LooseTimestamp = serde_json::from_str("\"1744276967708\"").unwrap();
        assert_eq!(t.to_utc().unwrap().timestamp_millis(), 1744276967708);
        let t: LooseTimestamp = serde_json::from_str("\"2024-01-08 16:52:04.864664\"").unwrap();
        assert_eq!(
            t.to_utc().unwrap().to_rfc3339(),
            "2024-01-08T16:52:04.864664+00:00"
        );
        let t: LooseTimestamp = serde_json::from_str("\"2024-11-15T07:06:42Z\"").unwrap();
        assert_eq!(t.to_utc().unwrap().timestamp(), 1731654402);
        assert_eq!(LooseTimestamp::from("").to_utc(), None);
        assert_eq!(LooseTimestamp::from("yesterday").to_utc(), None);
        assert_eq!(
            serde_json::to_string(&LooseTimestamp::Number(5)).unwrap(),
            "5"
        );
        assert!(serde_json::from_str::<LooseTimestamp>("true").is_err());
    }

    #[test]
    fn ints_from_numbers_and_digit_strings() {
        assert_eq!(
            serde_json::from_str::<LooseInt>("42").unwrap(),
            LooseInt(42)
        );
        assert_eq!(
            serde_json::from_str::<LooseInt>("\"42\"").unwrap(),
            LooseInt(42)
        );
        assert_eq!(
            serde_json::from_str::<LooseInt>("3.0").unwrap(),
            LooseInt(3)
        );
        let err = serde_json::from_str::<LooseInt>("\"forty\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("an integer, or a string of digits"), "{err}");
    }

    #[test]
    fn strings_from_numbers_keep_the_raw_value() {
        let s: LooseString = serde_json::from_str("0").unwrap();
        assert_eq!(s, LooseString::Number(0));
        assert_eq!(s.as_text(), "0");
        assert_eq!(serde_json::to_string(&s).unwrap(), "0");
        let s: LooseString = serde_json::from_str("\"2\"").unwrap();
        assert_eq!(s.as_i64(), Some(2));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"2\"");
    }
}
