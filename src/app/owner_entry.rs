//! The owner's bundle's side (`src/bin/owner.rs` exports it): mounts an owner's screen into an
//! element of the counter's page. The screen gets a [`Shell`] of its own over its own connection
//! to the same database, with a counter that holds the shop but no search index
//! ([`session::open_shop`]), so opening it reads three values whatever the number of customers.
//! After each save, [`Shell::save`] waits for the counter to take the saved shop in (see
//! `owner_bundle.rs`).

use std::rc::Rc;
use std::sync::Arc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::first_run::FirstRun;
use super::owner_settings::OwnerSettings;
use super::customer_panels::{CustomerPanels, PanelInputs};
use super::{random, storage, Shell, DB_NAME};
use crate::session;

/// A mounted owner's screen; dropping it unmounts the screen (and closes its connection).
pub struct Mounted {
    locale: RwSignal<Locale>,
    view: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
    /// The customer screen's panels: what the counter sends them (see [`mount_customer`]).
    inputs: Option<PanelInputs>,
    /// The customer form's and the demo panel's counter service (see [`mount_customer_form`],
    /// [`mount_leave_demo`]).
    service: Option<StoredValue<js_sys::Function, LocalStorage>>,
}

impl Mounted {
    /// Follows the language chosen in the counter's header (`en`, `hi`, …).
    pub fn set_locale(&self, code: &str) {
        if let Ok(locale) = code.parse::<Locale>() {
            self.locale.set(locale);
        }
    }

    /// The customer screen's panels: the customer record as the counter has it now (JSON).
    pub fn set_customer(&self, json: &str) {
        if let Some(inputs) = &self.inputs {
            inputs.set_customer(json);
        }
    }

    /// The customer screen's panels: the stamp "How was it today?" follows, or none.
    pub fn set_feedback(&self, stamp: Option<String>) {
        if let Some(inputs) = &self.inputs {
            inputs.feedback_for.try_set(stamp);
        }
    }

    /// The customer screen's panels: who is working at the counter (JSON of `Option<Actor>`).
    pub fn set_person(&self, json: &str) {
        if let Some(inputs) = &self.inputs {
            inputs.set_person(json);
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // The view first: it reads the locale.
        self.view.take();
        self.locale.dispose();
        if let Some(inputs) = self.inputs.take() {
            inputs.customer.dispose();
            inputs.feedback_for.dispose();
            inputs.person.dispose();
        }
        if let Some(service) = self.service.take() {
            service.dispose();
        }
    }
}

/// Mounts Settings' owner part into `host`. `after_save` is called after every save and
/// returns a promise that resolves once the counter has taken the shop in.
pub fn mount_settings(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <OwnerSettings/> }.into_any())
}

/// Mounts the first run ("Set up your shop", "Try the demo shop") into `host`. `after_save` is
/// called once the shop is set up; the counter then opens it.
pub fn mount_first_run(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <FirstRun/> }.into_any())
}

/// Mounts the Feedback screen (complaints and questions, issue 10) into `host`.
pub fn mount_follow_ups(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::follow_ups::FollowUpsScreen/> }.into_any())
}

/// Sync (issue 14): mounts "Needs a look" into `host`.
pub fn mount_needs_a_look(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::needs_a_look::NeedsALookScreen/> }.into_any())
}

/// Staff and owner: mounts the Activity screen into `host`.
pub fn mount_activity(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::activity::ActivityScreen/> }.into_any())
}

/// Check a card: is a card link genuinely this shop's? (It verifies with the shop's key, which
/// only this bundle reads.)
pub fn mount_check_card(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::check_card::CheckCardScreen/> }.into_any())
}

/// Mounts the customer screen's less-used panels (`customer_panels.rs`) into `host`; the counter
/// then sends the customer, the feedback prompt's stamp and who is working through
/// [`Mounted::set_customer`], [`Mounted::set_feedback`] and [`Mounted::set_person`]. `after_save`
/// has the counter read the clock and the customer back.
pub fn mount_customer(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    let inputs = PanelInputs::new();
    let mut mounted = mount_with(host, locale, after_save, Arc::new(move || view! { <CustomerPanels inputs/> }.into_any()));
    mounted.inputs = Some(inputs);
    mounted
}

/// Mounts the New customer or Edit customer form (`customer_form.rs`, issue 15) into `host`, for
/// the customer the page's hash names (`#/new`, `#/customer/<id>/edit`). `service` is the
/// counter's (`customer_form_service::form_service`): it plans and saves the form through the
/// counter's `Shell::save` and answers what "Referred by" names; this bundle saves nothing.
pub fn mount_customer_form(host: web_sys::HtmlElement, locale: &str, service: js_sys::Function) -> Mounted {
    let editing = match super::route::Route::current() {
        super::route::Route::EditCustomer(id) => Some(id),
        _ => None,
    };
    let kept = StoredValue::new_local(service.clone());
    let mut mounted = mount_with(host, locale, service, Arc::new(move || view! { <super::customer_form::CustomerFormScreen editing service=kept/> }.into_any()));
    mounted.service = Some(kept);
    mounted
}

/// Mounts Settings' "Demo shop" panel (`leave_demo_panel.rs`, issue 15) into `host`. `service`
/// is the counter's (`leave_demo::leave_service`): the counter, which holds the database open,
/// deletes the demo; this bundle's connections close themselves when it does.
pub fn mount_leave_demo(host: web_sys::HtmlElement, locale: &str, service: js_sys::Function) -> Mounted {
    let kept = StoredValue::new_local(service.clone());
    let mut mounted = mount_with(host, locale, service, Arc::new(move || view! { <super::leave_demo_panel::LeaveDemoPanel service=kept/> }.into_any()));
    mounted.service = Some(kept);
    mounted
}

/// Festivals (issue 11): mounts the counter's festival reminder line into `host`
/// (`festival_reminder.rs`); `after_save` has the counter start the morning's greetings.
pub fn mount_festival_reminder(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount_later(host, locale, after_save, || view! { <super::festival_reminder::FestivalReminder/> }.into_any())
}

/// Staff and owner: mounts the question, in a shop without PINs, to set an owner PIN
/// (`owner_pin_question.rs`, issue 15) into `host`; `after_save` has the counter read the staff
/// book after "Later".
pub fn mount_owner_pin_question(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount_later(host, locale, after_save, || view! { <super::owner_pin_question::SetOwnerPinQuestion/> }.into_any())
}

/// Mounts the warning that saved data is dated ahead of this tablet's clock
/// (`layout::ClockAheadBanner`, issue 15) into `host`: this bundle's shell opens the shop as the
/// counter's start-up does, so it finds the same warning.
pub fn mount_clock_ahead(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount_later(host, locale, after_save, || view! { <super::layout::ClockAheadBanner/> }.into_any())
}

/// Mounts "Update available — Reload" (`update_banner.rs`, issue 15) into `host`. It needs no
/// shop: no connection is opened, so it shows whatever start-up ended in.
pub fn mount_update_banner(host: web_sys::HtmlElement, locale: &str) -> Mounted {
    let initial = locale.parse::<Locale>().unwrap_or(Locale::en);
    let locale = RwSignal::new(initial);
    let view = leptos::mount::mount_to(host, move || {
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(initial)>
                {follow_locale(locale)}
                <super::update_banner::UpdateBanner/>
            </I18nSubContextProvider>
        }
        .into_any()
    });
    Mounted { locale, view: Some(view), inputs: None, service: None }
}

/// What a mounted part shows once the shop is open.
type Screen = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// Messages (issue 11): mounts the campaigns and templates screen into `host`.
pub fn mount_messages(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::messages_screen::MessagesScreen/> }.into_any())
}

/// Messages (issue 11): mounts the queue into `host`.
pub fn mount_message_queue(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::message_queue::QueueScreen/> }.into_any())
}

/// Mounts the owner's dashboard (issue 12) into `host`.
pub fn mount_dashboard(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::dashboard::DashboardScreen/> }.into_any())
}

/// Mounts Segments (issue 12) into `host`.
pub fn mount_segments(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::segments::SegmentsScreen/> }.into_any())
}

fn mount(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function, screen: fn() -> AnyView) -> Mounted {
    mount_with(host, locale, after_save, Arc::new(screen))
}

/// [`mount`] for a part the counter asks for after its own first screen (`LaterPart`: a line or
/// banner above a screen the clerk is already using): it shows nothing until the shop is open,
/// where a screen of its own says "Opening…". That line, 70 px tall on a phone, appeared above
/// every screen for as long as the bundle took to open the shop, and moved "Add stamp" under a
/// clerk's finger (`reward-moment.spec`, `fast-taps.spec` on a slow machine).
fn mount_later(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function, screen: fn() -> AnyView) -> Mounted {
    mount_root(host, locale, after_save, Arc::new(screen), true)
}

fn mount_with(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function, screen: Screen) -> Mounted {
    mount_root(host, locale, after_save, screen, false)
}

fn mount_root(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function, screen: Screen, quiet: bool) -> Mounted {
    let initial = locale.parse::<Locale>().unwrap_or(Locale::en);
    let locale = RwSignal::new(initial);
    let view = leptos::mount::mount_to(host, move || {
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(initial)>
                <OwnerRoot locale after_save screen quiet/>
            </I18nSubContextProvider>
        }
        .into_any()
    });
    Mounted { locale, view: Some(view), inputs: None, service: None }
}

/// Has the mounted part's language follow `locale` (the counter's header, through
/// [`Mounted::set_locale`]).
fn follow_locale(locale: RwSignal<Locale>) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let chosen = locale.get();
        if i18n.get_locale_untracked() != chosen {
            i18n.set_locale(chosen);
        }
    });
}

#[component]
fn OwnerRoot(locale: RwSignal<Locale>, after_save: js_sys::Function, screen: Screen, quiet: bool) -> impl IntoView {
    let i18n = use_i18n();
    follow_locale(locale);
    let shell = Shell::new(Some(after_save));
    provide_context(shell);
    // The digits chosen on this device (Settings), as the counter's screens write numbers.
    provide_context(super::numbers::DigitsChoice::load());

    let opened = RwSignal::new(None::<Result<(), UiError>>);
    spawn_local(async move {
        // Another tab's upgrade closes this connection as it does the counter's; the counter's
        // banner asks for the reload, so nothing more is done here.
        let result = match storage::open(DB_NAME, || {}, || {}).await {
            Ok(store) => {
                let store = Rc::new(store);
                shell.store.try_set_value(Some(store.clone()));
                match session::open_shop(&*store, random::device_id(), Utc::now()).await {
                    Ok(counter) => {
                        if counter.is_some() {
                            shell.load_shop_key(&store).await;
                        }
                        shell.counter.try_set(counter);
                        Ok(())
                    }
                    Err(error) => Err(UiError::from(error)),
                }
            }
            Err(error) => Err(UiError::from(error)),
        };
        opened.try_set(Some(result));
    });

    // A later part (`quiet`) shows nothing while the shop opens, and nothing if it cannot open:
    // the counter's own screen, open already, reports its store's errors.
    move || match opened.get() {
        None | Some(Err(_)) if quiet => ().into_any(),
        None => view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, loading_screen))}</p> }.into_any(),
        Some(Err(error)) => view! { <div class="alert" role="alert"><ErrorText error/></div> }.into_any(),
        Some(Ok(())) => screen(),
    }
}

/// Festivals (issue 11): adds the morning's birthday and anniversary greetings to the queue; see
/// `morning_run::run`.
pub fn morning_greetings(locale: &str) -> js_sys::Promise {
    super::morning_run::run(locale)
}

/// Starts the sync engine of this bundle (once per page), which stores what it receives and
/// tells the counter through `hold` and `took_in`; see `sync_engine::start`.
pub fn start_sync(hold: js_sys::Function, took_in: js_sys::Function) -> js_sys::Function {
    super::sync_engine::start(hold, took_in)
}

/// Issue 15: rebuilds the damaged customer records `ids` names (as `repair_link::ids_text`
/// writes them) from the log and writes them back through the store, each only where it is
/// still damaged, with a revision above `held` (the revision the counter holds in flight for
/// them, in decimal); see `repair_link.rs`. Over a connection of its own, closed when done.
/// Resolves to how many records were written; rejects with the error's text when the repair
/// failed (nothing was written then: one transaction).
pub fn repair_customers(ids: &str, held: &str) -> js_sys::Promise {
    let ids = super::repair_link::ids_of_text(ids);
    let held = held.parse::<u64>();
    wasm_bindgen_futures::future_to_promise(async move {
        let failed = |error: String| wasm_bindgen::JsValue::from_str(&error);
        let held = held.map_err(|error| failed(error.to_string()))?;
        let store = storage::open(DB_NAME, || {}, || {}).await.map_err(|error| failed(error.to_string()))?;
        let written = session::repair_damaged(&store, &ids, held.saturating_add(1)).await.map_err(|error| failed(error.to_string()))?;
        Ok(wasm_bindgen::JsValue::from_f64(written as f64))
    })
}
