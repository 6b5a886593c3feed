//! 128-bit random identifiers. The bytes come from the shell (the browser's
//! `crypto.getRandomValues`, or a seeded generator in tests), never from the core itself.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A random 128-bit identifier, written as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Id128(pub [u8; 16]);

/// Why a text could not be read as an [`Id128`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdParseError {
    /// The text is not exactly 32 hexadecimal digits.
    #[error("an id is 32 hexadecimal digits")]
    Malformed,
}

impl Id128 {
    /// Wraps sixteen random bytes.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// The id as 32 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = String::with_capacity(32);
        for byte in self.0 {
            text.push(HEX[(byte >> 4) as usize] as char);
            text.push(HEX[(byte & 0x0f) as usize] as char);
        }
        text
    }
}

impl FromStr for Id128 {
    type Err = IdParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = text.as_bytes();
        if bytes.len() != 32 {
            return Err(IdParseError::Malformed);
        }
        let mut out = [0u8; 16];
        for (index, pair) in bytes.chunks_exact(2).enumerate() {
            let high = (pair[0] as char).to_digit(16).ok_or(IdParseError::Malformed)?;
            let low = (pair[1] as char).to_digit(16).ok_or(IdParseError::Malformed)?;
            out[index] = (high * 16 + low) as u8;
        }
        Ok(Self(out))
    }
}

impl fmt::Display for Id128 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Id128 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", &self.to_hex()[..8])
    }
}

impl Serialize for Id128 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&self.to_hex())
        } else {
            // Sixteen fixed bytes, read back by the `[u8; 16]` branch below.
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Id128 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            text.parse().map_err(serde::de::Error::custom)
        } else {
            let bytes = <[u8; 16]>::deserialize(deserializer)?;
            Ok(Self(bytes))
        }
    }
}

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Id128);

        impl $name {
            /// Wraps sixteen random bytes.
            pub const fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Id128(bytes))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map(Self)
            }
        }
    };
}

id_newtype!(
    /// Identifies one immutable event, on every device.
    EventId
);
id_newtype!(
    /// Identifies one customer; chosen when the customer is added.
    CustomerId
);
id_newtype!(
    /// Identifies one device (one browser profile) of a shop.
    DeviceId
);
id_newtype!(
    /// Identifies one member of staff; chosen when the owner adds them.
    StaffId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let id = Id128([0xab; 16]);
        assert_eq!(id.to_hex(), "ab".repeat(16));
        assert_eq!(id.to_hex().parse::<Id128>(), Ok(id));
    }

    #[test]
    fn malformed_hex_is_refused() {
        assert_eq!("xyz".parse::<Id128>(), Err(IdParseError::Malformed));
        assert_eq!("g".repeat(32).parse::<Id128>(), Err(IdParseError::Malformed));
    }

    #[test]
    fn json_uses_hex() {
        let id = EventId::from_bytes([1; 16]);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{}\"", "01".repeat(16)));
        assert_eq!(serde_json::from_str::<EventId>(&json).unwrap(), id);
    }
}
