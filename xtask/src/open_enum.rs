//! Open enums: a variant per known value, and `Unknown(String)` for the rest.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::Value;

/// A named string-enum schema.
#[derive(Debug, Clone)]
pub struct OpenEnum {
    /// The schema (and type) name.
    pub name: String,
    /// The schema's description.
    pub description: Option<String>,
    /// `(wire value, variant name, doc)`.
    pub values: Vec<(String, String, Option<String>)>,
}

/// Every `components.schemas` entry of `type: string` with an `enum`, sorted by name.
pub fn collect(doc: &Value) -> Result<Vec<OpenEnum>, String> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, schema) in schemas {
        let Some(values) = schema.get("enum").and_then(Value::as_array) else {
            continue;
        };
        if schema.get("type").and_then(Value::as_str) != Some("string") {
            return Err(format!(
                "components.schemas.{name}: only string enums are supported"
            ));
        }
        let descriptions = schema.get("x-enum-descriptions").and_then(Value::as_object);
        let mut seen = std::collections::BTreeSet::new();
        let mut vals = Vec::new();
        for v in values {
            let wire = v.as_str().ok_or_else(|| {
                format!("components.schemas.{name}: enum value {v} is not a string")
            })?;
            let variant = variant_name(wire);
            if variant.is_empty() || variant == "Unknown" || !seen.insert(variant.clone()) {
                return Err(format!(
                    "components.schemas.{name}: enum value {wire:?} gives no usable, distinct variant name"
                ));
            }
            let doc = descriptions
                .and_then(|d| d.get(wire))
                .and_then(Value::as_str)
                .map(str::to_owned);
            vals.push((wire.to_owned(), variant, doc));
        }
        out.push(OpenEnum {
            name: name.clone(),
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            values: vals,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `COMPLETED` → `Completed`, `INSERT_ERROR` → `InsertError`, `notStarted` → `NotStarted`.
pub fn variant_name(wire: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for part in wire
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let all_upper = !part.chars().any(|c| c.is_ascii_lowercase());
        if all_upper {
            words.push(part.to_ascii_lowercase());
            continue;
        }
        let mut current = String::new();
        for c in part.chars() {
            if c.is_ascii_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c.to_ascii_lowercase());
        }
        words.push(current);
    }
    let mut name: String = words
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

/// The type and its impls.
pub fn tokens(e: &OpenEnum) -> TokenStream {
    let name = Ident::new(&e.name, Span::call_site());
    let doc = e
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{}` values.", e.name));
    let known_doc = format!(
        " Known values: {}.",
        e.values
            .iter()
            .map(|(w, _, _)| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let variants: Vec<TokenStream> = e
        .values
        .iter()
        .map(|(wire, v, d)| {
            let ident = Ident::new(v, Span::call_site());
            let d = match d {
                Some(d) => format!(" `{wire}`: {d}"),
                None => format!(" `{wire}`"),
            };
            quote!(#[doc = #d] #ident,)
        })
        .collect();
    let to_str: Vec<TokenStream> = e
        .values
        .iter()
        .map(|(wire, v, _)| {
            let ident = Ident::new(v, Span::call_site());
            quote!(Self::#ident => #wire,)
        })
        .collect();
    let from_str: Vec<TokenStream> = e
        .values
        .iter()
        .map(|(wire, v, _)| {
            let ident = Ident::new(v, Span::call_site());
            quote!(#wire => Self::#ident,)
        })
        .collect();
    let known: Vec<&String> = e.values.iter().map(|(w, _, _)| w).collect();
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = #known_doc]
        #[doc = " A value the spec does not list (or a number or boolean where the spec says string)"]
        #[doc = " is kept in `Unknown`, never an error."]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this client does not know, kept exactly as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists.
            pub const KNOWN: &'static [&'static str] = &[#(#known),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// False for a value the spec does not list.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // A number or a boolean where the spec says string is kept as text in `Unknown`.
                let value = <::jobstatus_runtime::tolerant::LooseString as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_text().as_ref()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::variant_name;

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("COMPLETED"), "Completed");
        assert_eq!(variant_name("INSERT_ERROR"), "InsertError");
        assert_eq!(variant_name("notStarted"), "NotStarted");
        assert_eq!(variant_name("partiallyCompleted"), "PartiallyCompleted");
        assert_eq!(variant_name("Throttling.User"), "ThrottlingUser");
        assert_eq!(variant_name("ManuallyStop"), "ManuallyStop");
        assert_eq!(variant_name("2fa"), "V2fa");
    }
}
