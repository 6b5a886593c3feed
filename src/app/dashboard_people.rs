//! The dashboard's counts of people (issue 12): birthdays this week and how many customers each
//! tier holds now ("Gold 31 · Regular 140"), as figures and as a chart with its table. Counted
//! from the same facts as every figure (`domain::analytics::segment`), so no record is read.

use leptos::prelude::*;

use super::dashboard::{figure, filled};
use super::dashboard_charts::{Bar, BarChart};
use super::i18n::*;
use super::numbers::Numbers;
use crate::domain::analytics::period::{date_of, Day};
use crate::domain::analytics::segment::{birthdays_this_week, tier_counts, Shape};
use crate::domain::analytics::Prepared;
use crate::domain::perks::Tier;

/// The counts, worked out once when the dashboard opens (they are of today, not of a period).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct People {
    /// Birthdays from today to six days on.
    pub birthdays: u32,
    /// Each tier's name and customers, in the shop's order.
    pub tiers: Vec<(String, u32)>,
    /// Customers in no tier.
    pub no_tier: u32,
}

impl People {
    /// The counts of the prepared facts today.
    pub fn of(prepared: &Prepared, tiers: &[Tier], stamps_per_reward: u32, today: Day, offset: i64) -> People {
        let shape = Shape { tiers, stamps_per_reward, today, offset };
        let counts = tier_counts(prepared, &shape);
        let in_tiers: u32 = counts.iter().sum();
        People {
            birthdays: birthdays_this_week(prepared, date_of(today)),
            tiers: tiers.iter().map(|tier| tier.name.clone()).zip(counts).collect(),
            no_tier: prepared.customers.len() as u32 - in_tiers,
        }
    }
}

/// The two figures: birthdays this week, and the tiers (when the shop has any).
pub fn people_figures(locale: Locale, numbers: &Numbers, people: &People) -> impl IntoView {
    let birthdays = figure("dash-birthdays", td_string!(locale, seg_birthdays_week).to_owned(), numbers.int(people.birthdays), vec![td_string!(locale, seg_birthdays_line).to_owned()], None);
    let tiers = (!people.tiers.is_empty()).then(|| {
        let value = people.tiers.iter().map(|(name, count)| format!("{name} {}", numbers.int(*count))).collect::<Vec<_>>().join(" · ");
        let line = filled(locale, |l| td_string!(l, seg_no_tier_line), &[("n", numbers.int(people.no_tier))]);
        figure("dash-tiers", td_string!(locale, seg_tiers).to_owned(), value, vec![line], None)
    });
    view! { {birthdays}{tiers} }
}

/// The tiers as a chart with its table (nothing when the shop has no tiers).
pub fn tiers_chart(locale: Locale, numbers: &Numbers, people: &People) -> impl IntoView {
    (!people.tiers.is_empty()).then(|| {
        let mut bars: Vec<Bar> = people.tiers.iter().map(|(name, count)| Bar { label: name.clone(), value: f64::from(*count), shown: numbers.int(*count) }).collect();
        bars.push(Bar { label: td_string!(locale, seg_no_tier).to_owned(), value: f64::from(people.no_tier), shown: numbers.int(people.no_tier) });
        view! {
            <BarChart title=td_string!(locale, seg_tiers).to_owned() bars label_heading=td_string!(locale, seg_col_tier).to_owned() value_heading=td_string!(locale, dash_col_count).to_owned() table_label=td_string!(locale, dash_table).to_owned()/>
        }
    })
}
