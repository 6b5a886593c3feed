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

#[wasm_bindgen(module = "/src/app/owner_bundle.js")]
extern "C" {
    /// Imports and starts the owner's bundle, once per page; resolves to its module.
    #[wasm_bindgen(catch)]
    pub(super) async fn load_owner_bundle() -> Result<JsValue, JsValue>;
}

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
    /// The owner's dashboard (issue 12).
    Dashboard,
}

impl OwnerScreen {
    /// The bundle's function that mounts the screen (see `src/bin/owner.rs`).
    fn export(self) -> &'static str {
        match self {
            OwnerScreen::Settings => "mount_settings",
            OwnerScreen::FirstRun => "mount_first_run",
            OwnerScreen::FollowUps => "mount_follow_ups",
            OwnerScreen::Activity => "mount_activity",
            OwnerScreen::Dashboard => "mount_dashboard",
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

/// Loads the owner's bundle and mounts `screen` into `host`, in the language chosen now.
async fn mount(screen: OwnerScreen, host: web_sys::HtmlElement, shell: Shell, i18n: leptos_i18n::I18nContext<Locale>) -> Result<JsValue, JsValue> {
    let bundle = load_owner_bundle().await?;
    // The engine needs the counter to store what it receives (Settings → Sync starts it too).
    super::sync_link::attach(&bundle, shell);
    let mount: js_sys::Function = js_sys::Reflect::get(&bundle, &JsValue::from_str(screen.export()))?.dyn_into()?;
    let locale = JsValue::from_str(i18n.get_locale_untracked().as_str());
    mount.call3(&JsValue::NULL, &host, &locale, &after_save(shell))
}

/// An owner's screen, loaded on demand: "Opening…" while the bundle loads, a translated message
/// if it cannot be (offline before it was ever downloaded), else the screen itself.
#[component]
pub fn OwnerPart(screen: OwnerScreen) -> impl IntoView {
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
            match mount(screen, element, shell, i18n).await {
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
    view! {
        {move || {
            if failed.get() {
                Some(view! { <div class="alert" role="alert"><ErrorText error=UiError::ScreenUnavailable/></div> }.into_any())
            } else if !loaded.get() {
                Some(view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, loading_screen))}</p> }.into_any())
            } else {
                None
            }
        }}
        <div class="owner-part" node_ref=host></div>
    }
}
