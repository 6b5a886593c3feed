//! The one way a screen saves an action on a customer: plan it on the counter, save it, and only
//! once the store committed it take it into the screen. The customer screen's buttons (stamp,
//! redeem, undo) and the panels' saves (feedback, complaint, the customer at a glance, consent,
//! removal) all go through [`run_action`], each with its own `busy` and error line, so a panel's
//! save never holds the card's buttons up.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::errors::UiError;
use super::Shell;
use crate::domain::{Change, Counter, Customer, DomainError};
use crate::session;

/// Plans an action on the counter, saves it, and only after the store committed it takes it
/// into the counter and shows the customer's new state (when the change carries one); `after`
/// then runs with the saved change. Nothing happens while `busy`; a refusal or a failed save
/// shows in `error`, and a save refused as stale (another window saved to this customer first)
/// also reads the latest record into `customer`, so the clerk taps again on the card as it is.
/// (Boxed, not generic: one copy of it in each bundle whatever the number of actions.)
pub(super) fn run_action(
    shell: Shell,
    customer: RwSignal<Option<Customer>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<UiError>>,
    plan: Box<dyn FnOnce(&mut Counter, &Customer) -> Result<Change, DomainError>>,
    after: Box<dyn FnOnce(&Change)>,
) {
    if busy.get_untracked() {
        return;
    }
    let (Some(current), Some(store)) = (customer.get_untracked(), shell.store()) else { return };
    // Planning touches only the clock, so nobody is notified.
    let planned = shell.plan(|counter| plan(counter, &current));
    let change = match planned {
        Some(Ok(change)) => change,
        Some(Err(refused)) => {
            error.set(Some(refused.into()));
            return;
        }
        None => return,
    };
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        let saved = shell.save(&store, &change).await;
        busy.try_set(false);
        match saved {
            Ok(()) => {
                if let Some(updated) = change.customer.clone() {
                    customer.try_set(Some(updated));
                }
                after(&change);
            }
            Err(failed) => {
                shell.report(&failed);
                // Another window saved to this customer first: show its latest card.
                if failed == session::AppError::Store(crate::store::StoreError::Stale) {
                    if let Some(latest) = shell.reload_customer(&store, current.id).await {
                        customer.try_set(Some(latest));
                    }
                }
                error.try_set(Some(failed.into()));
            }
        }
    });
}
