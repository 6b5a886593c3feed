//! The segment's filter fields (issue 12, owner's bundle): one text or choice per condition, read
//! into a `domain::analytics::segment::Segment` whenever one changes, so the count follows every
//! keystroke. Numbers are typed in any digits; a field that does not read as a number is left
//! out of the filter and says so beside it.

use leptos::prelude::*;

use super::i18n::*;
use super::locales::text;
use crate::domain::analytics::segment::Segment;
use crate::domain::perks::Perks;
use crate::domain::search::ascii_digits;

/// What the owner typed and chose.
#[derive(Clone, Copy)]
pub struct SegmentFields {
    /// "any", "not_seen" or "seen_within".
    pub last_visit: RwSignal<String>,
    /// The days of the last-visit condition.
    pub days: RwSignal<String>,
    /// Visits at least / at most.
    pub min_visits: RwSignal<String>,
    /// At most.
    pub max_visits: RwSignal<String>,
    /// Spent at least, in whole rupees or taka.
    pub min_spend: RwSignal<String>,
    /// Spent at most.
    pub max_spend: RwSignal<String>,
    /// The tier's name, or empty.
    pub tier: RwSignal<String>,
    /// The tag's id, or empty.
    pub tag: RwSignal<String>,
    /// Birthday this month.
    pub birthday: RwSignal<bool>,
    /// A reward ready.
    pub reward_ready: RwSignal<bool>,
    /// Agreed to messages.
    pub consent: RwSignal<bool>,
}

/// A whole number typed in any digits; `Err` when something is typed that is not one.
fn number(text: &str) -> Result<Option<u32>, ()> {
    let text = ascii_digits(text.trim()).replace([',', ' '], "");
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| ())
}

impl SegmentFields {
    /// Empty fields: everyone.
    pub fn new() -> SegmentFields {
        SegmentFields {
            last_visit: RwSignal::new("any".to_owned()),
            days: RwSignal::new("30".to_owned()),
            min_visits: RwSignal::new(String::new()),
            max_visits: RwSignal::new(String::new()),
            min_spend: RwSignal::new(String::new()),
            max_spend: RwSignal::new(String::new()),
            tier: RwSignal::new(String::new()),
            tag: RwSignal::new(String::new()),
            birthday: RwSignal::new(false),
            reward_ready: RwSignal::new(false),
            consent: RwSignal::new(false),
        }
    }

    /// The filter the fields say (tracked: call it inside a memo).
    pub fn segment(&self) -> Segment {
        let days = number(&self.days.get()).ok().flatten();
        let money = |field: RwSignal<String>| number(&field.get()).ok().flatten().map(|whole| i64::from(whole) * 100);
        Segment {
            not_seen_for: (self.last_visit.get() == "not_seen").then_some(days).flatten(),
            seen_within: (self.last_visit.get() == "seen_within").then_some(days).flatten(),
            min_visits: number(&self.min_visits.get()).ok().flatten(),
            max_visits: number(&self.max_visits.get()).ok().flatten(),
            min_spend: money(self.min_spend),
            max_spend: money(self.max_spend),
            tiers: Some(self.tier.get()).filter(|name| !name.is_empty()).into_iter().collect(),
            tags: self.tag.get().parse().ok().into_iter().collect(),
            birthday_this_month: self.birthday.get(),
            reward_ready: self.reward_ready.get(),
            consent: self.consent.get(),
        }
    }

    /// Fills the fields from a saved segment.
    pub fn show(&self, segment: &Segment) {
        let text = |value: Option<u32>| value.map(|value| value.to_string()).unwrap_or_default();
        let (mode, days) = match (segment.not_seen_for, segment.seen_within) {
            (Some(days), _) => ("not_seen", days),
            (None, Some(days)) => ("seen_within", days),
            (None, None) => ("any", 30),
        };
        self.last_visit.set(mode.to_owned());
        self.days.set(days.to_string());
        self.min_visits.set(text(segment.min_visits));
        self.max_visits.set(text(segment.max_visits));
        self.min_spend.set(text(segment.min_spend.map(|paise| (paise / 100) as u32)));
        self.max_spend.set(text(segment.max_spend.map(|paise| (paise / 100) as u32)));
        self.tier.set(segment.tiers.first().cloned().unwrap_or_default());
        self.tag.set(segment.tags.first().map(|tag| tag.to_string()).unwrap_or_default());
        self.birthday.set(segment.birthday_this_month);
        self.reward_ready.set(segment.reward_ready);
        self.consent.set(segment.consent);
    }
}

/// A number field with its "not a number" note.
#[component]
fn NumberField(id: &'static str, value: RwSignal<String>, label: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let wrong = move || value.with(|text| number(text).is_err());
    view! {
        <div class="field">
            <label for=id>{text(i18n, label)}</label>
            <input id=id inputmode="numeric" bind:value=value aria-invalid=move || wrong().then_some("true")/>
            {move || wrong().then(|| view! { <p class="field-error">{text(i18n, |l| td_string!(l, seg_not_a_number))}</p> })}
        </div>
    }
}

/// A checkbox with its label beside it.
#[component]
fn Check(id: &'static str, value: RwSignal<bool>, label: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" id=id prop:checked=move || value.get() on:change=move |event| value.set(event_target_checked(&event))/>
            " " {text(i18n, label)}
        </label>
    }
}

/// The fields.
#[component]
pub fn SegmentForm(fields: SegmentFields, perks: Memo<Perks>) -> impl IntoView {
    let i18n = use_i18n();
    let last_visit = fields.last_visit;
    view! {
        <div class="segment-form">
            <div class="field">
                <label for="seg-last-visit">{text(i18n, |l| td_string!(l, seg_last_visit))}</label>
                <select id="seg-last-visit" prop:value=move || last_visit.get() on:change=move |event| last_visit.set(event_target_value(&event))>
                    <option value="any">{text(i18n, |l| td_string!(l, seg_any))}</option>
                    <option value="not_seen">{text(i18n, |l| td_string!(l, seg_not_seen))}</option>
                    <option value="seen_within">{text(i18n, |l| td_string!(l, seg_seen_within))}</option>
                </select>
            </div>
            <Show when=move || last_visit.get() != "any">
                <NumberField id="seg-days" value=fields.days label=|l| td_string!(l, seg_days)/>
            </Show>
            <NumberField id="seg-min-visits" value=fields.min_visits label=|l| td_string!(l, seg_min_visits)/>
            <NumberField id="seg-max-visits" value=fields.max_visits label=|l| td_string!(l, seg_max_visits)/>
            <NumberField id="seg-min-spend" value=fields.min_spend label=|l| td_string!(l, seg_min_spend)/>
            <NumberField id="seg-max-spend" value=fields.max_spend label=|l| td_string!(l, seg_max_spend)/>
            <p class="hint">{text(i18n, |l| td_string!(l, seg_spend_hint))}</p>
            <Show when=move || perks.with(|perks| !perks.tiers.is_empty())>
                <div class="field">
                    <label for="seg-tier">{text(i18n, |l| td_string!(l, seg_col_tier))}</label>
                    <select id="seg-tier" prop:value=move || fields.tier.get() on:change=move |event| fields.tier.set(event_target_value(&event))>
                        <option value="">{text(i18n, |l| td_string!(l, seg_any))}</option>
                        {move || perks.get().tiers.into_iter().map(|tier| { let value = tier.name.clone(); view! { <option value=value>{tier.name}</option> } }).collect::<Vec<_>>()}
                    </select>
                </div>
            </Show>
            <Show when=move || perks.with(|perks| !perks.tags.is_empty())>
                <div class="field">
                    <label for="seg-tag">{text(i18n, |l| td_string!(l, know_tags))}</label>
                    <select id="seg-tag" prop:value=move || fields.tag.get() on:change=move |event| fields.tag.set(event_target_value(&event))>
                        <option value="">{text(i18n, |l| td_string!(l, seg_any))}</option>
                        {move || perks.get().tags.into_iter().map(|tag| view! { <option value=tag.id.to_string()>{tag.name}</option> }).collect::<Vec<_>>()}
                    </select>
                </div>
            </Show>
            <Check id="seg-birthday" value=fields.birthday label=|l| td_string!(l, seg_birthday_month)/>
            <Check id="seg-reward" value=fields.reward_ready label=|l| td_string!(l, seg_reward_ready)/>
            <Check id="seg-consent" value=fields.consent label=|l| td_string!(l, seg_consent)/>
        </div>
    }
}
