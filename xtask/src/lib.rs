//! The generator behind `cargo xtask gen`.
//!
//! Each `specs/<name>.yaml` (OpenAPI 3.0.x) becomes `crates/<name>/src/generated.rs`:
//! progenitor's positional client and typify's types, plus what progenitor lacks:
//!
//! - every named string-`enum` schema becomes an **open enum** with an `Unknown(String)` arm,
//!   so a status value we have never seen is kept, not an error;
//! - a schema with `x-jobstatus-type: <path>` is replaced by that hand-written type
//!   (the runtime's tolerant types: numbers sent as strings, non-RFC 3339 times, secrets);
//! - every optional field, list and map decodes on its own (`tolerant_fields`): one bad field
//!   becomes absent and the rest of the answer is kept, so schemas in answers may not list
//!   `required`;
//! - `Client::new` takes the runtime's HTTP client (no global TLS state, no panic);
//! - no `api-version` header (progenitor adds `info.version` as one; no vendor here sends it);
//! - line 1 names the spec.
//!
//! Output is deterministic (prettyplease, pinned by Cargo.lock). Nothing is written unless every
//! spec generates.

mod open_enum;
mod tolerant_fields;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

use quote::quote;

pub use validate::validate;

/// One spec and the file generated from it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The crate name, the spec's file stem.
    pub name: String,
    /// `specs/<name>.yaml`.
    pub spec: PathBuf,
    /// `crates/<name>/src/generated.rs`.
    pub output: PathBuf,
}

/// Why generation failed: the file and the problem, in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenError {
    /// The file concerned, relative to the workspace.
    pub file: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for GenError {}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Every spec under `specs/`, sorted, with its output file.
pub fn targets(root: &Path) -> Result<Vec<Target>, GenError> {
    let dir = root.join("specs");
    let err = |problem: String| GenError {
        file: "specs/".into(),
        problem,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| err(format!("cannot list: {e}")))? {
        let path = entry.map_err(|e| err(format!("cannot list: {e}")))?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "yaml" | "yml" | "json") {
            continue;
        }
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        let krate = root.join("crates").join(&name);
        if !krate.join("Cargo.toml").is_file() {
            return Err(GenError {
                file: rel(root, &path),
                problem: format!("no crate at crates/{name} to generate into"),
            });
        }
        out.push(Target {
            output: krate.join("src").join("generated.rs"),
            spec: path,
            name,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// Generates the code for one spec file, in memory.
pub fn generate_file(root: &Path, spec: &Path) -> Result<String, GenError> {
    let file = rel(root, spec);
    let text = std::fs::read_to_string(spec).map_err(|e| GenError {
        file: file.clone(),
        problem: format!("cannot read: {e}"),
    })?;
    generate(&file, &text)
}

/// Generates the code for one spec given as text; `file` names it in errors and on line 1.
pub fn generate(file: &str, text: &str) -> Result<String, GenError> {
    let err = |problem: String| GenError {
        file: file.to_owned(),
        problem,
    };
    let doc: serde_json::Value = if file.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| err(format!("invalid JSON: {e}")))?
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| err(format!("invalid YAML: {e}")))?
    };
    validate(&doc).map_err(err)?;
    tolerant_fields::check_responses_optional(&doc).map_err(err)?;
    let enums = open_enum::collect(&doc).map_err(err)?;
    let replacements = replacements(&doc);
    let constants = acs_constants(&doc).map_err(err)?;
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc)
        .map_err(|e| err(format!("not a valid OpenAPI 3.0 document: {e}")))?;

    let mut settings = progenitor::GenerationSettings::new();
    settings
        .with_interface(progenitor::InterfaceStyle::Positional)
        .with_tag(progenitor::TagStyle::Merged)
        .with_hooks(progenitor::HooksMode::Expected)
        .with_inner_type(quote!(crate::hooks::HookState))
        .with_derive("PartialEq");
    for e in &enums {
        settings.with_replacement(
            &e.name,
            format!("crate::generated::types::{}", e.name),
            std::iter::empty(),
        );
    }
    for (name, path) in &replacements {
        settings.with_replacement(name, path, std::iter::empty());
    }
    let tokens = run_progenitor(&settings, &spec).map_err(err)?;
    let mut syntax: syn::File =
        syn::parse2(tokens).map_err(|e| err(format!("generated code does not parse: {e}")))?;
    let types = syntax
        .items
        .iter_mut()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut(),
            _ => None,
        })
        .ok_or_else(|| err("progenitor produced no `types` module".into()))?;
    tolerant_fields::apply(&mut types.1).map_err(err)?;
    for e in &enums {
        let item: syn::File = syn::parse2(open_enum::tokens(e))
            .map_err(|x| err(format!("open enum {}: {x}", e.name)))?;
        types.1.extend(item.items);
    }
    syntax.items.extend(constants);
    drop_api_version_header(&mut syntax);
    use_runtime_client(&mut syntax).map_err(err)?;
    let body = prettyplease::unparse(&syntax);
    Ok(format!(
        "// @generated by `cargo xtask gen` from {file}. Do not edit: change the spec and regenerate.\n\
         #![allow(clippy::all, clippy::pedantic, unused, missing_docs, rustdoc::all)]\n\n{body}"
    ))
}

/// progenitor 0.15 sends `info.version` as an `api-version` header on every request. No vendor
/// here sends one (Azure's api-version is a query parameter, declared in its spec), so the
/// statements that add it are dropped.
fn drop_api_version_header(file: &mut syn::File) {
    use syn::visit_mut::VisitMut;
    struct Drop;
    impl VisitMut for Drop {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            block.stmts.retain(|stmt| {
                let text = quote!(#stmt).to_string();
                !(text.contains("append") && text.contains("\"api-version\""))
            });
            syn::visit_mut::visit_block_mut(self, block);
        }
    }
    Drop.visit_file_mut(file);
}

/// progenitor's `Client::new` builds a reqwest client with `.unwrap()`, which panics when no
/// process-wide rustls provider is installed. It is rewritten to take the runtime's client
/// (rustls handed over as a ready config; no global state, no panic).
fn use_runtime_client(file: &mut syn::File) -> Result<(), String> {
    let mut replaced = false;
    for item in &mut file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        if imp.trait_.is_some() || !p.path.is_ident("Client") {
            continue;
        }
        for member in &mut imp.items {
            if let syn::ImplItem::Fn(f) = member
                && f.sig.ident == "new"
            {
                f.block = syn::parse_quote!({
                    Self::new_with_client(
                        baseurl,
                        ::jobstatus_runtime::http_client::default_client(),
                        inner,
                    )
                });
                replaced = true;
            }
        }
    }
    if replaced {
        Ok(())
    } else {
        Err("progenitor produced no `Client::new` to rewrite".into())
    }
}

/// `info.x-acs-action` and `info.x-acs-style` of Alibaba specs, as constants the signer uses.
fn acs_constants(doc: &serde_json::Value) -> Result<Vec<syn::Item>, String> {
    let Some(action) = doc.pointer("/info/x-acs-action").and_then(|a| a.as_str()) else {
        return Ok(Vec::new());
    };
    let style = match doc.pointer("/info/x-acs-style").and_then(|s| s.as_str()) {
        Some("RPC") => quote!(jobstatus_runtime::acs3::Style::Rpc),
        Some("ROA") => quote!(jobstatus_runtime::acs3::Style::Roa),
        other => {
            return Err(format!(
                "info.x-acs-style must be RPC or ROA, not {other:?}"
            ));
        }
    };
    let version = doc
        .pointer("/info/version")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let file: syn::File = syn::parse2(quote! {
        /// The API this crate calls, as `ACS3-HMAC-SHA256` signs it (the spec's `info.x-acs-action`,
        /// `info.version` and `info.x-acs-style`).
        pub const ACS_OPERATION: jobstatus_runtime::acs3::Operation = jobstatus_runtime::acs3::Operation {
            action: #action,
            version: #version,
            style: #style,
        };
    })
    .map_err(|e| format!("constants: {e}"))?;
    Ok(file.items)
}

/// `components.schemas.<Name>.x-jobstatus-type`: a hand-written type that replaces the schema.
fn replacements(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = doc
        .pointer("/components/schemas")
        .and_then(|s| s.as_object())
        .map(|schemas| {
            schemas
                .iter()
                .filter_map(|(name, s)| {
                    s.get("x-jobstatus-type")
                        .and_then(|t| t.as_str())
                        .map(|t| (name.clone(), t.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn run_progenitor(
    settings: &progenitor::GenerationSettings,
    spec: &openapiv3::OpenAPI,
) -> Result<proc_macro2::TokenStream, String> {
    // progenitor asserts on some specs it cannot handle (e.g. a `default` response beside
    // typed ones). Turn such a panic into one line instead of a backtrace.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut generator = progenitor::Generator::new(settings);
        generator.generate_tokens(spec)
    }));
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(format!("progenitor: {e}")),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!("progenitor cannot generate this spec: {msg}"))
        }
    }
}

/// Regenerates every crate. Writes only after every spec generated, and only files that changed.
pub fn generate_all(root: &Path) -> Result<String, GenError> {
    let outputs = generate_every(root)?;
    let mut changed = Vec::new();
    for (target, code) in &outputs {
        let current = std::fs::read_to_string(&target.output).unwrap_or_default();
        if current != *code {
            let tmp = target.output.with_extension("rs.tmp");
            let io = |e: std::io::Error| GenError {
                file: rel(root, &target.output),
                problem: format!("cannot write: {e}"),
            };
            std::fs::write(&tmp, code).map_err(io)?;
            std::fs::rename(&tmp, &target.output).map_err(io)?;
            changed.push(rel(root, &target.output));
        }
    }
    Ok(if changed.is_empty() {
        format!("{} generated files up to date", outputs.len())
    } else {
        format!("regenerated: {}", changed.join(", "))
    })
}

/// The most diff lines `check` prints per stale file.
const DIFF_LINES: usize = 60;

/// Fails, naming every stale file and showing what would change (a unified diff, cut at
/// `DIFF_LINES` lines a file), when any committed generated file differs from its spec's.
pub fn check(root: &Path) -> Result<String, GenError> {
    let outputs = generate_every(root)?;
    let mut stale = Vec::new();
    let mut diffs = String::new();
    for (t, code) in &outputs {
        let current = std::fs::read_to_string(&t.output).unwrap_or_default();
        if current == *code {
            continue;
        }
        let name = rel(root, &t.output);
        let diff = similar::TextDiff::from_lines(&current, code)
            .unified_diff()
            .context_radius(2)
            .header(
                &format!("{name} (committed)"),
                &format!("{name} (from the spec)"),
            )
            .to_string();
        let total = diff.lines().count();
        diffs.push('\n');
        for line in diff.lines().take(DIFF_LINES) {
            diffs.push_str(line);
            diffs.push('\n');
        }
        if total > DIFF_LINES {
            diffs.push_str(&format!("… {} more diff lines\n", total - DIFF_LINES));
        }
        stale.push(name);
    }
    if stale.is_empty() {
        Ok(format!("{} generated files up to date", outputs.len()))
    } else {
        Err(GenError {
            file: stale.join(", "),
            problem: format!(
                "stale: the spec changed but the generated code did not; run `cargo xtask gen` and commit the result{}",
                diffs.trim_end()
            ),
        })
    }
}

fn generate_every(root: &Path) -> Result<Vec<(Target, String)>, GenError> {
    targets(root)?
        .into_iter()
        .map(|t| generate_file(root, &t.spec).map(|code| (t, code)))
        .collect()
}
