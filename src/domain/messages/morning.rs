//! The morning's greetings (issue 11): on the device's first start of a day, the customers whose
//! birthday or wedding anniversary is today, and who agreed to messages, get their greeting added
//! to the queue, at most once per customer per year.
//!
//! "Once" holds across restarts, two tabs and devices because it is derived from what they all
//! share, never from a flag of this run alone:
//! - the customer's record knows when their latest greeting of each kind was sent
//!   (`Messaging::greeted_at`, folded from `MessageSent` events, so synced from every device);
//!   one sent within [`GREETED_WITHIN_DAYS`] is this year's;
//! - the queue holds every item of the year's greeting campaign, waiting, sent or skipped, until
//!   the queue is emptied, and a customer with one is not added again (two tabs read the queue
//!   just before each write);
//! - the device's messaging value remembers the day the greetings were last added
//!   ([`Book::morning`]), so a greeting the clerk skipped is not offered again that day.
//!
//! The promotional limit is respected too: a greeting often carries an offer, and a customer who
//! had the shop's limit of offers this week is left for another year rather than sent more.

use chrono::{Datelike, Duration};

use crate::domain::customer::Customer;

use super::audience::{matches, may_send, Audience, Context, LeftOut, Pick};
use super::book::{prepare, Book, Extra, LinkFor};
use super::queue::Queue;
use super::templates::TemplateKind;

/// A greeting of the same kind sent less than this many days ago was this year's.
pub const GREETED_WITHIN_DAYS: i64 = 180;

/// The two kinds the morning offers, and the audience each is for.
const KINDS: [(TemplateKind, Audience); 2] = [(TemplateKind::Birthday, Audience::BirthdaysToday), (TemplateKind::Anniversary, Audience::AnniversariesToday)];

/// The name of the year's greeting campaign of a kind ("birthday-2027").
pub fn campaign(kind: TemplateKind, year: i32) -> String {
    format!("{}-{year}", kind.key())
}

/// Who gets a greeting this morning, by kind, in the customers' order. `context.queued` is not
/// looked at: a customer with an offer waiting still gets their birthday greeting; the queue's
/// own items of the year's greeting campaign are.
pub fn greetings<'c>(customers: impl IntoIterator<Item = &'c Customer>, queue: &Queue, context: &Context) -> Vec<(TemplateKind, Pick)> {
    let empty = Default::default();
    let context = Context { queued: &empty, ..context.clone() };
    let mut picks = Vec::new();
    for customer in customers {
        if customer.is_removed() {
            continue;
        }
        for (kind, audience) in &KINDS {
            if !matches(audience, customer, &context) {
                continue;
            }
            let greeted = customer.messaging.greeted_at(*kind).is_some_and(|at| context.now - at < Duration::days(GREETED_WITHIN_DAYS));
            let name = campaign(*kind, context.today.year());
            let queued = queue.items.iter().any(|item| item.customer == customer.id && item.template == *kind && item.campaign == name);
            if greeted || queued {
                continue;
            }
            let Ok(pick) = may_send(*kind, customer, &context) else { continue };
            // The limit, as an offer would meet it.
            if matches!(may_send(TemplateKind::NewOffer, customer, &context), Err(LeftOut::OverLimit { .. })) {
                continue;
            }
            picks.push((*kind, pick));
        }
    }
    picks
}

/// Adds the morning's greetings to the queue, once a day: returns how many were added (none when
/// this day's were added already). `customers` are every customer's record.
pub fn add_greetings(book: &mut Book, customers: &[Customer], context: &Context, link: LinkFor) -> usize {
    if book.morning == Some(context.today) {
        return 0;
    }
    book.morning = Some(context.today);
    let picks = greetings(customers, &book.queue, context);
    let mut items = Vec::new();
    for (kind, _) in &KINDS {
        let of_kind: Vec<Pick> = picks.iter().filter(|(k, _)| k == kind).map(|(_, pick)| *pick).collect();
        if of_kind.is_empty() {
            continue;
        }
        let find = |pick: &Pick| customers.iter().find(|customer| customer.id == pick.customer);
        items.extend(prepare(*kind, &of_kind, find, context.shop, &book.templates, &Extra::default(), link, &campaign(*kind, context.today.year())));
    }
    let added = items.len();
    if added > 0 {
        book.queue.clear_finished();
        book.queue.add(items);
    }
    added
}
