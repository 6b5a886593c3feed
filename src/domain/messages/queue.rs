//! The queue the clerk works through: "Send next" opens the message in WhatsApp (or SMS), and
//! when the clerk comes back to Mohar the message counts as sent (a `MessageSent` event). Skip
//! and "not on WhatsApp" are one tap each. The whole queue is one value the app keeps in the
//! `meta` store and writes in one put after every step, so a reload resumes where it was.

use serde::{Deserialize, Serialize};

use crate::domain::card::{sms_link, whatsapp_link};
use crate::domain::ids::CustomerId;
use crate::domain::phone::Phone;

use super::consent::{Channel, Lang, MessagingChange};
use super::templates::TemplateKind;

/// Where one message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// Not sent yet.
    Waiting,
    /// Opened in WhatsApp or SMS; sent once the clerk comes back.
    Opened,
    /// Sent (its `MessageSent` event is saved).
    Sent,
    /// Skipped by the clerk.
    Skipped,
}

/// One prepared message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// To whom.
    pub customer: CustomerId,
    /// Their name, as the queue lists it.
    pub name: String,
    /// Their number.
    pub phone: Phone,
    /// The filled text.
    pub text: String,
    /// Which template.
    pub template: TemplateKind,
    /// The campaign it belongs to.
    pub campaign: String,
    /// WhatsApp or SMS.
    pub channel: Channel,
    /// The language it is written in.
    pub lang: Lang,
    /// Where it is.
    pub state: ItemState,
}

impl Item {
    /// The link that opens the message, ready to send.
    pub fn link(&self) -> String {
        match self.channel {
            Channel::Whatsapp => whatsapp_link(&self.phone, &self.text),
            Channel::Sms => sms_link(&self.phone, &self.text),
        }
    }
}

/// The queue: campaigns added one after the other, worked through in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// Every message, in order.
    pub items: Vec<Item>,
}

impl Queue {
    /// Adds a campaign's messages at the end.
    pub fn add(&mut self, items: impl IntoIterator<Item = Item>) {
        self.items.extend(items);
    }

    /// The message "Send next" opens: one opened and not yet confirmed, else the first waiting.
    pub fn current(&self) -> Option<usize> {
        self.items.iter().position(|item| item.state == ItemState::Opened).or_else(|| self.items.iter().position(|item| item.state == ItemState::Waiting))
    }

    /// "Send next": marks the current message opened and returns its link.
    pub fn open_next(&mut self) -> Option<String> {
        let index = self.current()?;
        let item = &mut self.items[index];
        item.state = ItemState::Opened;
        Some(item.link())
    }

    /// The clerk came back: the opened message is sent. Returns it (its `MessageSent` event is
    /// to be saved, `Counter::plan_message_sent`), or `None` when nothing was opened.
    pub fn came_back(&mut self) -> Option<Item> {
        let item = self.items.iter_mut().find(|item| item.state == ItemState::Opened)?;
        item.state = ItemState::Sent;
        Some(item.clone())
    }

    /// Skips the current message.
    pub fn skip(&mut self) -> bool {
        let Some(index) = self.current() else { return false };
        self.items[index].state = ItemState::Skipped;
        true
    }

    /// "Not on WhatsApp": the current message goes by SMS instead (opened again from the start),
    /// and every other waiting message to that customer too. Returns the customer and the
    /// change that remembers it, or `None` when there is no current WhatsApp message.
    pub fn not_on_whatsapp(&mut self) -> Option<(CustomerId, MessagingChange)> {
        let index = self.current()?;
        let customer = self.items[index].customer;
        if self.items[index].channel != Channel::Whatsapp {
            return None;
        }
        for item in self.items.iter_mut().filter(|item| item.customer == customer && matches!(item.state, ItemState::Waiting | ItemState::Opened)) {
            item.channel = Channel::Sms;
            item.state = ItemState::Waiting;
        }
        Some((customer, MessagingChange { whatsapp: Some(false), ..MessagingChange::default() }))
    }

    /// "12 of 120 sent": (sent, all but the skipped).
    pub fn progress(&self) -> (usize, usize) {
        let sent = self.items.iter().filter(|item| item.state == ItemState::Sent).count();
        let counted = self.items.iter().filter(|item| item.state != ItemState::Skipped).count();
        (sent, counted)
    }

    /// Customers with a message still waiting (or opened) in the queue.
    pub fn waiting_customers(&self) -> std::collections::BTreeSet<CustomerId> {
        self.items.iter().filter(|item| matches!(item.state, ItemState::Waiting | ItemState::Opened)).map(|item| item.customer).collect()
    }

    /// Forgets finished campaigns once nothing is left to send, so the stored value stays small.
    pub fn clear_finished(&mut self) {
        if self.current().is_none() {
            self.items.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::phone::Country;

    fn item(n: u8, text: &str) -> Item {
        Item {
            customer: CustomerId::from_bytes([n; 16]),
            name: format!("C{n}"),
            phone: Phone::parse(&format!("98765432{n:02}"), Country::India).unwrap(),
            text: text.into(),
            template: TemplateKind::NewOffer,
            campaign: "c1".into(),
            channel: Channel::Whatsapp,
            lang: Lang::Bn,
            state: ItemState::Waiting,
        }
    }

    #[test]
    fn send_next_opens_then_coming_back_marks_sent() {
        let mut queue = Queue::default();
        queue.add([item(1, "নমস্কার & hi"), item(2, "b")]);
        assert_eq!(queue.progress(), (0, 2));
        let link = queue.open_next().unwrap();
        assert_eq!(link, "https://wa.me/919876543201?text=%E0%A6%A8%E0%A6%AE%E0%A6%B8%E0%A7%8D%E0%A6%95%E0%A6%BE%E0%A6%B0%20%26%20hi");
        // A reload before coming back finds the same message current.
        let reloaded: Queue = serde_json::from_str(&serde_json::to_string(&queue).unwrap()).unwrap();
        assert_eq!(reloaded.current(), Some(0));
        assert_eq!(queue.came_back().map(|item| item.channel), Some(Channel::Whatsapp));
        assert_eq!(queue.came_back(), None);
        assert_eq!(queue.progress(), (1, 2));
        assert_eq!(queue.current(), Some(1));
    }

    #[test]
    fn skip_and_not_on_whatsapp_are_one_tap() {
        let mut queue = Queue::default();
        queue.add([item(1, "a"), item(2, "b")]);
        assert!(queue.skip());
        assert_eq!(queue.progress(), (0, 1));
        assert!(queue.not_on_whatsapp().is_some());
        assert!(queue.open_next().unwrap().starts_with("sms:+919876543202?body=b"));
        assert!(queue.came_back().is_some());
        assert_eq!(queue.current(), None);
        queue.clear_finished();
        assert!(queue.items.is_empty());
    }
}
