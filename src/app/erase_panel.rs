//! "Delete personal data" (owner's bundle, in Settings): a customer who asks to be forgotten is
//! found by their phone number, shown by name, and erased after a second tap
//! (`store::erase`). Their visits stay in the shop's figures. The page then reloads, so the
//! counter's search index (built again from the records) no longer knows the name.
//!
//! Owner PIN: like the rest of the owner's Settings, the panel is the owner's; when the owner PIN
//! gate (playbook issue) lands it wraps `ErasePanel` in `owner_settings.rs`.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::{random, use_shell};
use crate::domain::{Country, Customer, Phone};
use crate::store::erase::erase_customer;
use crate::store::Store;

#[derive(Clone, Debug)]
enum Step {
    NotFound,
    Found(Customer),
    Erasing,
    Done,
    Failed(UiError),
}

/// The panel.
#[component]
pub fn ErasePanel() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let phone = RwSignal::new(String::new());
    let step = RwSignal::new(None::<Step>);
    let country = move || shell.counter.with_untracked(|c| c.as_ref().map_or(Country::India, |c| c.shop().profile.country));

    let find = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(store) = shell.store() else { return };
        let Ok(wanted) = Phone::parse(&phone.get_untracked(), country()) else {
            step.set(Some(Step::NotFound));
            return;
        };
        spawn_local(async move {
            // The owner's bundle holds no search index: the records are read once, for this.
            let found = store.all_customers().await.map(|customers| {
                customers.into_iter().find(|customer| !customer.is_removed() && customer.profile.as_ref().is_some_and(|p| p.phone == wanted))
            });
            step.try_set(Some(match found {
                Ok(Some(customer)) => Step::Found(customer),
                Ok(None) => Step::NotFound,
                Err(error) => Step::Failed(error.into()),
            }));
        });
    };

    let erase = move |_| {
        let (Some(store), Some(Step::Found(customer))) = (shell.store(), step.get_untracked()) else { return };
        step.set(Some(Step::Erasing));
        let country = country();
        spawn_local(async move {
            let result = async {
                let device = store.device_id(random::device_id()).await?;
                // Above every write counter this device has used (they count writes from 1), so
                // start-up takes the erased record over the one in any index snapshot.
                let rev = Utc::now().timestamp_millis() as u64;
                erase_customer(&*store, customer.id, country, device, random::event_id(), Utc::now(), rev).await
            }
            .await;
            match result {
                Ok(_) => {
                    step.try_set(Some(Step::Done));
                    set_timeout(|| drop(web_sys::window().map(|window| window.location().reload())), std::time::Duration::from_millis(1500));
                }
                Err(error) => drop(step.try_set(Some(Step::Failed(error.into())))),
            }
        });
    };

    let shown = move || {
        step.get().map(|state| match state {
            Step::NotFound => view! { <p class="alert" role="alert">{text(i18n, |l| td_string!(l, erase_not_found))}</p> }.into_any(),
            Step::Found(customer) => {
                let name = customer.profile.map(|profile| profile.name).unwrap_or_default();
                let arguments = std::sync::Arc::new(move || vec![("name", name.clone())]);
                view! {
                    <div class="erase-confirm" role="group">
                        <p>{text_with(i18n, |l| td_string!(l, erase_confirm), arguments)}</p>
                        <div class="actions">
                            <button type="button" class="danger" on:click=erase>{text(i18n, |l| td_string!(l, erase_button))}</button>
                        </div>
                    </div>
                }
                .into_any()
            }
            Step::Erasing => view! { <p class="note" role="status" aria-busy="true">{text(i18n, |l| td_string!(l, erase_working))}</p> }.into_any(),
            Step::Done => view! { <p class="saved erase-done" role="status">{text(i18n, |l| td_string!(l, erase_done))}</p> }.into_any(),
            Step::Failed(error) => view! { <p class="alert" role="alert"><ErrorText error/></p> }.into_any(),
        })
    };

    view! {
        <div class="card-panel erase-panel">
            <h2>{text(i18n, |l| td_string!(l, erase_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, erase_note))}</p>
            <form on:submit=find novalidate>
                <div class="field">
                    <label for="erase-phone">{text(i18n, |l| td_string!(l, erase_phone))}</label>
                    <input id="erase-phone" name="erase-phone" type="tel" inputmode="tel" autocomplete="off"
                        prop:value=move || phone.get() on:input=move |event| phone.set(event_target_value(&event))/>
                </div>
                <div class="actions">
                    <button type="submit">{text(i18n, |l| td_string!(l, erase_find))}</button>
                </div>
            </form>
            {shown}
        </div>
    }
}
