//! The loyalty program: how stamps are earned and what a full card is worth.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::money::Money;

/// How a visit earns stamps. Externally tagged (serde's default), which needs far less wasm
/// than an internally tagged enum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Earning {
    /// A fixed number of stamps for every visit, whatever was bought.
    PerVisit {
        /// Stamps for one visit (usually 1).
        stamps: u32,
    },
    /// One stamp for every `amount_per_stamp` spent on the bill.
    PerAmount {
        /// The spend that earns one stamp.
        amount_per_stamp: Money,
        /// Bills below this earn nothing.
        minimum_bill: Option<Money>,
        /// The most stamps one visit can earn.
        cap_per_visit: Option<u32>,
    },
}

/// The shop's stamp-card rules. Changing them applies to future stamps only: every stamp
/// event records the count it earned, so past cards never change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    /// Stamps that make one reward (a full card).
    pub stamps_per_reward: u32,
    /// What a full card gives, e.g. "1 free chai".
    pub reward: String,
    /// How stamps are earned.
    pub earning: Earning,
    /// Stamps given when a customer joins.
    pub welcome_stamps: u32,
}

impl Default for Program {
    fn default() -> Self {
        Self {
            stamps_per_reward: 10,
            reward: "1 free chai".to_owned(),
            earning: Earning::PerVisit { stamps: 1 },
            welcome_stamps: 0,
        }
    }
}

/// The most stamps a card may need; more would not fit on a stamp card anyone can read.
pub const MAX_STAMPS_PER_REWARD: u32 = 100;
/// The most stamps one visit or one welcome may give.
pub const MAX_STAMPS_PER_VISIT: u32 = 100;
/// The longest reward text, in characters.
pub const MAX_REWARD_CHARS: usize = 80;

/// A field of the program form, so every error can be shown beside the field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProgramField {
    /// Stamps for a reward (the card size).
    StampsPerReward,
    /// What a full card gives.
    Reward,
    /// Stamps for one visit (per-visit programs).
    StampsPerVisit,
    /// The spend that earns one stamp (per-amount programs).
    AmountPerStamp,
    /// The most stamps one visit can earn (per-amount programs).
    Cap,
    /// Stamps given when a customer joins.
    Welcome,
}

/// Every rule a typed program breaks, by field, in form order. Never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramErrors(pub Vec<(ProgramField, DomainError)>);

impl ProgramErrors {
    /// The error of one field, if it has one.
    pub fn of(&self, field: ProgramField) -> Option<&DomainError> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, error)| error)
    }
}

/// Where only one error can be reported (planning a change), the first one.
impl From<ProgramErrors> for DomainError {
    fn from(errors: ProgramErrors) -> DomainError {
        errors.0.into_iter().next().map_or(DomainError::RewardMissing, |(_, error)| error)
    }
}

impl Program {
    /// Checks the rules a shop owner typed before they are saved, and returns every broken rule
    /// at once, so the form can show each beside its field. Welcome stamps stay below a full
    /// card (a new customer never starts with a reward), and one visit earns at most one full
    /// card. When the card size itself is wrong, the others are checked against the largest
    /// card.
    pub fn validate(&self) -> Result<(), ProgramErrors> {
        let mut errors = Vec::new();
        let card_ok = (1..=MAX_STAMPS_PER_REWARD).contains(&self.stamps_per_reward);
        if !card_ok {
            errors.push((ProgramField::StampsPerReward, DomainError::StampsPerRewardOutOfRange { max: MAX_STAMPS_PER_REWARD }));
        }
        let card = if card_ok { self.stamps_per_reward } else { MAX_STAMPS_PER_REWARD };
        let reward = self.reward.trim();
        if reward.is_empty() {
            errors.push((ProgramField::Reward, DomainError::RewardMissing));
        } else if reward.chars().count() > MAX_REWARD_CHARS {
            errors.push((ProgramField::Reward, DomainError::RewardTooLong { max: MAX_REWARD_CHARS }));
        }
        // One visit fills at most one card; the largest card also bounds the per-amount cap.
        let most_per_visit = card.min(MAX_STAMPS_PER_VISIT);
        match &self.earning {
            Earning::PerVisit { stamps } => {
                if *stamps == 0 || *stamps > most_per_visit {
                    errors.push((ProgramField::StampsPerVisit, DomainError::StampsPerVisitOutOfRange { max: most_per_visit }));
                }
            }
            Earning::PerAmount { amount_per_stamp, cap_per_visit, .. } => {
                if amount_per_stamp.0 == 0 {
                    errors.push((ProgramField::AmountPerStamp, DomainError::AmountPerStampMissing));
                }
                if cap_per_visit.is_some_and(|cap| cap == 0 || cap > most_per_visit) {
                    errors.push((ProgramField::Cap, DomainError::StampsPerVisitOutOfRange { max: most_per_visit }));
                }
            }
        }
        if self.welcome_stamps >= card {
            errors.push((ProgramField::Welcome, DomainError::WelcomeStampsOutOfRange { max: card - 1, card }));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ProgramErrors(errors))
        }
    }

    /// Whether the counter must ask for the bill amount before stamping.
    pub fn needs_bill_amount(&self) -> bool {
        matches!(self.earning, Earning::PerAmount { .. })
    }

    /// Stamps one visit earns. `bill` is required for per-amount programs.
    pub fn stamps_for_visit(&self, bill: Option<Money>) -> Result<u32, DomainError> {
        match &self.earning {
            Earning::PerVisit { stamps } => Ok(*stamps),
            Earning::PerAmount { amount_per_stamp, minimum_bill, cap_per_visit } => {
                let bill = bill.ok_or(DomainError::BillAmountMissing)?;
                if amount_per_stamp.0 == 0 {
                    return Err(DomainError::AmountPerStampMissing);
                }
                if minimum_bill.is_some_and(|minimum| bill < minimum) {
                    return Ok(0);
                }
                let earned = (bill.0 / amount_per_stamp.0).min(u64::from(MAX_STAMPS_PER_VISIT)) as u32;
                Ok(cap_per_visit.map_or(earned, |cap| earned.min(cap)))
            }
        }
    }
}

/// A per-amount program (amounts in whole rupees) for the tests of this module and of `bill.rs`.
#[cfg(test)]
pub(crate) fn per_amount_for_tests(per: u64, minimum: Option<u64>, cap: Option<u32>) -> Program {
    Program {
        earning: Earning::PerAmount {
            amount_per_stamp: Money::from_major(per),
            minimum_bill: minimum.map(Money::from_major),
            cap_per_visit: cap,
        },
        ..Program::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::per_amount_for_tests as per_amount;

    #[test]
    fn per_visit_earns_its_fixed_stamps() {
        assert_eq!(Program::default().stamps_for_visit(None), Ok(1));
    }

    #[test]
    fn per_amount_rounds_down_respects_minimum_and_cap() {
        let program = per_amount(100, Some(50), Some(3));
        assert_eq!(program.stamps_for_visit(Some(Money::from_major(250))), Ok(2));
        assert_eq!(program.stamps_for_visit(Some(Money::from_major(40))), Ok(0));
        assert_eq!(program.stamps_for_visit(Some(Money::from_major(1_000))), Ok(3));
        assert_eq!(program.stamps_for_visit(None), Err(DomainError::BillAmountMissing));
    }

    fn fields(program: &Program) -> Vec<ProgramField> {
        program.validate().err().map(|errors| errors.0.into_iter().map(|(field, _)| field).collect()).unwrap_or_default()
    }

    #[test]
    fn validation_refuses_impossible_programs() {
        assert!(Program::default().validate().is_ok());
        let empty_card = Program { stamps_per_reward: 0, ..Program::default() };
        assert_eq!(empty_card.validate().unwrap_err().0, vec![(ProgramField::StampsPerReward, DomainError::StampsPerRewardOutOfRange { max: 100 })]);
        let no_reward = Program { reward: "  ".into(), ..Program::default() };
        assert_eq!(DomainError::from(no_reward.validate().unwrap_err()), DomainError::RewardMissing);
        assert_eq!(fields(&per_amount(0, None, None)), vec![ProgramField::AmountPerStamp]);
    }

    #[test]
    fn every_broken_rule_is_reported_at_once_in_form_order() {
        let program = Program {
            stamps_per_reward: 0,
            reward: String::new(),
            earning: Earning::PerVisit { stamps: 0 },
            welcome_stamps: 250,
        };
        let errors = program.validate().unwrap_err();
        assert_eq!(
            errors.0,
            vec![
                (ProgramField::StampsPerReward, DomainError::StampsPerRewardOutOfRange { max: 100 }),
                (ProgramField::Reward, DomainError::RewardMissing),
                (ProgramField::StampsPerVisit, DomainError::StampsPerVisitOutOfRange { max: 100 }),
                (ProgramField::Welcome, DomainError::WelcomeStampsOutOfRange { max: 99, card: 100 }),
            ]
        );
        let per_amount = Program { reward: "x".repeat(81), ..per_amount(0, None, Some(0)) };
        assert_eq!(fields(&per_amount), vec![ProgramField::Reward, ProgramField::AmountPerStamp, ProgramField::Cap]);
    }

    #[test]
    fn welcome_stamps_stay_below_a_full_card() {
        // 25 welcome stamps on a 10-stamp card would start a customer with two rewards.
        let generous = Program { welcome_stamps: 25, ..Program::default() };
        assert_eq!(generous.validate().unwrap_err().0, vec![(ProgramField::Welcome, DomainError::WelcomeStampsOutOfRange { max: 9, card: 10 })]);
        assert_eq!(fields(&Program { welcome_stamps: 10, ..Program::default() }), vec![ProgramField::Welcome]);
        assert!(Program { welcome_stamps: 9, ..Program::default() }.validate().is_ok());
        // A one-stamp card: no welcome stamps at all.
        let single = Program { stamps_per_reward: 1, welcome_stamps: 1, ..Program::default() };
        assert_eq!(single.validate().unwrap_err().0, vec![(ProgramField::Welcome, DomainError::WelcomeStampsOutOfRange { max: 0, card: 1 })]);
        assert!(Program { welcome_stamps: 0, ..single }.validate().is_ok());
    }

    #[test]
    fn one_visit_earns_at_most_one_full_card() {
        let eleven = Program { earning: Earning::PerVisit { stamps: 11 }, ..Program::default() };
        assert_eq!(eleven.validate().unwrap_err().0, vec![(ProgramField::StampsPerVisit, DomainError::StampsPerVisitOutOfRange { max: 10 })]);
        assert!(Program { earning: Earning::PerVisit { stamps: 10 }, ..Program::default() }.validate().is_ok());
        // Zero stamps a visit is refused with the true range, 1 to the card size.
        let zero = Program { earning: Earning::PerVisit { stamps: 0 }, ..Program::default() };
        assert_eq!(zero.validate().unwrap_err().0, vec![(ProgramField::StampsPerVisit, DomainError::StampsPerVisitOutOfRange { max: 10 })]);
        assert_eq!(per_amount(100, None, Some(11)).validate().unwrap_err().0, vec![(ProgramField::Cap, DomainError::StampsPerVisitOutOfRange { max: 10 })]);
        assert!(per_amount(100, None, Some(10)).validate().is_ok());
        assert!(per_amount(100, None, None).validate().is_ok());
    }
}
