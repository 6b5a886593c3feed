//! The counter (home): search customers, open one, or add a new one.

use leptos::html;
use leptos::prelude::*;

use super::i18n::*;
use super::locales::text;
use super::route::Route;
use super::use_shell;
use super::numbers::Numbers;
use super::result_rows::RowTexts;
use crate::domain::IndexEntry;

/// How many customers the list shows.
const LIST_LIMIT: usize = 30;

/// Search and the customer list.
#[component]
pub fn CounterScreen() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = super::numbers::use_numbers();
    let shell = use_shell();
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| {
        query.with(|query| {
            shell.counter.with(|counter| {
                counter
                    .as_ref()
                    .map(|counter| counter.search(query, LIST_LIMIT).into_iter().cloned().collect::<Vec<IndexEntry>>())
                    .unwrap_or_default()
            })
        })
    });
    let per_reward = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map_or(10, |c| c.program().stamps_per_reward.max(1))));
    // Reward regulars: the tier badges of the results, read from their records after the list.
    let badges_read = RwSignal::new(0u32);
    Effect::new(move |_| results.with(|entries| super::tier_badges::fill(shell, entries, badges_read)));
    let has_customers = Memo::new(move |_| shell.counter.with(|c| c.as_ref().is_some_and(|c| !c.index().is_empty())));

    let input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            if shell.counter.with_untracked(Option::is_some) {
                // The benchmark (bench/startup.mjs) reads this as the start-up time.
                crate::perf::mark(crate::perf::SEARCH_READY);
            }
        }
    });

    let open_first = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(first) = results.with_untracked(|results| results.first().map(|entry| entry.id)) {
            shell.navigate(Route::Customer(first));
        }
    };

    // Each row's texts are worked out once per list, as plain strings, and the list is set as
    // one piece of HTML made from them (result_rows.rs says why).
    let rows_html = Memo::new(move |_| {
        let texts = ScreenTexts { numbers: numbers.get(), locale: i18n.get_locale() };
        badges_read.track();
        results.with(|entries| super::result_rows::rows_html(&super::result_rows::result_rows(entries, per_reward.get(), &texts)))
    });
    let no_results = Memo::new(move |_| results.with(Vec::is_empty));
    let empty_message = move || {
        let locale = i18n.get_locale();
        if has_customers.get() { td_string!(locale, no_results) } else { td_string!(locale, no_customers_yet) }
    };
    let list = move || {
        if no_results.get() {
            return view! { <p class="empty">{empty_message}</p> }.into_any();
        }
        view! { <ul class="results" inner_html=move || rows_html.get()></ul> }.into_any()
    };

    view! {
        // Staff and owner: a shop without PINs is asked to set an owner PIN, from the panels'
        // bundle after the first screen (issue 15).
        <super::owner_bundle::LaterPart screen=super::owner_bundle::OwnerScreen::OwnerPinQuestion/>
        // Festivals (issue 11): the reminder line, from the panels' bundle after the first screen.
        <super::owner_bundle::LaterPart screen=super::owner_bundle::OwnerScreen::FestivalReminder/>
        <section class="counter">
            <div class="counter-top">
                <form class="search" role="search" on:submit=open_first>
                    <label for="customer-search" class="visually-hidden">{text(i18n, |l| td_string!(l, search_customers))}</label>
                    <input
                        id="customer-search"
                        type="search"
                        node_ref=input
                        autocomplete="off"
                        enterkeyhint="search"
                        placeholder=move || td_string!(i18n.get_locale(), search_placeholder).to_string()
                        prop:value=move || query.get()
                        on:input=move |event| query.set(event_target_value(&event))
                    />
                </form>
                // When the search finds nobody, "New customer" starts with what was typed.
                <a class="button primary" href=move || {
                    if results.with(Vec::is_empty) { query.with(|q| Route::new_customer_for(q)) } else { Route::NewCustomer.to_hash() }
                }>{text(i18n, |l| td_string!(l, new_customer))}</a>
                <a class="button" href=Route::CheckCard.to_hash()>{text(i18n, |l| td_string!(l, check_card))}</a>
            </div>
            <h2 class="list-title">
                {move || if query.with(|q| q.trim().is_empty()) {
                    text(i18n, |l| td_string!(l, recent_customers)).into_any()
                } else {
                    text(i18n, |l| td_string!(l, results)).into_any()
                }}
            </h2>
            <div id="search-results">{list}</div>
        </section>
    }
}

/// The texts of the result rows in the screen's language and digits.
struct ScreenTexts {
    numbers: Numbers,
    locale: Locale,
}

impl RowTexts for ScreenTexts {
    fn digits(&self, text: &str) -> String {
        self.numbers.digits_of(text)
    }

    fn int(&self, value: u32) -> String {
        self.numbers.int(value)
    }

    fn stamps(&self, on_card: &str, card_size: &str, card_size_value: u32) -> String {
        super::counts::stamps_sentence(self.locale, on_card, card_size, card_size_value)
    }

    fn reward_badge(&self) -> &'static str {
        td_string!(self.locale, reward_ready_badge)
    }

    fn tier(&self, entry: &IndexEntry) -> Option<String> {
        super::tier_badges::badge(entry)
    }
}
