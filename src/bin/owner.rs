// The owner's bundle, the app's on-demand bundle: owner-only screens (the first run, Settings,
// Feedback, Activity) and the counter's less-used parts (Check a card, the customer screen's
// panels: see src/app/customer_panels.rs) as a second wasm module, built by scripts/build_owner.sh and loaded by the counter
// the first time the owner opens one (src/app/owner_bundle.rs). It shares the `mohar` library
// with the counter's bundle (src/main.rs); each keeps only the code it reaches.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// A mounted owner's screen, as the counter's bundle holds it.
    #[wasm_bindgen]
    pub struct OwnerScreen(mohar::app::owner_entry::Mounted);

    #[wasm_bindgen]
    impl OwnerScreen {
        /// Follows the counter's language switch.
        pub fn set_locale(&self, code: &str) {
            self.0.set_locale(code);
        }

        /// Removes the screen from the page.
        pub fn unmount(self) {}

        /// The customer screen's panels: the customer record as the counter has it (JSON).
        pub fn set_customer(&self, json: &str) {
            self.0.set_customer(json);
        }

        /// The customer screen's panels: the stamp the feedback prompt follows, or none.
        pub fn set_feedback(&self, stamp: Option<String>) {
            self.0.set_feedback(stamp);
        }

        /// The customer screen's panels: who is working (JSON of `Option<Actor>`).
        pub fn set_person(&self, json: &str) {
            self.0.set_person(json);
        }
    }

    /// Mounts Check a card into `host`; see `owner_entry::mount_check_card`.
    #[wasm_bindgen]
    pub fn mount_check_card(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_check_card(host, locale, after_save))
    }

    /// Mounts the customer screen's less-used panels into `host`; see
    /// `owner_entry::mount_customer`.
    #[wasm_bindgen]
    pub fn mount_customer(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_customer(host, locale, after_save))
    }

    /// Mounts Settings' owner part into `host`; see `owner_entry::mount_settings`.
    #[wasm_bindgen]
    pub fn mount_settings(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_settings(host, locale, after_save))
    }

    /// Mounts the Feedback screen into `host`; see `owner_entry::mount_follow_ups`.
    #[wasm_bindgen]
    pub fn mount_follow_ups(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_follow_ups(host, locale, after_save))
    }

    /// Starts the sync engine with the counter's `store_received`; returns the function the
    /// counter calls after each action. See `owner_entry::start_sync`.
    #[wasm_bindgen]
    pub fn start_sync(store_received: js_sys::Function) -> js_sys::Function {
        mohar::app::owner_entry::start_sync(store_received)
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
}

// The module only exports functions; nothing runs when it is instantiated.
fn main() {}
