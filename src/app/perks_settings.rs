//! Settings → Regulars and birthdays (owner's bundle): the shop's customer tags, the birthday
//! reward (none, bonus stamps or a reward) and up to three tiers for regulars, saved together as
//! one `PerksChanged` event.

use chrono::Utc;
use leptos::prelude::*;

use super::errors::UiError;
use super::fields::{Field, FieldErrors, FormErrors, TextInput};
use super::shop_settings::{save_planned, SaveState};
use super::i18n::*;
use super::locales::{text, text_with};
use super::{random, use_shell};
use super::program_form::parse_count;
use crate::domain::perks::{BirthdayGift, Perks, Tier, MAX_TIERS};
use std::sync::Arc;

/// The element ids of each tier row's fields.
const TIER_IDS: [[&str; 5]; MAX_TIERS] = [
    ["tier1-name", "tier1-visits", "tier1-days", "tier1-discount", "tier1-bonus"],
    ["tier2-name", "tier2-visits", "tier2-days", "tier2-discount", "tier2-bonus"],
    ["tier3-name", "tier3-visits", "tier3-days", "tier3-discount", "tier3-bonus"],
];

/// One tier's row of fields, as typed.
#[derive(Clone, Copy)]
struct TierRow {
    name: RwSignal<String>,
    visits: RwSignal<String>,
    days: RwSignal<String>,
    discount: RwSignal<String>,
    bonus: RwSignal<String>,
}

impl TierRow {
    fn new(tier: Option<&Tier>) -> Self {
        let number = |value: Option<u32>| RwSignal::new(value.map(|v| v.to_string()).unwrap_or_default());
        TierRow {
            name: RwSignal::new(tier.map(|t| t.name.clone()).unwrap_or_default()),
            visits: number(tier.map(|t| t.visits)),
            days: number(tier.map(|t| t.days)),
            discount: number(tier.map(|t| t.discount_percent)),
            bonus: number(tier.map(|t| t.bonus_stamps)),
        }
    }

    /// The tier, `None` for a row left without a name, or an error for a count that is not one.
    fn read(self) -> Result<Option<Tier>, UiError> {
        let name = self.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            return Ok(None);
        }
        let count = |field: RwSignal<String>, empty: u32| -> Result<u32, UiError> {
            let typed = field.get_untracked();
            if typed.trim().is_empty() {
                return Ok(empty);
            }
            parse_count(&typed).ok_or(UiError::WholeNumber)
        };
        Ok(Some(Tier { name, visits: count(self.visits, 0)?, days: count(self.days, 0)?, discount_percent: count(self.discount, 0)?, bonus_stamps: count(self.bonus, 0)? }))
    }
}

/// The panel.
#[component]
pub fn PerksSettings() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let perks = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.perks().clone())).unwrap_or_default();
    let tags = RwSignal::new(perks.tags.iter().map(|tag| tag.name.clone()).collect::<Vec<_>>().join("\n"));
    let (gift_kind, gift_stamps, gift_reward) = match &perks.birthday_gift {
        BirthdayGift::None => ("none", String::new(), String::new()),
        BirthdayGift::Stamps { stamps } => ("stamps", stamps.to_string(), String::new()),
        BirthdayGift::Reward { reward } => ("reward", String::new(), reward.clone()),
    };
    let gift_kind = RwSignal::new(gift_kind.to_owned());
    let gift_stamps = RwSignal::new(gift_stamps);
    let gift_reward = RwSignal::new(gift_reward);
    // Referrals: bonus stamps for both sides of a referral (empty or 0: none).
    let referral_stamps = RwSignal::new(if perks.referral_stamps > 0 { perks.referral_stamps.to_string() } else { String::new() });
    let rows: Vec<TierRow> = (0..MAX_TIERS).map(|index| TierRow::new(perks.tiers.get(index))).collect();
    let errors = FieldErrors::new();
    let general = RwSignal::new(None::<UiError>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let no_error = Signal::derive(|| None);

    let read_rows = rows.clone();
    let state = SaveState { busy, saved, general };
    let save = move |event: leptos::ev::SubmitEvent| {
        if !state.begin(&event) {
            return;
        }
        errors.clear();
        let current = shell.counter.with_untracked(|c| c.as_ref().map(|c| c.perks().clone())).unwrap_or_default();
        let mut tiers = Vec::new();
        for row in &read_rows {
            match row.read() {
                Ok(Some(tier)) => tiers.push(tier),
                Ok(None) => {}
                Err(error) => {
                    errors.set(vec![(Field::General, error)]);
                    return;
                }
            }
        }
        let birthday_gift = match gift_kind.get_untracked().as_str() {
            "stamps" => match parse_count(&gift_stamps.get_untracked()) {
                Some(stamps) => BirthdayGift::Stamps { stamps },
                None => {
                    errors.set(vec![(Field::General, UiError::WholeNumber)]);
                    return;
                }
            },
            "reward" => BirthdayGift::Reward { reward: gift_reward.get_untracked().trim().to_owned() },
            _ => BirthdayGift::None,
        };
        let referral_stamps = match referral_stamps.get_untracked().trim() {
            "" => 0,
            typed => match parse_count(typed) {
                Some(stamps) => stamps,
                None => {
                    errors.set(vec![(Field::General, UiError::WholeNumber)]);
                    return;
                }
            },
        };
        let perks = Perks { tags: current.tags_from_lines(&tags.get_untracked()), birthday_gift, tiers, referral_stamps };
        let planned = shell.plan(|c| c.plan_perks_change(perks, random::event_id(), Utc::now()));
        save_planned(shell, planned, errors, Field::General, state, |_| {});
    };

    let tier_rows = rows
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let n = index + 1;
            let [name_id, visits_id, days_id, discount_id, bonus_id] = TIER_IDS[index];
            view! {
                <fieldset class="tier-row">
                    <legend>{text_with(i18n, |l| td_string!(l, know_tier_n), Arc::new(move || vec![("n", n.to_string())]))}</legend>
                    <TextInput id=name_id value=row.name error=no_error>
                        {text(i18n, |l| td_string!(l, know_tier_name))}
                    </TextInput>
                    <TextInput id=visits_id value=row.visits error=no_error inputmode="numeric">{text(i18n, |l| td_string!(l, know_tier_visits))}</TextInput>
                    <TextInput id=days_id value=row.days error=no_error inputmode="numeric">{text(i18n, |l| td_string!(l, know_tier_days))}</TextInput>
                    <TextInput id=discount_id value=row.discount error=no_error inputmode="numeric">{text(i18n, |l| td_string!(l, know_tier_discount))}</TextInput>
                    <TextInput id=bonus_id value=row.bonus error=no_error inputmode="numeric">{text(i18n, |l| td_string!(l, know_tier_bonus_field))}</TextInput>
                </fieldset>
            }
        })
        .collect::<Vec<_>>();

    view! {
        <div class="card-panel perks-settings">
            <h2>{text(i18n, |l| td_string!(l, know_settings_title))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, know_settings_note))}</p>
            <form on:submit=save novalidate>
                <div class="field">
                    <label for="shop-tags">{text(i18n, |l| td_string!(l, know_tags_field))}</label>
                    <p class="hint">{text(i18n, |l| td_string!(l, know_tags_hint))}</p>
                    <textarea id="shop-tags" rows=4 prop:value=move || tags.get() on:input=move |event| tags.set(event_target_value(&event))></textarea>
                </div>
                <div class="field">
                    <label for="birthday-gift">{text(i18n, |l| td_string!(l, know_gift))}</label>
                    <p class="hint">{text(i18n, |l| td_string!(l, know_gift_hint))}</p>
                    <select id="birthday-gift" prop:value=move || gift_kind.get() on:change=move |event| gift_kind.set(event_target_value(&event))>
                        <option value="none" selected=move || gift_kind.get() == "none">{text(i18n, |l| td_string!(l, know_gift_none))}</option>
                        <option value="stamps" selected=move || gift_kind.get() == "stamps">{text(i18n, |l| td_string!(l, know_gift_stamps))}</option>
                        <option value="reward" selected=move || gift_kind.get() == "reward">{text(i18n, |l| td_string!(l, know_gift_reward))}</option>
                    </select>
                </div>
                <Show when=move || gift_kind.get() == "stamps">
                    <TextInput id="gift-stamps" value=gift_stamps error=no_error inputmode="numeric">{text(i18n, |l| td_string!(l, know_gift_stamps_count))}</TextInput>
                </Show>
                <Show when=move || gift_kind.get() == "reward">
                    <TextInput id="gift-reward" value=gift_reward error=no_error>{text(i18n, |l| td_string!(l, know_gift_reward_text))}</TextInput>
                </Show>
                <TextInput id="referral-stamps" value=referral_stamps error=no_error inputmode="numeric"
                    hint=ViewFn::from(move || text(i18n, |l| td_string!(l, ref_settings_hint)))>
                    {text(i18n, |l| td_string!(l, ref_settings_stamps))}
                </TextInput>
                <h3>{text(i18n, |l| td_string!(l, know_tiers))}</h3>
                <p class="hint">{text(i18n, |l| td_string!(l, know_tiers_hint))}</p>
                {tier_rows}
                <FormErrors general errors/>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get()>{text(i18n, |l| td_string!(l, know_save))}</button>
                    <span class="saved" role="status">{move || saved.get().then(|| text(i18n, |l| td_string!(l, know_saved)))}</span>
                </div>
            </form>
        </div>
    }
}
