use std::collections::HashMap;
use std::io::Write;

use calamine::{CellErrorType, ExcelDateTimeType};
use rust_xlsxwriter::{ExcelDateTime as WrittenDate, Format, Workbook};

use super::*;
use crate::domain::import::{check_rows, mapping_from_headings};
use crate::domain::Country;

/// A register as a shop types it into Excel: Hindi headings, a phone typed as a number, a
/// birthday as an Excel date, empty cells, an empty row, and a second sheet that is not read.
pub fn register_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = book.add_worksheet();
    for (column, heading) in ["नाम", "मोबाइल", "मोहरें", "जन्मदिन", "टिप्पणी"].into_iter().enumerate() {
        sheet.write_string(0, column as u16, heading).unwrap();
    }
    sheet.write_string(1, 0, "सुनीता देवी").unwrap();
    sheet.write_number(1, 1, 9_876_543_210.0).unwrap();
    sheet.write_number(1, 2, 4.0).unwrap();
    sheet.write_datetime_with_format(1, 3, WrittenDate::from_ymd(1990, 5, 14).unwrap(), &date).unwrap();
    sheet.write_string(1, 4, " कम चीनी ").unwrap();
    // Row 3 is left empty; row 4 has a phone typed as text with spaces and no stamps or birthday.
    sheet.write_string(3, 0, "Gopal").unwrap();
    sheet.write_string(3, 1, "99999 88888").unwrap();
    sheet.write_string(3, 4, "").unwrap();
    // Row 5: a phone that is not one.
    sheet.write_string(4, 0, "Ravi").unwrap();
    sheet.write_number(4, 1, 12345.0).unwrap();
    book.add_worksheet().write_string(0, 0, "not read").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn the_first_sheet_becomes_the_rows_the_csv_path_checks_with_the_sheets_row_numbers() {
    let table = read_file("register.xlsx", &register_workbook()).unwrap();
    assert_eq!(table.separator, SHEET);
    let text = |row: &[&str]| row.iter().map(|field| field.to_string()).collect::<Vec<_>>();
    assert_eq!(
        table.rows,
        vec![
            (1, text(&["नाम", "मोबाइल", "मोहरें", "जन्मदिन", "टिप्पणी"])),
            (2, text(&["सुनीता देवी", "9876543210", "4", "1990-05-14", "कम चीनी"])),
            (4, text(&["Gopal", "99999 88888", "", "", ""])),
            (5, text(&["Ravi", "12345", "", "", ""])),
        ]
    );
    let mapping = mapping_from_headings(&table.rows[0].1);
    let (rows, problems) = check_rows(&table, &mapping, true, Country::India, &HashMap::new());
    assert_eq!(problems, vec![crate::domain::import::Problem::InvalidPhone { line: 5 }]);
    let summary: Vec<_> = rows.iter().map(|row| (row.line, row.profile.name.as_str(), row.profile.phone.as_str(), row.stamps, row.profile.birthday)).collect();
    assert_eq!(
        summary,
        vec![
            (2, "सुनीता देवी", "+919876543210", 4, NaiveDate::from_ymd_opt(1990, 5, 14)),
            (4, "Gopal", "+919999988888", 0, None),
        ]
    );
    assert_eq!(rows[0].profile.notes, "कम चीनी");
}

#[test]
fn the_committed_fixture_of_the_e2e_test_is_the_register_above() {
    // `MOHAR_WRITE_FIXTURES=1 cargo test -p mohar --lib import_xlsx` writes it again.
    let path = format!("{}/tests/data/register.xlsx", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("MOHAR_WRITE_FIXTURES").is_some() {
        std::fs::File::create(&path).unwrap().write_all(&register_workbook()).unwrap();
    }
    let committed = std::fs::read(&path).expect("tests/data/register.xlsx");
    assert_eq!(read_xlsx(&committed), read_xlsx(&register_workbook()));
}

#[test]
fn cells_read_as_the_csv_path_would_have_them() {
    assert_eq!(cell_text(&Data::Float(9_876_543_210.0)), "9876543210");
    assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
    assert_eq!(cell_text(&Data::Int(7)), "7");
    assert_eq!(cell_text(&Data::Empty), "");
    assert_eq!(cell_text(&Data::String("  Asha ".into())), "Asha");
    assert_eq!(cell_text(&Data::Error(CellErrorType::NA)), "#N/A");
    assert_eq!(cell_text(&Data::DateTimeIso("2024-02-29T00:00:00".into())), "2024-02-29");
    // 45351 is 29 February 2024 in the 1900 system; 43889 is the same day in the 1904 one.
    assert_eq!(cell_text(&Data::DateTime(ExcelDateTime::new(45_351.0, ExcelDateTimeType::DateTime, false))), "2024-02-29");
    assert_eq!(cell_text(&Data::DateTime(ExcelDateTime::new(43_889.75, ExcelDateTimeType::DateTime, true))), "2024-02-29");
    // Excel's 29 February 1900 never was: the serial stays a number, which the birthday refuses.
    assert_eq!(excel_date(&ExcelDateTime::new(60.0, ExcelDateTimeType::DateTime, false)), None);
}

#[test]
fn a_damaged_workbook_an_old_xls_or_an_empty_sheet_say_why() {
    let mut damaged = register_workbook();
    damaged.truncate(damaged.len() / 2);
    assert_eq!(read_file("register.xlsx", &damaged), Err(ReadError::NotAWorkbook));
    assert_eq!(read_file("register.xlsx", b"name,phone\nAsha,9876543210\n"), Err(ReadError::NotAWorkbook));
    let mut book = Workbook::new();
    book.add_worksheet();
    assert_eq!(read_file("empty.xlsx", &book.save_to_buffer().unwrap()), Err(ReadError::Empty));
    // A CSV file is still read as one, whatever its name says.
    assert_eq!(read_file("register.csv", b"name,phone\nAsha,9876543210\n").map(|table| table.separator), Ok(b','));
}

#[test]
fn a_workbook_locked_with_a_password_says_so() {
    // Excel stores a workbook with a password as an Office compound file whose "EncryptedPackage"
    // stream holds the encrypted zip; the `cfb` crate writes one here.
    let mut locked = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    locked.create_stream("EncryptedInfo").unwrap().write_all(&[4, 0, 4, 0]).unwrap();
    locked.create_stream("EncryptedPackage").unwrap().write_all(&[0; 64]).unwrap();
    let bytes = locked.into_inner().into_inner();
    assert_eq!(read_file("locked.xlsx", &bytes), Err(ReadError::Locked));
    // Named anything else, its first bytes still say it is a workbook.
    assert_eq!(read_file("locked", &bytes), Err(ReadError::Locked));
}
