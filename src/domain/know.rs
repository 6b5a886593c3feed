//! "Know the customer": what the shop notes about a customer beyond name and phone (how to
//! address them, an anniversary, what they usually buy, the shop's tags) and what the counter
//! shows at a glance from their record (visits, spend, usual interval between visits).
//!
//! Everything here is read from the customer's bounded record; nothing scans the log, so opening
//! a customer stays as fast as before at any number of customers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::customer::Customer;
use super::money::Money;

/// The longest "Call them" and "Usually buys" texts, in characters.
pub const MAX_EXTRA_CHARS: usize = 80;
/// The most tags one customer carries.
pub const MAX_CUSTOMER_TAGS: usize = 12;
/// How many of a customer's latest visit times the record keeps: enough for the largest tier
/// (see `perks::MAX_TIER_VISITS`) and for the usual interval between visits.
pub const VISITS_KEPT: usize = 50;

/// The profile's additions for "know the customer". Stored inside the profile (so it is
/// last-writer-wins with it) as one object that is left out while empty: profiles and events
/// written before it decode with all of it empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileExtras {
    /// How the shop addresses the customer ("Sharma ji", "Asha didi"); empty: the first name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub call_as: String,
    /// Wedding anniversary, when the customer shared it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::iso_date::optional")]
    pub anniversary: Option<NaiveDate>,
    /// What the customer usually buys ("cutting chai, 2 Parle-G").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub usually_buys: String,
    /// The shop's tags (ids from the shop's list, see `perks::Tag`), sorted, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<u16>,
    /// When the birthday was entered or last changed: a birthday reward is refused for 30 days
    /// after (see `birthday.rs`). Set by the planner, so the rule is a function of the events.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "chrono::serde::ts_milliseconds_option")]
    pub birthday_set: Option<DateTime<Utc>>,
}

impl ProfileExtras {
    /// Whether nothing is noted (the profile then stores no `extras` object).
    pub fn is_empty(&self) -> bool {
        *self == ProfileExtras::default()
    }

    /// Trims what was typed and checks the lengths; tags are sorted and kept once.
    pub fn cleaned(mut self) -> Result<ProfileExtras, super::error::DomainError> {
        self.call_as = self.call_as.trim().to_owned();
        self.usually_buys = self.usually_buys.trim().to_owned();
        if self.call_as.chars().count() > MAX_EXTRA_CHARS || self.usually_buys.chars().count() > MAX_EXTRA_CHARS {
            return Err(super::error::DomainError::NotesTooLong { max: MAX_EXTRA_CHARS });
        }
        // Sorted by insertion (a dozen tags at most) rather than a sort of its own type.
        let mut tags: Vec<u16> = Vec::with_capacity(self.tags.len());
        for tag in self.tags {
            let position = tags.partition_point(|kept| *kept < tag);
            if tags.get(position) != Some(&tag) {
                tags.insert(position, tag);
            }
        }
        tags.truncate(MAX_CUSTOMER_TAGS);
        self.tags = tags;
        Ok(self)
    }
}

/// Notes when the birthday was entered or changed: `now` when it differs from the `previous`
/// profile's (a new customer's counts as entered), else the time already noted.
pub fn time_birthday(profile: &mut super::customer::CustomerProfile, previous: Option<&super::customer::CustomerProfile>, now: DateTime<Utc>) {
    profile.extras.birthday_set = match previous {
        Some(previous) if previous.birthday == profile.birthday => previous.extras.birthday_set,
        _ => profile.birthday.map(|_| now),
    };
}

/// The first word of a name ("Asha" of "Asha Verma", "आशा" of "आशा वर्मा").
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or("")
}

/// How the shop greets the customer: the "Call them" text as typed, or the first name (to which
/// the greeting adds the language's respectful word, "ji" in Hindi and English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    /// The shop's own form of address, used as typed.
    Called(String),
    /// The first name.
    FirstName(String),
}

/// The form of address for a customer's greeting line.
pub fn address(customer: &Customer) -> Address {
    let Some(profile) = &customer.profile else { return Address::FirstName(String::new()) };
    if profile.extras.call_as.is_empty() {
        Address::FirstName(first_name(&profile.name).to_owned())
    } else {
        Address::Called(profile.extras.call_as.clone())
    }
}

/// What the customer screen shows at a glance, all from the record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Glance {
    /// Visits (stamped, not undone).
    pub visits: u32,
    /// Sum of the bills entered with stamps (per-amount shops); zero where none were entered.
    pub spend: Money,
    /// The latest visit.
    pub last_visit: Option<DateTime<Utc>>,
    /// The usual number of days between visits (the median gap of the latest visits), once
    /// there are three visits.
    pub usual_interval_days: Option<u32>,
}

/// The customer at a glance.
pub fn glance(customer: &Customer) -> Glance {
    let totals = customer.visit_totals();
    Glance {
        visits: totals.visits,
        spend: totals.bill_total,
        last_visit: totals.last_visit,
        usual_interval_days: usual_interval_days(&totals.visit_times),
    }
}

/// The median gap in whole days (at least 1) between consecutive visits, newest first in
/// `times`; `None` below three visits, where one gap says little.
pub fn usual_interval_days(times: &[DateTime<Utc>]) -> Option<u32> {
    if times.len() < 3 {
        return None;
    }
    let gaps: Vec<i64> = times.windows(2).map(|pair| (pair[0] - pair[1]).num_minutes().abs()).collect();
    // The median by counting (at most 49 gaps) rather than sorting: a sort costs the counter's
    // wasm kilobytes. The gap with as many gaps below it as half their number.
    let half = gaps.len() / 2;
    let median = gaps.iter().copied().find(|gap| gaps.iter().filter(|other| *other < gap).count() <= half && gaps.iter().filter(|other| *other <= gap).count() > half)?;
    let days = (median as f64 / (24.0 * 60.0)).round() as i64;
    Some(days.clamp(1, i64::from(u32::MAX)) as u32)
}

/// Puts a visit time into a list of the latest visits (newest first, at most [`VISITS_KEPT`]).
/// The result is the same multiset whatever order times are added in.
pub fn keep_visit(times: &mut Vec<DateTime<Utc>>, at: DateTime<Utc>) {
    let position = times.partition_point(|kept| *kept >= at);
    if position < VISITS_KEPT {
        times.insert(position, at);
        times.truncate(VISITS_KEPT);
    }
}

/// How many of `times` are later than `now` minus `days` days.
pub fn visits_within(times: &[DateTime<Utc>], now: DateTime<Utc>, days: u32) -> u32 {
    let since = now - chrono::Duration::days(i64::from(days));
    times.iter().take_while(|at| **at > since).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(n: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0).unwrap() + chrono::Duration::days(n)
    }

    #[test]
    fn first_names_in_every_script() {
        assert_eq!(first_name("  Asha Verma "), "Asha");
        assert_eq!(first_name("आशा वर्मा"), "आशा");
        assert_eq!(first_name(""), "");
    }

    #[test]
    fn the_usual_interval_is_the_median_gap() {
        let times: Vec<_> = [30, 26, 22, 21, 17].into_iter().map(day).collect();
        assert_eq!(usual_interval_days(&times), Some(4));
        assert_eq!(usual_interval_days(&times[..2]), None);
    }

    #[test]
    fn kept_visits_are_the_latest_whatever_the_order() {
        let mut forward = Vec::new();
        let mut backward = Vec::new();
        for n in 0..(VISITS_KEPT as i64 + 10) {
            keep_visit(&mut forward, day(n));
            keep_visit(&mut backward, day(VISITS_KEPT as i64 + 9 - n));
        }
        assert_eq!(forward, backward);
        assert_eq!(forward.len(), VISITS_KEPT);
        assert_eq!(forward[0], day(VISITS_KEPT as i64 + 9));
        assert_eq!(visits_within(&forward, day(VISITS_KEPT as i64 + 9), 3), 3);
    }

    #[test]
    fn extras_are_trimmed_and_tags_kept_once() {
        let extras = ProfileExtras { call_as: " Sharma ji ".into(), tags: vec![3, 1, 3], ..ProfileExtras::default() }.cleaned().unwrap();
        assert_eq!(extras.call_as, "Sharma ji");
        assert_eq!(extras.tags, vec![1, 3]);
        assert!(ProfileExtras { usually_buys: "x".repeat(81), ..ProfileExtras::default() }.cleaned().is_err());
    }
}
