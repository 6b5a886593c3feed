//! The owner's sync settings: where the shop's CouchDB database is and who may use it.

use serde::{Deserialize, Serialize};

use super::http::encode_component;

/// Server address, database, user and password, as typed in Settings → Sync.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// `https://couch.example.com` or `http://127.0.0.1:5984`, without the database.
    pub server: String,
    /// The shop's database name, e.g. `chai_point`.
    pub database: String,
    /// The shop's CouchDB user.
    pub user: String,
    /// That user's password. Kept on this device only, like the shop's key.
    pub password: String,
}

/// A setting that cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// The server address is not an `http://` or `https://` address of a server.
    #[error("the server address must start with https:// (or http:// on this device's network)")]
    ServerAddress,
    /// CouchDB database names start with a lower-case letter and hold only `a-z 0-9 _ $ ( ) + - /`.
    #[error("a database name starts with a small letter and has only small letters, digits and _ $ ( ) + - /")]
    DatabaseName,
}

impl SyncSettings {
    /// The settings with spaces trimmed and the server's trailing `/` dropped, or every
    /// setting that cannot be used.
    pub fn checked(&self) -> Result<SyncSettings, Vec<SettingsError>> {
        let server = self.server.trim().trim_end_matches('/').to_owned();
        let database = self.database.trim().to_owned();
        let mut errors = Vec::new();
        let rest = server.strip_prefix("https://").or_else(|| server.strip_prefix("http://"));
        // A host is needed; credentials belong in their own fields (and would be logged in a URL).
        if !rest.is_some_and(|rest| !rest.is_empty() && !rest.contains(['@', ' ', '?', '#'])) {
            errors.push(SettingsError::ServerAddress);
        }
        let mut chars = database.chars();
        let first_ok = chars.next().is_some_and(|first| first.is_ascii_lowercase());
        if !first_ok || !chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c)) {
            errors.push(SettingsError::DatabaseName);
        }
        if errors.is_empty() {
            Ok(SyncSettings { server, database, user: self.user.trim().to_owned(), password: self.password.clone() })
        } else {
            Err(errors)
        }
    }

    /// The database's address (without credentials): the remote peer's identity.
    pub fn database_url(&self) -> String {
        format!("{}/{}", self.server.trim_end_matches('/'), encode_component(&self.database))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(server: &str, database: &str) -> SyncSettings {
        SyncSettings { server: server.into(), database: database.into(), user: " shop ".into(), password: " pw ".into() }
    }

    #[test]
    fn good_settings_are_trimmed_and_name_the_database_address() {
        let checked = settings(" https://couch.example.com/ ", "chai_point").checked().unwrap();
        assert_eq!(checked.database_url(), "https://couch.example.com/chai_point");
        assert_eq!((checked.user.as_str(), checked.password.as_str()), ("shop", " pw "));
        let slash = settings("http://127.0.0.1:5984", "chain/branch-1").checked().unwrap();
        assert_eq!(slash.database_url(), "http://127.0.0.1:5984/chain%2Fbranch-1");
    }

    #[test]
    fn bad_addresses_and_database_names_are_named() {
        for server in ["", "couch.example.com", "ftp://x", "https://", "https://user:pw@host", "https://a b"] {
            assert_eq!(settings(server, "shop").checked(), Err(vec![SettingsError::ServerAddress]), "{server:?}");
        }
        for database in ["", "Shop", "1shop", "_users", "shop name", "दुकान"] {
            assert_eq!(settings("https://h", database).checked(), Err(vec![SettingsError::DatabaseName]), "{database:?}");
        }
    }
}
