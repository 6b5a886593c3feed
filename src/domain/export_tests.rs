use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::demo::demo_events;
use crate::domain::{DeviceId, EventId, ShopState};
use crate::store::fold_log;

fn headings() -> Headings {
    ["Name", "Phone", "Stamps", "Rewards ready", "Visits", "Last visit", "Birthday", "Notes", "Joined"].map(String::from)
}

#[test]
fn the_file_starts_with_a_bom_and_has_a_row_per_customer_in_every_script() {
    let events = demo_events(3, DeviceId::from_bytes([4; 16]), Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
    let shop = ShopState::fold(&events).unwrap();
    let (_, customers) = fold_log(&events, 1);
    let csv = customers_csv(&customers, shop.program.stamps_per_reward, &headings());
    assert!(csv.starts_with("\u{FEFF}Name,Phone,Stamps,"));
    let lines: Vec<&str> = csv.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(lines.len(), customers.len() + 1);
    for script in ['\u{0915}'..='\u{0939}', '\u{0995}'..='\u{09B9}', '\u{0A95}'..='\u{0AB9}'] {
        assert!(csv.chars().any(|c| script.contains(&c)), "a name in {script:?}");
    }
    // Phones keep their spaces, so Excel keeps them as text.
    assert!(lines[1].contains(",+91 ") || lines[1].contains(",+880 "), "{}", lines[1]);
}

#[test]
fn quotes_commas_line_breaks_and_formulas_are_made_harmless() {
    let mut out = String::new();
    field_into(&mut out, "Less sugar, \"extra\" hot\nno ice");
    assert_eq!(out, "\"Less sugar, \"\"extra\"\" hot\nno ice\"");
    for formula in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"] {
        let mut out = String::new();
        field_into(&mut out, formula);
        assert!(out.trim_start_matches('"').starts_with('\''), "{formula} → {out}");
    }
}

#[test]
fn removed_customers_are_left_out() {
    let events = demo_events(3, DeviceId::from_bytes([4; 16]), Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap());
    let (_, mut customers) = fold_log(&events, 1);
    let before = customers_csv(&customers, 10, &headings()).lines().count();
    customers[0].removed_by = Some(EventId::from_bytes([1; 16]));
    assert_eq!(customers_csv(&customers, 10, &headings()).lines().count(), before - 1);
}
