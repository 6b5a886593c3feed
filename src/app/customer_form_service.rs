//! The counter's half of the New customer / Edit customer form (issue 15). The form itself —
//! its fields, "Referred by" with its suggestions, the tag chips, the consent checkbox and the
//! errors by field — is in the panels' bundle (`customer_form.rs`, mounted with
//! `owner_bundle::CustomerFormPart`), so the counter's first load leaves its view code out.
//! What needs the counter's search index stays here, behind one JavaScript function the form
//! calls with a JSON [`FormRequest`] and that resolves to a JSON [`FormReply`]:
//!
//! - what "Referred by" names as it is typed (a code or phone number found, else the first
//!   customers whose name matches), from the index;
//! - the save: the counter plans the new or corrected customer (the phone number no other
//!   customer has, a referral code free in the shop, the referrer checked), saves it through
//!   [`Shell::save`] like every counter action, then the messaging consent, and opens the
//!   customer. A refusal comes back as the error itself, which the form shows by its field in
//!   the user's language.
//!
//! The form's bundle opens no change of its own, so nothing is saved twice or past the counter:
//! the one save path is the counter's, and the customer screen it opens reads the record anew.

use chrono::Utc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{random, route::Route, Shell};
use crate::domain::{iso_date, Customer, CustomerForm, CustomerId, DomainError};
use crate::domain::know::ProfileExtras;
use crate::session::AppError;

/// What the form asks the counter.
#[derive(Debug, Serialize, Deserialize)]
pub enum FormRequest {
    /// What "Referred by" names as typed: a customer found by code or phone, else name matches.
    Referrer {
        /// The text typed in the field.
        typed: String,
    },
    /// Save the form.
    Save(FormFields),
}

/// The form as the clerk filled it in.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FormFields {
    /// The record the form corrects, as read when the form opened (`None`: a new customer). A
    /// save planned from it is refused as stale when the record changed since.
    pub editing: Option<Customer>,
    /// Name, as typed.
    pub name: String,
    /// Phone number, as typed.
    pub phone: String,
    /// Birthday as the date field gives it (`YYYY-MM-DD`), or empty.
    pub birthday: String,
    /// Notes.
    pub notes: String,
    /// "Call them", the anniversary, what they usually buy, the tags.
    pub extras: ProfileExtras,
    /// A new customer only: the referrer picked from the suggestions.
    pub referrer_picked: Option<CustomerId>,
    /// A new customer only: the code, phone number or name typed in "Referred by".
    pub referrer_typed: String,
    /// A new customer only: they agree to messages.
    pub consent: bool,
}

/// What the counter answers.
#[derive(Debug, Serialize, Deserialize)]
pub enum FormReply {
    /// What the typed referrer names: the customer found by code or phone, or the first
    /// customers whose name matches.
    Referrer {
        /// The name of the customer the code or phone number belongs to.
        found: Option<String>,
        /// Customers to pick from, by name.
        hits: Vec<(CustomerId, String)>,
    },
    /// Saved; the counter is opening the customer.
    Saved,
    /// Refused by a rule of the shop; nothing was saved. With the name of the customer who has
    /// the phone number already, when that is why.
    Refused {
        /// Why.
        error: AppError,
        /// `PhoneTaken`: that customer's name.
        taken_by: Option<String>,
    },
}

/// The JavaScript function the form's bundle calls (see the module's doc). Made by the counter
/// when it mounts the form; the browser frees it when the bundle lets go of it.
pub fn form_service(shell: Shell) -> js_sys::Function {
    let answer = Closure::<dyn Fn(String) -> js_sys::Promise>::new(move |request: String| {
        wasm_bindgen_futures::future_to_promise(async move {
            let reply = match serde_json::from_str::<FormRequest>(&request) {
                Ok(FormRequest::Referrer { typed }) => referrer(shell, &typed),
                Ok(FormRequest::Save(fields)) => save(shell, fields).await,
                Err(error) => return Err(JsValue::from_str(&error.to_string())),
            };
            serde_json::to_string(&reply).map(|json| JsValue::from_str(&json)).map_err(|error| JsValue::from_str(&error.to_string()))
        })
    });
    answer.into_js_value().unchecked_into()
}

/// The form's side: asks the counter and waits for its answer; `None` when the counter did not
/// answer (it only fails on a request it cannot read).
pub async fn ask(service: &js_sys::Function, request: &FormRequest) -> Option<FormReply> {
    let json = serde_json::to_string(request).ok()?;
    let promise: js_sys::Promise = service.call1(&JsValue::NULL, &JsValue::from_str(&json)).ok()?.dyn_into().ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()?;
    serde_json::from_str(&answer).ok()
}

/// How many name matches "Referred by" offers.
const REFERRER_HITS: usize = 3;

fn referrer(shell: Shell, typed: &str) -> FormReply {
    let (found, hits) = shell
        .counter
        .with_untracked(|counter| {
            let counter = counter.as_ref()?;
            Some(match counter.find_referrer(typed) {
                Ok(entry) => (Some(entry.name.clone()), Vec::new()),
                Err(_) => (None, counter.search(typed, REFERRER_HITS).into_iter().map(|hit| (hit.id, hit.name.clone())).collect()),
            })
        })
        .unwrap_or_default();
    FormReply::Referrer { found, hits }
}

fn refused(error: impl Into<AppError>) -> FormReply {
    FormReply::Refused { error: error.into(), taken_by: None }
}

/// Plans the form on the counter, saves it through [`Shell::save`] (then the consent, its own
/// event: if it fails, the customer is there without consent, the safe side) and opens the
/// customer.
async fn save(shell: Shell, fields: FormFields) -> FormReply {
    let Some(store) = shell.store() else { return refused(AppError::CustomerNotFound) };
    let new_customer = fields.editing.is_none();
    let referrer = if !new_customer {
        Ok(None)
    } else if let Some(picked) = fields.referrer_picked {
        Ok(Some(picked))
    } else if fields.referrer_typed.trim().is_empty() {
        Ok(None)
    } else {
        shell.counter.with_untracked(|counter| match counter {
            Some(counter) => counter.find_referrer_of(&fields.referrer_typed, &fields.phone).map(|entry| Some(entry.id)),
            None => Ok(None),
        })
    };
    let referred_by = match referrer {
        Ok(referrer) => referrer,
        Err(error) => return refused(error),
    };
    let form = CustomerForm {
        name: fields.name,
        phone: fields.phone,
        birthday: iso_date::parse(&fields.birthday),
        notes: fields.notes,
        extras: fields.extras,
        referred_by,
    };
    let now = Utc::now();
    let planned = shell.plan(|counter| match &fields.editing {
        Some(existing) => counter.plan_edit_customer(existing, &form, random::event_id(), now),
        None => {
            // A new customer's referral code is free in the shop (`referral.rs`).
            let mut id = random::customer_id();
            while !counter.referral_code_free(id) {
                id = random::customer_id();
            }
            counter.plan_new_customer(&form, id, random::event_id(), now)
        }
    });
    let change = match planned {
        Some(Ok(change)) => change,
        Some(Err(error)) => {
            let taken_by = match &error {
                DomainError::PhoneTaken { existing } => Some(shell.counter.with_untracked(|c| c.as_ref().and_then(|c| c.index().get(existing).map(|entry| entry.name.clone()))).unwrap_or_default()),
                _ => None,
            };
            return FormReply::Refused { error: error.into(), taken_by };
        }
        None => return refused(AppError::CustomerNotFound),
    };
    if let Err(error) = shell.save(&store, &change).await {
        shell.report(&error);
        return refused(error);
    }
    let Some(saved) = &change.customer else { return FormReply::Saved };
    if new_customer && fields.consent {
        let agreed = super::customer_messaging::consent(true, crate::domain::messages::ConsentHow::Counter);
        if let Some(Ok(consented)) = shell.plan(|counter| counter.plan_messaging(saved, agreed, random::event_id(), Utc::now())) {
            if let Err(error) = shell.save(&store, &consented).await {
                shell.report(&error);
            }
        }
    }
    shell.navigate(Route::Customer(saved.id));
    FormReply::Saved
}
