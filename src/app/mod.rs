//! The browser shell: Leptos components over the pure domain.
//!
//! Rules every screen follows (as in Leptos' todomvc: logic in plain types, components call it):
//! a component plans an action on the [`Counter`] without notifying anyone, saves the planned
//! [`Change`](crate::domain::Change) through [`session::save`], and only when the store
//! committed it takes it into the counter and shows the new state. Errors are shown translated;
//! user data is only ever rendered as text.

mod backup_crypto;
mod backup_panel;
mod activity;
mod needs_a_look;
mod join_shop;
mod pairing_panel;
mod sync_join;
mod bill_field;
mod card_links;
mod card_share;
mod cooldown_question;
mod copy;
mod counts;
mod check_card;
mod counter;
mod customer;
mod customer_form;
mod customer_glance;
// Issue 15: the customer screen's less-used panels, mounted from the on-demand bundle.
mod customer_panels;
mod customer_extras;
// Messages (issue 11): consent at the counter.
mod customer_messaging;
mod message_queue;
mod message_templates;
mod messages_screen;
mod digits_setting;
mod erase_panel;
mod errors;
mod export_panel;
mod import_panel;
mod import_texts;
mod feedback_prompt;
mod fields;
mod follow_ups;
// The owner's dashboard (issue 12, owner's bundle).
mod dashboard;
mod dashboard_charts;
mod know_texts;
mod first_run;
mod layout;
mod leave_demo;
mod locales;
mod owner_bundle;
pub mod owner_entry;
mod owner_settings;
mod pin_entry;
mod pin_hash;
mod perks_settings;
// Referrals (issue 10).
mod referral_ui;
mod tier_badges;
pub mod numbers;
mod program_form;
mod remove_customer;
mod restore_form;
mod review_settings;
pub mod random;
pub mod route;
mod scan;
mod settings;
mod shop_settings;
mod single_tab;
mod staff_session;
mod staff_settings;
mod stamp_card;
mod storage;
// Sync (issue 14): the counter's link, and the engine, HTTP and settings of the owner's bundle.
mod sync_engine;
mod sync_http;
mod sync_link;
mod sync_settings;
mod update_banner;
mod who_is_working;

use std::rc::Rc;

use leptos::prelude::*;
use mohar_card::ShopKey;
use wasm_bindgen::prelude::*;

use self::errors::{ErrorText, UiError};
pub use self::locales::i18n;
use self::i18n::*;
use self::locales::text;
use self::route::Route;
pub use self::storage::AppStore;
use crate::domain::{Change, Counter, Customer, CustomerId, DomainError};
use crate::session::{self, AppError};
use crate::store::{Store, StoreError};

/// The IndexedDB database name.
pub const DB_NAME: &str = "mohar";
/// Where the chosen language is remembered.
const LANGUAGE_KEY: &str = "mohar.language";

/// What every screen shares, provided as context.
#[derive(Clone, Copy)]
pub struct Shell {
    /// The shop's counter; `None` before set-up.
    pub counter: RwSignal<Option<Counter>>,
    store: StoredValue<Option<Rc<AppStore>>, LocalStorage>,
    /// The screen shown.
    pub route: RwSignal<Route>,
    /// Another tab upgraded or deleted the database: this tab must reload.
    pub version_changed: RwSignal<bool>,
    /// The shop's card-signing key, once read (or made). Kept here, not in the [`Counter`]:
    /// only card links need it.
    pub shop_key: RwSignal<Option<ShopKey>>,
    /// Why the shop key could not be read or made; card links are unavailable then.
    pub key_error: RwSignal<Option<UiError>>,
    /// What start-up found damaged and rebuilt, shown in one line until dismissed.
    pub repairs: RwSignal<Option<session::Repairs>>,
    /// In the owner's bundle: tells the counter's bundle that the shop was saved (see
    /// `owner_entry.rs`); [`Shell::save`] waits for the promise it returns. `None` in the counter.
    after_save: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Staff and owner: the staff book (PIN hashes, lock, cooldown); `None` in a shop that never
    /// saved one, which has no PINs (see `staff_session.rs`).
    pub staff: RwSignal<Option<crate::domain::staff::StaffBook>>,
    /// Staff and owner: who signed in at this counter; `None` before anyone has.
    pub person: RwSignal<Option<crate::domain::Actor>>,
    /// Sync (issue 14): the customer records the latest batch of received events wrote, so an
    /// open customer screen shows what another device did (see `sync_link.rs`).
    pub received: RwSignal<Vec<Customer>>,
}

impl Shell {
    /// A shell before anything is loaded: no shop, no store, the route of the address.
    /// `after_save` is `Some` in the owner's bundle only (see the field).
    fn new(after_save: Option<js_sys::Function>) -> Shell {
        Shell {
            counter: RwSignal::new(None),
            store: StoredValue::new_local(None),
            route: RwSignal::new(Route::current()),
            version_changed: RwSignal::new(false),
            shop_key: RwSignal::new(None),
            key_error: RwSignal::new(None),
            repairs: RwSignal::new(None),
            after_save: StoredValue::new_local(after_save),
            staff: RwSignal::new(None),
            person: RwSignal::new(None),
            received: RwSignal::new(Vec::new()),
        }
    }

    /// The opened store (present once the app is past loading).
    pub fn store(&self) -> Option<Rc<AppStore>> {
        self.store.try_with_value(|store| store.clone()).flatten()
    }

    /// Notes errors that concern the whole app (another tab's upgrade).
    pub fn report(&self, error: &AppError) {
        if matches!(error, AppError::Store(StoreError::VersionChanged)) {
            self.version_changed.set(true);
        }
    }

    /// Reads the shop's card key into the shell, making it first if the shop has none (at
    /// set-up, or on the first start of a shop made before card links). A failure does not stop
    /// the counter; it is shown where the card links would be.
    pub async fn load_shop_key(&self, store: &AppStore) {
        let result = match random::key_seed() {
            Some(seed) => session::ensure_shop_key(store, seed).await.map_err(|error| {
                self.report(&error);
                UiError::from(error)
            }),
            // No secure random source: an existing key still works, but none can be made.
            None => match store.shop_key_secret().await {
                Ok(Some(secret)) => Ok(ShopKey::from_secret_bytes(&secret)),
                Ok(None) => Err(UiError::NoSecureRandom),
                Err(error) => Err(error.into()),
            },
        };
        match result {
            Ok(key) => {
                self.shop_key.try_set(Some(key));
                self.key_error.try_set(None);
            }
            Err(error) => {
                self.key_error.try_set(Some(error));
            }
        }
    }

    /// Plans an action on the counter without notifying anyone (planning touches only the
    /// clock and the revisions in flight; the screen changes after [`Shell::save`]). `None`
    /// before set-up. Every counter action plans through here.
    pub fn plan(&self, plan: impl FnOnce(&mut Counter) -> Result<Change, DomainError>) -> Option<Result<Change, DomainError>> {
        self.counter.try_update_untracked(|counter| counter.as_mut().map(plan)).flatten()
    }

    /// Saves a planned change (event and record in one strict transaction) and, only once it
    /// is saved, takes it into the counter. Every counter action goes through here.
    pub async fn save(&self, store: &AppStore, change: &Change) -> Result<(), AppError> {
        if let Err(error) = session::save(store, change).await {
            // Not saved: the snapshot watermark must stop waiting for this change's revision.
            self.counter.update_untracked(|counter| {
                if let Some(counter) = counter {
                    counter.abandoned(change);
                }
            });
            return Err(error);
        }
        self.counter.update(|counter| {
            if let Some(counter) = counter {
                counter.committed(change);
            }
        });
        self.save_snapshot_if_due();
        sync_link::nudge();
        // The owner's bundle: the counter takes the saved shop in before the screen says
        // "saved", so the next stamp, in either bundle, follows it.
        self.tell_counter().await;
        Ok(())
    }

    /// In the owner's bundle: tells the counter's bundle that the shop was saved (or set up)
    /// and waits until it has taken it in. Nothing in the counter's own bundle.
    pub async fn tell_counter(&self) {
        if let Some(Some(promise)) = self.after_save.try_with_value(|notify| notify.as_ref().map(|notify| notify.call0(&JsValue::NULL))) {
            if let Ok(promise) = promise.and_then(|promise| promise.dyn_into::<js_sys::Promise>().map_err(JsValue::from)) {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            }
        }
    }

    /// Takes in the shop record the owner's bundle saved (program, name, country), and the
    /// clock past its event; or, before set-up, opens the shop its first run set up (or the
    /// demo it loaded) as start-up does. The counter's half of `after_save`.
    pub async fn reload_shop(&self) {
        let Some(store) = self.store() else { return };
        // The owner's screens may have changed PINs, staff or the cooldown.
        self.load_staff(&store, false).await;
        if self.counter.try_with_untracked(Option::is_none).unwrap_or(false) {
            match session::start(&*store, random::device_id(), chrono::Utc::now()).await {
                Ok(Some(started)) => {
                    self.counter.try_set(Some(started.counter));
                    self.save_snapshot_if_due();
                }
                Ok(None) => {}
                Err(error) => self.report(&error),
            }
            return;
        }
        match session::saved_shop(&*store).await {
            Ok(Some((shop, latest))) => {
                self.counter.try_update(|counter| {
                    if let Some(counter) = counter {
                        counter.shop_saved_elsewhere(shop, latest, chrono::Utc::now());
                    }
                });
            }
            Ok(None) => {}
            Err(error) => self.report(&error),
        }
        // Customers the owner's screens wrote (an import) go into search at once.
        let Some(since) = self.counter.try_with_untracked(|counter| counter.as_ref().map(|counter| counter.records_seen())).flatten() else { return };
        match session::changed_elsewhere(&*store, since).await {
            Ok(customers) if !customers.is_empty() => {
                self.counter.try_update(|counter| {
                    if let Some(counter) = counter {
                        counter.took_in_records(&customers);
                    }
                });
                self.save_snapshot_if_due();
            }
            Ok(_) => {}
            Err(error) => self.report(&error),
        }
    }

    /// Reads a customer again after a save was refused as [`StoreError::Stale`] (another window
    /// saved to the same customer first), takes the record into the counter's search index and
    /// returns it, so the screen shows the latest card before the clerk taps again.
    pub async fn reload_customer(&self, store: &AppStore, id: CustomerId) -> Option<Customer> {
        match session::customer(store, id).await {
            Ok(latest) => {
                self.counter.update(|counter| {
                    if let Some(counter) = counter {
                        counter.reloaded(&latest);
                    }
                });
                Some(latest)
            }
            Err(error) => {
                self.report(&error);
                None
            }
        }
    }

    /// When many customers changed since the search-index snapshot, saves a new one in the
    /// background, so start-up keeps reading only a few records on top of it.
    pub fn save_snapshot_if_due(&self) {
        let Some(store) = self.store() else { return };
        let snapshot = self.counter.try_update_untracked(|counter| {
            let counter = counter.as_mut().filter(|counter| counter.snapshot_due())?;
            // Noted now, so commits during the save do not start a second one; a failed save
            // only means the next start reads a few more records.
            counter.snapshot_saved();
            Some(session::index_snapshot(counter))
        });
        let Some(Some(snapshot)) = snapshot else { return };
        let shell = *self;
        leptos::task::spawn_local(async move {
            if let Err(error) = store.save_index_snapshot(&snapshot).await {
                shell.report(&AppError::Store(error));
            }
        });
    }

    /// Writes back the customer records start-up rebuilt from the log, in the background (as
    /// with the snapshot, start-up itself only reads). A failure only means the next start
    /// rebuilds them again.
    fn save_repairs(&self, rebuilt: Vec<Customer>) {
        let Some(store) = self.store().filter(|_| !rebuilt.is_empty()) else { return };
        let shell = *self;
        leptos::task::spawn_local(async move {
            if let Err(error) = session::save_repairs(&*store, &rebuilt).await {
                shell.report(&error);
            }
        });
    }

    /// Shows another screen (through the hash, so reload and Back work).
    pub fn navigate(&self, route: Route) {
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&route.to_hash());
        }
        self.route.set(route);
    }
}

/// The one line that tells the user what start-up rebuilt, with a button to dismiss it.
#[component]
fn RepairNotice() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = numbers::use_numbers();
    move || {
        shell.repairs.get().map(|repairs| {
            let customers = match repairs.customers {
                0 => None,
                n => Some(t!(i18n, repaired_customers, n = move || numbers.get().int(n as u32), count = move || n as i32).into_any()),
            };
            let index = repairs.index.then(|| text(i18n, |l| td_string!(l, repaired_index)).into_any());
            view! {
                <div class="banner update" role="status">
                    <span>{customers} {(repairs.customers > 0 && repairs.index).then_some(" ")} {index}</span>
                    <button type="button" on:click=move |_| shell.repairs.set(None)>{text(i18n, |l| td_string!(l, close))}</button>
                </div>
            }
        })
    }
}

/// The shared shell of the current screen.
pub fn use_shell() -> Shell {
    expect_context::<Shell>()
}

/// The language chosen in the header on this device, if any.
fn saved_locale() -> Option<Locale> {
    use gloo_storage::Storage;
    gloo_storage::LocalStorage::get::<String>(LANGUAGE_KEY).ok().and_then(|saved| saved.parse::<Locale>().ok())
}

/// The chosen language: remembered, else the browser's first language Mohar speaks, else
/// English. (A Bangladesh shop then switches to Bengali once its shop is read; see `Root`.)
fn initial_locale() -> Locale {
    if let Some(saved) = saved_locale() {
        return saved;
    }
    let languages = web_sys::window().map(|window| window.navigator().languages().to_vec()).unwrap_or_default();
    for language in languages.iter().filter_map(|language| language.as_string()) {
        let language = language.to_ascii_lowercase();
        let primary = language.split(['-', '_']).next().unwrap_or("");
        if let Ok(locale) = primary.parse::<Locale>() {
            return locale;
        }
    }
    Locale::en
}

/// Remembers the language chosen in the header.
pub fn remember_locale(locale: Locale) {
    use gloo_storage::Storage;
    let _ = gloo_storage::LocalStorage::set(LANGUAGE_KEY, locale.as_str());
}

/// How far start-up got.
#[derive(Clone, Debug, PartialEq)]
enum Boot {
    Loading,
    /// Another tab is the counter; this one waits and reloads when it closes.
    OtherTab,
    /// Opening the database waits for other tabs that hold an older version open.
    UpgradeWaiting,
    Failed(UiError),
    Ready,
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let initial = initial_locale();
    // A card link never gets here: index.html sends it to the card page (card/, a small entry of
    // its own: web/page.js) before it loads this wasm (scripts/card_route.py).
    view! {
        <I18nSubContextProvider initial_locale=Signal::stored(initial)>
            // Type-erased (AnyView), as when a card link chose between two roots here: the wasm
            // is 14 KB gzipped smaller than with the concrete view type of the whole app (452.9
            // against 467.3 KB, measured 2026-11-26).
            {view! { <Root/> }.into_any()}
        </I18nSubContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    let i18n = use_i18n();
    let shell = Shell::new(None);
    provide_context(shell);
    provide_context(numbers::DigitsChoice::load());

    // A Bangladesh shop speaks Bengali unless someone chose a language on this device; an
    // Indian shop keeps the browser's language. Decided when the shop is opened or set up, not
    // when the owner later edits the country (the screen would change language under them).
    // The header switch still changes it, and that choice is remembered.
    let shop_open = Memo::new(move |_| shell.counter.with(Option::is_some));
    Effect::new(move |_| {
        let bangladesh = shop_open.get()
            && shell.counter.with_untracked(|counter| counter.as_ref().is_some_and(|counter| counter.shop().profile.country == crate::domain::Country::Bangladesh));
        if bangladesh && saved_locale().is_none() && i18n.get_locale_untracked() != Locale::bn {
            i18n.set_locale(Locale::bn);
        }
    });

    // <html lang> follows the language, so screen readers and fonts pick the right script.
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.as_str());
        }
    });

    // Back/forward and typed URLs change the hash.
    if let Some(window) = web_sys::window() {
        let on_hash = Closure::<dyn Fn()>::new(move || shell.route.set(Route::current()));
        let _ = window.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        on_hash.forget();
    }

    let boot = RwSignal::new(Boot::Loading);
    let start = move || leptos::task::spawn_local(async move {
        let on_version_change = move || shell.version_changed.set(true);
        let on_blocked = move || boot.set(Boot::UpgradeWaiting);
        match storage::open(DB_NAME, on_version_change, on_blocked).await {
            Ok(store) => {
                crate::perf::mark(crate::perf::STORE_OPEN);
                let store = Rc::new(store);
                shell.store.set_value(Some(store.clone()));
                match session::start(&*store, random::device_id(), chrono::Utc::now()).await {
                    Ok(started) => {
                        let (counter, rebuilt) = match started {
                            Some(started) => {
                                if started.repairs.any() {
                                    shell.repairs.set(Some(started.repairs));
                                }
                                (Some(started.counter), started.rebuilt)
                            }
                            None => (None, Vec::new()),
                        };
                        if counter.is_some() {
                            // The shop's card key is read (or made) by the on-demand bundle's
                            // parts that use it (card links, Check a card, Settings): signing
                            // and verifying stay out of the counter's first load (issue 15).
                            shell.load_staff(&store, true).await;
                            crate::perf::mark(crate::perf::STARTED);
                        }
                        shell.counter.set(counter);
                        boot.set(Boot::Ready);
                        shell.save_repairs(rebuilt);
                        shell.save_snapshot_if_due();
                        sync_link::start_if_set_up(shell);
                    }
                    Err(error) => {
                        shell.report(&error);
                        boot.set(Boot::Failed(error.into()));
                    }
                }
            }
            Err(error) => {
                shell.report(&AppError::Store(error.clone()));
                boot.set(Boot::Failed(error.into()));
            }
        }
    });
    // Only one tab may be the counter (see single_tab.rs); a second one waits.
    single_tab::claim(move |lock| match lock {
        single_tab::TabLock::Held => start(),
        single_tab::TabLock::Busy => boot.set(Boot::OtherTab),
    });

    update_banner::register_service_worker();

    let is_set_up = Memo::new(move |_| shell.counter.with(Option::is_some));
    // A memo: checking a PIN saves the staff book, which must not draw the screen again.
    let needs_sign_in = Memo::new(move |_| shell.needs_sign_in());
    let screen = move || match boot.get() {
        Boot::Loading => view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, loading))}</p> }.into_any(),
        Boot::OtherTab => view! { <div class="alert" role="alert">{text(i18n, |l| td_string!(l, other_tab_open))}</div> }.into_any(),
        Boot::UpgradeWaiting => view! { <div class="alert" role="alert">{text(i18n, |l| td_string!(l, upgrade_waiting))}</div> }.into_any(),
        Boot::Failed(error) => view! {
            <div class="alert" role="alert"><ErrorText error/></div>
        }
        .into_any(),
        // Setting the shop up is the owner's, once per device: it is in the owner's bundle.
        Boot::Ready if !is_set_up.get() => view! { <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::FirstRun/> }.into_any(),
        // Staff and owner: with an owner PIN, someone says who is working before anything else.
        Boot::Ready if needs_sign_in.get() => view! { <who_is_working::WhoIsWorking/> }.into_any(),
        Boot::Ready => match shell.route.get() {
            Route::Counter => view! { <counter::CounterScreen/> }.into_any(),
            Route::NewCustomer => view! { <customer_form::CustomerFormScreen editing=None/> }.into_any(),
            Route::Customer(id) => view! { <customer::CustomerScreen id/> }.into_any(),
            Route::EditCustomer(id) => view! { <customer_form::CustomerFormScreen editing=Some(id)/> }.into_any(),
            Route::Settings => view! { <settings::SettingsScreen/> }.into_any(),
            Route::CheckCard => view! { <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::CheckCard/> }.into_any(),
            Route::Feedback => view! {
                <pin_entry::OwnerPinGate>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::FollowUps/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::Activity => view! {
                <pin_entry::OwnerPinGate label=ViewFn::from(move || locales::text(i18n, |l| td_string!(l, staff_owner_pin_to_see_activity)))>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Activity/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::NeedsALook => view! {
                <pin_entry::OwnerPinGate>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::NeedsALook/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            // Messages (issue 11): campaigns behind the owner's PIN; the queue for whoever sends.
            Route::Messages => view! {
                <pin_entry::OwnerPinGate>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Messages/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
            Route::MessageQueue => view! { <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::MessageQueue/> }.into_any(),
            Route::Dashboard => view! {
                <pin_entry::OwnerPinGate label=ViewFn::from(move || locales::text(i18n, |l| td_string!(l, dash_owner_pin)))>
                    <owner_bundle::OwnerPart screen=owner_bundle::OwnerScreen::Dashboard/>
                </pin_entry::OwnerPinGate>
            }
            .into_any(),
        },
    };

    view! {
        <layout::Header show_nav=is_set_up/>
        <update_banner::UpdateBanner/>
        <layout::VersionChangedBanner/>
        <layout::ClockAheadBanner/>
        <RepairNotice/>
        <main id="main">{screen}</main>
    }
}
