//! Server-drawn SVG charts (bars, lines). Each chart is a `Chart`: a title, a description and the table behind
//! it; the SVG carries `role="img"`, `aria-labelledby` its `<title>` and `<desc>`, and only attributes (no
//! `style`: the pages' CSP allows no inline style). A suppressed figure is drawn as nothing: no bar, no point.

use std::fmt::Write;

use crate::pages::reports::CellView;

/// One row of a chart's table: the label and one shown count per column.
#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    /// A total row (of the others, where they add up).
    pub total: bool,
    pub cells: Vec<CellView>,
}

/// A chart with its table.
#[derive(Debug, Clone)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub svg: String,
    /// The table's column heads (after the row label's head, `head`).
    pub head: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// Escapes text for SVG/HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// Colours of the series (colour-blind safe, Okabe-Ito).
pub const PALETTE: [&str; 6] = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9"];

fn open(out: &mut String, id: &str, title: &str, desc: &str, w: u32, h: u32) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" focusable=\"false\"><title id=\"{id}-t\">{}</title>\
         <desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    );
}

/// Horizontal bars: one per `(label, value drawn, value shown)`; a value drawn as 0 has no bar.
pub fn bars(id: &str, title: &str, desc: &str, items: &[(String, u64, String)]) -> String {
    // The labels' column fits the longest label (about 7 units a character at 12 px), within bounds.
    let longest = items.iter().map(|i| u32::try_from(i.0.chars().count()).unwrap_or(u32::MAX)).max().unwrap_or(0);
    let (w, row, left) = (480u32, 26u32, longest.saturating_mul(7).saturating_add(12).clamp(120, 240));
    let h = row * u32::try_from(items.len().max(1)).unwrap_or(1) + 8;
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    let mut out = String::new();
    open(&mut out, id, title, desc, w, h);
    for (i, (label, value, text)) in items.iter().enumerate() {
        let y = 4 + row * u32::try_from(i).unwrap_or(0);
        let len = (u64::from(w - left - 50) * value / max) as u32;
        let _ = write!(
            out,
            "<g><title>{l}: {t}</title><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"12\" \
             fill=\"#1d2733\">{l}</text>{bar}<text x=\"{vx}\" y=\"{ty}\" font-size=\"12\" \
             fill=\"#1d2733\">{t}</text></g>",
            l = esc(label),
            t = esc(text),
            lx = left - 6,
            ty = y + 16,
            bar = if len == 0 {
                String::new()
            } else {
                format!(
                    "<rect x=\"{left}\" y=\"{}\" width=\"{len}\" height=\"{}\" fill=\"{}\"/>",
                    y + 3,
                    row - 8,
                    PALETTE[0]
                )
            },
            vx = left + len + 4,
        );
    }
    out.push_str("</svg>");
    out
}

/// Lines: one series per `(name, values)` over the `labels` of the x axis; a suppressed value (`None`) is a
/// gap in its line.
pub fn lines(id: &str, title: &str, desc: &str, labels: &[String], series: &[(String, Vec<Option<u64>>)]) -> String {
    let (w, h, left, right, top, bottom) = (560u32, 290u32, 40u32, 24u32, 12u32, 100u32);
    let max = series.iter().flat_map(|s| s.1.iter().flatten().copied()).max().unwrap_or(0).max(1);
    let n = labels.len().max(2) - 1;
    let x = |i: usize| f64::from(left) + f64::from(w - left - right) * (i as f64) / (n as f64);
    let y = |v: u64| f64::from(top) + f64::from(h - top - bottom) * (1.0 - v as f64 / max as f64);
    let mut out = String::new();
    open(&mut out, id, title, desc, w, h);
    let base = y(0);
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{base:.1}\" x2=\"{}\" y2=\"{base:.1}\" stroke=\"#9aa5b1\"/>\
         <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5663\">{max}</text>\
         <text x=\"{}\" y=\"{base:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5663\">0</text>",
        w - right,
        left - 4,
        y(max) + 4.0,
        left - 4
    );
    for (i, l) in labels.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5663\" \
             transform=\"rotate(-40 {x:.1} {y:.1})\">{}</text>",
            esc(l),
            x = x(i) + 4.0,
            y = base + 14.0,
        );
    }
    for (k, (name, values)) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let _ = write!(out, "<g><title>{}</title>", esc(name));
        // One polyline per run of shown values: a suppressed value breaks the line.
        let points: Vec<Option<String>> =
            values.iter().enumerate().map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i), y(v)))).collect();
        for run in points.split(Option::is_none).filter(|r| r.len() > 1) {
            let run: Vec<&str> = run.iter().flatten().map(String::as_str).collect();
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
                run.join(" ")
            );
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(out, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>", x(i), y(*v));
            }
        }
        // The legend, two rows under the axis.
        let (lx, ly) =
            (left + 170 * u32::try_from(k % 3).unwrap_or(0), h - 30 + 16 * u32::try_from(k / 3).unwrap_or(0));
        let _ = write!(
            out,
            "<rect x=\"{lx}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{ly}\" font-size=\"12\" fill=\"#1d2733\">{}</text></g>",
            ly - 10,
            lx + 16,
            esc(name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_labelled_images_without_inline_style() {
        let svg =
            bars("b", "Victims by sex", "Bars", &[("Female".into(), 7, "7".into()), ("<x>".into(), 0, "x".into())]);
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"b-t b-d\""));
        assert!(
            svg.contains("<title id=\"b-t\">Victims by sex</title>") && svg.contains("<desc id=\"b-d\">Bars</desc>")
        );
        assert!(svg.contains("&lt;x&gt;: x"), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 1, "a suppressed bar is not drawn: {svg}");
        let svg = lines(
            "l",
            "Over time",
            "Lines",
            &["2026-01".into(), "2026-02".into()],
            &[("Identified".into(), vec![Some(3), Some(9)])],
        );
        assert!(svg.contains("<polyline") && !svg.contains("style="), "{svg}");
        let labels: Vec<String> = ["1", "2", "3", "4", "5"].map(String::from).to_vec();
        let gap = lines("g", "T", "D", &labels, &[("S".into(), vec![Some(12), Some(20), None, Some(15), Some(11)])]);
        assert_eq!(gap.matches("<polyline").count(), 2, "the suppressed value breaks the line: {gap}");
        assert_eq!(gap.matches("<circle").count(), 4);
    }
}
