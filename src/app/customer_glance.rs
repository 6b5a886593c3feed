//! The customer at a glance, on the customer screen: the greeting line ("Namaste, Asha ji"),
//! badges (the tier, a birthday or anniversary this week), what to say next ("2 more visits to
//! Gold"), the shop's tags, what they usually buy, how often they come, what they spent, and the
//! birthday reward's one tap. Everything is read from the customer's record and the shop, so it
//! adds nothing to opening a customer.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use leptos::prelude::*;

use super::errors::{ErrorText, UiError};
use super::i18n::*;
use super::know_texts::{badge, birthday_refusal, greeting};
use super::locales::{text, text_with};
use super::{random, use_shell};
use crate::domain::birthday::{badges, Occasion};
use crate::domain::know::{address, glance};
use crate::domain::perks::BirthdayGift;
use crate::domain::{Customer, DomainError, EventKind};
use std::sync::Arc;

/// The shop's calendar day at `now` (the browser's time zone is the shop's).
pub fn shop_today(now: DateTime<Utc>) -> NaiveDate {
    (now + Duration::minutes(i64::from(super::customer::utc_offset_minutes()))).date_naive()
}

/// Under the customer's name: the greeting line with the tier and this week's dates as chips,
/// and "2 more visits to Gold". Drawn again with the card whenever the customer changes.
#[component]
pub fn GlanceHead(current: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = super::numbers::use_numbers();
    let shell = use_shell();
    let now = Utc::now();
    let standing = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.standing(&current, now))).unwrap_or_default();
    let dates = badges(&current, shop_today(now));
    let tier = standing.tier.map(|tier| {
        let name = tier.name.clone();
        let label = if tier.discount_percent > 0 {
            let percent = tier.discount_percent;
            text_with(i18n, |l| td_string!(l, know_tier_off), Arc::new(move || vec![("tier", name.clone()), ("pct", numbers.get().int(percent))])).into_any()
        } else if tier.bonus_stamps > 0 {
            let bonus = tier.bonus_stamps;
            text_with(i18n, |l| td_string!(l, know_tier_bonus), Arc::new(move || vec![("tier", name.clone()), ("n", numbers.get().int(bonus))])).into_any()
        } else {
            name.into_any()
        };
        view! { <span class="chip tier">{label}</span> }
    });
    let next = standing.next.map(|(tier, needed)| {
        let name = tier.name;
        let arguments: super::locales::Arguments = Arc::new(move || vec![("n", numbers.get().int(needed)), ("tier", name.clone())]);
        // English alone says "visit" for one; the other languages' two texts are the same.
        let said = if needed == 1 {
            text_with(i18n, |l| td_string!(l, know_next_tier_one), arguments)
        } else {
            text_with(i18n, |l| td_string!(l, know_next_tier), arguments)
        };
        view! { <span class="next-tier">{said}</span> }
    });
    let date_badges: Vec<_> = dates.into_iter().map(|found| view! { <span class="chip occasion">{badge(i18n, numbers, found)}</span> }).collect();
    view! {
        <p class="greeting">
            <span class="greeting-text">{greeting(i18n, address(&current))}</span>
            {tier}
            {date_badges}
            {next}
        </p>
    }
}

/// Below the counter's buttons: the shop's tags, what they usually buy, how often they come,
/// what they spent, and the birthday reward's one tap.
#[component]
pub fn CustomerGlance(customer: RwSignal<Option<Customer>>, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = super::numbers::use_numbers();
    let shell = use_shell();
    let gift_error = RwSignal::new(None::<UiError>);
    let gift_given = RwSignal::new(None::<(u32, Option<String>)>);
    let perks = Memo::new(move |_| shell.counter.with(|c| c.as_ref().map(|c| c.perks().clone())).unwrap_or_default());

    let give = move |_| {
        gift_error.set(None);
        gift_given.set(None);
        let now = Utc::now();
        super::customer::run_action(
            shell,
            customer,
            busy,
            gift_error,
            Box::new(move |counter, current| counter.plan_birthday_reward(current, shop_today(now), random::event_id(), now)),
            Box::new(move |change| {
                if let EventKind::BirthdayRewarded { stamps, reward, .. } = &change.event.kind {
                    gift_given.try_set(Some((*stamps, reward.clone())));
                }
            }),
        );
    };
    let gift_status = move || {
        view! {
            {move || gift_given.get().map(|(stamps, reward)| {
                let what = match reward {
                    Some(reward) => text_with(i18n, |l| td_string!(l, know_hand_over), Arc::new(move || vec![("reward", reward.clone())])),
                    None => text_with(i18n, |l| td_string!(l, know_bonus_n), Arc::new(move || vec![("n", numbers.get().int(stamps))])),
                };
                view! { {text(i18n, |l| td_string!(l, know_birthday_given))} " · " {what} }
            })}
            {move || gift_error.get().map(|error| match error {
                UiError::Domain(DomainError::Birthday(refusal)) => view! { <span class="alert">{birthday_refusal(i18n, numbers, refusal)}</span> }.into_any(),
                error => view! { <span class="alert"><ErrorText error/></span> }.into_any(),
            })}
        }
    };
    // The button shows in the week of the birthday when the shop gives a birthday reward; its
    // message stays while the customer's record changes under it.
    let gift_offered = Memo::new(move |_| {
        let near = customer.with(|c| c.as_ref().is_some_and(|c| badges(c, shop_today(Utc::now())).iter().any(|b| b.occasion == Occasion::Birthday)));
        near && perks.with(|perks| perks.birthday_gift != BirthdayGift::None)
    });

    let facts = move || {
        let current = customer.get()?;
        let at_a_glance = glance(&current);
        let extras = current.profile.as_ref().map(|profile| profile.extras.clone()).unwrap_or_default();
        let tag_names: Vec<String> =
            perks.with(|perks| extras.tags.iter().filter_map(|id| perks.tags.iter().find(|tag| tag.id == *id).map(|tag| tag.name.clone())).collect());
        // One list of facts, each a translated text.
        let mut said = Vec::new();
        if !extras.usually_buys.is_empty() {
            let what = extras.usually_buys.clone();
            said.push(text_with(i18n, |l| td_string!(l, know_usually_buys_is), Arc::new(move || vec![("what", what.clone())])).into_any());
        }
        match at_a_glance.usual_interval_days {
            Some(1) => said.push(text(i18n, |l| td_string!(l, know_usual_daily)).into_any()),
            Some(days) => said.push(text_with(i18n, |l| td_string!(l, know_usual_interval), Arc::new(move || vec![("n", numbers.get().int(days))])).into_any()),
            None => {}
        }
        if at_a_glance.spend.0 > 0 {
            let amount = at_a_glance.spend;
            said.push(text_with(i18n, |l| td_string!(l, know_spend), Arc::new(move || vec![("amount", numbers.get().money(amount))])).into_any());
        }
        let facts: Vec<_> = said.into_iter().map(|fact| view! { <li>{fact}</li> }).collect();
        let tags = (!tag_names.is_empty()).then(|| {
            view! {
                <ul class="chips tags" aria-label=move || td_string!(i18n.get_locale(), know_tags)>
                    {tag_names.into_iter().map(|name| view! { <li class="chip">{name}</li> }).collect::<Vec<_>>()}
                </ul>
            }
        });
        Some(view! {
            {tags}
            <ul class="glance-facts">{facts}</ul>
        })
    };

    view! {
        <div class="glance">
            {facts}
            <Show when=move || gift_offered.get()>
                <div class="birthday-gift">
                    <button type="button" class="gift" on:click=give disabled=move || busy.get()>{text(i18n, |l| td_string!(l, know_give_birthday))}</button>
                    <span class="gift-status" role="status">{gift_status}</span>
                </div>
            </Show>
        </div>
    }
}
