//! Filling stamp cards: how stamps, in clock order, become full cards and the card in progress.
//!
//! The rule that keeps a program change fair: a stamp goes onto the current card, whose size is
//! the `card_size` of the stamp that started it; stamps that overflow it start a new card with the
//! size of the stamp that overflowed. So a card already full stays full (its reward stays ready),
//! the card in progress keeps the size it was started with, and only new cards take a new size.
//! Redemptions are counted, not matched to cards: rewards ready = full cards − redemptions.
//!
//! Stamps written before cards kept their size (`card_size: None`) collect on a card without a
//! size, which takes the size of the shop's current program whenever it is shown; the first
//! stamp with a size closes it with that size (the program in force when it was made).

use serde::{Deserialize, Serialize};

/// The cards of one customer before the current program is known. Every field is a plain count,
/// so it costs a few bytes in a record or a search-index entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardState {
    /// Full cards (not counting what a card without a size holds).
    pub completed: u32,
    /// Rewards redeemed (not undone).
    pub redeemed: u32,
    /// The size of the card in progress; `None` when no card is started (no stamps on it) or
    /// when its stamps were written without a size: then the current program's size applies.
    pub card_size: Option<u32>,
    /// Stamps on the card in progress. Less than `card_size` when that is set; for a card
    /// without a size, possibly several cards' worth.
    pub stamps: u32,
}

/// A customer's cards as the counter shows them under the current program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResolvedCards {
    /// Full cards, including those a card without a size makes at the current size.
    pub completed: u32,
    /// Full cards waiting to be redeemed; never negative.
    pub rewards_ready: u32,
    /// Stamps on the card in progress.
    pub stamps_on_card: u32,
    /// The size of the card in progress (the current program's when none is started).
    pub card_size: u32,
}

impl CardState {
    /// Puts `stamps` onto the cards; `card_size` is the stamp's own (see the module doc).
    pub fn add_stamps(&mut self, stamps: u32, card_size: Option<u32>) {
        let size = card_size.map(|size| size.max(1));
        self.normalize();
        if self.stamps == 0 {
            self.card_size = size;
        }
        let current = match (self.card_size, size) {
            (Some(current), _) => current,
            (None, None) => {
                self.stamps = self.stamps.saturating_add(stamps);
                return;
            }
            (None, Some(size)) => {
                // A card without a size is closed by the first stamp that has one.
                self.completed = self.completed.saturating_add(self.stamps / size);
                self.stamps %= size;
                self.card_size = Some(size);
                size
            }
        };
        let room = current.saturating_sub(self.stamps);
        if stamps < room {
            self.stamps += stamps;
            return;
        }
        self.completed = self.completed.saturating_add(1);
        self.stamps = 0;
        self.card_size = None;
        let overflow = stamps - room;
        if overflow == 0 {
            return;
        }
        match size {
            None => self.stamps = overflow,
            Some(size) => {
                self.completed = self.completed.saturating_add(overflow / size);
                self.stamps = overflow % size;
                self.card_size = (self.stamps > 0).then_some(size);
            }
        }
    }

    /// Counts one redemption.
    pub fn redeem(&mut self) {
        self.redeemed = self.redeemed.saturating_add(1);
    }

    /// The cards under a program of `current_size` stamps for a reward.
    pub fn resolve(&self, current_size: u32) -> ResolvedCards {
        let current_size = current_size.max(1);
        let mut state = *self;
        state.normalize();
        let (completed, card_size, stamps_on_card) = match state.card_size {
            Some(size) => (state.completed, size, state.stamps),
            None => (state.completed.saturating_add(state.stamps / current_size), current_size, state.stamps % current_size),
        };
        ResolvedCards { completed, rewards_ready: completed.saturating_sub(state.redeemed), stamps_on_card, card_size }
    }

    /// Keeps the invariants whatever stored data said: a size of at least 1, fewer stamps than
    /// the size, and no size on a card without stamps.
    fn normalize(&mut self) {
        if let Some(size) = self.card_size {
            let size = size.max(1);
            self.completed = self.completed.saturating_add(self.stamps / size);
            self.stamps %= size;
            self.card_size = Some(size);
        }
        if self.stamps == 0 {
            self.card_size = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(stamps: &[(u32, Option<u32>)]) -> CardState {
        let mut state = CardState::default();
        for &(count, size) in stamps {
            state.add_stamps(count, size);
        }
        state
    }

    #[test]
    fn a_card_keeps_its_size_and_new_cards_take_the_new_one() {
        // Three stamps on a 5-card, then the program says 10: the card still needs 2.
        let state = filled(&[(1, Some(5)), (1, Some(5)), (1, Some(5)), (1, Some(10)), (1, Some(10))]);
        assert_eq!(state.resolve(10), ResolvedCards { completed: 1, rewards_ready: 1, stamps_on_card: 0, card_size: 10 });
        let more = filled(&[(3, Some(5)), (4, Some(10))]);
        assert_eq!(more.resolve(10), ResolvedCards { completed: 1, rewards_ready: 1, stamps_on_card: 2, card_size: 10 });
    }

    #[test]
    fn overflow_starts_cards_of_the_overflowing_stamps_size() {
        let state = filled(&[(23, Some(10))]);
        assert_eq!(state.resolve(5), ResolvedCards { completed: 2, rewards_ready: 2, stamps_on_card: 3, card_size: 10 });
    }

    #[test]
    fn stamps_without_a_size_take_the_current_program_until_a_sized_stamp_closes_them() {
        let legacy = filled(&[(7, None)]);
        assert_eq!(legacy.resolve(5), ResolvedCards { completed: 1, rewards_ready: 1, stamps_on_card: 2, card_size: 5 });
        assert_eq!(legacy.resolve(10).stamps_on_card, 7);
        let closed = filled(&[(7, None), (1, Some(5))]);
        assert_eq!(closed.resolve(10), ResolvedCards { completed: 1, rewards_ready: 1, stamps_on_card: 3, card_size: 5 });
    }

    #[test]
    fn redemptions_never_make_rewards_negative_and_bad_stored_sizes_do_not_panic() {
        let two_devices_redeemed = CardState { completed: 1, redeemed: 3, card_size: Some(10), stamps: 2 };
        assert_eq!(two_devices_redeemed.resolve(10).rewards_ready, 0);
        // A stored size of 0 counts as 1 (every stamp a card), never a division by zero.
        let mut state = CardState { completed: 1, redeemed: 3, card_size: Some(0), stamps: 9 };
        assert_eq!(state.resolve(0).rewards_ready, 7);
        state.add_stamps(u32::MAX, Some(0));
        state.add_stamps(u32::MAX, None);
        state.redeem();
        let _ = state.resolve(u32::MAX);
    }
}
