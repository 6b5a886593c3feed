//! The stamp card: a circle per stamp of the program, the stamped ones filled, and "N of M
//! stamps". Shown on the customer screen at the counter and on the customer's own card page.

use leptos::prelude::*;

use super::i18n::*;

/// Above this many stamps per reward the circles are drawn small, ten to a row.
const MANY: u32 = 12;

/// A stamp card with `on_card` of `per` stamps. A progress bar for assistive technology
/// (role `progressbar`, label "Stamps", value `on_card` of `per`).
#[component]
pub fn StampCard(per: u32, on_card: u32) -> impl IntoView {
    let i18n = use_i18n();
    let per = per.max(1);
    let on_card = on_card.min(per);
    let circles = (0..per)
        .map(|n| view! { <span class="stamp" class:stamped=n < on_card aria-hidden="true">{if n < on_card { "✓" } else { "" }}</span> })
        .collect_view();
    view! {
        <div
            class="stamp-card"
            class:many={per > MANY}
            role="progressbar"
            aria-label=move || td_string!(i18n.get_locale(), stamps_label).to_string()
            aria-valuemin="0"
            aria-valuemax=per.to_string()
            aria-valuenow=on_card.to_string()
        >
            <div class="stamps">{circles}</div>
            <p class="stamp-text">{t!(i18n, n_of_m_stamps, n = on_card, m = per)}</p>
        </div>
    }
}
