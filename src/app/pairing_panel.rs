//! "Add a device" (issue 14, Settings → Sync, owner's bundle): a pairing QR code and, beside it,
//! the 6-digit code that opens it. The QR holds this device's sync settings and the shop's
//! card key sealed with the code (`domain::sync::pairing`, WebCrypto in `backup_crypto.rs`);
//! the code is never in it, so a photo of the QR alone is useless. The QR is drawn by the same
//! code as a card's (`domain::card::qr_svg`, the `qrcode` crate already in both bundles), so
//! pairing adds no crate. A new code and QR are made each time, and forgotten when the screen
//! is left.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::i18n::*;
use super::locales::text;
use super::{backup_crypto, random, sync_engine, use_shell};
use crate::domain::card::qr_svg;
use crate::domain::sync::pairing::{pairing_code, PairingPayload, SealedPairing, PAIRING_AAD, PAIRING_NONCE_LEN, PAIRING_SALT_LEN};
use crate::store::Store;

/// What the panel shows.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Working,
    Pairing { code: String, text: String },
    NoSettings,
    NoKey,
    NoCrypto,
}

/// The panel.
#[component]
pub fn PairingPanel() -> impl IntoView {
    let i18n = use_i18n();
    let shell = use_shell();
    let shown = RwSignal::new(None::<Shown>);

    let make = move |_| {
        let Some(store) = shell.store() else { return };
        shown.set(Some(Shown::Working));
        spawn_local(async move {
            let Some(settings) = sync_engine::load_settings(&store).await else {
                return drop(shown.try_set(Some(Shown::NoSettings)));
            };
            let Ok(Some(secret)) = store.shop_key_secret().await else {
                return drop(shown.try_set(Some(Shown::NoKey)));
            };
            let random_code = random::random_bytes();
            let code = pairing_code([random_code[0], random_code[1], random_code[2], random_code[3]]);
            let salt = random::random_bytes()[..PAIRING_SALT_LEN].to_vec();
            let nonce = random::random_bytes()[..PAIRING_NONCE_LEN].to_vec();
            let payload = PairingPayload::new(settings, &secret).to_bytes();
            match backup_crypto::seal_bytes(&payload, &code, PAIRING_AAD, &salt, &nonce).await {
                Ok(sealed) => {
                    let text = SealedPairing { salt, nonce, sealed }.to_text();
                    shown.try_set(Some(Shown::Pairing { code, text }));
                }
                Err(_) => {
                    shown.try_set(Some(Shown::NoCrypto));
                }
            }
        });
    };

    let body = move || {
        shown.get().map(|shown| match shown {
            Shown::Working => view! { <p class="note" role="status" aria-busy="true">{text(i18n, |l| td_string!(l, pair_working))}</p> }.into_any(),
            Shown::NoSettings => view! { <p class="alert" role="alert">{text(i18n, |l| td_string!(l, pair_no_settings))}</p> }.into_any(),
            Shown::NoKey => view! { <p class="alert" role="alert">{text(i18n, |l| td_string!(l, pair_no_key))}</p> }.into_any(),
            Shown::NoCrypto => view! { <p class="alert" role="alert">{text(i18n, |l| td_string!(l, pair_no_crypto))}</p> }.into_any(),
            Shown::Pairing { code, text: pairing } => {
                // Shown as "123 456": easier to read out and type.
                let spaced = format!("{} {}", &code[..3], &code[3..]);
                let svg = qr_svg(&pairing).unwrap_or_default();
                view! {
                    <div class="pairing">
                        <div class="pairing-qr" inner_html=svg></div>
                        <p class="pairing-code-label">{text(i18n, |l| td_string!(l, pair_code_label))}</p>
                        <p class="pairing-code" data-code=code>{spaced}</p>
                        <p class="hint">{text(i18n, |l| td_string!(l, pair_steps))}</p>
                        <label for="pairing-text">{text(i18n, |l| td_string!(l, pair_text_label))}</label>
                        <textarea id="pairing-text" class="code" rows="3" readonly=true spellcheck="false">{pairing}</textarea>
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <div class="card-panel pairing-panel">
            <h2>{text(i18n, |l| td_string!(l, pair_heading))}</h2>
            <p class="note">{text(i18n, |l| td_string!(l, pair_note))}</p>
            <div class="actions">
                <button type="button" on:click=make disabled=move || shown.get() == Some(Shown::Working)>{text(i18n, |l| td_string!(l, pair_show))}</button>
            </div>
            {body}
        </div>
    }
}
