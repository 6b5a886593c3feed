//! Calendar dates as `YYYY-MM-DD` text, read and written by hand: chrono's general parser and
//! formatter would add kilobytes to the wasm for this one fixed format (an `<input type=date>`
//! value, and how birthdays are stored).

use chrono::{Datelike, NaiveDate};

/// Reads `YYYY-MM-DD`; anything else, or an impossible date, is `None`.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next().filter(|part| part.len() == 4)?.parse().ok()?;
    let month = parts.next().filter(|part| part.len() == 2)?.parse().ok()?;
    let day = parts.next().filter(|part| part.len() == 2)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Writes `YYYY-MM-DD`.
pub fn format(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Serde for `Option<NaiveDate>` as `YYYY-MM-DD` text or null.
pub mod optional {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the date as text, or null.
    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.serialize_str(&super::format(*date)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads text or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => super::parse(&text).map(Some).ok_or_else(|| serde::de::Error::custom("a date is YYYY-MM-DD")),
            None => Ok(None),
        }
    }
}

/// Serde for `NaiveDate` as `YYYY-MM-DD` text: what chrono's own serde writes for the years a
/// shop uses (0 to 9999), read without chrono's general parser (about 9 KB of the counter's wasm,
/// which the festival reminder's dates alone brought in; issue 15).
pub mod required {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the date as text.
    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format(*date))
    }

    /// Reads text.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        super::parse(&text).ok_or_else(|| serde::de::Error::custom("a date is YYYY-MM-DD"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let date = NaiveDate::from_ymd_opt(1990, 2, 3).unwrap();
        assert_eq!(format(date), "1990-02-03");
        assert_eq!(parse("1990-02-03"), Some(date));
        for bad in ["", "1990-2-3", "1990-02-30", "19900203", "abcd-ef-gh", "1990-02-03-04"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
