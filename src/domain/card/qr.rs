//! The card link as a QR code, drawn as SVG by the app itself (the `qrcode` crate gives the
//! modules; no renderer features are needed).

/// Modules of blank margin around a QR code (the standard's quiet zone).
const QUIET_ZONE: usize = 4;
/// Screen pixels per module at full size: whole pixels keep the code crisp for a camera.
const PIXELS_PER_MODULE: usize = 4;

/// `text` as a QR code (error correction level M) in SVG: one path of dark runs on a white
/// square, with the quiet zone. `None` only if the text is too long for any QR code. The output
/// contains nothing of `text` but the modules, so it is safe to insert as markup.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let dark: Vec<bool> = code.to_colors().into_iter().map(|color| color == qrcode::Color::Dark).collect();
    let size = width + 2 * QUIET_ZONE;
    let pixels = size * PIXELS_PER_MODULE;
    let mut path = String::with_capacity(width * width);
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{pixels}" height="{pixels}" shape-rendering="crispEdges" aria-hidden="true"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_svg_is_markup_of_modules_only() {
        let link = format!("https://mohar.example/?shop={}#mohar={}", "K".repeat(43), "T".repeat(300));
        let svg = qr_svg(&link).expect("a QR code");
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(!svg.contains("mohar.example"));
        let allowed = |c: char| c.is_ascii_alphanumeric() || " <>=\"/:.-#_".contains(c);
        assert!(svg.chars().all(allowed), "{svg}");
        // Whole pixels per module, and a square the size of the code plus its quiet zone.
        let code = qrcode::QrCode::with_error_correction_level(link.as_bytes(), qrcode::EcLevel::M).unwrap();
        let size = code.width() + 8;
        assert!(svg.contains(&format!(r#"viewBox="0 0 {size} {size}" width="{}""#, size * 4)));
        assert!(qr_svg(&"x".repeat(4000)).is_none());
    }

    #[test]
    fn qr_svg_draws_exactly_the_dark_modules() {
        let text = "https://m.example/?shop=K#mohar=T";
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
        let width = code.width();
        let svg = qr_svg(text).unwrap();
        let path = svg.split(r#"d=""#).nth(1).unwrap().split('"').next().unwrap();
        let mut drawn = vec![false; width * width];
        for run in path.split('M').filter(|run| !run.is_empty()) {
            let numbers: Vec<usize> = run.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).map(|n| n.parse().unwrap()).collect();
            let (x, y, len) = (numbers[0] - QUIET_ZONE, numbers[1] - QUIET_ZONE, numbers[2]);
            for cell in &mut drawn[y * width + x..y * width + x + len] {
                assert!(!*cell, "drawn twice");
                *cell = true;
            }
        }
        let dark: Vec<bool> = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        assert_eq!(drawn, dark);
    }
}
