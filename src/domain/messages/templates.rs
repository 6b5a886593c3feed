//! Message templates: which kinds there are, which rules each follows, and filling in the
//! placeholders ({name} {shop} {stamps} {more} {reward} {link} {code} {date} {festival}).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::consent::Lang;

/// The messages a shop sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// The card after a visit.
    CardUpdate,
    /// A full card waiting.
    RewardReady,
    /// After the first visit.
    ThankYou,
    /// "How was it?"
    FeedbackRequest,
    /// Birthday greeting.
    Birthday,
    /// Wedding anniversary greeting.
    Anniversary,
    /// Festival greeting.
    Festival,
    /// New stock arrived.
    NewStock,
    /// A new offer.
    NewOffer,
    /// Customers who stopped coming.
    WeMissYou,
    /// A complaint was resolved.
    ComplaintResolved,
}

/// Which rule a message follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// About the customer's card: only to those who asked for their card on WhatsApp/SMS; not
    /// counted by the limit.
    Card,
    /// A personal message (thanks, feedback, a greeting on their own day, a complaint's outcome):
    /// only to those who agreed; not counted by the limit, since it comes at most once per
    /// occasion.
    Personal,
    /// An offer, new stock, a festival greeting to everyone, "we miss you": only to those who
    /// agreed, and at most the shop's limit per period.
    Promotional,
}

impl TemplateKind {
    /// Every kind, in the order the screens list them.
    pub const ALL: [TemplateKind; 11] = [
        TemplateKind::CardUpdate,
        TemplateKind::RewardReady,
        TemplateKind::ThankYou,
        TemplateKind::FeedbackRequest,
        TemplateKind::Birthday,
        TemplateKind::Anniversary,
        TemplateKind::Festival,
        TemplateKind::NewStock,
        TemplateKind::NewOffer,
        TemplateKind::WeMissYou,
        TemplateKind::ComplaintResolved,
    ];

    /// The rule it follows.
    pub fn class(self) -> Class {
        match self {
            TemplateKind::CardUpdate | TemplateKind::RewardReady => Class::Card,
            TemplateKind::ThankYou | TemplateKind::FeedbackRequest | TemplateKind::Birthday | TemplateKind::Anniversary | TemplateKind::ComplaintResolved => {
                Class::Personal
            }
            TemplateKind::Festival | TemplateKind::NewStock | TemplateKind::NewOffer | TemplateKind::WeMissYou => Class::Promotional,
        }
    }

    /// The stored name ("card_update").
    pub fn key(self) -> &'static str {
        match self {
            TemplateKind::CardUpdate => "card_update",
            TemplateKind::RewardReady => "reward_ready",
            TemplateKind::ThankYou => "thank_you",
            TemplateKind::FeedbackRequest => "feedback_request",
            TemplateKind::Birthday => "birthday",
            TemplateKind::Anniversary => "anniversary",
            TemplateKind::Festival => "festival",
            TemplateKind::NewStock => "new_stock",
            TemplateKind::NewOffer => "new_offer",
            TemplateKind::WeMissYou => "we_miss_you",
            TemplateKind::ComplaintResolved => "complaint_resolved",
        }
    }

    /// The kind of a stored name.
    pub fn from_key(key: &str) -> Option<TemplateKind> {
        TemplateKind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// The default text in a language.
    pub fn default_text(self, lang: Lang) -> &'static str {
        super::defaults::text(self, lang)
    }
}

/// The owner's own texts, by kind and language; a missing one is the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Templates(pub BTreeMap<TemplateKind, BTreeMap<Lang, String>>);

/// The longest template, in characters (WhatsApp takes far more; an SMS splits beyond 70
/// characters of Indian scripts anyway).
pub const MAX_TEMPLATE_CHARS: usize = 1000;

impl Templates {
    /// The text used for a kind in a language.
    pub fn text(&self, kind: TemplateKind, lang: Lang) -> &str {
        self.0.get(&kind).and_then(|by_lang| by_lang.get(&lang)).map_or_else(|| kind.default_text(lang), String::as_str)
    }

    /// Saves the owner's text; an empty text or the default itself goes back to the default.
    pub fn set(&mut self, kind: TemplateKind, lang: Lang, text: &str) {
        let text: String = text.trim().chars().take(MAX_TEMPLATE_CHARS).collect();
        let by_lang = self.0.entry(kind).or_default();
        if text.is_empty() || text == kind.default_text(lang) {
            by_lang.remove(&lang);
        } else {
            by_lang.insert(lang, text);
        }
        if by_lang.is_empty() {
            self.0.remove(&kind);
        }
    }
}

/// What the placeholders are filled with; `None` leaves an empty place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    /// How the shop addresses the customer ("Sharma ji", or the first name).
    pub name: String,
    /// The shop's name.
    pub shop: String,
    /// Stamps on the card in progress, already written in the customer's digits.
    pub stamps: Option<String>,
    /// Stamps still needed for the reward.
    pub more: Option<String>,
    /// The reward.
    pub reward: Option<String>,
    /// The card link.
    pub link: Option<String>,
    /// An offer's code.
    pub code: Option<String>,
    /// A date ("until 12 March").
    pub date: Option<String>,
    /// A festival's name.
    pub festival: Option<String>,
}

/// Fills a template's placeholders. An unknown `{word}` is left as written, so a typo shows in
/// the preview instead of vanishing; braces without a placeholder stay too.
pub fn fill(template: &str, values: &Values) -> String {
    fill_with(template, |name| match name {
        "name" => Some(values.name.as_str()),
        "shop" => Some(values.shop.as_str()),
        "stamps" => Some(values.stamps.as_deref().unwrap_or("")),
        "more" => Some(values.more.as_deref().unwrap_or("")),
        "reward" => Some(values.reward.as_deref().unwrap_or("")),
        "link" => Some(values.link.as_deref().unwrap_or("")),
        "code" => Some(values.code.as_deref().unwrap_or("")),
        "date" => Some(values.date.as_deref().unwrap_or("")),
        "festival" => Some(values.festival.as_deref().unwrap_or("")),
        _ => None,
    })
}

/// Fills `{name}` places from `(name, value)` pairs: the app's translations use it for their
/// arguments (`app/numbers.rs` re-exports it), so there is one filling for messages and screens.
pub fn fill_pairs<'v>(template: &str, arguments: &[(&str, &'v str)]) -> String {
    fill_with(template, |name| arguments.iter().find(|(key, _)| *key == name).map(|(_, value)| *value))
}

/// The one filling: each `{word}` for which `value` has something is replaced by it (a value is
/// never read again for places), any other brace is kept as written.
pub fn fill_with<'v>(template: &str, value: impl Fn(&str) -> Option<&'v str>) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        match value(&after[..close]) {
            Some(value) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        let values = Values { name: "Asha".into(), shop: "Gupta Sweets".into(), stamps: Some("7".into()), ..Values::default() };
        assert_eq!(fill("Hi {name}, {stamps} at {shop} {oops} {code}.", &values), "Hi Asha, 7 at Gupta Sweets {oops} .");
        assert_eq!(fill("{ {name", &values), "{ {name");
        assert_eq!(fill("{{name}}", &values), "{Asha}");
    }

    #[test]
    fn the_screens_filling_and_the_messages_filling_are_one() {
        // `app/numbers.rs::fill` is `fill_pairs`: the same rules as the messages' placeholders.
        assert_eq!(fill_pairs("{a} {b} {", &[("a", "{b}")]), "{b} {b} {");
        let values = Values { name: "Asha".into(), shop: "Gupta Sweets".into(), ..Values::default() };
        let template = "{name} at {shop} {oops} {name";
        assert_eq!(fill_pairs(template, &[("name", "Asha"), ("shop", "Gupta Sweets")]), fill(template, &values));
    }

    #[test]
    fn every_default_exists_in_every_language_and_uses_only_known_placeholders() {
        let values = Values {
            name: "N".into(),
            shop: "S".into(),
            stamps: Some("1".into()),
            more: Some("2".into()),
            reward: Some("R".into()),
            link: Some("L".into()),
            code: Some("C".into()),
            date: Some("D".into()),
            festival: Some("F".into()),
        };
        for kind in TemplateKind::ALL {
            for lang in Lang::ALL {
                let text = kind.default_text(lang);
                let filled = fill(text, &values);
                assert!(!filled.contains('{') && !filled.contains('}'), "{kind:?} {lang:?}: {filled}");
                assert!(filled.contains('S'), "{kind:?} {lang:?} names the shop");
            }
        }
    }

    #[test]
    fn an_edited_text_replaces_the_default_until_cleared() {
        let mut templates = Templates::default();
        templates.set(TemplateKind::NewOffer, Lang::Hi, "  नया ऑफ़र {code}  ");
        assert_eq!(templates.text(TemplateKind::NewOffer, Lang::Hi), "नया ऑफ़र {code}");
        assert_eq!(templates.text(TemplateKind::NewOffer, Lang::Gu), TemplateKind::NewOffer.default_text(Lang::Gu));
        templates.set(TemplateKind::NewOffer, Lang::Hi, "");
        assert_eq!(templates, Templates::default());
    }
}
