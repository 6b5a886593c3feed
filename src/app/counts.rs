//! The counted texts more than one screen shows ("7 of 10 stamps", "2 rewards ready"), each
//! written once: the number formatted by [`Numbers`](super::numbers::Numbers), the sentence and
//! its plural chosen by the translation (a `leptos_i18n` range on `count`). One function per
//! text also keeps the wasm small: every `t!` is a type of its own.

use leptos::prelude::*;

use super::i18n::*;
use super::numbers::use_numbers;

/// "7 of 10 stamps" (and "0 of 1 stamp").
pub fn stamps_of(on_card: u32, per: u32) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    t!(i18n, n_of_m_stamps, n = move || numbers.get().int(on_card), m = move || numbers.get().int(per), count = move || per as i32)
}

/// "Rewards ready: 2" ("2 इनाम तैयार हैं").
pub fn rewards_ready(ready: u32) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    t!(i18n, rewards_ready, k = move || numbers.get().int(ready), count = move || ready as i32)
}
