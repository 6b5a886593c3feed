//! The festival calendar (issue 11): the festivals the shops' customers keep, their dates for
//! 2026–2029, the owner's corrections and the shop's own festivals, and which one is coming up
//! (the counter's reminder "Diwali on Friday — greet 214 customers").
//!
//! Fixed-date festivals (New Year, Christmas, the Independence and Victory days, Pohela
//! Boishakh, which Bangladesh keeps on 14 April since the Bangla Academy's revised calendar) are
//! exact. The others follow the moon (Diwali, Holi, the Eids, …) or the sun's entry into a sign
//! (Makar Sankranti); no well-kept crate computes them (the Hindu festivals need a panchang, the
//! Eids a moon sighting), so they are a table below with its source named, and each of their
//! dates is `approximate`: the screens say it may move by a day and ask the owner to check
//! locally. The owner can correct any date ([`FestivalEdits::moved`]) or add the shop's own
//! festival ([`FestivalEdits::own`]); both are kept in the device's messaging value.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::phone::Country;

/// The first year the built-in table covers.
pub const FIRST_YEAR: i32 = 2026;
/// The last year the built-in table covers.
pub const LAST_YEAR: i32 = 2029;
/// How many days before a festival the counter reminds, unless the owner chose otherwise.
pub const REMIND_DAYS: u8 = 3;
/// The most days ahead a reminder can be set to: within a week, so "on Friday" is never
/// ambiguous.
pub const MAX_REMIND_DAYS: u8 = 6;

/// A built-in festival.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Festival {
    /// 1 January.
    NewYear,
    /// Makar Sankranti, Uttarayan in Gujarat (14 or 15 January).
    MakarSankranti,
    /// Holi, the day of colours (Dhuleti).
    Holi,
    /// Eid al-Fitr.
    EidAlFitr,
    /// Bangladesh's Independence Day, 26 March.
    IndependenceDayBd,
    /// Pohela Boishakh, the Bengali New Year, 14 April.
    PohelaBoishakh,
    /// Eid al-Adha.
    EidAlAdha,
    /// India's Independence Day, 15 August.
    IndependenceDayIn,
    /// Raksha Bandhan.
    RakshaBandhan,
    /// Ganesh Chaturthi.
    GaneshChaturthi,
    /// The first day of Sharad Navratri.
    Navratri,
    /// Durga Puja, on Maha Ashtami, its central day.
    DurgaPuja,
    /// Diwali (Lakshmi Puja).
    Diwali,
    /// Bangladesh's Victory Day, 16 December.
    VictoryDay,
    /// Christmas, 25 December.
    Christmas,
}

/// How a festival's date is found.
enum When {
    /// The same day every year (month, day).
    Fixed(u32, u32),
    /// A table of (month, day) for [`FIRST_YEAR`]..=[`LAST_YEAR`].
    Table([(u32, u32); 4]),
}

// The dates of the lunar and solar festivals, 2026–2029. Source: the `holidays` Python library
// (github.com/vacanza/holidays, holidays/calendars/hindu.py and islamic.py, as of July 2026),
// whose tables cite timeanddate.com's pages for India (diwali, holi, dussehra, navratri,
// maha-ashtami, raksha-bandhan, ganesh-chaturthi, makar-sankranti) and the Umm al-Qura calendar
// for the Eids. In India and Bangladesh the Eids follow the local sighting of the moon and often
// fall a day after the Umm al-Qura date: the screens mark every one of these dates as
// approximate and the owner corrects it.
const MAKAR_SANKRANTI: [(u32, u32); 4] = [(1, 14), (1, 15), (1, 15), (1, 14)];
const HOLI: [(u32, u32); 4] = [(3, 4), (3, 22), (3, 11), (3, 1)];
const EID_AL_FITR: [(u32, u32); 4] = [(3, 20), (3, 9), (2, 26), (2, 14)];
const EID_AL_ADHA: [(u32, u32); 4] = [(5, 27), (5, 16), (5, 5), (4, 24)];
const RAKSHA_BANDHAN: [(u32, u32); 4] = [(8, 28), (8, 17), (8, 5), (8, 23)];
const GANESH_CHATURTHI: [(u32, u32); 4] = [(9, 14), (9, 4), (8, 23), (9, 11)];
const NAVRATRI: [(u32, u32); 4] = [(10, 11), (9, 30), (9, 19), (10, 8)];
const DURGA_PUJA: [(u32, u32); 4] = [(10, 19), (10, 7), (9, 26), (10, 14)];
const DIWALI: [(u32, u32); 4] = [(11, 8), (10, 29), (10, 17), (11, 5)];

const INDIA: &[Country] = &[Country::India];
const BANGLADESH: &[Country] = &[Country::Bangladesh];
const BOTH: &[Country] = &[Country::India, Country::Bangladesh];

impl Festival {
    /// Every built-in festival, in calendar order.
    pub const ALL: [Festival; 15] = [
        Festival::NewYear,
        Festival::MakarSankranti,
        Festival::Holi,
        Festival::EidAlFitr,
        Festival::IndependenceDayBd,
        Festival::PohelaBoishakh,
        Festival::EidAlAdha,
        Festival::IndependenceDayIn,
        Festival::RakshaBandhan,
        Festival::GaneshChaturthi,
        Festival::Navratri,
        Festival::DurgaPuja,
        Festival::Diwali,
        Festival::VictoryDay,
        Festival::Christmas,
    ];

    fn when(self) -> When {
        match self {
            Festival::NewYear => When::Fixed(1, 1),
            Festival::MakarSankranti => When::Table(MAKAR_SANKRANTI),
            Festival::Holi => When::Table(HOLI),
            Festival::EidAlFitr => When::Table(EID_AL_FITR),
            Festival::IndependenceDayBd => When::Fixed(3, 26),
            Festival::PohelaBoishakh => When::Fixed(4, 14),
            Festival::EidAlAdha => When::Table(EID_AL_ADHA),
            Festival::IndependenceDayIn => When::Fixed(8, 15),
            Festival::RakshaBandhan => When::Table(RAKSHA_BANDHAN),
            Festival::GaneshChaturthi => When::Table(GANESH_CHATURTHI),
            Festival::Navratri => When::Table(NAVRATRI),
            Festival::DurgaPuja => When::Table(DURGA_PUJA),
            Festival::Diwali => When::Table(DIWALI),
            Festival::VictoryDay => When::Fixed(12, 16),
            Festival::Christmas => When::Fixed(12, 25),
        }
    }

    /// The countries whose shops keep it. Pohela Boishakh is kept in West Bengal too; the Eids,
    /// Durga Puja, Christmas and New Year in both.
    pub fn countries(self) -> &'static [Country] {
        match self {
            Festival::NewYear | Festival::EidAlFitr | Festival::EidAlAdha | Festival::PohelaBoishakh | Festival::DurgaPuja | Festival::Christmas => BOTH,
            Festival::MakarSankranti | Festival::Holi | Festival::IndependenceDayIn | Festival::RakshaBandhan | Festival::GaneshChaturthi | Festival::Navratri | Festival::Diwali => INDIA,
            Festival::IndependenceDayBd | Festival::VictoryDay => BANGLADESH,
        }
    }

    /// Whether its date follows the moon or the sun's sign (from the table, may move by a day).
    pub fn approximate(self) -> bool {
        matches!(self.when(), When::Table(_))
    }

    /// Its date in `year` by the built-in calendar; `None` for a table's festival outside
    /// [`FIRST_YEAR`]..=[`LAST_YEAR`] (never a guess).
    pub fn date(self, year: i32) -> Option<NaiveDate> {
        let (month, day) = match self.when() {
            When::Fixed(month, day) => (month, day),
            When::Table(table) => *table.get(usize::try_from(year.checked_sub(FIRST_YEAR)?).ok()?)?,
        };
        NaiveDate::from_ymd_opt(year, month, day)
    }

    /// The stored name ("diwali").
    pub fn key(self) -> &'static str {
        match self {
            Festival::NewYear => "new_year",
            Festival::MakarSankranti => "makar_sankranti",
            Festival::Holi => "holi",
            Festival::EidAlFitr => "eid_al_fitr",
            Festival::IndependenceDayBd => "independence_day_bd",
            Festival::PohelaBoishakh => "pohela_boishakh",
            Festival::EidAlAdha => "eid_al_adha",
            Festival::IndependenceDayIn => "independence_day_in",
            Festival::RakshaBandhan => "raksha_bandhan",
            Festival::GaneshChaturthi => "ganesh_chaturthi",
            Festival::Navratri => "navratri",
            Festival::DurgaPuja => "durga_puja",
            Festival::Diwali => "diwali",
            Festival::VictoryDay => "victory_day",
            Festival::Christmas => "christmas",
        }
    }

    /// The festival of a stored name.
    pub fn from_key(key: &str) -> Option<Festival> {
        Festival::ALL.into_iter().find(|festival| festival.key() == key)
    }
}

/// The owner's correction of a built-in festival's date in one year (the date's own year).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// Which festival.
    pub festival: Festival,
    /// Its date that year, as kept locally.
    #[serde(with = "crate::domain::iso_date::required")]
    pub date: NaiveDate,
}

/// A festival of the shop's own (a local fair, the shop's anniversary).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnFestival {
    /// Its name, as the greeting says it.
    pub name: String,
    /// Its date (the first one, when yearly).
    #[serde(with = "crate::domain::iso_date::required")]
    pub date: NaiveDate,
    /// Whether it comes back on the same day every year.
    #[serde(default)]
    pub yearly: bool,
}

/// The owner's changes to the calendar, kept in the device's messaging value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FestivalEdits {
    /// Corrected dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<Moved>,
    /// The shop's own festivals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own: Vec<OwnFestival>,
    /// Days before a festival the counter reminds; none: [`REMIND_DAYS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_days: Option<u8>,
}

impl FestivalEdits {
    /// Sets a built-in festival's date for that date's year (replacing an earlier correction).
    pub fn move_to(&mut self, festival: Festival, date: NaiveDate) {
        self.moved.retain(|moved| !(moved.festival == festival && moved.date.year() == date.year()));
        if festival.date(date.year()) != Some(date) {
            self.moved.push(Moved { festival, date });
        }
    }

    /// Adds one of the shop's own festivals; a blank name is ignored.
    pub fn add_own(&mut self, name: &str, date: NaiveDate, yearly: bool) {
        let name: String = name.trim().chars().take(60).collect();
        if !name.is_empty() {
            self.own.push(OwnFestival { name, date, yearly });
        }
    }

    /// How many days ahead the counter reminds (1 to [`MAX_REMIND_DAYS`]).
    pub fn remind_days(&self) -> u8 {
        self.remind_days.unwrap_or(REMIND_DAYS).clamp(1, MAX_REMIND_DAYS)
    }
}

/// Which festival an occurrence is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Which {
    /// A built-in one (its name is translated by the screens).
    Builtin(Festival),
    /// One of the shop's own, by its name.
    Own(String),
}

/// A festival on a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Which.
    pub which: Which,
    /// When.
    pub date: NaiveDate,
    /// From the built-in table and not corrected by the owner: may move by a day.
    pub approximate: bool,
}

/// The shop's festivals in `year`, in date order: the built-in ones its country keeps (with the
/// owner's corrections) and its own.
pub fn calendar(country: Country, year: i32, edits: &FestivalEdits) -> Vec<Occurrence> {
    let mut all: Vec<Occurrence> = Festival::ALL
        .into_iter()
        .filter(|festival| festival.countries().contains(&country))
        .filter_map(|festival| match edits.moved.iter().rev().find(|moved| moved.festival == festival && moved.date.year() == year) {
            Some(moved) => Some(Occurrence { which: Which::Builtin(festival), date: moved.date, approximate: false }),
            None => festival.date(year).map(|date| Occurrence { which: Which::Builtin(festival), date, approximate: festival.approximate() }),
        })
        .collect();
    for own in &edits.own {
        let date = if own.yearly && own.date.year() <= year { own.date.with_year(year) } else { (own.date.year() == year).then_some(own.date) };
        if let Some(date) = date {
            all.push(Occurrence { which: Which::Own(own.name.clone()), date, approximate: false });
        }
    }
    all.sort_by_key(|occurrence| occurrence.date);
    all
}

/// The first festival from `today` to `days` days on, if any (the counter's reminder).
pub fn coming_up(country: Country, today: NaiveDate, days: u8, edits: &FestivalEdits) -> Option<Occurrence> {
    let last = today + Duration::days(i64::from(days));
    (today.year()..=last.year()).flat_map(|year| calendar(country, year, edits)).find(|occurrence| occurrence.date >= today && occurrence.date <= last)
}

/// The festivals from `today` to a year on, for the owner's list.
pub fn next_year_of(country: Country, today: NaiveDate, edits: &FestivalEdits) -> Vec<Occurrence> {
    let last = today + Duration::days(365);
    (today.year()..=last.year()).flat_map(|year| calendar(country, year, edits)).filter(|occurrence| occurrence.date >= today && occurrence.date < last).collect()
}

#[cfg(test)]
#[path = "festivals_tests.rs"]
mod tests;
