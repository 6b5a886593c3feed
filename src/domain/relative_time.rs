//! "Today", "yesterday", "3 days ago": how long ago something was, in calendar days of the
//! shop's time zone. The words are the UI's; this only counts.

use chrono::{DateTime, FixedOffset, Utc};

/// How long ago, in the units a person reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ago {
    /// The same calendar day.
    Today,
    /// The calendar day before.
    Yesterday,
    /// Two or more days.
    Days(i64),
}

/// Calendar days between `then` and `now` at a UTC offset in minutes (India +330, Bangladesh
/// +360). A time in the future counts as today.
pub fn ago(then: DateTime<Utc>, now: DateTime<Utc>, utc_offset_minutes: i32) -> Ago {
    let offset = FixedOffset::east_opt(utc_offset_minutes * 60).unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    let days = (now.with_timezone(&offset).date_naive() - then.with_timezone(&offset).date_naive()).num_days();
    match days {
        i64::MIN..=0 => Ago::Today,
        1 => Ago::Yesterday,
        days => Ago::Days(days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn counts_calendar_days_in_the_shops_time_zone() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 4, 0, 0).unwrap(); // 09:30 in India
        let late_last_night = Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap(); // 22:30 in India
        assert_eq!(ago(late_last_night, now, 330), Ago::Yesterday);
        assert_eq!(ago(now, now, 330), Ago::Today);
        let three_days = Utc.with_ymd_and_hms(2026, 11, 20, 4, 0, 0).unwrap();
        assert_eq!(ago(three_days, now, 330), Ago::Days(3));
    }
}
