//! Why a sync stopped. Every variant is shown to the owner in their language (Settings → Sync).

/// Why a sync stopped. Nothing is stored locally from a response that fails to read, and no
/// checkpoint moves past what was not stored, so the next sync resumes cleanly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// The server answered 401 or 403: the user name or password is wrong, or the user may not
    /// use this database.
    #[error("the server refused the user name or password")]
    Unauthorized,
    /// The server speaks CouchDB but has no database of that name.
    #[error("the server has no database of that name")]
    DatabaseNotFound,
    /// The address answered, but not as a CouchDB server would (an HTML page, another API).
    #[error("the address does not answer like a CouchDB server")]
    NotCouchDb,
    /// A response that should have been CouchDB JSON could not be read; names which one.
    #[error("the server's answer to {what} could not be read")]
    Malformed {
        /// The request whose answer was malformed, e.g. "_changes".
        what: &'static str,
    },
    /// The server failed with an unexpected status.
    #[error("the server failed (HTTP {status})")]
    Server {
        /// The HTTP status.
        status: u16,
    },
    /// The server refused to store an event (for example a validation function said no).
    #[error("the server refused an event: {reason}")]
    Refused {
        /// The server's reason, as it gave it.
        reason: String,
    },
    /// The request did not reach the server (offline, wrong address, CORS, timeout).
    #[error("the server could not be reached")]
    Unreachable,
    /// Reading or writing this device's own store failed.
    #[error("this device's storage failed: {0}")]
    Local(String),
}

impl SyncError {
    /// Whether trying again later may help without anyone changing the settings: network and
    /// server failures yes, a refused password or a wrong address no.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Unreachable | SyncError::Server { .. } | SyncError::Local(_))
    }
}
