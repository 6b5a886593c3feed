// The owner's bundle: owner-only screens (today the first run and Settings' shop, program,
// card-link and widget panels) as a second wasm module, built by scripts/build_owner.sh and loaded by the counter
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

    /// Mounts the Activity screen into `host`; see `owner_entry::mount_activity`.
    #[wasm_bindgen]
    pub fn mount_activity(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_activity(host, locale, after_save))
    }

    /// Mounts the owner's dashboard into `host`; see `owner_entry::mount_dashboard`.
    #[wasm_bindgen]
    pub fn mount_dashboard(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_dashboard(host, locale, after_save))
    }
}

// The module only exports functions; nothing runs when it is instantiated.
fn main() {}
