//! Retry backoff as Kafka's clients compute it (KIP-580, `ExponentialBackoff` with
//! `CommonClientConfigs.RETRY_BACKOFF_EXP_BASE` 2 and `RETRY_BACKOFF_JITTER` 0.2):
//! `retry.backoff.ms × 2^attempts`, capped at `retry.backoff.max.ms`, times a random factor in
//! [0.8, 1.2), and never above the cap.
//!
//! In integers, not floats: `f64::powf`/`ln` may round differently natively and in wasm, and the
//! engine must step the same everywhere. Kafka's exponent is capped at
//! `log2(max / initial)`, where the term reaches the cap exactly; doubling until the cap is the
//! same term.

use crate::rng::Rng;

/// The jitter as a range of per-mille factors: [800, 1200) ‰ is Kafka's [1 − 0.2, 1 + 0.2).
const JITTER_PER_MILLE: u64 = 200;

/// The backoff before retry number `attempts + 1` (`attempts` = retries already made, from 0).
pub fn backoff_ms(retry_backoff_ms: u64, retry_backoff_max_ms: u64, attempts: u32, rng: &mut Rng) -> u64 {
    let initial = retry_backoff_ms.min(retry_backoff_max_ms);
    if retry_backoff_max_ms <= initial {
        // `expMax == 0`: a constant backoff, without jitter.
        return initial;
    }
    let mut term = initial.max(1);
    for _ in 0..attempts {
        if term >= retry_backoff_max_ms {
            break;
        }
        term = term.saturating_mul(2);
    }
    let term = if initial == 0 { 0 } else { term.min(retry_backoff_max_ms) };
    let factor = 1000 - JITTER_PER_MILLE + rng.below(2 * JITTER_PER_MILLE);
    (term.saturating_mul(factor) / 1000).min(retry_backoff_max_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kafka's defaults: retry.backoff.ms 100, retry.backoff.max.ms 1000.
    #[test]
    fn doubles_from_retry_backoff_ms_up_to_the_cap_with_jitter() {
        let mut rng = Rng::new(1);
        for (attempts, term) in [(0u32, 100u64), (1, 200), (2, 400), (3, 800), (4, 1000), (30, 1000)] {
            for _ in 0..200 {
                let b = backoff_ms(100, 1000, attempts, &mut rng);
                assert!(b >= term * 8 / 10 && b < term * 12 / 10 + 1, "attempt {attempts}: {b} around {term}");
                assert!(b <= 1000, "never past retry.backoff.max.ms");
            }
        }
    }

    #[test]
    fn jitter_spreads_the_retries() {
        let mut rng = Rng::new(7);
        let seen: crate::vec_map::VecSet<u64> = (0..100).map(|_| backoff_ms(100, 1000, 0, &mut rng)).collect();
        assert!(seen.len() > 20, "{seen:?}");
        assert!(*seen.first().unwrap() >= 80 && *seen.last().unwrap() < 120);
    }

    #[test]
    fn a_cap_at_or_below_the_initial_value_is_a_constant_backoff() {
        let mut rng = Rng::new(3);
        assert_eq!(backoff_ms(100, 100, 5, &mut rng), 100);
        assert_eq!(backoff_ms(500, 100, 0, &mut rng), 100);
        assert_eq!(backoff_ms(0, 1000, 3, &mut rng), 0);
    }
}
