//! First run: setting up the shop, or loading the demo shop. In the owner's bundle
//! (`owner_entry.rs`): once the shop is saved, the counter's bundle is told and opens it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::fields::{Field, FieldErrors, TextInput};
use super::i18n::*;
use super::locales::text;
use super::program_form::{ProgramFields, ProgramForm};
use super::route::Route;
use super::shop_settings::CountrySelect;
use super::{random, storage, use_shell};
use crate::domain::{Country, DomainError, Program, ShopProfile};
use crate::session;

/// The set-up form.
#[component]
pub fn FirstRun() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let shop_name = RwSignal::new(String::new());
    let country = RwSignal::new(Country::India);
    let default_reward = td_string!(i18n.get_locale_untracked(), reward_default).to_string();
    let fields = ProgramFields::from_program(&Program { reward: default_reward, ..Program::default() });
    // The suggested reward ("1 free chai", "1 चाय मुफ़्त") follows the language chosen in the
    // header until the owner types a reward of their own.
    Effect::new(move |previous: Option<String>| {
        let suggestion = td_string!(i18n.get_locale(), reward_default).to_string();
        if previous.is_some_and(|previous| fields.reward.get_untracked() == previous) {
            fields.reward.set(suggestion.clone());
        }
        suggestion
    });
    let errors = FieldErrors::new();
    let busy = RwSignal::new(false);
    let general = RwSignal::new(None::<UiError>);

    let finish = move |result: Result<crate::domain::Counter, session::AppError>| match result {
        Ok(counter) => {
            shell.counter.set(Some(counter));
            shell.navigate(Route::Counter);
            // Ask the browser to keep the data; the answer is shown in Settings.
            spawn_local(async {
                storage::request_persistence().await;
            });
        }
        Err(error) => {
            shell.report(&error);
            busy.try_set(false);
            general.try_set(Some(error.into()));
        }
    };

    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        general.set(None);
        let profile = ShopProfile { name: shop_name.get_untracked().trim().to_owned(), country: country.get_untracked() };
        let mut found = Vec::new();
        if let Err(error) = profile.validate() {
            found.push((Field::ShopName, UiError::Domain(error)));
        }
        let program = match fields.read() {
            Ok(program) => Some(program),
            Err(program_errors) => {
                found.extend(program_errors);
                None
            }
        };
        errors.set(found);
        let (Some(program), Some(store)) = (program, shell.store()) else { return };
        if !errors.0.with_untracked(Vec::is_empty) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = session::set_up(&*store, random::device_id(), profile, program, random::event_id(), chrono::Utc::now()).await;
            if result.is_ok() {
                shell.load_shop_key(&store).await;
            }
            if let Err(session::AppError::Domain(DomainError::NameMissing | DomainError::NameTooLong { .. })) = &result {
                busy.try_set(false);
                if let Err(session::AppError::Domain(error)) = result {
                    errors.set(vec![(Field::ShopName, UiError::Domain(error))]);
                }
                return;
            }
            let done = result.is_ok();
            finish(result);
            // Last: the counter then opens the shop and this screen goes away.
            if done {
                shell.tell_counter().await;
            }
        });
    };

    let demo = move |_| {
        if busy.get_untracked() {
            return;
        }
        let Some(store) = shell.store() else { return };
        busy.set(true);
        general.set(None);
        spawn_local(async move {
            let result = session::load_demo(&*store, random::device_id(), random::seed(), chrono::Utc::now()).await;
            if result.is_ok() {
                shell.load_shop_key(&store).await;
            }
            let done = result.is_ok();
            finish(result);
            if done {
                shell.tell_counter().await;
            }
        });
    };

    let currency = Signal::derive(move || country.get().currency_symbol());

    view! {
        <section class="first-run card-panel">
            <h1>{text(i18n, |l| td_string!(l, first_run_title))}</h1>
            <p class="lead">{text(i18n, |l| td_string!(l, first_run_intro))}</p>
            <form on:submit=start novalidate>
                <TextInput id="shop-name" value=shop_name error=errors.of(Field::ShopName) autocomplete="organization" required=true>
                    {text(i18n, |l| td_string!(l, shop_name))}
                </TextInput>
                <CountrySelect country/>
                <ProgramForm fields errors currency/>
                <p class="form-error" role="alert">
                    {move || general.get().map(|error| view! { <ErrorText error/> })}
                </p>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, start))}</button>
                </div>
            </form>
            <div class="demo">
                <button type="button" class="secondary" on:click=demo disabled=move || busy.get()>{text(i18n, |l| td_string!(l, try_demo))}</button>
                <p class="hint">{text(i18n, |l| td_string!(l, demo_hint))}</p>
            </div>
            // A further device of a shop that syncs joins it by the owner's pairing code (issue 14).
            <details class="join-first-run">
                <summary>{text(i18n, |l| td_string!(l, join_first_run))}</summary>
                <super::join_shop::JoinShop/>
            </details>
            // A shop moving to a new tablet restores its backup instead (issue 13).
            <details class="restore-first-run">
                <summary>{text(i18n, |l| td_string!(l, restore_first_run))}</summary>
                <p class="note">{text(i18n, |l| td_string!(l, restore_note))}</p>
                <super::restore_form::RestoreForm/>
            </details>
        </section>
    }
}
