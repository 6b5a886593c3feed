//! The shop fold: name, country and program each follow the event with the latest clock, in any
//! arrival order; the demo flag follows the set-up.

use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::demo::{demo_events, demo_profile, demo_program};
use crate::domain::{Actor, Country, DeviceId, EventId};

fn hlc(millis: i64, device: u8) -> Hlc {
    Hlc { millis, counter: 0, device: DeviceId::from_bytes([device; 16]) }
}

fn event(id: u8, hlc: Hlc, kind: EventKind) -> Event {
    Event { id: EventId::from_bytes([id; 16]), device: hlc.device, hlc, at: Utc.timestamp_millis_opt(hlc.millis).unwrap(), actor: Actor::Owner, kind }
}

fn profile(name: &str, country: Country) -> ShopProfile {
    ShopProfile { name: name.into(), country }
}

fn set_up(millis: i64) -> Event {
    let kind = EventKind::ShopConfigured { profile: profile("Chai Point", Country::India), program: Program::default(), demo: false };
    event(1, hlc(millis, 1), kind)
}

fn edit(id: u8, millis: i64, device: u8, name: &str, country: Country) -> Event {
    event(id, hlc(millis, device), EventKind::ShopEdited { profile: profile(name, country) })
}

#[test]
fn a_shop_edit_changes_name_and_country_and_leaves_the_program() {
    let mut shop = ShopState::from_event(&set_up(10)).unwrap();
    let renamed = edit(2, 20, 1, "Chai Corner", Country::Bangladesh);
    assert!(shop.apply(&renamed));
    assert_eq!(shop.profile, profile("Chai Corner", Country::Bangladesh));
    assert_eq!(shop.program, Program::default());
    assert_eq!(shop.profile_hlc, renamed.hlc);
    // Again, or an older edit after it: nothing changes.
    assert!(!shop.apply(&renamed));
    assert!(!shop.apply(&edit(3, 15, 1, "Older", Country::India)));
    assert_eq!(shop.profile.name, "Chai Corner");
}

#[test]
fn the_latest_edit_wins_and_a_tie_on_time_goes_to_the_higher_device() {
    let events = [set_up(10), edit(2, 30, 1, "From tablet", Country::India), edit(3, 30, 2, "From phone", Country::Bangladesh)];
    for order in [[0, 1, 2], [0, 2, 1], [2, 1, 0], [1, 2, 0]] {
        let shop = ShopState::fold(order.iter().map(|&i| &events[i])).unwrap();
        assert_eq!(shop.profile, profile("From phone", Country::Bangladesh), "{order:?}");
    }
}

#[test]
fn a_set_up_arriving_after_an_edit_does_not_undo_it() {
    let events = [edit(2, 20, 1, "Renamed", Country::India), set_up(10)];
    let shop = ShopState::fold(&events).unwrap();
    assert_eq!(shop.profile.name, "Renamed");
    assert_eq!(shop.program_hlc, hlc(10, 1));
}

#[test]
fn the_demo_is_known_by_its_flag_and_older_demos_by_their_unchanged_set_up() {
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    let demo = ShopState::fold(&demo_events(7, DeviceId::from_bytes([3; 16]), now)).unwrap();
    assert!(demo.demo && demo.is_demo());
    // The flag is in the stored record and in the event, so both survive a reload or a rebuild.
    let stored: ShopState = serde_json::from_str(&serde_json::to_string(&demo).unwrap()).unwrap();
    assert!(stored.demo);

    // A demo shop saved before the flag existed: its record has no `demo` field.
    let mut json: serde_json::Value = serde_json::to_value(&demo).unwrap();
    json.as_object_mut().unwrap().remove("demo");
    let older: ShopState = serde_json::from_value(json).unwrap();
    assert!(!older.demo);
    assert!(older.is_demo());

    // A real shop is never the demo, even one named like it, and a renamed older demo is not
    // recognised any more (leaving it would then take its owner's word for more than we know).
    let real = ShopState::from_event(&event(
        1,
        hlc(10, 1),
        EventKind::ShopConfigured { profile: demo_profile(), program: Program::default(), demo: false },
    ))
    .unwrap();
    assert!(!real.is_demo());
    let mut renamed = older.clone();
    renamed.apply(&edit(9, older.profile_hlc.millis + 1, 3, "Sharma Chai", Country::India));
    assert!(!renamed.is_demo());
    // A renamed new demo stays the demo.
    let mut renamed_demo = demo.clone();
    renamed_demo.apply(&edit(9, demo.profile_hlc.millis + 1, 3, "Sharma Chai", Country::India));
    assert!(renamed_demo.is_demo());
    assert_eq!(demo.program, demo_program());
}

#[test]
fn an_unknown_kind_from_a_newer_version_and_a_shop_edit_on_an_older_one_change_nothing() {
    let json = r#"{"id":"00000000000000000000000000000009","device":"00000000000000000000000000000001",
        "hlc":{"millis":50,"counter":0,"device":"00000000000000000000000000000001"},
        "at":50,"actor":"owner","kind":{"type":"shop_renamed_in_future","name":"X"}}"#;
    let unknown: Event = serde_json::from_str(json).unwrap();
    let mut shop = ShopState::from_event(&set_up(10)).unwrap();
    assert!(!shop.apply(&unknown));
    // The edit's stored form: what older versions read as an unknown kind.
    let stored = serde_json::to_value(edit(2, 20, 1, "New", Country::India)).unwrap();
    assert_eq!(stored["kind"]["type"], "shop_edited");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    /// The integration tests' orders of arrival (a `#[path]` can't reach them from here).
    mod arrival {
        include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/arrival.rs"));
    }
    use super::*;
    use proptest::prelude::*;

    fn shop_event() -> impl Strategy<Value = (i64, u8, u8)> {
        // (time, device, kind: 0 edit, 1 program change)
        (0i64..40, 1u8..4, 0u8..2)
    }

    proptest! {
        /// Whatever order the shop's events arrive in, and however often, the fold is the same:
        /// the profile of the latest set-up or edit, the program of the latest set-up or change.
        #[test]
        fn the_shop_fold_is_independent_of_order_and_repeats(
            raw in prop::collection::vec(shop_event(), 0..12),
            seed in any::<u64>(),
            repeat in any::<prop::sample::Index>(),
        ) {
            let mut events = vec![set_up(5)];
            for (n, (millis, device, kind)) in raw.iter().enumerate() {
                let id = n as u8 + 2;
                let hlc = Hlc { millis: *millis, counter: n as u32, device: DeviceId::from_bytes([*device; 16]) };
                let kind = if *kind == 0 {
                    EventKind::ShopEdited { profile: profile(&format!("Shop {n}"), if n % 2 == 0 { Country::India } else { Country::Bangladesh }) }
                } else {
                    EventKind::ProgramChanged { program: Program { stamps_per_reward: n as u32 + 2, ..Program::default() } }
                };
                events.push(event(id, hlc, kind));
            }
            let in_order = ShopState::fold(&events).unwrap();
            let mut shuffled = arrival::shuffled(&events, seed);
            shuffled.push(events[repeat.index(events.len())].clone());
            prop_assert_eq!(&ShopState::fold(&shuffled).unwrap(), &in_order);

            // The expected winner, computed directly.
            let latest_profile = events.iter().filter(|e| matches!(e.kind, EventKind::ShopConfigured { .. } | EventKind::ShopEdited { .. })).max_by_key(|e| e.hlc).unwrap();
            prop_assert_eq!(in_order.profile_hlc, latest_profile.hlc);
            let latest_program = events.iter().filter(|e| matches!(e.kind, EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. })).max_by_key(|e| e.hlc).unwrap();
            prop_assert_eq!(in_order.program_hlc, latest_program.hlc);
        }
    }
}
