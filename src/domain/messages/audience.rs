//! Who a campaign reaches: the customers an audience rule picks, each either in (with the
//! channel and language of their message) or left out with the reason the owner sees ("no
//! consent", "last offer 3 days ago"). A pure function of the customers' records (themselves the
//! fold of their events), the shop, the limit, what is already queued and `now`.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::birthday;
use crate::domain::customer::Customer;
use crate::domain::ids::CustomerId;
use crate::domain::know::glance;
use crate::domain::shop::ShopState;

use super::consent::{Channel, Lang, SENT_KEPT};
use super::templates::{Class, TemplateKind};

/// "We miss you" waits at least this many days, whatever the usual interval.
pub const MISS_YOU_MIN_DAYS: u32 = 14;
/// The longest limit period a shop can set, in days.
pub const MAX_LIMIT_DAYS: u32 = 90;

/// The per-customer limit on promotional messages: at most `count` within `days` days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    /// Messages…
    pub count: u32,
    /// …per this many days.
    pub days: u32,
}

impl Default for Limit {
    /// One per seven days: the playbook's "never send more than needed".
    fn default() -> Self {
        Limit { count: 1, days: 7 }
    }
}

impl Limit {
    /// Kept within what the record can count: 1 to [`SENT_KEPT`] messages, 1 to
    /// [`MAX_LIMIT_DAYS`] days.
    pub fn clamped(self) -> Limit {
        Limit { count: self.count.clamp(1, SENT_KEPT as u32), days: self.days.clamp(1, MAX_LIMIT_DAYS) }
    }
}

/// Who a campaign is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every customer (those who did not agree are listed as left out).
    Everyone,
    /// Customers with one of the shop's tags.
    Tag(u16),
    /// Customers in a tier (by its name) now.
    Tier(String),
    /// Birthdays from today to six days on.
    BirthdaysThisWeek,
    /// Birthdays today.
    BirthdaysToday,
    /// Anniversaries today.
    AnniversariesToday,
    /// Not seen for at least this many days (customers who never came are not counted).
    NotSeenFor(u32),
    /// A reward ready on their card.
    RewardReady,
    /// Gone more than twice their usual interval, and at least [`MISS_YOU_MIN_DAYS`].
    WeMissYou,
    /// The customers of a segment (issue 12), the dashboard's filter checked on each record.
    Segment(crate::domain::analytics::segment::Segment),
}

/// Why a customer the rule picked gets no message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum LeftOut {
    /// Never agreed to messages, or said no.
    NoConsent,
    /// Did not ask for their card on WhatsApp/SMS.
    NoCardUpdates,
    /// Over the limit; the latest promotional message's time.
    OverLimit {
        /// When the latest one was sent.
        #[serde(with = "chrono::serde::ts_milliseconds")]
        last: DateTime<Utc>,
    },
    /// A message to them is already waiting in the queue.
    AlreadyQueued,
}

/// A customer in: how and in which language to write to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pick {
    /// Who.
    pub customer: CustomerId,
    /// WhatsApp or SMS.
    pub channel: Channel,
    /// Their language.
    pub lang: Lang,
}

/// The result: who is in, who is left out and why, each in the order the customers were given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// In.
    pub picked: Vec<Pick>,
    /// Left out, with the reason.
    pub left_out: Vec<(CustomerId, LeftOut)>,
}

/// Everything [`select`] needs besides the customers.
#[derive(Clone, Debug)]
pub struct Context<'a> {
    /// The shop (its tags, tiers and program).
    pub shop: &'a ShopState,
    /// The shop's language, for customers who chose none.
    pub shop_lang: Lang,
    /// The promotional limit.
    pub limit: Limit,
    /// Customers with a message of this class already waiting in the queue.
    pub queued: &'a BTreeSet<CustomerId>,
    /// Now.
    pub now: DateTime<Utc>,
    /// The shop's calendar day now.
    pub today: NaiveDate,
}

/// Whether the rule picks this customer (before consent and limit).
pub fn matches(audience: &Audience, customer: &Customer, context: &Context) -> bool {
    let Some(profile) = &customer.profile else { return false };
    let days_since_visit = || glance(customer).last_visit.map(|last| (context.now - last).num_days());
    match audience {
        Audience::Everyone => true,
        Audience::Tag(tag) => profile.extras.tags.contains(tag),
        Audience::Tier(name) => context.shop.perks.standing(customer, context.now).tier.is_some_and(|tier| tier.name == *name),
        Audience::BirthdaysThisWeek => profile.birthday.and_then(|date| birthday::near(date, context.today)).is_some_and(|on| (0..=6).contains(&(on - context.today).num_days())),
        Audience::BirthdaysToday => profile.birthday.and_then(|date| birthday::near(date, context.today)) == Some(context.today),
        Audience::AnniversariesToday => profile.extras.anniversary.and_then(|date| birthday::near(date, context.today)) == Some(context.today),
        Audience::NotSeenFor(days) => days_since_visit().is_some_and(|since| since >= i64::from(*days)),
        Audience::RewardReady => customer.summary(context.shop.program.stamps_per_reward).rewards_ready > 0,
        Audience::WeMissYou => {
            let look = glance(customer);
            match (look.last_visit, look.usual_interval_days) {
                (Some(last), Some(usual)) => {
                    let gone = (context.now - last).num_days();
                    gone > 2 * i64::from(usual) && gone >= i64::from(MISS_YOU_MIN_DAYS)
                }
                _ => false,
            }
        }
        Audience::Segment(segment) => {
            use crate::domain::analytics::period::{day_of_date, offset_minutes};
            use crate::domain::analytics::segment::{Row, Shape};
            let shape = Shape { tiers: &context.shop.perks.tiers, stamps_per_reward: context.shop.program.stamps_per_reward, today: day_of_date(context.today), offset: offset_minutes(context.shop.profile.country) };
            segment.matches(&Row::of_record(customer, &shape), &shape)
        }
    }
}

/// Whether a message of this kind may go to this customer now, and if not, why.
pub fn may_send(kind: TemplateKind, customer: &Customer, context: &Context) -> Result<Pick, LeftOut> {
    let messaging = &customer.messaging;
    match kind.class() {
        Class::Card if !messaging.wants_card() => return Err(LeftOut::NoCardUpdates),
        Class::Personal | Class::Promotional if !messaging.agreed() => return Err(LeftOut::NoConsent),
        _ => {}
    }
    if context.queued.contains(&customer.id) {
        return Err(LeftOut::AlreadyQueued);
    }
    if kind.class() == Class::Promotional {
        let limit = context.limit.clamped();
        let mut recent = messaging.promotions_within(context.now, limit.days);
        if let Some(last) = recent.next() {
            if 1 + recent.count() as u32 >= limit.count {
                return Err(LeftOut::OverLimit { last });
            }
        }
    }
    Ok(Pick { customer: customer.id, channel: messaging.channel(), lang: messaging.language_or(context.shop_lang) })
}

/// Who a campaign of `kind` to `audience` reaches. Removed customers are neither in nor listed.
pub fn select<'c>(kind: TemplateKind, audience: &Audience, customers: impl IntoIterator<Item = &'c Customer>, context: &Context) -> Selection {
    let mut selection = Selection::default();
    for customer in customers {
        if customer.is_removed() || !matches(audience, customer, context) {
            continue;
        }
        match may_send(kind, customer, context) {
            Ok(pick) => selection.picked.push(pick),
            Err(reason) => selection.left_out.push((customer.id, reason)),
        }
    }
    selection
}

#[cfg(test)]
#[path = "audience_tests.rs"]
mod tests;
