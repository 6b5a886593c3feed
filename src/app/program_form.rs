//! The loyalty-program fields, shared by first run and Settings.

use leptos::prelude::*;

use super::errors::UiError;
use super::fields::{Field, FieldErrors, TextInput};
use super::i18n::*;
use crate::domain::program::ProgramField;
use crate::domain::{Country, Earning, Money, Program};

/// What is typed into the program form.
#[derive(Clone, Copy)]
pub struct ProgramFields {
    pub stamps_per_reward: RwSignal<String>,
    pub reward: RwSignal<String>,
    pub per_amount: RwSignal<bool>,
    pub stamps_per_visit: RwSignal<String>,
    pub amount_per_stamp: RwSignal<String>,
    pub minimum_bill: RwSignal<String>,
    pub cap: RwSignal<String>,
    pub welcome: RwSignal<String>,
}

impl ProgramFields {
    /// The form filled with a program.
    pub fn from_program(program: &Program) -> Self {
        let (per_amount, per_visit, amount, minimum, cap) = match &program.earning {
            Earning::PerVisit { stamps } => (false, stamps.to_string(), String::new(), String::new(), String::new()),
            Earning::PerAmount { amount_per_stamp, minimum_bill, cap_per_visit } => (
                true,
                "1".to_owned(),
                // Shown grouped as the owner typed it ("1,50,000"): both countries Mohar serves
                // group the lakh way, so the form needs no country to do it.
                amount_per_stamp.grouped(Country::India),
                minimum_bill.map(|m| m.grouped(Country::India)).unwrap_or_default(),
                cap_per_visit.map(|c| c.to_string()).unwrap_or_default(),
            ),
        };
        ProgramFields {
            stamps_per_reward: RwSignal::new(program.stamps_per_reward.to_string()),
            reward: RwSignal::new(program.reward.clone()),
            per_amount: RwSignal::new(per_amount),
            stamps_per_visit: RwSignal::new(per_visit),
            amount_per_stamp: RwSignal::new(amount),
            minimum_bill: RwSignal::new(minimum),
            cap: RwSignal::new(cap),
            welcome: RwSignal::new(program.welcome_stamps.to_string()),
        }
    }

    /// Reads the program typed, or the errors by field.
    pub fn read(&self) -> Result<Program, Vec<(Field, UiError)>> {
        let mut errors = Vec::new();
        let count = |field: Field, text: String, errors: &mut Vec<(Field, UiError)>| -> u32 {
            match parse_count(&text) {
                Some(value) => value,
                None => {
                    errors.push((field, UiError::WholeNumber));
                    0
                }
            }
        };
        let stamps_per_reward = count(Field::StampsPerReward, self.stamps_per_reward.get_untracked(), &mut errors);
        let welcome_stamps = count(Field::Welcome, self.welcome.get_untracked(), &mut errors);
        let earning = if self.per_amount.get_untracked() {
            let amount_per_stamp = match Money::parse(&self.amount_per_stamp.get_untracked()) {
                Ok(amount) => amount,
                Err(error) => {
                    errors.push((Field::AmountPerStamp, error.into()));
                    Money(0)
                }
            };
            let minimum_text = self.minimum_bill.get_untracked();
            let minimum_bill = if minimum_text.trim().is_empty() {
                None
            } else {
                match Money::parse(&minimum_text) {
                    Ok(amount) => Some(amount),
                    Err(error) => {
                        errors.push((Field::MinimumBill, error.into()));
                        None
                    }
                }
            };
            let cap_text = self.cap.get_untracked();
            let cap_per_visit = if cap_text.trim().is_empty() { None } else { Some(count(Field::Cap, cap_text, &mut errors)) };
            Earning::PerAmount { amount_per_stamp, minimum_bill, cap_per_visit }
        } else {
            Earning::PerVisit { stamps: count(Field::StampsPerVisit, self.stamps_per_visit.get_untracked(), &mut errors) }
        };
        let program = Program { stamps_per_reward, reward: self.reward.get_untracked().trim().to_owned(), earning, welcome_stamps };
        // The domain's rules for every field that could be read, all at once; a field that
        // could not be read keeps its own error (its placeholder value is not judged).
        if let Err(broken) = program.validate() {
            for (field, error) in broken.0 {
                let field = form_field(field);
                if !errors.iter().any(|(f, _)| *f == field) {
                    errors.push((field, error.into()));
                }
            }
        }
        if errors.is_empty() {
            Ok(program)
        } else {
            Err(errors)
        }
    }
}

/// A count typed in any of the usual digit scripts.
pub(super) fn parse_count(text: &str) -> Option<u32> {
    let text = crate::domain::search::ascii_digits(text.trim());
    if text.is_empty() || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The form field of a program field.
fn form_field(field: ProgramField) -> Field {
    match field {
        ProgramField::StampsPerReward => Field::StampsPerReward,
        ProgramField::Reward => Field::Reward,
        ProgramField::StampsPerVisit => Field::StampsPerVisit,
        ProgramField::AmountPerStamp => Field::AmountPerStamp,
        ProgramField::Cap => Field::Cap,
        ProgramField::Welcome => Field::Welcome,
    }
}

/// The program fields.
#[component]
pub fn ProgramForm(fields: ProgramFields, errors: FieldErrors, #[prop(into)] currency: Signal<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let optional = move || view! { {t!(i18n, optional)} };
    view! {
        <TextInput id="stamps-per-reward" value=fields.stamps_per_reward error=errors.of(Field::StampsPerReward)
            kind="text" inputmode="numeric">
            {t!(i18n, stamps_per_reward)}
        </TextInput>
        <TextInput id="reward" value=fields.reward error=errors.of(Field::Reward)>
            {t!(i18n, reward)}
        </TextInput>
        <div class="field">
            <label for="earning">{t!(i18n, earn_stamps)}</label>
            <select
                id="earning"
                on:change=move |event| fields.per_amount.set(event_target_value(&event) == "amount")
                prop:value=move || if fields.per_amount.get() { "amount" } else { "visit" }
            >
                <option value="visit" selected=move || !fields.per_amount.get()>{t!(i18n, earn_per_visit)}</option>
                <option value="amount" selected=move || fields.per_amount.get()>{t!(i18n, earn_per_amount)}</option>
            </select>
        </div>
        <Show
            when=move || fields.per_amount.get()
            fallback=move || view! {
                <TextInput id="stamps-per-visit" value=fields.stamps_per_visit error=errors.of(Field::StampsPerVisit)
                    inputmode="numeric">
                    {t!(i18n, stamps_per_visit)}
                </TextInput>
            }
        >
            <div class="field-group">
                <TextInput id="amount-per-stamp" value=fields.amount_per_stamp error=errors.of(Field::AmountPerStamp)
                    inputmode="decimal">
                    {t!(i18n, amount_per_stamp)} " (" {move || currency.get()} ")"
                </TextInput>
                <TextInput id="minimum-bill" value=fields.minimum_bill error=errors.of(Field::MinimumBill)
                    inputmode="decimal" label_suffix=optional>
                    {t!(i18n, minimum_bill)} " (" {move || currency.get()} ")"
                </TextInput>
                <TextInput id="cap-per-visit" value=fields.cap error=errors.of(Field::Cap)
                    inputmode="numeric" label_suffix=optional>
                    {t!(i18n, cap_per_visit)}
                </TextInput>
            </div>
        </Show>
        <TextInput id="welcome-stamps" value=fields.welcome error=errors.of(Field::Welcome) inputmode="numeric"
            hint=move || view! { {t!(i18n, welcome_stamps_hint)} }>
            {t!(i18n, welcome_stamps)}
        </TextInput>
    }
}
