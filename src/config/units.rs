//! The config's human units: durations (`"90s"`, `"15m"`, `"2h"`, `"1d"`) and sizes
//! (`"512KiB"`, `"8MiB"`, `"1GB"`), parsed strictly so a typo is an error, not a surprise.

use std::time::Duration;

/// Why a duration or size string was rejected. The message is shown after the key's location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// Nothing but whitespace.
    #[error("empty value: write a {0} like {1}")]
    Empty(&'static str, &'static str),
    /// A minus sign: intervals and sizes cannot go backwards.
    #[error("negative {0} `{1}`: use a positive value like {2}")]
    Negative(&'static str, String, &'static str),
    /// Zero is never a useful interval or cap.
    #[error("{0} `{1}` must be greater than zero")]
    Zero(&'static str, String),
    /// No leading whole number.
    #[error("`{1}` is not a {0}: expected a whole number and a unit, like {2}")]
    NoNumber(&'static str, String, &'static str),
    /// A unit we do not know.
    #[error("unknown unit `{unit}` in `{value}`: use one of {allowed}")]
    UnknownUnit {
        /// The unit as written.
        unit: String,
        /// The whole value.
        value: String,
        /// The accepted units, for the message.
        allowed: &'static str,
    },
    /// The number does not fit.
    #[error("`{0}` is too large")]
    Overflow(String),
}

const DURATION_UNITS: &str = "`s`, `m`, `h`, `d`";
const SIZE_UNITS: &str = "`B`, `KB`, `MB`, `GB`, `KiB`, `MiB`, `GiB`";

/// Splits `"15m"` into `(15, "m")`, rejecting empty, negative and number-less values.
fn split_number<'a>(
    text: &'a str,
    what: &'static str,
    example: &'static str,
) -> Result<(u64, &'a str), UnitError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(UnitError::Empty(what, example));
    }
    if trimmed.starts_with('-') {
        return Err(UnitError::Negative(what, trimmed.to_owned(), example));
    }
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    if digits_end == 0 {
        return Err(UnitError::NoNumber(what, trimmed.to_owned(), example));
    }
    let number: u64 = trimmed[..digits_end]
        .parse()
        .map_err(|_| UnitError::Overflow(trimmed.to_owned()))?;
    Ok((number, trimmed[digits_end..].trim_start()))
}

/// Parses a positive duration: a whole number and one of `s`, `m`, `h`, `d`.
///
/// A bare number is refused rather than guessed as seconds or minutes.
pub fn parse_duration(text: &str) -> Result<Duration, UnitError> {
    let (number, unit) = split_number(text, "duration", "\"90s\", \"15m\", \"2h\" or \"1d\"")?;
    let seconds_per_unit = match unit {
        "s" | "sec" | "secs" => 1,
        "m" | "min" | "mins" => 60,
        "h" | "hr" | "hrs" => 3_600,
        "d" | "day" | "days" => 86_400,
        _ => {
            return Err(UnitError::UnknownUnit {
                unit: unit.to_owned(),
                value: text.trim().to_owned(),
                allowed: DURATION_UNITS,
            });
        }
    };
    let seconds = number
        .checked_mul(seconds_per_unit)
        .ok_or_else(|| UnitError::Overflow(text.trim().to_owned()))?;
    if seconds == 0 {
        return Err(UnitError::Zero("duration", text.trim().to_owned()));
    }
    Ok(Duration::from_secs(seconds))
}

/// Parses a positive size in bytes: a whole number and a decimal (`KB` = 1000) or binary
/// (`KiB` = 1024) unit; units are case-insensitive, a bare number means bytes.
pub fn parse_size(text: &str) -> Result<u64, UnitError> {
    let (number, unit) = split_number(text, "size", "\"512KiB\", \"8MiB\" or \"1GB\"")?;
    let multiplier: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" | "k" => 1_000,
        "mb" | "m" => 1_000_000,
        "gb" | "g" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => {
            return Err(UnitError::UnknownUnit {
                unit: unit.to_owned(),
                value: text.trim().to_owned(),
                allowed: SIZE_UNITS,
            });
        }
    };
    let bytes = number
        .checked_mul(multiplier)
        .ok_or_else(|| UnitError::Overflow(text.trim().to_owned()))?;
    if bytes == 0 {
        return Err(UnitError::Zero("size", text.trim().to_owned()));
    }
    Ok(bytes)
}

/// Writes a duration back in the config's own style (`"30m"`), choosing the largest exact unit.
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs();
    match secs {
        s if s != 0 && s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s != 0 && s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s != 0 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration(" 2h "), Ok(Duration::from_secs(7_200)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("3 days"), Ok(Duration::from_secs(259_200)));
    }

    #[test]
    fn bad_durations_say_why() {
        assert!(matches!(
            parse_duration("-5m"),
            Err(UnitError::Negative(..))
        ));
        assert!(matches!(parse_duration("0s"), Err(UnitError::Zero(..))));
        assert!(matches!(parse_duration(""), Err(UnitError::Empty(..))));
        assert!(matches!(parse_duration("m"), Err(UnitError::NoNumber(..))));
        assert!(matches!(
            parse_duration("30"),
            Err(UnitError::UnknownUnit { .. })
        ));
        assert!(matches!(
            parse_duration("5w"),
            Err(UnitError::UnknownUnit { .. })
        ));
        assert!(matches!(
            parse_duration("99999999999999999999d"),
            Err(UnitError::Overflow(_))
        ));
        let message = parse_duration("5w").unwrap_err().to_string();
        assert!(
            message.contains("`w`") && message.contains("`h`"),
            "{message}"
        );
    }

    #[test]
    fn sizes_decimal_and_binary() {
        assert_eq!(parse_size("512KiB"), Ok(512 * 1024));
        assert_eq!(parse_size("8MiB"), Ok(8 * 1024 * 1024));
        assert_eq!(parse_size("2mib"), Ok(2 * 1024 * 1024));
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(matches!(parse_size("0MiB"), Err(UnitError::Zero(..))));
        assert!(matches!(
            parse_size("1.5MiB"),
            Err(UnitError::UnknownUnit { .. })
        ));
        assert!(matches!(parse_size("-1KiB"), Err(UnitError::Negative(..))));
        assert!(matches!(
            parse_size("20000000000GiB"),
            Err(UnitError::Overflow(_))
        ));
    }

    #[test]
    fn durations_round_trip_through_format() {
        for text in ["90s", "15m", "2h", "1d", "61s"] {
            let parsed = parse_duration(text).unwrap();
            assert_eq!(format_duration(parsed), text);
        }
    }
}
