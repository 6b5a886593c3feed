//! Segments (issue 12): which customers match a filter of last visit, visits, spend, tier, tags,
//! birthday month, reward ready and consent. The filter is a plain value ([`Segment`]) checked
//! against a [`Row`], the few numbers it looks at. Rows come from the dashboard's facts
//! ([`rows`], no customer record read, so a segment of 100 000 customers is counted in
//! milliseconds) or from one customer's record ([`Row::of_record`], what a campaign's audience
//! checks, `messages::Audience::Segment`): one filter, whichever side asks.
//!
//! Days are the shop's calendar days: "not seen for 30 days" means the latest visit was 30 or
//! more of the shop's days before today.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::period::{date_of, day_of_minutes, Day};
use super::report::{Prepared, PreparedCustomer};
use crate::domain::customer::Customer;
use crate::domain::perks::Tier;
use crate::domain::CustomerId;

/// A filter of customers. Every condition set must hold; an empty segment is everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Segment {
    /// Latest visit at least this many days ago (customers who never came do not match).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_seen_for: Option<u32>,
    /// Latest visit at most this many days ago.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seen_within: Option<u32>,
    /// At least this many visits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_visits: Option<u32>,
    /// At most this many visits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_visits: Option<u32>,
    /// Spent at least this much (minor units, bills entered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_spend: Option<i64>,
    /// Spent at most this much.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_spend: Option<i64>,
    /// In the tier of each of these names now (the screen sets one; two different names match
    /// no one, which is what asking for both means).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<String>,
    /// Has every one of these tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<u16>,
    /// Birthday in the current month.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub birthday_this_month: bool,
    /// A reward ready on their card.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reward_ready: bool,
    /// Agreed to offers and greetings.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub consent: bool,
}

/// What a segment looks at of one customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// Who.
    pub customer: CustomerId,
    /// The day of their latest visit.
    pub last_visit: Option<Day>,
    /// Visits ever.
    pub visits: u32,
    /// Bills entered, summed (minor units).
    pub spend: i64,
    /// Their tier now, by its place in the shop's list.
    pub tier: Option<usize>,
    /// Their tags.
    pub tags: &'a [u16],
    /// Their birthday's month and day.
    pub birthday: Option<(u8, u8)>,
    /// Rewards ready.
    pub rewards_ready: u32,
    /// Agreed to offers and greetings.
    pub consent: bool,
}

/// What a segment needs of the shop and of today.
#[derive(Clone, Copy, Debug)]
pub struct Shape<'a> {
    /// The shop's tiers.
    pub tiers: &'a [Tier],
    /// The program's stamps per reward (rewards ready are resolved with it).
    pub stamps_per_reward: u32,
    /// The shop's day today.
    pub today: Day,
    /// The shop's offset from UTC in minutes.
    pub offset: i64,
}

/// The tier reached with `visits_from(first day)` visits from a day to today: the highest, as
/// `Perks::standing` ranks them (more visits asked, then a longer period, then the later in the
/// list). Counted in the shop's days rather than to the minute, so the facts (kept in half-hour
/// slots) and a record give the same answer; a tier can differ from the customer screen's badge
/// for a few hours at the edge of its period.
pub fn tier_of(tiers: &[Tier], today: Day, visits_from: impl Fn(Day) -> u32) -> Option<usize> {
    (0..tiers.len())
        .filter(|&index| {
            let tier = &tiers[index];
            tier.days > 0 && visits_from(today - tier.days.min(100_000) as Day + 1) >= tier.visits
        })
        .max_by_key(|&index| (tiers[index].visits, tiers[index].days, index))
}

impl<'a> Row<'a> {
    /// The row of a customer of the prepared facts.
    pub fn of_prepared(customer: &'a PreparedCustomer, shape: &Shape) -> Row<'a> {
        let visits = &customer.visits;
        Row {
            customer: customer.id,
            last_visit: visits.last().map(|(day, _)| *day),
            visits: visits.len() as u32,
            spend: customer.spend(),
            tier: tier_of(shape.tiers, shape.today, |from| (visits.len() - visits.partition_point(|(day, _)| *day < from)) as u32),
            tags: &customer.traits.tags,
            birthday: customer.traits.birthday,
            rewards_ready: customer.cards.resolve(shape.stamps_per_reward).rewards_ready,
            consent: customer.traits.consent,
        }
    }

    /// The row of a customer's record (what a campaign's audience checks).
    pub fn of_record(record: &'a Customer, shape: &Shape) -> Row<'a> {
        let totals = record.visit_totals();
        let day = |at: DateTime<Utc>| day_of_minutes(at.timestamp_millis().div_euclid(60_000), shape.offset);
        // The latest visits, newest first.
        let days: Vec<Day> = totals.visit_times.iter().map(|at| day(*at)).collect();
        let profile = record.profile.as_ref();
        Row {
            customer: record.id,
            last_visit: totals.last_visit.map(day),
            visits: totals.visits,
            spend: i64::try_from(totals.bill_total.0).unwrap_or(i64::MAX),
            tier: tier_of(shape.tiers, shape.today, |from| days.iter().take_while(|day| **day >= from).count() as u32),
            tags: profile.map_or(&[], |profile| profile.extras.tags.as_slice()),
            birthday: profile.and_then(|profile| profile.birthday).map(|date| (date.month() as u8, date.day() as u8)),
            rewards_ready: record.summary(shape.stamps_per_reward).rewards_ready,
            consent: record.messaging.agreed(),
        }
    }
}

impl Segment {
    /// Whether the customer matches every condition.
    pub fn matches(&self, row: &Row, shape: &Shape) -> bool {
        let gone = row.last_visit.map(|last| i64::from(shape.today) - i64::from(last));
        let this_month = date_of(shape.today).month() as u8;
        self.not_seen_for.is_none_or(|days| gone.is_some_and(|gone| gone >= i64::from(days)))
            && self.seen_within.is_none_or(|days| gone.is_some_and(|gone| gone <= i64::from(days)))
            && self.min_visits.is_none_or(|min| row.visits >= min)
            && self.max_visits.is_none_or(|max| row.visits <= max)
            && self.min_spend.is_none_or(|min| row.spend >= min)
            && self.max_spend.is_none_or(|max| row.spend <= max)
            && self.tiers.iter().all(|name| row.tier.and_then(|index| shape.tiers.get(index)).is_some_and(|tier| tier.name == *name))
            && self.tags.iter().all(|tag| row.tags.contains(tag))
            && (!self.birthday_this_month || row.birthday.is_some_and(|(month, _)| month == this_month))
            && (!self.reward_ready || row.rewards_ready > 0)
            && (!self.consent || row.consent)
    }

    /// The segment of the customers matching both: each condition of both, the narrower bound
    /// where both set one.
    pub fn and(&self, other: &Segment) -> Segment {
        fn narrower<T: Ord + Copy>(a: Option<T>, b: Option<T>, pick: fn(T, T) -> T) -> Option<T> {
            match (a, b) {
                (Some(a), Some(b)) => Some(pick(a, b)),
                (a, b) => a.or(b),
            }
        }
        let mut tiers = self.tiers.clone();
        tiers.extend(other.tiers.iter().filter(|name| !self.tiers.contains(name)).cloned());
        let mut tags = self.tags.clone();
        tags.extend(other.tags.iter().filter(|tag| !self.tags.contains(tag)));
        Segment {
            not_seen_for: narrower(self.not_seen_for, other.not_seen_for, Ord::max),
            seen_within: narrower(self.seen_within, other.seen_within, Ord::min),
            min_visits: narrower(self.min_visits, other.min_visits, Ord::max),
            max_visits: narrower(self.max_visits, other.max_visits, Ord::min),
            min_spend: narrower(self.min_spend, other.min_spend, Ord::max),
            max_spend: narrower(self.max_spend, other.max_spend, Ord::min),
            tiers,
            tags,
            birthday_this_month: self.birthday_this_month || other.birthday_this_month,
            reward_ready: self.reward_ready || other.reward_ready,
            consent: self.consent || other.consent,
        }
    }
}

/// One customer of a segment's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    /// Who.
    pub customer: CustomerId,
    /// Visits ever.
    pub visits: u32,
    /// Spend ever (minor units).
    pub spend: i64,
    /// Their latest visit.
    pub last_visit: Option<Day>,
}

/// The rows of every customer of the prepared facts (removed customers are not in them).
pub fn rows<'a>(prepared: &'a Prepared, shape: &'a Shape<'a>) -> impl Iterator<Item = Row<'a>> + 'a {
    prepared.customers.iter().map(move |customer| Row::of_prepared(customer, shape))
}

/// How many customers match, without listing them.
pub fn count(prepared: &Prepared, segment: &Segment, shape: &Shape) -> usize {
    rows(prepared, shape).filter(|row| segment.matches(row, shape)).count()
}

/// The customers who match, most valuable first: by spend, then visits, then the latest visit.
pub fn members(prepared: &Prepared, segment: &Segment, shape: &Shape) -> Vec<Member> {
    let mut list: Vec<Member> = rows(prepared, shape)
        .filter(|row| segment.matches(row, shape))
        .map(|row| Member { customer: row.customer, visits: row.visits, spend: row.spend, last_visit: row.last_visit })
        .collect();
    list.sort_by(|a, b| (b.spend, b.visits, b.last_visit, a.customer).cmp(&(a.spend, a.visits, a.last_visit, b.customer)));
    list
}

/// How many customers are in each tier now, in the shop's order of tiers.
pub fn tier_counts(prepared: &Prepared, shape: &Shape) -> Vec<u32> {
    let mut counts = vec![0u32; shape.tiers.len()];
    for row in rows(prepared, shape) {
        if let Some(index) = row.tier {
            counts[index] += 1;
        }
    }
    counts
}

/// How many birthdays fall from today to six days on (the week the messages' "Birthdays this
/// week" means).
pub fn birthdays_this_week(prepared: &Prepared, today: NaiveDate) -> u32 {
    prepared
        .customers
        .iter()
        .filter_map(|customer| customer.traits.birthday)
        // A leap year, so a birthday on 29 February is a date (`birthday::near` moves it).
        .filter_map(|(month, day)| NaiveDate::from_ymd_opt(2000, u32::from(month), u32::from(day)))
        .filter(|date| crate::domain::birthday::near(*date, today).is_some_and(|on| (0..=6).contains(&(on - today).num_days())))
        .count() as u32
}
