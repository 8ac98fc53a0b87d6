//! Progress on stderr: a bar on a terminal, a plain line now and then
//! otherwise.

use super::Summary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// Progress on stderr: a bar on a terminal, a line every
/// [`PLAIN_EVERY`] otherwise (batch mode only).
pub(super) struct Progress {
    pub(super) bar: Option<ProgressBar>,
    pub(super) plain: bool,
    pub(super) total: usize,
    pub(super) start: Instant,
    pub(super) last_line: Instant,
}

pub(super) const PLAIN_EVERY: Duration = Duration::from_secs(10);

impl Progress {
    pub(super) fn new(total: usize, bar_wanted: bool, plain_wanted: bool) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (bar_wanted && terminal).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} files, {msg}, ETA {eta}",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message("0 forms, 0 failed");
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            plain: plain_wanted && !terminal,
            total,
            start: now,
            last_line: now,
        }
    }

    pub(super) fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub(super) fn update(&mut self, s: &Summary) {
        if let Some(bar) = &self.bar {
            let rate = s.files as f64 / self.start.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!(
                "{} forms, {} failed, {rate:.1} files/s",
                s.forms, s.errors
            ));
            bar.set_position(s.files as u64);
        } else if self.plain && self.last_line.elapsed() >= PLAIN_EVERY {
            self.last_line = Instant::now();
            let elapsed = self.start.elapsed().as_secs_f64();
            let rate = s.files as f64 / elapsed.max(1e-9);
            let left = self.total.saturating_sub(s.files) as f64;
            let eta = if rate > 0.0 { left / rate } else { 0.0 };
            eprintln!(
                "jixiao: {}/{} files ({:.0}%), {} forms, {} failed, {:.1} files/s, ETA {}",
                s.files,
                self.total,
                100.0 * s.files as f64 / (self.total.max(1)) as f64,
                s.forms,
                s.errors,
                rate,
                clock(eta)
            );
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub(super) fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}m{:02}s", s / 60, s % 60)
    }
}
