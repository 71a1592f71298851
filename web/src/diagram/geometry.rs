//! Plane geometry of the diagram: rectangles, the sides edges leave and enter by, the cubic
//! curves they follow, and the view transform (pan and zoom) with its fit-to-view.
//!
//! Pure functions on plain numbers, so they are unit- and property-tested natively; the
//! canvas only turns their results into SVG attributes.

/// A point in diagram coordinates.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Horizontal, growing to the right.
    pub x: f64,
    /// Vertical, growing downwards.
    pub y: f64,
}

impl Point {
    /// The point `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// Distance to `other`.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (non-negative).
    pub w: f64,
    /// Height (non-negative).
    pub h: f64,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point::new(self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether `other` lies inside (edges may touch).
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x - EPSILON
            && other.y >= self.y - EPSILON
            && other.right() <= self.right() + EPSILON
            && other.bottom() <= self.bottom() + EPSILON
    }

    /// Whether `point` lies inside or on the border.
    pub fn contains_point(&self, point: Point) -> bool {
        point.x >= self.x - EPSILON
            && point.x <= self.right() + EPSILON
            && point.y >= self.y - EPSILON
            && point.y <= self.bottom() + EPSILON
    }

    /// Whether `point` lies on the border.
    pub fn on_border(&self, point: Point) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() <= EPSILON;
        self.contains_point(point)
            && (near(point.x, self.x)
                || near(point.x, self.right())
                || near(point.y, self.y)
                || near(point.y, self.bottom()))
    }

    /// The smallest rectangle covering both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect::new(
            x,
            y,
            self.right().max(other.right()) - x,
            self.bottom().max(other.bottom()) - y,
        )
    }

    /// Grown by `left`, `top`, `right`, `bottom`.
    pub fn expand(&self, left: f64, top: f64, right: f64, bottom: f64) -> Rect {
        Rect::new(
            self.x - left,
            self.y - top,
            self.w + left + right,
            self.h + top + bottom,
        )
    }

    /// Moved by `(dx, dy)`.
    pub fn translate(&self, dx: f64, dy: f64) -> Rect {
        Rect::new(self.x + dx, self.y + dy, self.w, self.h)
    }

    /// The point of side `side` at fraction `t` (0..1) along it.
    pub fn point_on(&self, side: Side, t: f64) -> Point {
        let t = t.clamp(0.0, 1.0);
        match side {
            Side::Left => Point::new(self.x, self.y + self.h * t),
            Side::Right => Point::new(self.right(), self.y + self.h * t),
            Side::Top => Point::new(self.x + self.w * t, self.y),
            Side::Bottom => Point::new(self.x + self.w * t, self.bottom()),
        }
    }
}

/// The union of `rects`, or `None` for none.
pub fn bounds(rects: impl IntoIterator<Item = Rect>) -> Option<Rect> {
    rects.into_iter().reduce(|a, b| a.union(&b))
}

/// Tolerance for floating-point comparisons of coordinates.
pub const EPSILON: f64 = 1e-6;

/// A side of a rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// x = left.
    Left,
    /// x = right.
    Right,
    /// y = top.
    Top,
    /// y = bottom.
    Bottom,
}

impl Side {
    /// The outward unit direction.
    pub fn normal(self) -> Point {
        match self {
            Side::Left => Point::new(-1.0, 0.0),
            Side::Right => Point::new(1.0, 0.0),
            Side::Top => Point::new(0.0, -1.0),
            Side::Bottom => Point::new(0.0, 1.0),
        }
    }

    /// Whether ports on this side are spread horizontally.
    pub fn horizontal(self) -> bool {
        matches!(self, Side::Top | Side::Bottom)
    }
}

/// The sides an edge from `from` to `to` leaves and enters by: facing each other across the
/// gap between the boxes. Horizontal gaps win unless the boxes are far more apart vertically,
/// because the layout places related nodes in columns side by side.
pub fn facing_sides(from: &Rect, to: &Rect) -> (Side, Side) {
    let gap_x = (to.x - from.right()).max(from.x - to.right());
    let gap_y = (to.y - from.bottom()).max(from.y - to.bottom());
    let (a, b) = (from.center(), to.center());
    let horizontal = if gap_x <= 0.0 && gap_y <= 0.0 {
        (b.x - a.x).abs() * from.h >= (b.y - a.y).abs() * from.w
    } else {
        gap_x > 0.0 && gap_x * 3.0 >= gap_y
    };
    match (horizontal, b.x >= a.x, b.y >= a.y) {
        (true, true, _) => (Side::Right, Side::Left),
        (true, false, _) => (Side::Left, Side::Right),
        (false, _, true) => (Side::Bottom, Side::Top),
        (false, _, false) => (Side::Top, Side::Bottom),
    }
}

/// A cubic Bézier curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    /// Start (on the source's border).
    pub start: Point,
    /// First control point.
    pub c1: Point,
    /// Second control point.
    pub c2: Point,
    /// End (on the target's border; the arrowhead's tip).
    pub end: Point,
}

impl Curve {
    /// The curve from `start` leaving by `start_side` to `end` entering by `end_side`: control
    /// points pulled out along each side's normal, so the curve meets the borders squarely.
    pub fn between(start: Point, start_side: Side, end: Point, end_side: Side) -> Curve {
        let pull = (start.distance(end) * 0.4).clamp(24.0, 160.0);
        let out = start_side.normal();
        let into = end_side.normal();
        Curve {
            start,
            c1: Point::new(start.x + out.x * pull, start.y + out.y * pull),
            c2: Point::new(end.x + into.x * pull, end.y + into.y * pull),
            end,
        }
    }

    /// The point at parameter `t` (0..1).
    pub fn at(&self, t: f64) -> Point {
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        Point::new(
            a * self.start.x + b * self.c1.x + c * self.c2.x + d * self.end.x,
            a * self.start.y + b * self.c1.y + c * self.c2.y + d * self.end.y,
        )
    }

    /// The SVG path data (`M … C …`), rounded to tenths.
    pub fn path(&self) -> String {
        format!(
            "M{} {} C{} {} {} {} {} {}",
            round(self.start.x),
            round(self.start.y),
            round(self.c1.x),
            round(self.c1.y),
            round(self.c2.x),
            round(self.c2.y),
            round(self.end.x),
            round(self.end.y)
        )
    }
}

/// A coordinate for SVG attributes: tenths of a pixel, no trailing `.0`.
pub fn round(value: f64) -> String {
    decimal(value, 1)
}

/// `value` rounded to at most `places` decimals, without trailing zeros (`12`, `3.5`,
/// `-0.25`). Integer arithmetic: core's float formatting would add 10 KB to the wasm.
pub fn decimal(value: f64, places: u32) -> String {
    let scale = 10_i64.pow(places);
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let whole = (scaled / scale).abs();
    let mut fraction = (scaled % scale).abs();
    let mut digits = places as usize;
    while digits > 0 && fraction % 10 == 0 {
        fraction /= 10;
        digits -= 1;
    }
    if digits == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0digits$}")
    }
}

/// Pan and zoom: a diagram point `p` is drawn at `p * scale + (x, y)` on the screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Horizontal translation, in screen pixels.
    pub x: f64,
    /// Vertical translation, in screen pixels.
    pub y: f64,
    /// Zoom factor.
    pub scale: f64,
}

impl Default for View {
    fn default() -> View {
        View {
            x: 0.0,
            y: 0.0,
            scale: 1.0,
        }
    }
}

/// The zoom range: from a bird's-eye view of a large world to reading small print.
pub const MIN_SCALE: f64 = 0.2;
/// See [`MIN_SCALE`].
pub const MAX_SCALE: f64 = 2.5;

impl View {
    /// The diagram point under screen point `screen`.
    pub fn to_diagram(&self, screen: Point) -> Point {
        Point::new(
            (screen.x - self.x) / self.scale,
            (screen.y - self.y) / self.scale,
        )
    }

    /// The screen point of diagram point `point`.
    pub fn to_screen(&self, point: Point) -> Point {
        Point::new(point.x * self.scale + self.x, point.y * self.scale + self.y)
    }

    /// Moved by a screen offset.
    pub fn pan(&self, dx: f64, dy: f64) -> View {
        View {
            x: self.x + dx,
            y: self.y + dy,
            scale: self.scale,
        }
    }

    /// Zoomed by `factor` keeping the diagram point under `anchor` (a screen point) in place.
    pub fn zoom_at(&self, factor: f64, anchor: Point) -> View {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let fixed = self.to_diagram(anchor);
        View {
            x: anchor.x - fixed.x * scale,
            y: anchor.y - fixed.y * scale,
            scale,
        }
    }

    /// The view showing all of `content` centred in a `width` × `height` viewport with
    /// `margin` pixels around, never zoomed in beyond 1:1 (small worlds stay their size).
    pub fn fit(content: &Rect, width: f64, height: f64, margin: f64) -> View {
        if content.w <= 0.0 || content.h <= 0.0 || width <= 0.0 || height <= 0.0 {
            return View::default();
        }
        let scale = ((width - 2.0 * margin) / content.w)
            .min((height - 2.0 * margin) / content.h)
            .clamp(MIN_SCALE, 1.0);
        View {
            x: (width - content.w * scale) / 2.0 - content.x * scale,
            y: (height - content.h * scale) / 2.0 - content.y * scale,
            scale,
        }
    }

    /// The SVG `transform` of the diagram group.
    pub fn transform(&self) -> String {
        format!(
            "translate({} {}) scale({})",
            round(self.x),
            round(self.y),
            decimal(self.scale, 3)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facing_sides_follow_the_gap() {
        let a = Rect::new(0.0, 0.0, 100.0, 40.0);
        assert_eq!(
            facing_sides(&a, &Rect::new(300.0, 10.0, 100.0, 40.0)),
            (Side::Right, Side::Left)
        );
        assert_eq!(
            facing_sides(&a, &Rect::new(-300.0, 10.0, 100.0, 40.0)),
            (Side::Left, Side::Right)
        );
        assert_eq!(
            facing_sides(&a, &Rect::new(0.0, 200.0, 100.0, 40.0)),
            (Side::Bottom, Side::Top)
        );
        assert_eq!(
            facing_sides(&a, &Rect::new(20.0, -200.0, 100.0, 40.0)),
            (Side::Top, Side::Bottom)
        );
    }

    #[test]
    fn curves_start_and_end_where_asked() {
        let curve = Curve::between(
            Point::new(0.0, 0.0),
            Side::Right,
            Point::new(200.0, 50.0),
            Side::Left,
        );
        assert_eq!(curve.at(0.0), curve.start);
        assert!(curve.at(1.0).distance(curve.end) < 1e-9);
        assert!(curve.c1.x > curve.start.x && curve.c2.x < curve.end.x);
        assert_eq!(curve.path(), "M0 0 C82.5 0 117.5 50 200 50");
    }

    #[test]
    fn zooming_keeps_the_anchor_still() {
        let view = View {
            x: 30.0,
            y: -20.0,
            scale: 0.8,
        };
        let anchor = Point::new(400.0, 300.0);
        let before = view.to_diagram(anchor);
        let zoomed = view.zoom_at(1.25, anchor);
        assert!((zoomed.scale - 1.0).abs() < 1e-12);
        assert!(zoomed.to_diagram(anchor).distance(before) < 1e-9);
        assert_eq!(view.zoom_at(100.0, anchor).scale, MAX_SCALE);
        assert_eq!(view.zoom_at(0.001, anchor).scale, MIN_SCALE);
    }

    #[test]
    fn fit_centres_the_content() {
        let content = Rect::new(100.0, 50.0, 2000.0, 1000.0);
        let view = View::fit(&content, 1000.0, 600.0, 20.0);
        assert!((view.scale - 0.48).abs() < 1e-12);
        let top_left = view.to_screen(Point::new(content.x, content.y));
        let bottom_right = view.to_screen(Point::new(content.right(), content.bottom()));
        assert!((top_left.x - (1000.0 - bottom_right.x)).abs() < 1e-9);
        assert!((top_left.y - (600.0 - bottom_right.y)).abs() < 1e-9);
        // Small content is not blown up.
        assert_eq!(
            View::fit(&Rect::new(0.0, 0.0, 100.0, 100.0), 1000.0, 600.0, 20.0).scale,
            1.0
        );
        assert_eq!(
            View::fit(&Rect::default(), 1000.0, 600.0, 20.0),
            View::default()
        );
    }

    #[test]
    fn rectangles() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!(
            !a.overlaps(&Rect::new(10.0, 0.0, 5.0, 5.0)),
            "touching is not overlapping"
        );
        assert!(a.overlaps(&Rect::new(9.0, 9.0, 5.0, 5.0)));
        assert!(a.on_border(Point::new(10.0, 3.0)));
        assert!(!a.on_border(Point::new(5.0, 5.0)));
        assert_eq!(round(3.04), "3");
        assert_eq!(round(-2.25), "-2.3");
        assert_eq!(round(-0.04), "0");
        assert_eq!(decimal(-0.25, 2), "-0.25");
        assert_eq!(decimal(1.5, 3), "1.5");
        assert_eq!(decimal(12.0, 2), "12");
        assert_eq!(decimal(0.105, 2), "0.11");
    }
}
