//! Document-level facts about composite (Type0) fonts that hayro does not
//! expose through its glyph API.
//!
//! hayro decodes text of non-embedded CJK fonts with predefined CMaps through
//! the ordering's UCS2 CMap, but an *embedded* font with a predefined CMap and
//! no `ToUnicode` yields glyphs without Unicode. For the CMaps whose codes are
//! themselves an encoding of Unicode or GBK we can decode the codes directly.
//! We also need to know which fonts are not embedded: hayro stretches the
//! substitute outlines to the PDF widths, which distorts the glyph transform
//! we use for the bounding box.
//!
//! Fonts with `Identity-H`/`Identity-V` and no `ToUnicode` get no Unicode
//! from hayro either (unless hayro substituted a non-embedded font and
//! found the ordering's UCS2 CMap). For those we recover the text from the
//! embedded TrueType/OpenType program (its `cmap` inverted, or its `post`
//! glyph names, see [`super::sfnt`]) or, for an Adobe character collection
//! (`Adobe-GB1`, …), from the collection's CID → Unicode CMap, the CID
//! being the code itself under an Identity CMap.
//!
//! The table is built lazily (only when a page needs it), by scanning all
//! objects once; glyphs name their font only by the `BaseFont`, so that is
//! the key. Two different Type0 fonts sharing a `BaseFont` but not their
//! encoding are therefore not told apart (the first one found wins).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use hayro_interpret::hayro_cmap::{self, BfString, CMap, CMapName, CidFamily};
use hayro_syntax::object::{Array, Dict, Name, String as PdfString};
use hayro_syntax::Pdf;

use super::sfnt::{self, GlyphUnicode};

/// How the character codes of a font with a predefined CMap map to Unicode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeEncoding {
    /// `Uni*-UCS2-*` / `Uni*-UTF16-*`: the code is UTF-16 (code units packed
    /// big-endian, a surrogate pair as a 4-byte code).
    Utf16,
    /// `GBK-EUC-*`, `GB-EUC-*`, `GBpc-EUC-*`, `GBK2K-*`, `GBKp-EUC-*`: GBK / GB 18030.
    Gbk,
    /// `B5pc-*`, `ETen-B5-*`, `HKscs-B5-*`: Big5.
    Big5,
    /// `90ms-RKSJ-*`, `90pv-RKSJ-*`, `83pv-RKSJ-*`: Shift_JIS.
    ShiftJis,
    /// `KSCms-UHC-*`, `KSC-EUC-*`: EUC-KR / UHC.
    EucKr,
}

impl CodeEncoding {
    /// Classifies a predefined CMap name.
    pub(super) fn from_cmap_name(name: &str) -> Option<Self> {
        if name.starts_with("Uni") && (name.contains("UCS2") || name.contains("UTF16")) {
            Some(Self::Utf16)
        } else if name.starts_with("GBK")
            || name.starts_with("GB-EUC")
            || name.starts_with("GBpc-EUC")
            || name.starts_with("GBT-EUC")
        {
            Some(Self::Gbk)
        } else if name.starts_with("B5pc")
            || name.starts_with("ETen-B5")
            || name.starts_with("HKscs-B5")
        {
            Some(Self::Big5)
        } else if name.contains("RKSJ") {
            Some(Self::ShiftJis)
        } else if name.starts_with("KSC") {
            Some(Self::EucKr)
        } else {
            None
        }
    }

    /// Decodes one character code. Multi-byte codes are big-endian.
    pub fn decode(self, code: u32) -> Option<String> {
        match self {
            Self::Utf16 => {
                let units: Vec<u16> = if code > 0xFFFF {
                    vec![(code >> 16) as u16, (code & 0xFFFF) as u16]
                } else {
                    vec![code as u16]
                };
                String::from_utf16(&units).ok()
            }
            Self::Gbk | Self::Big5 | Self::ShiftJis | Self::EucKr => {
                let bytes = code.to_be_bytes();
                let start = bytes.iter().position(|&b| b != 0).unwrap_or(3);
                let bytes = bytes.get(start..)?;
                let enc = match self {
                    Self::Gbk => encoding_rs::GB18030,
                    Self::Big5 => encoding_rs::BIG5,
                    Self::ShiftJis => encoding_rs::SHIFT_JIS,
                    _ => encoding_rs::EUC_KR,
                };
                let (text, had_errors) = enc.decode_without_bom_handling(bytes);
                (!had_errors && !text.is_empty()).then(|| text.into_owned())
            }
        }
    }
}

/// What we know about one Type0 font.
#[derive(Debug, Clone)]
struct Type0Info {
    /// `BaseFont` without the `ABCDEF+` subset prefix.
    name: String,
    embedded: bool,
    has_to_unicode: bool,
    encoding: Option<CodeEncoding>,
    /// The encoding is `Identity-H` or `Identity-V` (code = CID).
    identity: bool,
    /// The descendant font's `CIDSystemInfo`.
    family: Option<CidFamily>,
}

/// A Type0 font with an Identity CMap and no `ToUnicode`.
#[derive(Debug, Clone, Copy)]
pub struct IdentityFont {
    /// The font program is embedded (so its `cmap` describes the glyphs
    /// actually painted).
    pub embedded: bool,
    /// The CID → Unicode CMap of its Adobe character collection, if any.
    pub ucs2: Option<CMapName<'static>>,
}

/// Lazily built table of the document's Type0 fonts.
pub struct FontTable<'p> {
    pdf: &'p Pdf,
    fonts: OnceCell<Vec<Type0Info>>,
    /// Parsed CID → Unicode CMaps (`None`: not available).
    ucs2: RefCell<Vec<(CMapName<'static>, Option<Rc<CMap>>)>>,
    /// Glyph → Unicode tables of embedded sfnt programs, by hayro's
    /// content hash of the program.
    programs: RefCell<HashMap<u128, Rc<GlyphUnicode>>>,
}

impl<'p> FontTable<'p> {
    pub fn new(pdf: &'p Pdf) -> Self {
        Self {
            pdf,
            fonts: OnceCell::new(),
            ucs2: RefCell::new(Vec::new()),
            programs: RefCell::new(HashMap::new()),
        }
    }

    fn fonts(&self) -> &[Type0Info] {
        self.fonts.get_or_init(|| scan(self.pdf))
    }

    /// True when a Type0 font of that name exists and none of that name is
    /// embedded (hayro then draws a substitute stretched to the PDF widths).
    pub fn is_substituted(&self, base_font: &str) -> bool {
        let mut seen = false;
        for f in self.fonts().iter().filter(|f| f.name == base_font) {
            if f.embedded {
                return false;
            }
            seen = true;
        }
        seen
    }

    /// The code encoding to fall back on for glyphs of this font that have no
    /// Unicode from hayro: a font of that name without `ToUnicode` whose
    /// CMap is a predefined one we can decode.
    pub fn fallback_encoding(&self, base_font: &str) -> Option<CodeEncoding> {
        self.fonts()
            .iter()
            .filter(|f| f.name == base_font && !f.has_to_unicode)
            .find_map(|f| f.encoding)
    }

    /// The font of that name with an Identity CMap and no `ToUnicode`.
    pub fn identity_font(&self, base_font: &str) -> Option<IdentityFont> {
        self.fonts()
            .iter()
            .find(|f| f.name == base_font && f.identity && !f.has_to_unicode)
            .map(|f| IdentityFont {
                embedded: f.embedded,
                ucs2: f.family.as_ref().and_then(CidFamily::ucs2_cmap),
            })
    }

    /// The text of glyph `gid` of an embedded TrueType/OpenType program;
    /// `key` identifies the program (its table is built once).
    pub fn sfnt_glyph_text(&self, key: u128, program: &[u8], gid: u16) -> Option<String> {
        let cached = self.programs.borrow().get(&key).cloned();
        let table = match cached {
            Some(table) => table,
            None => {
                let table = Rc::new(sfnt::glyph_unicode(program));
                self.programs.borrow_mut().insert(key, Rc::clone(&table));
                table
            }
        };
        table.get(&gid).cloned()
    }

    /// The text of a CID through a CID → Unicode CMap (`Adobe-GB1-UCS2`, …).
    pub fn cid_text(&self, ucs2: CMapName<'static>, cid: u32) -> Option<String> {
        let cached = self
            .ucs2
            .borrow()
            .iter()
            .find(|(name, _)| *name == ucs2)
            .map(|(_, cmap)| cmap.clone());
        let cmap = match cached {
            Some(cmap) => cmap,
            None => {
                let cmap = hayro_cmap::load_embedded(ucs2)
                    .and_then(|data| CMap::parse(data, hayro_cmap::load_embedded))
                    .map(Rc::new);
                self.ucs2.borrow_mut().push((ucs2, cmap.clone()));
                cmap
            }
        }?;
        match cmap.lookup_bf_string(cid) {
            Some(BfString::Char(c)) => Some(c.to_string()),
            Some(BfString::String(s)) => Some(s),
            None => (1..=4u8)
                .find_map(|len| cmap.lookup_cid_code(cid, len))
                .and_then(char::from_u32)
                .map(String::from),
        }
    }
}

/// Strips a six-letter subset prefix (`ABCDEF+SimSun` → `SimSun`).
pub fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest,
        _ => name,
    }
}

fn scan(pdf: &Pdf) -> Vec<Type0Info> {
    let mut out = Vec::new();
    for obj in pdf.objects() {
        let Some(dict) = obj.into_dict() else {
            continue;
        };
        if let Some(info) = type0_info(&dict) {
            out.push(info);
        }
    }
    out
}

fn type0_info(dict: &Dict<'_>) -> Option<Type0Info> {
    let subtype = dict.get::<Name<'_>>(b"Subtype".as_slice())?;
    if subtype.as_str() != "Type0" {
        return None;
    }
    let name = dict
        .get::<Name<'_>>(b"BaseFont".as_slice())
        .map(|n| strip_subset(n.as_str()).to_string())
        .unwrap_or_default();
    let cmap_name = dict.get::<Name<'_>>(b"Encoding".as_slice());
    let encoding = cmap_name
        .as_ref()
        .and_then(|n| CodeEncoding::from_cmap_name(n.as_str()));
    let identity = cmap_name
        .as_ref()
        .is_some_and(|n| matches!(n.as_str(), "Identity-H" | "Identity-V"));
    let descendant = dict
        .get::<Array<'_>>(b"DescendantFonts".as_slice())
        .and_then(|a| a.iter::<Dict<'_>>().next());
    let family = descendant
        .as_ref()
        .and_then(|d| d.get::<Dict<'_>>(b"CIDSystemInfo".as_slice()))
        .and_then(|info| {
            let registry = info.get::<PdfString<'_>>(b"Registry".as_slice())?;
            let ordering = info.get::<PdfString<'_>>(b"Ordering".as_slice())?;
            Some(CidFamily::from_registry_ordering(
                registry.as_bytes(),
                ordering.as_bytes(),
            ))
        });
    let embedded = descendant
        .as_ref()
        .and_then(|d| d.get::<Dict<'_>>(b"FontDescriptor".as_slice()))
        .is_some_and(|fd| {
            fd.contains_key(b"FontFile".as_slice())
                || fd.contains_key(b"FontFile2".as_slice())
                || fd.contains_key(b"FontFile3".as_slice())
        });
    Some(Type0Info {
        name,
        embedded,
        has_to_unicode: dict.contains_key(b"ToUnicode".as_slice()),
        encoding,
        identity,
        family,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_cmaps() {
        assert_eq!(
            CodeEncoding::from_cmap_name("UniGB-UCS2-H"),
            Some(CodeEncoding::Utf16)
        );
        assert_eq!(
            CodeEncoding::from_cmap_name("UniGB-UTF16-V"),
            Some(CodeEncoding::Utf16)
        );
        assert_eq!(
            CodeEncoding::from_cmap_name("GBK-EUC-H"),
            Some(CodeEncoding::Gbk)
        );
        assert_eq!(
            CodeEncoding::from_cmap_name("GB-EUC-H"),
            Some(CodeEncoding::Gbk)
        );
        assert_eq!(CodeEncoding::from_cmap_name("Identity-H"), None);
    }

    #[test]
    fn decodes_codes() {
        assert_eq!(CodeEncoding::Utf16.decode(0x4E2D).as_deref(), Some("中"));
        assert_eq!(
            CodeEncoding::Utf16.decode(0xD840_DC00).as_deref(),
            Some("\u{20000}")
        );
        // 中 is D6D0 in GBK.
        assert_eq!(CodeEncoding::Gbk.decode(0xD6D0).as_deref(), Some("中"));
        assert_eq!(CodeEncoding::Gbk.decode(0x41).as_deref(), Some("A"));
        assert_eq!(CodeEncoding::Gbk.decode(0xFFFF), None);
    }

    #[test]
    fn strips_subset_prefix() {
        assert_eq!(strip_subset("ABCDEF+SimSun"), "SimSun");
        assert_eq!(strip_subset("SimSun"), "SimSun");
        assert_eq!(strip_subset("A+B"), "A+B");
    }
}
