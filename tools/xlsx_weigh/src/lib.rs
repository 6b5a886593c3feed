//! Weighs an .xlsx reader in wasm: the same harness with and without calamine reading the
//! first sheet's cells as text (what Mohar's import would do), each built like Mohar's bundles.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn rows(bytes: &[u8]) -> Vec<JsValue> {
    #[cfg(feature = "xlsx")]
    {
        use calamine::{Reader, Xlsx};
        let Ok(mut book) = Xlsx::new(std::io::Cursor::new(bytes.to_vec())) else { return Vec::new() };
        let Some(Ok(range)) = book.worksheet_range_at(0) else { return Vec::new() };
        return range.rows().map(|row| JsValue::from_str(&row.iter().map(|cell| cell.to_string()).collect::<Vec<_>>().join("\t"))).collect();
    }
    #[cfg(not(feature = "xlsx"))]
    {
        String::from_utf8_lossy(bytes).lines().map(JsValue::from_str).collect()
    }
}
