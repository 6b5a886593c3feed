// What every on-demand bundle exports besides its `mount_<part>` functions: the handle of a
// mounted part, as the counter holds it (src/app/owner_bundle.rs calls these methods by name).
// One definition for every bundle's binary (src/bin/owner.rs, src/bin/panels.rs), each of which
// includes it with `mod bundle;`. (A directory with a mod.rs under src/bin is not a binary of
// its own for cargo, as a file there would be.)

use wasm_bindgen::prelude::*;

/// A mounted part (an owner's screen or the customer screen's panels).
#[wasm_bindgen]
// The field is visible to the binary only (`pub(crate)`: no getter is exported for it).
pub struct OwnerScreen(pub(crate) mohar::app::owner_entry::Mounted);

#[wasm_bindgen]
impl OwnerScreen {
    /// Follows the counter's language switch.
    pub fn set_locale(&self, code: &str) {
        self.0.set_locale(code);
    }

    /// Removes the part from the page.
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
