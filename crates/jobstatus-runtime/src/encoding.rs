//! RFC 3986 percent-encoding and the query and path canonicalisation both signature schemes share.

/// Encodes `input` per RFC 3986: `A-Z a-z 0-9 - _ . ~` stay, every other byte of its
/// UTF-8 form becomes `%XX` with upper-case hex. Space is `%20`, never `+`.
pub fn rfc3986_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 2);
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0x0f) as usize] as char);
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid escapes are kept as they are). With `plus_is_space`,
/// `+` decodes to a space, as in a form-encoded query.
pub fn percent_decode(input: &str, plus_is_space: bool) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Splits a raw query string (`a=1&b=x+y`) into decoded pairs. A name without `=` has an empty value.
pub fn decode_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// The canonical query both schemes use: pairs sorted by raw name (byte order) and then
/// by raw value, each `enc(name)=enc(value)`, joined with `&`.
pub fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986_encode(k), rfc3986_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Re-encodes each segment of a path per RFC 3986 (after decoding it), keeping `/` as the separator.
/// `/a b/c%2Fd` becomes `/a%20b/c%2Fd`: an encoded slash inside a segment stays encoded.
pub fn normalize_path(raw_path: &str) -> String {
    if raw_path.is_empty() {
        return "/".to_owned();
    }
    raw_path
        .split('/')
        .map(|seg| rfc3986_encode(&percent_decode(seg, false)))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_per_rfc3986() {
        assert_eq!(
            rfc3986_encode("a b*c~d/é+&="),
            "a%20b%2Ac~d%2F%C3%A9%2B%26%3D"
        );
        assert_eq!(rfc3986_encode(""), "");
        assert_eq!(rfc3986_encode("AZaz09-_.~"), "AZaz09-_.~");
    }

    #[test]
    fn decodes_plus_only_in_queries() {
        assert_eq!(percent_decode("a+b%20c", true), "a b c");
        assert_eq!(percent_decode("a+b%20c", false), "a+b c");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz%4", false), "%zz%4");
        assert_eq!(percent_decode("%C3%A9", false), "é");
    }

    #[test]
    fn canonical_query_sorts_by_raw_name_then_value() {
        let pairs = decode_query(
            "pageSize=10&PageNumber=1&JobId=a+b%2Ac~d%2F%C3%A9%2B%26%3D&x=2&x=1&IndexId",
        );
        assert_eq!(
            canonical_query(&pairs),
            "IndexId=&JobId=a%20b%2Ac~d%2F%C3%A9%2B%26%3D&PageNumber=1&pageSize=10&x=1&x=2"
        );
    }

    #[test]
    fn normalizes_paths_segment_by_segment() {
        assert_eq!(normalize_path("/a b/c%2Fd/%7E*"), "/a%20b/c%2Fd/~%2A");
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/"), "/");
    }
}
