use super::*;

#[test]
fn headings_in_every_language_and_mohars_own_export_map_to_columns() {
    for (heading, column) in [
        ("Name", Column::Name),
        (" Mobile No ", Column::Phone),
        ("मोबाइल नंबर", Column::Phone),
        ("কতবার এসেছেন", Column::Visits),
        ("જન્મદિવસ", Column::Birthday),
        ("Stamps on card", Column::Stamps),
        ("नोट", Column::Notes),
    ] {
        assert_eq!(column_for_heading(heading), Some(column), "{heading}");
    }
    assert_eq!(column_for_heading("Amount"), None);
}

#[test]
fn files_that_cannot_be_read_say_why() {
    assert_eq!(read_table(b"\xff\xfeN\x00"), Err(ReadError::NotUtf8));
    assert_eq!(read_table(b"\xEF\xBB\xBF\n\n"), Err(ReadError::Empty));
}

#[test]
fn counts_and_dates_in_any_digits() {
    assert_eq!(count_of("১২"), Some(12));
    assert_eq!(count_of(""), Some(0));
    assert_eq!(count_of("-1"), None);
    assert_eq!(count_of("99999"), None);
    assert_eq!(date_of("२९/०२/२०२४"), NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(date_of("31/02/2024"), None);
}

#[test]
fn line_numbers_follow_lf_crlf_and_a_lone_cr_and_records_spanning_lines() {
    let table = read_table(b"name,phone\r\na,1\rb,2\nc,\"3\r\n4\"\nd,5\r\n").unwrap();
    let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![1, 2, 3, 4, 6]);
}
