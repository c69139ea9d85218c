//! The page and what is drawn on it: the A4 page's frame, drawing operations measured from the page's top,
//! text measured and wrapped by the font's widths, and the flow that fills pages top to bottom and starts a
//! new one when the next block does not fit.

use super::font::{self, Face};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// The text frame: 20 mm either side, room above for the marking and below for the page number.
pub const LEFT: f32 = 56.7;
pub const RIGHT: f32 = PAGE_WIDTH - 56.7;
pub const WIDTH: f32 = RIGHT - LEFT;
pub const TOP: f32 = 62.0;
pub const BOTTOM: f32 = PAGE_HEIGHT - 58.0;

/// A colour, each part from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
pub const GREY: Rgb = Rgb(0.35, 0.35, 0.35);
pub const RULE: Rgb = Rgb(0.75, 0.75, 0.75);
pub const SHADE: Rgb = Rgb(0.93, 0.93, 0.93);
pub const RED: Rgb = Rgb(0.75, 0.0, 0.0);
pub const BAR: Rgb = Rgb(0.22, 0.42, 0.62);

/// One thing drawn; `y` is measured down from the page's top edge.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A line of text, `y` its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        color: Rgb,
        text: String,
    },
    /// A rectangle, `y` its top edge.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
    /// Diagonal lines filling a rectangle, `y` its top edge.
    Hatch {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
}

/// A style of text: face, size, colour, and the height of its lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
}

impl Style {
    pub const fn new(face: Face, size: f32) -> Style {
        Style { face, size, color: BLACK }
    }

    pub const fn color(self, color: Rgb) -> Style {
        Style { color, ..self }
    }

    /// The height of one line.
    pub fn leading(self) -> f32 {
        self.size * 1.3
    }

    pub fn width(self, text: &str) -> f32 {
        font::width(text, self.face, self.size)
    }

    /// The baseline of a line whose box starts at `top`.
    pub fn baseline(self, top: f32) -> f32 {
        top + (self.leading() - self.size) / 2.0 + self.size * font::cap_height(self.face) + self.size * 0.1
    }

    /// A line of text whose box starts at `top`.
    pub fn text(self, x: f32, top: f32, text: impl Into<String>) -> Op {
        Op::Text { x, y: self.baseline(top), size: self.size, face: self.face, color: self.color, text: text.into() }
    }

    /// `text` ending at `right`.
    pub fn text_right(self, right: f32, top: f32, text: &str) -> Op {
        self.text(right - self.width(text), top, text)
    }

    /// `text` centred on `centre`.
    pub fn text_centred(self, centre: f32, top: f32, text: &str) -> Op {
        self.text(centre - self.width(text) / 2.0, top, text)
    }
}

/// `text` broken into lines no wider than `width`: at spaces where it can, inside a word that is wider
/// than the line by itself.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if style.width(&candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line goes on as many lines as it needs.
            for c in word.chars() {
                if !line.is_empty() && style.width(&format!("{line}{c}")) > width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}

/// `text` cut to `width`, ending in "..." when cut.
pub fn clip(text: &str, style: Style, width: f32) -> String {
    if style.width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if style.width(&format!("{out}{c}...")) > width {
            break;
        }
        out.push(c);
    }
    format!("{}...", out.trim_end())
}

/// Pages filled top to bottom.
#[derive(Debug)]
pub struct Flow {
    pages: Vec<Vec<Op>>,
    /// Where the next block starts, down from the page's top.
    pub y: f32,
}

impl Flow {
    pub fn new() -> Flow {
        Flow { pages: vec![Vec::new()], y: TOP }
    }

    /// The space left on this page.
    pub fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Whether nothing has been drawn on this page.
    pub fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }

    /// Starts a new page, unless this one is still empty.
    pub fn new_page(&mut self) {
        if !self.page_is_empty() {
            self.pages.push(Vec::new());
        }
        self.y = TOP;
    }

    /// Makes room for `height`, on a new page when this one has less; returns whether it started one.
    pub fn ensure(&mut self, height: f32) -> bool {
        if height > self.room() && !self.page_is_empty() {
            self.new_page();
            return true;
        }
        false
    }

    pub fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y = (self.y + height).min(BOTTOM);
    }

    /// Wrapped text from `x` to the frame's right edge, continuing on the next page when it must.
    pub fn paragraph(&mut self, text: &str, style: Style, x: f32) {
        for line in wrap(text, style, RIGHT - x) {
            self.ensure(style.leading());
            let op = style.text(x, self.y, line);
            self.push(op);
            self.y += style.leading();
        }
    }

    /// The pages drawn.
    pub fn into_pages(self) -> Vec<Vec<Op>> {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style::new(Face::Regular, 10.0);

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Victims identified in the period, counted once each, by the date of their first identification";
        let lines = wrap(text, BODY, 150.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| BODY.width(l) <= 150.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let lines = wrap("abcdefghijklmnopqrstuvwxyz", BODY, 40.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| BODY.width(l) <= 40.0));
        assert_eq!(lines.concat(), "abcdefghijklmnopqrstuvwxyz");
    }

    #[test]
    fn clipped_text_fits() {
        let clipped = clip("A very long report title that will not fit in the footer", BODY, 100.0);
        assert!(BODY.width(&clipped) <= 100.0);
        assert!(clipped.ends_with("..."));
    }

    #[test]
    fn a_block_that_does_not_fit_starts_a_new_page() {
        let mut flow = Flow::new();
        assert!(!flow.ensure(10_000.0), "an empty page is never left empty");
        flow.push(BODY.text(LEFT, flow.y, "first"));
        flow.gap(BOTTOM);
        assert!(flow.ensure(20.0));
        assert_eq!(flow.y, TOP);
        assert_eq!(flow.into_pages().len(), 2);
    }
}
