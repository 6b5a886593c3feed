//! Staff and owner: a PIN's hash, made by the browser's WebCrypto (PBKDF2-HMAC-SHA-256 with the
//! shop's salt), so the core only ever sees the 32 derived bytes.
//!
//! Why WebCrypto and not a crate: `pbkdf2` + `sha2` + `hmac` (or `argon2`) would add their code
//! to the counter's wasm, which is already over its size budget (issue 15), while the browser
//! ships a constant-time, native-speed PBKDF2 that every browser Mohar runs in has. The calls go
//! through `js_sys::Reflect` rather than new `web-sys` features: three calls do not justify
//! rebuilding `web-sys` with `CryptoKey` bindings, and they cost a few hundred bytes.
//!
//! A 4–8 digit PIN has at most 10⁸ values, so no iteration count makes a stolen hash safe from
//! an offline search; what guards PINs is that the hashes never leave the device (the `meta`
//! store, no export) and that the app locks entry after five wrong tries. 100 000 iterations
//! keep a check under a fifth of a second on a cheap tablet while slowing a search of the
//! six-digit and longer PINs.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::staff::PinHash;

/// PBKDF2 iterations (see the module's comment for why this many).
const ITERATIONS: u32 = 100_000;

/// The PBKDF2 hash of `pin` (Latin digits, as `staff::read_pin` returns it) with `salt`.
pub async fn hash_pin(pin: &str, salt: &[u8; 16]) -> Result<PinHash, JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into())?;
    let subtle = Reflect::get(&crypto, &"subtle".into())?;
    let call = |name: &str, args: &Array| -> Result<js_sys::Promise, JsValue> {
        let function: js_sys::Function = Reflect::get(&subtle, &name.into())?.dyn_into()?;
        function.apply(&subtle, args)?.dyn_into()
    };
    let pin_bytes = Uint8Array::from(pin.as_bytes());
    let usages = Array::of1(&"deriveBits".into());
    let import = Array::of5(&"raw".into(), &pin_bytes, &"PBKDF2".into(), &JsValue::FALSE, &usages);
    let key = JsFuture::from(call("importKey", &import)?).await?;
    let params = Object::new();
    Reflect::set(&params, &"name".into(), &"PBKDF2".into())?;
    Reflect::set(&params, &"hash".into(), &"SHA-256".into())?;
    Reflect::set(&params, &"salt".into(), &Uint8Array::from(salt.as_slice()))?;
    Reflect::set(&params, &"iterations".into(), &JsValue::from(ITERATIONS))?;
    let derive = Array::of3(&params, &key, &JsValue::from(256));
    let bits = JsFuture::from(call("deriveBits", &derive)?).await?;
    let bytes = Uint8Array::new(&bits).to_vec();
    let hash: [u8; 32] = bytes.try_into().map_err(|_| JsValue::from_str("PBKDF2 gave the wrong length"))?;
    Ok(PinHash(hash))
}
