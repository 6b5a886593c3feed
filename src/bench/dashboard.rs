//! The dashboard's benchmark (issue 12): its cold open (a new connection, the saved facts and
//! the deltas since, prepared in the shop's days, this month's figures and the previous month's,
//! the customers slipping away) and a switch of the period (this year and the year before),
//! beside a plain `getAll` of the customer records in the same run, the read it avoids; and a
//! segment's filter ("not seen for 30 days" and consent, its count and its list most valuable
//! first) over every customer of the facts.

use wasm_bindgen::prelude::*;

use super::browser::{error, millis_text, now_ms};
use crate::domain::analytics::period::{day_of_minutes, offset_minutes};
use crate::domain::analytics::segment::{count, members, Segment, Shape};
use crate::domain::analytics::{at_risk, report, PeriodChoice, Prepared, DEFAULT_CHURN_DAYS};
use crate::domain::Country;
use crate::store::dash::load_dash;
use crate::store::indexed_db::IndexedDbStore;
use crate::store::{Store, DATABASE_NAME};

/// Folds the deltas the seeding left (once, as the first dashboard opened would), then times
/// `rounds` cold opens and period switches and as many `getAll`s of the customers. JSON.
#[wasm_bindgen]
pub async fn mohar_bench_dashboard(rounds: u32) -> Result<String, JsValue> {
    let started = now_ms();
    let first = {
        let store = IndexedDbStore::open(DATABASE_NAME).await.map_err(error)?;
        load_dash(&store).await.map_err(error)?.1
    };
    let first_ms = now_ms() - started;
    let offset = offset_minutes(Country::India);
    let today = day_of_minutes(chrono::Utc::now().timestamp_millis().div_euclid(60_000), offset);
    let (mut cold, mut switch, mut get_all, mut segment_times) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut customers, mut in_segment) = (0, 0);
    let segment = Segment { not_seen_for: Some(30), consent: true, ..Segment::default() };
    for _ in 0..rounds {
        let started = now_ms();
        let store = IndexedDbStore::open(DATABASE_NAME).await.map_err(error)?;
        let (facts, _) = load_dash(&store).await.map_err(error)?;
        let prepared = Prepared::new(&facts, offset);
        let (period, previous) = PeriodChoice::ThisMonth.periods(today);
        let figures = (report(&prepared, period, DEFAULT_CHURN_DAYS), report(&prepared, previous, DEFAULT_CHURN_DAYS), at_risk(&prepared, today));
        cold.push(now_ms() - started);
        customers = prepared.customers.len();

        let started = now_ms();
        let (period, previous) = PeriodChoice::Year.periods(today);
        let year = (report(&prepared, period, DEFAULT_CHURN_DAYS), report(&prepared, previous, DEFAULT_CHURN_DAYS));
        switch.push(now_ms() - started);
        drop((figures, year));

        let started = now_ms();
        let shape = Shape { tiers: &[], stamps_per_reward: 10, today, offset };
        let counted = count(&prepared, &segment, &shape);
        let listed = members(&prepared, &segment, &shape);
        segment_times.push(now_ms() - started);
        in_segment = counted.min(listed.len());

        let started = now_ms();
        let records = store.all_customers().await.map_err(error)?;
        get_all.push(now_ms() - started);
        drop(records);
    }
    let list = |times: &[f64]| times.iter().map(|ms| millis_text(*ms)).collect::<Vec<_>>().join(",");
    Ok(format!(
        r#"{{"customers":{customers},"first_open_ms":{},"first_open_deltas":{},"first_open_rebuilt":{},"cold_open_ms":[{}],"period_switch_ms":[{}],"get_all_customers_ms":[{}],"segment_ms":[{}],"segment_customers":{in_segment}}}"#,
        millis_text(first_ms),
        first.deltas,
        first.rebuilt,
        list(&cold),
        list(&switch),
        list(&get_all),
        list(&segment_times)
    ))
}
