//! Numbers, money and dates as the chosen language writes them: Indian grouping (1,00,000), the
//! shop's currency, the digits chosen in Settings (Latin or the language's own: १२३, ১২৩, ૧૨૩),
//! "3 days ago". All of it comes from the browser's `Intl` through js-sys, which already knows
//! every language's grouping, digits, currency placement and words for days; the app carries no
//! ICU data of its own (that would add tens of KB to the wasm) and groups nothing by hand.
//!
//! Texts get numbers through here and pass them into the translation as arguments, so a
//! sentence is always the translator's, never glued together by code.

use js_sys::{Array, Intl, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::i18n::{use_i18n, Locale};
use crate::domain::{Country, Money};

/// Where the digits choice is remembered on this device.
const DIGITS_KEY: &str = "mohar.digits";

/// Which digits numbers are shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digits {
    /// 0 1 2 3, in every language.
    Latin,
    /// The language's own: ० १ २ in Hindi, ০ ১ ২ in Bengali, ૦ ૧ ૨ in Gujarati (English has none,
    /// so it stays Latin).
    Native,
}

impl Digits {
    /// The value stored and used in the Settings select.
    pub fn as_str(self) -> &'static str {
        match self {
            Digits::Latin => "latin",
            Digits::Native => "native",
        }
    }

    /// Reads a stored or selected value.
    pub fn from_str(text: &str) -> Option<Digits> {
        match text {
            "latin" => Some(Digits::Latin),
            "native" => Some(Digits::Native),
            _ => None,
        }
    }
}

/// The digits choice made in Settings on this device; `None` while the owner has not chosen, and
/// then [`Numbers`] uses the shop's default (Bengali digits for a Bangladesh shop in Bengali,
/// Latin otherwise).
#[derive(Clone, Copy)]
pub struct DigitsChoice(pub RwSignal<Option<Digits>>);

impl DigitsChoice {
    /// The remembered choice.
    pub fn load() -> DigitsChoice {
        use gloo_storage::Storage;
        let saved = gloo_storage::LocalStorage::get::<String>(DIGITS_KEY).ok().and_then(|text| Digits::from_str(&text));
        DigitsChoice(RwSignal::new(saved))
    }

    /// Chooses and remembers.
    pub fn choose(&self, digits: Digits) {
        use gloo_storage::Storage;
        let _ = gloo_storage::LocalStorage::set(DIGITS_KEY, digits.as_str());
        self.0.set(Some(digits));
    }
}

/// How numbers are written right now: the language, the shop's country and the digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbers {
    pub locale: Locale,
    pub country: Country,
    pub digits: Digits,
}

/// The digits a shop gets before anyone chooses in Settings: a Bangladesh shop reads Bengali in
/// Bengali digits; Indian shops mostly write Latin digits even in Hindi and Gujarati.
pub fn default_digits(locale: Locale, country: Country) -> Digits {
    match (locale, country) {
        (Locale::bn, Country::Bangladesh) => Digits::Native,
        _ => Digits::Latin,
    }
}

/// The current [`Numbers`], following the language, the digits choice and the shop's country.
pub fn use_numbers() -> Signal<Numbers> {
    let i18n = use_i18n();
    // The public card page has no shell (no shop is open there): India and Latin digits.
    let shell = use_context::<super::Shell>();
    let choice = use_context::<DigitsChoice>().map(|choice| choice.0);
    Signal::derive(move || {
        let locale = i18n.get_locale();
        let country = shell.and_then(|shell| shell.counter.with(|counter| counter.as_ref().map(|counter| counter.shop().profile.country))).unwrap_or(Country::India);
        let digits = choice.and_then(|choice| choice.get()).unwrap_or_else(|| default_digits(locale, country));
        Numbers { locale, country, digits }
    })
}

impl Numbers {
    /// The BCP 47 tag `Intl` gets: language, region, numbering system ("bn-BD-u-nu-beng").
    pub fn tag(&self) -> String {
        let region = match self.country {
            Country::India => "IN",
            Country::Bangladesh => "BD",
        };
        let (language, own_digits) = match self.locale {
            Locale::en => ("en", "latn"),
            Locale::hi => ("hi", "deva"),
            Locale::bn => ("bn", "beng"),
            Locale::gu => ("gu", "gujr"),
        };
        let system = match self.digits {
            Digits::Latin => "latn",
            Digits::Native => own_digits,
        };
        format!("{language}-{region}-u-nu-{system}")
    }

    fn locales(&self) -> Array {
        Array::of1(&JsValue::from_str(&self.tag()))
    }

    fn number_format(&self, options: &[(&str, JsValue)]) -> Intl::NumberFormat {
        let object = Object::new();
        for (name, value) in options {
            let _ = Reflect::set(&object, &JsValue::from_str(name), value);
        }
        Intl::NumberFormat::new(&self.locales(), &object)
    }

    /// The same `Intl.NumberFormat` each time for the same language, digits and `kind` of
    /// options. Making one costs far more than formatting with it, and a list of 30 customers
    /// formats three numbers a row on every keystroke.
    fn cached_format(&self, kind: &'static str, options: &[(&str, JsValue)]) -> Intl::NumberFormat {
        self.cached(kind, || self.number_format(options).into()).unchecked_into()
    }

    /// The `Intl` formatter `make` makes for this language and digits, made once per `kind`.
    fn cached(&self, kind: &'static str, make: impl FnOnce() -> Object) -> Object {
        thread_local! {
            static FORMATS: std::cell::RefCell<Vec<(String, &'static str, Object)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let tag = self.tag();
        if let Some(found) = FORMATS.with_borrow(|formats| formats.iter().find(|(t, k, _)| *t == tag && *k == kind).map(|(_, _, format)| format.clone())) {
            return found;
        }
        let format = make();
        FORMATS.with_borrow_mut(|formats| {
            // Languages × digits × kinds is a handful; the bound only guards against surprises.
            if formats.len() >= 32 {
                formats.clear();
            }
            formats.push((tag, kind, format.clone()));
        });
        format
    }

    fn format_with(format: &Intl::NumberFormat, value: f64) -> String {
        format.format().call1(&JsValue::UNDEFINED, &JsValue::from_f64(value)).ok().and_then(|text| text.as_string()).unwrap_or_else(|| value.to_string())
    }

    /// A count or any whole number: "1,00,000", "১,০০,০০০", "१२".
    pub fn int(&self, value: impl Into<f64>) -> String {
        Self::format_with(&self.cached_format("int", &[("maximumFractionDigits", 0.into())]), value.into())
    }

    /// A number with at most one decimal, for averages: "1.7", "১.৭" (the dashboard, issue 12).
    pub fn decimal(&self, value: f64) -> String {
        Self::format_with(&self.cached_format("decimal", &[("maximumFractionDigits", 1.into())]), value)
    }

    /// A share in per cent with at most one decimal: "75%", "৬৬.৭%" (the dashboard, issue 12).
    pub fn percent(&self, value: f64) -> String {
        Self::format_with(&self.cached_format("percent", &[("style", "percent".into()), ("maximumFractionDigits", 1.into())]), value / 100.0)
    }

    /// An amount with the shop's currency, the way the language writes it: "₹1,50,000",
    /// "₹99.50", "১,৫০,০০০৳". Paise only when there are some.
    pub fn money(&self, amount: Money) -> String {
        let currency = match self.country {
            Country::India => "INR",
            Country::Bangladesh => "BDT",
        };
        let fraction = if amount.0 % 100 == 0 { 0 } else { 2 };
        let kind = if fraction == 0 { "money" } else { "money_paise" };
        let format = self.cached_format(kind, &[
            ("style", "currency".into()),
            ("currency", currency.into()),
            ("minimumFractionDigits", fraction.into()),
            ("maximumFractionDigits", fraction.into()),
        ]);
        Self::format_with(&format, amount.0 as f64 / 100.0)
    }

    /// An amount without a currency sign, for a field the clerk keeps typing in ("1,50,000"):
    /// what [`Money::parse`] reads back, in every language's digits.
    pub fn amount(&self, amount: Money) -> String {
        let fraction = if amount.0 % 100 == 0 { 0 } else { 2 };
        let kind = if fraction == 0 { "amount" } else { "amount_paise" };
        let format = self.cached_format(kind, &[("minimumFractionDigits", fraction.into()), ("maximumFractionDigits", fraction.into())]);
        Self::format_with(&format, amount.0 as f64 / 100.0)
    }

    /// "today", "yesterday", "3 days ago" in the language (`days` before today).
    pub fn days_ago(&self, days: i64) -> String {
        let format: Intl::RelativeTimeFormat = self
            .cached("days_ago", || {
                let options = Object::new();
                let _ = Reflect::set(&options, &JsValue::from_str("numeric"), &JsValue::from_str("auto"));
                Intl::RelativeTimeFormat::new(&self.locales(), &options).into()
            })
            .unchecked_into();
        String::from(format.format(-(days as f64), "day"))
    }

    /// "now", "2 minutes ago", "3 hours ago", "yesterday" in the language (`seconds` ago), for
    /// Settings → Sync's "last synced".
    pub fn time_ago(&self, seconds: i64) -> String {
        let (value, unit) = match seconds.max(0) {
            s if s < 60 => (0, "minute"),
            s if s < 3_600 => (s / 60, "minute"),
            s if s < 86_400 => (s / 3_600, "hour"),
            s => (s / 86_400, "day"),
        };
        let options = Object::new();
        let _ = Reflect::set(&options, &JsValue::from_str("numeric"), &JsValue::from_str("auto"));
        let format = Intl::RelativeTimeFormat::new(&self.locales(), &options);
        String::from(format.format(-(value as f64), unit))
    }

    /// A short date for a chart's labels: "2 Mar", "২ মার্চ" (the dashboard, issue 12).
    pub fn short_date(&self, year: i32, month: u32, day: u32) -> String {
        self.formatted_date("short_date", &[("day", "numeric"), ("month", "short")], year, month, day)
    }

    /// A month for a chart's labels: "Mar 26" (the dashboard, issue 12).
    pub fn short_month(&self, year: i32, month: u32) -> String {
        self.formatted_date("short_month", &[("month", "short"), ("year", "2-digit")], year, month, 1)
    }

    fn formatted_date(&self, kind: &'static str, parts: &[(&str, &str)], year: i32, month: u32, day: u32) -> String {
        let format: Intl::DateTimeFormat = self
            .cached(kind, || {
                let options = Object::new();
                for (name, value) in parts.iter().copied().chain([("timeZone", "UTC")]) {
                    let _ = Reflect::set(&options, &JsValue::from_str(name), &JsValue::from_str(value));
                }
                Intl::DateTimeFormat::new(&self.locales(), &options).into()
            })
            .unchecked_into();
        let date = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::utc(year as f64, month.saturating_sub(1) as f64)));
        date.set_utc_date(day);
        format.format().call1(&JsValue::UNDEFINED, &date).ok().and_then(|text| text.as_string()).unwrap_or_default()
    }

    /// A calendar date in the language, day and month in words ("23 नवंबर 2026").
    pub fn date(&self, year: i32, month: u32, day: u32) -> String {
        self.formatted_date("date", &[("day", "numeric"), ("month", "long"), ("year", "numeric")], year, month, day)
    }

    /// The day of the week of a date, in the language ("Friday", "शुक्रवार").
    pub fn weekday(&self, year: i32, month: u32, day: u32) -> String {
        self.formatted_date("weekday", &[("weekday", "long")], year, month, day)
    }

    /// Whether `count` takes the language's "one" form ("1 stamp"; in Hindi, Bengali and
    /// Gujarati 0 too), by the browser's CLDR plural rules (`Intl.PluralRules`). For the message
    /// templates, which are plain text filled in by [`fill`]; screen texts choose their plural
    /// with `leptos_i18n` ranges.
    pub fn is_one(&self, count: u32) -> bool {
        let rules: Intl::PluralRules = self.cached("plural", || Intl::PluralRules::new(&self.locales(), &Object::new()).into()).unchecked_into();
        String::from(rules.select(f64::from(count))) == "one"
    }

    /// `text` with its ASCII digits in the chosen digits, for numbers that are not quantities
    /// (a phone number): the ten digits come from `Intl` itself, so no digit table is kept here.
    pub fn digits_of(&self, text: &str) -> String {
        if self.digits == Digits::Latin || self.locale == Locale::en {
            return text.to_owned();
        }
        let format = self.cached_format("digits", &[("useGrouping", false.into())]);
        let table: Vec<char> = Self::format_with(&format, 123_456_789.0).chars().collect();
        // "123456789" gives the digits 1 to 9; 0 is the one before 1 in every Unicode digit block.
        if table.len() != 9 {
            return text.to_owned();
        }
        let zero = char::from_u32(table[0] as u32 - 1).unwrap_or('0');
        text.chars()
            .map(|c| match c.to_digit(10) {
                Some(0) if c.is_ascii_digit() => zero,
                Some(d) if c.is_ascii_digit() => table[d as usize - 1],
                _ => c,
            })
            .collect()
    }
}

/// A message template from the translations with its ICU-style `{name}` arguments filled in:
/// the sentence and the order of its parts stay the translator's. (`leptos_i18n`'s own
/// interpolation gives plain strings only with its "interpolate_display" option, which
/// `load_locales!` cannot turn on.) An argument's value is never read again for placeholders.
///
/// The filling itself is the core's (`domain::messages::templates::fill_pairs`), the same as the
/// messages' placeholders use.
pub use crate::domain::messages::templates::fill_pairs as fill;

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_puts_each_argument_where_the_translation_has_it() {
        let hindi = "{hello} {shop} पर आपका कार्ड: {per} में से {n} मोहर।";
        let filled = fill(hindi, &[("hello", "नमस्ते Asha!"), ("shop", "Sharma Tea"), ("per", "१०"), ("n", "७")]);
        assert_eq!(filled, "नमस्ते Asha! Sharma Tea पर आपका कार्ड: १० में से ७ मोहर।");
    }

    #[test]
    fn fill_leaves_unknown_braces_and_never_rereads_a_value() {
        assert_eq!(fill("{a} {b} {", &[("a", "{b}")]), "{b} {b} {");
    }
}
