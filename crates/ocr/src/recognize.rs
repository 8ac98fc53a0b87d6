//! PP-OCRv4 text-line recognition with rten: pre-processing as RapidOCR
//! 1.4.4 does it, one model run per batch, greedy CTC decoding, and the
//! x-range of every character in the line image.

use std::path::Path;
use std::sync::Arc;

use rten::{Model, ModelOptions, NodeId, RunOptions, ThreadPool, ValueView};

use crate::ctc::{best_per_step, greedy_decode, Emission};
use crate::dictionary::Dictionary;
use crate::error::OcrError;
use crate::line_input::{Batch, LineImage, RAPIDOCR_MIN_WIDTH_RATIO};

/// Lines recognised per model run by default. RapidOCR uses 6
/// (`rec_batch_num`), but on one core batching does not pay: measured with
/// rten 0.27 at width 320, 116–127 ms per line in batches of 2–8 against
/// 112–137 ms alone (noise), and onnxruntime is 60% slower per line in
/// batches of 6 (the activations no longer stay in cache). Unbatched runs are
/// also the ones that match RapidOCR's per-line output exactly.
pub const DEFAULT_MAX_BATCH: usize = 1;

/// How the model is loaded and run.
#[derive(Clone, Debug)]
pub struct RecognizerOptions {
    /// Threads for rten's pool; `None` uses rten's global pool (one per
    /// physical core, or `RTEN_NUM_THREADS`).
    pub threads: Option<usize>,
    /// rten's weight prepacking: more memory, possibly faster matmuls.
    pub prepack_weights: bool,
    /// Upper bound of lines per model run in [`Recognizer::recognize_lines`].
    pub max_batch: usize,
    /// Narrowest model input, as a width/height ratio. RapidOCR pads to
    /// 320 columns ([`RAPIDOCR_MIN_WIDTH_RATIO`]); less saves work on short
    /// lines, at the price of exact agreement with RapidOCR.
    pub min_width_ratio: f64,
}

impl Default for RecognizerOptions {
    fn default() -> Self {
        RecognizerOptions {
            threads: None,
            prepack_weights: false,
            max_batch: DEFAULT_MAX_BATCH,
            min_width_ratio: RAPIDOCR_MIN_WIDTH_RATIO,
        }
    }
}

/// One recognised character.
#[derive(Clone, Debug, PartialEq)]
pub struct RecognizedChar {
    /// The character.
    pub text: String,
    /// Left and right edge, in pixels of the input line image, of the CTC
    /// steps that emitted the character (step width = padded width / steps).
    /// This brackets the glyph's centre rather than its ink box.
    pub x_start: f32,
    /// See `x_start`.
    pub x_end: f32,
    /// Its probability at the step that emitted it.
    pub confidence: f32,
}

/// One recognised line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecognizedLine {
    /// The line's text.
    pub text: String,
    /// Mean of the characters' probabilities (0 when nothing was read),
    /// RapidOCR's score.
    pub confidence: f32,
    /// Its characters, left to right.
    pub chars: Vec<RecognizedChar>,
}

/// A character at either end of a line read with less confidence than
/// this is a stroke of a ruling, a speck or a seal's edge, not text: the
/// recogniser gives real characters 0.9 and more even on poor scans.
pub const EDGE_NOISE_CONFIDENCE: f32 = 0.3;

/// What the recogniser reads a ruling crossing a line as (`■`, `▪`):
/// the forms never print these.
const RULING_MARKS: [&str; 3] = ["■", "▪", "▮"];

/// Marks that at a line's end are specks, not text, unless read with near
/// certainty: a Chinese cell does not end in a middle dot or a full stop
/// on the line (it uses 。), nor in a tick.
const EDGE_SPECK_MARKS: [&str; 5] = ["·", ".", "`", "'", "丨"];

/// See [`EDGE_SPECK_MARKS`].
const EDGE_SPECK_CONFIDENCE: f32 = 0.95;

impl RecognizedLine {
    /// Drops what is not text: ruling marks anywhere, characters at the
    /// line's ends read with less than [`EDGE_NOISE_CONFIDENCE`], speck
    /// marks at its ends ([`EDGE_SPECK_MARKS`]) and spaces left there;
    /// returns how many were dropped. The text and confidence follow.
    pub fn trim_noise(&mut self) -> usize {
        let noisy = |c: &RecognizedChar| {
            c.confidence < EDGE_NOISE_CONFIDENCE
                || c.text.trim().is_empty()
                || EDGE_SPECK_MARKS.contains(&c.text.as_str())
                    && c.confidence < EDGE_SPECK_CONFIDENCE
        };
        let read = self.chars.len();
        self.chars
            .retain(|c| !RULING_MARKS.contains(&c.text.as_str()));
        let before = self.chars.len();
        let start = self.chars.iter().position(|c| !noisy(c)).unwrap_or(before);
        let end = self
            .chars
            .iter()
            .rposition(|c| !noisy(c))
            .map_or(start, |i| i + 1);
        if start == 0 && end == before && before == read {
            return 0;
        }
        self.chars = self.chars.drain(start..end.max(start)).collect();
        self.text = self.chars.iter().map(|c| c.text.as_str()).collect();
        self.confidence = if self.chars.is_empty() {
            0.0
        } else {
            self.chars.iter().map(|c| c.confidence).sum::<f32>() / self.chars.len() as f32
        };
        read - self.chars.len()
    }

    /// Estimated x-range of every character's glyph, in line-image pixels.
    ///
    /// A CTC emission is one or two steps wide and sits near the glyph's
    /// centre (a little left of it), so the glyphs are taken to meet halfway
    /// between neighbouring emission centres; the first and last glyph get
    /// half their neighbour gap outwards. With one character, its own
    /// emission range is all there is.
    pub fn glyph_ranges(&self) -> Vec<(f32, f32)> {
        let centres: Vec<f32> = self
            .chars
            .iter()
            .map(|c| (c.x_start + c.x_end) / 2.0)
            .collect();
        if centres.len() < 2 {
            return self.chars.iter().map(|c| (c.x_start, c.x_end)).collect();
        }
        let bounds: Vec<f32> = centres.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
        let first = (centres[0] - (bounds[0] - centres[0])).max(0.0);
        let last_centre = centres[centres.len() - 1];
        let last = last_centre + (last_centre - bounds[bounds.len() - 1]);
        std::iter::once(first)
            .chain(bounds.iter().copied())
            .zip(bounds.iter().copied().chain(std::iter::once(last)))
            .collect()
    }
}

/// A line's result with the raw per-step argmax, for checks against another
/// runtime.
#[derive(Clone, Debug)]
pub struct DetailedLine {
    /// The recognised line.
    pub line: RecognizedLine,
    /// `(class, probability)` of the best class at every output step.
    pub steps: Vec<(usize, f32)>,
    /// Width the line was resized to in the model input.
    pub resized_width: usize,
    /// Padded width of the batch it was run in.
    pub batch_width: usize,
}

/// The PP-OCRv4 recogniser and its character dictionary.
pub struct Recognizer {
    model: Model,
    input: NodeId,
    output: NodeId,
    dictionary: Dictionary,
    run_options: RunOptions,
    max_batch: usize,
    min_width_ratio: f64,
}

impl Recognizer {
    /// Loads an ONNX recogniser whose dictionary is in its metadata.
    pub fn from_file(
        path: impl AsRef<Path>,
        options: &RecognizerOptions,
    ) -> Result<Self, OcrError> {
        let model = model_options(options).load_file(path)?;
        Self::from_model(model, options)
    }

    /// The recogniser embedded in the binary ([`crate::models`]).
    pub fn embedded(options: &RecognizerOptions) -> Result<Self, OcrError> {
        Self::from_bytes(crate::models::RECOGNIZER_ONNX.to_vec(), options)
    }

    /// Loads from the bytes of an ONNX file (e.g. `include_bytes!`).
    pub fn from_bytes(bytes: Vec<u8>, options: &RecognizerOptions) -> Result<Self, OcrError> {
        let model = model_options(options).load(bytes)?;
        Self::from_model(model, options)
    }

    fn from_model(model: Model, options: &RecognizerOptions) -> Result<Self, OcrError> {
        let input = *model
            .input_ids()
            .first()
            .ok_or_else(|| OcrError::UnexpectedModel("no input".into()))?;
        let output = *model
            .output_ids()
            .first()
            .ok_or_else(|| OcrError::UnexpectedModel("no output".into()))?;
        let dictionary = Dictionary::from_model(&model)?;
        let pool = options
            .threads
            .map(|n| Arc::new(ThreadPool::with_num_threads(n.max(1))));
        Ok(Recognizer {
            model,
            input,
            output,
            dictionary,
            run_options: RunOptions::default().with_thread_pool(pool),
            max_batch: options.max_batch.max(1),
            min_width_ratio: options.min_width_ratio,
        })
    }

    /// Changes the number of lines per model run of
    /// [`recognize_lines`](Self::recognize_lines).
    pub fn set_max_batch(&mut self, max_batch: usize) {
        self.max_batch = max_batch.max(1);
    }

    /// The character list of the model.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Recognises one line.
    pub fn recognize(&self, image: LineImage<'_>) -> Result<RecognizedLine, OcrError> {
        let mut lines = self.recognize_batch(&[image], &mut Batch::default())?;
        Ok(lines.pop().unwrap_or_default())
    }

    /// Recognises many lines as RapidOCR does: sorted by aspect ratio, run in
    /// batches of at most `max_batch`, each padded to its widest line.
    /// Results are in input order.
    pub fn recognize_lines(
        &self,
        images: &[LineImage<'_>],
    ) -> Result<Vec<RecognizedLine>, OcrError> {
        let detailed = self.recognize_lines_detailed(images)?;
        Ok(detailed.into_iter().map(|d| d.line).collect())
    }

    /// [`recognize_lines`](Self::recognize_lines) with per-step output.
    pub fn recognize_lines_detailed(
        &self,
        images: &[LineImage<'_>],
    ) -> Result<Vec<DetailedLine>, OcrError> {
        let mut order: Vec<usize> = (0..images.len()).collect();
        // A stable sort. RapidOCR's numpy argsort is not stable, so equal
        // ratios may be ordered differently there; a line's result can then
        // differ slightly when the tie straddles a batch boundary.
        order.sort_by(|&a, &b| {
            images[a]
                .aspect_ratio()
                .total_cmp(&images[b].aspect_ratio())
        });
        let mut results: Vec<Option<DetailedLine>> = vec![None; images.len()];
        let mut batch = Batch::default();
        for chunk in order.chunks(self.max_batch) {
            let chunk_images: Vec<LineImage<'_>> = chunk.iter().map(|&i| images[i]).collect();
            let decoded = self.recognize_batch_detailed(&chunk_images, &mut batch)?;
            for (&i, line) in chunk.iter().zip(decoded) {
                results[i] = Some(line);
            }
        }
        Ok(results.into_iter().flatten().collect())
    }

    /// Recognises `images` in one model run, padded to the widest; `batch`
    /// is a reusable input buffer. An image without pixels fails the call.
    pub fn recognize_batch(
        &self,
        images: &[LineImage<'_>],
        batch: &mut Batch,
    ) -> Result<Vec<RecognizedLine>, OcrError> {
        let detailed = self.recognize_batch_detailed(images, batch)?;
        Ok(detailed.into_iter().map(|d| d.line).collect())
    }

    /// [`recognize_batch`](Self::recognize_batch) with per-step output.
    pub fn recognize_batch_detailed(
        &self,
        images: &[LineImage<'_>],
        batch: &mut Batch,
    ) -> Result<Vec<DetailedLine>, OcrError> {
        if images.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(bad) = images.iter().find(|i| i.width() == 0 || i.height() == 0) {
            return Err(OcrError::EmptyImage {
                width: bad.width(),
                height: bad.height(),
            });
        }
        batch.fill(images, self.min_width_ratio);
        let (steps, classes, probs) = self.run(batch)?;
        let per_line = steps * classes;
        if per_line == 0 {
            return Err(OcrError::UnexpectedModel(format!(
                "output of {steps} steps × {classes} classes"
            )));
        }
        Ok(images
            .iter()
            .zip(probs.chunks_exact(per_line))
            .zip(&batch.resized_widths)
            .map(|((image, line_probs), &resized)| {
                let geometry = StepGeometry::new(batch.width, steps, resized, image.width());
                self.decode_line(line_probs, classes, geometry)
            })
            .collect())
    }

    /// Runs the model on a filled batch: `(steps, classes, probabilities)`.
    fn run(&self, batch: &Batch) -> Result<(usize, usize, Vec<f32>), OcrError> {
        let input = ValueView::from_shape(batch.shape(), &batch.data)
            .map_err(|e| OcrError::UnexpectedModel(format!("input tensor: {e}")))?;
        let [output] = self.model.run_n(
            vec![(self.input, input.into())],
            [self.output],
            Some(self.run_options.clone()),
        )?;
        let ([lines, steps, classes], probs) = output
            .into_shape_vec::<f32, 3>()
            .map_err(|e| OcrError::UnexpectedModel(format!("output: {e}")))?;
        if lines != batch.lines {
            return Err(OcrError::UnexpectedModel(format!(
                "{lines} outputs for {} lines",
                batch.lines
            )));
        }
        if classes != self.dictionary.class_count() {
            return Err(OcrError::DictionaryMismatch {
                classes,
                expected: self.dictionary.class_count(),
            });
        }
        Ok((steps, classes, probs))
    }

    fn decode_line(&self, probs: &[f32], classes: usize, geometry: StepGeometry) -> DetailedLine {
        // All steps are decoded, padding included, as RapidOCR does.
        let steps = best_per_step(probs, classes);
        let chars: Vec<RecognizedChar> = greedy_decode(&steps)
            .iter()
            .filter_map(|e| self.recognized_char(e, geometry))
            .collect();
        let confidence = if chars.is_empty() {
            0.0
        } else {
            chars.iter().map(|c| c.confidence).sum::<f32>() / chars.len() as f32
        };
        let text = chars.iter().map(|c| c.text.as_str()).collect();
        DetailedLine {
            line: RecognizedLine {
                text,
                confidence,
                chars,
            },
            steps,
            resized_width: geometry.resized_width,
            batch_width: geometry.batch_width,
        }
    }

    fn recognized_char(
        &self,
        emission: &Emission,
        geometry: StepGeometry,
    ) -> Option<RecognizedChar> {
        let text = self.dictionary.text(emission.class)?.to_owned();
        Some(RecognizedChar {
            text,
            x_start: geometry.step_start(emission.first_step),
            x_end: geometry.step_start(emission.end_step),
            confidence: emission.probability,
        })
    }
}

fn model_options(options: &RecognizerOptions) -> ModelOptions {
    let mut model_options = ModelOptions::with_all_ops();
    model_options.prepack_weights(options.prepack_weights);
    model_options
}

/// Maps output steps to columns of the original line image.
#[derive(Clone, Copy, Debug)]
struct StepGeometry {
    batch_width: usize,
    resized_width: usize,
    /// Model-input columns per output step.
    step_width: f32,
    /// Line-image columns per model-input column.
    scale: f32,
    image_width: f32,
}

impl StepGeometry {
    fn new(batch_width: usize, steps: usize, resized_width: usize, image_width: u32) -> Self {
        StepGeometry {
            batch_width,
            resized_width,
            step_width: batch_width as f32 / steps.max(1) as f32,
            scale: image_width as f32 / resized_width.max(1) as f32,
            image_width: image_width as f32,
        }
    }

    /// Left edge of `step` in line-image pixels, clamped to the image.
    fn step_start(&self, step: usize) -> f32 {
        (step as f32 * self.step_width * self.scale).clamp(0.0, self.image_width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(chars: &[(&str, f32)]) -> RecognizedLine {
        let chars: Vec<RecognizedChar> = chars
            .iter()
            .enumerate()
            .map(|(i, &(text, confidence))| RecognizedChar {
                text: text.into(),
                x_start: i as f32 * 8.0,
                x_end: i as f32 * 8.0 + 4.0,
                confidence,
            })
            .collect();
        RecognizedLine {
            text: chars.iter().map(|c| c.text.as_str()).collect(),
            confidence: 0.9,
            chars,
        }
    }

    #[test]
    fn ruling_marks_and_edge_specks_are_not_text() {
        let mut read = line(&[
            ("■", 0.9),
            ("数", 0.99),
            ("量", 0.99),
            ("■", 0.8),
            ("·", 0.7),
        ]);
        assert_eq!(read.trim_noise(), 3);
        assert_eq!(read.text, "数量");
        assert_eq!(
            read.chars[1].x_start, 16.0,
            "the kept characters keep their places"
        );
        let mut faint = line(&[("一", 0.1), ("完", 0.99), ("成", 0.98), ("E", 0.2)]);
        assert_eq!(faint.trim_noise(), 2);
        assert_eq!(faint.text, "完成");
        let mut clean = line(&[
            ("=", 0.99),
            ("1", 0.99),
            ("0", 0.99),
            (".", 0.99),
            ("5", 0.99),
        ]);
        assert_eq!(clean.trim_noise(), 0, "a point inside a number stays");
        assert_eq!(clean.text, "=10.5");
    }

    fn char_at(x_start: f32, x_end: f32) -> RecognizedChar {
        RecognizedChar {
            text: "字".into(),
            x_start,
            x_end,
            confidence: 1.0,
        }
    }

    #[test]
    fn glyphs_meet_halfway_between_emissions() {
        let line = RecognizedLine {
            text: "字字字".into(),
            confidence: 1.0,
            chars: vec![
                char_at(10.0, 20.0),
                char_at(50.0, 60.0),
                char_at(90.0, 100.0),
            ],
        };
        assert_eq!(
            line.glyph_ranges(),
            [(0.0, 35.0), (35.0, 75.0), (75.0, 115.0)]
        );
    }

    #[test]
    fn step_geometry_maps_to_image_pixels() {
        // 320 model columns, 40 steps, line resized to 160 columns from 80 px.
        let g = StepGeometry::new(320, 40, 160, 80);
        assert_eq!(g.step_start(2), 8.0);
        assert_eq!(g.step_start(40), 80.0);
    }
}
