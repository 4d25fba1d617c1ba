//! A string that never shows itself in `Debug`, `Display` or logs.

use std::fmt;

/// A secret value: an access key secret, a token, a key or a password.
///
/// `Debug` and `Display` print `<redacted>`; the value is reached only through
/// [`Secret::expose`], so every place that uses it is easy to find.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself. Call it only where the value must travel (signing, a header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is empty or only white space.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

// `Secret` is deliberately not `Serialize`: serializing a struct that holds one must not write
// the plaintext by accident (the `secrecy` crate's rule). A value that must travel in a
// request body is wrapped in [`WireSecret`], which says so where it is used.

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// A secret that must travel in a request body, such as gpdb's `NamespacePassword`: it
/// serializes to its value, on purpose. `Debug` and `Display` still never show it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct WireSecret(pub Secret);

impl fmt::Display for WireSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<Secret> for WireSecret {
    fn from(s: Secret) -> Self {
        WireSecret(s)
    }
}

impl serde::Serialize for WireSecret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.expose())
    }
}

impl<'de> serde::Deserialize<'de> for WireSecret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Secret::deserialize(d).map(WireSecret)
    }
}

/// Constant-time equality (the `subtle` crate's), for verifiers comparing a received key or
/// signature. Only the length is compared in variable time.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn only_a_wire_secret_serializes_its_value() {
        #[derive(serde::Serialize)]
        struct Form {
            password: WireSecret,
        }
        let f = Form {
            password: WireSecret(Secret::new("hunter2")),
        };
        assert_eq!(
            serde_json::to_string(&f).unwrap(),
            r#"{"password":"hunter2"}"#
        );
        assert_eq!(
            format!("{:?}", f.password),
            "WireSecret(Secret(<redacted>))"
        );
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
