//! Messages that bring customers back, without spamming them (issue 11).
//!
//! There is no server and no paid messaging API: Mohar prepares each message and the clerk sends
//! it from the tablet's own WhatsApp or SMS app, one tap each, from a queue. This module is the
//! pure half: what a customer agreed to and how they want to be reached (`consent.rs`, folded
//! from `MessagingChanged` and `MessageSent` events into the customer's record), the templates and
//! their filling (`templates.rs`, `defaults.rs`), the festival calendar (`festivals.rs`), the
//! morning's birthday and anniversary greetings (`morning.rs`), who a campaign reaches and who is left out and
//! why (`audience.rs`), and the queue the clerk works through (`queue.rs`).
//!
//! Everything takes `now` as an argument; nothing here reads a clock or touches the browser.

pub mod audience;
pub mod book;
pub mod consent;
mod defaults;
pub mod festivals;
pub mod morning;
pub mod queue;
pub mod templates;

pub use audience::{select, Audience, Context, LeftOut, Limit, Pick, Selection};
pub use book::{Book, Extra};
pub use festivals::{Festival, FestivalEdits, Occurrence, Which};
pub use consent::{Channel, ConsentHow, Lang, MessagingChange, Messaging};
pub use queue::{Item, ItemState, Queue};
pub use templates::{fill, Class, TemplateKind, Templates, Values};
