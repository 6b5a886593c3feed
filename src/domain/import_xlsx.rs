//! Import from an Excel workbook (`.xlsx`, issue 13): the first sheet read by the `calamine`
//! crate and turned into the same `Table` the CSV reader gives, so the headings, the checks and
//! the line numbers are the CSV path's (`import.rs`). A row's line is the sheet's row number, as
//! Excel shows it at the left. Only the owner's import reaches this module, so only the owner's
//! bundle carries the reader (README, "Importing 100 000 customers": its weight).

use std::io::Cursor;

use calamine::{Data, ExcelDateTime, Range, Reader, Xlsx, XlsxError};
use chrono::NaiveDate;

use super::import::{read_table, ReadError, Table};

/// What a `Table` read from a workbook has as its `separator` (a sheet has none).
pub const SHEET: u8 = b'\t';

/// Reads a file the owner chose: a workbook when its name ends in `.xlsx` or its first bytes
/// are a zip archive's or an Office compound file's (a workbook locked with a password, or an
/// old `.xls`), otherwise CSV.
pub fn read_file(name: &str, bytes: &[u8]) -> Result<Table, ReadError> {
    let workbook = name.to_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0");
    if workbook {
        read_xlsx(bytes)
    } else {
        read_table(bytes)
    }
}

/// Reads the first sheet of a workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|error| match error {
        XlsxError::Password => ReadError::Locked,
        _ => ReadError::NotAWorkbook,
    })?;
    let range = book.worksheet_range_at(0).ok_or(ReadError::Empty)?.map_err(|_| ReadError::NotAWorkbook)?;
    table_from_range(&range)
}

/// The rows of a sheet as text, each with its row number; rows with no text are left out, as
/// the CSV reader leaves out empty lines.
pub fn table_from_range(range: &Range<Data>) -> Result<Table, ReadError> {
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    let rows: Vec<(u64, Vec<String>)> = range
        .rows()
        .enumerate()
        .map(|(index, cells)| (first_row + index as u64 + 1, cells.iter().map(cell_text).collect::<Vec<_>>()))
        .filter(|(_, fields)| fields.iter().any(|field| !field.is_empty()))
        .collect();
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table { separator: SHEET, rows })
}

/// A cell as the CSV path would have it: a date as ISO (2024-02-29), a whole number without
/// ".0" (a phone typed as a number, 9876543210, stays 9876543210), an empty cell as "".
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_owned(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => number_text(*number),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(date) if date.is_datetime() => excel_date(date).map_or_else(|| number_text(date.as_f64()), |date| date.to_string()),
        Data::DateTime(duration) => number_text(duration.as_f64()),
        // An ISO date and time ("2024-02-29T00:00:00"): its date.
        Data::DateTimeIso(text) => text.split('T').next().unwrap_or_default().to_owned(),
        Data::DurationIso(text) => text.clone(),
        // "#N/A" and the like: shown as Excel shows them, so the row's problem names the field.
        Data::Error(error) => error.to_string(),
    }
}

/// A number as text, whole numbers without a decimal part (up to 15 digits, the most Excel
/// keeps exactly).
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

/// The day of an Excel date (a serial number of days, in the workbook's 1900 or 1904 system),
/// its time of day dropped; `None` for Excel's 29 February 1900, which never was.
pub fn excel_date(date: &ExcelDateTime) -> Option<NaiveDate> {
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
}

#[cfg(test)]
#[path = "import_xlsx_tests.rs"]
mod tests;
