//! Quarter turns: what is done to a page scanned sideways or upside down.

use image::{imageops, GrayImage};

/// A turn by a multiple of 90°, counter-clockwise as the page is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum QuarterTurn {
    /// Not turned.
    #[default]
    None,
    /// A quarter turn counter-clockwise (the right edge becomes the top).
    Ccw90,
    /// A half turn.
    Half,
    /// Three quarters counter-clockwise, i.e. a quarter turn clockwise.
    Ccw270,
}

impl QuarterTurn {
    /// The turn in degrees counter-clockwise: 0, 90, 180 or 270.
    pub fn degrees(self) -> u16 {
        match self {
            QuarterTurn::None => 0,
            QuarterTurn::Ccw90 => 90,
            QuarterTurn::Half => 180,
            QuarterTurn::Ccw270 => 270,
        }
    }

    /// The turn of `degrees` counter-clockwise, rounded to the nearest
    /// quarter (any integer, negative for clockwise).
    pub fn from_degrees(degrees: i32) -> QuarterTurn {
        match (degrees as f32 / 90.0).round() as i32 & 3 {
            1 => QuarterTurn::Ccw90,
            2 => QuarterTurn::Half,
            3 => QuarterTurn::Ccw270,
            _ => QuarterTurn::None,
        }
    }

    /// This turn followed by `then`.
    pub fn then(self, then: QuarterTurn) -> QuarterTurn {
        QuarterTurn::from_degrees(i32::from(self.degrees()) + i32::from(then.degrees()))
    }

    /// True for the turns that swap width and height.
    pub fn is_sideways(self) -> bool {
        matches!(self, QuarterTurn::Ccw90 | QuarterTurn::Ccw270)
    }
}

/// `image` turned counter-clockwise by `turn`, pixel for pixel (lossless).
pub(crate) fn turn_image(image: &GrayImage, turn: QuarterTurn) -> GrayImage {
    match turn {
        QuarterTurn::None => image.clone(),
        // `imageops` turns clockwise.
        QuarterTurn::Ccw90 => imageops::rotate270(image),
        QuarterTurn::Half => imageops::rotate180(image),
        QuarterTurn::Ccw270 => imageops::rotate90(image),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    #[test]
    fn degrees_round_trip_and_compose() {
        for turn in [
            QuarterTurn::None,
            QuarterTurn::Ccw90,
            QuarterTurn::Half,
            QuarterTurn::Ccw270,
        ] {
            assert_eq!(QuarterTurn::from_degrees(i32::from(turn.degrees())), turn);
        }
        assert_eq!(QuarterTurn::from_degrees(-90), QuarterTurn::Ccw270);
        assert_eq!(
            QuarterTurn::Ccw270.then(QuarterTurn::Half),
            QuarterTurn::Ccw90
        );
        assert_eq!(
            QuarterTurn::Ccw90.then(QuarterTurn::Ccw270),
            QuarterTurn::None
        );
    }

    #[test]
    fn images_turn_counter_clockwise() {
        let mut image = GrayImage::from_pixel(3, 2, Luma([255]));
        image.put_pixel(2, 0, Luma([0])); // top-right
        let ccw = turn_image(&image, QuarterTurn::Ccw90);
        assert_eq!(ccw.dimensions(), (2, 3));
        assert_eq!(ccw.get_pixel(0, 0).0[0], 0, "top-right becomes top-left");
        let cw = turn_image(&image, QuarterTurn::Ccw270);
        assert_eq!(cw.get_pixel(1, 2).0[0], 0, "top-right becomes bottom-right");
    }
}
