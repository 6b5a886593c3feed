//! The counted texts more than one screen shows ("7 of 10 stamps", "2 rewards ready"), each
//! written once: the number formatted by [`Numbers`](super::numbers::Numbers), the sentence
//! chosen by the translation. One function per text also keeps the wasm small: every `t!` is a
//! type of its own.

use leptos::prelude::*;

use super::i18n::*;
use super::numbers::use_numbers;

/// "7 of 10 stamps" (and "0 of 1 stamp"), following the chosen language and digits.
pub fn stamps_of(on_card: u32, per: u32) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    move || {
        let numbers = numbers.get();
        stamps_sentence(i18n.get_locale(), &numbers.int(on_card), &numbers.int(per), per)
    }
}

/// "7 of 10 stamps" in `locale` as a plain text, its two numbers already written in the shop's
/// digits, for a card of `per` stamps. A plain text, so the search results can put it in their
/// markup (result_rows.rs). Each language has a sentence for a card of one stamp (`stamps_of_one`:
/// English says "stamp") and one for every other size; the sentences say `{n}` and `{m}`.
pub fn stamps_sentence(locale: Locale, on_card: &str, per_text: &str, per: u32) -> String {
    let sentence = if per == 1 { td_string!(locale, stamps_of_one) } else { td_string!(locale, stamps_of) };
    super::numbers::fill(sentence, &[("n", on_card), ("m", per_text)])
}

/// "Rewards ready: 2" ("2 इनाम तैयार हैं").
pub fn rewards_ready(ready: u32) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    t!(i18n, rewards_ready, k = move || numbers.get().int(ready), count = move || ready as i32)
}
