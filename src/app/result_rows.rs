//! The counter's search results as plain rows: every text a row shows, worked out once per list
//! (issue 15: a keystroke at 4× CPU throttling spent ~15 ms rendering 30 rows).
//!
//! A row used to be a small reactive view of its own: "3 of 10 stamps" was a `t!` with three
//! closures, each an effect that formatted its number through `Intl` and was torn down with the
//! list on the next keystroke. Now the list's memo makes each row's texts as plain strings
//! (numbers formatted once per distinct value, not once per row; the sentence is a `td!` of
//! the row's language with those strings, since `td_string!` with values needs leptos_i18n's
//! `interpolate_display`, which would add a builder for every key to the wasm), and the screen renders the
//! rows with a keyed `<For>` whose key is the whole row: a row that shows the same as before is
//! kept as it is, and any change to what it shows (another language, digits, card size, badge)
//! makes a new key and so a new row.

use super::i18n::Locale;
use crate::domain::{CustomerId, IndexEntry, Phone};

/// Everything one result row shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ResultRow {
    /// The customer the row opens.
    pub id: CustomerId,
    /// The name as typed.
    pub name: String,
    /// The masked phone ("••••• •3210") in the shop's digits.
    pub phone: String,
    /// Stamps on the card in progress, for the dots.
    pub on_card: u32,
    /// The card's size, for the dots.
    pub card_size: u32,
    /// The two numbers of "3 of 10 stamps", in the shop's digits.
    pub on_card_text: String,
    pub card_size_text: String,
    /// The language of the texts (and of "3 of 10 stamps", which the row writes with `td!`).
    pub locale: Locale,
    /// The "Reward ready" badge's text when a reward is ready.
    pub reward_badge: Option<&'static str>,
    /// The tier badge, once known.
    pub tier: Option<String>,
}

/// How a list's texts are written: the language and digits of the screen, and what is known
/// of the customers' tiers. The screen implements it with `Intl` and the locale files; the tests
/// with plain formatting.
pub trait RowTexts {
    /// `text` with its digits in the shop's digits.
    fn digits(&self, text: &str) -> String;
    /// A whole number in the shop's digits.
    fn int(&self, value: u32) -> String;
    /// The screen's language.
    fn locale(&self) -> Locale;
    /// The "Reward ready" badge.
    fn reward_badge(&self) -> &'static str;
    /// The tier badge of a listed customer, when known.
    fn tier(&self, entry: &IndexEntry) -> Option<String>;
}

/// The rows of `entries`, in order, with cards resolved at the program's `per_reward`.
pub fn result_rows(entries: &[IndexEntry], per_reward: u32, texts: &impl RowTexts) -> Vec<ResultRow> {
    // A list of 30 shows a handful of distinct numbers (stamps 0 to the card's size), and each
    // `Intl` call crosses into JavaScript: each distinct number is formatted once.
    let mut written: Vec<(u32, String)> = Vec::new();
    let mut int = |value: u32| -> String {
        if let Some((_, text)) = written.iter().find(|(number, _)| *number == value) {
            return text.clone();
        }
        let text = texts.int(value);
        written.push((value, text.clone()));
        text
    };
    entries
        .iter()
        .map(|entry| {
            let cards = entry.card.resolve(per_reward);
            let (on_card, card_size) = (cards.stamps_on_card, cards.card_size);
            ResultRow {
                id: entry.id,
                name: entry.name.clone(),
                phone: texts.digits(&Phone::from_e164_unchecked(entry.phone.clone()).masked()),
                on_card,
                card_size,
                on_card_text: int(on_card),
                card_size_text: int(card_size),
                locale: texts.locale(),
                reward_badge: (cards.rewards_ready > 0).then(|| texts.reward_badge()),
                tier: texts.tier(entry),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::domain::CardState;

    /// Plain texts that count the number formatting they are asked for.
    #[derive(Default)]
    struct Plain {
        ints: RefCell<Vec<u32>>,
    }

    impl RowTexts for Plain {
        fn digits(&self, text: &str) -> String {
            text.replace('1', "১")
        }
        fn int(&self, value: u32) -> String {
            self.ints.borrow_mut().push(value);
            format!("<{value}>")
        }
        fn locale(&self) -> Locale {
            Locale::hi
        }
        fn reward_badge(&self) -> &'static str {
            "Reward ready"
        }
        fn tier(&self, entry: &IndexEntry) -> Option<String> {
            (entry.touched_millis > 5).then(|| "Gold".to_owned())
        }
    }

    fn entry(byte: u8, stamps: u32, completed: u32, touched: i64) -> IndexEntry {
        IndexEntry {
            id: CustomerId::from_bytes([byte; 16]),
            name: format!("Customer {byte}"),
            phone: format!("+9198765432{byte:02}"),
            card: CardState { completed, stamps, ..CardState::default() },
            touched_millis: touched,
        }
    }

    #[test]
    fn each_row_shows_its_entry_in_order() {
        let entries = [entry(1, 3, 0, 1), entry(11, 0, 2, 9)];
        let rows = result_rows(&entries, 10, &Plain::default());
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id, entries[0].id);
        assert_eq!(rows[0].name, "Customer 1");
        assert_eq!(rows[0].phone, "••••• •320১");
        assert_eq!((rows[0].on_card, rows[0].card_size), (3, 10));
        assert_eq!((rows[0].on_card_text.as_str(), rows[0].card_size_text.as_str(), rows[0].locale), ("<3>", "<10>", Locale::hi));
        assert_eq!((rows[0].reward_badge, rows[0].tier.as_deref()), (None, None));
        assert_eq!(rows[1].name, "Customer 11");
        assert_eq!(rows[1].phone, "••••• •32১১");
        assert_eq!((rows[1].on_card_text.as_str(), rows[1].card_size_text.as_str()), ("<0>", "<10>"));
        assert_eq!((rows[1].reward_badge, rows[1].tier.as_deref()), (Some("Reward ready"), Some("Gold")));
    }

    #[test]
    fn each_distinct_number_is_formatted_once_per_list() {
        let entries: Vec<IndexEntry> = (0..30).map(|n| entry(n, u32::from(n) % 4, 0, 0)).collect();
        let texts = Plain::default();
        let rows = result_rows(&entries, 10, &texts);
        assert_eq!(rows.len(), 30);
        let mut asked = texts.ints.borrow().clone();
        asked.sort_unstable();
        assert_eq!(asked, [0, 1, 2, 3, 10]);
        assert_eq!((rows[29].on_card_text.as_str(), rows[29].card_size_text.as_str()), ("<1>", "<10>"));
    }

    #[test]
    fn a_row_that_shows_anything_else_is_another_key() {
        let rows = result_rows(&[entry(1, 3, 0, 1)], 10, &Plain::default());
        let again = result_rows(&[entry(1, 3, 0, 1)], 10, &Plain::default());
        assert_eq!(rows, again);
        assert_ne!(rows, result_rows(&[entry(1, 4, 0, 1)], 10, &Plain::default()));
        assert_ne!(rows, result_rows(&[entry(1, 3, 0, 1)], 12, &Plain::default()));
        assert_ne!(rows, result_rows(&[entry(1, 3, 0, 9)], 10, &Plain::default()));
    }
}
