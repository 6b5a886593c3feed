//! Segments (issue 12), the owner's screen (`#/segments`, owner's bundle, behind the owner's
//! PIN): filter the customers, see the count as the filter changes, the list a page at a time
//! (most valuable first), save the filter by name, export its customers as CSV, or send them a
//! message through the Messages screen with the segment as its audience.
//!
//! The count and the list come from the dashboard's facts (`store::dash::load_dash`, no read of
//! every customer record); only the names on the page shown, and the customers exported, are
//! read from their records.

use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backup_panel::download;
use super::errors::{ErrorText, UiError};
use super::export_panel::export_headings;
use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::segment_form::{SegmentFields, SegmentForm};
use super::use_shell;
use leptos_i18n::I18nContext;
use crate::domain::analytics::period::{date_of, day_of_minutes, offset_minutes, Day};
use crate::domain::analytics::segment::{members, Member, Segment, Shape};
use crate::domain::analytics::settings::{DashSettings, DashSettingsError};
use crate::domain::analytics::Prepared;
use crate::domain::export::customers_csv;
use crate::domain::messages::Audience;
use crate::domain::{Country, Customer};
use crate::store::dash::load_dash;
use crate::store::Store;

/// Customers on one page of the list (each costs one read for the name).
const PAGE: usize = 20;

/// Reads the dashboard's settings, changes them and writes them back whole (read again just
/// before, so a segment saved in another tab is kept). The inner `Err` is a change refused.
pub async fn update_settings(store: &super::AppStore, change: impl FnOnce(&mut DashSettings) -> Result<(), DashSettingsError>) -> Result<Result<DashSettings, DashSettingsError>, UiError> {
    let mut settings = DashSettings::read(store.dashboard_value().await.map_err(UiError::from)?.as_deref());
    if let Err(refused) = change(&mut settings) {
        return Ok(Err(refused));
    }
    store.save_dashboard_value(&settings.to_text()).await.map_err(UiError::from)?;
    Ok(Ok(settings))
}

/// Why a setting was refused, in the user's language.
pub fn refused_text(i18n: I18nContext<Locale>, numbers: Signal<super::numbers::Numbers>, refused: DashSettingsError) -> AnyView {
    use crate::domain::analytics::settings::{MAX_CHURN_DAYS, MAX_NAME_CHARS, MIN_CHURN_DAYS};
    match refused {
        DashSettingsError::ChurnOutOfRange => text_with(i18n, |l| td_string!(l, seg_err_churn_range), Arc::new(move || vec![("min", numbers.get().int(MIN_CHURN_DAYS)), ("max", numbers.get().int(MAX_CHURN_DAYS))])).into_any(),
        DashSettingsError::NoName => text(i18n, |l| td_string!(l, seg_err_no_name)).into_any(),
        DashSettingsError::NameTooLong => text_with(i18n, |l| td_string!(l, seg_err_name_long), Arc::new(move || vec![("max", numbers.get().int(MAX_NAME_CHARS as u32))])).into_any(),
    }
}

/// "3 Mar" for a day, or "—".
fn day_text(numbers: &super::numbers::Numbers, day: Option<Day>) -> String {
    use chrono::Datelike;
    day.map(date_of).map_or_else(|| "—".to_owned(), |date| numbers.short_date(date.year(), date.month(), date.day()))
}

/// The screen.
#[component]
pub fn SegmentsScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = use_numbers();
    let prepared = RwSignal::new(None::<Arc<Prepared>>);
    let settings = RwSignal::new(DashSettings::default());
    let error = RwSignal::new(None::<UiError>);
    let country = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.shop().profile.country)).unwrap_or(Country::India);
    let offset = offset_minutes(country);
    let today = day_of_minutes(Utc::now().timestamp_millis().div_euclid(60_000), offset);

    if let Some(store) = shell.store() {
        spawn_local(async move {
            let loaded = async {
                let value = store.dashboard_value().await?;
                let (facts, _) = load_dash(&*store).await?;
                Ok::<_, crate::store::StoreError>((DashSettings::read(value.as_deref()), Prepared::new(&facts, offset)))
            }
            .await;
            match loaded {
                Ok((read, facts)) => {
                    settings.try_set(read);
                    prepared.try_set(Some(Arc::new(facts)));
                }
                Err(failure) => {
                    error.try_set(Some(failure.into()));
                }
            }
        });
    }

    let fields = SegmentFields::new();
    let perks = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map(|c| c.perks().clone())).unwrap_or_default());
    let per_reward = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map_or(10, |c| c.shop().program.stamps_per_reward)));
    let segment = Memo::new(move |_| fields.segment());
    let list = Memo::new(move |_| {
        let prepared = prepared.get()?;
        let tiers = perks.with(|perks| perks.tiers.clone());
        let shape = Shape { tiers: &tiers, stamps_per_reward: per_reward.get(), today, offset };
        Some(Arc::new(segment.with(|segment| members(&prepared, segment, &shape))))
    });
    let count = move || list.with(|list| list.as_ref().map_or(0, |list| list.len()));
    let page = RwSignal::new(0usize);
    let pages = move || count().div_ceil(PAGE).max(1);
    // Named rather than written in the attribute: `view!` would read a `>` there as the tag's end.
    let on_last_page = move || page.get() + 1 >= pages();
    // A new filter starts at the first page and closes the message form opened for the old one.
    let sending = RwSignal::new(None::<Segment>);
    Effect::new(move |_| {
        segment.track();
        page.set(0);
        sending.set(None);
    });

    // The names on the page shown.
    let rows = RwSignal::new(Vec::<(Member, String)>::new());
    // Which page's reads are the latest: an older one that ends later is dropped.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let Some(list) = list.get() else { return };
        let shown: Vec<Member> = list.iter().skip(page.get() * PAGE).take(PAGE).copied().collect();
        let Some(store) = shell.store() else { return };
        generation.update_value(|n| *n += 1);
        let this = generation.get_value();
        spawn_local(async move {
            let mut named = Vec::with_capacity(shown.len());
            for member in shown {
                let name = store.customer_name(member.customer).await.ok().flatten().unwrap_or_default();
                named.push((member, name));
            }
            if generation.try_get_value() == Some(this) {
                rows.try_set(named);
            }
        });
    });

    // Save by name.
    let name = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let refused = RwSignal::new(None::<DashSettingsError>);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(store) = shell.store() else { return };
        let (chosen, filter) = (name.get_untracked(), segment.get_untracked());
        saved.set(false);
        refused.set(None);
        error.set(None);
        spawn_local(async move {
            match update_settings(&store, |settings| settings.save_segment(&chosen, filter)).await {
                Ok(Ok(now)) => {
                    settings.try_set(now);
                    saved.try_set(true);
                }
                Ok(Err(why)) => {
                    refused.try_set(Some(why));
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };
    let remove = move |chosen: String| {
        let Some(store) = shell.store() else { return };
        spawn_local(async move {
            match update_settings(&store, |settings| {
                settings.remove_segment(&chosen);
                Ok(())
            })
            .await
            {
                Ok(Ok(now)) => {
                    settings.try_set(now);
                }
                Ok(Err(_)) => {}
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    // Export the segment's customers as the Settings export does (UTF-8 with a BOM, Excel-safe).
    let exported = RwSignal::new(None::<usize>);
    let exporting = RwSignal::new(false);
    let export = move |_| {
        let (Some(store), Some(list)) = (shell.store(), list.get_untracked()) else { return };
        let headings = export_headings(i18n.get_locale_untracked());
        let per_reward = per_reward.get_untracked();
        exporting.set(true);
        exported.set(None);
        error.set(None);
        spawn_local(async move {
            let result = async {
                let mut records: Vec<Customer> = Vec::with_capacity(list.len());
                for member in list.iter() {
                    if let Some(record) = store.customer(member.customer).await.map_err(UiError::from)? {
                        records.push(record);
                    }
                }
                let csv = customers_csv(&records, per_reward, &headings);
                let chunks = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&csv));
                let file = format!("mohar-segment-{}.csv", Utc::now().format("%Y-%m-%d"));
                download(&chunks, &file, "text/csv;charset=utf-8").map(|()| records.len())
            }
            .await;
            exporting.try_set(false);
            match result {
                Ok(rows) => {
                    exported.try_set(Some(rows));
                }
                Err(failure) => {
                    error.try_set(Some(failure));
                }
            }
        });
    };

    let saved_list = move || {
        settings
            .get()
            .segments
            .into_iter()
            .map(|saved| {
                let (open, gone) = (saved.segment.clone(), saved.name.clone());
                view! {
                    <li class="saved-segment">
                        <button type="button" class="link" on:click=move |_| fields.show(&open)>{saved.name}</button>
                        <button type="button" class="secondary" on:click=move |_| remove(gone.clone())>{text(i18n, |l| td_string!(l, seg_remove))}</button>
                    </li>
                }
            })
            .collect_view()
    };
    // A shop that stamps per visit enters no bills: its "Spent" column would say ₹0 for every
    // customer. It shows when the shop earns per amount, or when a customer listed has spent
    // (bills from before a change of the program).
    let per_amount = Memo::new(move |_| shell.counter.with(|c| c.as_ref().is_some_and(|c| c.shop().program.needs_bill_amount())));
    let table = move || {
        let numbers = numbers.get();
        let rows = rows.get();
        let spend = per_amount.get() || rows.iter().any(|(member, _)| member.spend > 0);
        let body = rows
            .into_iter()
            .map(|(member, name)| {
                view! {
                    <tr data-testid="segment-row">
                        <td><a href=super::route::Route::Customer(member.customer).to_hash()>{name}</a></td>
                        <td>{numbers.int(member.visits)}</td>
                        {spend.then(|| view! { <td>{numbers.money(crate::domain::Money(member.spend.max(0) as u64))}</td> })}
                        <td>{day_text(&numbers, member.last_visit)}</td>
                    </tr>
                }
            })
            .collect_view();
        // The table fills its panel; on a phone the wrapper scrolls sideways, not the page.
        view! {
            <div class="segment-scroll">
            <table class="segment-list">
                <thead><tr>
                    <th scope="col">{text(i18n, |l| td_string!(l, export_col_name))}</th>
                    <th scope="col">{text(i18n, |l| td_string!(l, export_col_visits))}</th>
                    {spend.then(|| view! { <th scope="col">{text(i18n, |l| td_string!(l, seg_col_spend))}</th> })}
                    <th scope="col">{text(i18n, |l| td_string!(l, export_col_last_visit))}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            </div>
        }
    };

    view! {
        <section class="segments">
            <h1>{text(i18n, |l| td_string!(l, seg_title))}</h1>
            <p class="note">{text(i18n, |l| td_string!(l, seg_note))}</p>
            <div class="segments-grid">
                <div class="card-panel">
                    <SegmentForm fields perks/>
                    <form class="save-segment" on:submit=save novalidate>
                        <div class="field">
                            <label for="seg-name">{text(i18n, |l| td_string!(l, seg_name))}</label>
                            <input id="seg-name" bind:value=name/>
                        </div>
                        <div class="actions">
                            <button type="submit">{text(i18n, |l| td_string!(l, seg_save))}</button>
                            <span class="saved" role="status">{move || saved.get().then(|| text(i18n, |l| td_string!(l, seg_saved)))}</span>
                        </div>
                        {move || refused.get().map(|why| view! { <p class="field-error">{refused_text(i18n, numbers, why)}</p> })}
                    </form>
                    <Show when=move || settings.with(|settings| !settings.segments.is_empty())>
                        <h2>{text(i18n, |l| td_string!(l, seg_saved_title))}</h2>
                        <ul class="saved-segments">{saved_list}</ul>
                    </Show>
                </div>
                <div class="card-panel">
                    {move || match prepared.with(Option::is_some) {
                        false if error.with(Option::is_none) => view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, dash_preparing))}</p> }.into_any(),
                        false => ().into_any(),
                        true => view! {
                            <p class="segment-count" data-testid="segment-count" aria-live="polite">
                                {text_with(i18n, |l| td_string!(l, seg_count), Arc::new(move || vec![("n", numbers.get().int(count() as u32))]))}
                            </p>
                            <div class="actions">
                                <button type="button" id="segment-export" on:click=export disabled=move || count() == 0 || exporting.get()>{text(i18n, |l| td_string!(l, seg_export))}</button>
                                <button type="button" class="primary" id="segment-send" on:click=move |_| sending.set(Some(segment.get_untracked())) disabled=move || count() == 0>{text(i18n, |l| td_string!(l, seg_send))}</button>
                            </div>
                            {move || exported.get().map(|rows| view! {
                                <p role="status">{text_with(i18n, |l| td_string!(l, export_done), Arc::new(move || vec![("count", numbers.get().int(rows as u32))]))}</p>
                            })}
                            {table}
                            <div class="pager">
                                <button type="button" on:click=move |_| page.update(|page| *page = page.saturating_sub(1)) disabled=move || page.get() == 0>{text(i18n, |l| td_string!(l, seg_previous))}</button>
                                <span>{move || format!("{} / {}", numbers.get().int((page.get() + 1) as u32), numbers.get().int(pages() as u32))}</span>
                                <button type="button" on:click=move |_| page.update(|page| *page += 1) disabled=on_last_page>{text(i18n, |l| td_string!(l, seg_next))}</button>
                            </div>
                        }.into_any(),
                    }}
                    {move || error.get().map(|error| view! { <p class="alert"><ErrorText error/></p> })}
                </div>
            </div>
            {move || sending.get().map(|chosen| view! { <super::messages_screen::MessagesScreen audience=Audience::Segment(chosen)/> })}
        </section>
    }
}
