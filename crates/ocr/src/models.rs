//! The models, embedded in the binary: nothing is read or downloaded at run
//! time. Their origin, checksums and licence are in `models/README.md`.

/// PP-OCRv4's Chinese text-line recogniser (`ch_PP-OCRv4_rec_infer.onnx`
/// from the `rapidocr-onnxruntime` 1.4.4 wheel, Apache-2.0), its graph
/// re-arranged for rten (`scripts/ocr-model/rewrite_model.py`: the same
/// weights, the same text on every line measured, about 20% faster).
pub static RECOGNIZER_ONNX: &[u8] = include_bytes!("../models/ch_PP-OCRv4_rec_rten.onnx");

/// The recogniser's name, for the records' `source`.
pub const RECOGNIZER_NAME: &str =
    "PP-OCRv4 ch rec (rapidocr-onnxruntime 1.4.4, graph folded for rten)";

/// The engine that runs it.
pub const ENGINE: &str = "rten 0.27.0";
