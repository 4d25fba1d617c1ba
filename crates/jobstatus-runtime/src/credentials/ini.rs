//! The small INI dialect of `~/.alibabacloud/credentials` and `~/.huaweicloud/credentials`.

use std::collections::HashMap;

/// Sections of `key = value` pairs. Comments are whole lines starting with `#` or `;`; a `#`
/// inside a value is part of it (a secret may contain ` #`), as the vendors' SDKs read it.
pub(crate) type Sections = HashMap<String, HashMap<String, String>>;

/// Parses INI text. Returns the 1-based line number of the first line that is neither
/// a section, a pair, a comment nor blank.
pub(crate) fn parse(text: &str) -> Result<Sections, usize> {
    let mut sections = Sections::new();
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(i + 1);
        };
        let Some(section) = &current else {
            return Err(i + 1);
        };
        let value = v.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|x| x.strip_suffix('"'))
            .unwrap_or(value);
        sections
            .entry(section.clone())
            .or_default()
            .insert(k.trim().to_owned(), value.to_owned());
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_pairs_and_comments() {
        let s = parse("# c\n[default]\ntype = access_key\naccess_key_id=foo\naccess_key_secret = a #b;c \n\n[b]\n; x\nk = \"v\"\n").unwrap();
        assert_eq!(s["default"]["type"], "access_key");
        assert_eq!(s["default"]["access_key_secret"], "a #b;c");
        assert_eq!(s["default"]["access_key_id"], "foo");
        assert_eq!(s["b"]["k"], "v");
    }

    #[test]
    fn reports_the_bad_line() {
        assert_eq!(parse("[a]\nok=1\nnot a pair\n"), Err(3));
        assert_eq!(parse("k=v\n"), Err(1));
    }
}
