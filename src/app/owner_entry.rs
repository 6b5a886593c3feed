//! The owner's bundle's side (`src/bin/owner.rs` exports it): mounts an owner's screen into an
//! element of the counter's page. The screen gets a [`Shell`] of its own over its own connection
//! to the same database, with a counter that holds the shop but no search index
//! ([`session::open_shop`]), so opening it reads three values whatever the number of customers.
//! After each save, [`Shell::save`] waits for the counter to take the saved shop in (see
//! `owner_bundle.rs`).

use std::rc::Rc;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::first_run::FirstRun;
use super::owner_settings::OwnerSettings;
use super::{random, storage, Shell, DB_NAME};
use crate::session;

/// A mounted owner's screen; dropping it unmounts the screen (and closes its connection).
pub struct Mounted {
    locale: RwSignal<Locale>,
    view: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

impl Mounted {
    /// Follows the language chosen in the counter's header (`en`, `hi`, …).
    pub fn set_locale(&self, code: &str) {
        if let Ok(locale) = code.parse::<Locale>() {
            self.locale.set(locale);
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // The view first: it reads the locale.
        self.view.take();
        self.locale.dispose();
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

/// Staff and owner: mounts the Activity screen into `host`.
pub fn mount_activity(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::activity::ActivityScreen/> }.into_any())
}

/// Mounts the owner's dashboard (issue 12) into `host`.
pub fn mount_dashboard(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> Mounted {
    mount(host, locale, after_save, || view! { <super::dashboard::DashboardScreen/> }.into_any())
}

fn mount(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function, screen: fn() -> AnyView) -> Mounted {
    let initial = locale.parse::<Locale>().unwrap_or(Locale::en);
    let locale = RwSignal::new(initial);
    let view = leptos::mount::mount_to(host, move || {
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(initial)>
                <OwnerRoot locale after_save screen/>
            </I18nSubContextProvider>
        }
        .into_any()
    });
    Mounted { locale, view: Some(view) }
}

#[component]
fn OwnerRoot(locale: RwSignal<Locale>, after_save: js_sys::Function, screen: fn() -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let chosen = locale.get();
        if i18n.get_locale_untracked() != chosen {
            i18n.set_locale(chosen);
        }
    });
    let shell = Shell::new(Some(after_save));
    provide_context(shell);

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

    move || match opened.get() {
        None => view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, loading_screen))}</p> }.into_any(),
        Some(Err(error)) => view! { <div class="alert" role="alert"><ErrorText error/></div> }.into_any(),
        Some(Ok(())) => screen(),
    }
}

/// Starts the sync engine of this bundle (once per page); see `sync_engine::start`.
pub fn start_sync(store_received: js_sys::Function) -> js_sys::Function {
    super::sync_engine::start(store_received)
}
