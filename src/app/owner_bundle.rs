//! The counter's side of the owner's bundle: owner-only screens are not in the counter's wasm
//! but in a second one (`src/bin/owner.rs`, built by `scripts/build_owner.sh`), downloaded the
//! first time the owner opens one of them, then kept by the service worker like every file of
//! the build. Why a second bundle and not Leptos' lazy routes: see ARCHITECTURE.md.
//!
//! The owner's bundle runs its own Leptos in an element this component gives it, and opens the
//! same IndexedDB through the same store code (`owner_entry.rs`). After each save it calls back
//! here, and the counter takes the saved shop in before the owner's screen says "saved".

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::{use_shell, Shell};
use crate::domain::{Customer, EventId};

#[wasm_bindgen(module = "/src/app/owner_bundle.js")]
extern "C" {
    /// Imports and starts an on-demand bundle ("owner", "panels"), once per page; resolves to
    /// its module.
    #[wasm_bindgen(catch)]
    async fn load_bundle(name: &str) -> Result<JsValue, JsValue>;
}

/// Imports and starts the owner's bundle, once per page; resolves to its module.
pub(super) async fn load_owner_bundle() -> Result<JsValue, JsValue> {
    load_bundle(OWNER).await
}

/// Imports and starts the panels' bundle, once per page; resolves to its module (the repair of
/// damaged records, `repair_link.rs`).
pub(super) async fn load_panels_bundle() -> Result<JsValue, JsValue> {
    load_bundle(PANELS).await
}

/// The owner's bundle (`src/bin/owner.rs`): the owner's screens, Check a card and sync.
const OWNER: &str = "owner";
/// The customer screen's panels' bundle (`src/bin/panels.rs`).
const PANELS: &str = "panels";

/// An owner's screen in the owner's bundle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerScreen {
    /// Settings: the shop, the program, card links and the website widget.
    Settings,
    /// "Set up your shop" or "Try the demo shop", before the shop is set up.
    FirstRun,
    /// Feedback: complaints and questions (issue 10).
    FollowUps,
    /// Staff and owner: the Activity screen.
    Activity,
    /// Check a card (the counter's, but rarely used: it verifies with the shop's key).
    CheckCard,
    /// The customer screen's less-used panels (`customer_panels.rs`), see [`CustomerPart`]; in
    /// a bundle of their own (`src/bin/panels.rs`).
    Customer,
    /// Sync (issue 14): "Needs a look", what devices did differently offline.
    NeedsALook,
    /// Messages (issue 11): campaigns and templates.
    Messages,
    /// Messages (issue 11): the queue.
    MessageQueue,
    /// The owner's dashboard (issue 12).
    Dashboard,
    /// Segments (issue 12).
    Segments,
    /// Festivals (issue 11): the counter's festival reminder line, loaded after the first
    /// screen (see [`LaterPart`]); in the panels' bundle.
    FestivalReminder,
    /// New customer / Edit customer (`customer_form.rs`, see [`CustomerFormPart`]); in the
    /// panels' bundle.
    CustomerForm,
    /// Settings → "Leave the demo and set up my shop" (`leave_demo_panel.rs`, see
    /// [`LeaveDemoPart`]): the demo shop's only, so not in the counter's first load.
    LeaveDemo,
    /// Staff and owner: the question, in a shop without PINs, to set an owner PIN
    /// (`owner_pin_question.rs`), loaded after the first screen (see [`LaterPart`]); in the
    /// panels' bundle.
    OwnerPinQuestion,
    /// The warning that saved data is dated ahead of this tablet's clock
    /// (`layout::ClockAheadBanner`), loaded after the shop opened (see [`LaterPart`]); in the
    /// panels' bundle.
    ClockAhead,
    /// "Update available — Reload" (`update_banner.rs`), loaded after start-up (see
    /// [`LaterPart`]); in the panels' bundle. The counter registers the worker itself
    /// (`service_worker.rs`).
    UpdateBanner,
}

impl OwnerScreen {
    /// The bundle it is in: the customer screen's panels have one of their own, so that opening
    /// a customer never loads the owner's screens.
    fn bundle(self) -> &'static str {
        match self {
            OwnerScreen::Customer | OwnerScreen::FestivalReminder | OwnerScreen::CustomerForm | OwnerScreen::OwnerPinQuestion | OwnerScreen::ClockAhead | OwnerScreen::UpdateBanner => PANELS,
            _ => OWNER,
        }
    }

    /// The bundle's function that mounts the screen (see `src/bin/owner.rs`, `src/bin/panels.rs`).
    fn export(self) -> &'static str {
        match self {
            OwnerScreen::Settings => "mount_settings",
            OwnerScreen::FirstRun => "mount_first_run",
            OwnerScreen::FollowUps => "mount_follow_ups",
            OwnerScreen::Activity => "mount_activity",
            OwnerScreen::CheckCard => "mount_check_card",
            OwnerScreen::Customer => "mount_customer",
            OwnerScreen::NeedsALook => "mount_needs_a_look",
            OwnerScreen::Messages => "mount_messages",
            OwnerScreen::MessageQueue => "mount_message_queue",
            OwnerScreen::Dashboard => "mount_dashboard",
            OwnerScreen::Segments => "mount_segments",
            OwnerScreen::FestivalReminder => "mount_festival_reminder",
            OwnerScreen::CustomerForm => "mount_customer_form",
            OwnerScreen::LeaveDemo => "mount_leave_demo",
            OwnerScreen::OwnerPinQuestion => "mount_owner_pin_question",
            OwnerScreen::ClockAhead => "mount_clock_ahead",
            OwnerScreen::UpdateBanner => "mount_update_banner",
        }
    }
}

/// What the owner's bundle calls after every save: the counter reads the saved shop back. A
/// JavaScript function the browser frees when the bundle lets go of it, so a save that ends
/// after the screen was left still finds it.
fn after_save(shell: Shell) -> js_sys::Function {
    let reload = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        wasm_bindgen_futures::future_to_promise(async move {
            shell.reload_shop().await;
            Ok(JsValue::UNDEFINED)
        })
    });
    reload.into_js_value().unchecked_into()
}

/// Calls a method of a mounted screen (`set_locale`, `unmount`).
fn call(mounted: &JsValue, method: &str, argument: &JsValue) {
    if let Ok(function) = js_sys::Reflect::get(mounted, &JsValue::from_str(method)).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
        let _ = function.call1(mounted, argument);
    }
}

/// Loads the screen's bundle and mounts `screen` into `host`, in the language chosen now.
async fn mount(screen: OwnerScreen, host: web_sys::HtmlElement, shell: Shell, i18n: leptos_i18n::I18nContext<Locale>, after_save: js_sys::Function) -> Result<JsValue, JsValue> {
    let bundle = load_bundle(screen.bundle()).await?;
    // The engine needs the counter to store what it receives (Settings → Sync starts it too).
    if screen.bundle() == OWNER {
        super::sync_link::attach(&bundle, shell);
    }
    let mount: js_sys::Function = js_sys::Reflect::get(&bundle, &JsValue::from_str(screen.export()))?.dyn_into()?;
    let locale = JsValue::from_str(i18n.get_locale_untracked().as_str());
    mount.call3(&JsValue::NULL, &host, &locale, &after_save)
}

/// An owner's screen, loaded on demand: "Opening…" while the bundle loads, a translated message
/// if it cannot be (offline before it was ever downloaded), else the screen itself.
#[component]
pub fn OwnerPart(screen: OwnerScreen) -> impl IntoView {
    let shell = use_shell();
    part(screen, after_save(shell), false).0
}

/// How long after a counter screen opens a [`LaterPart`] asks for its bundle: after the first
/// screen, so search answers without waiting for it (issue 15).
const LATER_DELAY_MS: i32 = 1_000;

/// A part of a counter screen that is not needed before search answers and a stamp is given
/// (issue 15): its bundle is asked for a moment after the screen opens (once per page; the
/// service worker has it offline), and nothing is shown while it loads or when it cannot be.
/// The festival reminder is one: its `after_save` has the counter start the morning's
/// greetings from the owner's bundle (see [`morning_greetings`]); the owner PIN question is
/// another, whose "Later" the counter takes in as after an owner's screen's save.
#[component]
pub fn LaterPart(screen: OwnerScreen) -> impl IntoView {
    let notify = match screen {
        OwnerScreen::FestivalReminder => morning_greetings(use_i18n()),
        _ => after_save(use_shell()),
    };
    part(screen, notify, true).0
}

/// What the festival reminder calls when the morning's birthday and anniversary greetings are
/// due (`festival_reminder.rs`): the owner's bundle adds them to the queue (once a day, see
/// `domain::messages::morning`); a failure is left for the next start. The counter starts it,
/// because only the counter's page loads bundles.
fn morning_greetings(i18n: leptos_i18n::I18nContext<Locale>) -> js_sys::Function {
    let run = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        let locale = i18n.get_locale_untracked().as_str();
        wasm_bindgen_futures::future_to_promise(async move {
            let bundle = load_owner_bundle().await?;
            let run: js_sys::Function = js_sys::Reflect::get(&bundle, &JsValue::from_str("morning_greetings"))?.dyn_into()?;
            let promise: js_sys::Promise = run.call1(&JsValue::NULL, &JsValue::from_str(locale))?.dyn_into()?;
            wasm_bindgen_futures::JsFuture::from(promise).await
        })
    });
    run.into_js_value().unchecked_into()
}

/// New customer / Edit customer, from the panels' bundle (issue 15): "Opening…" until it is
/// loaded (it usually is: the counter screen asks for that bundle a second after it opens). The
/// form asks the counter, through `customer_form_service::form_service`, what "Referred by"
/// names and to plan and save it with the search index, through [`Shell::save`]; the counter
/// then opens the customer.
#[component]
pub fn CustomerFormPart() -> impl IntoView {
    let shell = use_shell();
    part(OwnerScreen::CustomerForm, super::customer_form_service::form_service(shell), false).0
}

/// Settings' "Demo shop" panel, from the owner's bundle (issue 15), which Settings loads anyway:
/// on "Delete the demo" it calls `service` (`leave_demo::leave_service`), and the counter,
/// which holds the database open, deletes it.
#[component]
pub fn LeaveDemoPart(service: js_sys::Function) -> impl IntoView {
    part(OwnerScreen::LeaveDemo, service, false).0
}

/// The customer screen's less-used panels, from the on-demand bundle (`customer_panels.rs`):
/// they follow `customer` and `feedback_for` (the stamp "How was it today?" follows) and who is
/// working; after their saves the counter reads the clock and the customer back.
#[component]
pub fn CustomerPart(customer: RwSignal<Option<Customer>>, feedback_for: RwSignal<Option<EventId>>) -> impl IntoView {
    let shell = use_shell();
    let (view, mounted, loaded) = part(OwnerScreen::Customer, after_customer_save(shell, customer), false);
    // Each only once the panels are mounted, and again whenever it changes.
    let send = move |method: &'static str, argument: JsValue| {
        mounted.with_value(|mounted| {
            if let Some(mounted) = mounted {
                call(mounted, method, &argument);
            }
        })
    };
    Effect::new(move |_| {
        let person = shell.person.get();
        if loaded.get() {
            send("set_person", JsValue::from_str(&serde_json::to_string(&person).unwrap_or_default()));
        }
    });
    Effect::new(move |_| {
        let json = customer.with(|customer| customer.as_ref().and_then(|customer| serde_json::to_string(customer).ok()));
        if let (true, Some(json)) = (loaded.get(), json) {
            send("set_customer", JsValue::from_str(&json));
        }
    });
    Effect::new(move |_| {
        let stamp = feedback_for.get().map(|id| JsValue::from_str(&id.to_string())).unwrap_or(JsValue::UNDEFINED);
        if loaded.get() {
            send("set_feedback", stamp);
        }
    });
    view
}

/// The counter's half of a customer panel's save: the shop's clock, then the customer's record
/// (into the search index and the screen), read back before the panel says "saved".
fn after_customer_save(shell: Shell, customer: RwSignal<Option<Customer>>) -> js_sys::Function {
    let reload = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        wasm_bindgen_futures::future_to_promise(async move {
            shell.reload_shop().await;
            let id = customer.try_with_untracked(|customer| customer.as_ref().map(|customer| customer.id)).flatten();
            if let (Some(id), Some(store)) = (id, shell.store()) {
                if let Some(latest) = shell.reload_customer(&store, id).await {
                    customer.try_set(Some(latest));
                }
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    reload.into_js_value().unchecked_into()
}

/// A part of the on-demand bundle where it goes: its view, the mounted part (once loaded) and
/// whether it is loaded. A `later` part is asked for after [`LATER_DELAY_MS`] and shows nothing
/// of its own ([`LaterPart`]).
fn part(screen: OwnerScreen, after_save: js_sys::Function, later: bool) -> (impl IntoView, StoredValue<Option<JsValue>, LocalStorage>, RwSignal<bool>) {
    let i18n = use_i18n();
    let shell = use_shell();
    let host = NodeRef::<leptos::html::Div>::new();
    let loaded = RwSignal::new(false);
    let failed = RwSignal::new(false);
    // The mounted screen (an object of the owner's bundle), unmounted with this component.
    let mounted = StoredValue::new_local(None::<JsValue>);
    host.on_load(move |element| {
        let element: web_sys::HtmlElement = element.unchecked_into();
        spawn_local(async move {
            if later {
                let delay = js_sys::Promise::new(&mut |resolve, _| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, LATER_DELAY_MS);
                    }
                });
                let _ = wasm_bindgen_futures::JsFuture::from(delay).await;
                // Left before it was asked for.
                if mounted.try_with_value(|_| ()).is_none() {
                    return;
                }
            }
            match mount(screen, element, shell, i18n, after_save).await {
                Ok(screen) => {
                    let kept = mounted.try_update_value(|mounted| *mounted = Some(screen.clone())).is_some();
                    if kept {
                        loaded.set(true);
                    } else {
                        // Left while the bundle loaded.
                        call(&screen, "unmount", &JsValue::UNDEFINED);
                    }
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
        });
    });
    // The owner's screen follows the header's language switch.
    Effect::new(move |_| {
        let code = i18n.get_locale().as_str();
        if loaded.get() {
            mounted.with_value(|mounted| {
                if let Some(mounted) = mounted {
                    call(mounted, "set_locale", &JsValue::from_str(code));
                }
            });
        }
    });
    on_cleanup(move || {
        if let Some(Some(screen)) = mounted.try_update_value(Option::take) {
            call(&screen, "unmount", &JsValue::UNDEFINED);
        }
    });
    let view = view! {
        {move || {
            if later {
                None
            } else if failed.get() {
                Some(view! { <div class="alert" role="alert"><ErrorText error=UiError::ScreenUnavailable/></div> }.into_any())
            } else if !loaded.get() {
                Some(view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, loading_screen))}</p> }.into_any())
            } else {
                None
            }
        }}
        <div class="owner-part" node_ref=host></div>
    };
    (view, mounted, loaded)
}
