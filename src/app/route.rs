//! The screen shown, kept in the URL hash (`#/customer/<id>`) so a reload returns to it.

use crate::domain::CustomerId;

/// One screen of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// Search and the customer list (home).
    Counter,
    /// The new-customer form.
    NewCustomer,
    /// One customer's card.
    Customer(CustomerId),
    /// The form correcting a customer's details.
    EditCustomer(CustomerId),
    /// Shop, program, storage and version.
    Settings,
    /// "Check a card": is a card link genuinely this shop's?
    CheckCard,
    /// Feedback: open complaints and questions to answer (issue 10; an owner's screen).
    Feedback,
    /// Staff and owner: every event, newest first (owner's bundle).
    Activity,
    /// Sync (issue 14): what devices did differently offline, for the owner (owner's bundle).
    NeedsALook,
    /// Messages (issue 11): campaigns, templates and the limit (owner's bundle, owner's PIN).
    Messages,
    /// Messages (issue 11): the queue the clerk sends from (owner's bundle, no PIN).
    MessageQueue,
    /// The owner's dashboard (issue 12, owner's bundle).
    Dashboard,
    /// Segments (issue 12, owner's bundle).
    Segments,
}

impl Route {
    /// Parses a location hash such as `#/customer/ab12…`; anything unknown is the counter.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        // "#/new?q=…" carries what the clerk searched for into the new-customer form.
        let path = path.split('?').next().unwrap_or_default();
        let mut parts = path.split('/');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("new"), None, _) => Route::NewCustomer,
            (Some("settings"), None, _) => Route::Settings,
            (Some("check"), None, _) => Route::CheckCard,
            (Some("feedback"), None, _) => Route::Feedback,
            (Some("activity"), None, _) => Route::Activity,
            (Some("look"), None, _) => Route::NeedsALook,
            (Some("messages"), None, _) => Route::Messages,
            (Some("queue"), None, _) => Route::MessageQueue,
            (Some("dashboard"), None, _) => Route::Dashboard,
            (Some("segments"), None, _) => Route::Segments,
            (Some("customer"), Some(id), None) => id.parse().map_or(Route::Counter, Route::Customer),
            (Some("customer"), Some(id), Some("edit")) => id.parse().map_or(Route::Counter, Route::EditCustomer),
            _ => Route::Counter,
        }
    }

    /// The hash for this route, starting with `#/`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Counter => "#/".to_owned(),
            Route::NewCustomer => "#/new".to_owned(),
            Route::Customer(id) => format!("#/customer/{id}"),
            Route::EditCustomer(id) => format!("#/customer/{id}/edit"),
            Route::Settings => "#/settings".to_owned(),
            Route::CheckCard => "#/check".to_owned(),
            Route::Feedback => "#/feedback".to_owned(),
            Route::Activity => "#/activity".to_owned(),
            Route::NeedsALook => "#/look".to_owned(),
            Route::Messages => "#/messages".to_owned(),
            Route::MessageQueue => "#/queue".to_owned(),
            Route::Dashboard => "#/dashboard".to_owned(),
            Route::Segments => "#/segments".to_owned(),
        }
    }

    /// The new-customer form with what a search that found nobody was for (see
    /// [`new_customer_query`]).
    pub fn new_customer_for(query: &str) -> String {
        let query = query.trim();
        if query.is_empty() {
            return Route::NewCustomer.to_hash();
        }
        format!("#/new?q={}", String::from(js_sys::encode_uri_component(query)))
    }

    /// The route of the current page.
    pub fn current() -> Route {
        let hash = web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default();
        Route::from_hash(&hash)
    }
}

/// The search text a "#/new?q=…" hash carries, if any.
pub fn new_customer_query() -> Option<String> {
    let hash = web_sys::window().and_then(|window| window.location().hash().ok())?;
    let encoded = hash.split_once("?q=")?.1;
    js_sys::decode_uri_component(encoded).ok().map(String::from).filter(|query| !query.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_round_trip() {
        let id = CustomerId::from_bytes([0xab; 16]);
        for route in [Route::Counter, Route::NewCustomer, Route::Customer(id), Route::EditCustomer(id), Route::Settings, Route::CheckCard, Route::Feedback, Route::Activity, Route::NeedsALook, Route::Messages, Route::MessageQueue, Route::Dashboard, Route::Segments] {
            assert_eq!(Route::from_hash(&route.to_hash()), route);
        }
        assert_eq!(Route::from_hash(""), Route::Counter);
        assert_eq!(Route::from_hash("#/new?q=98765"), Route::NewCustomer);
        assert_eq!(Route::from_hash("#/customer/not-an-id"), Route::Counter);
    }
}
