//! The dashboard's figures on small shops, worked out by hand (issue 12). The tea stall is in
//! `analytics_support`; each expected number below is counted from its events in the comment
//! beside it.
#![cfg(not(target_arch = "wasm32"))]

mod analytics_support;

use analytics_support::{customer, day, tea_stall, Shop};
use mohar::domain::analytics::period::offset_minutes;
use mohar::domain::analytics::{at_risk, owed, report, retention, visits_per_week, DashFacts, Period, PeriodChoice, Prepared, Retention};
use mohar::domain::Country;

fn prepared(shop: &Shop) -> Prepared {
    Prepared::new(&DashFacts::fold(&shop.events), offset_minutes(Country::India))
}

const TODAY: (i32, u32, u32) = (2026, 3, 20);

/// Per cents are divisions: compared to a millionth.
fn assert_close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a figure");
    assert!((actual - expected).abs() < 1e-6, "{actual} is not {expected}");
}

fn today() -> i32 {
    day(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn the_playbooks_own_example_is_75_percent() {
    let example = Retention { start_active: 10_000, new: 5_500, end_active: 13_000 };
    assert_eq!(example.rate(), Some(75.0));
}

#[test]
fn this_month_at_the_tea_stall() {
    let prepared = prepared(&tea_stall());
    let (period, previous) = PeriodChoice::ThisMonth.periods(today());
    assert_eq!(period, Period { start: day(2026, 3, 1), end: today() });
    assert_eq!(previous, Period { start: day(2026, 2, 1), end: day(2026, 2, 20) });
    let figures = report(&prepared, period, 30);
    // S (active in the 30 days to 28 Feb): Asha (4 Feb). Bina (14 Jan) and Chetan (23 Jan) had
    // gone; Farid was removed. E (30 days to 20 Mar): Asha, Chetan (back on 15 Mar), Dev, Esha
    // (joined 18 Mar). N: Dev and Esha. (4 − 2) ÷ 1 × 100 = 200 %: Chetan came back.
    assert_eq!(figures.retention, Retention { start_active: 1, new: 2, end_active: 4 });
    assert_eq!(figures.retention.rate(), Some(200.0));
    // Visits: Asha 2 and 10 Mar, Chetan 15 Mar, Dev 5 and 6 Mar (his undone stamp is not one).
    assert_eq!((figures.visits, figures.visitors, figures.repeat_visitors), (5, 3, 2));
    assert_eq!(figures.visits_per_customer(), Some(5.0 / 3.0));
    assert_close(figures.repeat_rate(), 200.0 / 3.0);
    // Dev's first visit is the only first-ever visit.
    assert_eq!((figures.new_visits, figures.returning_visits()), (1, 4));
    // Gaps ending in March: Asha 26 (4 Feb → 2 Mar) and 8, Chetan 51 (23 Jan → 15 Mar), Dev 1.
    // Sorted 1, 8, 26, 51: the median is (8 + 26) ÷ 2.
    assert_eq!(figures.median_days_between, Some(17.0));
    // Bills: Asha's ₹400 and ₹500.
    assert_eq!((figures.bills, figures.bill_total, figures.average_bill()), (2, 90_000, Some(45_000)));
    // Top fifth of 3 customers is 1 customer with 2 of the 5 visits; by spend Asha alone.
    assert_eq!((figures.top_by_visits.customers, figures.top_by_visits.of, figures.top_by_visits.top, figures.top_by_visits.total), (1, 3, 2, 5));
    assert_eq!(figures.top_by_visits.percent(), Some(40.0));
    assert_eq!(figures.top_by_spend.percent(), Some(100.0));
    // Stamps: 5 visits + Esha's 2 welcome stamps; Asha redeemed once.
    assert_eq!((figures.stamps_given, figures.rewards_redeemed), (7, 1));
    // Ratings in March: Asha 5, Chetan 3.
    assert_eq!(figures.ratings, [0, 0, 1, 0, 1]);
    assert_eq!(figures.rating_average(), Some(4.0));
    // Chetan's complaint: opened 15 Mar 12:03, resolved 16 Mar 18:03 = 30 hours.
    assert_eq!(figures.complaints_opened, 1);
    assert_eq!(figures.median_resolve_hours(), Some(30.0));
}

#[test]
fn the_previous_period_and_the_default_churn_window() {
    let prepared = prepared(&tea_stall());
    let (period, previous) = PeriodChoice::ThisMonth.periods(today());
    // 1–20 Feb, 30 days: S on 31 Jan = Asha, Bina, Chetan; E on 20 Feb = Asha (4 Feb), Chetan
    // (23 Jan); no one new (Farid was removed). (2 − 0) ÷ 3.
    let before = retention(&prepared, previous, 30);
    assert_eq!(before, Retention { start_active: 3, new: 0, end_active: 2 });
    assert_close(before.rate(), 200.0 / 3.0);
    // 90 days: S on 28 Feb = Asha, Bina, Chetan; E on 20 Mar = all five; N = 2: (5 − 2) ÷ 3.
    let now = retention(&prepared, period, 90);
    assert_eq!(now, Retention { start_active: 3, new: 2, end_active: 5 });
    assert_eq!(now.rate(), Some(100.0));
}

#[test]
fn who_is_at_risk_and_what_is_owed() {
    let prepared = prepared(&tea_stall());
    // Bina: usual interval 2 days, gone 65 (14 Jan → 20 Mar). Asha (usual 15, gone 10) and
    // Chetan (usual 10, gone 5) are not; Dev has too few visits to have a usual interval.
    let list = at_risk(&prepared, today());
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].customer, list[0].gone_days, list[0].usual_days, list[0].visits), (customer(2), 65, 2, 3));
    // Chetan's 3 welcome + 4 visits fill a card of 5: one reward owed. Asha's full card was
    // redeemed. Bina's complaint is open.
    let owed = owed(&prepared, 5);
    assert_eq!((owed.rewards_owed, owed.open_complaints), (1, 1));
}

#[test]
fn visits_per_week_start_on_monday() {
    let prepared = prepared(&tea_stall());
    let (period, _) = PeriodChoice::ThisMonth.periods(today());
    // 1 March 2026 is a Sunday: its week began on Monday 23 February.
    assert_eq!(
        visits_per_week(&prepared, period),
        vec![(day(2026, 2, 23), 0), (day(2026, 3, 2), 3), (day(2026, 3, 9), 2), (day(2026, 3, 16), 0)]
    );
}

#[test]
fn a_shop_with_no_visits_has_no_rates() {
    let prepared = prepared(&Shop::default());
    let (period, _) = PeriodChoice::Year.periods(today());
    let figures = report(&prepared, period, 90);
    assert_eq!(figures.retention.rate(), None);
    assert_eq!((figures.visits, figures.repeat_rate(), figures.visits_per_customer(), figures.average_bill()), (0, None, None, None));
    assert_eq!((figures.median_days_between, figures.rating_average(), figures.top_by_visits.percent()), (None, None, None));
    assert!(at_risk(&prepared, today()).is_empty());
}

#[test]
fn a_period_before_the_first_customer_counts_nothing() {
    let prepared = prepared(&tea_stall());
    let december = PeriodChoice::Custom(day(2025, 12, 1), day(2025, 12, 31));
    let (period, previous) = december.periods(today());
    assert_eq!(previous, Period { start: day(2025, 10, 31), end: day(2025, 11, 30) });
    let figures = report(&prepared, period, 90);
    assert_eq!(figures.retention, Retention { start_active: 0, new: 0, end_active: 0 });
    assert_eq!((figures.visits, figures.stamps_given, figures.ratings), (0, 0, [0; 5]));
}

#[test]
fn days_are_the_shops_own_days() {
    // 18:15 UTC is 23:45 on 1 March in India (UTC+5:30) and 00:15 on 2 March in Bangladesh
    // (UTC+6): the visit belongs to a different day in each.
    let mut shop = Shop::default();
    let asha = customer(1);
    let late = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 1, 18, 15, 0).unwrap();
    shop.join(asha, "Asha", late, 0);
    shop.visit(asha, late, None);
    let facts = DashFacts::fold(&shop.events);
    let march_2 = Period { start: day(2026, 3, 2), end: day(2026, 3, 2) };
    assert_eq!(report(&Prepared::new(&facts, offset_minutes(Country::India)), march_2, 90).visits, 0);
    assert_eq!(report(&Prepared::new(&facts, offset_minutes(Country::Bangladesh)), march_2, 90).visits, 1);
}

#[test]
fn last_month_quarter_and_year_are_calendar_periods() {
    let today = today();
    assert_eq!(PeriodChoice::LastMonth.periods(today), (Period { start: day(2026, 2, 1), end: day(2026, 2, 28) }, Period { start: day(2026, 1, 1), end: day(2026, 1, 31) }));
    assert_eq!(PeriodChoice::Quarter.periods(today), (Period { start: day(2026, 1, 1), end: today }, Period { start: day(2025, 10, 1), end: day(2025, 12, 20) }));
    assert_eq!(PeriodChoice::Year.periods(today), (Period { start: day(2026, 1, 1), end: today }, Period { start: day(2025, 1, 1), end: day(2025, 3, 20) }));
}
