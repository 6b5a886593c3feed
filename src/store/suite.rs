//! One test suite for every [`Store`](super::Store) back-end.
//!
//! The cases are generic async functions; [`store_suite!`] turns them into test functions for a
//! back-end, with `#[test]` natively (driven by the tiny [`block_on`] below, which is enough
//! because the memory store never waits) and `#[wasm_bindgen_test]` in the browser, where the
//! IndexedDB store really waits for the browser. So both back-ends are held to exactly the same
//! contract, and a new case is added once, here, for both.
//!
//! Everything here is test-only: the module is empty outside `cfg(test)`.

#[cfg(test)]
pub(crate) use self::imp::*;
#[cfg(test)]
pub(crate) use self::basics::*;
#[cfg(test)]
pub(crate) use self::integrity::*;
#[cfg(test)]
pub(crate) use self::voice::*;
#[cfg(test)]
pub(crate) use self::sync::*;
#[cfg(test)]
pub(crate) use self::dash::*;
#[cfg(test)]
pub(crate) use self::import::*;
#[cfg(test)]
pub(crate) use self::referral::*;
#[cfg(test)]
pub(crate) use self::restore::*;
#[cfg(test)]
pub(crate) use self::snapshot::*;
#[cfg(test)]
pub(crate) use self::merge::*;

/// The cases about data integrity under concurrent tabs and damage (promises 4 and 7).
#[cfg(test)]
mod integrity;

/// The cases about questions and complaints (issue 10).
#[cfg(test)]
mod voice;

/// The cases about what a sync reads and writes (issue 14).
#[cfg(test)]
mod sync;

/// The cases about the dashboard's facts (issue 12).
#[cfg(test)]
mod dash;

/// The cases about importing customers (issue 13).
#[cfg(test)]
mod import;

/// The case of a referral's bonus, two records in one transaction (issue 10).
#[cfg(test)]
mod referral;

/// The case of a restore's questions and complaints (issues 13 and 14).
#[cfg(test)]
mod restore;

/// The cases of the search-index snapshot's versions (issue 15, start-up on a slow tablet).
#[cfg(test)]
mod snapshot;

/// The case of merging duplicate customers (issue 14).
#[cfg(test)]
mod merge;

/// Generates one test function per suite case for a back-end.
///
/// `$make` is an expression callable as `$make(case_name: String)` that returns a future
/// resolving to a fresh, empty store; each case gets its own (for IndexedDB: its own database,
/// whose name should include the case name and something random).
#[cfg(test)]
macro_rules! store_suite {
    ($make:expr) => {
        $crate::store::suite::store_suite!(@cases $make;
            empty_store_then_shop_round_trip,
            committed_event_and_customer_read_back,
            commit_is_idempotent_by_event_id,
            repeat_with_changed_record_leaves_record_unchanged,
            customers_changed_since_returns_only_newer_revs,
            index_snapshot_round_trip_is_binary_exact,
            load_search_index_is_snapshot_plus_changed_customers,
            rebuild_from_log_reproduces_materialized_records,
            latest_hlc_is_the_highest_clock,
            commit_batch_of_whole_demo_shop,
            the_customers_read_page_by_page_are_every_record_once,
            commit_batch_skips_stored_and_repeated_events,
            device_id_is_created_once_and_kept,
            replace_materialized_replaces_every_record,
            shop_key_secret_is_absent_then_saved_once_and_kept,
            shop_key_secret_survives_other_writes,
            a_change_planned_from_an_old_record_is_refused_as_stale,
            a_change_planned_before_a_batch_or_a_repair_is_refused_as_stale,
            damaged_records_and_snapshot_are_named_at_start_up_and_repaired_on_demand,
            a_removed_customer_stays_out_of_the_index_and_the_rebuild,
            questions_and_complaints_are_kept_beside_the_log,
            the_staff_book_is_absent_then_saved_and_kept_apart_from_the_shop,
            the_activity_pages_newest_first_through_the_whole_log_and_by_customer,
            sync_reads_the_log_after_a_clock_in_clock_order,
            received_events_never_overwrite_a_counter_action_saved_meanwhile,
            received_updates_of_a_complaint_update_the_stored_item,
            a_batch_stored_apart_from_the_counter_reaches_it_through_the_written_records,
            the_messaging_value_is_absent_then_replaced_whole,
            the_dashboard_facts_follow_every_commit_and_are_rebuilt_from_the_log,
            a_big_batch_marks_the_dashboard_facts_for_a_rebuild_instead_of_writing_deltas,
            a_dashboard_save_deletes_only_the_deltas_it_folded,
            an_import_writes_every_row_in_batches_with_its_opening_balance,
            an_import_failing_midway_leaves_nothing_written,
            an_unfinished_import_stays_out_of_search_and_is_undone,
            a_phone_added_at_the_counter_during_an_import_is_not_imported_twice,
            an_import_whose_plan_leaves_rows_out_writes_nothing,
            an_import_still_running_in_this_page_is_not_undone,
            an_import_running_in_another_window_is_not_undone,
            a_record_taken_in_during_an_import_does_not_hide_the_import_from_the_counter,
            a_referral_bonus_writes_both_records_in_one_transaction_or_nothing,
            a_restore_writes_the_questions_and_complaints_of_the_merged_log,
            a_snapshot_is_stored_in_columns_and_read_back_with_the_import_marker,
            a_snapshot_of_the_previous_version_is_read_and_a_new_one_made_due,
            a_merge_writes_both_records_in_one_transaction_and_later_stamps_land_on_the_kept_card,
            the_dashboard_counts_a_merged_pair_as_one_customer_with_every_visit,
            a_damaged_record_of_a_merged_group_is_rebuilt_from_the_groups_logs,
        );
    };
    (@cases $make:expr; $($case:ident),* $(,)?) => {
        $(
            #[cfg(not(target_arch = "wasm32"))]
            #[test]
            fn $case() {
                $crate::store::suite::block_on(async {
                    let store = ($make)(String::from(stringify!($case))).await;
                    $crate::store::suite::$case(&store).await;
                });
            }

            #[cfg(target_arch = "wasm32")]
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $case() {
                let store = ($make)(String::from(stringify!($case))).await;
                $crate::store::suite::$case(&store).await;
            }
        )*
    };
}

#[cfg(test)]
pub(crate) use store_suite;

/// The suite's fixtures.
#[cfg(test)]
mod imp;

/// The basic cases of the storage contract.
#[cfg(test)]
mod basics;
