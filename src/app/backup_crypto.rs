//! The backup's passphrase: the shop's card-key secret sealed with AES-256-GCM under a key that
//! PBKDF2-SHA-256 derives from the passphrase, both by the browser's WebCrypto. WebCrypto rather
//! than a crate: it is native code (600 000 iterations take a fraction of a second, where wasm
//! SHA-256 would take seconds) and adds no cipher to the owner's wasm. The sealed bytes and their
//! checks are the pure core's (`domain::backup::SealedKey`).

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::domain::backup::{SealedKey, KEY_ITERATIONS, KEY_SCHEME, NONCE_LEN, SALT_LEN};

/// WebCrypto refused or is missing (a page not served over https, a very old browser).
#[derive(Debug)]
pub struct CryptoUnavailable;

fn subtle() -> Result<SubtleCrypto, CryptoUnavailable> {
    Ok(web_sys::window().ok_or(CryptoUnavailable)?.crypto().map_err(|_| CryptoUnavailable)?.subtle())
}

async fn wait(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// The AES-GCM key the passphrase gives with this salt and iteration count.
async fn derive(subtle: &SubtleCrypto, passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, JsValue> {
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let secret = Uint8Array::from(passphrase.as_bytes());
    let base = wait(subtle.import_key_with_str("raw", &secret, "PBKDF2", false, &Array::of1(&"deriveKey".into()))).await?;
    let params = Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let key = wait(subtle.derive_key_with_object_and_object(&params, base.unchecked_ref(), &AesDerivedKeyParams::new("AES-GCM", 256), false, &usages)).await?;
    Ok(key.unchecked_into())
}

fn gcm(nonce: &[u8], public_key: &str) -> AesGcmParams {
    let params = AesGcmParams::new_with_u8_array("AES-GCM", &Uint8Array::from(nonce));
    // The shop's public key is authenticated with the secret: a sealed key moved into another
    // shop's header does not open.
    params.set_additional_data_u8_array(&Uint8Array::from(public_key.as_bytes()));
    params
}

/// Seals `secret` (the shop's card key) with `passphrase`; `random` gives the salt and nonce.
pub async fn seal(secret: &[u8; 32], passphrase: &str, public_key: &str, random: [u8; 16], random2: [u8; 16]) -> Result<SealedKey, CryptoUnavailable> {
    let subtle = subtle()?;
    let salt = random[..SALT_LEN].to_vec();
    let nonce = random2[..NONCE_LEN].to_vec();
    let key = derive(&subtle, passphrase, &salt, KEY_ITERATIONS).await.map_err(|_| CryptoUnavailable)?;
    let sealed = wait(subtle.encrypt_with_object_and_u8_array(&gcm(&nonce, public_key), &key, secret)).await.map_err(|_| CryptoUnavailable)?;
    let sealed = Uint8Array::new(&sealed.unchecked_into::<ArrayBuffer>()).to_vec();
    Ok(SealedKey { scheme: KEY_SCHEME.into(), iterations: KEY_ITERATIONS, salt, nonce, sealed })
}

/// Opens a sealed key; `None` when the passphrase (or the file) is not the one it was sealed
/// with: AES-GCM's tag fails then.
pub async fn open(sealed: &SealedKey, passphrase: &str, public_key: &str) -> Result<Option<[u8; 32]>, CryptoUnavailable> {
    let subtle = subtle()?;
    let key = derive(&subtle, passphrase, &sealed.salt, sealed.iterations).await.map_err(|_| CryptoUnavailable)?;
    let opened = match wait(subtle.decrypt_with_object_and_u8_array(&gcm(&sealed.nonce, public_key), &key, &sealed.sealed)).await {
        Ok(opened) => opened,
        Err(_) => return Ok(None),
    };
    let bytes = Uint8Array::new(&opened.unchecked_into::<ArrayBuffer>()).to_vec();
    Ok(<[u8; 32]>::try_from(bytes.as_slice()).ok())
}

/// Adding a device (issue 14): seals `bytes` (the pairing payload) with a key derived from the
/// 6-digit code, bound to `aad`; the same derivation and cipher as a backup's key.
pub async fn seal_bytes(bytes: &[u8], code: &str, aad: &str, salt: &[u8], nonce: &[u8]) -> Result<Vec<u8>, CryptoUnavailable> {
    let subtle = subtle()?;
    let key = derive(&subtle, code, salt, KEY_ITERATIONS).await.map_err(|_| CryptoUnavailable)?;
    let sealed = wait(subtle.encrypt_with_object_and_u8_array(&gcm(nonce, aad), &key, bytes)).await.map_err(|_| CryptoUnavailable)?;
    Ok(Uint8Array::new(&sealed.unchecked_into::<ArrayBuffer>()).to_vec())
}

/// Opens what [`seal_bytes`] sealed; `None` when the code is not the one it was sealed with.
pub async fn open_bytes(sealed: &[u8], code: &str, aad: &str, salt: &[u8], nonce: &[u8]) -> Result<Option<Vec<u8>>, CryptoUnavailable> {
    let subtle = subtle()?;
    let key = derive(&subtle, code, salt, KEY_ITERATIONS).await.map_err(|_| CryptoUnavailable)?;
    match wait(subtle.decrypt_with_object_and_u8_array(&gcm(nonce, aad), &key, sealed)).await {
        Ok(opened) => Ok(Some(Uint8Array::new(&opened.unchecked_into::<ArrayBuffer>()).to_vec())),
        Err(_) => Ok(None),
    }
}
