//! "How was it today?" after a stamp, and "Complaint" on the customer screen (issue 10, "Hear
//! them out"). Both sit below the counter's buttons and never hold them up: the prompt is
//! dismissed by simply carrying on (the next action or customer), and saving it does not make
//! "Add stamp" wait (feedback changes no card, so it is saved apart from the card's record).

use chrono::Utc;
use leptos::prelude::*;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::numbers::{fill, use_numbers};
use super::action::run_action;
use super::{random, use_shell};
use crate::domain::feedback::{is_happy, review_request_link, Topic};
use crate::domain::Customer;

/// Where the "Review page address" chosen in Settings is remembered on this device (like the
/// rewards page address).
const REVIEW_PAGE_KEY: &str = "mohar.review_page";

/// The shop's review page, if one was set in Settings.
pub fn review_page() -> Option<String> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<String>(REVIEW_PAGE_KEY).ok().filter(|address| !address.is_empty())
}

/// Remembers the review page address (`None`: no review requests).
pub fn set_review_page(address: Option<&str>) {
    use gloo_storage::Storage;
    match address {
        Some(address) => {
            let _ = gloo_storage::LocalStorage::set(REVIEW_PAGE_KEY, address);
        }
        None => gloo_storage::LocalStorage::delete(REVIEW_PAGE_KEY),
    }
}

/// "How was it today?": 1 to 5, then optionally its kind and a comment, and Save. A happy
/// rating then offers the shop's review page to send on WhatsApp.
#[component]
pub fn FeedbackPrompt(customer: RwSignal<Option<Customer>>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let rating = RwSignal::new(None::<u8>);
    let topic = RwSignal::new(None::<Topic>);
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);

    let save = move |_| {
        let Some(chosen) = rating.get_untracked() else { return };
        let said = comment.get_untracked();
        // Its own `busy`, so the card's buttons stay free while it is saved.
        run_action(
            shell,
            customer,
            busy,
            error,
            Box::new(move |counter, current| counter.plan_feedback(current, chosen, topic.get_untracked(), &said, random::event_id(), Utc::now())),
            Box::new(move |_| {
                saved.try_set(true);
            }),
        );
    };
    // The WhatsApp link asking for a review, in the language the counter speaks now.
    let review_link = move || {
        let page = review_page()?;
        let phone = customer.with(|c| c.as_ref().and_then(|c| c.profile.as_ref().map(|p| p.phone.clone())))?;
        let shop = shell.counter.with(|c| c.as_ref().map(|c| c.shop().profile.name.clone())).unwrap_or_default();
        let message = fill(td_string!(i18n.get_locale(), voice_review_message), &[("shop", &shop)]);
        Some(review_request_link(&phone, &message, &page))
    };
    let stars = move || {
        (1..=5u8)
            .map(|n| {
                let label = move || fill(td_string!(i18n.get_locale(), voice_rating_label), &[("n", &numbers.get().int(n)), ("max", &numbers.get().int(5))]);
                view! {
                    <button type="button" class="star" aria-pressed=move || (rating.get() == Some(n)).to_string() aria-label=label
                        on:click=move |_| rating.set(Some(n)) disabled=move || saved.get()>
                        {move || numbers.get().int(n)} "★"
                    </button>
                }
            })
            .collect_view()
    };
    let topics = move || {
        Topic::ALL
            .into_iter()
            .map(|kind| {
                let name = match kind {
                    Topic::Praise => text(i18n, |l| td_string!(l, voice_topic_praise)).into_any(),
                    Topic::Question => text(i18n, |l| td_string!(l, voice_topic_question)).into_any(),
                    Topic::Suggestion => text(i18n, |l| td_string!(l, voice_topic_suggestion)).into_any(),
                };
                let toggle = move |_| topic.update(|chosen| *chosen = if *chosen == Some(kind) { None } else { Some(kind) });
                view! { <button type="button" class="chip" aria-pressed=move || (topic.get() == Some(kind)).to_string() on:click=toggle>{name}</button> }
            })
            .collect_view()
    };

    view! {
        <div class="feedback" role="group" aria-labelledby="feedback-title">
            <div class="feedback-row">
                <p id="feedback-title">{text(i18n, |l| td_string!(l, voice_how_was_it))}</p>
                <div class="stars">{stars}</div>
            </div>
            // Hidden rather than mounted on demand (`Show`): a plain attribute costs the counter's
            // wasm far less than another generic view.
            <div hidden=move || rating.get().is_none() || saved.get()>
                <div class="chips">{topics}</div>
                <label for="feedback-comment">{text(i18n, |l| td_string!(l, voice_comment))} " " {text(i18n, |l| td_string!(l, optional))}</label>
                <textarea id="feedback-comment" rows="2" maxlength="500" prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
                <button type="button" class="primary" on:click=save disabled=move || busy.get()>{text(i18n, |l| td_string!(l, voice_save_feedback))}</button>
            </div>
            <div aria-live="polite">
                <div hidden=move || !saved.get()>
                    <p class="saved">{text(i18n, |l| td_string!(l, voice_feedback_saved))}</p>
                    {move || rating.get().filter(|r| is_happy(*r)).map(|_| match review_link() {
                        Some(link) => view! { <a class="button whatsapp review" href=link target="_blank" rel="noopener">{text(i18n, |l| td_string!(l, voice_ask_review))}</a> }.into_any(),
                        None => view! { <p class="note">{text(i18n, |l| td_string!(l, voice_no_review_page))}</p> }.into_any(),
                    })}
                </div>
            </div>
            <div aria-live="assertive">{move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}</div>
        </div>
    }
}

/// "Complaint" on the customer screen: what happened, saved as a complaint the owner follows up
/// on the Feedback screen.
#[component]
pub fn ComplaintButton(customer: RwSignal<Option<Customer>>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let open = RwSignal::new(false);
    let what = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    let save = move |_| {
        let said = what.get_untracked();
        run_action(
            shell,
            customer,
            busy,
            error,
            Box::new(move |counter, current| counter.plan_complaint(current, &said, random::event_id(), Utc::now())),
            Box::new(move |_| {
                what.try_set(String::new());
                open.try_set(false);
                saved.try_set(true);
            }),
        );
    };
    view! {
        <div class="complaint">
            <div hidden=open>
                <button type="button" class="quiet" on:click=move |_| { saved.set(false); open.set(true) }>{text(i18n, |l| td_string!(l, voice_complaint))}</button>
            </div>
            <div hidden=move || !open.get()>
                <label for="complaint-what">{text(i18n, |l| td_string!(l, voice_what_happened))}</label>
                <textarea id="complaint-what" rows="3" maxlength="500" prop:value=move || what.get() on:input=move |e| what.set(event_target_value(&e))></textarea>
                <div class="actions">
                    <button type="button" class="primary" on:click=save disabled=move || busy.get()>{text(i18n, |l| td_string!(l, voice_save_complaint))}</button>
                    <button type="button" on:click=move |_| open.set(false)>{text(i18n, |l| td_string!(l, cancel))}</button>
                </div>
            </div>
            <div aria-live="polite">{move || saved.get().then(|| view! { <p class="saved">{text(i18n, |l| td_string!(l, voice_complaint_saved))}</p> })}</div>
            <div aria-live="assertive">{move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}</div>
        </div>
    }
}
