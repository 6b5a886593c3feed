//! Fresh ids and seeds from the browser's cryptographic random source.
//!
//! The domain never draws randomness itself; the shell creates ids here and passes them in.

use crate::domain::{CustomerId, DeviceId, EventId};

/// 16 random bytes from `crypto.getRandomValues`. Falls back to `Math.random` only if the
/// Web Crypto API is missing (very old browsers), so an id is always produced.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// A new event id.
pub fn event_id() -> EventId {
    EventId::from_bytes(random_bytes())
}

/// A new customer id.
pub fn customer_id() -> CustomerId {
    CustomerId::from_bytes(random_bytes())
}

/// A device id, used only if this device has none saved yet.
pub fn device_id() -> DeviceId {
    DeviceId::from_bytes(random_bytes())
}

/// A random seed (for the demo shop).
pub fn seed() -> u64 {
    let bytes = random_bytes();
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(eight)
}

/// 32 random bytes: the seed of a new shop key (made once per shop, at set-up or on the first
/// start after cards were added). Only `crypto.getRandomValues` is good enough for a key: if it
/// is missing, `None`, and no key is made.
pub fn key_seed() -> Option<[u8; 32]> {
    let mut bytes = [0u8; 32];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    filled.then_some(bytes)
}
