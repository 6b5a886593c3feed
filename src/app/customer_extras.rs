//! The customer form's fields for "know the customer": "Call them", the anniversary, what they
//! usually buy, and the shop's tags as chips the clerk taps on and off.

use leptos::prelude::*;

use super::fields::TextInput;
use super::i18n::*;
use super::locales::text;
use super::use_shell;
use crate::domain::iso_date;
use crate::domain::know::{first_name, ProfileExtras};

/// What the clerk typed into the extra fields.
#[derive(Clone, Copy)]
pub struct ExtrasFields {
    call_as: RwSignal<String>,
    anniversary: RwSignal<String>,
    usually_buys: RwSignal<String>,
    tags: RwSignal<Vec<u16>>,
}

impl ExtrasFields {
    /// Empty fields.
    pub fn new() -> Self {
        ExtrasFields { call_as: RwSignal::new(String::new()), anniversary: RwSignal::new(String::new()), usually_buys: RwSignal::new(String::new()), tags: RwSignal::new(Vec::new()) }
    }

    /// Fills the fields from a saved profile.
    pub fn load(self, extras: &ProfileExtras) {
        self.call_as.try_set(extras.call_as.clone());
        self.anniversary.try_set(extras.anniversary.map(iso_date::format).unwrap_or_default());
        self.usually_buys.try_set(extras.usually_buys.clone());
        self.tags.try_set(extras.tags.clone());
    }

    /// The extras as typed (the planner trims and checks them, and times the birthday).
    pub fn read(self) -> ProfileExtras {
        ProfileExtras {
            call_as: self.call_as.get_untracked(),
            anniversary: iso_date::parse(&self.anniversary.get_untracked()),
            usually_buys: self.usually_buys.get_untracked(),
            tags: self.tags.get_untracked(),
            birthday_set: None,
        }
    }
}

/// The extra fields; `name` is the name being typed, whose first word "Call them" suggests.
#[component]
pub fn ExtrasInputs(fields: ExtrasFields, name: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let shop_tags = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map(|c| c.perks().tags.clone())).unwrap_or_default());
    let optional = move || view! { {text(i18n, |l| td_string!(l, optional))} };
    let no_error = Signal::derive(|| None);
    let tag_chips = move || {
        shop_tags
            .get()
            .into_iter()
            .map(|tag| {
                let id = tag.id;
                let on = move || fields.tags.with(|tags| tags.contains(&id));
                let toggle = move |_| {
                    fields.tags.update(|tags| match tags.iter().position(|t| *t == id) {
                        Some(index) => {
                            tags.remove(index);
                        }
                        None => tags.push(id),
                    })
                };
                view! {
                    <button type="button" class="chip toggle" class:on=on aria-pressed=move || if on() { "true" } else { "false" } on:click=toggle>
                        {tag.name}
                    </button>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <TextInput id="call-as" value=fields.call_as error=no_error
            placeholder=Signal::derive(move || name.with(|name| first_name(name).to_owned()))
            hint=ViewFn::from(move || text(i18n, |l| td_string!(l, know_call_them_hint)))
            label_suffix=optional>
            {text(i18n, |l| td_string!(l, know_call_them))}
        </TextInput>
        <TextInput id="anniversary" value=fields.anniversary error=no_error kind="date" label_suffix=optional>
            {text(i18n, |l| td_string!(l, know_anniversary))}
        </TextInput>
        <TextInput id="usually-buys" value=fields.usually_buys error=no_error
            placeholder=Signal::derive(move || td_string!(i18n.get_locale(), know_usually_buys_placeholder).to_string())
            label_suffix=optional>
            {text(i18n, |l| td_string!(l, know_usually_buys))}
        </TextInput>
        <Show when=move || shop_tags.with(|tags| !tags.is_empty())>
            <div class="field" role="group" aria-labelledby="tags-label">
                <p class="label" id="tags-label">{text(i18n, |l| td_string!(l, know_tags))}</p>
                <div class="chips">{tag_chips}</div>
            </div>
        </Show>
    }
}
