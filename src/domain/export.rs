//! "Export customers": a CSV file Excel opens correctly in any of the shop's scripts. UTF-8 with
//! a byte-order mark (without it Excel reads the bytes as the PC's code page, and देवनागरी,
//! বাংলা and ગુજરાતી names come out as mojibake), CRLF line ends, RFC 4180 quoting.
//!
//! The quoting is written here rather than taken from the `csv` crate: writing is the easy
//! half (a field with a comma, a quote or a line break is quoted, quotes doubled), and it keeps
//! a crate out of the owner's wasm for these ten lines.

use chrono::{DateTime, Utc};

use super::customer::Customer;

/// The byte-order mark Excel needs to read the file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// The column headings, in the user's language, in the order of the columns: name, phone,
/// stamps on the card, rewards ready, visits, last visit, birthday, notes, joined.
pub type Headings = [String; 9];

/// Every customer who is still in the shop (not removed), one row each, sorted by name. Phones
/// are written as people write them ("+91 98765 43210"): with the spaces, Excel keeps the
/// number as text instead of turning it into 9.19877E+11.
pub fn customers_csv(customers: &[Customer], stamps_per_reward: u32, headings: &Headings) -> String {
    let mut rows: Vec<&Customer> = customers.iter().filter(|customer| !customer.is_removed() && customer.profile.is_some()).collect();
    rows.sort_by(|a, b| a.profile.as_ref().map(|p| &p.name).cmp(&b.profile.as_ref().map(|p| &p.name)).then(a.id.cmp(&b.id)));
    let mut out = String::with_capacity(64 + rows.len() * 96);
    out.push_str(BOM);
    line(&mut out, headings.iter().map(String::as_str));
    for customer in rows {
        let Some(profile) = &customer.profile else { continue };
        let summary = customer.summary(stamps_per_reward);
        let date = |at: Option<DateTime<Utc>>| at.map(|at| at.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let fields = [
            profile.name.clone(),
            profile.phone.formatted(),
            summary.stamps_on_card.to_string(),
            summary.rewards_ready.to_string(),
            summary.visits.to_string(),
            date(summary.last_visit),
            profile.birthday.map(|day| day.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            profile.notes.clone(),
            date(customer.joined_at),
        ];
        line(&mut out, fields.iter().map(String::as_str));
    }
    out
}

/// Whether column `index` of a row is the phone (written as it is, see [`field_into`]).
const PHONE_COLUMN: usize = 1;

fn line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (index, field) in fields.enumerate() {
        if index > 0 {
            out.push(',');
        }
        if index == PHONE_COLUMN {
            plain_into(out, field);
        } else {
            field_into(out, field);
        }
    }
    out.push_str("\r\n");
}

/// One field, quoted when it must be. A text a spreadsheet would run as a formula (it starts
/// with `=`, `+`, `-` or `@`: a name typed as "=HYPERLINK(…)") gets a leading apostrophe, which
/// Excel shows as text, as OWASP's advice on CSV injection says. The phone column is written
/// with [`plain_into`]: a checked number ("+91 98765 43210") is never a formula.
fn field_into(out: &mut String, field: &str) {
    let formula = field.starts_with(['=', '+', '-', '@']);
    let guarded;
    let field = if formula {
        guarded = format!("'{field}");
        guarded.as_str()
    } else {
        field
    };
    plain_into(out, field);
}

/// A field quoted when it holds a separator, a quote or a line break (`;` too: Excel in many
/// Indian and European set-ups splits on semicolons).
fn plain_into(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r', ';']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
