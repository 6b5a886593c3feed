use super::*;

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

#[test]
fn every_year_of_the_table_has_every_festival_of_each_country_in_date_order() {
    for country in Country::ALL {
        let expected: Vec<Festival> = Festival::ALL.into_iter().filter(|f| f.countries().contains(&country)).collect();
        for year in FIRST_YEAR..=LAST_YEAR {
            let all = calendar(country, year, &FestivalEdits::default());
            let mut found: Vec<Festival> = all
                .iter()
                .map(|o| match o.which {
                    Which::Builtin(festival) => festival,
                    Which::Own(_) => unreachable!("no own festivals here"),
                })
                .collect();
            assert!(all.windows(2).all(|pair| pair[0].date <= pair[1].date), "{country:?} {year}: in date order");
            assert!(all.iter().all(|o| o.date.year() == year), "{country:?} {year}: every date in its year");
            found.sort();
            let mut wanted = expected.clone();
            wanted.sort();
            assert_eq!(found, wanted, "{country:?} {year}");
        }
    }
}

#[test]
fn the_festivals_that_follow_each_other_keep_their_order_every_year() {
    // Navratri's first day comes before Durga Puja's Ashtami, which comes before Diwali; Holi
    // before Raksha Bandhan before Ganesh Chaturthi. A date typed in the wrong row breaks this.
    for year in FIRST_YEAR..=LAST_YEAR {
        let date = |festival: Festival| festival.date(year).unwrap();
        assert!(date(Festival::Navratri) < date(Festival::DurgaPuja), "{year}");
        assert!(date(Festival::DurgaPuja) < date(Festival::Diwali), "{year}");
        let after = (date(Festival::Diwali) - date(Festival::DurgaPuja)).num_days();
        assert!((19..=23).contains(&after), "{year}: Diwali comes about three weeks after Ashtami, {after}");
        assert!(date(Festival::Holi) < date(Festival::RakshaBandhan), "{year}");
        assert!(date(Festival::RakshaBandhan) < date(Festival::GaneshChaturthi), "{year}");
        // Eid al-Adha comes about 70 days after Eid al-Fitr.
        let gap = (date(Festival::EidAlAdha) - date(Festival::EidAlFitr)).num_days();
        assert!((68..=71).contains(&gap), "{year}: {gap}");
    }
    // The lunar year is about 11 days shorter: each Eid comes 10 to 12 days earlier each year.
    for year in FIRST_YEAR..LAST_YEAR {
        for festival in [Festival::EidAlFitr, Festival::EidAlAdha] {
            let earlier = (festival.date(year).unwrap().with_year(year + 1).unwrap() - festival.date(year + 1).unwrap()).num_days();
            assert!((10..=12).contains(&earlier), "{festival:?} {year}: {earlier}");
        }
    }
}

#[test]
fn table_dates_are_approximate_and_never_guessed_outside_the_table() {
    assert!(Festival::Diwali.approximate() && Festival::EidAlFitr.approximate());
    assert!(!Festival::Christmas.approximate() && !Festival::PohelaBoishakh.approximate());
    assert_eq!(Festival::Diwali.date(2026), Some(day(2026, 11, 8)));
    assert_eq!(Festival::Diwali.date(LAST_YEAR + 1), None);
    assert_eq!(Festival::Diwali.date(FIRST_YEAR - 1), None);
    assert_eq!(Festival::Christmas.date(2031), Some(day(2031, 12, 25)));
    for festival in Festival::ALL {
        assert_eq!(Festival::from_key(festival.key()), Some(festival));
    }
}

#[test]
fn the_owner_corrects_a_date_and_adds_the_shops_own() {
    let mut edits = FestivalEdits::default();
    edits.move_to(Festival::EidAlFitr, day(2026, 3, 21));
    edits.move_to(Festival::EidAlFitr, day(2026, 3, 22));
    edits.add_own("  Shop's birthday ", day(2025, 6, 1), true);
    edits.add_own("   ", day(2026, 6, 2), false);
    assert_eq!(edits.moved.len(), 1, "the later correction replaces the earlier");
    let all = calendar(Country::Bangladesh, 2026, &edits);
    let eid = all.iter().find(|o| o.which == Which::Builtin(Festival::EidAlFitr)).unwrap();
    assert_eq!((eid.date, eid.approximate), (day(2026, 3, 22), false));
    assert!(all.iter().any(|o| o.which == Which::Own("Shop's birthday".into()) && o.date == day(2026, 6, 1)));
    assert_eq!(calendar(Country::Bangladesh, 2027, &edits).iter().find(|o| o.which == Which::Builtin(Festival::EidAlFitr)).unwrap().date, day(2027, 3, 9));
    // Moving it back to the table's date forgets the correction.
    edits.move_to(Festival::EidAlFitr, day(2026, 3, 20));
    assert!(edits.moved.is_empty());
}

#[test]
fn the_reminder_finds_the_festival_within_the_days_ahead_only_for_the_shops_country() {
    let edits = FestivalEdits::default();
    let diwali = day(2026, 11, 8);
    let three_before = diwali - Duration::days(3);
    let found = coming_up(Country::India, three_before, REMIND_DAYS, &edits).unwrap();
    assert_eq!((found.which, found.date, found.approximate), (Which::Builtin(Festival::Diwali), diwali, true));
    assert_eq!(coming_up(Country::India, diwali - Duration::days(4), REMIND_DAYS, &edits), None);
    assert_eq!(coming_up(Country::Bangladesh, three_before, REMIND_DAYS, &edits), None, "Diwali is not on Bangladesh's list");
    // Across the new year.
    assert_eq!(coming_up(Country::Bangladesh, day(2026, 12, 30), REMIND_DAYS, &edits).map(|o| o.date), Some(day(2027, 1, 1)));
    let list = next_year_of(Country::India, day(2026, 11, 26), &edits);
    assert_eq!(list.first().map(|o| o.which.clone()), Some(Which::Builtin(Festival::Christmas)));
    assert!(list.windows(2).all(|pair| pair[0].date <= pair[1].date));
}

/// The dates are read and written by `iso_date` instead of chrono's serde (issue 15, the
/// counter's size): edits saved by the earlier version, whose text chrono wrote, read the same
/// and are written back byte for byte; a date that is not `YYYY-MM-DD` is refused as before.
#[test]
fn festival_edits_saved_with_chronos_dates_read_and_write_the_same() {
    let saved = r#"{"moved":[{"festival":"diwali","date":"2026-11-09"}],"own":[{"name":"Mela","date":"2027-01-05","yearly":true}],"remind_days":3}"#;
    let edits: FestivalEdits = serde_json::from_str(saved).unwrap();
    assert_eq!(edits.moved, vec![Moved { festival: Festival::Diwali, date: day(2026, 11, 9) }]);
    assert_eq!(edits.own, vec![OwnFestival { name: "Mela".into(), date: day(2027, 1, 5), yearly: true }]);
    assert_eq!(serde_json::to_string(&edits).unwrap(), saved);
    for bad in ["2026-11-31", "26-11-09", "2026/11/09", ""] {
        let text = format!(r#"{{"own":[{{"name":"Mela","date":"{bad}"}}]}}"#);
        assert!(serde_json::from_str::<FestivalEdits>(&text).is_err(), "{bad}");
    }
    let book: crate::domain::messages::Book = serde_json::from_str(r#"{"morning":"2026-03-01"}"#).unwrap();
    assert_eq!(book.morning, Some(day(2026, 3, 1)));
    assert!(serde_json::to_string(&book).unwrap().contains(r#""morning":"2026-03-01""#));
}
