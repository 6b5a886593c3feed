//! The reward moment: the stamp that fills a card. The summary after it already shows the next,
//! empty card and one more reward ready, so the screen compares the summaries before and after
//! the stamp to know that it should show the full card with its reward instead.

use super::customer::CardSummary;

/// A card that a stamp just filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CompletedCard {
    /// The size of the card that was filled (the card in progress keeps its size).
    pub size: u32,
}

/// The card that the action from `before` to `after` completed, if it completed one: when the
/// customer has more rewards ready after it than before. (A redeem lowers the count; an undo of
/// a redeem raises it, so only call this for a stamp.)
pub fn completed_card(before: &CardSummary, after: &CardSummary) -> Option<CompletedCard> {
    (after.rewards_ready > before.rewards_ready).then_some(CompletedCard { size: before.card_size.max(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(stamps_on_card: u32, card_size: u32, rewards_ready: u32) -> CardSummary {
        CardSummary { stamps_on_card, card_size, rewards_ready, balance: 0, visits: 0, last_visit: None, rewards_redeemed: 0 }
    }

    #[test]
    fn the_tenth_stamp_completes_a_card_of_ten() {
        assert_eq!(completed_card(&summary(9, 10, 0), &summary(0, 10, 1)), Some(CompletedCard { size: 10 }));
    }

    #[test]
    fn a_stamp_that_does_not_fill_the_card_completes_nothing() {
        assert_eq!(completed_card(&summary(3, 10, 0), &summary(4, 10, 0)), None);
        assert_eq!(completed_card(&summary(0, 10, 2), &summary(1, 10, 2)), None);
    }

    #[test]
    fn the_filled_card_keeps_its_size_when_the_program_changed() {
        // A card of 15 started before the shop moved to 10: its last stamp completes a 15.
        assert_eq!(completed_card(&summary(14, 15, 1), &summary(0, 10, 2)), Some(CompletedCard { size: 15 }));
    }

    #[test]
    fn several_stamps_that_run_over_into_the_next_card_still_complete_one() {
        assert_eq!(completed_card(&summary(8, 10, 0), &summary(3, 10, 1)), Some(CompletedCard { size: 10 }));
    }

    #[test]
    fn a_redeem_completes_nothing() {
        assert_eq!(completed_card(&summary(0, 10, 1), &summary(0, 10, 0)), None);
    }
}
