//! Checks progenitor would otherwise answer with a panic or a confusing message.

use serde_json::Value;

/// Checks the OpenAPI version, that every operation has an `operationId`, that every `$ref`
/// resolves, and that no operation mixes `default` with typed responses.
pub fn validate(doc: &Value) -> Result<(), String> {
    let version = doc
        .get("openapi")
        .and_then(Value::as_str)
        .ok_or("no `openapi` version field (is this OpenAPI 3.0?)")?;
    if !version.starts_with("3.0.") {
        return Err(format!(
            "OpenAPI {version} is not supported: progenitor reads 3.0.x only; write `openapi: 3.0.3`"
        ));
    }
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no `paths` object")?;
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
            ) {
                continue;
            }
            if op
                .get("operationId")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(format!(
                    "{} {path} has no operationId",
                    method.to_uppercase()
                ));
            }
            if let Some(responses) = op.get("responses").and_then(Value::as_object)
                && responses.contains_key("default")
                && responses.len() > 1
            {
                return Err(format!(
                    "{} {path}: a `default` response beside others makes progenitor panic; declare errors as `4XX`/`5XX`",
                    method.to_uppercase()
                ));
            }
        }
    }
    check_refs(doc, doc, &mut String::new())
}

fn check_refs(root: &Value, node: &Value, at: &mut String) -> Result<(), String> {
    match node {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                let Some(pointer) = r.strip_prefix('#') else {
                    return Err(format!(
                        "$ref {r:?} at {at} points outside this file; only local references are supported"
                    ));
                };
                if root.pointer(pointer).is_none() {
                    return Err(format!("$ref {r:?} at {at} points to nothing"));
                }
            }
            for (k, v) in map {
                let len = at.len();
                at.push('/');
                at.push_str(k);
                check_refs(root, v, at)?;
                at.truncate(len);
            }
            Ok(())
        }
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, v)| {
            let len = at.len();
            at.push_str(&format!("/{i}"));
            let r = check_refs(root, v, at);
            at.truncate(len);
            r
        }),
        _ => Ok(()),
    }
}
