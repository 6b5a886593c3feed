//! Days in the shop's time zone and the dashboard's periods.

use chrono::{Datelike, NaiveDate};

use super::facts::SLOT_MINUTES;
use crate::domain::Country;

/// A day, counted from 1970-01-01 in the shop's own time zone.
pub type Day = i32;

/// The shop's offset from UTC in minutes: days start at the shop's midnight.
pub fn offset_minutes(country: Country) -> i64 {
    match country {
        Country::India => 330,
        Country::Bangladesh => 360,
    }
}

/// The shop's day of a half-hour slot.
pub fn day_of_slot(slot: i64, offset_minutes: i64) -> Day {
    (slot * SLOT_MINUTES + offset_minutes).div_euclid(24 * 60) as Day
}

/// The shop's day of a time in minutes since the epoch.
pub fn day_of_minutes(minutes: i64, offset_minutes: i64) -> Day {
    (minutes + offset_minutes).div_euclid(24 * 60) as Day
}

/// The calendar date of a day.
pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + EPOCH_CE).unwrap_or_default()
}

/// The day of a calendar date.
pub fn day_of_date(date: NaiveDate) -> Day {
    date.num_days_from_ce() - EPOCH_CE
}

/// 1970-01-01 counted from the common era, as chrono counts.
const EPOCH_CE: i32 = 719_163;

/// Which period the owner chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodChoice {
    /// From the 1st of this month to today.
    ThisMonth,
    /// The whole of last month.
    LastMonth,
    /// From the start of this quarter (January, April, July, October) to today.
    Quarter,
    /// From the 1st of January to today.
    Year,
    /// Two days the owner typed, both included.
    Custom(Day, Day),
}

/// A run of whole days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// The first day.
    pub start: Day,
    /// The last day.
    pub end: Day,
}

impl Period {
    /// How many days it has.
    pub fn days(&self) -> i32 {
        (self.end - self.start + 1).max(0)
    }

    /// Whether a day falls in it.
    pub fn contains(&self, day: Day) -> bool {
        self.start <= day && day <= self.end
    }
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn months_back(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(chrono::Months::new(months)).unwrap_or(date)
}

impl PeriodChoice {
    /// The period, seen on `today`, and the one it is compared with: the month, quarter or
    /// year before (to the same day of it while the current one is still running), or for
    /// custom days the same number of days just before them.
    pub fn periods(&self, today: Day) -> (Period, Period) {
        let date = date_of(today);
        let month_start = first_of_month(date);
        let (start, end, previous_start, previous_end) = match *self {
            PeriodChoice::ThisMonth => {
                let previous_start = months_back(month_start, 1);
                (month_start, date, previous_start, months_back(date, 1).max(previous_start))
            }
            PeriodChoice::LastMonth => {
                let start = months_back(month_start, 1);
                let end = month_start.pred_opt().unwrap_or(month_start);
                let previous_start = months_back(month_start, 2);
                (start, end, previous_start, start.pred_opt().unwrap_or(start))
            }
            PeriodChoice::Quarter => {
                let start = months_back(month_start, date.month0() % 3);
                (start, date, months_back(start, 3), months_back(date, 3))
            }
            PeriodChoice::Year => {
                let start = date.with_ordinal(1).unwrap_or(date);
                (start, date, months_back(start, 12), months_back(date, 12))
            }
            PeriodChoice::Custom(first, last) => {
                let (first, last) = (first.min(last), first.max(last));
                let length = last - first + 1;
                return (Period { start: first, end: last }, Period { start: first - length, end: first - 1 });
            }
        };
        (Period { start: day_of_date(start), end: day_of_date(end) }, Period { start: day_of_date(previous_start), end: day_of_date(previous_end) })
    }
}
