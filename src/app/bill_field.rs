//! The bill field of a per-amount shop, with the one message under it: what the bill earns,
//! why the most for one visit was given, or why the amount cannot be stamped.

use leptos::prelude::*;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
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
    let numbers = super::numbers::use_numbers();
    let invalid = move || check.with(|check| matches!(check, Some(Err(_))));
    let message = move || {
        check.get().map(|check| match check {
            Ok(BillStamps { stamps, most_for_a_visit: true, .. }) => {
                t!(i18n, bill_earns_most, n = move || numbers.get().int(stamps), count = move || stamps as i32).into_any()
            }
            Ok(BillStamps { stamps, .. }) => t!(i18n, bill_earns, n = move || numbers.get().int(stamps), count = move || stamps as i32).into_any(),
            Err(BillError::Amount(error)) => view! { <ErrorText error=UiError::Money(error)/> }.into_any(),
            Err(BillError::Rule(error)) => view! { <ErrorText error=UiError::Domain(error)/> }.into_any(),
        })
    };
    view! {
        <div class="field bill" class:invalid=invalid>
            <label for="bill">{text(i18n, |l| td_string!(l, bill_amount))} " (" {move || currency.get()} ")"</label>
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
                // Leaving the field shows the amount back as the shop writes it ("1,50,000",
                // in the chosen digits), never the machine's "150000"; what it earns does not
                // change, since Money::parse reads every digit Numbers writes.
                on:blur=move |_| {
                    if let Ok(amount) = bill.with_untracked(|text| Money::parse(text)) {
                        let grouped = numbers.get_untracked().amount(amount);
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
