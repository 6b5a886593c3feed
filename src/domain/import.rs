//! Import from a paper register typed into a sheet, or an Excel export: the pure half. Reads a
//! CSV file (UTF-8 with or without a byte-order mark, comma or semicolon, Excel's quoting, by the
//! `csv` crate), finds the columns by their headings in English, हिन्दी, বাংলা or ગુજરાતી (or
//! as the owner maps them by hand), and checks every row before anything is written: each
//! problem is named with the file's own line number, so the owner can fix the sheet or skip
//! the rows.
//!
//! The write is `import_plan.rs` (the rows as `CustomerAdded` plus `OpeningBalance` events) and
//! `store::import` (batches under an import marker); the screen is `app/import_panel.rs`.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::customer::CustomerProfile;
use super::phone::{Country, Phone};
use super::search::ascii_digits;

/// What a column of the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The customer's name.
    Name,
    /// Their mobile number.
    Phone,
    /// Stamps already on their paper card.
    Stamps,
    /// Visits so far.
    Visits,
    /// Their birthday.
    Birthday,
    /// Notes ("less sugar").
    Notes,
    /// Tags (kept with the notes until Mohar has tags).
    Tags,
}

impl Column {
    /// A name for the column in element ids ("phone"): spelled out, because release builds
    /// format `Debug` as nothing (`-Zfmt-debug=none`, scripts/wasm_release_env.sh).
    pub fn id(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Phone => "phone",
            Column::Stamps => "stamps",
            Column::Visits => "visits",
            Column::Birthday => "birthday",
            Column::Notes => "notes",
            Column::Tags => "tags",
        }
    }
}

/// Headings people write for each column, lower case, in the four languages (including the
/// headings of Mohar's own export).
const HEADINGS: &[(Column, &[&str])] = &[
    (Column::Name, &["name", "customer", "customer name", "नाम", "ग्राहक", "ग्राहक का नाम", "নাম", "কাস্টমার", "কাস্টমারের নাম", "নাম", "નામ", "ગ્રાહક", "ગ્રાહકનું નામ"]),
    (Column::Phone, &["phone", "mobile", "phone number", "mobile number", "mobile no", "mobile no.", "contact", "फ़ोन", "फोन", "मोबाइल", "फ़ोन नंबर", "फोन नंबर", "मोबाइल नंबर", "ফোন", "মোবাইল", "ফোন নম্বর", "মোবাইল নম্বর", "ફોન", "મોબાઇલ", "ફોન નંબર", "મોબાઇલ નંબર"]),
    (Column::Stamps, &["stamps", "stamps on card", "stamp", "मोहर", "मोहरें", "कार्ड पर मोहरें", "স্ট্যাম্প", "কার্ডে স্ট্যাম্প", "સ્ટેમ્પ", "કાર્ડ પર સ્ટેમ્પ"]),
    (Column::Visits, &["visits", "visit", "कितनी बार आए", "बार", "कितनी बार", "কতবার এসেছেন", "বার", "কতবার", "કેટલી વખત આવ્યા", "વખત", "કેટલી વખત"]),
    (Column::Birthday, &["birthday", "dob", "date of birth", "birth date", "जन्मदिन", "जन्म तिथि", "জন্মদিন", "জন্ম তারিখ", "જન્મદિવસ", "જન્મ તારીખ"]),
    (Column::Notes, &["notes", "note", "remarks", "remark", "नोट", "टिप्पणी", "নোট", "মন্তব্য", "નોંધ", "ટિપ્પણી"]),
    (Column::Tags, &["tags", "tag", "टैग", "ট্যাগ", "ટૅગ", "ટેગ"]),
];

/// The column a heading names, if any.
pub fn column_for_heading(heading: &str) -> Option<Column> {
    let wanted = heading.trim().trim_end_matches(':').trim().to_lowercase();
    HEADINGS.iter().find(|(_, names)| names.contains(&wanted.as_str())).map(|(column, _)| *column)
}

/// A file read as rows of fields, each with the line it starts on (1 = the first line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The separator found: `b','` or `b';'`.
    pub separator: u8,
    /// Every record, the heading row first, with its line number.
    pub rows: Vec<(u64, Vec<String>)>,
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file is not UTF-8 (an old Excel "CSV" in the PC's code page): save it as "CSV UTF-8".
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    /// The file has no rows.
    #[error("the file is empty")]
    Empty,
    /// A quoted field never ends (from this line on).
    #[error("a quote is not closed (line {line})")]
    Unclosed {
        /// The line the broken record starts on.
        line: u64,
    },
}

/// Reads a CSV file: the byte-order mark dropped, the separator chosen from the first line
/// (semicolon when it has more semicolons than commas outside quotes, as Excel writes where the
/// decimal mark is a comma), Excel's quoting undone by the `csv` crate.
pub fn read_table(bytes: &[u8]) -> Result<Table, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    let first_line = bytes.split(|byte| *byte == b'\n').next().unwrap_or_default();
    let separator = separator_of(first_line);
    let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line numbers are counted here from each record's byte offset: the crate's own count is
    // one short after a CRLF line end (it stops at the CR and takes the LF with the next record).
    let mut lines = LineCounter::default();
    loop {
        let before = reader.position().byte();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let fields: Vec<String> = record.iter().map(|field| field.trim().to_owned()).collect();
                let start = record.position().map_or(before, |position| position.byte());
                let line = lines.line_at(bytes, start as usize);
                if fields.iter().any(|field| !field.is_empty()) {
                    rows.push((line, fields));
                }
            }
            Err(_) => return Err(ReadError::Unclosed { line: lines.line_at(bytes, before as usize) }),
        }
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table { separator, rows })
}

/// The line a byte offset is on, counted forward from the last offset asked (offsets only grow
/// while a file is read, so the whole file is scanned once).
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: u64,
}

impl LineCounter {
    fn line_at(&mut self, bytes: &[u8], start: usize) -> u64 {
        // A record "starts" at the line end the previous one left: its first line is after it.
        let mut start = start.min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.offset {
            // A line ends with LF, CRLF or a lone CR (old Mac files; the crate ends records at
            // each of them too).
            let ends = memchr::memchr2_iter(b'\n', b'\r', &bytes[self.offset..start])
                .filter(|at| bytes[self.offset + at] == b'\n' || bytes.get(self.offset + at + 1) != Some(&b'\n'))
                .count();
            self.newlines += ends as u64;
            self.offset = start;
        }
        self.newlines + 1
    }
}

fn separator_of(line: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for byte in line {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Which field of a row goes where: found from the headings, or chosen by hand.
pub type Mapping = HashMap<Column, usize>;

/// The mapping the heading row gives (the first heading that names a column wins).
pub fn mapping_from_headings(headings: &[String]) -> Mapping {
    let mut mapping = Mapping::new();
    for (index, heading) in headings.iter().enumerate() {
        if let Some(column) = column_for_heading(heading) {
            mapping.entry(column).or_insert(index);
        }
    }
    mapping
}

/// One row ready to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The file's line.
    pub line: u64,
    /// Name, phone, birthday, notes (tags appended to the notes).
    pub profile: CustomerProfile,
    /// Stamps on the paper card: the opening balance.
    pub stamps: u32,
    /// Visits so far.
    pub visits: u32,
}

/// What is wrong with a row, by the file's line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The row has no name.
    NoName {
        /// The line.
        line: u64,
    },
    /// The phone number is not a valid mobile number of the shop's country.
    InvalidPhone {
        /// The line.
        line: u64,
    },
    /// The phone number is already a customer's.
    ExistingCustomer {
        /// The line.
        line: u64,
        /// That customer's name.
        name: String,
    },
    /// The phone number is also on an earlier line of the file.
    DuplicateInFile {
        /// The earlier line.
        first: u64,
        /// This line.
        line: u64,
    },
    /// A count (stamps, visits) is not a whole number from 0 to 10 000.
    BadCount {
        /// The line.
        line: u64,
        /// Which count.
        column: Column,
    },
    /// The birthday is not a date (2024-02-29, 29/02/2024 or 29-02-2024).
    BadDate {
        /// The line.
        line: u64,
    },
}

/// The field of `column` in a row, or "" where the row is short or the column not mapped.
fn field<'a>(fields: &'a [String], mapping: &Mapping, column: Column) -> &'a str {
    mapping.get(&column).and_then(|index| fields.get(*index)).map_or("", String::as_str)
}

/// The rows that can be imported and every problem, in line order. `existing` maps each
/// customer's phone on the device to their name.
pub fn check_rows(table: &Table, mapping: &Mapping, headings: bool, country: Country, existing: &HashMap<Phone, String>) -> (Vec<ImportRow>, Vec<Problem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<Phone, u64> = HashMap::new();
    for (line, fields) in table.rows.iter().skip(usize::from(headings)) {
        let line = *line;
        let before = problems.len();
        let name = field(fields, mapping, Column::Name).to_owned();
        if name.is_empty() {
            problems.push(Problem::NoName { line });
        }
        let phone = Phone::parse(field(fields, mapping, Column::Phone), country).ok();
        match &phone {
            None => problems.push(Problem::InvalidPhone { line }),
            Some(phone) => {
                if let Some(name) = existing.get(phone) {
                    problems.push(Problem::ExistingCustomer { line, name: name.clone() });
                } else if let Some(first) = seen.get(phone) {
                    problems.push(Problem::DuplicateInFile { first: *first, line });
                } else {
                    seen.insert(phone.clone(), line);
                }
            }
        }
        let mut count = |column: Column| match count_of(field(fields, mapping, column)) {
            Some(count) => count,
            None => {
                problems.push(Problem::BadCount { line, column });
                0
            }
        };
        let (stamps, visits) = (count(Column::Stamps), count(Column::Visits));
        let birthday_text = field(fields, mapping, Column::Birthday);
        let birthday = date_of(birthday_text);
        if birthday.is_none() && !birthday_text.is_empty() {
            problems.push(Problem::BadDate { line });
        }
        let tags = field(fields, mapping, Column::Tags);
        let notes = match (field(fields, mapping, Column::Notes), tags) {
            (notes, "") => notes.to_owned(),
            ("", tags) => tags.to_owned(),
            (notes, tags) => format!("{notes} ({tags})"),
        };
        if let (Some(phone), true) = (phone, problems.len() == before) {
            rows.push(ImportRow { line, profile: CustomerProfile { name, phone, birthday, notes, extras: Default::default() }, stamps, visits });
        }
    }
    (rows, problems)
}

/// A count typed in any digits ("12", "১২", "१२"); empty is 0.
fn count_of(text: &str) -> Option<u32> {
    let text = ascii_digits(text.trim());
    if text.is_empty() {
        return Some(0);
    }
    text.parse::<u32>().ok().filter(|count| *count <= 10_000)
}

/// A birthday as ISO (2024-02-29) or as Indian sheets write it, day first (29/02/2024,
/// 29-02-2024, 29.02.2024), in any digits.
fn date_of(text: &str) -> Option<NaiveDate> {
    let text = ascii_digits(text.trim());
    if text.is_empty() {
        return None;
    }
    super::iso_date::parse(&text).or_else(|| {
        ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"].iter().find_map(|format| NaiveDate::parse_from_str(&text, format).ok())
    })
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
