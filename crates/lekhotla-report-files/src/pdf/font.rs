//! The PDF's two faces, DejaVu Sans and DejaVu Sans Bold, embedded (krilla subsets them) from the crate's
//! `fonts/` folder (licence in `fonts/LICENSE`): text measured by the fonts' own advances, so that what
//! the layout wraps and aligns is what the page shows, and turned into the glyphs krilla draws.

use std::sync::LazyLock;

use krilla::text::{GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

static REGULAR_DATA: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD_DATA: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// The two faces the PDF uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

impl Face {
    /// The font file.
    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_DATA,
            Face::Bold => BOLD_DATA,
        }
    }

    fn measure(self) -> &'static Measure {
        match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
        }
    }
}

/// The height of capitals above the baseline, as a fraction of the font size.
pub fn cap_height(face: Face) -> f32 {
    face.measure().cap_height
}

/// The width of `text` at `size` points.
pub fn width(text: &str, face: Face, size: f32) -> f32 {
    let measure = face.measure();
    text.chars().map(|c| measure.advance(measure.glyph(c))).sum::<f32>() * size
}

/// The glyphs of `text`, one a character, each knowing which bytes of `text` it shows (so that the PDF's
/// text can be copied and searched).
pub fn glyphs(text: &str, face: Face) -> Vec<KrillaGlyph> {
    let measure = face.measure();
    text.char_indices()
        .map(|(at, c)| {
            let glyph = measure.glyph(c);
            let id = GlyphId::new(glyph.to_u32());
            KrillaGlyph::new(id, measure.advance(glyph), 0.0, 0.0, 0.0, at..at + c.len_utf8(), None)
        })
        .collect()
}

/// A face's character map and advances, read once.
struct Measure {
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    cap_height: f32,
    /// What a character the font lacks is drawn as.
    fallback: skrifa::GlyphId,
}

impl Measure {
    fn new(data: &'static [u8]) -> Measure {
        let font = FontRef::new(data).expect("the bundled font is a TrueType font");
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em);
        let charmap = font.charmap();
        let fallback = charmap.map('?').unwrap_or_default();
        Measure {
            charmap,
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
            cap_height: metrics.cap_height.map_or(0.73, |h| h / units_per_em),
            fallback,
        }
    }

    fn glyph(&self, c: char) -> skrifa::GlyphId {
        let c = if c.is_whitespace() { ' ' } else { c };
        self.charmap.map(c).unwrap_or(self.fallback)
    }

    /// A glyph's advance, as a fraction of the font size.
    fn advance(&self, glyph: skrifa::GlyphId) -> f32 {
        self.metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em
    }
}

static REGULAR: LazyLock<Measure> = LazyLock::new(|| Measure::new(REGULAR_DATA));
static BOLD: LazyLock<Measure> = LazyLock::new(|| Measure::new(BOLD_DATA));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_is_wider_and_widths_grow_with_the_size() {
        let text = "Victims identified";
        assert!(width(text, Face::Bold, 10.0) > width(text, Face::Regular, 10.0));
        let (small, large) = (width(text, Face::Regular, 8.0), width(text, Face::Regular, 16.0));
        assert!((large - 2.0 * small).abs() < 0.01);
        // DejaVu Sans's digits are all as wide, so that counts line up.
        assert_eq!(width("1111", Face::Regular, 10.0), width("8888", Face::Regular, 10.0));
    }

    #[test]
    fn every_character_has_a_glyph_covering_its_bytes() {
        let text = "Mohale's Hoek – Qacha's Nek ŋ";
        let glyphs = glyphs(text, Face::Regular);
        assert_eq!(glyphs.len(), text.chars().count());
        assert_eq!(glyphs.last().map(|g| g.text_range.end), Some(text.len()));
        assert!(glyphs.iter().all(|g| g.glyph_id.to_u32() != 0), "DejaVu Sans has them all");
        assert!(cap_height(Face::Regular) > 0.6 && cap_height(Face::Regular) < 0.8);
    }
}
