//! "Export customers" (owner's bundle, in Settings): every customer still in the shop as a CSV
//! file Excel opens correctly in Devanagari, Bengali and Gujarati (`domain::export`), with the
//! column headings in the user's language.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::backup_panel::download;
use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::{text, text_with};
use super::numbers::use_numbers;
use super::use_shell;
use crate::domain::export::customers_csv;
use crate::store::Store;

/// The export's column headings in a language (a segment's export uses them too).
pub fn export_headings(locale: Locale) -> [String; 9] {
    [
        td_string!(locale, export_col_name),
        td_string!(locale, export_col_phone),
        td_string!(locale, export_col_stamps),
        td_string!(locale, export_col_rewards),
        td_string!(locale, export_col_visits),
        td_string!(locale, export_col_last_visit),
        td_string!(locale, export_col_birthday),
        td_string!(locale, export_col_notes),
        td_string!(locale, export_col_joined),
    ]
    .map(String::from)
}

/// The panel.
#[component]
pub fn ExportPanel() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let done = RwSignal::new(None::<Result<usize, UiError>>);

    let export = move |_| {
        let Some(store) = shell.store() else { return };
        let locale = i18n.get_locale_untracked();
        let headings = export_headings(locale);
        done.set(None);
        spawn_local(async move {
            let result = async {
                let shop = store.shop().await?;
                let customers = store.all_customers().await?;
                Ok::<_, crate::store::StoreError>((shop, customers))
            }
            .await
            .map_err(UiError::from)
            .and_then(|(shop, customers)| {
                let per_reward = shop.map_or(10, |shop| shop.program.stamps_per_reward);
                let csv = customers_csv(&customers, per_reward, &headings);
                let rows = csv.matches("\r\n").count().saturating_sub(1);
                let chunks = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&csv));
                let name = format!("mohar-customers-{}.csv", Utc::now().format("%Y-%m-%d"));
                download(&chunks, &name, "text/csv;charset=utf-8").map(|()| rows)
            });
            done.try_set(Some(result));
        });
    };

    view! {
        <div class="card-panel export-panel">
            <h2>{text(i18n, |l| td_string!(l, export_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, export_note))}</p>
            <div class="actions">
                <button type="button" on:click=export>{text(i18n, |l| td_string!(l, export_button))}</button>
            </div>
            {move || done.get().map(|result| match result {
                Ok(count) => {
                    let arguments = std::sync::Arc::new(move || vec![("count", numbers.get().int(count as f64))]);
                    view! { <p class="saved export-done" role="status">{text_with(i18n, |l| td_string!(l, export_done), arguments)}</p> }.into_any()
                }
                Err(error) => view! { <p class="alert" role="alert"><ErrorText error/></p> }.into_any(),
            })}
        </div>
    }
}
