//! The owner's extras for regulars: the shop's customer tags, the birthday reward and the tiers
//! for regulars. Set in Settings (the owner's bundle) by a `PerksChanged` event, last-writer-wins
//! by clock like the program (see `ShopState`).
//!
//! A customer's tier is never set by hand: it is derived from the times of their latest visits
//! (kept in the record, see `know::keep_visit`) and `now`, so it cannot depend on the order the
//! visits arrived in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::customer::Customer;
use super::know::{visits_within, VISITS_KEPT};

/// The most tiers a shop defines.
pub const MAX_TIERS: usize = 3;
/// The most visits a tier can ask for: the record keeps this many visit times.
pub const MAX_TIER_VISITS: u32 = VISITS_KEPT as u32;
/// The longest period of a tier, in days.
pub const MAX_TIER_DAYS: u32 = 365;
/// The most tags a shop defines.
pub const MAX_TAGS: usize = 30;
/// The longest tag or tier name, in characters.
pub const MAX_LABEL_CHARS: usize = 30;
/// The most bonus stamps (per visit, or for a birthday).
pub const MAX_BONUS_STAMPS: u32 = 10;

/// A tag the shop puts on customers ("less sugar", "wholesale", "family"). The id stays when the
/// owner renames the tag, so customers keep it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Stable within the shop.
    pub id: u16,
    /// As the shop writes it.
    pub name: String,
}

/// What a customer gets for their birthday, given by one tap at the counter. Stored as a plain
/// `{stamps, reward}` object: an internally tagged enum would make serde buffer it (its
/// `Content` deserializer), several kilobytes of the counter's wasm for one setting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredGift", into = "StoredGift")]
pub enum BirthdayGift {
    /// No birthday reward.
    #[default]
    None,
    /// Bonus stamps on the card.
    Stamps {
        /// How many.
        stamps: u32,
    },
    /// A reward handed over at the counter ("1 free samosa").
    Reward {
        /// What it is.
        reward: String,
    },
}

/// The stored form of [`BirthdayGift`]: stamps when above zero, else a reward when named.
#[derive(Clone, Default, Serialize, Deserialize)]
struct StoredGift {
    #[serde(default, skip_serializing_if = "is_zero")]
    stamps: u32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    reward: String,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

impl From<StoredGift> for BirthdayGift {
    fn from(stored: StoredGift) -> Self {
        match (stored.stamps, stored.reward) {
            (0, reward) if reward.is_empty() => BirthdayGift::None,
            (0, reward) => BirthdayGift::Reward { reward },
            (stamps, _) => BirthdayGift::Stamps { stamps },
        }
    }
}

impl From<BirthdayGift> for StoredGift {
    fn from(gift: BirthdayGift) -> Self {
        match gift {
            BirthdayGift::None => StoredGift::default(),
            BirthdayGift::Stamps { stamps } => StoredGift { stamps, reward: String::new() },
            BirthdayGift::Reward { reward } => StoredGift { stamps: 0, reward },
        }
    }
}

/// A tier for regulars: "Regular: 8 visits in 60 days".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// As the shop calls it ("Regular", "Gold").
    pub name: String,
    /// Visits needed…
    pub visits: u32,
    /// …within this many days before now.
    pub days: u32,
    /// Extra discount the clerk gives, in percent (shown on the badge).
    #[serde(default)]
    pub discount_percent: u32,
    /// Extra stamps with every visit's stamp.
    #[serde(default)]
    pub bonus_stamps: u32,
}

/// The owner's extras; all empty in shops set up before them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perks {
    /// The shop's customer tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// The birthday reward.
    #[serde(default)]
    pub birthday_gift: BirthdayGift,
    /// Tiers for regulars, any order (ranked by the visits they ask for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// Referrals: bonus stamps for both the new customer and the one who brought them, on the
    /// new customer's first stamp (0: no referral bonus).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub referral_stamps: u32,
}

/// Why the owner's extras were refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum PerksError {
    /// A tag or tier name is empty or too long.
    #[error("a name must be 1 to {max} characters")]
    Label {
        /// The longest allowed name.
        max: usize,
    },
    /// Too many tags or tiers.
    #[error("too many tags or tiers")]
    TooMany,
    /// A tier's visits or days are out of range.
    #[error("a tier needs 1 to {max_visits} visits in 1 to {max_days} days")]
    TierRange {
        /// Most visits.
        max_visits: u32,
        /// Longest period.
        max_days: u32,
    },
    /// A discount above 100 % or bonus stamps above the maximum.
    #[error("a discount is at most 100% and bonus stamps at most {max}")]
    BonusRange {
        /// Most bonus stamps.
        max: u32,
    },
    /// The birthday reward's text is empty or too long.
    #[error("describe the birthday reward")]
    GiftMissing,
}

fn label_ok(text: &str) -> bool {
    let count = text.trim().chars().count();
    (1..=MAX_LABEL_CHARS).contains(&count)
}

impl Perks {
    /// Whether nothing is set (a shop record then stores no `perks`).
    pub fn is_unset(&self) -> bool {
        *self == Perks::default()
    }

    /// Checks every rule; the first broken one is returned.
    pub fn validate(&self) -> Result<(), PerksError> {
        if self.tags.len() > MAX_TAGS || self.tiers.len() > MAX_TIERS {
            return Err(PerksError::TooMany);
        }
        if self.tags.iter().map(|tag| &tag.name).chain(self.tiers.iter().map(|tier| &tier.name)).any(|name| !label_ok(name)) {
            return Err(PerksError::Label { max: MAX_LABEL_CHARS });
        }
        for tier in &self.tiers {
            if !(1..=MAX_TIER_VISITS).contains(&tier.visits) || !(1..=MAX_TIER_DAYS).contains(&tier.days) {
                return Err(PerksError::TierRange { max_visits: MAX_TIER_VISITS, max_days: MAX_TIER_DAYS });
            }
            if tier.discount_percent > 100 || tier.bonus_stamps > MAX_BONUS_STAMPS {
                return Err(PerksError::BonusRange { max: MAX_BONUS_STAMPS });
            }
        }
        if self.referral_stamps > MAX_BONUS_STAMPS {
            return Err(PerksError::BonusRange { max: MAX_BONUS_STAMPS });
        }
        match &self.birthday_gift {
            BirthdayGift::Stamps { stamps } if !(1..=MAX_BONUS_STAMPS).contains(stamps) => Err(PerksError::BonusRange { max: MAX_BONUS_STAMPS }),
            BirthdayGift::Reward { reward } if !(1..=super::program::MAX_REWARD_CHARS).contains(&reward.trim().chars().count()) => Err(PerksError::GiftMissing),
            _ => Ok(()),
        }
    }

    /// The tag list after the owner typed one name per line: names already listed keep their
    /// id, new ones get the next free id, blank lines are skipped, each name once.
    pub fn tags_from_lines(&self, lines: &str) -> Vec<Tag> {
        let mut next = self.tags.iter().map(|tag| tag.id).max().map_or(1, |id| id.saturating_add(1));
        let mut tags: Vec<Tag> = Vec::new();
        for name in lines.lines().map(str::trim).filter(|name| !name.is_empty()) {
            if tags.iter().any(|tag| tag.name == name) {
                continue;
            }
            let id = match self.tags.iter().find(|tag| tag.name == name) {
                Some(known) => known.id,
                None => {
                    let id = next;
                    next = next.saturating_add(1);
                    id
                }
            };
            tags.push(Tag { id, name: name.to_owned() });
        }
        tags
    }

    /// Where a customer stands among the tiers at `now`.
    pub fn standing(&self, customer: &Customer, now: DateTime<Utc>) -> Standing {
        standing_from(&self.tiers, &customer.visit_totals().visit_times, now)
    }
}

/// A customer's tier now, and the next one up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// The highest tier whose visits the customer made within its period.
    pub tier: Option<Tier>,
    /// The next tier above it, and the visits still needed within its period.
    pub next: Option<(Tier, u32)>,
}

/// A tier's rank: more visits asked is higher, then a longer period; then the later in the
/// list, so equal tiers still have one order.
fn rank(tiers: &[Tier], index: usize) -> (u32, u32, usize) {
    (tiers[index].visits, tiers[index].days, index)
}

/// [`Perks::standing`] from the tiers and the latest visit times (newest first). At most three
/// tiers, so they are scanned rather than sorted (a sort of its own type costs the counter's
/// wasm kilobytes).
pub fn standing_from(tiers: &[Tier], visit_times: &[DateTime<Utc>], now: DateTime<Utc>) -> Standing {
    let reached = (0..tiers.len()).filter(|&i| visits_within(visit_times, now, tiers[i].days) >= tiers[i].visits).max_by_key(|&i| rank(tiers, i));
    let floor = reached.map(|i| rank(tiers, i));
    // The lowest tier above the one reached, i.e. the next step up.
    let next = (0..tiers.len()).filter(|&i| floor.is_none_or(|floor| rank(tiers, i) > floor)).min_by_key(|&i| rank(tiers, i)).map(|i| {
        let needed = tiers[i].visits.saturating_sub(visits_within(visit_times, now, tiers[i].days));
        (tiers[i].clone(), needed.max(1))
    });
    Standing { tier: reached.map(|i| tiers[i].clone()), next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tiers() -> Perks {
        Perks {
            tiers: vec![
                Tier { name: "Gold".into(), visits: 20, days: 90, discount_percent: 5, bonus_stamps: 1 },
                Tier { name: "Regular".into(), visits: 8, days: 60, discount_percent: 0, bonus_stamps: 1 },
            ],
            ..Perks::default()
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 10, 12, 0, 0).unwrap()
    }

    fn visits(days_ago: impl IntoIterator<Item = i64>) -> Vec<DateTime<Utc>> {
        let mut times: Vec<_> = days_ago.into_iter().map(|d| now() - chrono::Duration::days(d)).collect();
        times.sort_unstable_by(|a, b| b.cmp(a));
        times
    }

    #[test]
    fn the_eighth_visit_in_sixty_days_makes_a_regular() {
        let perks = tiers();
        let ranked = &perks.tiers;
        let seven = visits((0..7).map(|n| n * 7));
        let standing = standing_from(ranked, &seven, now());
        assert_eq!(standing.tier, None);
        assert_eq!(standing.next.map(|(tier, needed)| (tier.name, needed)), Some(("Regular".into(), 1)));
        let eight = visits((0..8).map(|n| n * 7));
        let standing = standing_from(ranked, &eight, now());
        assert_eq!(standing.tier.map(|tier| tier.name), Some("Regular".into()));
        assert_eq!(standing.next.map(|(tier, needed)| (tier.name, needed)), Some(("Gold".into(), 12)));
        // Eight visits, but the oldest 63 days ago: not within 60 days.
        let old = visits((0..8).map(|n| n * 9));
        assert_eq!(standing_from(ranked, &old, now()).tier, None);
    }

    #[test]
    fn tags_keep_their_ids_when_the_list_is_retyped() {
        let perks = Perks { tags: vec![Tag { id: 1, name: "family".into() }, Tag { id: 4, name: "wholesale".into() }], ..Perks::default() };
        let tags = perks.tags_from_lines("wholesale\n\n less sugar \nwholesale\nfamily");
        let pairs: Vec<(u16, &str)> = tags.iter().map(|tag| (tag.id, tag.name.as_str())).collect();
        assert_eq!(pairs, vec![(4, "wholesale"), (5, "less sugar"), (1, "family")]);
    }

    #[test]
    fn validation_names_the_broken_rule() {
        let mut perks = tiers();
        assert_eq!(perks.validate(), Ok(()));
        perks.tiers[0].visits = MAX_TIER_VISITS + 1;
        assert!(matches!(perks.validate(), Err(PerksError::TierRange { .. })));
        perks.tiers[0].visits = 20;
        perks.birthday_gift = BirthdayGift::Reward { reward: " ".into() };
        assert_eq!(perks.validate(), Err(PerksError::GiftMissing));
    }
}
