//! "Import customers" (issue 13; owner's bundle, in Settings behind the owner's PIN): a CSV file
//! from a paper register or Excel, its columns found by their headings (any of the four
//! languages) or chosen by hand, a preview of the first rows and every problem by line number,
//! then "Import" with a progress bar. Nothing is written before "Import"; then every row goes
//! in, or none (`store::import`). The import runs as the page's job (`import_job.rs`), not the
//! screen's: the owner may go to the counter meanwhile and find it finished (or its progress)
//! when Settings is opened again. The counter's search finds the new customers at once: after
//! the import the counter is told, as after any owner's save, and reads the new records.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::import_job::{self, Stage};
use super::import_lock;
use super::import_texts::{column_text, problem_text, read_error_text, ClashList, COLUMNS};
use super::locales::{text, text_with, Arguments};
use super::numbers::use_numbers;
use super::use_shell;
use crate::domain::import::{check_rows, mapping_from_headings, read_table, Column, ImportRow, Mapping, Problem, ReadError, Table};
use crate::domain::{Country, Phone};
use crate::domain::import_lock::Unfinished;
use crate::store::import::settle_unfinished;
use crate::store::Store;

/// The rows shown as a preview.
const PREVIEW_ROWS: usize = 5;
/// The problems listed one by one; a file with more says how many more (each is still refused).
const PROBLEMS_LISTED: usize = 1_000;

/// A file read and checked.
#[derive(Clone, Debug, PartialEq)]
struct Checked {
    rows: Vec<ImportRow>,
    problems: Vec<Problem>,
}

/// The panel.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let shell = use_shell();
    let table = StoredValue::new(None::<Table>);
    let existing = StoredValue::new(HashMap::<Phone, String>::new());
    // The highest `rev` the preview read: the import's last step checks the records written
    // after it (a phone added at the counter meanwhile).
    let since = StoredValue::new(0u64);
    let mapping = RwSignal::new(Mapping::new());
    let headings = RwSignal::new(true);
    let checked = RwSignal::new(None::<Checked>);
    let read_error = RwSignal::new(None::<Result<ReadError, UiError>>);
    let skip = RwSignal::new(false);
    // The page's import, running or ended, whether or not it was started from this screen.
    let stage = import_job::stage();
    let undone = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let country = move || shell.counter.with_untracked(|c| c.as_ref().map_or(Country::India, |c| c.shop().profile.country));

    let recheck = move || {
        let found = table.with_value(|table| {
            table.as_ref().map(|table| {
                let (rows, problems) = existing.with_value(|existing| mapping.with_untracked(|mapping| check_rows(table, mapping, headings.get_untracked(), country(), existing)));
                Checked { rows, problems }
            })
        });
        checked.set(found);
    };

    let clear = move || {
        table.set_value(None);
        checked.set(None);
        read_error.set(None);
        skip.set(false);
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };

    let read_file = move |_| {
        let file = file_input.get_untracked().and_then(|input| input.files()).and_then(|files| files.get(0));
        let (Some(file), Some(store)) = (file, shell.store()) else { return };
        table.set_value(None);
        checked.set(None);
        read_error.set(None);
        if import_job::running().is_none() {
            stage.set(Stage::Idle);
        }
        skip.set(false);
        spawn_local(async move {
            // An import a closed tab left unfinished is undone before anything else; not the
            // one this page is still writing, nor one another tab is writing (it holds the
            // import lock): then this tab says so and reads nothing.
            let running = import_job::running();
            let (lock, held) = import_lock::ask(running.is_some()).await;
            let settled = settle_unfinished(&*store, running, lock).await;
            drop(held);
            match settled {
                Ok(Unfinished::Refuse) => {
                    if import_job::running().is_none() {
                        drop(stage.try_set(Stage::Elsewhere));
                    }
                    if let Some(input) = file_input.get_untracked() {
                        input.set_value("");
                    }
                    return;
                }
                Ok(decision) => drop(undone.try_set(matches!(decision, Unfinished::Undo(_)))),
                Err(error) => return drop(read_error.try_set(Some(Err(error.into())))),
            }
            let bytes = match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => js_sys::Uint8Array::new(buffer.unchecked_ref()).to_vec(),
                Err(_) => return drop(read_error.try_set(Some(Ok(ReadError::Empty)))),
            };
            let read = match read_table(&bytes) {
                Ok(read) => read,
                Err(error) => return drop(read_error.try_set(Some(Ok(error)))),
            };
            // The phones already the shop's, so a row of an existing customer is refused.
            match store.all_customers().await {
                Ok(customers) => existing.set_value({
                    since.set_value(customers.iter().map(|customer| customer.rev).max().unwrap_or(0));
                    customers
                        .into_iter()
                        .filter(|customer| !customer.is_removed())
                        .filter_map(|customer| customer.profile.map(|profile| (profile.phone, profile.name)))
                        .collect()
                }),
                Err(error) => return drop(read_error.try_set(Some(Err(error.into())))),
            }
            let first = read.rows.first().map(|(_, fields)| fields.clone()).unwrap_or_default();
            let found = mapping_from_headings(&first);
            // A file whose first row names no column has no heading row: the owner maps by hand.
            headings.set(!found.is_empty());
            mapping.set(found);
            table.set_value(Some(read));
            recheck();
        });
    };

    let choose = move |column: Column, value: String| {
        mapping.update(|mapping| match value.parse::<usize>() {
            Ok(index) => drop(mapping.insert(column, index)),
            Err(_) => drop(mapping.remove(&column)),
        });
        recheck();
    };

    let start = move |_| {
        let Some(store) = shell.store() else { return };
        let Some(rows) = checked.with_untracked(|checked| checked.as_ref().map(|checked| checked.rows.clone())) else { return };
        let Some(counter) = shell.counter.get_untracked() else { return };
        if rows.is_empty() || import_job::running().is_some() {
            return;
        }
        // The job gets its own copy of everything, so leaving this screen does not stop it.
        let after_save = shell.after_save.try_get_value().flatten();
        if import_job::start(import_job::Job { store, counter, rows, since: since.get_value(), after_save }) {
            table.set_value(None);
            checked.set(None);
        }
    };

    let number = move |value: usize| numbers.get().int(value as f64);
    let problems_view = move || {
        checked.with(|checked| {
            let checked = checked.as_ref()?;
            let (ready, bad) = (checked.rows.len(), checked.problems.iter().map(problem_line).collect::<std::collections::BTreeSet<_>>().len());
            let summary: Arguments = Arc::new(move || vec![("ready", number(ready)), ("bad", number(bad))]);
            let listed: Vec<AnyView> = checked.problems.iter().take(PROBLEMS_LISTED).map(|problem| view! { <li>{problem_text(problem)}</li> }.into_any()).collect();
            let more = checked.problems.len().saturating_sub(PROBLEMS_LISTED);
            let more_arguments: Arguments = Arc::new(move || vec![("count", number(more))]);
            Some(view! {
                <p class="import-summary" role="status">{text_with(i18n, |l| td_string!(l, import_summary), summary)}</p>
                {(!listed.is_empty()).then(|| view! {
                    <h3>{text(i18n, |l| td_string!(l, import_problems))}</h3>
                    <ol class="import-problems">{listed}</ol>
                    {(more > 0).then(|| view! { <p class="note">{text_with(i18n, |l| td_string!(l, import_more_problems), more_arguments.clone())}</p> })}
                    <label class="check">
                        <input type="checkbox" prop:checked=move || skip.get() on:change=move |event| skip.set(event_target_checked(&event))/>
                        {text(i18n, |l| td_string!(l, import_skip))}
                    </label>
                })}
            })
        })
    };

    let preview = move || {
        if checked.with(Option::is_none) {
            return None;
        }
        let rows: Vec<Vec<String>> = table.with_value(|table| {
            table.as_ref().map_or_else(Vec::new, |table| {
                mapping.with(|mapping| {
                    table.rows.iter().skip(usize::from(headings.get())).take(PREVIEW_ROWS).map(|(_, fields)| {
                        COLUMNS.iter().map(|column| mapping.get(column).and_then(|index| fields.get(*index)).cloned().unwrap_or_default()).collect()
                    }).collect()
                })
            })
        });
        let choices: Vec<String> = table.with_value(|table| table.as_ref().and_then(|table| table.rows.first()).map(|(_, fields)| fields.clone()).unwrap_or_default());
        Some(view! {
            <h3>{text(i18n, |l| td_string!(l, import_columns))}</h3>
            <div class="import-mapping">
                {COLUMNS.iter().map(|&column| {
                    let id = format!("import-col-{}", column.id());
                    let selected = move || mapping.with(|mapping| mapping.get(&column).map(|index| index.to_string()).unwrap_or_default());
                    let options = choices.iter().enumerate().map(|(index, label)| {
                        let value = index.to_string();
                        let label = if label.is_empty() { format!("{}", index + 1) } else { label.clone() };
                        view! { <option value=value.clone() selected=move || selected() == value>{label}</option> }
                    }).collect::<Vec<_>>();
                    view! {
                        <div class="field">
                            <label for=id.clone()>{column_text(column)}</label>
                            <select id=id on:change=move |event| choose(column, event_target_value(&event))>
                                <option value="" selected=move || selected().is_empty()>{text(i18n, |l| td_string!(l, import_col_none))}</option>
                                {options}
                            </select>
                        </div>
                    }
                }).collect::<Vec<_>>()}
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || headings.get() on:change=move |event| { headings.set(event_target_checked(&event)); recheck(); }/>
                {text(i18n, |l| td_string!(l, import_first_row_headings))}
            </label>
            <h3>{text(i18n, |l| td_string!(l, import_preview))}</h3>
            <div class="import-preview">
                <table>
                    <thead><tr>{COLUMNS.iter().map(|&column| view! { <th scope="col">{column_text(column)}</th> }).collect::<Vec<_>>()}</tr></thead>
                    <tbody>{rows.into_iter().map(|row| view! { <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect::<Vec<_>>()}</tr> }).collect::<Vec<_>>()}</tbody>
                </table>
            </div>
        })
    };

    let can_import = move || {
        checked.with(|checked| checked.as_ref().is_some_and(|checked| !checked.rows.is_empty() && (checked.problems.is_empty() || skip.get())))
            && !matches!(stage.get(), Stage::Importing(..))
    };
    let ready_count: Arguments = Arc::new(move || vec![("count", number(checked.with(|checked| checked.as_ref().map_or(0, |checked| checked.rows.len()))))]);

    view! {
        <div class="card-panel import-panel">
            <h2>{text(i18n, |l| td_string!(l, import_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, import_note))}</p>
            <div class="field">
                <label for="import-file">{text(i18n, |l| td_string!(l, import_file))}</label>
                <input id="import-file" name="import-file" type="file" accept=".csv,text/csv" node_ref=file_input on:change=read_file/>
            </div>
            {move || undone.get().then(|| view! { <p class="note">{text(i18n, |l| td_string!(l, import_undone))}</p> })}
            {move || read_error.get().map(|error| match error {
                Ok(error) => view! { <p class="alert" role="alert">{read_error_text(&error)}</p> }.into_any(),
                Err(error) => view! { <p class="alert" role="alert"><ErrorText error/></p> }.into_any(),
            })}
            {preview}
            {problems_view}
            {move || checked.with(Option::is_some).then(|| view! {
                <div class="actions">
                    <button type="button" class="primary" disabled=move || !can_import() on:click=start>
                        {text_with(i18n, |l| td_string!(l, import_button), ready_count.clone())}
                    </button>
                    <button type="button" disabled=move || matches!(stage.get(), Stage::Importing(..)) on:click=move |_| clear()>{text(i18n, |l| td_string!(l, cancel))}</button>
                </div>
            })}
            {move || match stage.get() {
                Stage::Idle => None,
                Stage::Importing(done, total) => {
                    let arguments: Arguments = Arc::new(move || vec![("done", number(done)), ("total", number(total))]);
                    Some(view! {
                        <div class="import-progress" role="status" aria-busy="true">
                            <progress max=total.to_string() value=done.to_string()></progress>
                            <p>{text_with(i18n, |l| td_string!(l, import_progress), arguments)}</p>
                            <p class="note">{text(i18n, |l| td_string!(l, import_keeps_going))}</p>
                        </div>
                    }.into_any())
                }
                Stage::Done(outcome) => {
                    let count = outcome.imported;
                    let arguments: Arguments = Arc::new(move || vec![("count", number(count))]);
                    Some(view! {
                        <p class="saved import-done" role="status">{text_with(i18n, |l| td_string!(l, import_done), arguments)}</p>
                        <ClashList clashes=outcome.clashes/>
                    }.into_any())
                }
                Stage::Elsewhere => Some(view! {
                    <p class="alert import-elsewhere" role="alert">{text(i18n, |l| td_string!(l, import_elsewhere))}</p>
                }.into_any()),
                Stage::Failed(error) => Some(view! {
                    <div class="alert import-failed" role="alert">
                        <p>{text(i18n, |l| td_string!(l, import_failed))}</p>
                        <p><ErrorText error/></p>
                    </div>
                }.into_any()),
            }}
        </div>
    }
}

/// The line a problem is on (a row with two problems counts once).
fn problem_line(problem: &Problem) -> u64 {
    match *problem {
        Problem::NoName { line }
        | Problem::InvalidPhone { line }
        | Problem::ExistingCustomer { line, .. }
        | Problem::DuplicateInFile { line, .. }
        | Problem::BadCount { line, .. }
        | Problem::BadDate { line } => line,
    }
}
