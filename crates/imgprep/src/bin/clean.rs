//! `clean`: cleans one page image and writes the grey and binary results.
//!
//! ```text
//! clean INPUT [--dpi N] [--out PREFIX] [--repeat N]
//! ```
//!
//! Writes `PREFIX.grey.png` and `PREFIX.binary.png` (PREFIX defaults to
//! INPUT without its extension) and prints one line of `key=value` fields
//! (file, skew, turn, seal pixels, milliseconds per stage), then the notes.
//! `--repeat N` cleans the page N times and reports the fastest run, and
//! also the processor time per page (`cpu_ms`, from `/proc/self/stat` on
//! Linux), which a busy machine inflates less than the wall clock.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use jixiao_imgprep::{clean_page, CleanOptions, Cleaned};

struct Args {
    input: PathBuf,
    out: PathBuf,
    dpi: f32,
    repeat: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut input = None;
    let mut out = None;
    let mut dpi = 200.0;
    let mut repeat = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--dpi" => dpi = value("--dpi")?.parse().map_err(|e| format!("--dpi: {e}"))?,
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--repeat" => {
                repeat = value("--repeat")?
                    .parse()
                    .map_err(|e| format!("--repeat: {e}"))?
            }
            _ if input.is_none() && !arg.starts_with("--") => input = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    let input = input.ok_or("usage: clean INPUT [--dpi N] [--out PREFIX] [--repeat N]")?;
    let out = out.unwrap_or_else(|| input.with_extension(""));
    Ok(Args {
        input,
        out,
        dpi,
        repeat: repeat.max(1),
    })
}

fn millis(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Prints the result line and the notes (a closed pipe is not an error).
fn report(args: &Args, cleaned: &Cleaned, cpu_per_page: Option<Duration>) -> std::io::Result<()> {
    let t = &cleaned.timings;
    let mut out = std::io::stdout().lock();
    if let Some(cpu) = cpu_per_page {
        writeln!(out, "cpu_ms_per_page={}", millis(cpu))?;
    }
    writeln!(
        out,
        "file={} skew={:+.3} turn={} seal_pixels={} ms_total={} ms_seals={} ms_background={} ms_analysis={} ms_resampling={} ms_binarisation={} ms_up_down={}",
        args.input.display(),
        cleaned.skew_degrees,
        cleaned.rotation.degrees(),
        cleaned.seal_pixels,
        millis(t.total()),
        millis(t.seals),
        millis(t.background),
        millis(t.analysis),
        millis(t.resampling),
        millis(t.binarisation),
        millis(t.up_down),
    )?;
    for note in &cleaned.notes {
        writeln!(out, "  note: {note}")?;
    }
    Ok(())
}

/// Processor time of this process so far (user + system), if known.
fn process_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) close with ')'.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

fn run(args: &Args) -> Result<(), String> {
    let image = image::open(&args.input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    let options = CleanOptions::default();
    let mut best: Option<Cleaned> = None;
    let cpu_before = process_cpu_time();
    for _ in 0..args.repeat {
        let cleaned = clean_page(&image, args.dpi, &options);
        if best
            .as_ref()
            .is_none_or(|b| cleaned.timings.total() < b.timings.total())
        {
            best = Some(cleaned);
        }
    }
    let cleaned = best.ok_or("nothing was cleaned")?;
    let cpu_per_page = match (cpu_before, process_cpu_time()) {
        (Some(before), Some(after)) => Some((after - before) / args.repeat as u32),
        _ => None,
    };
    let with_suffix = |suffix: &str| {
        let mut path = args.out.clone().into_os_string();
        path.push(suffix);
        PathBuf::from(path)
    };
    cleaned
        .grey
        .save(with_suffix(".grey.png"))
        .map_err(|e| e.to_string())?;
    cleaned
        .binary
        .save(with_suffix(".binary.png"))
        .map_err(|e| e.to_string())?;
    // Only a closed pipe can fail here; there is nobody left to tell.
    let _ = report(args, &cleaned, cpu_per_page);
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("clean: {message}");
            ExitCode::FAILURE
        }
    }
}
