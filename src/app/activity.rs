//! Staff and owner: the Activity screen (owner's bundle): every event, newest first, a page at
//! a time (`Store::activity_page`, a reverse cursor), filterable by person, customer and kind,
//! in the user's language.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::use_shell;
use super::owner_fix::{BonusForm, VoidButton};
use crate::domain::activity::{ActivityFilter, KindGroup};
use crate::domain::owner_fix::voidable;
use crate::domain::staff::StaffBook;
use crate::domain::{Actor, CustomerId, Event, EventKind, Hlc};
use crate::store::Store;

/// The screen.
#[component]
pub fn ActivityScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let filter = RwSignal::new(ActivityFilter::default());
    let events = RwSignal::new(Vec::<Event>::new());
    let next = RwSignal::new(None::<Hlc>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<UiError>);
    // Customers' names as read for the rows shown (one record read per customer).
    let names = RwSignal::new(HashMap::<CustomerId, String>::new());
    let book = RwSignal::new(None::<StaffBook>);

    if let Some(store) = shell.store() {
        spawn_local(async move {
            if let Ok(found) = store.staff_book().await {
                book.try_set(found);
            }
        });
    }

    // Reads one page below `before` (`None`: from the newest) and appends it.
    let load = move |before: Option<Hlc>| {
        let Some(store) = shell.store() else { return };
        busy.set(true);
        let asked = filter.get_untracked();
        spawn_local(async move {
            let result = store.activity_page(&asked, before).await;
            // A newer filter was chosen meanwhile (or the screen was left): its own read shows.
            if filter.try_get_untracked() != Some(asked) {
                return;
            }
            busy.try_set(false);
            match result {
                Ok(page) => {
                    let missing: Vec<CustomerId> = page
                        .events
                        .iter()
                        .filter_map(|event| event.kind.customer())
                        .filter(|id| names.with_untracked(|names| !names.contains_key(id)))
                        .collect();
                    for id in missing {
                        if names.with_untracked(|names| names.contains_key(&id)) {
                            continue;
                        }
                        let name = store.customer_name(id).await.ok().flatten().unwrap_or_default();
                        names.try_update(|names| {
                            names.insert(id, name);
                        });
                    }
                    events.try_update(|events| events.extend(page.events));
                    next.try_set(page.next);
                }
                Err(failed) => {
                    error.try_set(Some(failed.into()));
                }
            }
        });
    };
    // A new filter starts again from the newest event.
    Effect::new(move |_| {
        filter.track();
        events.set(Vec::new());
        next.set(None);
        error.set(None);
        load(None);
    });

    let person_name = move |actor: Actor| match actor {
        Actor::Owner => td_string!(i18n.get_locale(), staff_owner).to_owned(),
        Actor::Staff => td_string!(i18n.get_locale(), staff_someone).to_owned(),
        Actor::StaffMember(id) => book.with(|book| book.as_ref().and_then(|book| book.name_of(id)).unwrap_or("?").to_owned()),
    };
    let people = move || {
        let mut people = vec![Actor::Owner];
        book.with(|book| people.extend(book.iter().flat_map(|book| book.staff.iter().map(|member| Actor::StaffMember(member.id)))));
        people
    };
    let person_value = |actor: Actor| match actor {
        Actor::Owner => "owner".to_owned(),
        Actor::Staff => "staff".to_owned(),
        Actor::StaffMember(id) => id.0.to_hex(),
    };
    let choose_person = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let person = match value.as_str() {
            "" => None,
            "owner" => Some(Actor::Owner),
            "staff" => Some(Actor::Staff),
            hex => hex.parse().ok().map(|id: crate::domain::Id128| Actor::StaffMember(crate::domain::StaffId(id))),
        };
        filter.update(|filter| filter.person = person);
    };
    let choose_kind = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let kind = value.parse::<usize>().ok().and_then(|index| KindGroup::ALL.get(index).copied());
        filter.update(|filter| filter.kind = kind);
    };

    // After a correction the activity is read again from the newest event; the bonus form
    // follows only the chosen customer (a memo), so that reading again keeps its "given".
    let reload = Callback::new(move |_: ()| filter.update(|_| {}));
    let chosen_customer = Memo::new(move |_| filter.with(|filter| filter.customer));
    let rows = move || {
        let chosen = filter.with(|filter| filter.customer);
        events.with(|events| {
            events
                .iter()
                .map(|event| {
                    let when = {
                        let at = event.at.timestamp_millis() as f64;
                        move || {
                            js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at)).to_locale_string(&numbers.get().tag(), &wasm_bindgen::JsValue::UNDEFINED).as_string().unwrap_or_default()
                        }
                    };
                    let actor = event.actor;
                    let customer = event.kind.customer();
                    let customer_name = customer.map(|id| names.with(|names| names.get(&id).cloned().unwrap_or_default()));
                    view! {
                        <li class="activity-row">
                            <span class="activity-when">{when}</span>
                            <span class="activity-who">{move || person_name(actor)}</span>
                            <span class="activity-what">{what(i18n, numbers, &event.kind)}</span>
                            {customer.zip(customer_name).map(|(id, name)| view! {
                                <button type="button" class="link activity-customer" on:click=move |_| filter.update(|filter| filter.customer = Some(id))>{name}</button>
                            })}
                            // The owner's void, in one customer's activity (issue 10).
                            {chosen.zip(customer).filter(|(chosen, id)| chosen == id && voidable(&event.kind)).map(|(id, _)| view! {
                                <VoidButton customer=id target=event.id on_saved=reload/>
                            })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let only_customer = move || {
        filter.with(|filter| filter.customer).map(|id| {
            let name = names.with(|names| names.get(&id).cloned().unwrap_or_default());
            view! {
                <p class="activity-only">
                    {text_with(i18n, |l| td_string!(l, activity_only_customer), Arc::new(move || vec![("name", name.clone())]))}
                    " "
                    <button type="button" on:click=move |_| filter.update(|filter| filter.customer = None)>{text(i18n, |l| td_string!(l, activity_all_customers))}</button>
                </p>
            }
        })
    };

    view! {
        <section class="activity card-panel">
            <h2>{text(i18n, |l| td_string!(l, activity_title))}</h2>
            <div class="activity-filters">
                <label for="activity-person">{text(i18n, |l| td_string!(l, activity_person))}</label>
                <select id="activity-person" on:change=choose_person>
                    <option value="">{text(i18n, |l| td_string!(l, activity_everyone))}</option>
                    <For each=people key=|actor| *actor let:actor>
                        <option value=person_value(actor)>{move || person_name(actor)}</option>
                    </For>
                    <option value="staff">{text(i18n, |l| td_string!(l, activity_unnamed_staff))}</option>
                </select>
                <label for="activity-kind">{text(i18n, |l| td_string!(l, activity_kind))}</label>
                <select id="activity-kind" on:change=choose_kind>
                    <option value="">{text(i18n, |l| td_string!(l, activity_every_kind))}</option>
                    {KindGroup::ALL.iter().enumerate().map(|(index, kind)| view! { <option value=index.to_string()>{kind_name(i18n, *kind)}</option> }).collect_view()}
                </select>
            </div>
            {only_customer}
            {move || chosen_customer.get().map(|id| view! { <BonusForm customer=id on_saved=reload/> })}
            <ul class="activity-list">{rows}</ul>
            <Show when=move || !busy.get() && events.with(Vec::is_empty) && error.with(Option::is_none)>
                <p class="empty">{text(i18n, |l| td_string!(l, activity_none))}</p>
            </Show>
            <p class="form-error" role="alert">{move || error.get().map(|error| view! { <ErrorText error/> })}</p>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" disabled=move || busy.get() on:click=move |_| load(next.get_untracked())>{text(i18n, |l| td_string!(l, activity_older))}</button>
            </Show>
        </section>
    }
}

/// The name of a kind group in the filter.
fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: KindGroup) -> impl IntoView + Clone + Sync + 'static {
    let pick: fn(Locale) -> &'static str = match kind {
        KindGroup::Stamps => |l| td_string!(l, activity_kind_stamps),
        KindGroup::Rewards => |l| td_string!(l, activity_kind_rewards),
        KindGroup::Undos => |l| td_string!(l, activity_kind_undos),
        KindGroup::Customers => |l| td_string!(l, activity_kind_customers),
        KindGroup::Shop => |l| td_string!(l, activity_kind_shop),
        KindGroup::Other => |l| td_string!(l, activity_kind_other),
    };
    text(i18n, pick)
}

/// What an event did, in a few words.
fn what(i18n: leptos_i18n::I18nContext<Locale>, numbers: Signal<super::numbers::Numbers>, kind: &EventKind) -> AnyView {
    match kind {
        EventKind::StampsAdded { stamps, cooldown_override, .. } => {
            let stamps = *stamps;
            view! {
                {text_with(i18n, |l| td_string!(l, activity_stamps_added), Arc::new(move || vec![("n", numbers.get().int(stamps))]))}
                {cooldown_override.then(|| view! { " " <span class="badge">{text(i18n, |l| td_string!(l, activity_owner_allowed))}</span> })}
            }
            .into_any()
        }
        EventKind::RewardRedeemed { reward, .. } => {
            let reward = reward.clone();
            text_with(i18n, |l| td_string!(l, activity_reward_given), Arc::new(move || vec![("reward", reward.clone())])).into_any()
        }
        EventKind::EventVoided { .. } => text(i18n, |l| td_string!(l, activity_undone)).into_any(),
        EventKind::CustomerAdded { .. } => text(i18n, |l| td_string!(l, activity_customer_added)).into_any(),
        EventKind::CustomerEdited { .. } => text(i18n, |l| td_string!(l, activity_customer_edited)).into_any(),
        EventKind::CustomerRemoved { .. } => text(i18n, |l| td_string!(l, activity_customer_removed)).into_any(),
        EventKind::ShopConfigured { .. } => text(i18n, |l| td_string!(l, activity_shop_set_up)).into_any(),
        EventKind::ProgramChanged { .. } => text(i18n, |l| td_string!(l, activity_program_changed)).into_any(),
        EventKind::ShopEdited { .. } => text(i18n, |l| td_string!(l, activity_shop_edited)).into_any(),
        // Messages (issue 11): the message sent (its template's name) and preference changes.
        EventKind::MessageSent { template, .. } => {
            let name = super::messages_screen::kind_label(*template);
            view! { {text(i18n, |l| td_string!(l, messages_activity_sent))} ": " {text(i18n, name)} }.into_any()
        }
        EventKind::MessagingChanged { .. } => text(i18n, |l| td_string!(l, messages_activity_preferences)).into_any(),
        // The owner's corrections (issue 10, `owner_fix.rs`), with the reason the owner gave.
        EventKind::BonusStampsGiven { stamps, reason, .. } => {
            let (stamps, reason) = (*stamps, reason.clone());
            text_with(i18n, |l| td_string!(l, fix_activity_bonus), Arc::new(move || vec![("n", numbers.get().int(stamps)), ("reason", reason.clone())])).into_any()
        }
        EventKind::OwnerVoided { reason, .. } => {
            let reason = reason.clone();
            text_with(i18n, |l| td_string!(l, fix_activity_voided), Arc::new(move || vec![("reason", reason.clone())])).into_any()
        }
        // Merging duplicates (issue 14): in the merged customer's activity.
        EventKind::CustomersMerged { .. } => text(i18n, |l| td_string!(l, merge_activity)).into_any(),
        #[allow(unreachable_patterns)]
        _ => text(i18n, |l| td_string!(l, activity_other_change)).into_any(),
    }
}
