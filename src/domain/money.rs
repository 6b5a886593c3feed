//! Amounts of money in minor units (paise, poisha), so arithmetic is exact.

use serde::{Deserialize, Serialize};

/// An amount in minor units of the shop's currency (1 ₹ = 100 paise, 1 ৳ = 100 poisha).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Money(pub u64);

/// Why a typed amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    /// Nothing was typed.
    #[error("enter an amount")]
    Empty,
    /// The text is not a plain amount such as 250 or 99.50.
    #[error("an amount is digits with at most two decimals")]
    Malformed,
    /// The amount is larger than any bill at a small shop could be.
    #[error("the amount is too large")]
    TooLarge,
}

impl Money {
    /// The largest amount accepted anywhere: one crore in major units.
    pub const MAX: Money = Money(10_000_000 * 100);

    /// An amount of whole major units.
    pub const fn from_major(major: u64) -> Self {
        Money(major * 100)
    }

    /// Reads what a clerk typed: "250", "99.5", "1,250.00", with ASCII or native digits.
    pub fn parse(text: &str) -> Result<Self, MoneyParseError> {
        let cleaned: String = crate::domain::search::ascii_digits(text.trim())
            .chars()
            .filter(|c| *c != ',' && *c != ' ')
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let (whole, fraction) = match cleaned.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (cleaned.as_str(), ""),
        };
        let all_digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) || fraction.len() > 2 {
            return Err(MoneyParseError::Malformed);
        }
        if whole.len() > 12 {
            return Err(MoneyParseError::TooLarge);
        }
        let whole_value: u64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| MoneyParseError::Malformed)? };
        let fraction_value: u64 = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<u64>().map_err(|_| MoneyParseError::Malformed)? * 10,
            _ => fraction.parse().map_err(|_| MoneyParseError::Malformed)?,
        };
        let amount = Money(whole_value * 100 + fraction_value);
        if amount > Money::MAX {
            return Err(MoneyParseError::TooLarge);
        }
        Ok(amount)
    }

    /// The amount in major units as plain text without grouping: "250" or "99.50".
    pub fn to_plain(&self) -> String {
        if self.0 % 100 == 0 {
            format!("{}", self.0 / 100)
        } else {
            format!("{}.{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_a_clerk_types() {
        assert_eq!(Money::parse("250"), Ok(Money(25_000)));
        assert_eq!(Money::parse(" 99.5 "), Ok(Money(9_950)));
        assert_eq!(Money::parse("1,250.05"), Ok(Money(125_005)));
        assert_eq!(Money::parse("२५०"), Ok(Money(25_000)));
        assert_eq!(Money::parse(""), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse("12a"), Err(MoneyParseError::Malformed));
        assert_eq!(Money::parse("1.234"), Err(MoneyParseError::Malformed));
        assert_eq!(Money::parse("-5"), Err(MoneyParseError::Malformed));
        assert_eq!(Money::parse("99999999999"), Err(MoneyParseError::TooLarge));
    }

    #[test]
    fn plain_text_has_no_needless_decimals() {
        assert_eq!(Money(25_000).to_plain(), "250");
        assert_eq!(Money(9_950).to_plain(), "99.50");
    }
}
