//! The stamp card: a circle per stamp of the program, the stamped ones filled, and "N of M
//! stamps". Shown on the customer screen at the counter and on the customer's own card page.
//!
//! The card keeps a bounded height for any size from 1 to 100, so that "Add stamp" below it
//! stays on the screen of a phone and of a tablet: five circles to a row up to ten stamps, ten
//! smaller ones to a row up to [`CIRCLES_UP_TO`], and a progress bar beyond.

use leptos::prelude::*;

use super::i18n::*;
use super::locales::text_with;
use std::sync::Arc;

/// Up to this many stamps per reward the circles are drawn five to a row.
const FIVE_A_ROW_UP_TO: u32 = 10;

/// Up to this many stamps per reward the card shows a circle per stamp (ten to a row, so at
/// most three rows); a longer card is a bar.
pub const CIRCLES_UP_TO: u32 = 30;

/// How a card of `per` stamps is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardShape {
    /// Large circles, five to a row.
    FiveARow,
    /// Smaller circles, ten to a row.
    TenARow,
    /// A progress bar.
    Bar,
}

impl CardShape {
    /// The shape for a card of `per` stamps.
    pub fn of(per: u32) -> CardShape {
        match per {
            0..=FIVE_A_ROW_UP_TO => CardShape::FiveARow,
            _ if per <= CIRCLES_UP_TO => CardShape::TenARow,
            _ => CardShape::Bar,
        }
    }
}

/// A stamp card with `on_card` of `per` stamps. A progress bar for assistive technology
/// (role `progressbar`, label "Stamps", value `on_card` of `per`).
///
/// `reward`, when given, is the reward of a card that was just completed: it is shown in a band
/// over the card, which keeps its size, so that nothing below it moves.
#[component]
pub fn StampCard(per: u32, on_card: u32, #[prop(default = None)] reward: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let per = per.max(1);
    let on_card = on_card.min(per);
    let shape = CardShape::of(per);
    let stamps = if shape == CardShape::Bar {
        // Whole percents in integer arithmetic: float formatting would add kilobytes to the wasm.
        let percent = (on_card * 100 + per / 2) / per;
        // `style:width` sets the width through the CSSOM, which the Content Security Policy
        // (style-src 'self', no 'unsafe-inline') allows; a `style` attribute would be refused.
        view! { <div class="stamp-bar" aria-hidden="true"><span style:width=format!("{percent}%")></span></div> }.into_any()
    } else {
        let circles = (0..per)
            .map(|n| view! { <span class="stamp" class:stamped=n < on_card aria-hidden="true">{if n < on_card { "✓" } else { "" }}</span> })
            .collect_view();
        view! { <div class="stamps">{circles}</div> }.into_any()
    };
    let completed = reward.is_some();
    let moment = reward.map(|reward| {
        view! {
            <div class="reward-moment">
                <p>{text_with(i18n, |l| td_string!(l, reward_moment), Arc::new(move || vec![("reward", reward.clone())]))}</p>
            </div>
        }
    });
    view! {
        <div
            class="stamp-card"
            class:many={shape == CardShape::TenARow}
            class:long={shape == CardShape::Bar}
            class:completed=completed
            role="progressbar"
            aria-label=move || td_string!(i18n.get_locale(), stamps_label).to_string()
            aria-valuemin="0"
            aria-valuemax=per.to_string()
            aria-valuenow=on_card.to_string()
        >
            // The reward goes over the stamps, where the eyes are; "N of M stamps" stays readable.
            <div class="stamps-area">{stamps}{moment}</div>
            <p class="stamp-text">{super::counts::stamps_of(on_card, per)}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_by_size() {
        assert_eq!(CardShape::of(1), CardShape::FiveARow);
        assert_eq!(CardShape::of(10), CardShape::FiveARow);
        assert_eq!(CardShape::of(11), CardShape::TenARow);
        assert_eq!(CardShape::of(30), CardShape::TenARow);
        assert_eq!(CardShape::of(31), CardShape::Bar);
        assert_eq!(CardShape::of(100), CardShape::Bar);
    }
}
