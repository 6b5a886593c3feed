//! Why a counter action or a shop setting was refused. The UI shows each variant in the
//! user's language; the English texts here are for logs and tests.

/// A rule of the domain that an action would break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum DomainError {
    /// A reward was asked for but the customer has no full card.
    #[error("no reward is ready yet")]
    NoRewardReady,
    /// Undoing this would take the customer's stamps below zero (a reward was redeemed since).
    #[error("undoing this would make the stamps negative")]
    VoidWouldGoNegative,
    /// The event to undo does not belong to this customer or is not a stamp or a redemption.
    #[error("this action cannot be undone")]
    NotVoidable,
    /// The action to undo is older than the recent actions a customer's record keeps.
    #[error("only the latest {reach} stamps and rewards can be undone")]
    UndoOutOfReach {
        /// How many recent actions can be undone.
        reach: usize,
    },
    /// The customer's history has actions dated after this tablet's clock (a clock that was
    /// once set ahead), so a new action cannot be put in order after them.
    #[error("this customer has actions dated later than this tablet's clock; check the date and time")]
    HistoryAheadOfClock,
    /// The event was already undone.
    #[error("this action was already undone")]
    AlreadyVoided,
    /// The program earns by amount and no bill amount was given.
    #[error("enter the bill amount")]
    BillAmountMissing,
    /// The bill earns no stamps (below the minimum or the amount per stamp).
    #[error("this bill earns no stamps")]
    NoStampsEarned,
    /// A per-amount program needs the amount that earns one stamp.
    #[error("enter the amount that earns one stamp")]
    AmountPerStampMissing,
    /// Stamps for a reward must be between 1 and the maximum.
    #[error("stamps for a reward must be between 1 and {max}")]
    StampsPerRewardOutOfRange {
        /// The largest allowed value.
        max: u32,
    },
    /// Stamps per visit or welcome stamps are out of range.
    #[error("stamps must be between 0 and {max}")]
    StampsOutOfRange {
        /// The largest allowed value.
        max: u32,
    },
    /// Stamps for one visit (or the per-amount cap) are below 1 or above a full card.
    #[error("stamps for one visit must be between 1 and {max}: one visit fills at most one card")]
    StampsPerVisitOutOfRange {
        /// The largest allowed value: the card size (or the largest card).
        max: u32,
    },
    /// Welcome stamps would fill a card: a new customer would start with a reward.
    #[error("welcome stamps must be between 0 and {max}, fewer than the {card} of a full card")]
    WelcomeStampsOutOfRange {
        /// The largest allowed value, one less than a full card.
        max: u32,
        /// Stamps for a reward.
        card: u32,
    },
    /// "Leave the demo" was asked of a shop that is not the demo: its data is never erased so.
    #[error("only the demo shop can be left and erased")]
    NotDemoShop,
    /// The reward text is empty.
    #[error("describe the reward")]
    RewardMissing,
    /// The reward text is too long for a card.
    #[error("the reward text is longer than {max} characters")]
    RewardTooLong {
        /// The longest allowed text.
        max: usize,
    },
    /// A name (of a shop or a customer) is empty.
    #[error("enter a name")]
    NameMissing,
    /// A name is too long.
    #[error("the name is longer than {max} characters")]
    NameTooLong {
        /// The longest allowed name.
        max: usize,
    },
    /// Notes are too long.
    #[error("the notes are longer than {max} characters")]
    NotesTooLong {
        /// The longest allowed notes.
        max: usize,
    },
    /// The phone number was refused.
    #[error(transparent)]
    Phone(#[from] crate::domain::phone::PhoneError),
    /// A phone number that another customer already has.
    #[error("another customer already has this phone number")]
    PhoneTaken {
        /// The customer who has it.
        existing: crate::domain::ids::CustomerId,
    },
    /// A birthday in the future.
    #[error("the birthday is in the future")]
    BirthdayInFuture,
    /// Only a customer added by mistake can be removed: one with visits (or a redeemed reward),
    /// added longer ago than the undo window, keeps their card.
    #[error("this customer has visits on their card and cannot be removed")]
    CustomerHasVisits {
        /// Visits on the card.
        visits: u32,
    },
    /// The customer was removed (added by mistake), so they can no longer be opened or changed.
    #[error("this customer was removed")]
    CustomerRemoved,
    // Hear them out (issue 10).
    /// A rating outside 1 to 5.
    #[error("a rating is from 1 to 5")]
    RatingOutOfRange,
    /// A comment, complaint, note or answer is too long.
    #[error("the text is longer than {max} characters")]
    CommentTooLong {
        /// The longest allowed text.
        max: usize,
    },
    /// A complaint with nothing said about what happened.
    #[error("say what happened")]
    ComplaintEmpty,
    /// The complaint already has its apology gesture; a second would give twice.
    #[error("this complaint already has an apology")]
    ApologyAlreadyGiven,
    // Issue 10, "know the customer" and "reward regulars":
    /// The owner's extras (tags, birthday reward, tiers) break a rule.
    #[error(transparent)]
    Perks(crate::domain::perks::PerksError),
    /// The birthday reward cannot be given now.
    #[error(transparent)]
    Birthday(crate::domain::birthday::BirthdayRefusal),
    /// Referrals: "Referred by" was refused.
    #[error(transparent)]
    Referral(crate::domain::referral::ReferralError),
    /// The owner's corrections (bonus stamps, voiding an old event): the reason or the count
    /// was refused.
    #[error(transparent)]
    Correction(crate::domain::owner_fix::CorrectionError),
    // Merging duplicate customers (issue 14, `merge.rs`).
    /// A customer cannot be merged into their own card.
    #[error("a customer cannot be merged with themselves")]
    MergeSameCustomer,
}
