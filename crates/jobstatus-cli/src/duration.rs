//! Durations on the command line: `500ms`, `2s`, `1m 30s`, `2h`, `1day` (humantime's forms),
//! or plain seconds. Capped at [`MAX`], so that no flag can overflow a deadline.

use std::time::Duration;

/// The longest duration a flag takes: 365 days.
pub const MAX: Duration = Duration::from_secs(365 * 24 * 3600);

const FORMS: &str = "use a duration like 500ms, 5s, 2m, 1h30m or 2days (at most 365days)";

/// Parses a duration flag; the error says what is accepted.
pub fn parse(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let d = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        t.parse::<f64>()
            .ok()
            .and_then(|n| Duration::try_from_secs_f64(n).ok())
            .ok_or_else(|| format!("{s:?}: {FORMS}"))?
    } else {
        humantime::parse_duration(t).map_err(|e| format!("{s:?}: {e}; {FORMS}"))?
    };
    if d > MAX {
        return Err(format!("{s:?} is longer than 365 days; {FORMS}"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse("365days"), Ok(MAX));
        assert!(parse("5 fortnights").is_err());
        assert!(parse("-1s").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn huge_values_are_errors_not_panics() {
        for huge in [
            "99999999999999999999h",
            "366days",
            "1e400",
            "99999999999999999999999999999",
            "18446744073709551615s",
            "18446744073709551616s",
        ] {
            let e = parse(huge).unwrap_err();
            assert!(e.contains("duration") || e.contains("365"), "{huge}: {e}");
        }
    }
}
