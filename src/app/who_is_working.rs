//! Staff and owner at the counter: "Who is working?" (a name, then that person's PIN) so that
//! every event records the person, and the header's "Working: Asha · Change". (The gentle
//! question, in a shop without PINs, to set an owner PIN is in the panels' bundle:
//! `owner_pin_question.rs`.)

use leptos::prelude::*;

use super::i18n::*;
use super::locales::{text, text_with};
use super::pin_entry::PinPrompt;
use super::use_shell;
use crate::domain::staff::StaffBook;
use crate::domain::Actor;

/// The name of a person as the screens show it.
fn name_of(i18n: leptos_i18n::I18nContext<Locale>, book: Option<&StaffBook>, person: Actor) -> String {
    match person {
        Actor::StaffMember(id) => book.and_then(|book| book.name_of(id)).unwrap_or("?").to_owned(),
        Actor::Owner => td_string!(i18n.get_locale(), staff_owner).to_owned(),
        Actor::Staff => td_string!(i18n.get_locale(), staff_someone).to_owned(),
    }
}

/// "Who is working?": the owner and each member of staff; a tap asks that person's PIN.
#[component]
pub fn WhoIsWorking() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let chosen = RwSignal::new(None::<Actor>);
    let people = move || {
        let mut people = vec![Actor::Owner];
        shell.staff.with(|book| people.extend(book.iter().flat_map(|book| book.active_staff().map(|member| Actor::StaffMember(member.id)))));
        people
    };
    view! {
        <section class="who-is-working card-panel">
            <h1>{text(i18n, |l| td_string!(l, staff_who_is_working))}</h1>
            // A plain list, not a keyed <For>: a handful of names, and the keyed list's code
            // would be new to the counter's wasm.
            <div class="people" role="group">
                {move || people().into_iter().map(|person| view! {
                    <button
                        type="button"
                        class="big"
                        aria-pressed=move || (chosen.get() == Some(person)).to_string()
                        on:click=move |_| chosen.set(Some(person))
                    >
                        {shell.staff.with_untracked(|book| name_of(i18n, book.as_ref(), person))}
                    </button>
                }).collect_view()}
            </div>
            {move || chosen.get().map(|person| {
                let name = shell.staff.with_untracked(|book| name_of(i18n, book.as_ref(), person));
                view! {
                    <PinPrompt
                        person
                        label=move || text_with(i18n, |l| td_string!(l, staff_pin_of), std::sync::Arc::new({
                            let name = name.clone();
                            move || vec![("name", name.clone())]
                        }))
                        on_ok=Callback::new(move |()| shell.sign_in(Some(person)))
                        on_cancel=Callback::new(move |()| chosen.set(None))
                    />
                }
            })}
        </section>
    }
    .into_any()
}

/// "Working: Asha · Change" in the header, once the shop has an owner PIN.
#[component]
pub fn WorkingAs() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    move || {
        let person = shell.person.get().filter(|_| shell.owner_pin_set())?;
        let name = shell.staff.with(|book| name_of(i18n, book.as_ref(), person));
        Some(view! {
            <span class="working-as">
                {text_with(i18n, |l| td_string!(l, staff_working_as), std::sync::Arc::new(move || vec![("name", name.clone())]))}
                " "
                <button type="button" class="link" on:click=move |_| shell.sign_in(None)>{text(i18n, |l| td_string!(l, staff_change_person))}</button>
            </span>
        })
    }
}
