// The owner's bundle: owner-only screens (the first run, Settings, Feedback, Activity, the
// dashboard, messages, sync) and Check a card as a second wasm module (the customer screen's
// panels have a bundle of their own, src/bin/panels.rs), built by scripts/build_owner.sh and loaded by the counter
// the first time the owner opens one (src/app/owner_bundle.rs). It shares the `mohar` library
// with the counter's bundle (src/main.rs); each keeps only the code it reaches.

#[cfg(target_arch = "wasm32")]
mod bundle;

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    use super::bundle::OwnerScreen;

    /// Mounts Check a card into `host`; see `owner_entry::mount_check_card`.
    #[wasm_bindgen]
    pub fn mount_check_card(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_check_card(host, locale, after_save))
    }

    /// Mounts Settings' owner part into `host`; see `owner_entry::mount_settings`.
    #[wasm_bindgen]
    pub fn mount_settings(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_settings(host, locale, after_save))
    }

    /// Mounts Settings' "Demo shop" panel into `host`; see `owner_entry::mount_leave_demo`.
    #[wasm_bindgen]
    pub fn mount_leave_demo(host: web_sys::HtmlElement, locale: &str, service: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_leave_demo(host, locale, service))
    }

    /// Mounts the Feedback screen into `host`; see `owner_entry::mount_follow_ups`.
    #[wasm_bindgen]
    pub fn mount_follow_ups(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_follow_ups(host, locale, after_save))
    }

    /// Starts the sync engine, which stores what it receives, with the counter's `hold` and
    /// `took_in`; returns the function the counter calls after each action. See
    /// `owner_entry::start_sync`.
    #[wasm_bindgen]
    pub fn start_sync(hold: js_sys::Function, took_in: js_sys::Function) -> js_sys::Function {
        mohar::app::owner_entry::start_sync(hold, took_in)
    }

    /// Mounts the first run into `host`; see `owner_entry::mount_first_run`.
    #[wasm_bindgen]
    pub fn mount_first_run(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_first_run(host, locale, after_save))
    }

    /// Festivals (issue 11): the morning's greetings; see `owner_entry::morning_greetings`.
    #[wasm_bindgen]
    pub fn morning_greetings(locale: &str) -> js_sys::Promise {
        mohar::app::owner_entry::morning_greetings(locale)
    }

    /// Messages (issue 11): see `owner_entry::mount_messages`.
    #[wasm_bindgen]
    pub fn mount_messages(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_messages(host, locale, after_save))
    }

    /// Messages (issue 11): see `owner_entry::mount_message_queue`.
    #[wasm_bindgen]
    pub fn mount_message_queue(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_message_queue(host, locale, after_save))
    }

    /// Mounts the Activity screen into `host`; see `owner_entry::mount_activity`.
    #[wasm_bindgen]
    pub fn mount_activity(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_activity(host, locale, after_save))
    }

    /// Mounts "Needs a look" (issue 14) into `host`; see `owner_entry::mount_needs_a_look`.
    #[wasm_bindgen]
    pub fn mount_needs_a_look(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_needs_a_look(host, locale, after_save))
    }

    /// Mounts the owner's dashboard into `host`; see `owner_entry::mount_dashboard`.
    #[wasm_bindgen]
    pub fn mount_dashboard(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_dashboard(host, locale, after_save))
    }

    /// Mounts Segments (issue 12) into `host`; see `owner_entry::mount_segments`.
    #[wasm_bindgen]
    pub fn mount_segments(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_segments(host, locale, after_save))
    }
}

// The module only exports functions; nothing runs when it is instantiated.
fn main() {}
