//! The import screen's texts for what the pure import found (issue 13): every problem of a
//! row by its line number, and why a file could not be read, in the user's language.

use std::sync::Arc;

use leptos::prelude::*;

use super::i18n::*;
use super::locales::{text, text_with, Arguments};
use super::numbers::use_numbers;
use crate::domain::import::{Column, Problem, ReadError};
use crate::domain::import_plan::Clash;

/// One problem, e.g. "Line 3: the phone number is not a valid mobile number".
pub fn problem_text(problem: &Problem) -> AnyView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    let line = |line: u64| -> Arguments { Arc::new(move || vec![("line", numbers.get().int(line as f64))]) };
    match problem.clone() {
        Problem::NoName { line: at } => text_with(i18n, |l| td_string!(l, import_problem_no_name), line(at)).into_any(),
        Problem::InvalidPhone { line: at } => text_with(i18n, |l| td_string!(l, import_problem_phone), line(at)).into_any(),
        Problem::ExistingCustomer { line: at, name } => {
            let arguments: Arguments = Arc::new(move || vec![("line", numbers.get().int(at as f64)), ("name", name.clone())]);
            text_with(i18n, |l| td_string!(l, import_problem_existing), arguments).into_any()
        }
        Problem::DuplicateInFile { first, line: at } => {
            let arguments: Arguments = Arc::new(move || vec![("line", numbers.get().int(at as f64)), ("first", numbers.get().int(first as f64))]);
            text_with(i18n, |l| td_string!(l, import_problem_duplicate), arguments).into_any()
        }
        Problem::BadCount { line: at, column: Column::Visits } => text_with(i18n, |l| td_string!(l, import_problem_visits), line(at)).into_any(),
        Problem::BadCount { line: at, .. } => text_with(i18n, |l| td_string!(l, import_problem_stamps), line(at)).into_any(),
        Problem::BadDate { line: at } => text_with(i18n, |l| td_string!(l, import_problem_date), line(at)).into_any(),
    }
}

/// The rows an import left out because their phone number was added at the counter while it
/// ran, each by line ("Line 812: 98765 43210 is now Asha's, added at the counter…").
#[component]
pub fn ClashList(clashes: Vec<Clash>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    (!clashes.is_empty()).then(|| {
        let items = clashes
            .into_iter()
            .map(|clash| {
                let arguments: Arguments = Arc::new(move || vec![("line", numbers.get().int(clash.line as f64)), ("phone", clash.phone.formatted()), ("name", clash.name.clone())]);
                view! { <li>{text_with(i18n, |l| td_string!(l, import_clash), arguments)}</li> }
            })
            .collect::<Vec<_>>();
        view! {
            <div class="import-clashes" role="status">
                <h3>{text(i18n, |l| td_string!(l, import_clashes_title))}</h3>
                <ol class="import-problems">{items}</ol>
            </div>
        }
    })
}

/// Why the file could not be read at all.
pub fn read_error_text(error: &ReadError) -> AnyView {
    let i18n = use_i18n();
    let numbers = use_numbers();
    match *error {
        ReadError::NotUtf8 => text(i18n, |l| td_string!(l, import_err_not_utf8)).into_any(),
        ReadError::Empty => text(i18n, |l| td_string!(l, import_err_empty)).into_any(),
        ReadError::Unclosed { line } => {
            let arguments: Arguments = Arc::new(move || vec![("line", numbers.get().int(line as f64))]);
            text_with(i18n, |l| td_string!(l, import_err_unclosed), arguments).into_any()
        }
    }
}

/// A column's name, as the export's headings say it.
pub fn column_text(column: Column) -> AnyView {
    let i18n = use_i18n();
    match column {
        Column::Name => text(i18n, |l| td_string!(l, export_col_name)).into_any(),
        Column::Phone => text(i18n, |l| td_string!(l, export_col_phone)).into_any(),
        Column::Stamps => text(i18n, |l| td_string!(l, export_col_stamps)).into_any(),
        Column::Visits => text(i18n, |l| td_string!(l, export_col_visits)).into_any(),
        Column::Birthday => text(i18n, |l| td_string!(l, export_col_birthday)).into_any(),
        Column::Notes => text(i18n, |l| td_string!(l, export_col_notes)).into_any(),
        Column::Tags => text(i18n, |l| td_string!(l, import_col_tags)).into_any(),
    }
}

/// Every column, in the order the screen lists them.
pub const COLUMNS: [Column; 7] = [Column::Name, Column::Phone, Column::Stamps, Column::Visits, Column::Birthday, Column::Notes, Column::Tags];
