//! Text lines where no ruling bounds them (titles, notes, borderless
//! tables): connected ink, grouped into line segments.
//!
//! Ink pixels are joined into connected components (8-neighbourhood, by
//! runs). Specks and blobs far larger than text are dropped. Components
//! side by side on one baseline, no more than a gap apart, form one
//! segment: a run of text the recogniser reads as one line. Wide gaps
//! (between a borderless table's columns) start a new segment, so each
//! segment keeps its own position for the table stage.

use image::GrayImage;

/// A pixel darker than this is ink.
pub const INK_THRESHOLD: u8 = 160;

/// A rectangle in pixels: `x0..x1`, `y0..y1` (ends exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelBox {
    /// Left edge.
    pub x0: u32,
    /// Top edge.
    pub y0: u32,
    /// One past the right edge.
    pub x1: u32,
    /// One past the bottom edge.
    pub y1: u32,
}

impl PixelBox {
    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.x1 - self.x0
    }
    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.y1 - self.y0
    }
    fn union(self, o: PixelBox) -> PixelBox {
        PixelBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    fn vertical_overlap(&self, o: &PixelBox) -> u32 {
        self.y1.min(o.y1).saturating_sub(self.y0.max(o.y0))
    }
}

/// Sizes of text at a resolution, for telling text from specks and blobs.
#[derive(Clone, Copy, Debug)]
pub struct TextScale {
    /// Fewest ink pixels of a component that is not a speck.
    pub min_pixels: usize,
    /// Tallest component that can be text (taller: a picture, a seal).
    pub max_height: u32,
    /// Widest gap between two pieces of one segment, as a share of the
    /// segment's height.
    pub gap_share: f32,
}

/// The smallest mark worth keeping (a full stop), in points across: about
/// 0.8 pt at 10.5 pt text.
const SPECK_POINTS: f32 = 0.5;
/// The tallest text, points (a 36 pt title).
const MAX_TEXT_POINTS: f32 = 40.0;
/// Pieces of one segment are at most this many line heights apart: the
/// spaces and punctuation of a line, never the gutter between columns.
const SEGMENT_GAP_SHARE: f32 = 1.0;

impl TextScale {
    /// The scale of text on a page scanned at `dpi`.
    pub fn for_dpi(dpi: f32) -> Self {
        let px = |points: f32| points * dpi / 72.0;
        let speck = px(SPECK_POINTS).max(1.0);
        TextScale {
            min_pixels: (speck * speck).ceil() as usize,
            max_height: px(MAX_TEXT_POINTS).ceil() as u32,
            gap_share: SEGMENT_GAP_SHARE,
        }
    }
}

/// The text segments of `grey` inside `area` (pixels), top to bottom, left
/// to right; pixels in `masked` areas are not looked at.
pub fn text_segments(
    grey: &GrayImage,
    area: PixelBox,
    masked: &[PixelBox],
    scale: &TextScale,
) -> Vec<PixelBox> {
    let components = components(grey, area, masked)
        .into_iter()
        .filter(|c| c.pixels >= scale.min_pixels && c.bbox.height() <= scale.max_height)
        .map(|c| c.bbox)
        .collect();
    let mut segments = group_segments(components, scale.gap_share);
    segments.sort_by_key(|b| (b.y0, b.x0));
    segments
}

/// A connected component: its box and ink.
#[derive(Clone, Copy, Debug)]
struct Component {
    bbox: PixelBox,
    pixels: usize,
}

/// One run of ink on a row, and the component it belongs to.
#[derive(Clone, Copy, Debug)]
struct Run {
    x0: u32,
    x1: u32,
    label: usize,
}

/// Connected components of ink in `area`, by runs: a run joins every run
/// of the row above that shares a column with it (side neighbours only;
/// a diagonal touch does not join).
fn components(grey: &GrayImage, area: PixelBox, masked: &[PixelBox]) -> Vec<Component> {
    let (w, h) = grey.dimensions();
    let (x_end, y_end) = (area.x1.min(w), area.y1.min(h));
    let mut parent: Vec<usize> = Vec::new();
    let mut boxes: Vec<Component> = Vec::new();
    let mut above: Vec<Run> = Vec::new();
    for y in area.y0..y_end {
        let row = row_runs(grey, y, area.x0, x_end, masked);
        let mut current = Vec::with_capacity(row.len());
        for (x0, x1) in row {
            let touching: Vec<usize> = above
                .iter()
                .filter(|r| r.x0 <= x1 && x0 <= r.x1)
                .map(|r| find(&mut parent, r.label))
                .collect();
            let bbox = PixelBox {
                x0,
                y0: y,
                x1: x1 + 1,
                y1: y + 1,
            };
            let label = match touching.first() {
                Some(&first) => {
                    for &other in &touching[1..] {
                        union(&mut parent, &mut boxes, first, other);
                    }
                    let root = find(&mut parent, first);
                    if let Some(c) = boxes.get_mut(root) {
                        c.bbox = c.bbox.union(bbox);
                        c.pixels += (x1 - x0 + 1) as usize;
                    }
                    root
                }
                None => {
                    parent.push(boxes.len());
                    boxes.push(Component {
                        bbox,
                        pixels: (x1 - x0 + 1) as usize,
                    });
                    boxes.len() - 1
                }
            };
            current.push(Run { x0, x1, label });
        }
        above = current;
    }
    (0..boxes.len())
        .filter(|&i| find(&mut parent, i) == i)
        .filter_map(|i| boxes.get(i).copied())
        .collect()
}

/// Ink runs `x0..=x1` of row `y` between `from` and `to`, outside `masked`.
fn row_runs(grey: &GrayImage, y: u32, from: u32, to: u32, masked: &[PixelBox]) -> Vec<(u32, u32)> {
    let width = grey.width() as usize;
    let row = grey
        .as_raw()
        .get(y as usize * width..(y as usize + 1) * width)
        .unwrap_or(&[]);
    let hidden = |x: u32| {
        masked
            .iter()
            .any(|m| m.x0 <= x && x < m.x1 && m.y0 <= y && y < m.y1)
    };
    let mut runs = Vec::new();
    let mut start: Option<u32> = None;
    for x in from..to {
        let ink = row.get(x as usize).is_some_and(|&v| v < INK_THRESHOLD) && !hidden(x);
        match (ink, start) {
            (true, None) => start = Some(x),
            (false, Some(s)) => {
                runs.push((s, x - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, to.saturating_sub(1)));
    }
    runs
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let grand = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = grand;
        }
        i = grand;
    }
    i
}

fn union(parent: &mut [usize], boxes: &mut [Component], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra == rb {
        return;
    }
    let (keep, gone) = (ra.min(rb), ra.max(rb));
    if let Some(slot) = parent.get_mut(gone) {
        *slot = keep;
    }
    if let (Some(&g), Some(k)) = (boxes.get(gone), boxes.get(keep)) {
        let merged = Component {
            bbox: k.bbox.union(g.bbox),
            pixels: k.pixels + g.pixels,
        };
        if let Some(slot) = boxes.get_mut(keep) {
            *slot = merged;
        }
    }
}

/// A component lower than this share of the page's typical text height is
/// a mark (a comma, a full stop, a stroke of 二): it joins the line it
/// sits on rather than starting one.
const MARK_SHARE: f32 = 0.5;
/// A mark belongs to a line when its centre lies within the line's height
/// extended by this share of it below (commas hang under the baseline)…
const MARK_BELOW_SHARE: f32 = 0.4;
/// …and this share above.
const MARK_ABOVE_SHARE: f32 = 0.2;

/// Groups component boxes into segments. Text-sized boxes first, left to
/// right: a box joins the segment it shares most of its height with when
/// it starts no more than `gap_share` of the segment's height past the
/// segment's right edge. Then marks join the segment they sit on; marks on
/// no segment group among themselves.
fn group_segments(boxes: Vec<PixelBox>, gap_share: f32) -> Vec<PixelBox> {
    let typical = typical_height(&boxes);
    let (tall, marks): (Vec<PixelBox>, Vec<PixelBox>) = boxes
        .into_iter()
        .partition(|b| b.height() as f32 >= MARK_SHARE * typical);
    let mut segments = join_side_by_side(tall, gap_share);
    let mut loose = Vec::new();
    for m in marks {
        let (cx, cy) = ((m.x0 + m.x1) as f32 / 2.0, (m.y0 + m.y1) as f32 / 2.0);
        let host = segments.iter_mut().find(|s| {
            let h = s.height() as f32;
            let reach = gap_share * h;
            cy >= s.y0 as f32 - MARK_ABOVE_SHARE * h
                && cy <= s.y1 as f32 + MARK_BELOW_SHARE * h
                && cx >= s.x0 as f32 - reach
                && cx <= s.x1 as f32 + reach
        });
        match host {
            Some(s) => *s = s.union(m),
            None => loose.push(m),
        }
    }
    segments.extend(join_side_by_side(loose, gap_share));
    segments
}

/// The height of a whole character, as the upper quartile of the boxes'
/// heights (0 without any): many characters are several components (the
/// two halves of 字), so the median is a part's height.
fn typical_height(boxes: &[PixelBox]) -> f32 {
    let mut heights: Vec<u32> = boxes.iter().map(PixelBox::height).collect();
    heights.sort_unstable();
    heights.get(heights.len() * 3 / 4).copied().unwrap_or(0) as f32
}

/// Boxes on one baseline, side by side, as segments (see
/// [`group_segments`]).
fn join_side_by_side(mut boxes: Vec<PixelBox>, gap_share: f32) -> Vec<PixelBox> {
    boxes.sort_by_key(|b| (b.x0, b.y0));
    let mut segments: Vec<PixelBox> = Vec::new();
    for b in boxes {
        let best = segments
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                let overlap = s.vertical_overlap(&b) as f32;
                let shares = overlap >= 0.5 * b.height().min(s.height()) as f32;
                let gap = b.x0 as f32 - s.x1 as f32;
                shares && gap <= gap_share * s.height().max(b.height()) as f32
            })
            .max_by_key(|(_, s)| s.vertical_overlap(&b))
            .map(|(i, _)| i);
        match best.and_then(|i| segments.get_mut(i)) {
            Some(s) => *s = s.union(b),
            None => segments.push(b),
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    fn page() -> GrayImage {
        GrayImage::from_pixel(400, 200, Luma([255]))
    }

    fn blob(img: &mut GrayImage, x0: u32, y0: u32, w: u32, h: u32) {
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                img.put_pixel(x, y, Luma([0]));
            }
        }
    }

    const SCALE: TextScale = TextScale {
        min_pixels: 4,
        max_height: 100,
        gap_share: 1.0,
    };

    #[test]
    fn characters_of_a_line_form_one_segment_columns_two() {
        let mut img = page();
        // Three "characters" 20 px high, 4 px apart; a column 100 px away.
        for x in [10, 34, 58] {
            blob(&mut img, x, 50, 20, 20);
        }
        blob(&mut img, 180, 52, 20, 18);
        // A speck, and a comma under the first line.
        img.put_pixel(300, 150, Luma([0]));
        blob(&mut img, 40, 66, 3, 8);
        let all = PixelBox {
            x0: 0,
            y0: 0,
            x1: 400,
            y1: 200,
        };
        let segs = text_segments(&img, all, &[], &SCALE);
        assert_eq!(segs.len(), 2, "{segs:?}");
        assert_eq!((segs[0].x0, segs[0].x1), (10, 78));
        assert_eq!(segs[1].x0, 180);
    }

    #[test]
    fn masked_areas_and_other_lines_stay_apart() {
        let mut img = page();
        blob(&mut img, 10, 10, 20, 20);
        blob(&mut img, 10, 60, 20, 20);
        blob(&mut img, 200, 100, 50, 50);
        let all = PixelBox {
            x0: 0,
            y0: 0,
            x1: 400,
            y1: 200,
        };
        let masked = [PixelBox {
            x0: 190,
            y0: 90,
            x1: 260,
            y1: 160,
        }];
        let segs = text_segments(&img, all, &masked, &SCALE);
        assert_eq!(segs.len(), 2);
        assert!(segs[0].y1 <= segs[1].y0);
    }
}
