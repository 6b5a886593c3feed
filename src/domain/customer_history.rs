//! A customer record's bounded history (see the parent module): the most recent stamps and
//! redemptions one by one, the counts of everything older than the horizon, and undos whose
//! target has not arrived yet.

use chrono::{DateTime, Utc};

use crate::domain::cards::CardState;
use crate::domain::hlc::Hlc;
use crate::domain::ids::EventId;
use crate::domain::money::Money;

/// How many recent stamps and redemptions a record keeps one by one: undo reaches only these.
/// The customer screen offers undo for the latest actions of a visit, far fewer than this.
pub const RECENT_LEN: usize = 24;

/// What one counted event did to the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contribution {
    /// Stamps earned; `visit` is false for welcome stamps.
    Stamps {
        /// How many.
        stamps: u32,
        /// Whether it was a visit (true) or a welcome gift (false).
        visit: bool,
        /// The bill, for per-amount programs.
        bill: Option<Money>,
        /// The stamp's card size (see [`CardState::add_stamps`]).
        card_size: Option<u32>,
    },
    /// A reward redeemed.
    Redemption {
        /// Stamps it cost under the program of that time (kept for statistics).
        stamps_used: u32,
    },
}

/// One recent stamp or redemption, kept so it can be undone and so a late event can be put in
/// its place in clock order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recent {
    /// The event.
    pub id: EventId,
    /// Its clock: the order cards are filled in.
    pub hlc: Hlc,
    /// Its wall-clock time, for people.
    pub at: DateTime<Utc>,
    /// What it did.
    pub contribution: Contribution,
    /// The undo that voided it (the smallest id, if several did).
    pub voided_by: Option<EventId>,
}

/// An undo whose target has not arrived (yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingVoid {
    /// The event to void when it arrives.
    pub target: EventId,
    /// The undo.
    pub by: EventId,
    /// The target's clock, when the undo recorded it.
    pub target_hlc: Option<Hlc>,
}

/// The counts of everything folded in up to the horizon.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checkpoint {
    /// The clock of the newest stamp or redemption folded into the counts; `None` while the
    /// record still holds every one of them.
    pub horizon: Option<Hlc>,
    /// The id of that event: events are ordered by clock, then id, so two events that share a
    /// clock (two tabs of one device in the same millisecond) still have one order.
    pub horizon_id: EventId,
    /// Full cards, redemptions and the card in progress.
    pub cards: CardState,
    /// Visits that earned stamps.
    pub visits: u32,
    /// The latest visit.
    pub last_visit: Option<DateTime<Utc>>,
    /// Stamps earned.
    pub stamps_earned: u64,
    /// Stamps the redemptions cost.
    pub stamps_used: u64,
    /// Sum of the bills of stamped visits.
    pub bill_total: Money,
    /// The latest visits' times to the minute, newest first, at most `know::VISITS_KEPT`: tiers
    /// and the usual interval are derived from them.
    pub visit_times: Vec<DateTime<Utc>>,
}

impl Checkpoint {
    /// Counts one stamp or redemption that was not undone.
    pub(super) fn count(&mut self, recent: &Recent) {
        match recent.contribution {
            Contribution::Stamps { stamps, visit, bill, card_size } => {
                // A birthday reward handed over (not stamps) is kept as an entry of no stamps,
                // which must not touch the card in progress.
                if stamps > 0 {
                    self.cards.add_stamps(stamps, card_size);
                }
                self.stamps_earned = self.stamps_earned.saturating_add(u64::from(stamps));
                if visit {
                    self.visits = self.visits.saturating_add(1);
                    if self.last_visit.is_none_or(|last| recent.at > last) {
                        self.last_visit = Some(recent.at);
                    }
                    crate::domain::know::keep_visit(&mut self.visit_times, to_the_minute(recent.at));
                }
                if let Some(bill) = bill {
                    self.bill_total = Money(self.bill_total.0.saturating_add(bill.0));
                }
            }
            Contribution::Redemption { stamps_used } => {
                self.cards.redeem();
                self.stamps_used = self.stamps_used.saturating_add(u64::from(stamps_used));
            }
        }
    }
}

/// A time without its seconds: what the record keeps of a visit's time.
fn to_the_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    let millis = at.timestamp_millis();
    DateTime::from_timestamp_millis(millis - millis.rem_euclid(60_000)).unwrap_or(at)
}
