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

impl Program {
    /// Checks the rules a shop owner typed before they are saved.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.stamps_per_reward == 0 || self.stamps_per_reward > MAX_STAMPS_PER_REWARD {
            return Err(DomainError::StampsPerRewardOutOfRange { max: MAX_STAMPS_PER_REWARD });
        }
        let reward = self.reward.trim();
        if reward.is_empty() {
            return Err(DomainError::RewardMissing);
        }
        if reward.chars().count() > MAX_REWARD_CHARS {
            return Err(DomainError::RewardTooLong { max: MAX_REWARD_CHARS });
        }
        if self.welcome_stamps > MAX_STAMPS_PER_VISIT {
            return Err(DomainError::StampsOutOfRange { max: MAX_STAMPS_PER_VISIT });
        }
        match &self.earning {
            Earning::PerVisit { stamps } => {
                if *stamps == 0 || *stamps > MAX_STAMPS_PER_VISIT {
                    return Err(DomainError::StampsOutOfRange { max: MAX_STAMPS_PER_VISIT });
                }
            }
            Earning::PerAmount { amount_per_stamp, cap_per_visit, .. } => {
                if amount_per_stamp.0 == 0 {
                    return Err(DomainError::AmountPerStampMissing);
                }
                if let Some(cap) = cap_per_visit {
                    if *cap == 0 || *cap > MAX_STAMPS_PER_VISIT {
                        return Err(DomainError::StampsOutOfRange { max: MAX_STAMPS_PER_VISIT });
                    }
                }
            }
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn per_amount(per: u64, minimum: Option<u64>, cap: Option<u32>) -> Program {
        Program {
            earning: Earning::PerAmount {
                amount_per_stamp: Money::from_major(per),
                minimum_bill: minimum.map(Money::from_major),
                cap_per_visit: cap,
            },
            ..Program::default()
        }
    }

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

    #[test]
    fn validation_refuses_impossible_programs() {
        assert!(Program::default().validate().is_ok());
        let empty_card = Program { stamps_per_reward: 0, ..Program::default() };
        assert!(matches!(empty_card.validate(), Err(DomainError::StampsPerRewardOutOfRange { .. })));
        let no_reward = Program { reward: "  ".into(), ..Program::default() };
        assert_eq!(no_reward.validate(), Err(DomainError::RewardMissing));
        assert_eq!(per_amount(0, None, None).validate(), Err(DomainError::AmountPerStampMissing));
    }
}
