//! Settings, the counter's part: the heading, the owner's links, the Digits choice and "Leave the
//! demo" (its panel from the owner's bundle, the deleting here: this bundle holds the database
//! open; `leave_demo.rs`). The rest — the shop, the program, card links and the website widget —
//! is an owner's screen in the owner's bundle (`owner_settings.rs`), loaded on demand here.

use leptos::prelude::*;

use super::i18n::*;
use super::locales::text;
use super::leave_demo::LeaveDemo;
use super::owner_bundle::{OwnerPart, OwnerScreen};

/// The settings screen.
#[component]
pub fn SettingsScreen() -> impl IntoView {
    let i18n = use_i18n();
    // Staff and owner: Settings is the owner's; with an owner PIN it opens after it.
    view! {
        <section class="settings">
            <h1>{text(i18n, |l| td_string!(l, settings_title))}</h1>
            <super::pin_entry::OwnerPinGate>
                <LeaveDemo/>
                <p class="owner-links">
                    <a class="button" href=super::route::Route::Activity.to_hash()>{text(i18n, |l| td_string!(l, activity_title))}</a>
                    // The owner's dashboard (issue 12).
                    <a class="button" href=super::route::Route::Dashboard.to_hash()>{text(i18n, |l| td_string!(l, dash_title))}</a>
                    <a class="button" href=super::route::Route::Segments.to_hash()>{text(i18n, |l| td_string!(l, seg_title))}</a>
                    // Hear them out (issue 10): the owner's Feedback screen (complaints and questions).
                    <a class="button" href=super::route::Route::Feedback.to_hash()>{text(i18n, |l| td_string!(l, voice_nav))}</a>
                    // Sync (issue 14): what devices did differently offline.
                    <a class="button" href=super::route::Route::NeedsALook.to_hash()>{text(i18n, |l| td_string!(l, look_title))}</a>
                    <a class="button" href=super::route::Route::Messages.to_hash()>{text(i18n, |l| td_string!(l, messages_title))}</a>
                    <a class="button" href=super::route::Route::MessageQueue.to_hash()>{text(i18n, |l| td_string!(l, messages_queue))}</a>
                </p>
                <div class="card-panel">
                    <super::digits_setting::DigitsSetting/>
                </div>
                <OwnerPart screen=OwnerScreen::Settings/>
            </super::pin_entry::OwnerPinGate>
        </section>
    }
}
