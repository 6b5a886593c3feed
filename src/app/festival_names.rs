//! The festivals' names and the weekdays in the screens' languages (issue 11), for the counter's
//! reminder and the owner's calendar. Small on purpose: the counter's bundle has it.

use chrono::Weekday;

use super::i18n::*;
use crate::domain::messages::Festival;

/// A built-in festival's name on the screens (and in the greeting's `{festival}`).
pub fn festival_label(festival: Festival) -> fn(Locale) -> &'static str {
    match festival {
        Festival::NewYear => |l| td_string!(l, fest_new_year),
        Festival::MakarSankranti => |l| td_string!(l, fest_makar_sankranti),
        Festival::Holi => |l| td_string!(l, fest_holi),
        Festival::EidAlFitr => |l| td_string!(l, fest_eid_al_fitr),
        Festival::IndependenceDayBd => |l| td_string!(l, fest_independence_day_bd),
        Festival::PohelaBoishakh => |l| td_string!(l, fest_pohela_boishakh),
        Festival::EidAlAdha => |l| td_string!(l, fest_eid_al_adha),
        Festival::IndependenceDayIn => |l| td_string!(l, fest_independence_day_in),
        Festival::RakshaBandhan => |l| td_string!(l, fest_raksha_bandhan),
        Festival::GaneshChaturthi => |l| td_string!(l, fest_ganesh_chaturthi),
        Festival::Navratri => |l| td_string!(l, fest_navratri),
        Festival::DurgaPuja => |l| td_string!(l, fest_durga_puja),
        Festival::Diwali => |l| td_string!(l, fest_diwali),
        Festival::VictoryDay => |l| td_string!(l, fest_victory_day),
        Festival::Christmas => |l| td_string!(l, fest_christmas),
    }
}

/// A weekday's name ("Friday", "शुक्रवार").
pub fn weekday_label(day: Weekday) -> fn(Locale) -> &'static str {
    match day {
        Weekday::Mon => |l| td_string!(l, fest_mon),
        Weekday::Tue => |l| td_string!(l, fest_tue),
        Weekday::Wed => |l| td_string!(l, fest_wed),
        Weekday::Thu => |l| td_string!(l, fest_thu),
        Weekday::Fri => |l| td_string!(l, fest_fri),
        Weekday::Sat => |l| td_string!(l, fest_sat),
        Weekday::Sun => |l| td_string!(l, fest_sun),
    }
}
