//! Golden CSV files (tests/data/*.csv) read as the import reads them, with the rows and the
//! line-numbered problems written out by hand below (issue 13).

use std::collections::HashMap;

use mohar::domain::import::{check_rows, mapping_from_headings, read_table, Column, ImportRow, Problem};
use mohar::domain::{Country, Phone};

fn golden(name: &str, country: Country, existing: &HashMap<Phone, String>) -> (Vec<ImportRow>, Vec<Problem>) {
    let bytes = std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).expect("golden file");
    let table = read_table(&bytes).expect("the file reads");
    let mapping = mapping_from_headings(&table.rows[0].1);
    check_rows(&table, &mapping, true, country, existing)
}

fn summary(rows: &[ImportRow]) -> Vec<(u64, &str, &str, u32, u32)> {
    rows.iter().map(|row| (row.line, row.profile.name.as_str(), row.profile.phone.as_str(), row.stamps, row.visits)).collect()
}

#[test]
fn an_excel_export_with_a_bom_crlf_quotes_and_a_line_break_in_a_note() {
    let (rows, problems) = golden("excel_bom.csv", Country::India, &HashMap::new());
    assert_eq!(problems, vec![]);
    assert_eq!(
        summary(&rows),
        vec![
            (2, "Verma, Asha", "+919876543210", 3, 7),
            (3, "रमेश कुमार", "+919876511111", 0, 2),
            (5, "Priya Shah", "+919876522222", 9, 15),
        ]
    );
    assert_eq!(rows[0].profile.notes, "Less sugar, no ice");
    assert_eq!(rows[0].profile.birthday, chrono::NaiveDate::from_ymd_opt(1990, 5, 14));
    assert_eq!(rows[1].profile.notes, "Likes\r\nmasala chai");
    assert_eq!(rows[2].profile.birthday, chrono::NaiveDate::from_ymd_opt(1988, 11, 2));
}

#[test]
fn semicolons_as_excel_writes_them_where_the_decimal_mark_is_a_comma() {
    let (rows, problems) = golden("semicolons.csv", Country::India, &HashMap::new());
    assert_eq!(problems, vec![]);
    assert_eq!(summary(&rows), vec![(2, "Asha Verma", "+919876543210", 2, 4), (3, "Ravi", "+919876533333", 0, 1)]);
    assert_eq!(rows[0].profile.notes, "tea; no sugar");
}

#[test]
fn a_bangladesh_register_with_bengali_headings_and_digits() {
    let (rows, problems) = golden("bengali_digits.csv", Country::Bangladesh, &HashMap::new());
    assert_eq!(problems, vec![]);
    assert_eq!(summary(&rows), vec![(2, "রহিম উদ্দিন", "+8801712345678", 3, 12), (3, "ফাতেমা বেগম", "+8801812345678", 10, 20)]);
}

#[test]
fn a_register_typed_in_hindi_with_devanagari_digits() {
    let (rows, problems) = golden("hindi_register.csv", Country::India, &HashMap::new());
    assert_eq!(problems, vec![]);
    assert_eq!(summary(&rows), vec![(2, "सुनीता देवी", "+919876543210", 4, 0), (3, "गोपाल", "+919999988888", 0, 0)]);
    assert_eq!(rows[0].profile.birthday, chrono::NaiveDate::from_ymd_opt(1990, 5, 14));
    assert_eq!(rows[0].profile.notes, "कम चीनी");
}

#[test]
fn a_file_with_errors_names_each_by_its_line() {
    let existing = HashMap::from([(Phone::parse("98765 00001", Country::India).unwrap(), "Meena".to_owned())]);
    let (rows, problems) = golden("errors.csv", Country::India, &existing);
    assert_eq!(
        problems,
        vec![
            Problem::InvalidPhone { line: 3 },
            Problem::ExistingCustomer { line: 5, name: "Meena".into() },
            Problem::BadCount { line: 7, column: Column::Stamps },
            Problem::DuplicateInFile { first: 6, line: 8 },
            Problem::NoName { line: 9 },
            Problem::BadDate { line: 10 },
        ]
    );
    assert_eq!(rows.iter().map(|row| row.line).collect::<Vec<_>>(), vec![2, 4, 6]);
}
