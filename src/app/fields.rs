//! Labelled form fields with their error next to them.

use leptos::prelude::*;

use super::errors::{ErrorText, UiError};

/// Which field an error belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    ShopName,
    StampsPerReward,
    Reward,
    StampsPerVisit,
    AmountPerStamp,
    MinimumBill,
    Cap,
    Welcome,
    Name,
    Phone,
    Birthday,
    Notes,
    RewardsPage,
    /// Referrals: "Referred by" on the new-customer form.
    ReferredBy,
    General,
}

/// The errors of one form, by field.
#[derive(Clone, Copy)]
pub struct FieldErrors(pub RwSignal<Vec<(Field, UiError)>>);

impl FieldErrors {
    /// No errors.
    pub fn new() -> Self {
        FieldErrors(RwSignal::new(Vec::new()))
    }

    /// The (reactive) error of one field.
    pub fn of(self, field: Field) -> Signal<Option<UiError>> {
        Signal::derive(move || {
            self.0.with(|errors| errors.iter().find(|(f, _)| *f == field).map(|(_, error)| error.clone()))
        })
    }

    /// Replaces all errors.
    pub fn set(self, errors: Vec<(Field, UiError)>) {
        self.0.try_set(errors);
    }

    /// Clears all errors.
    pub fn clear(self) {
        self.0.try_set(Vec::new());
    }
}

/// A labelled input bound to a string signal.
#[component]
pub fn TextInput(
    /// The element id (also used for the label and the error).
    id: &'static str,
    /// The text typed.
    value: RwSignal<String>,
    /// The error shown under the field.
    #[prop(into)]
    error: Signal<Option<UiError>>,
    /// The input type.
    #[prop(default = "text")]
    kind: &'static str,
    /// The virtual keyboard to show.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Placeholder text.
    #[prop(optional, into)]
    placeholder: Option<Signal<String>>,
    /// Hint under the label.
    #[prop(optional, into)]
    hint: Option<ViewFn>,
    /// Marks the field as required.
    #[prop(optional)]
    required: bool,
    /// The `max` attribute (dates).
    #[prop(optional, into)]
    max: Option<String>,
    /// Extra text after the label (e.g. "(optional)").
    #[prop(optional, into)]
    label_suffix: Option<ViewFn>,
    /// The label text.
    children: Children,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = move || error.with(Option::is_some);
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>
                {children()}
                {label_suffix.map(|suffix| view! { " " <span class="optional">{suffix.run()}</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint">{hint.run()}</p> })}
            <input
                id=id
                name=id
                type=kind
                inputmode=inputmode
                autocomplete=autocomplete
                required=required
                max=max
                placeholder=move || placeholder.map(|p| p.get())
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
            />
            <p class="field-error" id=error_id>
                {move || error.get().map(|error| view! { <ErrorText error/> })}
            </p>
        </div>
    }
}

/// A form's own error line, under its fields: why saving failed, or a rule that concerns no
/// single field.
#[component]
pub fn FormErrors(general: RwSignal<Option<UiError>>, errors: FieldErrors) -> impl IntoView {
    view! {
        <p class="form-error" role="alert">
            {move || general.get().map(|error| view! { <ErrorText error/> })}
            {move || errors.of(Field::General).get().map(|error| view! { <ErrorText error/> })}
        </p>
    }
}
