//! Everything that can go wrong, shown in the user's language.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use super::i18n::*;
use super::locales::{text, text_with};
use std::sync::Arc;
use crate::domain::money::MoneyParseError;
use crate::domain::{Country, DomainError, PhoneError};
use crate::session::AppError;
use crate::store::StoreError;

/// An error as the screens show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UiError {
    /// A shop rule refused the action.
    Domain(DomainError),
    /// Storage failed.
    Store(StoreError),
    /// A typed amount could not be read.
    Money(MoneyParseError),
    /// A count field that is not a whole number.
    WholeNumber,
    /// The customer is not in this device's data.
    CustomerNotFound,
    /// The browser has no cryptographic random source, so no shop key can be made.
    NoSecureRandom,
    /// The "Rewards page address" is not an http(s) address.
    NotWebAddress,
    /// An owner's screen could not be loaded: its bundle was never downloaded on this device and
    /// the network is off (or the download failed).
    ScreenUnavailable,
    /// The "Review page address" is not an https address (issue 10).
    ReviewPageNotHttps,
    /// Staff and owner: a PIN was refused.
    Pin(crate::domain::staff::PinError),
    /// Staff and owner: the browser could not hash a PIN (no WebCrypto).
    PinUnavailable,
    /// Staff and owner: the PIN and "PIN again" differ.
    PinsDiffer,
}

impl From<AppError> for UiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Domain(error) => UiError::Domain(error),
            AppError::Store(error) => UiError::Store(error),
            AppError::CustomerNotFound => UiError::CustomerNotFound,
        }
    }
}

impl From<DomainError> for UiError {
    fn from(error: DomainError) -> Self {
        UiError::Domain(error)
    }
}

impl From<StoreError> for UiError {
    fn from(error: StoreError) -> Self {
        UiError::Store(error)
    }
}

impl From<MoneyParseError> for UiError {
    fn from(error: MoneyParseError) -> Self {
        UiError::Money(error)
    }
}

/// The translated text of an error.
#[component]
pub fn ErrorText(error: UiError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        UiError::Domain(error) => domain_error(i18n, super::numbers::use_numbers(), error),
        UiError::Store(error) => store_error(i18n, error),
        UiError::Money(MoneyParseError::Empty) => text(i18n, |l| td_string!(l, err_amount_empty)).into_any(),
        UiError::Money(MoneyParseError::Malformed) => text(i18n, |l| td_string!(l, err_amount_malformed)).into_any(),
        UiError::Money(MoneyParseError::TooLarge) => text(i18n, |l| td_string!(l, err_amount_too_large)).into_any(),
        UiError::WholeNumber => text(i18n, |l| td_string!(l, err_whole_number)).into_any(),
        UiError::CustomerNotFound => text(i18n, |l| td_string!(l, customer_not_found)).into_any(),
        UiError::NoSecureRandom => text(i18n, |l| td_string!(l, err_no_secure_random)).into_any(),
        UiError::NotWebAddress => text(i18n, |l| td_string!(l, err_not_web_address)).into_any(),
        UiError::ScreenUnavailable => text(i18n, |l| td_string!(l, err_screen_unavailable)).into_any(),
        UiError::ReviewPageNotHttps => text(i18n, |l| td_string!(l, voice_err_review_not_https)).into_any(),
        UiError::Pin(error) => super::pin_entry::pin_error(i18n, super::numbers::use_numbers(), error),
        UiError::PinUnavailable => text(i18n, |l| td_string!(l, staff_err_no_webcrypto)).into_any(),
        UiError::PinsDiffer => text(i18n, |l| td_string!(l, staff_err_pins_differ)).into_any(),
    }
}

fn domain_error(i18n: I18nContext<Locale>, numbers: Signal<super::numbers::Numbers>, error: DomainError) -> AnyView {
    // A number inside an error, in the chosen digits.
    let int = move |value: u32| numbers.get().int(value);
    match error {
        DomainError::NoRewardReady => text(i18n, |l| td_string!(l, err_no_reward_ready)).into_any(),
        DomainError::VoidWouldGoNegative => text(i18n, |l| td_string!(l, err_void_negative)).into_any(),
        DomainError::NotVoidable => text(i18n, |l| td_string!(l, err_not_voidable)).into_any(),
        DomainError::AlreadyVoided => text(i18n, |l| td_string!(l, err_already_voided)).into_any(),
        DomainError::UndoOutOfReach { reach } => text_with(i18n, |l| td_string!(l, err_undo_out_of_reach), Arc::new(move || vec![("n", int(reach as u32))])).into_any(),
        DomainError::HistoryAheadOfClock => text(i18n, |l| td_string!(l, err_history_ahead_of_clock)).into_any(),
        DomainError::BillAmountMissing => text(i18n, |l| td_string!(l, err_bill_missing)).into_any(),
        DomainError::NoStampsEarned => text(i18n, |l| td_string!(l, err_no_stamps_earned)).into_any(),
        DomainError::AmountPerStampMissing => text(i18n, |l| td_string!(l, err_amount_per_stamp_missing)).into_any(),
        DomainError::StampsPerRewardOutOfRange { max } => text_with(i18n, |l| td_string!(l, err_stamps_per_reward_range), Arc::new(move || vec![("max", int(max))])).into_any(),
        DomainError::StampsOutOfRange { max } => text_with(i18n, |l| td_string!(l, err_stamps_range), Arc::new(move || vec![("max", int(max))])).into_any(),
        DomainError::NotDemoShop => text(i18n, |l| td_string!(l, err_not_demo_shop)).into_any(),
        DomainError::StampsPerVisitOutOfRange { max } => text_with(i18n, |l| td_string!(l, err_stamps_per_visit_range), Arc::new(move || vec![("max", int(max))])).into_any(),
        DomainError::WelcomeStampsOutOfRange { max, card } => text_with(i18n, |l| td_string!(l, err_welcome_range), Arc::new(move || vec![("max", int(max)), ("card", int(card))])).into_any(),
        DomainError::RewardMissing => text(i18n, |l| td_string!(l, err_reward_missing)).into_any(),
        DomainError::RewardTooLong { max } => text_with(i18n, |l| td_string!(l, err_reward_too_long), Arc::new(move || vec![("max", int(max as u32))])).into_any(),
        DomainError::NameMissing => text(i18n, |l| td_string!(l, err_name_missing)).into_any(),
        DomainError::NameTooLong { max } => text_with(i18n, |l| td_string!(l, err_name_too_long), Arc::new(move || vec![("max", int(max as u32))])).into_any(),
        DomainError::NotesTooLong { max } => text_with(i18n, |l| td_string!(l, err_notes_too_long), Arc::new(move || vec![("max", int(max as u32))])).into_any(),
        DomainError::Phone(PhoneError::Empty) => text(i18n, |l| td_string!(l, err_phone_empty)).into_any(),
        DomainError::Phone(PhoneError::NotDigits) => text(i18n, |l| td_string!(l, err_phone_not_digits)).into_any(),
        DomainError::Phone(PhoneError::Invalid { country: Country::India }) => text(i18n, |l| td_string!(l, err_phone_invalid_in)).into_any(),
        DomainError::Phone(PhoneError::Invalid { country: Country::Bangladesh }) => text(i18n, |l| td_string!(l, err_phone_invalid_bd)).into_any(),
        DomainError::Phone(PhoneError::NotE164) => text(i18n, |l| td_string!(l, err_phone_not_e164)).into_any(),
        DomainError::PhoneTaken { .. } => text(i18n, |l| td_string!(l, err_phone_taken)).into_any(),
        DomainError::BirthdayInFuture => text(i18n, |l| td_string!(l, err_birthday_future)).into_any(),
        DomainError::CustomerHasVisits { .. } => text(i18n, |l| td_string!(l, err_customer_has_visits)).into_any(),
        DomainError::CustomerRemoved => text(i18n, |l| td_string!(l, err_customer_removed)).into_any(),
        // Hear them out (issue 10).
        DomainError::RatingOutOfRange => text(i18n, |l| td_string!(l, voice_err_rating)).into_any(),
        DomainError::CommentTooLong { max } => text_with(i18n, |l| td_string!(l, voice_err_too_long), Arc::new(move || vec![("max", int(max as u32))])).into_any(),
        DomainError::ComplaintEmpty => text(i18n, |l| td_string!(l, voice_err_complaint_empty)).into_any(),
        DomainError::ApologyAlreadyGiven => text(i18n, |l| td_string!(l, voice_err_apology_twice)).into_any(),
        DomainError::Perks(error) => super::know_texts::perks_error(i18n, numbers, error),
        DomainError::Birthday(refusal) => super::know_texts::birthday_refusal(i18n, numbers, refusal),
        DomainError::Referral(error) => super::referral_ui::referral_error(i18n, error),
        DomainError::Correction(error) => correction_error(i18n, int, error),
        DomainError::MergeSameCustomer => text(i18n, |l| td_string!(l, merge_err_same)).into_any(),
    }
}

/// The owner's corrections (issue 10): why a bonus or a void was refused.
fn correction_error(i18n: I18nContext<Locale>, int: impl Fn(u32) -> String + Send + Sync + Copy + 'static, error: crate::domain::owner_fix::CorrectionError) -> AnyView {
    use crate::domain::owner_fix::CorrectionError;
    match error {
        CorrectionError::ReasonMissing => text(i18n, |l| td_string!(l, fix_err_reason)).into_any(),
        CorrectionError::ReasonTooLong { max } => text_with(i18n, |l| td_string!(l, fix_err_reason_long), Arc::new(move || vec![("max", int(max as u32))])).into_any(),
        CorrectionError::BonusOutOfRange { max } => text_with(i18n, |l| td_string!(l, fix_err_bonus_range), Arc::new(move || vec![("max", int(max))])).into_any(),
    }
}

fn store_error(i18n: I18nContext<Locale>, error: StoreError) -> AnyView {
    let with_details = |main: AnyView, detail: String| {
        view! {
            {main}
            " "
            <small class="details">{text_with(i18n, |l| td_string!(l, err_details), Arc::new(move || vec![("detail", detail.clone())]))}</small>
        }
        .into_any()
    };
    match error {
        StoreError::QuotaExceeded => text(i18n, |l| td_string!(l, err_quota)).into_any(),
        StoreError::VersionChanged => text(i18n, |l| td_string!(l, err_version_changed)).into_any(),
        StoreError::Stale => text(i18n, |l| td_string!(l, err_stale)).into_any(),
        StoreError::SchemaTooNew { .. } => text(i18n, |l| td_string!(l, err_schema_too_new)).into_any(),
        StoreError::Unavailable(detail) => with_details(text(i18n, |l| td_string!(l, err_unavailable)).into_any(), detail),
        StoreError::Corrupt(detail) => with_details(text(i18n, |l| td_string!(l, err_corrupt)).into_any(), detail),
        StoreError::WriteFailed(detail) => with_details(text(i18n, |l| td_string!(l, err_write_failed)).into_any(), detail),
        StoreError::ReadFailed(detail) => with_details(text(i18n, |l| td_string!(l, err_read_failed)).into_any(), detail),
    }
}
