//! The customer screen's less-used panels, in a bundle of their own (`src/bin/panels.rs`): "How was
//! it today?" after a stamp, the customer at a glance with the birthday reward, messaging consent
//! ("Stop messages", "Replied STOP"), the language of their messages and "Send my card on
//! WhatsApp/SMS", the card link
//! and its QR code, "Complaint" and "Remove customer". None of them is needed before search
//! answers and a stamp is given, and together they are a large part of the view code, so the
//! counter's first load leaves them out (issue 15); the counter mounts them below the card's
//! buttons with `owner_bundle::CustomerPart`.
//!
//! They get the counter's customer record (as the JSON the store keeps) whenever it changes, and
//! who is working, so their events name the same person as the counter's. Their saves go through
//! this bundle's own `Shell::save`, whose "saved" callback has the counter read the shop's clock
//! and the customer back before the panel says "saved" (see `owner_entry::mount_customer`).

use leptos::prelude::*;

use super::card_share::CardShare;
use super::remove_customer::RemoveCustomer;
use crate::domain::{Actor, Customer};

/// What the counter's customer screen hands to the panels, kept in this bundle's signals.
#[derive(Clone, Copy)]
pub struct PanelInputs {
    /// The customer as the counter shows them; `None` until the first record arrives.
    pub customer: RwSignal<Option<Customer>>,
    /// The stamp the feedback prompt follows (an event id as text); `None`: no prompt.
    pub feedback_for: RwSignal<Option<String>>,
    /// Who is working at the counter (`None` before anyone signed in).
    pub person: RwSignal<Option<Actor>>,
}

impl PanelInputs {
    /// Signals for a panel that has received nothing yet.
    pub fn new() -> Self {
        PanelInputs { customer: RwSignal::new(None), feedback_for: RwSignal::new(None), person: RwSignal::new(None) }
    }

    /// Takes the customer record the counter sends (the store's JSON); a record that does not
    /// decode is ignored, keeping the last one.
    pub fn set_customer(&self, json: &str) {
        if let Ok(customer) = serde_json::from_str::<Customer>(json) {
            self.customer.try_set(Some(customer));
        }
    }

    /// Takes who is working (JSON of `Option<Actor>`).
    pub fn set_person(&self, json: &str) {
        if let Ok(person) = serde_json::from_str::<Option<Actor>>(json) {
            self.person.try_set(person);
        }
    }
}

impl Default for PanelInputs {
    fn default() -> Self {
        Self::new()
    }
}

/// The panels below the customer screen's buttons, in the order the counter showed them.
#[component]
pub fn CustomerPanels(inputs: PanelInputs) -> impl IntoView {
    let shell = super::use_shell();
    // Events planned here name whoever works at the counter.
    Effect::new(move |_| shell.sign_in(inputs.person.get()));
    let customer = inputs.customer;
    // The panels' own "being saved": the card's buttons are in the other bundle, and a save
    // racing one of them is refused as stale by the store and shown, never lost.
    let busy = RwSignal::new(false);
    view! {
        {move || inputs.feedback_for.get().map(|_| view! { <super::feedback_prompt::FeedbackPrompt customer/> })}
        <super::customer_glance::CustomerGlance customer busy/>
        <super::customer_messaging::MessagingConsent customer busy/>
        <super::customer_preferences::MessagePreferences customer busy/>
        <CardShare customer/>
        <super::feedback_prompt::ComplaintButton customer/>
        <RemoveCustomer customer busy/>
    }
}
