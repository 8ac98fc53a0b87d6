//! The first stage of jixiao: bytes in, raw layout out.
//!
//! * [`text`] decodes OCR'd text (UTF-8, UTF-16, GB18030) and splits it into
//!   lines of tab-separated cells.
//! * [`pdf`] interprets PDF pages into positioned glyphs and ruling lines
//!   (`jixiao_page::Page`).
//!
//! Nothing here knows what a declaration form is; that is the job of the
//! `jixiao-table` and `jixiao-map` crates. Which reader a file goes to is
//! decided by `jixiao-pipeline` (`sniff`).

#![warn(missing_docs)]

pub mod pdf;
pub mod text;
