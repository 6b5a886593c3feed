//! Staff and owner, Settings' panel (owner's bundle): the owner's PIN, staff with their names
//! and PINs, and the cooldown between stamps. Every change reads the staff book as stored,
//! changes it and saves it, then has the counter read it again (`Shell::save_staff_book`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::fields::TextInput;
use super::i18n::*;
use super::locales::{text, text_with};
use super::{pin_hash, random, use_shell};
use crate::domain::staff::{read_pin, PinHash, StaffBook, StaffId};

/// What one save does to the book.
type Edit = Box<dyn FnOnce(&mut StaffBook, Option<PinHash>) -> Result<(), UiError>>;

/// The panel.
#[component]
pub fn StaffSettings() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    if let Some(store) = shell.store() {
        spawn_local(async move {
            if let Ok(book) = crate::store::Store::staff_book(&*store).await {
                shell.staff.try_set(book);
            }
        });
    }
    let owner_pin = RwSignal::new(String::new());
    let owner_again = RwSignal::new(String::new());
    let staff_name = RwSignal::new(String::new());
    let staff_pin = RwSignal::new(String::new());
    let cooldown = RwSignal::new(String::new());
    Effect::new(move |_| {
        let minutes = shell.staff.with(|book| book.as_ref().map_or(crate::domain::staff::DEFAULT_COOLDOWN_MINUTES, |book| book.cooldown_minutes));
        cooldown.set(numbers.get_untracked().int(minutes));
    });

    // Reads the stored book (or makes the first), hashes `pin` with its salt if given, applies
    // `edit` and saves.
    let apply = move |pin: Option<String>, edit: Edit, after: Box<dyn FnOnce()>| {
        let Some(store) = shell.store() else { return };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            let result = async {
                let mut book = shell.staff_book_or_new(&store).await?;
                let hash = match pin {
                    Some(pin) => Some(pin_hash::hash_pin(&pin, &book.salt.0).await.map_err(|_| UiError::PinUnavailable)?),
                    None => None,
                };
                edit(&mut book, hash)?;
                shell.save_staff_book(&store, book).await
            }
            .await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    saved.try_set(true);
                    after();
                }
                Err(failed) => {
                    error.try_set(Some(failed));
                }
            }
        });
    };

    let set_owner_pin = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let pin = match read_pin(&owner_pin.get_untracked()) {
            Ok(pin) => pin,
            Err(refused) => return error.set(Some(UiError::Pin(refused))),
        };
        if read_pin(&owner_again.get_untracked()).ok().as_deref() != Some(pin.as_str()) {
            return error.set(Some(UiError::PinsDiffer));
        }
        apply(
            Some(pin),
            Box::new(|book: &mut StaffBook, hash: Option<PinHash>| {
                book.set_owner_pin(hash.ok_or(UiError::PinUnavailable)?);
                Ok(())
            }),
            Box::new(move || {
                owner_pin.set(String::new());
                owner_again.set(String::new());
            }),
        );
    };
    let add_staff = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let pin = match read_pin(&staff_pin.get_untracked()) {
            Ok(pin) => pin,
            Err(refused) => return error.set(Some(UiError::Pin(refused))),
        };
        let name = staff_name.get_untracked();
        let id = StaffId::from_bytes(random::random_bytes());
        apply(
            Some(pin),
            Box::new(move |book: &mut StaffBook, hash: Option<PinHash>| book.add_staff(id, &name, hash.ok_or(UiError::PinUnavailable)?).map_err(UiError::from)),
            Box::new(move || {
                staff_name.set(String::new());
                staff_pin.set(String::new());
            }),
        );
    };
    let save_cooldown = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(minutes) = super::program_form::parse_count(&cooldown.get_untracked()) else {
            return error.set(Some(UiError::WholeNumber));
        };
        apply(None, Box::new(move |book: &mut StaffBook, _: Option<PinHash>| book.set_cooldown(minutes).map_err(UiError::from)), Box::new(|| {}));
    };
    let remove = move |id: StaffId| apply(None, Box::new(move |book: &mut StaffBook, _: Option<PinHash>| {
        book.remove_staff(id);
        Ok(())
    }), Box::new(|| {}));

    let has_owner_pin = move || shell.owner_pin_set();
    let staff = move || shell.staff.with(|book| book.iter().flat_map(|book| book.active_staff().map(|member| (member.id, member.name.clone()))).collect::<Vec<_>>());
    let no_error = Signal::derive(|| None::<UiError>);
    view! {
        <div class="card-panel staff-settings">
            <h2>{text(i18n, |l| td_string!(l, staff_title))}</h2>
            <p class="note">{move || if has_owner_pin() { text(i18n, |l| td_string!(l, staff_note_with_pin)).into_any() } else { text(i18n, |l| td_string!(l, staff_note_no_pin)).into_any() }}</p>
            <form on:submit=set_owner_pin novalidate>
                <TextInput id="owner-pin" value=owner_pin error=no_error kind="password" inputmode="numeric">{text(i18n, |l| td_string!(l, staff_owner_pin))}</TextInput>
                <TextInput id="owner-pin-again" value=owner_again error=no_error kind="password" inputmode="numeric">{text(i18n, |l| td_string!(l, staff_pin_again))}</TextInput>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if has_owner_pin() { text(i18n, |l| td_string!(l, staff_change_owner_pin)).into_any() } else { text(i18n, |l| td_string!(l, staff_set_owner_pin)).into_any() }}
                    </button>
                </div>
            </form>
            <Show when=has_owner_pin>
                <h3>{text(i18n, |l| td_string!(l, staff_people))}</h3>
                <ul class="staff-list">
                    <For each=staff key=|(id, _)| *id let:member>
                        <li>
                            <span>{member.1.clone()}</span>
                            " "
                            <button type="button" on:click=move |_| remove(member.0)>
                                {text_with(i18n, |l| td_string!(l, staff_remove), Arc::new({
                                    let name = member.1.clone();
                                    move || vec![("name", name.clone())]
                                }))}
                            </button>
                        </li>
                    </For>
                </ul>
                <form on:submit=add_staff novalidate>
                    <TextInput id="staff-name" value=staff_name error=no_error>{text(i18n, |l| td_string!(l, staff_name))}</TextInput>
                    <TextInput id="staff-pin" value=staff_pin error=no_error kind="password" inputmode="numeric">{text(i18n, |l| td_string!(l, staff_their_pin))}</TextInput>
                    <div class="actions">
                        <button type="submit" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, staff_add))}</button>
                    </div>
                </form>
                <form on:submit=save_cooldown novalidate>
                    <TextInput
                        id="cooldown"
                        value=cooldown
                        error=no_error
                        inputmode="numeric"
                        hint=ViewFn::from(move || text(i18n, |l| td_string!(l, staff_cooldown_hint)))
                    >
                        {text(i18n, |l| td_string!(l, staff_cooldown))}
                    </TextInput>
                    <div class="actions">
                        <button type="submit" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, save))}</button>
                    </div>
                </form>
            </Show>
            <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
            <p class="saved" role="status">{move || saved.get().then(|| text(i18n, |l| td_string!(l, staff_saved)))}</p>
        </div>
    }
}
