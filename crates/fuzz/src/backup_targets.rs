//! The readers of files the owner picks, which may be anything. The backup file
//! (`domain::backup::read_backup`) as it is (almost every mutation then fails the checksum), and
//! with its trailer made to match, so the mutations reach the header and event lines behind the
//! checksum; and a CSV file to import (`domain::import`), read, mapped by its headings and checked.

use std::collections::{BTreeMap, BTreeSet};

use mohar::domain::backup::{hex, read_backup, BackupHeader, BackupWriter, SealedKey, BACKUP_FORMAT, BACKUP_VERSION, KEY_ITERATIONS, KEY_SCHEME};
use mohar::domain::demo::demo_events;
use mohar::domain::state_hash::state_hash;
use mohar::domain::{DeviceId, ShopState};
use mohar::store::fold_log;
use sha2::{Digest, Sha256};

use crate::{outcome_of, Target};

/// The backup targets, listed after the others.
pub const BACKUP_TARGETS: &[Target] = &[
    Target { name: "backup_file", seeds: backup_seeds, run: backup_file, dictionary: WORDS },
    Target { name: "backup_body", seeds: body_seeds, run: backup_body, dictionary: WORDS },
    Target { name: "csv_import", seeds: csv_seeds, run: csv_import, dictionary: CSV_WORDS },
];

const CSV_WORDS: &[&str] = &["\"", ",", ";", "\r\n", "\n", "\u{FEFF}", "नाम", "ফোন", "০১৭", "९८७६५", "/02/", "31/", "\"\""];

fn csv_seeds() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data");
    ["excel_bom.csv", "semicolons.csv", "bengali_digits.csv", "hindi_register.csv", "errors.csv"]
        .iter()
        .map(|name| std::fs::read(format!("{dir}/{name}")).expect("a golden CSV file"))
        .collect()
}

/// A CSV file to import, read, mapped and checked for both countries.
fn csv_import(input: &[u8]) -> u64 {
    use mohar::domain::import::{check_rows, mapping_from_headings, read_table};
    match read_table(input) {
        Ok(table) => {
            let mapping = mapping_from_headings(&table.rows[0].1);
            let mut outcome = 0;
            for country in mohar::domain::Country::ALL {
                let (rows, problems) = check_rows(&table, &mapping, true, country, &Default::default());
                let lines: Vec<u64> = rows.iter().map(|row| row.line).collect();
                assert!(lines.windows(2).all(|pair| pair[0] < pair[1]), "rows keep the file's order");
                outcome += rows.len() + problems.len();
            }
            outcome_of(&format!("ok {}", outcome.min(5)))
        }
        Err(error) => outcome_of(&format!("{error:?}")),
    }
}

const WORDS: &[&str] = &[
    "\n", "{\"end\":{\"events\":0,\"sha256\":\"\"}}\n", "\"version\":2", "\"version\":0", "\"iterations\":4294967295",
    "\"salt\":[]", "\"shop\":null", "\"type\":\"customer_removed\"", "\u{FEFF}",
];

fn backup_seeds() -> Vec<Vec<u8>> {
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("a valid time");
    let events = demo_events(7, DeviceId::from_bytes([1; 16]), now);
    let key = SealedKey { scheme: KEY_SCHEME.into(), iterations: KEY_ITERATIONS, salt: vec![1; 16], nonce: vec![2; 12], sealed: vec![3; 48] };
    let header = BackupHeader {
        format: BACKUP_FORMAT.into(),
        version: BACKUP_VERSION,
        shop_key: "key".into(),
        created_at: 0,
        app_version: "fuzz".into(),
        shop: ShopState::fold(&events),
        device_settings: BTreeMap::from([("rewards_page".to_owned(), "https://example.com".to_owned())]),
        key,
    };
    let (mut writer, mut bytes) = BackupWriter::start(&header);
    bytes.extend(writer.events(&events[..30]));
    bytes.extend(writer.finish());
    vec![bytes]
}

fn body_seeds() -> Vec<Vec<u8>> {
    backup_seeds()
        .into_iter()
        .map(|mut file| {
            let end = file[..file.len() - 1].iter().rposition(|byte| *byte == b'\n').map_or(0, |at| at + 1);
            file.truncate(end);
            file
        })
        .collect()
}

/// A backup file as the owner picked it.
fn backup_file(input: &[u8]) -> u64 {
    match read_backup(input) {
        Ok(file) => {
            let _ = file.check_shop(Some("key"));
            let _ = file.new_events(&BTreeSet::new());
            let (shop, customers) = fold_log(&file.events, 1);
            let _ = state_hash(shop.as_ref(), &customers);
            outcome_of(&format!("ok {}", file.events.len().min(3)))
        }
        Err(error) => outcome_of(&format!("{error:?}")),
    }
}

/// The header and event lines, given the trailer their count and checksum call for.
fn backup_body(input: &[u8]) -> u64 {
    let mut file = input.to_vec();
    if !file.ends_with(b"\n") {
        file.push(b'\n');
    }
    let lines = file.iter().filter(|byte| **byte == b'\n').count().saturating_sub(1);
    let trailer = format!("{{\"end\":{{\"events\":{lines},\"sha256\":\"{}\"}}}}\n", hex(&Sha256::digest(&file)));
    file.extend(trailer.as_bytes());
    backup_file(&file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_read_whole() {
        assert_eq!(read_backup(&backup_seeds()[0]).map(|file| file.events.len()), Ok(30));
        assert_eq!(backup_body(&body_seeds()[0]), backup_file(&backup_seeds()[0]));
        for seed in csv_seeds() {
            assert_ne!(csv_import(&seed), outcome_of("Empty"));
        }
    }
}
