//! Suite case of a restore (a backup's, or joining a shop), for both back-ends.

use chrono::Duration;

use super::imp::now;
use super::sync::{ids, other_device, shop_with_asha};
use crate::domain::feedback::Topic;
use crate::domain::follow_up::{ApologyChoice, Kind, Status};
use crate::store::{backup::read_log, Durability, Restore, Store};

/// A restore writes the questions and complaints folded from the merged log beside the
/// records, in the same transaction: the file's open question is listed (with the customer's
/// name), its resolved complaint is kept but not open, and the device's own open complaint
/// stays listed.
pub async fn a_restore_writes_the_questions_and_complaints_of_the_merged_log<S: Store>(store: &S) {
    let (mut here, added) = shop_with_asha(store).await;
    let asha = added.customer.clone().expect("record");
    let own = here.plan_complaint(&asha, "Cold tea", ids(3), now()).expect("complaint");
    assert_eq!(store.commit(&own, Durability::Strict).await, Ok(true));

    // What the file (or the shop's server) holds that this device does not.
    let mut there = other_device(&here, own.event.hlc);
    let question = there.plan_feedback(&asha, 4, Some(Topic::Question), "Do you deliver?", ids(4), now() + Duration::minutes(1)).expect("question");
    let wrong = there.plan_complaint(&asha, "Wrong change", ids(5), now() + Duration::minutes(2)).expect("complaint");
    let resolved = there
        .plan_complaint_update(&asha, wrong.follow_up.as_ref().expect("item"), "Ravi", Status::Resolved, "Gave it back", ApologyChoice::Nothing, ids(6), now() + Duration::minutes(3))
        .expect("update");
    let new_events = vec![question.event, wrong.event, resolved.event];

    let mut log = read_log(store).await.expect("log");
    log.extend(new_events.iter().cloned());
    store.restore(&Restore::of_log(new_events, &log, 1_000, [7; 32])).await.expect("restored");

    let questions = store.open_follow_ups(Kind::Question).await.expect("questions");
    assert_eq!(questions.iter().map(|item| (item.text.as_str(), item.name.as_str())).collect::<Vec<_>>(), [("Do you deliver?", "Asha")]);
    let complaints = store.open_follow_ups(Kind::Complaint).await.expect("complaints");
    assert_eq!(complaints.iter().map(|item| item.text.as_str()).collect::<Vec<_>>(), ["Cold tea"]);
    let kept = store.follow_up(ids(5)).await.expect("read").expect("the resolved complaint is kept");
    assert_eq!((kept.text.as_str(), kept.status, kept.handler(), kept.note()), ("Wrong change", Status::Resolved, "Ravi", "Gave it back"));
}
