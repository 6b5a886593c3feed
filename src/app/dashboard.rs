//! The owner's dashboard (issue 12, owner's bundle): are my customers coming back? The facts
//! are read once (`store::dash::load_dash`: saved chunks plus the deltas since, no `getAll` of
//! the customers) and prepared in the shop's days; every figure of a period is then a pure
//! function of them (`domain::analytics`), so changing the period only walks them again.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::dashboard_charts::{Bar, BarChart};
use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::locales::text;
use super::numbers::{fill, Numbers};
use super::use_shell;
use crate::domain::analytics::period::{date_of, day_of_date, day_of_minutes, offset_minutes};
use crate::domain::analytics::report::{AT_RISK_MIN_DAYS, RETENTION_REFERENCE};
use crate::domain::analytics::settings::DashSettings;
use crate::domain::analytics::{at_risk, owed, report, retention, visits_per_week, AtRisk, Day, Owed, Period, PeriodChoice, Prepared, Report};
use crate::domain::Country;
use crate::store::dash::load_dash;
use crate::store::Store;

/// How many customers slipping away are listed by name (each costs one read for the name).
const AT_RISK_SHOWN: usize = 20;

/// The top fifth, as the texts say it.
const TOP_SHARE: f64 = 20.0;

/// Everything read when the screen opens.
#[derive(Clone)]
struct Loaded {
    prepared: Arc<Prepared>,
    today: Day,
    owed: Owed,
    /// The churn window (Settings → Dashboard), read when the screen opens.
    churn: u32,
    /// Every customer slipping away, most valuable first ("Send we miss you" takes them all).
    slipping: Vec<crate::domain::CustomerId>,
    /// Birthdays this week and each tier's customers now (issue 12's counts).
    people: super::dashboard_people::People,
}

/// A text with its `{name}` places filled in.
pub(super) fn filled(locale: Locale, pick: fn(Locale) -> &'static str, values: &[(&str, String)]) -> String {
    let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    fill(pick(locale), &values)
}

/// "1 Mar" in the language.
fn short_date(numbers: &Numbers, day: Day) -> String {
    use chrono::Datelike;
    let date = date_of(day);
    numbers.short_date(date.year(), date.month(), date.day())
}

/// The screen.
#[component]
pub fn DashboardScreen() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let numbers = super::numbers::use_numbers();
    let loaded = RwSignal::new(None::<Loaded>);
    let error = RwSignal::new(None::<UiError>);
    let names = RwSignal::new(Vec::<(AtRisk, String)>::new());
    let choice = RwSignal::new(PeriodChoice::ThisMonth);
    let (custom_from, custom_to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));

    if let Some(store) = shell.store() {
        let (country, stamps_per_reward, tiers) = shell
            .counter
            .with_untracked(|counter| counter.as_ref().map(|counter| (counter.shop().profile.country, counter.shop().program.stamps_per_reward, counter.perks().tiers.clone())))
            .unwrap_or((Country::India, 10, Vec::new()));
        spawn_local(async move {
            crate::perf::mark("dashboard-read-start");
            let read = async { Ok::<_, crate::store::StoreError>((load_dash(&*store).await?.0, store.dashboard_value().await?)) }.await;
            let (facts, settings) = match read {
                Ok(read) => read,
                Err(failed) => {
                    error.try_set(Some(failed.into()));
                    return;
                }
            };
            let churn = DashSettings::read(settings.as_deref()).churn_days;
            let offset = offset_minutes(country);
            let prepared = Arc::new(Prepared::new(&facts, offset));
            let today = day_of_minutes(chrono::Utc::now().timestamp_millis().div_euclid(60_000), offset);
            let owed = owed(&prepared, stamps_per_reward);
            let everyone_slipping = at_risk(&prepared, today);
            let people = super::dashboard_people::People::of(&prepared, &tiers, stamps_per_reward, today, offset);
            let slipping: Vec<AtRisk> = everyone_slipping.iter().take(AT_RISK_SHOWN).copied().collect();
            loaded.try_set(Some(Loaded { prepared, today, owed, churn, slipping: everyone_slipping.iter().map(|customer| customer.customer).collect(), people }));
            crate::perf::mark("dashboard-shown");
            let mut named = Vec::with_capacity(slipping.len());
            for customer in slipping {
                let name = store.customer_name(customer.customer).await.ok().flatten().unwrap_or_default();
                named.push((customer, name));
            }
            names.try_set(named);
        });
    }

    // The chosen period and the one before it.
    let periods = move || {
        let today = loaded.with(|loaded| loaded.as_ref().map(|loaded| loaded.today))?;
        let choice = match choice.get() {
            PeriodChoice::Custom(..) => {
                let from = crate::domain::iso_date::parse(&custom_from.get()).map(day_of_date)?;
                let to = crate::domain::iso_date::parse(&custom_to.get()).map(day_of_date)?;
                PeriodChoice::Custom(from, to)
            }
            other => other,
        };
        Some(choice.periods(today))
    };
    let figures = Memo::new(move |_| {
        let (period, previous) = periods()?;
        loaded.with(|loaded| loaded.as_ref().map(|loaded| (report(&loaded.prepared, period, loaded.churn), report(&loaded.prepared, previous, loaded.churn))))
    });

    let choose = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        choice.set(match value.as_str() {
            "last_month" => PeriodChoice::LastMonth,
            "quarter" => PeriodChoice::Quarter,
            "year" => PeriodChoice::Year,
            "custom" => PeriodChoice::Custom(0, 0),
            _ => PeriodChoice::ThisMonth,
        });
    };
    let is_custom = move || matches!(choice.get(), PeriodChoice::Custom(..));

    let body = move || {
        let Some((now, before)) = figures.get() else {
            return if loaded.with(Option::is_none) && error.with(Option::is_none) {
                view! { <p class="loading" aria-busy="true">{text(i18n, |l| td_string!(l, dash_preparing))}</p> }.into_any()
            } else {
                ().into_any()
            };
        };
        let locale = i18n.get_locale();
        let numbers = numbers.get();
        let Some(loaded) = loaded.get() else { return ().into_any() };
        let churn = loaded.churn;
        figures_view(locale, &numbers, &now, &before, &loaded, churn, names).into_any()
    };

    view! {
        <section class="dashboard">
            <h1>{text(i18n, |l| td_string!(l, dash_title))}</h1>
            <p><a class="button" href=super::route::Route::Segments.to_hash()>{text(i18n, |l| td_string!(l, seg_title))}</a></p>
            <div class="period">
                <label class="field">
                    <span>{text(i18n, |l| td_string!(l, dash_period))}</span>
                    <select on:change=choose data-testid="dash-period">
                        <option value="this_month">{text(i18n, |l| td_string!(l, dash_this_month))}</option>
                        <option value="last_month">{text(i18n, |l| td_string!(l, dash_last_month))}</option>
                        <option value="quarter">{text(i18n, |l| td_string!(l, dash_quarter))}</option>
                        <option value="year">{text(i18n, |l| td_string!(l, dash_year))}</option>
                        <option value="custom">{text(i18n, |l| td_string!(l, dash_custom))}</option>
                    </select>
                </label>
                <Show when=is_custom>
                    <label class="field">
                        <span>{text(i18n, |l| td_string!(l, dash_from))}</span>
                        <input type="date" on:change=move |event| custom_from.set(event_target_value(&event))/>
                    </label>
                    <label class="field">
                        <span>{text(i18n, |l| td_string!(l, dash_to))}</span>
                        <input type="date" on:change=move |event| custom_to.set(event_target_value(&event))/>
                    </label>
                </Show>
            </div>
            {move || error.get().map(|error| view! { <div class="alert" role="alert"><ErrorText error/></div> })}
            {body}
        </section>
    }
}

/// One figure: its name, its value, one line saying what it is, and the previous period's.
pub(super) fn figure(test_id: &'static str, title: String, value: String, explain: Vec<String>, previous: Option<String>) -> impl IntoView {
    view! {
        <li class="figure" data-testid=test_id>
            <h2>{title}</h2>
            <p class="value" data-testid=format!("{test_id}-value")>{value}</p>
            {explain.into_iter().map(|line| view! { <p class="explain">{line}</p> }).collect_view()}
            {previous.map(|previous| view! { <p class="previous">{previous}</p> })}
        </li>
    }
}

fn figures_view(locale: Locale, numbers: &Numbers, now: &Report, before: &Report, loaded: &Loaded, churn: u32, names: RwSignal<Vec<(AtRisk, String)>>) -> impl IntoView {
    let none = td_string!(locale, dash_none).to_owned();
    let percent = |value: Option<f64>| value.map_or_else(|| none.clone(), |value| numbers.percent(value));
    let decimal = |value: Option<f64>| value.map_or_else(|| none.clone(), |value| numbers.decimal(value));
    let previous = |value: String| Some(filled(locale, |l| td_string!(l, dash_previous), &[("value", value)]));
    let int = |value: u64| numbers.int(value as f64);
    let days = numbers.int(churn);
    let money = |value: Option<i64>| value.map_or_else(|| none.clone(), |value| numbers.money(crate::domain::Money(value.max(0) as u64)));
    let top = numbers.percent(TOP_SHARE);

    let retention_lines = vec![
        td_string!(locale, dash_retention_formula).to_owned(),
        filled(locale, |l| td_string!(l, dash_s_line), &[("n", int(now.retention.start_active.into())), ("days", days.clone())]),
        filled(locale, |l| td_string!(l, dash_n_line), &[("n", int(now.retention.new.into()))]),
        filled(locale, |l| td_string!(l, dash_e_line), &[("n", int(now.retention.end_active.into())), ("days", days.clone())]),
        filled(locale, |l| td_string!(l, dash_reference), &[("ref", numbers.percent(RETENTION_REFERENCE))]),
    ];
    let top_value = filled(locale, |l| td_string!(l, dash_top_visits), &[("top", top.clone()), ("pct", percent(now.top_by_visits.percent()))]);
    let mut top_lines = vec![filled(locale, |l| td_string!(l, dash_top_line), &[("n", int(now.top_by_visits.customers.into())), ("of", int(now.top_by_visits.of.into()))])];
    if now.top_by_spend.of > 0 {
        top_lines.push(filled(locale, |l| td_string!(l, dash_top_spend), &[("top", top.clone()), ("pct", percent(now.top_by_spend.percent()))]));
    }
    // How fast complaints are resolved, once some were in this period.
    let complaints_lines: Vec<String> = now
        .median_resolve_hours()
        .map(|hours| filled(locale, |l| td_string!(l, dash_complaints_line), &[("n", int(now.resolve_minutes.len() as u64)), ("hours", numbers.decimal(hours))]))
        .into_iter()
        .collect();
    let items = view! {
        {figure("dash-retention", td_string!(locale, dash_retention).to_owned(), percent(now.retention.rate()), retention_lines, previous(percent(before.retention.rate())))}
        {figure("dash-repeat", td_string!(locale, dash_repeat).to_owned(), percent(now.repeat_rate()), vec![filled(locale, |l| td_string!(l, dash_repeat_line), &[("n", int(now.visitors.into()))])], previous(percent(before.repeat_rate())))}
        {figure("dash-visits", td_string!(locale, dash_visits_each).to_owned(), decimal(now.visits_per_customer()), vec![filled(locale, |l| td_string!(l, dash_visits_each_line), &[("visits", int(now.visits.into())), ("n", int(now.visitors.into()))])], previous(decimal(before.visits_per_customer())))}
        {figure("dash-gap", td_string!(locale, dash_gap).to_owned(), decimal(now.median_days_between), vec![td_string!(locale, dash_gap_line).to_owned()], previous(decimal(before.median_days_between)))}
        {figure("dash-new", td_string!(locale, dash_new_visits).to_owned(), filled(locale, |l| td_string!(l, dash_new_visits_value), &[("new", int(now.new_visits.into())), ("returning", int(now.returning_visits().into()))]), vec![td_string!(locale, dash_new_visits_line).to_owned()], None)}
        {figure("dash-bill", td_string!(locale, dash_bill).to_owned(), money(now.average_bill()), vec![filled(locale, |l| td_string!(l, dash_bill_line), &[("n", int(now.bills.into()))])], previous(money(before.average_bill())))}
        {figure("dash-top", td_string!(locale, dash_top).to_owned(), top_value, top_lines, None)}
        {figure("dash-stamps", td_string!(locale, dash_stamps).to_owned(), filled(locale, |l| td_string!(l, dash_stamps_value), &[("given", int(now.stamps_given)), ("redeemed", int(now.rewards_redeemed.into()))]), vec![], None)}
        {figure("dash-owed", td_string!(locale, dash_owed).to_owned(), int(loaded.owed.rewards_owed), vec![td_string!(locale, dash_owed_line).to_owned()], None)}
        {figure("dash-rating", td_string!(locale, dash_rating).to_owned(), decimal(now.rating_average()), vec![filled(locale, |l| td_string!(l, dash_rating_line), &[("n", int(now.ratings.iter().sum::<u32>().into()))])], previous(decimal(before.rating_average())))}
        {figure("dash-complaints", td_string!(locale, dash_complaints).to_owned(), int(loaded.owed.open_complaints.into()), complaints_lines, None)}
    };
    let charts = charts_view(locale, numbers, now, loaded, churn);
    let at_risk_line = filled(locale, |l| td_string!(l, dash_at_risk_line), &[("min", numbers.int(AT_RISK_MIN_DAYS))]);
    let numbers_for_rows = numbers.clone();
    let at_risk_rows = move || {
        let numbers = numbers_for_rows.clone();
        let list = names.get();
        if list.is_empty() {
            return view! { <p>{td_string!(locale, dash_at_risk_none)}</p> }.into_any();
        }
        let rows = list
            .into_iter()
            .map(|(customer, name)| {
                let line = filled(locale, |l| td_string!(l, dash_at_risk_row), &[("ago", numbers.days_ago(i64::from(customer.gone_days))), ("days", numbers.int(customer.usual_days))]);
                view! { <li data-testid="dash-at-risk-row"><strong>{name}</strong>" — "{line}</li> }
            })
            .collect_view();
        view! { <ol class="at-risk">{rows}</ol> }.into_any()
    };
    let people = super::dashboard_people::people_figures(locale, numbers, &loaded.people);
    let people_chart = super::dashboard_people::tiers_chart(locale, numbers, &loaded.people);
    let slipping = loaded.slipping.clone();
    view! {
        <ul class="figures">{items}{people}</ul>
        <h2>{td_string!(locale, dash_at_risk)}</h2>
        <p class="explain">{at_risk_line}</p>
        {at_risk_rows}
        // One tap puts every customer slipping away in the queue (issue 12).
        <super::we_miss_you::SendWeMissYou customers=slipping/>
        <div class="charts">{charts}{people_chart}</div>
    }
}

fn charts_view(locale: Locale, numbers: &Numbers, now: &Report, loaded: &Loaded, churn: u32) -> impl IntoView {
    let table = td_string!(locale, dash_table).to_owned();
    let weeks: Vec<Bar> = visits_per_week(&loaded.prepared, now.period)
        .into_iter()
        .map(|(monday, visits)| Bar { label: short_date(numbers, monday), value: f64::from(visits), shown: numbers.int(visits) })
        .collect();
    // Retention of each of the last twelve calendar months (this one so far).
    let months: Vec<Bar> = (0..12)
        .rev()
        .map(|back| {
            use chrono::Datelike;
            let today = date_of(loaded.today);
            let first = today.with_day(1).unwrap_or(today).checked_sub_months(chrono::Months::new(back)).unwrap_or(today);
            let next = first.checked_add_months(chrono::Months::new(1)).unwrap_or(first);
            let period = Period { start: day_of_date(first), end: (day_of_date(next) - 1).min(loaded.today) };
            let rate = retention(&loaded.prepared, period, churn).rate();
            let label = numbers.short_month(first.year(), first.month());
            Bar { label, value: rate.unwrap_or(0.0).max(0.0), shown: rate.map_or_else(|| td_string!(locale, dash_none).to_owned(), |rate| numbers.percent(rate)) }
        })
        .collect();
    let ratings: Vec<Bar> = now.ratings.iter().zip(1..).map(|(count, stars)| Bar { label: "★".repeat(stars), value: f64::from(*count), shown: numbers.int(*count) }).collect();
    let top = numbers.percent(TOP_SHARE);
    let share = vec![
        Bar { label: filled(locale, |l| td_string!(l, dash_top_group), &[("top", top.clone())]), value: now.top_by_visits.top as f64, shown: numbers.int(now.top_by_visits.top as f64) },
        Bar { label: td_string!(locale, dash_rest_group).to_owned(), value: (now.top_by_visits.total - now.top_by_visits.top) as f64, shown: numbers.int((now.top_by_visits.total - now.top_by_visits.top) as f64) },
    ];
    let visits_heading = td_string!(locale, dash_col_visits).to_owned();
    view! {
        <BarChart title=td_string!(locale, dash_chart_visits).to_owned() bars=weeks label_heading=td_string!(locale, dash_col_week).to_owned() value_heading=visits_heading.clone() table_label=table.clone()/>
        <BarChart title=td_string!(locale, dash_chart_retention).to_owned() bars=months reference=(RETENTION_REFERENCE, numbers.percent(RETENTION_REFERENCE)) label_heading=td_string!(locale, dash_col_month).to_owned() value_heading=td_string!(locale, dash_col_rate).to_owned() table_label=table.clone()/>
        <BarChart title=td_string!(locale, dash_chart_ratings).to_owned() bars=ratings label_heading=td_string!(locale, dash_col_stars).to_owned() value_heading=td_string!(locale, dash_col_count).to_owned() table_label=table.clone()/>
        <BarChart title=filled(locale, |l| td_string!(l, dash_chart_top), &[("top", top)]) bars=share label_heading=td_string!(locale, dash_col_group).to_owned() value_heading=visits_heading table_label=table/>
    }
}
