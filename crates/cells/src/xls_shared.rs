//! Shared formulas of a legacy `.xls` workbook, which `calamine` leaves
//! empty (it skips the `PtgExp` token that points a cell at one).
//!
//! LibreOffice and Excel store the same formula in neighbouring cells once,
//! as a `SHRFMLA` record after the range's first `FORMULA`; each cell's own
//! `FORMULA` then holds only `PtgExp`. A target typed as `=100%` in two
//! rows is such a formula, and without this it reads as its value, `1`.
//! Only formulas of constants are decoded (numbers, strings, `%`, the
//! arithmetic and `&` operators, brackets): those are what a typed target
//! makes; a formula with a reference or a function gives nothing.

use std::collections::HashMap;
use std::io::Read;

/// The largest `Workbook` stream read: a form's workbook is well under
/// this; a larger one is left to calamine alone.
const MAX_STREAM: u64 = 64 * 1024 * 1024;

const BOF: u16 = 0x0809;
const BOUNDSHEET: u16 = 0x0085;
const FORMULA: u16 = 0x0006;
const SHRFMLA: u16 = 0x04BC;

/// The formula text (as calamine writes formulas: `100%`, `"4次"/"每月"`)
/// of every cell whose formula is shared, as (0-based row, column, text)
/// by sheet name. Empty for anything that is not a readable `.xls`.
pub(crate) fn shared_formulas(bytes: &[u8]) -> HashMap<String, Vec<(u32, u32, String)>> {
    let Some(stream) = workbook_stream(bytes) else {
        return HashMap::new();
    };
    let records = records(&stream);
    // A sheet's records start at its BOF, whose offset BOUNDSHEET gives.
    let mut sheet_at: HashMap<u32, String> = HashMap::new();
    for &(kind, _, data) in &records {
        if kind == BOUNDSHEET && data.len() >= 8 {
            let start = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
            if let Some(name) = short_string(&data[6..]) {
                sheet_at.insert(start, name);
            }
        }
    }
    let mut sheet: Option<String> = None;
    // (sheet, row, col) → (master row, master col)
    let mut pointers: Vec<(String, u32, u32, u32, u32)> = Vec::new();
    let mut shared: HashMap<String, Vec<SharedRange>> = HashMap::new();
    for &(kind, offset, data) in &records {
        match kind {
            BOF => sheet = sheet_at.get(&offset).cloned(),
            FORMULA if data.len() >= 27 => {
                let (Some(name), 0x01) = (&sheet, data[22]) else {
                    continue;
                };
                let at = |i| u16_at(data, i);
                pointers.push((name.clone(), at(0), at(2), at(23), at(25)));
            }
            SHRFMLA if data.len() >= 10 => {
                let Some(name) = &sheet else { continue };
                let cce = u16_at(data, 8) as usize;
                let rgce = data.get(10..10 + cce).unwrap_or(&[]);
                shared.entry(name.clone()).or_default().push((
                    u16_at(data, 0),
                    u16_at(data, 2),
                    u32::from(data[4]),
                    u32::from(data[5]),
                    constant_formula(rgce),
                ));
            }
            _ => {}
        }
    }
    let mut out: HashMap<String, Vec<(u32, u32, String)>> = HashMap::new();
    for (name, row, col, master_row, master_col) in pointers {
        let covering = shared.get(&name).and_then(|ranges| {
            ranges.iter().find(|(r0, r1, c0, c1, _)| {
                (*r0..=*r1).contains(&master_row) && (*c0..=*c1).contains(&master_col)
            })
        });
        if let Some((_, _, _, _, Some(formula))) = covering {
            out.entry(name)
                .or_default()
                .push((row, col, formula.clone()));
        }
    }
    out
}

/// The little-endian `u16` at `i` of a record whose length was checked.
fn u16_at(data: &[u8], i: usize) -> u32 {
    u32::from(u16::from_le_bytes([data[i], data[i + 1]]))
}

/// A shared formula's cells (first and last row, first and last column)
/// and its text, when it is one of constants.
type SharedRange = (u32, u32, u32, u32, Option<String>);

fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .ok()?
        .take(MAX_STREAM)
        .read_to_end(&mut stream)
        .ok()?;
    Some(stream)
}

/// The BIFF records of a stream: (type, offset of the record, data).
fn records(stream: &[u8]) -> Vec<(u16, u32, &[u8])> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        out.push((kind, u32::try_from(at).unwrap_or(u32::MAX), data));
        at += 4 + len;
    }
    out
}

/// A `ShortXLUnicodeString`: a length in characters, a flag byte (bit 0:
/// UTF-16, else one byte per character), the characters.
fn short_string(data: &[u8]) -> Option<String> {
    let (&cch, &flags) = (data.first()?, data.get(1)?);
    let chars = data.get(2..)?;
    let cch = usize::from(cch);
    if flags & 1 == 1 {
        let units: Vec<u16> = chars
            .get(..cch * 2)?
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.get(..cch)?.iter().map(|&b| char::from(b)).collect())
    }
}

/// A formula of constants in calamine's text form; `None` for one with any
/// other token (a reference, a function, a name).
fn constant_formula(rgce: &[u8]) -> Option<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut at = 0usize;
    while at < rgce.len() {
        let token = rgce[at];
        at += 1;
        match token {
            0x1E => {
                let v = u16::from_le_bytes([*rgce.get(at)?, *rgce.get(at + 1)?]);
                stack.push(v.to_string());
                at += 2;
            }
            0x1F => {
                let v = f64::from_le_bytes(rgce.get(at..at + 8)?.try_into().ok()?);
                stack.push(v.to_string());
                at += 8;
            }
            0x17 => {
                let cch = usize::from(*rgce.get(at)?);
                let wide = rgce.get(at + 1)? & 1 == 1;
                let len = if wide { cch * 2 } else { cch };
                let text = short_string(rgce.get(at..at + 2 + len)?)?;
                stack.push(format!("\"{}\"", text.replace('"', "\"\"")));
                at += 2 + len;
            }
            0x14 => {
                let v = stack.pop()?;
                stack.push(format!("{v}%"));
            }
            0x12 | 0x13 => {
                let v = stack.pop()?;
                stack.push(format!("{}{v}", if token == 0x12 { '+' } else { '-' }));
            }
            0x15 => {
                let v = stack.pop()?;
                stack.push(format!("({v})"));
            }
            0x03..=0x0E => {
                let op = [
                    "+", "-", "*", "/", "^", "&", "<", "<=", "=", ">=", ">", "<>",
                ][usize::from(token - 0x03)];
                let b = stack.pop()?;
                let a = stack.pop()?;
                stack.push(format!("{a}{op}{b}"));
            }
            _ => return None,
        }
    }
    match stack.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_formulas_decode_as_calamine_writes_them() {
        // 100%: ptgInt 100, ptgPercent
        assert_eq!(
            constant_formula(&[0x1E, 100, 0, 0x14]).as_deref(),
            Some("100%")
        );
        // "4次"/"每月": two UTF-16 strings and ptgDiv
        let mut rgce = vec![0x17, 2, 1];
        for u in "4次".encode_utf16() {
            rgce.extend(u.to_le_bytes());
        }
        rgce.extend([0x17, 2, 1]);
        for u in "每月".encode_utf16() {
            rgce.extend(u.to_le_bytes());
        }
        rgce.push(0x06);
        assert_eq!(constant_formula(&rgce).as_deref(), Some("\"4次\"/\"每月\""));
        // 99.5%: ptgNum
        let mut rgce = vec![0x1F];
        rgce.extend(99.5f64.to_le_bytes());
        rgce.push(0x14);
        assert_eq!(constant_formula(&rgce).as_deref(), Some("99.5%"));
        // A reference (ptgRefN) is no constant.
        assert_eq!(constant_formula(&[0x2C, 0, 0, 0, 0]), None);
        assert_eq!(constant_formula(&[]), None);
    }

    #[test]
    fn anything_but_an_xls_gives_no_formulas() {
        assert!(shared_formulas(b"PK\x03\x04").is_empty());
        assert!(shared_formulas(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).is_empty());
    }
}
