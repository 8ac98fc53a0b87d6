//! Greedy CTC decoding of the recogniser's per-step class probabilities.

use crate::dictionary::{Dictionary, BLANK_CLASS};

/// One emitted class: the steps it covers and its probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Emission {
    /// The class emitted.
    pub class: usize,
    /// First step of the run of equal argmax values that emitted it.
    pub first_step: usize,
    /// One past the last step of that run.
    pub end_step: usize,
    /// Probability at the first step (what RapidOCR averages).
    pub probability: f32,
}

/// Index and value of the largest probability; the first one wins ties, as
/// numpy's `argmax` does.
pub fn argmax(probabilities: &[f32]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, &p) in probabilities.iter().enumerate() {
        if p > best.1 {
            best = (i, p);
        }
    }
    best
}

/// Best `(class, probability)` of every step of `steps × classes`
/// probabilities (row-major).
pub fn best_per_step(probs: &[f32], classes: usize) -> Vec<(usize, f32)> {
    probs.chunks_exact(classes.max(1)).map(argmax).collect()
}

/// Greedy CTC over the best class of every step: runs of one class collapse
/// to one emission, blanks are dropped.
pub fn greedy_decode(steps: &[(usize, f32)]) -> Vec<Emission> {
    let mut emissions: Vec<Emission> = Vec::new();
    let mut previous: Option<usize> = None;
    for (step, &(class, probability)) in steps.iter().enumerate() {
        if previous == Some(class) {
            if let Some(last) = emissions.last_mut().filter(|e| e.class == class) {
                last.end_step = step + 1;
            }
            continue;
        }
        previous = Some(class);
        if class != BLANK_CLASS {
            emissions.push(Emission {
                class,
                first_step: step,
                end_step: step + 1,
                probability,
            });
        }
    }
    emissions
}

/// Text of the emissions; classes outside the dictionary are skipped.
pub fn emissions_text(emissions: &[Emission], dictionary: &Dictionary) -> String {
    emissions
        .iter()
        .filter_map(|e| dictionary.text(e.class))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_hot(classes: usize, seq: &[usize]) -> Vec<f32> {
        seq.iter()
            .flat_map(|&c| (0..classes).map(move |i| if i == c { 0.9 } else { 0.01 }))
            .collect()
    }

    #[test]
    fn collapses_repeats_and_drops_blanks() {
        let probs = one_hot(4, &[0, 1, 1, 0, 1, 2, 2, 0]);
        let got = greedy_decode(&best_per_step(&probs, 4));
        let classes: Vec<_> = got.iter().map(|e| e.class).collect();
        assert_eq!(classes, [1, 1, 2]);
        assert_eq!((got[0].first_step, got[0].end_step), (1, 3));
        assert_eq!((got[2].first_step, got[2].end_step), (5, 7));
    }

    #[test]
    fn argmax_takes_the_first_of_equal_values() {
        assert_eq!(argmax(&[0.1, 0.4, 0.4]), (1, 0.4));
    }
}
