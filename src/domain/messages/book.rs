//! The device's messaging value, kept whole under one `meta` key: the owner's templates, the
//! limit and the queue; and the preparing of a campaign's messages from a selection.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::customer::Customer;
use crate::domain::know::{address, Address};
use crate::domain::shop::ShopState;

use super::audience::{Limit, Pick};
use super::festivals::FestivalEdits;
use super::queue::{Item, ItemState, Queue};
use super::templates::{fill, TemplateKind, Templates, Values};

/// Templates, limit and queue, as stored (every field defaults, so an older value reads).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Book {
    /// The owner's own texts.
    #[serde(default)]
    pub templates: Templates,
    /// The promotional limit.
    #[serde(default)]
    pub limit: Limit,
    /// The messages to send.
    #[serde(default)]
    pub queue: Queue,
    /// How many campaigns were queued on this device, for the next campaign's name.
    #[serde(default)]
    pub campaigns: u32,
    /// The festival calendar's corrections and the shop's own festivals (`festivals.rs`).
    #[serde(default)]
    pub festivals: FestivalEdits,
    /// The day the morning's birthday and anniversary greetings were last added (`morning.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::iso_date::optional")]
    pub morning: Option<NaiveDate>,
}

impl Book {
    /// Reads the stored text; a value that does not decode starts afresh rather than locking the
    /// screen (it holds no customer data that the log lacks).
    pub fn read(text: Option<&str>) -> Book {
        text.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default()
    }

    /// The stored text.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What a campaign adds to every message: an offer's code, a date, a festival's name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    /// {code}
    pub code: String,
    /// {date}
    pub date: String,
    /// {festival}
    pub festival: String,
    /// {festival} in each customer's language, for a built-in festival whose name the owner did
    /// not change (a Bengali greeting says দীপাবলি, a Gujarati one દિવાળી); else `festival`.
    pub festival_in: std::collections::BTreeMap<super::consent::Lang, String>,
}

fn some(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Makes a customer's signed card link for `{link}`; `None` when it cannot be made (the screens
/// say why: the shop's card key could not be read).
pub type LinkFor<'l> = &'l dyn Fn(&Customer) -> Option<String>;

/// No card links (the texts then leave `{link}` empty).
pub fn no_links(_: &Customer) -> Option<String> {
    None
}

/// The placeholders' values for one customer.
pub fn values_for(customer: &Customer, shop: &ShopState, extra: &Extra, link: LinkFor) -> Values {
    let name = match address(customer) {
        Address::Called(called) => called,
        Address::FirstName(first) => first,
    };
    let summary = customer.summary(shop.program.stamps_per_reward);
    Values {
        name,
        shop: shop.profile.name.clone(),
        stamps: Some(summary.stamps_on_card.to_string()),
        more: Some(summary.card_size.saturating_sub(summary.stamps_on_card).to_string()),
        reward: Some(shop.program.reward.clone()),
        link: link(customer),
        code: some(&extra.code),
        date: some(&extra.date),
        festival: some(&extra.festival),
    }
}

/// The filled message of a kind for one customer in their language.
pub fn message_for(kind: TemplateKind, pick: &Pick, customer: &Customer, shop: &ShopState, templates: &Templates, extra: &Extra, link: LinkFor) -> String {
    let mut values = values_for(customer, shop, extra, link);
    if let Some(name) = extra.festival_in.get(&pick.lang) {
        values.festival = Some(name.clone());
    }
    fill(templates.text(kind, pick.lang), &values)
}

/// Whether a kind's text in any language uses `{link}` (a campaign then needs the card key).
pub fn uses_link(templates: &Templates, kind: TemplateKind) -> bool {
    super::consent::Lang::ALL.into_iter().any(|lang| templates.text(kind, lang).contains("{link}"))
}

/// The queue's items for a campaign's picks (customers missing from `customers` are skipped).
pub fn prepare<'c>(
    kind: TemplateKind,
    picks: &[Pick],
    customers: impl Fn(&Pick) -> Option<&'c Customer>,
    shop: &ShopState,
    templates: &Templates,
    extra: &Extra,
    link: LinkFor,
    campaign: &str,
) -> Vec<Item> {
    picks
        .iter()
        .filter_map(|pick| {
            let customer = customers(pick)?;
            let profile = customer.profile.as_ref()?;
            Some(Item {
                customer: customer.id,
                name: profile.name.clone(),
                phone: profile.phone.clone(),
                text: message_for(kind, pick, customer, shop, templates, extra, link),
                template: kind,
                campaign: campaign.to_owned(),
                channel: pick.channel,
                lang: pick.lang,
                state: ItemState::Waiting,
            })
        })
        .collect()
}
