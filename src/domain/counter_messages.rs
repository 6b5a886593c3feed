//! The counter's actions for messages (issue 11): a change of a customer's consent or message
//! preferences, and a message sent from the queue. A child of `counter.rs` so that it plans
//! through the same private helpers (clock, revisions, in-flight changes).

use chrono::{DateTime, Utc};

use super::{Change, Counter};
use crate::domain::customer::Customer;
use crate::domain::error::DomainError;
use crate::domain::event::EventKind;
use crate::domain::ids::EventId;
use crate::domain::messages::{Item, MessagingChange};

impl Counter {
    /// Plans a change of the customer's consent or preferences ("Agrees to messages", opt-out,
    /// "replied STOP", "not on WhatsApp"). Written with the customer's record, like a stamp.
    pub fn plan_messaging(&mut self, current: &Customer, change: MessagingChange, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let event = self.event(event_id, now, EventKind::MessagingChanged { customer: current.id, change });
        self.customer_change(current, Some(current.rev), event, now)
    }

    /// Plans the record of a message sent from the queue (what the limit counts).
    pub fn plan_message_sent(&mut self, current: &Customer, item: &Item, event_id: EventId, now: DateTime<Utc>) -> Result<Change, DomainError> {
        let kind = EventKind::MessageSent { customer: current.id, template: item.template, campaign: item.campaign.clone(), channel: item.channel };
        let event = self.event(event_id, now, kind);
        self.customer_change(current, Some(current.rev), event, now)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::messages::{Channel, ConsentHow, ItemState, Lang, TemplateKind};
    use crate::domain::{Clock, Country, CustomerForm, CustomerId, DeviceId, Program, SearchIndex, ShopProfile};

    #[test]
    fn consent_and_a_sent_message_are_saved_with_the_record() {
        let now = Utc.with_ymd_and_hms(2027, 3, 1, 10, 0, 0).unwrap();
        let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
        let profile = ShopProfile { name: "Chai Point".into(), country: Country::India };
        let set_up = Counter::plan_set_up(profile, Program::default(), &mut clock, EventId::from_bytes([1; 16]), now).unwrap();
        let mut counter = Counter::new(set_up.shop.unwrap(), clock, SearchIndex::default(), 0);
        let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
        let added = counter.plan_new_customer(&form, CustomerId::from_bytes([2; 16]), EventId::from_bytes([3; 16]), now).unwrap();
        counter.committed(&added);
        let customer = added.customer.clone().unwrap();
        let yes = MessagingChange { consent: Some((true, ConsentHow::Counter)), ..MessagingChange::default() };
        let change = counter.plan_messaging(&customer, yes, EventId::from_bytes([4; 16]), now).unwrap();
        counter.committed(&change);
        let customer = change.customer.unwrap();
        assert!(customer.messaging.agreed());
        assert_eq!(change.base_rev, Some(added.customer.as_ref().unwrap().rev));

        let item = Item {
            customer: customer.id,
            name: "Asha".into(),
            phone: customer.profile.as_ref().unwrap().phone.clone(),
            text: "hi".into(),
            template: TemplateKind::NewOffer,
            campaign: "x".into(),
            channel: Channel::Whatsapp,
            lang: Lang::Hi,
            state: ItemState::Sent,
        };
        let change = counter.plan_message_sent(&customer, &item, EventId::from_bytes([5; 16]), now).unwrap();
        assert_eq!(change.customer.unwrap().messaging.promotions.len(), 1);
    }
}
