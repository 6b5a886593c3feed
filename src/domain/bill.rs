//! The bill field of a per-amount shop: what the typed amount earns, or why it earns nothing,
//! as the one message the counter shows under the field.

use super::error::DomainError;
use super::money::{Money, MoneyParseError};
use super::program::{Earning, Program};

/// What a readable bill earns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BillStamps {
    /// The amount read.
    pub amount: Money,
    /// Stamps the visit earns.
    pub stamps: u32,
    /// Whether the most one visit may earn cut the stamps (so the screen says why).
    pub most_for_a_visit: bool,
}

/// Why the typed bill cannot be stamped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillError {
    /// The text is not an amount.
    #[error(transparent)]
    Amount(#[from] MoneyParseError),
    /// The program gives this bill no stamps (below the minimum or the amount per stamp).
    #[error(transparent)]
    Rule(#[from] DomainError),
}

/// What the bill field says for `text`. Nothing while the field is empty, unless the clerk
/// already tried to stamp (`tried`), when it asks for the amount.
pub fn check_bill(program: &Program, text: &str, tried: bool) -> Option<Result<BillStamps, BillError>> {
    if text.trim().is_empty() && !tried {
        return None;
    }
    Some(earned(program, text))
}

fn earned(program: &Program, text: &str) -> Result<BillStamps, BillError> {
    let amount = Money::parse(text)?;
    let stamps = program.stamps_for_visit(Some(amount))?;
    if stamps == 0 {
        return Err(DomainError::NoStampsEarned.into());
    }
    let uncapped = match &program.earning {
        Earning::PerAmount { amount_per_stamp, .. } if amount_per_stamp.0 > 0 => amount.0 / amount_per_stamp.0,
        _ => u64::from(stamps),
    };
    // The program's own cap, or the limit on any visit, cut what the amount would earn.
    Ok(BillStamps { amount, stamps, most_for_a_visit: uncapped > u64::from(stamps) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::program::MAX_STAMPS_PER_VISIT;

    use crate::domain::program::per_amount_for_tests as program;

    #[test]
    fn an_empty_field_says_nothing_until_the_clerk_tries() {
        let program = program(50, None, Some(5));
        assert_eq!(check_bill(&program, "  ", false), None);
        assert_eq!(check_bill(&program, "", true), Some(Err(BillError::Amount(MoneyParseError::Empty))));
    }

    #[test]
    fn a_bill_says_what_it_earns() {
        let program = program(50, None, Some(5));
        let earns = check_bill(&program, "₹250", false);
        assert_eq!(earns, Some(Ok(BillStamps { amount: Money::from_major(250), stamps: 5, most_for_a_visit: false })));
    }

    #[test]
    fn the_cap_is_explained() {
        let program = program(50, None, Some(5));
        let earns = check_bill(&program, "₹1,50,000", false);
        assert_eq!(earns, Some(Ok(BillStamps { amount: Money::from_major(150_000), stamps: 5, most_for_a_visit: true })));
        let uncapped = self::program(50, None, None);
        let earns = check_bill(&uncapped, "1,50,000", false).unwrap().unwrap();
        assert_eq!((earns.stamps, earns.most_for_a_visit), (MAX_STAMPS_PER_VISIT, true));
    }

    #[test]
    fn a_small_bill_or_a_bad_amount_is_refused_with_its_reason() {
        let program = program(50, Some(100), None);
        assert_eq!(check_bill(&program, "80", false), Some(Err(BillError::Rule(DomainError::NoStampsEarned))));
        assert_eq!(check_bill(&program, "12a", false), Some(Err(BillError::Amount(MoneyParseError::Malformed))));
        let per_stamp = self::program(50, None, None);
        assert_eq!(check_bill(&per_stamp, "49", false), Some(Err(BillError::Rule(DomainError::NoStampsEarned))));
    }
}
