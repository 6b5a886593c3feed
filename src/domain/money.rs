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

    /// Reads what a clerk typed: "250", "99.5", "1,250.00", "₹1,50,000", "৳ 250", "Rs. 99",
    /// with ASCII or native digits.
    pub fn parse(text: &str) -> Result<Self, MoneyParseError> {
        let cleaned: String = crate::domain::search::ascii_digits(without_currency(text.trim()))
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

    /// The amount in major units as people in `country` write it, without a currency sign:
    /// "1,50,000", "99.50". India and Bangladesh both group digits the lakh way: the last three,
    /// then pairs (1,00,00,000 is one crore), not the thousands way (150,000). What this writes,
    /// [`Money::parse`] reads back to the same amount.
    pub fn grouped(&self, country: crate::domain::Country) -> String {
        let whole = group_lakh(&(self.0 / 100).to_string());
        // Both countries group the same way today; the match makes a new country choose.
        let whole = match country {
            crate::domain::Country::India | crate::domain::Country::Bangladesh => whole,
        };
        if self.0.is_multiple_of(100) {
            whole
        } else {
            format!("{whole}.{:02}", self.0 % 100)
        }
    }

    /// The amount with the country's currency sign: "₹1,50,000", "৳250".
    pub fn with_sign(&self, country: crate::domain::Country) -> String {
        format!("{}{}", country.currency_symbol(), self.grouped(country))
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

/// Groups ASCII digits the lakh way: "150000" → "1,50,000", "12345678" → "1,23,45,678".
fn group_lakh(digits: &str) -> String {
    if digits.len() <= 3 {
        return digits.to_owned();
    }
    let (head, last_three) = digits.split_at(digits.len() - 3);
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 2);
    for (index, digit) in head.chars().enumerate() {
        if index > 0 && (head.len() - index) % 2 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped.push(',');
    grouped.push_str(last_three);
    grouped
}

/// Currency marks a clerk may type before or after an amount. Longer ones first, so that
/// "Rs." is taken whole and its dot is not read as a decimal point.
const CURRENCY_MARKS: [&str; 9] = ["Rs.", "Rs", "INR", "Tk.", "Tk", "BDT", "रु.", "₹", "৳"];

/// The text without one currency mark at its start or its end (and the spaces beside it).
fn without_currency(text: &str) -> &str {
    for mark in CURRENCY_MARKS {
        let prefix = text.get(..mark.len()).filter(|head| head.eq_ignore_ascii_case(mark));
        if prefix.is_some() {
            return text[mark.len()..].trim_start();
        }
        let suffix = text.len().checked_sub(mark.len()).and_then(|start| text.get(start..)).filter(|tail| tail.eq_ignore_ascii_case(mark));
        if suffix.is_some() {
            return text[..text.len() - mark.len()].trim_end();
        }
    }
    text
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
    fn a_currency_mark_before_or_after_the_amount_is_accepted() {
        assert_eq!(Money::parse("₹250"), Ok(Money(25_000)));
        assert_eq!(Money::parse("৳250"), Ok(Money(25_000)));
        assert_eq!(Money::parse("₹ 1,50,000"), Ok(Money::from_major(150_000)));
        assert_eq!(Money::parse("250 ₹"), Ok(Money(25_000)));
        assert_eq!(Money::parse("Rs. 99.50"), Ok(Money(9_950)));
        assert_eq!(Money::parse("rs99"), Ok(Money(9_900)));
        assert_eq!(Money::parse("Tk 120"), Ok(Money(12_000)));
        assert_eq!(Money::parse("৳২৫০"), Ok(Money(25_000)));
        assert_eq!(Money::parse("रु. २५०"), Ok(Money(25_000)));
    }

    #[test]
    fn a_currency_mark_alone_or_twice_or_elsewhere_is_not_an_amount() {
        assert_eq!(Money::parse("₹"), Err(MoneyParseError::Empty));
        assert_eq!(Money::parse("₹₹250"), Err(MoneyParseError::Malformed));
        assert_eq!(Money::parse("2₹50"), Err(MoneyParseError::Malformed));
        assert_eq!(Money::parse("$250"), Err(MoneyParseError::Malformed));
        assert_eq!(Money::parse("-₹250"), Err(MoneyParseError::Malformed));
    }

    #[test]
    fn amounts_are_grouped_the_lakh_way_and_read_back_the_same() {
        use crate::domain::Country::{Bangladesh, India};
        let cases = [
            (0, "0"),
            (5, "5"),
            (250, "250"),
            (999, "999"),
            (1_000, "1,000"),
            (10_000, "10,000"),
            (1_00_000, "1,00,000"),
            (1_50_000, "1,50,000"),
            (12_34_567, "12,34,567"),
            (1_00_00_000, "1,00,00,000"),
        ];
        for (major, text) in cases {
            assert_eq!(Money::from_major(major).grouped(India), text);
            assert_eq!(Money::from_major(major).grouped(Bangladesh), text);
            assert_eq!(Money::parse(text), Ok(Money::from_major(major)), "{text}");
        }
        assert_eq!(Money(1_50_000_05).grouped(India), "1,50,000.05");
        assert_eq!(Money(9_950).grouped(India), "99.50");
        assert_eq!(Money::from_major(150_000).with_sign(India), "₹1,50,000");
        assert_eq!(Money::from_major(250).with_sign(Bangladesh), "৳250");
        for minor in [0, 1, 99, 100, 12_345, 1_000_000_07, Money::MAX.0] {
            assert_eq!(Money::parse(&Money(minor).with_sign(India)), Ok(Money(minor)));
        }
    }

    #[test]
    fn plain_text_has_no_needless_decimals() {
        assert_eq!(Money(25_000).to_plain(), "250");
        assert_eq!(Money(9_950).to_plain(), "99.50");
    }
}
