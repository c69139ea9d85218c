//! Laid-out pages written as a PDF file with krilla: each page's text as glyphs of the embedded fonts
//! (subset, with their text so it can be copied and searched), its rules, boxes and hatches as paths, and
//! the document's title.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::Font;

use super::font::{self, Face};
use super::layout::{Op, PAGE_HEIGHT, PAGE_WIDTH, Rgb};
use crate::FilesError;

/// Distance between the lines of a hatch.
const HATCH_GAP: f32 = 3.5;
/// The width of a box's outline.
const OUTLINE: f32 = 0.5;

/// The PDF of `pages`, titled `title`.
pub fn write(pages: &[Vec<Op>], title: &str) -> Result<Vec<u8>, FilesError> {
    let load = |face: Face| {
        Font::new(face.data().into(), 0).ok_or_else(|| FilesError::Pdf("the bundled font cannot be read".into()))
    };
    let fonts = Fonts { regular: load(Face::Regular)?, bold: load(Face::Bold)? };
    let size = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| FilesError::Pdf("page size".into()))?;
    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(title.to_owned()).producer("Lekhotla".to_owned()));
    for ops in pages {
        let mut page = document.start_page_with(size.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, &fonts);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| FilesError::Pdf(e.to_string()))
}

struct Fonts {
    regular: Font,
    bold: Font,
}

/// Draws one operation; krilla's `y`, like the layout's, runs down from the page's top.
fn draw(surface: &mut Surface, op: &Op, fonts: &Fonts) {
    match op {
        Op::Text { x, y, size, face, color, text } => {
            let font = match face {
                Face::Regular => fonts.regular.clone(),
                Face::Bold => fonts.bold.clone(),
            };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*color)));
            surface.draw_glyphs(Point::from_xy(*x, *y), &font::glyphs(text, *face), font, text, *size, false);
        }
        Op::Rect { x, y, w, h, fill: inside, stroke: outline } => {
            let Some(path) = rect(*x, *y, *w, *h) else { return };
            surface.set_fill(inside.map(fill));
            surface.set_stroke(outline.map(|c| stroke(c, OUTLINE)));
            surface.draw_path(&path);
        }
        Op::Line { x1, y1, x2, y2, width, color } => {
            let mut builder = PathBuilder::new();
            builder.move_to(*x1, *y1);
            builder.line_to(*x2, *y2);
            let Some(path) = builder.finish() else { return };
            surface.set_fill(None);
            surface.set_stroke(Some(stroke(*color, *width)));
            surface.draw_path(&path);
        }
        Op::Hatch { x, y, w, h, color } => {
            let Some(clip) = rect(*x, *y, *w, *h) else { return };
            let mut builder = PathBuilder::new();
            let bottom = *y + *h;
            let mut start = *x - *h;
            while start < *x + *w {
                builder.move_to(start, bottom);
                builder.line_to(start + *h, *y);
                start += HATCH_GAP;
            }
            let Some(lines) = builder.finish() else { return };
            surface.push_clip_path(&clip, &FillRule::NonZero);
            surface.set_fill(None);
            surface.set_stroke(Some(stroke(*color, 0.6)));
            surface.draw_path(&lines);
            surface.pop();
        }
    }
}

fn rect(x: f32, y: f32, w: f32, h: f32) -> Option<Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(Rect::from_xywh(x, y, w, h)?);
    builder.finish()
}

fn colour(Rgb(r, g, b): Rgb) -> rgb::Color {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    rgb::Color::new(byte(r), byte(g), byte(b))
}

fn fill(color: Rgb) -> Fill {
    Fill { paint: colour(color).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

fn stroke(color: Rgb, width: f32) -> Stroke {
    Stroke { paint: colour(color).into(), width, ..Stroke::default() }
}
