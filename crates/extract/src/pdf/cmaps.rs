//! Predefined CMaps as hayro should read them.
//!
//! hayro reads a character code by trying 1, 2, 3 and 4 bytes until the
//! font's CMap maps one; a code the CMap does not list is read as one byte
//! with code 0. The Unicode CMaps (`UniGB-UCS2-H`, `UniGB-UTF16-H`, …) list
//! only the characters of their Adobe character collection, so a character
//! outside it splits into two blank glyphs. reportlab and iText write
//! U+00B7 `·` (as in `元/人·餐`) exactly this way with `UniGB-UCS2-H`.
//!
//! The resolver here hands hayro a small text CMap instead: it uses the
//! real one as its base and adds a `.notdef` range for every two-byte code
//! the base leaves out. hayro then reads those codes as two bytes, and the
//! text device decodes them from the code itself
//! ([`super::fonts::CodeEncoding`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use hayro_interpret::hayro_cmap::{self, CMap, CMapName, CidFamily, WritingMode};

use super::fonts::CodeEncoding;

/// Prefix of the name under which the patched CMap refers to the original.
const BASE_PREFIX: &[u8] = b"JixiaoBase:";

/// CMap data by name, as hayro's resolver hands it out.
type CMapData = Option<&'static [u8]>;

/// The resolver to put in `InterpreterSettings::cmap_resolver`.
pub(crate) fn resolver() -> Arc<dyn Fn(CMapName<'_>) -> CMapData + Send + Sync> {
    Arc::new(resolve)
}

fn resolve(name: CMapName<'_>) -> CMapData {
    let bytes = name.to_bytes();
    if let Some(base) = bytes.strip_prefix(BASE_PREFIX) {
        return hayro_cmap::load_embedded(CMapName::from_bytes(base));
    }
    if !is_unicode_cmap(bytes) {
        return hayro_cmap::load_embedded(name);
    }
    static PATCHED: OnceLock<Mutex<HashMap<Vec<u8>, CMapData>>> = OnceLock::new();
    let cache = PATCHED.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    *cache.entry(bytes.to_vec()).or_insert_with(|| {
        // Leaked once per CMap name and process: hayro wants 'static data.
        patched(bytes).map(|text| &*Box::leak(text.into_bytes().into_boxed_slice()))
    })
}

/// `Uni…-UCS2-…` and `Uni…-UTF16-…`: two-byte codes that are Unicode.
fn is_unicode_cmap(name: &[u8]) -> bool {
    std::str::from_utf8(name)
        .ok()
        .and_then(CodeEncoding::from_cmap_name)
        == Some(CodeEncoding::Utf16)
}

/// The text of the patched CMap, or `None` to fall back to the original.
fn patched(name: &[u8]) -> Option<String> {
    let data = hayro_cmap::load_embedded(CMapName::from_bytes(name))?;
    let base = CMap::parse(data, hayro_cmap::load_embedded)?;
    let missing = missing_ranges(&base);
    let name = std::str::from_utf8(name).ok()?;

    let mut text = String::with_capacity(64 + missing.len() * 20);
    text.push_str("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n");
    let meta = base.metadata();
    if let Some(cc) = &meta.character_collection {
        let ordering = match cc.family {
            CidFamily::AdobeGB1 => "GB1",
            CidFamily::AdobeCNS1 => "CNS1",
            CidFamily::AdobeJapan1 => "Japan1",
            CidFamily::AdobeKorea1 => "Korea1",
            _ => "",
        };
        if !ordering.is_empty() {
            let _ = writeln!(
                text,
                "/CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering}) /Supplement {} >> def",
                cc.supplement
            );
        }
    }
    let _ = writeln!(text, "/CMapName /{name} def");
    let wmode = u8::from(meta.writing_mode == Some(WritingMode::Vertical));
    let _ = writeln!(text, "/WMode {wmode} def");
    let _ = writeln!(text, "/JixiaoBase:{name} usecmap");
    // The spec allows at most 100 entries per block.
    for chunk in missing.chunks(100) {
        let _ = writeln!(text, "{} beginnotdefrange", chunk.len());
        for &(start, end) in chunk {
            let _ = writeln!(text, "<{start:04x}> <{end:04x}> 0");
        }
        text.push_str("endnotdefrange\n");
    }
    text.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    Some(text)
}

/// Two-byte codes `base` does not map, as inclusive ranges. Surrogates are
/// left out so UTF-16 pairs are still read as four bytes.
fn missing_ranges(base: &CMap) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for code in (0..=0xFFFF_u32).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
        if base.lookup_cid_code(code, 2).is_some() {
            continue;
        }
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == code => *end = code,
            _ => ranges.push((code, code)),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_dot_is_read_as_one_two_byte_code() {
        let original = CMap::parse(
            hayro_cmap::load_embedded(CMapName::UniGbUcs2H).unwrap(),
            hayro_cmap::load_embedded,
        )
        .unwrap();
        // The premise: the original does not list U+00B7.
        assert!(original.lookup_cid_code(0x00B7, 2).is_none());

        let data = resolve(CMapName::UniGbUcs2H).unwrap();
        let patched = CMap::parse(data, resolve).unwrap();
        assert_eq!(patched.lookup_cid_code(0x00B7, 2), Some(0));
        // Mapped codes keep their CIDs.
        let han = u32::from('年');
        assert_eq!(
            patched.lookup_cid_code(han, 2),
            original.lookup_cid_code(han, 2)
        );
        assert!(patched.lookup_cid_code(han, 2).is_some_and(|cid| cid > 0));
        assert_eq!(
            patched.metadata().writing_mode,
            Some(WritingMode::Horizontal)
        );
    }

    #[test]
    fn vertical_cmaps_stay_vertical_and_others_pass_through() {
        let data = resolve(CMapName::UniGbUtf16V).unwrap();
        let patched = CMap::parse(data, resolve).unwrap();
        assert_eq!(patched.metadata().writing_mode, Some(WritingMode::Vertical));
        // Surrogates are not claimed, so pairs still read as four bytes.
        assert!(patched.lookup_cid_code(0xD840, 2).is_none());

        assert_eq!(
            resolve(CMapName::GbkEucH),
            hayro_cmap::load_embedded(CMapName::GbkEucH)
        );
    }
}
