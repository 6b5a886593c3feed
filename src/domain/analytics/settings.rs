//! The dashboard's own settings (issue 12): the churn window and the saved segments. One JSON
//! value in the `meta` store (key `dashboard`), written whole; a value that does not read (another
//! version, damage) counts as the defaults rather than locking the owner out.

use serde::{Deserialize, Serialize};

use super::report::DEFAULT_CHURN_DAYS;
use super::segment::Segment;

/// The shortest churn window a shop can set, in days.
pub const MIN_CHURN_DAYS: u32 = 7;
/// The longest, in days (two years).
pub const MAX_CHURN_DAYS: u32 = 730;
/// The longest name of a saved segment, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// Why a setting was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DashSettingsError {
    /// The churn window is outside 7 to 730 days.
    #[error("the churn window must be {MIN_CHURN_DAYS} to {MAX_CHURN_DAYS} days")]
    ChurnOutOfRange,
    /// A segment needs a name.
    #[error("a saved segment needs a name")]
    NoName,
    /// The name is longer than [`MAX_NAME_CHARS`].
    #[error("a segment's name is at most {MAX_NAME_CHARS} characters")]
    NameTooLong,
}

/// A segment saved by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSegment {
    /// As the owner called it.
    pub name: String,
    /// The filter.
    pub segment: Segment,
}

/// The churn window and the saved segments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashSettings {
    /// A customer with a visit (or who joined) within this many days is active.
    pub churn_days: u32,
    /// Saved segments, in the order saved.
    pub segments: Vec<SavedSegment>,
}

impl Default for DashSettings {
    fn default() -> Self {
        DashSettings { churn_days: DEFAULT_CHURN_DAYS, segments: Vec::new() }
    }
}

impl DashSettings {
    /// Reads the stored text; nothing stored, or text that does not read, is the defaults.
    pub fn read(text: Option<&str>) -> DashSettings {
        let mut settings: DashSettings = text.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
        if !(MIN_CHURN_DAYS..=MAX_CHURN_DAYS).contains(&settings.churn_days) {
            settings.churn_days = DEFAULT_CHURN_DAYS;
        }
        settings
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        // A plain struct of strings and numbers always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Sets the churn window.
    pub fn set_churn_days(&mut self, days: u32) -> Result<(), DashSettingsError> {
        if !(MIN_CHURN_DAYS..=MAX_CHURN_DAYS).contains(&days) {
            return Err(DashSettingsError::ChurnOutOfRange);
        }
        self.churn_days = days;
        Ok(())
    }

    /// Saves a segment under a name; a segment of the same name (ignoring case and the spaces
    /// around it) is replaced in its place.
    pub fn save_segment(&mut self, name: &str, segment: Segment) -> Result<(), DashSettingsError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(DashSettingsError::NoName);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(DashSettingsError::NameTooLong);
        }
        let saved = SavedSegment { name: name.to_owned(), segment };
        match self.segments.iter_mut().find(|other| other.name.to_lowercase() == name.to_lowercase()) {
            Some(other) => *other = saved,
            None => self.segments.push(saved),
        }
        Ok(())
    }

    /// Forgets a saved segment.
    pub fn remove_segment(&mut self, name: &str) {
        self.segments.retain(|other| other.name != name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_saved_under_the_same_name_replaces_the_old_one() {
        let mut settings = DashSettings::default();
        settings.save_segment("Regulars", Segment { min_visits: Some(5), ..Segment::default() }).unwrap();
        settings.save_segment(" regulars ", Segment { min_visits: Some(8), ..Segment::default() }).unwrap();
        assert_eq!(settings.segments.len(), 1);
        assert_eq!(settings.segments[0].segment.min_visits, Some(8));
        assert_eq!(settings.save_segment("  ", Segment::default()), Err(DashSettingsError::NoName));
        let read = DashSettings::read(Some(&settings.to_text()));
        assert_eq!(read, settings);
    }

    #[test]
    fn the_churn_window_is_kept_within_its_range() {
        let mut settings = DashSettings::default();
        assert_eq!(settings.churn_days, 90);
        assert_eq!(settings.set_churn_days(3), Err(DashSettingsError::ChurnOutOfRange));
        settings.set_churn_days(30).unwrap();
        assert_eq!(DashSettings::read(Some(&settings.to_text())).churn_days, 30);
        assert_eq!(DashSettings::read(Some(r#"{"churn_days":1}"#)).churn_days, 90);
        assert_eq!(DashSettings::read(Some("not json")), DashSettings::default());
    }
}
