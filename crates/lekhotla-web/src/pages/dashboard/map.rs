//! The choropleth of the districts: `data/geography/lesotho-districts.geojson` projected once (on first use)
//! to SVG paths, each district shaded by its class of count, a link with its name and count in `<title>`,
//! and a legend. Districts only: never a person or a shelter on a map.

use std::fmt::Write;
use std::sync::OnceLock;

use super::charts::esc;

const GEOJSON: &str = include_str!("../../../../../data/geography/lesotho-districts.geojson");
/// The map's width in SVG units (its height follows the country's shape).
const WIDTH: f64 = 420.0;

/// One district's outline, projected.
#[derive(Debug)]
struct Shape {
    code: String,
    d: String,
}

#[derive(Debug)]
struct Projected {
    shapes: Vec<Shape>,
    height: f64,
}

/// The rings of a feature's polygon or multipolygon.
fn rings(geometry: &serde_json::Value) -> Vec<Ring> {
    let coords = &geometry["coordinates"];
    let polygons: Vec<&serde_json::Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![coords],
        Some("MultiPolygon") => coords.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
        _ => Vec::new(),
    };
    let point = |p: &serde_json::Value| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?));
    polygons
        .iter()
        .flat_map(|poly| poly.as_array().cloned().unwrap_or_default())
        .map(|ring| ring.as_array().map(|pts| pts.iter().filter_map(point).collect()).unwrap_or_default())
        .collect()
}

/// A ring of (longitude, latitude) points.
type Ring = Vec<(f64, f64)>;

fn project() -> Projected {
    let doc: serde_json::Value = serde_json::from_str(GEOJSON).unwrap_or_default();
    let features: Vec<(String, Vec<Ring>)> = doc["features"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .filter_map(|f| Some((f["properties"]["iso_3166_2"].as_str()?.to_owned(), rings(&f["geometry"]))))
                .collect()
        })
        .unwrap_or_default();
    let all = features.iter().flat_map(|(_, rs)| rs.iter().flatten());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (lon, lat) in all {
        x0 = x0.min(*lon);
        x1 = x1.max(*lon);
        y0 = y0.min(*lat);
        y1 = y1.max(*lat);
    }
    // Equirectangular, shrunk east-west by the cosine of the middle latitude.
    let k = ((y0 + y1) / 2.0).to_radians().cos();
    let scale = WIDTH / ((x1 - x0) * k).max(f64::EPSILON);
    let shapes = features
        .into_iter()
        .map(|(code, rs)| {
            let mut d = String::new();
            for ring in rs {
                for (i, (lon, lat)) in ring.iter().enumerate() {
                    let cmd = if i == 0 { 'M' } else { 'L' };
                    let _ = write!(d, "{cmd}{:.1} {:.1}", (lon - x0) * k * scale, (y1 - lat) * scale);
                }
                d.push('Z');
            }
            Shape { code, d }
        })
        .collect();
    Projected { shapes, height: (y1 - y0) * scale }
}

fn projected() -> &'static Projected {
    static P: OnceLock<Projected> = OnceLock::new();
    P.get_or_init(project)
}

/// The classes of counts and their shades, lightest first: (lowest count, colour).
pub const CLASSES: [(u64, &str); 5] =
    [(0, "#f1f4f8"), (1, "#c6dbef"), (5, "#6baed6"), (20, "#2171b5"), (50, "#08306b")];

fn class_of(count: u64) -> usize {
    CLASSES.iter().rposition(|(low, _)| count >= *low).unwrap_or(0)
}

/// One district on the map: code, name, count (when on the dashboard's level; none when suppressed) and the
/// count as shown.
#[derive(Debug, Clone)]
pub struct Area {
    pub code: String,
    pub name: String,
    pub count: Option<Option<u64>>,
    pub shown: String,
    pub href: String,
}

/// The map: `areas` with a count are shaded and linked (a suppressed count in the second class, which the
/// legend then names so: published counts are 0 or at least the threshold); the others are drawn grey,
/// without a count. A group, not an image: an image may not hold links (axe-core `nested-interactive`).
/// `legend` gives the label of each class (as shown to this person).
pub fn choropleth(id: &str, title: &str, desc: &str, areas: &[Area], legend: &[String]) -> String {
    let p = projected();
    let legend_h = 22.0 * legend.len() as f64 + 8.0;
    let h = p.height + legend_h;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {h:.0}\" role=\"group\" \
         aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(desc)
    );
    for shape in &p.shapes {
        let Some(area) = areas.iter().find(|a| a.code == shape.code) else { continue };
        match area.count {
            Some(count) => {
                let fill = CLASSES[count.map_or(1, class_of)].1;
                let _ = write!(
                    out,
                    "<a href=\"{}\"><title>{}: {}</title><path d=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" \
                     stroke-width=\"1.5\"/></a>",
                    esc(&area.href),
                    esc(&area.name),
                    esc(&area.shown),
                    shape.d
                );
            }
            None => {
                let _ = write!(
                    out,
                    "<g><title>{}</title><path d=\"{}\" fill=\"#e4e7eb\" stroke=\"#ffffff\" stroke-width=\"1.5\"/></g>",
                    esc(&area.name),
                    shape.d
                );
            }
        }
    }
    for (i, label) in legend.iter().enumerate() {
        let y = p.height + 8.0 + 22.0 * i as f64;
        let _ = write!(
            out,
            "<rect x=\"8\" y=\"{y:.0}\" width=\"16\" height=\"16\" fill=\"{}\" stroke=\"#9aa5b1\"/>\
             <text x=\"30\" y=\"{:.0}\" font-size=\"12\" fill=\"#1d2733\">{}</text>",
            CLASSES[i.min(CLASSES.len() - 1)].1,
            y + 13.0,
            esc(label)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ten_districts_are_projected_inside_the_map() {
        let p = projected();
        assert_eq!(p.shapes.len(), 10);
        assert!(p.height > 100.0 && p.height < 2.0 * WIDTH, "{}", p.height);
        for s in &p.shapes {
            assert!(s.code.starts_with("LS-") && s.d.starts_with('M') && s.d.ends_with('Z'), "{}", s.code);
        }
        assert_eq!(class_of(0), 0);
        assert_eq!(class_of(4), 1);
        assert_eq!(class_of(5), 2);
        assert_eq!(class_of(1000), 4);
    }
}
