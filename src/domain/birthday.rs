//! Birthdays and anniversaries: the badge in the week of the date ("Birthday on Friday") and the
//! birthday reward, given by one tap, once a year, and refused while the date is new.
//!
//! Both are pure functions of the customer's record (itself the fold of their events), the
//! shop's extras, the shop's calendar day and `now`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::customer::Customer;
use super::event::EventKind;
use super::perks::BirthdayGift;

/// A badge shows, and the reward can be given, this many days before and after the date.
pub const WEEK_AROUND: i64 = 6;
/// A birthday entered or changed less than this many days ago earns no reward yet, so a date
/// cannot be typed in at the counter just to get one.
pub const NEW_DATE_DAYS: i64 = 30;

/// Which date a badge is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occasion {
    /// The customer's birthday.
    Birthday,
    /// Their wedding anniversary.
    Anniversary,
}

/// "Birthday on Friday": the occasion and this year's date of it, near today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Badge {
    /// Birthday or anniversary.
    pub occasion: Occasion,
    /// The date it falls on, within [`WEEK_AROUND`] days of today.
    pub on: NaiveDate,
    /// Days from today to it: 0 today, negative when it has passed.
    pub days: i64,
}

/// The date of a yearly `date` in `year` (29 February is kept on 28 February in other years).
fn in_year(date: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, date.month(), date.day()).or_else(|| NaiveDate::from_ymd_opt(year, date.month(), 28))
}

/// The date a yearly `date` falls on within [`WEEK_AROUND`] days of `today`, if it does.
pub fn near(date: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    [today.year() - 1, today.year(), today.year() + 1]
        .into_iter()
        .filter_map(|year| in_year(date, year))
        .find(|on| (*on - today).num_days().abs() <= WEEK_AROUND)
}

/// The badges to show today: the birthday's first, then the anniversary's.
pub fn badges(customer: &Customer, today: NaiveDate) -> Vec<Badge> {
    let Some(profile) = &customer.profile else { return Vec::new() };
    [(Occasion::Birthday, profile.birthday), (Occasion::Anniversary, profile.extras.anniversary)]
        .into_iter()
        .filter_map(|(occasion, date)| {
            let on = near(date?, today)?;
            Some(Badge { occasion, on, days: (on - today).num_days() })
        })
        .collect()
}

/// Why the birthday reward cannot be given now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum BirthdayRefusal {
    /// The shop gives no birthday reward (Settings).
    #[error("the shop gives no birthday reward")]
    NotOffered,
    /// The customer's birthday is not known.
    #[error("no birthday is noted for this customer")]
    NoBirthday,
    /// The birthday is not within a week of today.
    #[error("the birthday is not this week")]
    NotThisWeek,
    /// The reward for this year's birthday was given already.
    #[error("the birthday reward for {year} was given already")]
    AlreadyGiven {
        /// The birthday's year.
        year: i32,
    },
    /// The birthday was entered or changed recently.
    #[error("the birthday was entered {days_ago} days ago; a reward needs {NEW_DATE_DAYS} days")]
    DateTooNew {
        /// Days since it was entered or changed.
        days_ago: i64,
    },
}

/// The birthday reward's event for `customer`, or why not. `today` is the shop's calendar day;
/// `now` decides how long ago the date was entered. `card_size` is the program's, for stamps.
pub fn birthday_reward(
    customer: &Customer,
    gift: &BirthdayGift,
    card_size: u32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<EventKind, BirthdayRefusal> {
    let (stamps, reward) = match gift {
        BirthdayGift::None => return Err(BirthdayRefusal::NotOffered),
        BirthdayGift::Stamps { stamps } => (*stamps, None),
        BirthdayGift::Reward { reward } => (0, Some(reward.clone())),
    };
    let profile = customer.profile.as_ref().ok_or(BirthdayRefusal::NoBirthday)?;
    let birthday = profile.birthday.ok_or(BirthdayRefusal::NoBirthday)?;
    let on = near(birthday, today).ok_or(BirthdayRefusal::NotThisWeek)?;
    let year = on.year();
    if customer.birthday_rewarded.is_some_and(|given| given >= year) {
        return Err(BirthdayRefusal::AlreadyGiven { year });
    }
    // Profiles written before the date was timed: the latest profile change stands for it.
    let set = profile.extras.birthday_set.or_else(|| customer.profile_hlc.and_then(|hlc| DateTime::from_timestamp_millis(hlc.millis)));
    if let Some(set) = set {
        let age = now - set;
        if age < Duration::days(NEW_DATE_DAYS) {
            return Err(BirthdayRefusal::DateTooNew { days_ago: age.num_days().max(0) });
        }
    }
    Ok(EventKind::BirthdayRewarded { customer: customer.id, year, stamps, card_size: Some(card_size), reward })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_date_is_near_within_six_days_either_side_across_the_new_year() {
        let today = day(2026, 6, 10);
        assert_eq!(near(day(1990, 6, 12), today), Some(day(2026, 6, 12)));
        assert_eq!(near(day(1990, 6, 4), today), Some(day(2026, 6, 4)));
        assert_eq!(near(day(1990, 6, 17), today), None);
        assert_eq!(near(day(1990, 1, 2), day(2026, 12, 30)), Some(day(2027, 1, 2)));
        assert_eq!(near(day(1992, 2, 29), day(2027, 2, 26)), Some(day(2027, 2, 28)));
    }
}
