//! The counter's search results as plain rows, and the list's markup made from them in one
//! piece (issue 15: a keystroke at 4× CPU throttling spent most of its time rendering the rows).
//!
//! Why markup, not a view per row: a CPU profile of 200 keystrokes at 4× throttling on 20 000
//! customers (bench/profile_search.mjs) put the search itself at about 3.4 ms a keystroke and
//! drawing the 30 rows at about 30 ms: each row's eight elements were made, given their
//! classes, texts and widths, and put in place by a call into JavaScript each (some 500 calls a
//! list, every text decoded on its own). The rows are plain links with nothing reactive in them,
//! so the list is now one text of HTML, written here in Rust and set as the list's
//! `innerHTML` in one call; the browser's own parser makes the elements. Every text a customer
//! or the shop typed is escaped ([`push_escaped`]), and the Content Security Policy refuses
//! inline `style` attributes and scripts anyway: the dots' widths are classes (main.css).

use super::route::Route;
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
    /// "3 of 10 stamps" in the screen's language and the shop's digits.
    pub stamps: String,
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
    /// "3 of 10 stamps" from its two numbers already written, for a card of `card_size`.
    fn stamps(&self, on_card: &str, card_size: &str, card_size_value: u32) -> String;
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
                stamps: texts.stamps(&int(on_card), &int(card_size), card_size),
                reward_badge: (cards.rewards_ready > 0).then(|| texts.reward_badge()),
                tier: texts.tier(entry),
            }
        })
        .collect()
}

/// The list's items as HTML: for each row, a link to the customer with the name, the masked
/// phone, the card's dots (or, for a card of more than [`MOST_DOTS`], a bar), "3 of 10 stamps"
/// and the badges. The same elements and classes the screen's CSS styles.
pub fn rows_html(rows: &[ResultRow]) -> String {
    let mut html = String::with_capacity(rows.len() * 400);
    for row in rows {
        html.push_str("<li><a class=\"result\" href=\"");
        push_escaped(&mut html, &Route::Customer(row.id).to_hash());
        html.push_str("\"><span class=\"result-name\">");
        push_escaped(&mut html, &row.name);
        html.push_str("</span><span class=\"result-phone\">");
        push_escaped(&mut html, &row.phone);
        html.push_str("</span><span class=\"result-stamps\">");
        push_progress(&mut html, row.on_card, row.card_size);
        html.push_str("<span class=\"stamp-count\">");
        push_escaped(&mut html, &row.stamps);
        html.push_str("</span></span>");
        if let Some(badge) = row.reward_badge {
            html.push_str("<span class=\"badge\">");
            push_escaped(&mut html, badge);
            html.push_str("</span>");
        }
        if let Some(tier) = &row.tier {
            html.push_str("<span class=\"badge tier-badge\">");
            push_escaped(&mut html, tier);
            html.push_str("</span>");
        }
        html.push_str("</a></li>");
    }
    html
}

/// The most dots a row draws; a longer card is summarized as a bar, so a row never wraps.
pub const MOST_DOTS: u32 = 12;

/// The card's progress, hidden from screen readers (the text says it): two elements whatever
/// the card's size. For up to [`MOST_DOTS`] stamps, the outer span's background draws one ring
/// per dot and the inner one paints the first `filled` solid, each as wide as its class `dN`
/// says (N dots); a longer card is a bar whose fill's class `pN` is N % in steps of five.
fn push_progress(html: &mut String, filled: u32, total: u32) {
    let filled = filled.min(total);
    if total > MOST_DOTS {
        html.push_str("<span class=\"mini-bar\" aria-hidden=\"true\"><span class=\"p");
        push_number(html, bar_percent(filled, total));
    } else {
        html.push_str("<span class=\"dots d");
        push_number(html, total);
        html.push_str("\" aria-hidden=\"true\"><span class=\"d");
        push_number(html, filled);
    }
    html.push_str("\"></span></span>");
}

/// The bar's fill in whole percents, in steps of five (main.css has a class for each): a card
/// with any stamp shows at least one step, and only a full card shows a full bar.
fn bar_percent(filled: u32, total: u32) -> u32 {
    if total == 0 || filled >= total {
        return 100;
    }
    let percent = filled * 100 / total;
    if filled > 0 { (percent / 5 * 5).clamp(5, 95) } else { 0 }
}

/// A small number in ASCII digits, for a class name (the visible numbers come in the shop's
/// digits from [`RowTexts`]); `format!` would bring in the formatting machinery for it.
fn push_number(html: &mut String, number: u32) {
    if number >= 10 {
        push_number(html, number / 10);
    }
    html.push(char::from(b'0' + (number % 10) as u8));
}

/// `text` as HTML text or attribute value: the five characters that could end a text or an
/// attribute, or start markup, as character references. Written here because the list's markup
/// is this module's one use of it, and a crate for five replacements would add to the first load.
fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            _ => html.push(c),
        }
    }
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
        fn stamps(&self, on_card: &str, card_size: &str, card_size_value: u32) -> String {
            format!("{on_card} of {card_size} ({card_size_value})")
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
        assert_eq!(rows[0].stamps, "<3> of <10> (10)");
        assert_eq!((rows[0].reward_badge, rows[0].tier.as_deref()), (None, None));
        assert_eq!(rows[1].name, "Customer 11");
        assert_eq!(rows[1].phone, "••••• •32১১");
        assert_eq!(rows[1].stamps, "<0> of <10> (10)");
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
        assert_eq!(rows[29].stamps, "<1> of <10> (10)");
    }

    fn row(name: &str, on_card: u32, card_size: u32) -> ResultRow {
        ResultRow {
            id: CustomerId::from_bytes([7; 16]),
            name: name.to_owned(),
            phone: "••••• •3210".to_owned(),
            on_card,
            card_size,
            stamps: format!("{on_card} of {card_size} stamps"),
            reward_badge: None,
            tier: None,
        }
    }

    #[test]
    fn a_row_is_a_link_with_its_texts_dots_and_badges() {
        let mut asha = row("Asha", 3, 10);
        asha.reward_badge = Some("Reward ready");
        asha.tier = Some("Gold".to_owned());
        let id = CustomerId::from_bytes([7; 16]);
        assert_eq!(
            rows_html(&[asha]),
            format!(
                "<li><a class=\"result\" href=\"#/customer/{id}\"><span class=\"result-name\">Asha</span>\
                 <span class=\"result-phone\">••••• •3210</span><span class=\"result-stamps\">\
                 <span class=\"dots d10\" aria-hidden=\"true\"><span class=\"d3\"></span></span>\
                 <span class=\"stamp-count\">3 of 10 stamps</span></span><span class=\"badge\">Reward ready</span>\
                 <span class=\"badge tier-badge\">Gold</span></a></li>"
            )
        );
        assert_eq!(rows_html(&[]), "");
        assert_eq!(rows_html(&[row("A", 1, 2), row("B", 2, 2)]).matches("<li>").count(), 2);
    }

    #[test]
    fn every_typed_text_is_escaped_so_it_stays_text() {
        let mut sly = row("<img src=x onerror=alert(1)> & \"Chai\" 'Wala'", 1, 10);
        sly.tier = Some("</span><script>".to_owned());
        let html = rows_html(&[sly]);
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Chai&quot; &#39;Wala&#39;"), "{html}");
        assert!(html.contains("&lt;/span&gt;&lt;script&gt;"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<script"), "{html}");
        // Names in any script pass through as they are.
        assert!(rows_html(&[row("आशा বর্মা ગીતા", 0, 10)]).contains(">आशा বর্মা ગીતા<"));
    }

    #[test]
    fn a_card_of_up_to_twelve_is_dots_and_a_longer_one_a_bar() {
        assert!(rows_html(&[row("A", 0, 1)]).contains("class=\"dots d1\" aria-hidden=\"true\"><span class=\"d0\">"));
        assert!(rows_html(&[row("A", 12, 12)]).contains("class=\"dots d12\" aria-hidden=\"true\"><span class=\"d12\">"));
        // More stamps than the card holds (never stored so, but never drawn past the end).
        assert!(rows_html(&[row("A", 14, 12)]).contains("<span class=\"d12\">"));
        let bar = |on_card, card_size| {
            let html = rows_html(&[row("A", on_card, card_size)]);
            assert!(html.contains("<span class=\"mini-bar\" aria-hidden=\"true\"><span class=\"p"), "{html}");
            let class_start = html.find("class=\"p").expect("a bar") + "class=\"p".len();
            html[class_start..].split('"').next().expect("a class").parse::<u32>().expect("a percent")
        };
        assert_eq!(bar(5, 20), 25);
        assert_eq!(bar(0, 100), 0);
        assert_eq!(bar(1, 100), 5, "any stamp shows");
        assert_eq!(bar(99, 100), 95, "only a full card is a full bar");
        assert_eq!(bar(100, 100), 100);
        assert_eq!(bar(37, 100), 35);
        assert_eq!(bar(13, 13), 100);
    }

    #[test]
    fn every_bar_step_and_dot_count_has_its_class_in_the_stylesheet() {
        let css = include_str!("../../style/main.css");
        for dots in 0..=MOST_DOTS {
            assert!(css.contains(&format!(".d{dots} {{")), "main.css has no .d{dots}");
        }
        for percent in (0..=100).step_by(5) {
            assert!(css.contains(&format!(".p{percent} {{")), "main.css has no .p{percent}");
        }
    }
}
