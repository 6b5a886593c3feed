//! Issues card tokens from the command line, for tests and demos:
//!
//!     cargo run -p mohar-card --example issue -- <seed-hex-64> [<claims>...]
//!
//! Each <claims> is `card,issued_at,stamps,per_reward,rewards_ready,shop,name,reward` (texts may
//! contain anything but commas), where `card` is the card id in 32 hex digits followed by
//! `@<sequence>` (a format 2 token with that sequence; 0 if left out) or `@v1` (an old format 1
//! token). A format 3 token (referral code and tier) follows the reward with
//! `|<code>|<tier>|<visits to next>|<next tier>`, e.g. `1 free chai|4K7Q-M2P|Gold|2|Platinum`
//! (the code as shown, the tiers may be empty). Prints one JSON object: the public key text and the
//! tokens in order: {"publicKey":"…","fingerprint":"ABCD-…","tokens":["…",…]}.

use mohar_card::{issue, issue_v1, CardClaims, CardExtras, ShopKey};

/// A referral code as shown (`4K7Q-M2P`) read back into its 35 bits.
fn code_bits(text: &str) -> u64 {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    text.chars().filter(|&c| c != '-').fold(0, |bits, c| (bits << 5) | ALPHABET.find(c).expect("a referral code") as u64)
}

fn hex<const N: usize>(text: &str) -> [u8; N] {
    assert_eq!(text.len(), 2 * N, "expected {} hex digits: {text}", 2 * N);
    let mut out = [0; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex digits");
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = hex::<32>(&args.next().expect("usage: issue <seed-hex> [claims...]"));
    let key = ShopKey::generate(seed);
    let tokens: Vec<String> = args
        .map(|spec| {
            let f: Vec<&str> = spec.splitn(8, ',').collect();
            assert_eq!(f.len(), 8, "claims need 8 comma-separated fields: {spec}");
            let (card, sequence) = f[0].split_once('@').unwrap_or((f[0], "0"));
            let v1 = sequence == "v1";
            let mut extra = f[7].split('|');
            let reward = extra.next().unwrap_or_default();
            let extras = extra.next().map(|code| {
                let mut next = || extra.next().unwrap_or_default().to_owned();
                let (tier, visits, next_tier) = (next(), next(), next());
                CardExtras { referral_code: code_bits(code), tier, next_tier, visits_to_next: visits.parse().unwrap_or(0) }
            });
            let claims = CardClaims {
                card_id: hex::<16>(card),
                sequence: if v1 { None } else { Some(sequence.parse().expect("sequence")) },
                issued_at: f[1].parse().expect("issued_at"),
                stamps: f[2].parse().expect("stamps"),
                stamps_per_reward: f[3].parse().expect("per_reward"),
                rewards_ready: f[4].parse().expect("rewards_ready"),
                shop_name: f[5].into(),
                display_name: f[6].into(),
                reward: reward.into(),
                extras,
            };
            if v1 {
                issue_v1(&key, &claims)
            } else {
                issue(&key, &claims)
            }
        })
        .collect();
    let fingerprint = key.public_key().fingerprint().to_string();
    let json = serde_json::json!({ "publicKey": key.public_key_text(), "fingerprint": fingerprint, "tokens": tokens });
    println!("{json}");
}
