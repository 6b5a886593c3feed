//! The owner's dashboard (issue 12): who comes back, who is slipping away.
//!
//! Every figure is a pure function of compact facts (`facts.rs`: per customer the slots of
//! their visits, stamps and redemptions, per shop the ratings and complaints' times) and the
//! period. The facts are folded from the log (`DashFacts::fold`) or kept up to date by the
//! store in the same commit as each event (`apply_customer_event`, `ShopFacts::apply`); the
//! property tests hold the two to the same answer in any order.

pub mod facts;
pub mod merged;
pub mod period;
pub mod report;
pub mod segment;
pub mod settings;
pub mod stored;
pub mod traits;

pub use facts::{apply_customer_event, fold_customer, CustomerDelta, CustomerFacts, DashFacts, Entry, EntryKind, FactsOutcome, ShopDelta, ShopFacts};
pub use stored::StoredDelta;
pub use period::{Day, Period, PeriodChoice};
pub use report::{at_risk, owed, report, retention, visits_per_week, AtRisk, Owed, Prepared, Report, Retention, TopShare, DEFAULT_CHURN_DAYS, RETENTION_REFERENCE};
