//! Feedback in one tap (issue 10, "Hear them out"): after a stamp the counter asks "How was it
//! today?" — a rating from 1 to 5, optionally a kind (praise, question, suggestion) and a
//! comment. The answer is a `FeedbackGiven` event in the log; it changes no card. A happy
//! rating offers the shop's review page, sent to the customer on WhatsApp.

use serde::{Deserialize, Serialize};

use super::card::{encode_uri_component, rewards_page_address};
use super::error::DomainError;
use super::event::EventKind;
use super::ids::CustomerId;
use super::phone::Phone;

/// The longest comment (and the longest text of a complaint or an answer), in characters: a
/// few sentences, which is what a clerk types at a counter.
pub const MAX_COMMENT_CHARS: usize = 500;

/// The lowest rating that counts as happy and offers the review page.
pub const HAPPY_RATING: u8 = 4;

/// What kind of feedback it is, when the clerk says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// "Very good tea."
    Praise,
    /// A question for the owner, who answers it on the Questions screen.
    Question,
    /// "Open earlier on Sundays."
    Suggestion,
}

impl Topic {
    /// Every kind, in the order the counter shows them.
    pub const ALL: [Topic; 3] = [Topic::Praise, Topic::Question, Topic::Suggestion];
}

/// A comment, note or complaint as it is kept: trimmed, at most [`MAX_COMMENT_CHARS`].
pub fn checked_text(text: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(DomainError::CommentTooLong { max: MAX_COMMENT_CHARS });
    }
    Ok(text.to_owned())
}

/// The event for a customer's feedback, or why not: the rating must be 1 to 5.
pub fn feedback(customer: CustomerId, rating: u8, topic: Option<Topic>, comment: &str) -> Result<EventKind, DomainError> {
    if !(1..=5).contains(&rating) {
        return Err(DomainError::RatingOutOfRange);
    }
    Ok(EventKind::FeedbackGiven { customer, rating, topic, comment: checked_text(comment)? })
}

/// Whether a rating is happy enough to ask for a review.
pub fn is_happy(rating: u8) -> bool {
    rating >= HAPPY_RATING
}

/// Why a "Review page address" was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewAddressError {
    /// Not an `https://` address with a host (a review link goes to the customer's phone, so
    /// it must be a secure web address, such as a Google Maps review link).
    #[error("the review page must be an https:// address")]
    NotHttps,
}

/// Checks the "Review page address" typed in Settings: empty (no review request) or an
/// `https://host/…` address, returned trimmed. The fragment is kept: review links may need it.
pub fn review_page_address(input: &str) -> Result<Option<String>, ReviewAddressError> {
    let address = input.trim();
    if address.is_empty() {
        return Ok(None);
    }
    let https = address.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    // The rewards page's check does the rest (a host, no spaces or quotes); it drops the
    // fragment, which is why its answer only says yes or no here.
    if !https || rewards_page_address(address).is_err() {
        return Err(ReviewAddressError::NotHttps);
    }
    Ok(Some(address.to_owned()))
}

/// The WhatsApp link asking for a review: a chat with the customer's `phone` and `message`
/// typed in, the review page at its end.
pub fn review_request_link(phone: &Phone, message: &str, review_page: &str) -> String {
    let text = format!("{message} {review_page}");
    format!("https://wa.me/{}?text={}", phone.digits(), encode_uri_component(&text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Country;

    #[test]
    fn a_rating_is_one_to_five_and_a_comment_has_a_limit() {
        let asha = CustomerId::from_bytes([1; 16]);
        assert_eq!(feedback(asha, 0, None, ""), Err(DomainError::RatingOutOfRange));
        assert_eq!(feedback(asha, 6, None, ""), Err(DomainError::RatingOutOfRange));
        let long = "च".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(feedback(asha, 5, None, &long), Err(DomainError::CommentTooLong { max: MAX_COMMENT_CHARS }));
        let given = feedback(asha, 5, Some(Topic::Praise), "  बहुत अच्छी चाय ").unwrap();
        assert_eq!(given, EventKind::FeedbackGiven { customer: asha, rating: 5, topic: Some(Topic::Praise), comment: "बहुत अच्छी चाय".into() });
        assert!(is_happy(4) && is_happy(5) && !is_happy(3));
    }

    #[test]
    fn the_review_page_must_be_an_https_address() {
        assert_eq!(review_page_address("  "), Ok(None));
        let maps = "https://g.page/r/CabcXYZ/review";
        assert_eq!(review_page_address(&format!(" {maps} ")), Ok(Some(maps.to_owned())));
        assert_eq!(review_page_address("HTTPS://maps.app.goo.gl/x#r"), Ok(Some("HTTPS://maps.app.goo.gl/x#r".to_owned())));
        for bad in ["http://g.page/r/x", "g.page/r/x", "https://", "https:// g.page", "javascript:alert(1)", "https://a b"] {
            assert_eq!(review_page_address(bad), Err(ReviewAddressError::NotHttps), "{bad:?}");
        }
    }

    #[test]
    fn the_review_request_goes_to_the_customers_whatsapp_with_the_page() {
        let phone = Phone::parse("98765 43210", Country::India).unwrap();
        let link = review_request_link(&phone, "धन्यवाद! यहाँ लिखें:", "https://g.page/r/x/review");
        assert!(link.starts_with("https://wa.me/919876543210?text="), "{link}");
        assert!(link.ends_with("%20https%3A%2F%2Fg.page%2Fr%2Fx%2Freview"), "{link}");
        assert!(!link.contains(' '));
    }
}
