//! Just enough TrueType/OpenType parsing to recover the Unicode of a glyph
//! ID: the `cmap` table inverted, with the `post` glyph names as fallback.
//!
//! Used for composite fonts with `Identity-H`/`Identity-V` and no
//! `ToUnicode`, where the only link between a painted glyph and a character
//! is the embedded font program itself. The font bytes come from the PDF, so
//! every read is bounds-checked and the total work is capped.

use std::collections::HashMap;

/// Upper bound on the (code point, glyph) pairs visited per font, so a
/// hostile `cmap` with huge ranges cannot stall the reader.
const MAX_WORK: usize = 1 << 21;

/// Glyph ID → text, from one font program.
pub type GlyphUnicode = HashMap<u16, String>;

/// True when the bytes look like a TrueType/OpenType font (or collection).
pub fn is_sfnt(data: &[u8]) -> bool {
    matches!(
        data.get(..4),
        Some([0, 1, 0, 0] | b"true" | b"OTTO" | b"ttcf")
    )
}

/// Builds the glyph → Unicode table of a TrueType/OpenType font: every
/// glyph reached by a Unicode `cmap` subtable gets its preferred code point
/// (see [`better`]); glyphs not reached get one from their `post` name
/// (`uni8D22`, `u20000`, `percent`, …) if it has a known form.
pub fn glyph_unicode(data: &[u8]) -> GlyphUnicode {
    let mut out = GlyphUnicode::new();
    let Some(tables) = Tables::parse(data) else {
        return out;
    };
    let num_glyphs = tables
        .get(b"maxp")
        .and_then(|maxp| u16_at(maxp, 4))
        .map_or(0x1_0000, u32::from);
    let mut chars: HashMap<u16, char> = HashMap::new();
    if let Some(cmap) = tables.get(b"cmap") {
        read_cmap(cmap, num_glyphs, &mut chars);
    }
    out.extend(chars.into_iter().map(|(g, c)| (g, c.to_string())));
    if let Some(post) = tables.get(b"post") {
        for (gid, text) in read_post(post) {
            out.entry(gid).or_insert(text);
        }
    }
    out
}

fn u16_at(d: &[u8], off: usize) -> Option<u16> {
    let b: [u8; 2] = d.get(off..off.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_be_bytes(b))
}

fn u32_at(d: &[u8], off: usize) -> Option<u32> {
    let b: [u8; 4] = d.get(off..off.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_be_bytes(b))
}

/// The table directory of the (first) font.
struct Tables<'a> {
    data: &'a [u8],
    records: Vec<([u8; 4], usize, usize)>,
}

impl<'a> Tables<'a> {
    fn parse(data: &'a [u8]) -> Option<Self> {
        let header = if data.get(..4) == Some(b"ttcf".as_slice()) {
            // Collection: the first font's offset table.
            usize::try_from(u32_at(data, 12)?).ok()?
        } else {
            0
        };
        let count = usize::from(u16_at(data, header.checked_add(4)?)?);
        let mut records = Vec::with_capacity(count.min(64));
        for i in 0..count {
            let rec = header.checked_add(12)?.checked_add(i.checked_mul(16)?)?;
            let Some(tag) = data.get(rec..rec + 4) else {
                break;
            };
            let tag: [u8; 4] = tag.try_into().ok()?;
            let (Some(off), Some(len)) = (u32_at(data, rec + 8), u32_at(data, rec + 12)) else {
                break;
            };
            records.push((tag, usize::try_from(off).ok()?, usize::try_from(len).ok()?));
        }
        Some(Self { data, records })
    }

    /// A table's bytes, clipped to the file (a wrong length in the
    /// directory is common in subset fonts and harmless here).
    fn get(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        let &(_, off, len) = self.records.iter().find(|(t, _, _)| t == tag)?;
        let end = off.saturating_add(len).min(self.data.len());
        self.data.get(off..end)
    }
}

/// Whether `new` should replace `old` as the text of a glyph reached from
/// several code points: real characters beat private-use ones, then the
/// lower code point wins (unified ideographs before compatibility ones).
fn better(new: char, old: char) -> bool {
    let key = |c: char| (is_private_use(c), c as u32);
    key(new) < key(old)
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF_0000..=0x10_FFFF)
}

/// Inverts the Unicode subtables of a `cmap` table into `out`.
fn read_cmap(cmap: &[u8], num_glyphs: u32, out: &mut HashMap<u16, char>) {
    let Some(count) = u16_at(cmap, 2) else {
        return;
    };
    let mut subtables = Vec::new();
    for i in 0..usize::from(count) {
        let rec = 4 + 8 * i;
        let (Some(platform), Some(encoding), Some(offset)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            break;
        };
        // Unicode platform, or Windows Unicode BMP / full repertoire.
        // Symbol (3,0) and Macintosh (1,0) subtables are not Unicode.
        let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if unicode {
            if let Ok(offset) = usize::try_from(offset) {
                if !subtables.contains(&offset) {
                    subtables.push(offset);
                }
            }
        }
    }
    let mut work = 0usize;
    let mut add = |cp: u32, gid: u32| -> bool {
        work += 1;
        if work > MAX_WORK {
            return false;
        }
        if gid == 0 || gid >= num_glyphs {
            return true;
        }
        let (Ok(gid), Some(c)) = (u16::try_from(gid), char::from_u32(cp)) else {
            return true;
        };
        if c.is_control() || c == '\u{FFFF}' || c == '\u{FFFE}' {
            return true;
        }
        out.entry(gid)
            .and_modify(|old| {
                if better(c, *old) {
                    *old = c;
                }
            })
            .or_insert(c);
        true
    };
    for offset in subtables {
        let Some(sub) = cmap.get(offset..) else {
            continue;
        };
        let keep_going = match u16_at(sub, 0) {
            Some(4) => format4(sub, &mut add),
            Some(6) => format6(sub, &mut add),
            Some(12) => format12(sub, num_glyphs, &mut add),
            _ => true,
        };
        if !keep_going {
            break;
        }
    }
}

/// Segment mapping to delta values. Returns false when `add` asked to stop.
fn format4(sub: &[u8], add: &mut impl FnMut(u32, u32) -> bool) -> bool {
    let Some(seg_x2) = u16_at(sub, 6).map(usize::from) else {
        return true;
    };
    let ends = 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let ranges = deltas + seg_x2;
    for i in 0..seg_x2 / 2 {
        let (Some(end), Some(start), Some(delta), Some(range_offset)) = (
            u16_at(sub, ends + 2 * i),
            u16_at(sub, starts + 2 * i),
            u16_at(sub, deltas + 2 * i),
            u16_at(sub, ranges + 2 * i),
        ) else {
            return true;
        };
        if start > end {
            continue;
        }
        for c in start..=end {
            if c == 0xFFFF {
                break;
            }
            let gid = if range_offset == 0 {
                c.wrapping_add(delta)
            } else {
                // The offset is relative to the idRangeOffset entry itself.
                let addr = ranges + 2 * i + usize::from(range_offset) + 2 * usize::from(c - start);
                match u16_at(sub, addr) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if !add(u32::from(c), u32::from(gid)) {
                return false;
            }
        }
    }
    true
}

/// Trimmed table mapping.
fn format6(sub: &[u8], add: &mut impl FnMut(u32, u32) -> bool) -> bool {
    let (Some(first), Some(count)) = (u16_at(sub, 6), u16_at(sub, 8)) else {
        return true;
    };
    for i in 0..count {
        let Some(gid) = u16_at(sub, 10 + 2 * usize::from(i)) else {
            break;
        };
        if !add(u32::from(first) + u32::from(i), u32::from(gid)) {
            return false;
        }
    }
    true
}

/// Segmented coverage (full Unicode).
fn format12(sub: &[u8], num_glyphs: u32, add: &mut impl FnMut(u32, u32) -> bool) -> bool {
    let Some(groups) = u32_at(sub, 12) else {
        return true;
    };
    for g in 0..groups {
        let Some(base) = usize::try_from(g)
            .ok()
            .and_then(|g| g.checked_mul(12))
            .and_then(|o| o.checked_add(16))
        else {
            break;
        };
        let (Some(start), Some(end), Some(first_gid)) = (
            u32_at(sub, base),
            u32_at(sub, base + 4),
            u32_at(sub, base + 8),
        ) else {
            break;
        };
        if start > end || start > 0x10_FFFF {
            continue;
        }
        for cp in start..=end.min(0x10_FFFF) {
            let Some(gid) = first_gid.checked_add(cp - start) else {
                break;
            };
            if gid >= num_glyphs {
                break;
            }
            if !add(cp, gid) {
                return false;
            }
        }
    }
    true
}

/// Glyph names of a `post` table (formats 1 and 2) turned into text where
/// the name has a recognisable form.
fn read_post(post: &[u8]) -> Vec<(u16, String)> {
    let mut out = Vec::new();
    match u32_at(post, 0) {
        Some(0x0001_0000) => {
            // The 258 standard Macintosh names in order.
            for gid in 0..258u16 {
                if let Some(c) = mac_standard_ascii(gid) {
                    out.push((gid, c.to_string()));
                }
            }
        }
        Some(0x0002_0000) => {
            let Some(count) = u16_at(post, 32) else {
                return out;
            };
            let names_start = 34 + 2 * usize::from(count);
            let mut names: Vec<&[u8]> = Vec::new();
            let mut pos = names_start;
            while let Some(&len) = post.get(pos) {
                let Some(name) = post.get(pos + 1..pos + 1 + usize::from(len)) else {
                    break;
                };
                names.push(name);
                pos += 1 + usize::from(len);
            }
            for gid in 0..count {
                let Some(index) = u16_at(post, 34 + 2 * usize::from(gid)) else {
                    break;
                };
                let text = if index < 258 {
                    mac_standard_ascii(index).map(String::from)
                } else {
                    names
                        .get(usize::from(index - 258))
                        .and_then(|n| std::str::from_utf8(n).ok())
                        .and_then(name_to_unicode)
                };
                if let Some(text) = text {
                    out.push((gid, text));
                }
            }
        }
        _ => {}
    }
    out
}

/// Standard Macintosh glyph names 3 (`space`) ..= 97 (`asciitilde`) are
/// exactly the printable ASCII characters in order.
fn mac_standard_ascii(index: u16) -> Option<char> {
    if (3..=97).contains(&index) {
        char::from_u32(0x20 + u32::from(index) - 3)
    } else {
        None
    }
}

/// Adobe Glyph List names of the printable ASCII characters, U+0020..=U+007E.
const ASCII_NAMES: [&str; 95] = [
    "space",
    "exclam",
    "quotedbl",
    "numbersign",
    "dollar",
    "percent",
    "ampersand",
    "quotesingle",
    "parenleft",
    "parenright",
    "asterisk",
    "plus",
    "comma",
    "hyphen",
    "period",
    "slash",
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "colon",
    "semicolon",
    "less",
    "equal",
    "greater",
    "question",
    "at",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",
    "bracketleft",
    "backslash",
    "bracketright",
    "asciicircum",
    "underscore",
    "grave",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "w",
    "x",
    "y",
    "z",
    "braceleft",
    "bar",
    "braceright",
    "asciitilde",
];

/// Text of a glyph name: `uniXXXX` (one or more BMP code points),
/// `uXXXX`..`uXXXXXX`, ASCII names of the Adobe Glyph List; a `.suffix` is
/// ignored and `_` joins ligature components.
pub fn name_to_unicode(name: &str) -> Option<String> {
    let base = match name.split_once('.') {
        Some(("", _)) => return None, // .notdef, .null
        Some((base, _)) => base,
        None => name,
    };
    let mut out = String::new();
    for part in base.split('_') {
        component_to_unicode(part, &mut out)?;
    }
    (!out.is_empty()).then_some(out)
}

fn component_to_unicode(part: &str, out: &mut String) -> Option<()> {
    if let Some(hex) = part.strip_prefix("uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .map(|i| {
                    hex.get(4 * i..4 * i + 4)
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                })
                .collect::<Option<_>>()?;
            out.push_str(&String::from_utf16(&units).ok()?);
            return Some(());
        }
    }
    if let Some(hex) = part.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
            return Some(());
        }
    }
    let i = ASCII_NAMES.iter().position(|&n| n == part)?;
    out.push(char::from_u32(0x20 + u32::try_from(i).ok()?)?);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(name_to_unicode("uni8D22").as_deref(), Some("财"));
        assert_eq!(name_to_unicode("uni8D22653F").as_deref(), Some("财政"));
        assert_eq!(name_to_unicode("u20000").as_deref(), Some("\u{20000}"));
        assert_eq!(name_to_unicode("percent").as_deref(), Some("%"));
        assert_eq!(name_to_unicode("one.alt").as_deref(), Some("1"));
        assert_eq!(name_to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(name_to_unicode(".notdef"), None);
        assert_eq!(name_to_unicode("uniD800"), None);
        assert_eq!(name_to_unicode("glyph12"), None);
        assert_eq!(name_to_unicode("uni"), None);
        assert_eq!(ASCII_NAMES[0x7E - 0x20], "asciitilde");
        assert_eq!(mac_standard_ascii(10), Some('\''));
        assert_eq!(mac_standard_ascii(67), Some('`'));
    }

    /// A minimal font: table directory with `maxp` and a `cmap` holding one
    /// format 4 subtable (with an idRangeOffset segment) and one format 12.
    fn tiny_font() -> Vec<u8> {
        let mut f4 = Vec::new();
        // segments: [0x41..0x42 delta], [0x4E00..0x4E01 via glyphIdArray], [0xFFFF]
        let seg = 3u16;
        for v in [4u16, 0, 0, seg * 2, 0, 0, 0] {
            f4.extend(v.to_be_bytes());
        }
        for v in [0x42u16, 0x4E01, 0xFFFF] {
            f4.extend(v.to_be_bytes()); // endCode
        }
        f4.extend(0u16.to_be_bytes());
        for v in [0x41u16, 0x4E00, 0xFFFF] {
            f4.extend(v.to_be_bytes()); // startCode
        }
        for v in [(1u16).wrapping_sub(0x41), 0, 1] {
            f4.extend(v.to_be_bytes()); // idDelta: A -> 1, B -> 2
        }
        // idRangeOffset: segment 1 points 4 bytes ahead (to glyphIdArray[0]).
        for v in [0u16, 4, 0] {
            f4.extend(v.to_be_bytes());
        }
        for v in [3u16, 4] {
            f4.extend(v.to_be_bytes()); // glyphIdArray
        }
        let mut f12 = Vec::new();
        for v in [12u16, 0] {
            f12.extend(v.to_be_bytes());
        }
        for v in [
            28u32,
            0,
            2,
            0x2_0000,
            0x2_0001,
            5,
            0x10_0000,
            0xFFFF_FFFF,
            1,
        ] {
            f12.extend(v.to_be_bytes());
        }
        let mut cmap = Vec::new();
        for v in [0u16, 3] {
            cmap.extend(v.to_be_bytes());
        }
        let recs_end = 4 + 8 * 3;
        for (p, e, off) in [
            (3u16, 1u16, recs_end),
            (3, 10, recs_end + f4.len()),
            (0, 3, 0xFFFF_FFF0), // out of range
        ] {
            cmap.extend(p.to_be_bytes());
            cmap.extend(e.to_be_bytes());
            cmap.extend((off as u32).to_be_bytes());
        }
        cmap.extend(&f4);
        cmap.extend(&f12);
        let mut maxp = vec![0, 0, 0x50, 0];
        maxp.extend(7u16.to_be_bytes());
        let mut font = vec![0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];
        let cmap_off = 12 + 2 * 16;
        let maxp_off = cmap_off + cmap.len();
        for (tag, off, len) in [
            (b"cmap", cmap_off, cmap.len()),
            (b"maxp", maxp_off, maxp.len() + 100), // length past the end
        ] {
            font.extend(tag);
            font.extend([0; 4]);
            font.extend((off as u32).to_be_bytes());
            font.extend((len as u32).to_be_bytes());
        }
        font.extend(cmap);
        font.extend(maxp);
        font
    }

    #[test]
    fn inverts_cmap_formats_4_and_12() {
        let font = tiny_font();
        assert!(is_sfnt(&font));
        let map = glyph_unicode(&font);
        let get = |g: u16| map.get(&g).map(String::as_str);
        assert_eq!(get(1), Some("A"));
        assert_eq!(get(2), Some("B"));
        assert_eq!(get(3), Some("一"));
        assert_eq!(get(4), Some("丁"));
        assert_eq!(get(5), Some("\u{20000}"));
        assert_eq!(get(6), Some("\u{20001}"));
        assert_eq!(get(0), None);
        assert_eq!(map.len(), 6, "{map:?}");
    }

    #[test]
    fn survives_truncation_and_garbage() {
        let font = tiny_font();
        for end in 0..font.len() {
            let _ = glyph_unicode(font.get(..end).unwrap_or_default());
        }
        let mut flipped = font.clone();
        for i in 0..flipped.len() {
            let saved = flipped[i];
            flipped[i] = 0xFF;
            let _ = glyph_unicode(&flipped);
            flipped[i] = saved;
        }
        assert!(glyph_unicode(b"ttcf\0\0\0\0\0\0\0\x01\xFF\xFF\xFF\xFF").is_empty());
        assert!(!is_sfnt(b"\x01\x00\x04\x02"));
    }
}
