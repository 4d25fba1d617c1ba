//! Field-by-field decoding: every optional field, list and map of a generated type reads
//! through the runtime's tolerant field readers, so one field that is missing, of the wrong
//! type or unreadable becomes absent (logged at debug) and the rest of the answer is kept.

use quote::quote;
use syn::{Attribute, Field, Item, Type};

/// Which reader a field's type takes, if any.
fn reader(ty: &Type) -> Option<proc_macro2::TokenStream> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let path = match last.ident.to_string().as_str() {
        "Option" => "::jobstatus_runtime::tolerant::field::option",
        "Vec" => "::jobstatus_runtime::tolerant::field::vec",
        "Map" | "HashMap" | "BTreeMap" => "::jobstatus_runtime::tolerant::field::or_default",
        _ => return None,
    };
    Some(quote!(#path))
}

fn has_default(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("serde") && {
            let mut found = false;
            let _ = a.parse_nested_meta(|m| {
                if m.path.is_ident("default") {
                    found = true;
                }
                // Skip the value of `key = value` items.
                if m.input.peek(syn::Token![=]) {
                    let _: syn::Expr = m.value()?.parse()?;
                }
                Ok(())
            });
            found
        }
    })
}

fn make_tolerant(field: &mut Field) -> Result<(), String> {
    let Some(path) = reader(&field.ty) else {
        return Ok(());
    };
    let attr: Attribute = if has_default(&field.attrs) {
        syn::parse_quote!(#[serde(deserialize_with = #path)])
    } else {
        syn::parse_quote!(#[serde(default, deserialize_with = #path)])
    };
    field.attrs.push(attr);
    Ok(())
}

/// Rewrites every named field of every struct in `items`.
pub fn apply(items: &mut [Item]) -> Result<(), String> {
    for item in items {
        if let Item::Struct(s) = item
            && let syn::Fields::Named(fields) = &mut s.fields
        {
            for f in fields.named.iter_mut() {
                make_tolerant(f).map_err(|e| format!("struct {}: {e}", s.ident))?;
            }
        }
    }
    Ok(())
}

/// Refuses `required` in a schema an answer can carry: a server that leaves one field out must
/// not cost the whole answer. Request schemas (reachable only from request bodies) may keep it.
pub fn check_responses_optional(doc: &serde_json::Value) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut todo: Vec<&serde_json::Value> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(|p| p.as_object()) {
        for item in paths.values().filter_map(|i| i.as_object()) {
            for op in item.values() {
                if let Some(r) = op.get("responses") {
                    todo.push(r);
                }
            }
        }
    }
    while let Some(node) = todo.pop() {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(|r| r.as_str())
                    && seen.insert(r.to_owned())
                    && let Some(target) = r.strip_prefix('#').and_then(|p| doc.pointer(p))
                {
                    if target
                        .get("required")
                        .and_then(|x| x.as_array())
                        .is_some_and(|a| !a.is_empty())
                    {
                        return Err(format!(
                            "{r} is part of an answer and lists `required`; make its fields optional (the generated types decode field by field, and a missing field must not lose the answer)"
                        ));
                    }
                    todo.push(target);
                }
                todo.extend(map.values());
            }
            serde_json::Value::Array(a) => todo.extend(a.iter()),
            _ => {}
        }
    }
    Ok(())
}
