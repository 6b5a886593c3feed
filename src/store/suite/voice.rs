//! Suite cases about questions and complaints (issue 10, "Hear them out").

use chrono::Duration;

use super::imp::{device, now, program};
use crate::domain::follow_up::{ApologyChoice, Kind, Status};
use crate::domain::{Clock, Counter, Country, CustomerForm, CustomerId, EventId, SearchIndex, ShopProfile};
use crate::store::{Durability, Store};

/// Questions and complaints are kept beside the log, each written with its event: the open
/// ones are listed oldest first; a resolved complaint leaves the list, and its apology's
/// stamps are on the customer's record, written in the same commit.
pub async fn questions_and_complaints_are_kept_beside_the_log<S: Store>(store: &S) {
    let ids = |n: u8| EventId::from_bytes([0x70; 15].into_iter().chain([n]).collect::<Vec<u8>>().try_into().expect("16 bytes"));
    let mut clock = Clock::new(device());
    let profile = ShopProfile { name: "Voice Tea".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, program(), &mut clock, ids(1), now()).expect("set-up");
    assert_eq!(store.commit(&set_up, Durability::Strict).await, Ok(true));
    let mut counter = Counter::new(set_up.shop.clone().expect("shop"), clock, SearchIndex::default(), 0);
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, CustomerId::from_bytes([0x71; 16]), ids(2), now()).expect("customer");
    assert_eq!(store.commit(&added, Durability::Strict).await, Ok(true));
    counter.committed(&added);
    let asha = added.customer.clone().expect("asha");

    let praise = counter.plan_feedback(&asha, 5, None, "", ids(3), now()).expect("feedback");
    assert_eq!(store.commit(&praise, Durability::Strict).await, Ok(true));
    let question = counter.plan_feedback(&asha, 4, Some(crate::domain::feedback::Topic::Question), "Do you deliver?", ids(4), now()).expect("question");
    assert_eq!(store.commit(&question, Durability::Strict).await, Ok(true));
    let newer = counter.plan_complaint(&asha, "Cold tea", ids(5), now()).expect("complaint");
    let older = counter.plan_complaint(&asha, "Wrong change", ids(6), now() - Duration::days(2)).expect("complaint");
    for change in [&newer, &older] {
        assert_eq!(store.commit(change, Durability::Strict).await, Ok(true));
    }
    let open = store.open_follow_ups(Kind::Complaint).await.expect("complaints");
    assert_eq!(open.iter().map(|item| item.text.as_str()).collect::<Vec<_>>(), ["Wrong change", "Cold tea"], "oldest first");
    let questions = store.open_follow_ups(Kind::Question).await.expect("questions");
    assert_eq!(questions.iter().map(|item| item.text.as_str()).collect::<Vec<_>>(), ["Do you deliver?"]);

    let complaint = open[0].clone();
    let resolved = counter
        .plan_complaint_update(&asha, &complaint, "Ravi", Status::Resolved, "Gave the change back", ApologyChoice::Stamps(2), ids(7), now())
        .expect("resolved");
    assert_eq!(store.commit(&resolved, Durability::Strict).await, Ok(true));
    // The same event again writes nothing: the stamps are on the card once.
    assert_eq!(store.commit(&resolved, Durability::Strict).await, Ok(false));
    let card = store.customer(asha.id).await.expect("read").expect("asha");
    assert_eq!(card.summary(10).stamps_on_card, asha.summary(10).stamps_on_card + 2);
    let open = store.open_follow_ups(Kind::Complaint).await.expect("complaints");
    assert_eq!(open.iter().map(|item| item.text.as_str()).collect::<Vec<_>>(), ["Cold tea"]);
    let kept = store.follow_up(complaint.id).await.expect("read").expect("kept");
    assert_eq!((kept.status, kept.note(), kept.handler()), (Status::Resolved, "Gave the change back", "Ravi"));

    let answered = counter.plan_answer(&questions[0], "Yes, within 2 km", ids(8), now()).expect("answer");
    assert_eq!(store.commit(&answered, Durability::Strict).await, Ok(true));
    assert_eq!(store.open_follow_ups(Kind::Question).await, Ok(Vec::new()));
}
