//! Settings → "Review page address" (issue 10, "Hear them out"): where happy customers are sent
//! to review the shop, e.g. a Google Maps review link. An owner's setting, in the owner's
//! bundle; kept on this device like the rewards page address (`feedback_prompt::review_page`).

use leptos::prelude::*;

use super::errors::UiError;
use super::feedback_prompt::{review_page, set_review_page};
use super::fields::TextInput;
use super::i18n::*;
use super::locales::text;
use crate::domain::feedback::review_page_address;

/// The review page field, its check (an https address) and Save.
#[component]
pub fn ReviewPageSetting() -> impl IntoView {
    let i18n = use_i18n();
    let address = RwSignal::new(review_page().unwrap_or_default());
    let error = RwSignal::new(None::<UiError>);
    let saved = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        match review_page_address(&address.get_untracked()) {
            Ok(checked) => {
                error.set(None);
                set_review_page(checked.as_deref());
                address.set(checked.unwrap_or_default());
                saved.set(true);
            }
            Err(_) => error.set(Some(UiError::ReviewPageNotHttps)),
        }
    };
    view! {
        <form class="review-page" on:submit=save novalidate>
            <TextInput
                id="review-page"
                value=address
                error=Signal::derive(move || error.get())
                kind="url"
                inputmode="url"
                placeholder=Signal::derive(|| "https://".to_owned())
                hint=ViewFn::from(move || text(i18n, |l| td_string!(l, voice_review_page_hint)))
                label_suffix=ViewFn::from(move || text(i18n, |l| td_string!(l, optional)))
            >
                {text(i18n, |l| td_string!(l, voice_review_page))}
            </TextInput>
            <div class="actions">
                <button type="submit">{text(i18n, |l| td_string!(l, voice_save_review_page))}</button>
                <span class="saved" role="status">{move || saved.get().then(|| text(i18n, |l| td_string!(l, voice_review_page_saved)))}</span>
            </div>
        </form>
    }
}
