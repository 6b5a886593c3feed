//! The dashboard's figures for one period: pure functions of the facts, the period, the churn
//! window and today. `Prepared` turns the facts into days of the shop's time zone once, so
//! switching the period only walks plain arrays again.

use super::facts::{CustomerFacts, DashFacts, EntryKind};
use super::period::{day_of_minutes, day_of_slot, Day, Period};
use super::traits::Traits;
use crate::domain::cards::CardState;
use crate::domain::CustomerId;

/// The playbook's rule of thumb: a retention rate of 35 % or more is doing well. Shown as a
/// reference line, not a verdict.
pub const RETENTION_REFERENCE: f64 = 35.0;

/// The churn window when the shop set none: a customer with a visit in the last 90 days is
/// active.
pub const DEFAULT_CHURN_DAYS: u32 = 90;

/// A customer is at risk when gone for more than this many times their usual interval...
pub const AT_RISK_FACTOR: i32 = 2;

/// ...and for at least this many days.
pub const AT_RISK_MIN_DAYS: i32 = 14;

/// One customer as the figures need them: days in the shop's time zone, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedCustomer {
    /// Who.
    pub id: CustomerId,
    /// The day they joined.
    pub joined: Option<Day>,
    /// Days of the visits and their bills.
    pub visits: Vec<(Day, Option<i64>)>,
    /// Days of stamps given (visits and gifts) and how many.
    pub stamps: Vec<(Day, u32)>,
    /// Days of rewards redeemed.
    pub redemptions: Vec<Day>,
    /// Their cards now.
    pub cards: CardState,
    /// Their tags, birthday and consent (segments).
    pub traits: Traits,
}

impl PreparedCustomer {
    fn new(id: CustomerId, facts: &CustomerFacts, offset: i64) -> PreparedCustomer {
        let mut prepared = PreparedCustomer { id, joined: facts.joined.map(|slot| day_of_slot(slot, offset)), visits: Vec::new(), stamps: Vec::new(), redemptions: Vec::new(), cards: facts.cards, traits: facts.traits.clone() };
        for entry in &facts.entries {
            let day = day_of_slot(entry.slot, offset);
            match entry.kind {
                EntryKind::Visit { stamps, bill } => {
                    prepared.visits.push((day, bill));
                    prepared.stamps.push((day, stamps));
                }
                EntryKind::Gift { stamps } => prepared.stamps.push((day, stamps)),
                EntryKind::Redeemed => prepared.redemptions.push(day),
            }
        }
        prepared
    }

    /// Whether they visited (or joined) in the `churn_days` days ending on `day`.
    pub fn active_at(&self, day: Day, churn_days: u32) -> bool {
        let from = day - churn_days as i32 + 1;
        let visited = {
            // The latest visit on or before `day`: visits are sorted by day.
            let upto = self.visits.partition_point(|(visit, _)| *visit <= day);
            upto > 0 && self.visits[upto - 1].0 >= from
        };
        visited || self.joined.is_some_and(|joined| from <= joined && joined <= day)
    }

    /// The usual number of days between visits: the median gap, rounded, at least 1; `None`
    /// below three visits, as on the customer's screen (`know::usual_interval_days`).
    pub fn usual_interval(&self) -> Option<i32> {
        if self.visits.len() < 3 {
            return None;
        }
        let mut gaps: Vec<i64> = self.visits.windows(2).map(|pair| i64::from(pair[1].0 - pair[0].0)).collect();
        median(&mut gaps).map(|gap| (gap.round() as i32).max(1))
    }

    /// The sum of their bills.
    pub fn spend(&self) -> i64 {
        self.visits.iter().filter_map(|(_, bill)| *bill).sum()
    }
}

/// The facts in the shop's days, ready for any period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prepared {
    /// Every customer not removed.
    pub customers: Vec<PreparedCustomer>,
    /// Ratings by day: how many of 1 to 5.
    pub ratings: Vec<(Day, [u32; 5])>,
    /// Complaints: the day opened, and minutes to resolve once resolved.
    pub complaints: Vec<(Option<i64>, Option<i64>)>,
    /// The shop's offset from UTC, in minutes.
    pub offset: i64,
}

impl Prepared {
    /// Prepares the facts for a shop `offset` minutes ahead of UTC.
    pub fn new(facts: &DashFacts, offset: i64) -> Prepared {
        let customers = facts.customers.iter().filter(|(_, facts)| !facts.removed).map(|(id, facts)| PreparedCustomer::new(*id, facts, offset)).collect();
        let mut ratings: Vec<(Day, [u32; 5])> = Vec::new();
        for (slot, counts) in &facts.shop.ratings {
            let day = day_of_slot(*slot, offset);
            match ratings.last_mut() {
                Some((last, sum)) if *last == day => sum.iter_mut().zip(counts).for_each(|(sum, count)| *sum += count),
                _ => ratings.push((day, *counts)),
            }
        }
        let complaints = facts.shop.complaints.values().map(|times| (times.opened, times.resolved)).collect();
        Prepared { customers, ratings, complaints, offset }
    }
}

/// The playbook's retention rate and its three numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Retention {
    /// S: customers active at the start (on the day before the period).
    pub start_active: u32,
    /// N: customers who joined during the period.
    pub new: u32,
    /// E: customers active at the end of the period.
    pub end_active: u32,
}

impl Retention {
    /// ((E − N) ÷ S) × 100; `None` when no one was active at the start.
    pub fn rate(&self) -> Option<f64> {
        (self.start_active > 0).then(|| (f64::from(self.end_active) - f64::from(self.new)) / f64::from(self.start_active) * 100.0)
    }
}

/// The customers who make the top fifth and their share.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TopShare {
    /// How many customers make the top fifth (a fifth of those counted, rounded up).
    pub customers: u32,
    /// Of how many customers.
    pub of: u32,
    /// What the top fifth brought (visits, or spend in minor units).
    pub top: i64,
    /// What everyone brought.
    pub total: i64,
}

impl TopShare {
    /// Their share in per cent; `None` when nothing was brought.
    pub fn percent(&self) -> Option<f64> {
        (self.total > 0).then(|| self.top as f64 / self.total as f64 * 100.0)
    }

    fn of_amounts(mut amounts: Vec<i64>) -> TopShare {
        amounts.sort_unstable_by(|a, b| b.cmp(a));
        let of = amounts.len() as u32;
        let customers = of.div_ceil(5);
        TopShare { customers, of, top: amounts.iter().take(customers as usize).sum(), total: amounts.iter().sum() }
    }
}

/// Every figure of one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The period.
    pub period: Period,
    /// S, N and E.
    pub retention: Retention,
    /// Customers who visited in the period.
    pub visitors: u32,
    /// Of them, those who visited twice or more.
    pub repeat_visitors: u32,
    /// Visits in the period.
    pub visits: u32,
    /// Visits that were a customer's first ever.
    pub new_visits: u32,
    /// The median number of days between a visit in the period and the same customer's visit
    /// before it.
    pub median_days_between: Option<f64>,
    /// Visits with a bill entered, and the bills' sum in minor units.
    pub bills: u32,
    /// The sum of those bills.
    pub bill_total: i64,
    /// The top fifth by visits.
    pub top_by_visits: TopShare,
    /// The top fifth by spend, among customers whose bills were entered.
    pub top_by_spend: TopShare,
    /// Stamps given (visits and gifts) in the period.
    pub stamps_given: u64,
    /// Rewards redeemed in the period.
    pub rewards_redeemed: u32,
    /// Ratings given in the period: how many of 1 to 5.
    pub ratings: [u32; 5],
    /// Complaints opened in the period.
    pub complaints_opened: u32,
    /// Minutes each complaint resolved in the period took, sorted.
    pub resolve_minutes: Vec<i64>,
}

impl Report {
    /// Repeat customers as a share of the period's customers, in per cent.
    pub fn repeat_rate(&self) -> Option<f64> {
        (self.visitors > 0).then(|| f64::from(self.repeat_visitors) / f64::from(self.visitors) * 100.0)
    }

    /// Visits per customer who visited.
    pub fn visits_per_customer(&self) -> Option<f64> {
        (self.visitors > 0).then(|| f64::from(self.visits) / f64::from(self.visitors))
    }

    /// Visits of customers who had been before.
    pub fn returning_visits(&self) -> u32 {
        self.visits - self.new_visits
    }

    /// The average bill in minor units, rounded, where bills were entered.
    pub fn average_bill(&self) -> Option<i64> {
        (self.bills > 0).then(|| (self.bill_total as f64 / f64::from(self.bills)).round() as i64)
    }

    /// The average rating.
    pub fn rating_average(&self) -> Option<f64> {
        let count: u32 = self.ratings.iter().sum();
        let sum: u32 = self.ratings.iter().zip(1..).map(|(count, stars)| count * stars).sum();
        (count > 0).then(|| f64::from(sum) / f64::from(count))
    }

    /// The median time to resolve a complaint, in hours.
    pub fn median_resolve_hours(&self) -> Option<f64> {
        let mut minutes = self.resolve_minutes.clone();
        median(&mut minutes).map(|minutes| minutes / 60.0)
    }
}

/// The median of some numbers (the mean of the two middle ones for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[middle] as f64 } else { (values[middle - 1] + values[middle]) as f64 / 2.0 })
}

/// S, N and E for a period.
pub fn retention(prepared: &Prepared, period: Period, churn_days: u32) -> Retention {
    let mut retention = Retention { start_active: 0, new: 0, end_active: 0 };
    for customer in &prepared.customers {
        retention.start_active += u32::from(customer.active_at(period.start - 1, churn_days));
        retention.end_active += u32::from(customer.active_at(period.end, churn_days));
        retention.new += u32::from(customer.joined.is_some_and(|joined| period.contains(joined)));
    }
    retention
}

/// Every figure of a period.
pub fn report(prepared: &Prepared, period: Period, churn_days: u32) -> Report {
    let mut report = Report {
        period,
        retention: retention(prepared, period, churn_days),
        visitors: 0,
        repeat_visitors: 0,
        visits: 0,
        new_visits: 0,
        median_days_between: None,
        bills: 0,
        bill_total: 0,
        top_by_visits: TopShare::of_amounts(Vec::new()),
        top_by_spend: TopShare::of_amounts(Vec::new()),
        stamps_given: 0,
        rewards_redeemed: 0,
        ratings: [0; 5],
        complaints_opened: 0,
        resolve_minutes: Vec::new(),
    };
    let mut gaps: Vec<i64> = Vec::new();
    let mut visits_each: Vec<i64> = Vec::new();
    let mut spend_each: Vec<i64> = Vec::new();
    for customer in &prepared.customers {
        let first = customer.visits.partition_point(|(day, _)| *day < period.start);
        let last = customer.visits.partition_point(|(day, _)| *day <= period.end);
        let count = (last - first) as u32;
        if count > 0 {
            report.visitors += 1;
            report.repeat_visitors += u32::from(count >= 2);
            report.visits += count;
            report.new_visits += u32::from(first == 0);
            visits_each.push(i64::from(count));
            let (mut bills, mut spend) = (0, 0);
            for (index, (day, bill)) in customer.visits[first..last].iter().enumerate() {
                if index + first > 0 {
                    gaps.push(i64::from(day - customer.visits[index + first - 1].0));
                }
                if let Some(bill) = bill {
                    bills += 1;
                    spend += bill;
                }
            }
            report.bills += bills;
            report.bill_total += spend;
            if bills > 0 {
                spend_each.push(spend);
            }
        }
        report.stamps_given += customer.stamps.iter().filter(|(day, _)| period.contains(*day)).map(|(_, stamps)| u64::from(*stamps)).sum::<u64>();
        report.rewards_redeemed += customer.redemptions.iter().filter(|day| period.contains(**day)).count() as u32;
    }
    report.median_days_between = median(&mut gaps);
    report.top_by_visits = TopShare::of_amounts(visits_each);
    report.top_by_spend = TopShare::of_amounts(spend_each);
    for (day, counts) in &prepared.ratings {
        if period.contains(*day) {
            report.ratings.iter_mut().zip(counts).for_each(|(sum, count)| *sum += count);
        }
    }
    for (opened, resolved) in &prepared.complaints {
        if let Some(opened) = opened {
            report.complaints_opened += u32::from(period.contains(day_of_minutes(*opened, prepared.offset)));
            if let Some(resolved) = resolved.filter(|resolved| period.contains(day_of_minutes(*resolved, prepared.offset))) {
                report.resolve_minutes.push((resolved - opened).max(0));
            }
        }
    }
    report.resolve_minutes.sort_unstable();
    report
}

/// A customer slipping away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AtRisk {
    /// Who.
    pub customer: CustomerId,
    /// Their latest visit.
    pub last_visit: Day,
    /// Days since then.
    pub gone_days: i32,
    /// Their usual interval in days.
    pub usual_days: i32,
    /// Visits ever.
    pub visits: u32,
    /// Spend ever, in minor units.
    pub spend: i64,
}

/// Customers gone for more than twice their usual interval and at least 14 days, most valuable
/// first (spend, then visits).
pub fn at_risk(prepared: &Prepared, today: Day) -> Vec<AtRisk> {
    let mut list: Vec<AtRisk> = prepared
        .customers
        .iter()
        .filter_map(|customer| {
            let usual = customer.usual_interval()?;
            let last_visit = customer.visits.last()?.0;
            let gone = today - last_visit;
            (gone > AT_RISK_FACTOR * usual && gone >= AT_RISK_MIN_DAYS).then(|| AtRisk {
                customer: customer.id,
                last_visit,
                gone_days: gone,
                usual_days: usual,
                visits: customer.visits.len() as u32,
                spend: customer.spend(),
            })
        })
        .collect();
    list.sort_by(|a, b| (b.spend, b.visits, a.customer).cmp(&(a.spend, a.visits, b.customer)));
    list
}

/// What the shop owes and has open now, whatever the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owed {
    /// Rewards ready and not yet redeemed: what the shop has promised.
    pub rewards_owed: u64,
    /// Complaints not resolved.
    pub open_complaints: u32,
}

/// Rewards owed under a program of `stamps_per_reward`, and open complaints.
pub fn owed(prepared: &Prepared, stamps_per_reward: u32) -> Owed {
    Owed {
        rewards_owed: prepared.customers.iter().map(|customer| u64::from(customer.cards.resolve(stamps_per_reward).rewards_ready)).sum(),
        open_complaints: prepared.complaints.iter().filter(|(opened, resolved)| opened.is_some() && resolved.is_none()).count() as u32,
    }
}

/// Visits per week (weeks start on Monday) over a period: the Monday and the visits of that
/// week that fall in the period.
pub fn visits_per_week(prepared: &Prepared, period: Period) -> Vec<(Day, u32)> {
    // 1970-01-01 was a Thursday: day 4 was the first Monday.
    let monday = |day: Day| day - (day - 4).rem_euclid(7);
    let first = monday(period.start);
    let weeks = ((period.end - first) / 7 + 1).max(0) as usize;
    let mut counts: Vec<(Day, u32)> = (0..weeks).map(|week| (first + 7 * week as i32, 0)).collect();
    for customer in &prepared.customers {
        let from = customer.visits.partition_point(|(day, _)| *day < period.start);
        for (day, _) in customer.visits[from..].iter().take_while(|(day, _)| *day <= period.end) {
            counts[((day - first) / 7) as usize].1 += 1;
        }
    }
    counts
}
