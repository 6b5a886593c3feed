//! Settings' owner part: the shop, the loyalty program, card links and the website widget,
//! storage persistence and the app version. It is in the owner's bundle, not the counter's:
//! `owner_entry.rs` mounts it inside the counter's Settings screen (`settings.rs`).

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::card_links;
use super::copy::CodeField;
use super::fields::{Field, FieldErrors, FormErrors, TextInput};
use super::shop_settings::{save_planned, SaveState};
use super::i18n::*;
use super::locales::text;
use super::program_form::{ProgramFields, ProgramForm};
use super::shop_settings::ShopSettings;
use super::storage::{persistence_state, Persistence};
use super::{random, use_shell};
use crate::domain::card::{embed_code, rewards_page_address};
use crate::domain::{Country, Program};

/// Settings' panels (the heading and "Leave the demo" are the counter's, in `settings.rs`).
#[component]
pub fn OwnerSettings() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let shop = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.shop().clone()));
    let program = shop.as_ref().map(|shop| shop.program.clone()).unwrap_or_default();
    let fields = ProgramFields::from_program(&program);
    let errors = FieldErrors::new();
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let general = RwSignal::new(None::<UiError>);
    let persistence = RwSignal::new(None::<Persistence>);
    spawn_local(async move {
        let state = persistence_state().await;
        persistence.try_set(Some(state));
    });

    // The shop's country as saved now: a change in the shop section shows at once.
    let country = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map_or(Country::India, |c| c.shop().profile.country)));

    let state = SaveState { busy, saved, general };
    let save = move |event: leptos::ev::SubmitEvent| {
        if !state.begin(&event) {
            return;
        }
        let program: Program = match fields.read() {
            Ok(program) => program,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.clear();
        let planned = shell.plan(|c| c.plan_program_change(program.clone(), random::event_id(), Utc::now()));
        save_planned(shell, planned, errors, Field::General, state, |_| {});
    };

    let currency = Signal::derive(move || country.get().currency_symbol());
    let persistence_text = move || match persistence.get() {
        None => t!(i18n, persist_checking).into_any(),
        Some(Persistence::Granted) => t!(i18n, persist_granted).into_any(),
        Some(Persistence::NotGranted) => t!(i18n, persist_not_granted).into_any(),
        Some(Persistence::Unsupported) => t!(i18n, persist_unsupported).into_any(),
    };

    // Card links: the shop key, where links point, and the website widget.
    let public_key = Memo::new(move |_| shell.shop_key.with(|key| key.as_ref().map(|key| key.public_key_text())));
    let fingerprint = Memo::new(move |_| shell.shop_key.with(|key| key.as_ref().map(|key| key.public_key().fingerprint().to_string())));
    let embed = move || public_key.get().map(|key| embed_code(&card_links::app_directory(), &key)).unwrap_or_default();
    let rewards_page = RwSignal::new(card_links::rewards_page().unwrap_or_default());
    let page_errors = FieldErrors::new();
    let page_saved = RwSignal::new(false);
    let save_page = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        page_saved.set(false);
        match rewards_page_address(&rewards_page.get_untracked()) {
            Ok(address) => {
                page_errors.clear();
                card_links::set_rewards_page(address.as_deref());
                rewards_page.set(address.unwrap_or_default());
                page_saved.set(true);
            }
            Err(_) => page_errors.set(vec![(Field::RewardsPage, UiError::NotWebAddress)]),
        }
    };

    view! {
        <div class="settings-grid">
            <div class="card-panel">
                <h2>{t!(i18n, shop)}</h2>
                <ShopSettings/>
                <h2>{t!(i18n, storage)}</h2>
                <p class="persistence">{persistence_text}</p>
                <h2>{t!(i18n, about)}</h2>
                <p class="version">{t!(i18n, version, v = crate::app_version())}</p>
            </div>
            <div class="card-panel">
                <h2>{t!(i18n, program)}</h2>
                <p class="note">{t!(i18n, program_note)}</p>
                <form on:submit=save novalidate>
                    <ProgramForm fields errors currency/>
                    <FormErrors general errors/>
                    <div class="actions">
                        <button type="submit" class="primary" disabled=move || busy.get()>{t!(i18n, save)}</button>
                        <span class="saved" role="status">{move || saved.get().then(|| t!(i18n, program_saved))}</span>
                    </div>
                </form>
            </div>
            <super::perks_settings::PerksSettings/>
            // The dashboard's churn window (issue 12).
            <super::churn_setting::ChurnSetting/>
            <div class="card-panel cards-settings">
                <h2>{text(i18n, |l| td_string!(l, card_links_title))}</h2>
                <p class="note">{text(i18n, |l| td_string!(l, card_links_note))}</p>
                <p class="own-fingerprint">
                    {text(i18n, |l| td_string!(l, your_fingerprint))}
                    " "
                    <code class="fingerprint">{move || fingerprint.get().unwrap_or_default()}</code>
                </p>
                <p class="hint">{text(i18n, |l| td_string!(l, fingerprint_hint))}</p>
                <CodeField id="public-key" rows=2 value=Signal::derive(move || public_key.get().unwrap_or_default())>
                    {text(i18n, |l| td_string!(l, public_key))}
                </CodeField>
                <div class="field">
                    <p class="hint">{text(i18n, |l| td_string!(l, public_key_hint))}</p>
                    {move || shell.key_error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
                </div>
                <form on:submit=save_page novalidate>
                    <TextInput
                        id="rewards-page"
                        value=rewards_page
                        error=page_errors.of(Field::RewardsPage)
                        kind="url"
                        inputmode="url"
                        placeholder=Signal::derive(|| "https://".to_owned())
                        hint=ViewFn::from(move || text(i18n, |l| td_string!(l, rewards_page_hint)))
                        label_suffix=ViewFn::from(move || text(i18n, |l| td_string!(l, optional)))
                    >
                        {text(i18n, |l| td_string!(l, rewards_page))}
                    </TextInput>
                    <div class="actions">
                        <button type="submit">{text(i18n, |l| td_string!(l, save_address))}</button>
                        <span class="saved" role="status">{move || page_saved.get().then(|| text(i18n, |l| td_string!(l, address_saved)))}</span>
                    </div>
                </form>
                <super::review_settings::ReviewPageSetting/>
            </div>
            <super::staff_settings::StaffSettings/>
            <div class="card-panel cards-settings">
                <h2>{text(i18n, |l| td_string!(l, website_widget))}</h2>
                <p class="note">{text(i18n, |l| td_string!(l, website_widget_note))}</p>
                <CodeField id="embed-code" rows=4 value=Signal::derive(embed)>{text(i18n, |l| td_string!(l, embed_code))}</CodeField>
            </div>
            // Backup and restore, the state hash (issue 13).
            <super::backup_panel::BackupPanel/>
            <super::export_panel::ExportPanel/>
            <super::import_panel::ImportPanel/>
            <super::erase_panel::ErasePanel/>
            <super::sync_settings::SyncSettingsPanel/>
            // Issue 14: add a device by a pairing QR code and its 6-digit code.
            <super::pairing_panel::PairingPanel/>
        </div>
    }
}
