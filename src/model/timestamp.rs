//! A point in time read from input: a TOML datetime or an RFC 3339 string.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant, normalised to UTC. Accepts an offset date-time
/// (`2025-09-30T14:57:00Z`, TOML or string) or a bare date (`2025-09-30`,
/// read as midnight UTC). A local date-time without offset is refused: it
/// would mean a different instant on every machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub DateTime<Utc>);

impl Timestamp {
    /// Parses the accepted text forms.
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Self(t.with_timezone(&Utc)));
        }
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
            return Ok(Self(midnight.and_utc()));
        }
        // `get`, not slicing: byte 19 of hostile text may fall inside a character.
        if let (Some(head), Some(tail)) = (text.get(..19), text.get(19..))
            && !text.ends_with('Z')
            && !tail.contains(['+', '-'])
        {
            return Err(format!(
                "invalid date `{text}`: a date-time needs an offset, e.g. `{head}Z`"
            ));
        }
        Err(format!(
            "invalid date `{text}`: expected an RFC 3339 date-time such as `2025-09-30T14:57:00Z` or a date such as `2025-09-30`"
        ))
    }

    /// RFC 3339 in UTC with a `Z`, seconds precision: the form written to outputs.
    pub fn rfc3339(self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date-time such as 2025-09-30T14:57:00Z")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Timestamp::parse(v).map_err(E::custom)
    }

    // TOML hands native datetimes over as a one-entry map.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Timestamp, A::Error> {
        let Some((_key, value)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a date-time"));
        };
        Timestamp::parse(&value).map_err(de::Error::custom)
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An RFC 3339 date-time with offset (2025-09-30T14:57:00Z) or a date (2025-09-30).",
            "type": "string",
            "anyOf": [{ "format": "date-time" }, { "format": "date" }]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        at: Timestamp,
    }

    #[test]
    fn toml_datetime_string_and_date_agree() {
        let a: Doc = toml::from_str("at = 2025-09-30T16:57:00+02:00").unwrap();
        let b: Doc = toml::from_str("at = \"2025-09-30T14:57:00Z\"").unwrap();
        let c: Doc = serde_json::from_str(r#"{"at":"2025-09-30T14:57:00Z"}"#).unwrap();
        assert_eq!(a.at, b.at);
        assert_eq!(b.at, c.at);
        assert_eq!(a.at.rfc3339(), "2025-09-30T14:57:00Z");
        let d: Doc = toml::from_str("at = 2025-09-30").unwrap();
        assert_eq!(d.at.rfc3339(), "2025-09-30T00:00:00Z");
    }

    #[test]
    fn local_datetime_and_garbage_are_refused() {
        let e = toml::from_str::<Doc>("at = 2025-09-30T14:57:00")
            .err()
            .unwrap();
        assert!(e.message().contains("needs an offset"), "{e}");
        let e = serde_json::from_str::<Doc>(r#"{"at":"30/09/2025"}"#)
            .err()
            .unwrap();
        assert!(e.to_string().contains("invalid date `30/09/2025`"), "{e}");
    }

    /// Regression: a multi-byte character across byte 19 panicked (byte slicing).
    #[test]
    fn a_character_across_byte_19_is_an_error_not_a_panic() {
        for text in [
            "2025-09-30T14:57:0é",
            "2025-09-30T14:57:0é+01:00",
            "2025-09-30T14:5€",
        ] {
            let e = Timestamp::parse(text).unwrap_err();
            assert!(e.starts_with(&format!("invalid date `{text}`")), "{e}");
        }
        let e = Timestamp::parse("2025-09-30T14:57:00é").unwrap_err();
        assert!(e.contains("e.g. `2025-09-30T14:57:00Z`"), "{e}");
    }
}
