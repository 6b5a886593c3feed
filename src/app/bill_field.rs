//! The bill field of a per-amount shop, with the one message under it: what the bill earns,
//! why the most for one visit was given, or why the amount cannot be stamped.

use leptos::prelude::*;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use crate::domain::bill::{BillError, BillStamps};
use crate::domain::Money;

/// The bill amount input. `check` is what the typed text earns (see
/// [`crate::domain::bill::check_bill`]); `on_edit` runs on every change, `on_enter` when the
/// clerk presses Enter (which adds the stamp, as the button does).
#[component]
pub fn BillField(
    bill: RwSignal<String>,
    #[prop(into)] check: Signal<Option<Result<BillStamps, BillError>>>,
    #[prop(into)] currency: Signal<&'static str>,
    on_edit: Callback<()>,
    on_enter: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shell = super::use_shell();
    let invalid = move || check.with(|check| matches!(check, Some(Err(_))));
    let message = move || {
        check.get().map(|check| match check {
            Ok(BillStamps { stamps: 1, most_for_a_visit: true, .. }) => t!(i18n, bill_earns_most_one).into_any(),
            Ok(BillStamps { stamps, most_for_a_visit: true, .. }) => t!(i18n, bill_earns_most, n = stamps).into_any(),
            Ok(BillStamps { stamps: 1, .. }) => t!(i18n, bill_earns_one).into_any(),
            Ok(BillStamps { stamps, .. }) => t!(i18n, bill_earns, n = stamps).into_any(),
            Err(BillError::Amount(error)) => view! { <ErrorText error=UiError::Money(error)/> }.into_any(),
            Err(BillError::Rule(error)) => view! { <ErrorText error=UiError::Domain(error)/> }.into_any(),
        })
    };
    view! {
        <div class="field bill" class:invalid=invalid>
            <label for="bill">{t!(i18n, bill_amount)} " (" {move || currency.get()} ")"</label>
            <input
                id="bill"
                type="text"
                inputmode="decimal"
                autocomplete="off"
                enterkeyhint="done"
                aria-describedby="bill-message"
                aria-invalid=move || if invalid() { "true" } else { "false" }
                prop:value=move || bill.get()
                on:input=move |event| {
                    bill.set(event_target_value(&event));
                    on_edit.run(());
                }
                // Leaving the field shows the amount back as the shop writes it ("1,50,000"),
                // never the machine's "150000"; what it earns does not change.
                on:blur=move |_| {
                    let country = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.shop().profile.country));
                    if let (Some(country), Ok(amount)) = (country, bill.with_untracked(|text| Money::parse(text))) {
                        let grouped = amount.grouped(country);
                        if bill.with_untracked(|text| text.trim() != grouped) {
                            bill.set(grouped);
                        }
                    }
                }
                on:keydown=move |event| {
                    if event.key() == "Enter" && !event.is_composing() {
                        event.prevent_default();
                        on_enter.run(());
                    }
                }
            />
            // Always there and one line high, so that "Add stamp" below never moves as the
            // message comes and goes.
            <p id="bill-message" class="bill-message" class:error=invalid aria-live="polite">{message}</p>
        </div>
    }
}
