// The customer screen's panels' bundle (issue 15): "How was it today?", the customer at a glance
// with the birthday reward, messaging consent, the card link and its QR code, "Complaint" and
// "Remove customer" (src/app/customer_panels.rs), the New customer / Edit customer form
// (src/app/customer_form.rs), the counter screen's festival reminder and owner PIN question
// (src/app/festival_reminder.rs, src/app/owner_pin_question.rs), the clock-ahead warning, the
// "Update available — Reload" banner (src/app/update_banner.rs), and the
// repair of damaged customer records (src/app/repair_link.rs), as a third wasm module beside the counter's
// and the owner's, built by scripts/build_owner.sh and loaded by the customer screen the first
// time a customer is opened (src/app/owner_bundle.rs, `CustomerPart`). A bundle of its own, so
// that opening a customer never downloads or compiles the owner's screens (dashboard, import,
// pairing, messages); it shares the `mohar` library and keeps only what the panels reach.

#[cfg(target_arch = "wasm32")]
mod bundle;

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::bundle::OwnerScreen;
    use wasm_bindgen::prelude::*;

    /// Mounts the customer screen's less-used panels into `host`; see
    /// `owner_entry::mount_customer`.
    #[wasm_bindgen]
    pub fn mount_customer(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_customer(host, locale, after_save))
    }

    /// Mounts the New customer / Edit customer form into `host`; see
    /// `owner_entry::mount_customer_form`.
    #[wasm_bindgen]
    pub fn mount_customer_form(host: web_sys::HtmlElement, locale: &str, service: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_customer_form(host, locale, service))
    }

    /// Mounts the counter's festival reminder (issue 11) into `host`; see
    /// `owner_entry::mount_festival_reminder`.
    #[wasm_bindgen]
    pub fn mount_festival_reminder(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_festival_reminder(host, locale, after_save))
    }

    /// Rebuilds damaged customer records from the log and writes them back (issue 15: the
    /// repair is not in the counter's wasm); see `owner_entry::repair_customers`.
    #[wasm_bindgen]
    pub fn repair_customers(ids: &str, held: &str) -> js_sys::Promise {
        mohar::app::owner_entry::repair_customers(ids, held)
    }

    /// Mounts the counter screen's question, in a shop without PINs, to set an owner PIN into
    /// `host`; see `owner_entry::mount_owner_pin_question`.
    #[wasm_bindgen]
    pub fn mount_owner_pin_question(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_owner_pin_question(host, locale, after_save))
    }

    /// Mounts the warning that saved data is dated ahead of this tablet's clock into `host`; see
    /// `owner_entry::mount_clock_ahead`.
    #[wasm_bindgen]
    pub fn mount_clock_ahead(host: web_sys::HtmlElement, locale: &str, after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_clock_ahead(host, locale, after_save))
    }

    /// Mounts "Update available — Reload" into `host`; see `owner_entry::mount_update_banner`
    /// (it calls no one back: `_after_save` is the mount functions' common third argument).
    #[wasm_bindgen]
    pub fn mount_update_banner(host: web_sys::HtmlElement, locale: &str, _after_save: js_sys::Function) -> OwnerScreen {
        OwnerScreen(mohar::app::owner_entry::mount_update_banner(host, locale))
    }
}

// The module only exports functions; nothing runs when it is instantiated.
fn main() {}
