//! Phone numbers: what a clerk types, normalized to E.164 with the shop's country code.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The countries Mohar serves. The country decides the currency and the phone prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Country {
    /// India: ₹, +91, ten-digit mobile numbers starting 6–9.
    India,
    /// Bangladesh: ৳, +880, mobile numbers 01[3-9] followed by eight digits.
    Bangladesh,
}

impl Country {
    /// Every country, in the order the set-up form lists them.
    pub const ALL: [Country; 2] = [Country::India, Country::Bangladesh];

    /// The international dialling code without the plus sign.
    pub fn calling_code(self) -> &'static str {
        match self {
            Country::India => "91",
            Country::Bangladesh => "880",
        }
    }

    /// The currency sign shown next to amounts.
    pub fn currency_symbol(self) -> &'static str {
        match self {
            Country::India => "₹",
            Country::Bangladesh => "৳",
        }
    }

    /// A stable code for storage and forms.
    pub fn code(self) -> &'static str {
        match self {
            Country::India => "IN",
            Country::Bangladesh => "BD",
        }
    }

    /// The country for a code from [`Country::code`].
    pub fn from_code(code: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|country| country.code() == code)
    }

    /// Checks the national significant number (without country code or trunk zero).
    fn is_valid_national(self, national: &str) -> bool {
        let bytes = national.as_bytes();
        match self {
            // Indian mobiles: ten digits starting 6, 7, 8 or 9.
            Country::India => bytes.len() == 10 && matches!(bytes[0], b'6'..=b'9'),
            // Bangladeshi mobiles: 1, then an operator digit 3–9, then eight digits.
            Country::Bangladesh => bytes.len() == 10 && bytes[0] == b'1' && matches!(bytes[1], b'3'..=b'9'),
        }
    }
}

/// Why a typed phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PhoneError {
    /// Nothing was typed.
    #[error("enter a phone number")]
    Empty,
    /// Letters or symbols other than spaces, dashes, dots, brackets and a leading plus.
    #[error("a phone number has only digits")]
    NotDigits,
    /// The number does not have the shape of a mobile number of the shop's country.
    #[error("this is not a valid mobile number for {}", country.code())]
    Invalid {
        /// The shop's country.
        country: Country,
    },
    /// A stored number is not E.164 (`+`, then 8 to 15 digits, the first not 0).
    #[error("a saved phone number is not in international form")]
    NotE164,
}

/// A phone number in E.164 form, e.g. `+919876543210`. Read from storage through
/// [`Phone::from_e164`], so a damaged stored number is a decoding error, not a later panic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Phone(String);

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(text: String) -> Result<Phone, PhoneError> {
        Phone::from_e164(text)
    }
}

impl Phone {
    /// Normalizes what a clerk typed ("98765 43210", "+91-98765-43210", "09876543210",
    /// "০১৭১২৩৪৫৬৭৮") for a shop in `country`.
    pub fn parse(input: &str, country: Country) -> Result<Phone, PhoneError> {
        let input = crate::domain::search::ascii_digits(input.trim());
        if input.is_empty() {
            return Err(PhoneError::Empty);
        }
        let has_plus = input.starts_with('+');
        let mut digits = String::with_capacity(input.len());
        for (index, c) in input.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if index == 0 => {}
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(PhoneError::NotDigits),
            }
        }
        let code = country.calling_code();
        let national = if has_plus || digits.starts_with("00") {
            let international = digits.trim_start_matches("00");
            international.strip_prefix(code).ok_or(PhoneError::Invalid { country })?
        } else if digits.len() > 10 && digits.starts_with(code) && country.is_valid_national(&digits[code.len()..]) {
            &digits[code.len()..]
        } else {
            // A leading trunk zero is dialled inside the country and is not part of E.164.
            digits.strip_prefix('0').unwrap_or(&digits)
        };
        if !country.is_valid_national(national) {
            return Err(PhoneError::Invalid { country });
        }
        Ok(Phone(format!("+{code}{national}")))
    }

    /// The E.164 text, `+` and digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits only, as `wa.me` links want them.
    pub fn digits(&self) -> &str {
        self.0.strip_prefix('+').unwrap_or(&self.0)
    }

    /// The number as people write it, for forms and screens: "+91 98765 43210" (India's
    /// five-five split) and "+880 1712-345678" (Bangladesh). Bangladesh is shown in its
    /// international form rather than the national "01712-345678": both are common, but this
    /// one is what WhatsApp and contact cards show, it says which country the number is of, and
    /// it has the same shape as the Indian one, so a screen shows one style of number. Both
    /// forms read back to the same number ([`Phone::parse`]). Other numbers stay in E.164.
    pub fn formatted(&self) -> String {
        let digits = self.digits();
        let ascii = digits.bytes().all(|byte| byte.is_ascii_digit());
        if let Some(national) = digits.strip_prefix(Country::India.calling_code()).filter(|n| ascii && Country::India.is_valid_national(n)) {
            return format!("+91 {} {}", &national[..5], &national[5..]);
        }
        if let Some(national) = digits.strip_prefix(Country::Bangladesh.calling_code()).filter(|n| ascii && Country::Bangladesh.is_valid_national(n)) {
            return format!("+880 {}-{}", &national[..4], &national[4..]);
        }
        self.0.clone()
    }

    /// The number with all but the last four digits hidden, for lists that others may see.
    pub fn masked(&self) -> String {
        let digits = self.digits();
        let last_four: Vec<char> = digits.chars().rev().take(4).collect();
        let mut masked = String::from("••••• •");
        masked.extend(last_four.into_iter().rev());
        masked
    }

    /// The country whose calling code the number starts with, if Mohar serves it.
    pub fn country(&self) -> Option<Country> {
        Country::ALL.into_iter().find(|country| self.digits().starts_with(country.calling_code()))
    }

    /// Whether `typed` is this number written out in full with its country code ("+91 98765
    /// 43210", "+919876543210"): a saved number shown in a form and left as it was.
    pub fn is_typed_as(&self, typed: &str) -> bool {
        let typed = crate::domain::search::ascii_digits(typed.trim());
        let Some(rest) = typed.strip_prefix('+') else { return false };
        let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        digits == self.digits()
    }

    /// Checks a number in E.164 form, as stored: `+`, then 8 to 15 ASCII digits, the first not 0.
    pub fn from_e164(text: String) -> Result<Phone, PhoneError> {
        let digits = text.strip_prefix('+').ok_or(PhoneError::NotE164)?;
        let well_formed = (8..=15).contains(&digits.len())
            && digits.bytes().all(|byte| byte.is_ascii_digit())
            && !digits.starts_with('0');
        if well_formed {
            Ok(Phone(text))
        } else {
            Err(PhoneError::NotE164)
        }
    }

    /// Trusts an already-normalized number (test data and the seeded demo). Every method stays
    /// panic-free whatever the text is.
    pub fn from_e164_unchecked(text: String) -> Phone {
        Phone(text)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indian_numbers_in_every_usual_shape() {
        for typed in ["9876543210", "98765 43210", "+91 98765-43210", "09876543210", "919876543210", "0091 9876543210", "९८७६५४३२१०"] {
            assert_eq!(Phone::parse(typed, Country::India).map(|p| p.0), Ok("+919876543210".to_owned()), "{typed}");
        }
    }

    #[test]
    fn bangladeshi_numbers_in_every_usual_shape() {
        for typed in ["01712345678", "+880 1712-345678", "8801712345678", "০১৭১২৩৪৫৬৭৮"] {
            assert_eq!(Phone::parse(typed, Country::Bangladesh).map(|p| p.0), Ok("+8801712345678".to_owned()), "{typed}");
        }
    }

    #[test]
    fn invalid_numbers_are_refused() {
        assert_eq!(Phone::parse("", Country::India), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("12345", Country::India), Err(PhoneError::Invalid { country: Country::India }));
        assert_eq!(Phone::parse("5876543210", Country::India), Err(PhoneError::Invalid { country: Country::India }));
        assert_eq!(Phone::parse("98765abc10", Country::India), Err(PhoneError::NotDigits));
        assert_eq!(Phone::parse("+880 1712345678", Country::India), Err(PhoneError::Invalid { country: Country::India }));
        assert_eq!(Phone::parse("01212345678", Country::Bangladesh), Err(PhoneError::Invalid { country: Country::Bangladesh }));
    }

    #[test]
    fn bad_stored_numbers_are_decoding_errors_not_panics() {
        for bad in ["", "+", "919876543210", "+0123456789", "+91 98765", "+९१९८७६५४३२१०", "+12345", "+1234567890123456", "+9198765é3210"] {
            let json = serde_json::to_string(bad).unwrap();
            assert!(serde_json::from_str::<Phone>(&json).is_err(), "{bad:?} was accepted");
            assert_eq!(Phone::from_e164(bad.to_owned()), Err(PhoneError::NotE164), "{bad:?}");
        }
        let huge = format!("\"+{}\"", "9".repeat(100_000));
        assert!(serde_json::from_str::<Phone>(&huge).is_err());
        let good: Phone = serde_json::from_str("\"+919876543210\"").unwrap();
        assert_eq!(serde_json::to_string(&good).unwrap(), "\"+919876543210\"");
    }

    #[test]
    fn methods_do_not_panic_on_any_text() {
        for text in ["", "+", "é", "+é", "+91é3", "९८७६५"] {
            let phone = Phone::from_e164_unchecked(text.to_owned());
            let _ = (phone.digits(), phone.masked());
        }
        assert_eq!(Phone::from_e164_unchecked("+91é3210".into()).masked(), "••••• •3210");
    }

    #[test]
    fn a_saved_number_knows_its_country_and_recognises_itself_typed_out() {
        let indian = Phone::parse("9876543210", Country::India).unwrap();
        assert_eq!(indian.country(), Some(Country::India));
        assert_eq!(Phone::parse("01712345678", Country::Bangladesh).unwrap().country(), Some(Country::Bangladesh));
        for same in ["+919876543210", " +91 98765 43210", "+91-98765-43210", "+९१९८७६५४३२१०"] {
            assert!(indian.is_typed_as(same), "{same}");
        }
        for other in ["9876543210", "+919876543211", "+91987654321", "", "+"] {
            assert!(!indian.is_typed_as(other), "{other}");
        }
    }

    #[test]
    fn numbers_are_shown_as_people_write_them_and_read_back_the_same() {
        let india = Phone::parse("9876543210", Country::India).unwrap();
        assert_eq!(india.formatted(), "+91 98765 43210");
        let bangladesh = Phone::parse("01712345678", Country::Bangladesh).unwrap();
        assert_eq!(bangladesh.formatted(), "+880 1712-345678");
        assert_eq!(Phone::parse(&india.formatted(), Country::India), Ok(india.clone()));
        assert_eq!(Phone::parse(&bangladesh.formatted(), Country::Bangladesh), Ok(bangladesh.clone()));
        assert_eq!(Phone::parse("01712-345678", Country::Bangladesh), Ok(bangladesh.clone()));
        // Anything else (another country, damaged text) is shown as stored, never panics.
        for other in ["+447911123456", "+91123", "+91é876543210", "", "+"] {
            assert_eq!(Phone::from_e164_unchecked(other.to_owned()).formatted(), other);
        }
    }

    #[test]
    fn masking_keeps_the_last_four_digits() {
        let phone = Phone::parse("9876543210", Country::India).unwrap();
        assert_eq!(phone.masked(), "••••• •3210");
        assert_eq!(phone.digits(), "919876543210");
    }
}
