//! The HTTP requests the state machine asks the shell to make, and the responses it reads.
//! Paths are relative to the database's address (`""` is the database itself); the shell adds
//! the server address, the credentials and `Content-Type: application/json`.

use serde_json::Value;

/// An HTTP method the protocol uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads.
    Get,
    /// Bulk reads and writes.
    Post,
    /// Checkpoint writes.
    Put,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
        }
    }
}

/// One request to the database.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// Below the database's address, starting with `/` (or empty for the database itself).
    pub path: String,
    /// Query parameters, already in their wire form (JSON values as JSON text), not encoded.
    pub query: Vec<(String, String)>,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

impl Request {
    pub(crate) fn get(path: impl Into<String>) -> Request {
        Request { method: Method::Get, path: path.into(), query: Vec::new(), body: None }
    }

    pub(crate) fn with_body(method: Method, path: impl Into<String>, body: Value) -> Request {
        Request { method, path: path.into(), query: Vec::new(), body: Some(body) }
    }

    pub(crate) fn query(mut self, key: &str, value: impl Into<String>) -> Request {
        self.query.push((key.to_owned(), value.into()));
        self
    }

    /// The path with its query string, percent-encoding each value (for the shell).
    pub fn path_and_query(&self) -> String {
        let mut out = self.path.clone();
        for (index, (key, value)) in self.query.iter().enumerate() {
            out.push(if index == 0 { '?' } else { '&' });
            out.push_str(key);
            out.push('=');
            out.push_str(&encode_component(value));
        }
        out
    }
}

/// Percent-encodes a query value. Written by hand because the values are short protocol tokens
/// (sequences, numbers, `true`) and no URL crate is in the build.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// What came back: the status and the body as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text (it may not be JSON at all when the address is not CouchDB).
    pub body: String,
}

impl Response {
    /// A response with a JSON body.
    pub fn json(status: u16, body: &Value) -> Response {
        Response { status, body: body.to_string() }
    }

    pub(crate) fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}
