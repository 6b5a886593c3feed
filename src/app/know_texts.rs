//! The texts of "know the customer" and "reward regulars" that several screens share: why the
//! owner's extras or a birthday reward were refused, the greeting line and the date badges.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::Numbers;
use crate::domain::birthday::{Badge, BirthdayRefusal, Occasion, NEW_DATE_DAYS};
use crate::domain::know::Address;
use crate::domain::perks::PerksError;

/// Why the owner's extras were refused.
pub fn perks_error(i18n: I18nContext<Locale>, numbers: Signal<Numbers>, error: PerksError) -> AnyView {
    let int = move |value: u32| numbers.get().int(value);
    match error {
        PerksError::Label { max } => text_with(i18n, |l| td_string!(l, know_err_label), Arc::new(move || vec![("max", int(max as u32))])).into_any(),
        PerksError::TooMany => text(i18n, |l| td_string!(l, know_err_too_many)).into_any(),
        PerksError::TierRange { max_visits, max_days } => {
            text_with(i18n, |l| td_string!(l, know_err_tier_range), Arc::new(move || vec![("visits", int(max_visits)), ("days", int(max_days))])).into_any()
        }
        PerksError::BonusRange { max } => text_with(i18n, |l| td_string!(l, know_err_bonus_range), Arc::new(move || vec![("max", int(max))])).into_any(),
        PerksError::GiftMissing => text(i18n, |l| td_string!(l, know_err_gift_missing)).into_any(),
    }
}

/// Why the birthday reward cannot be given now.
pub fn birthday_refusal(i18n: I18nContext<Locale>, numbers: Signal<Numbers>, refusal: BirthdayRefusal) -> AnyView {
    match refusal {
        BirthdayRefusal::NotOffered => text(i18n, |l| td_string!(l, know_bday_not_offered)).into_any(),
        BirthdayRefusal::NoBirthday => text(i18n, |l| td_string!(l, know_bday_no_birthday)).into_any(),
        BirthdayRefusal::NotThisWeek => text(i18n, |l| td_string!(l, know_bday_not_this_week)).into_any(),
        BirthdayRefusal::AlreadyGiven { year } => {
            text_with(i18n, |l| td_string!(l, know_bday_already_given), Arc::new(move || vec![("year", numbers.get().digits_of(&year.to_string()))])).into_any()
        }
        BirthdayRefusal::DateTooNew { days_ago } => text_with(
            i18n,
            |l| td_string!(l, know_bday_too_new),
            Arc::new(move || vec![("days", numbers.get().int(days_ago as f64)), ("wait", numbers.get().int(NEW_DATE_DAYS as f64))]),
        )
        .into_any(),
    }
}

/// "Namaste, Asha ji": the greeting line with the form of address.
pub fn greeting(i18n: I18nContext<Locale>, address: Address) -> AnyView {
    match address {
        Address::Called(name) => text_with(i18n, |l| td_string!(l, know_greet_called), Arc::new(move || vec![("name", name.clone())])).into_any(),
        Address::FirstName(name) => text_with(i18n, |l| td_string!(l, know_greet_first), Arc::new(move || vec![("name", name.clone())])).into_any(),
    }
}

/// "Birthday on Friday", "Anniversary today", "Birthday was on Monday".
pub fn badge(i18n: I18nContext<Locale>, numbers: Signal<Numbers>, badge: Badge) -> AnyView {
    let on: NaiveDate = badge.on;
    let day = Arc::new(move || vec![("day", numbers.get().weekday(on.year(), on.month(), on.day()))]);
    match (badge.occasion, badge.days.signum()) {
        (Occasion::Birthday, 0) => text(i18n, |l| td_string!(l, know_birthday_today)).into_any(),
        (Occasion::Birthday, 1) => text_with(i18n, |l| td_string!(l, know_birthday_on), day).into_any(),
        (Occasion::Birthday, _) => text_with(i18n, |l| td_string!(l, know_birthday_was), day).into_any(),
        (Occasion::Anniversary, 0) => text(i18n, |l| td_string!(l, know_anniversary_today)).into_any(),
        (Occasion::Anniversary, 1) => text_with(i18n, |l| td_string!(l, know_anniversary_on), day).into_any(),
        (Occasion::Anniversary, _) => text_with(i18n, |l| td_string!(l, know_anniversary_was), day).into_any(),
    }
}
