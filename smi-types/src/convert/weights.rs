//! TrafficSplit v1alpha1 quantities → whole-number weights, preserving ratios exactly.

use crate::quantity::Decimal;

/// Whole-number weights for `weights` (all non-negative), and whether they had to be rounded.
///
/// Non-zero weights are brought to their smallest common power-of-ten scale (never finer than
/// units), and that scaling is cancelled as far as every weight allows: whole weights stay as
/// written, fractions keep their exact ratio. If the result exceeds `u32`, it is divided by the
/// weights' greatest common divisor; if it still does not fit, it is rounded to parts per
/// million (largest remainder) and `rounded` is true.
pub(crate) fn reduce(weights: &[Decimal]) -> (Vec<u32>, bool) {
    match exact(weights) {
        Some(w) => (w, false),
        None => (rounded(weights), true),
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn exact(weights: &[Decimal]) -> Option<Vec<u32>> {
    let exponent = weights
        .iter()
        .filter(|d| !d.is_zero())
        .map(|d| d.exponent)
        .min()
        .unwrap_or(0)
        .min(0);
    let scale = 10u128.checked_pow(u32::try_from(-exponent).ok()?)?;
    let mut scaled = weights
        .iter()
        .map(|d| d.scaled_to(exponent).and_then(|v| u128::try_from(v).ok()))
        .collect::<Option<Vec<u128>>>()?;
    let all = scaled.iter().fold(0, |g, &v| gcd(g, v));
    if all == 0 {
        return Some(vec![0; weights.len()]);
    }
    // Undo as much of the power-of-ten scaling as the weights allow.
    let divisor = gcd(all, scale);
    scaled.iter_mut().for_each(|v| *v /= divisor);
    let fits = |s: &[u128]| s.iter().all(|&v| v <= u128::from(u32::MAX));
    if !fits(&scaled) {
        let divisor = all / divisor;
        scaled.iter_mut().for_each(|v| *v /= divisor);
    }
    scaled.into_iter().map(|v| u32::try_from(v).ok()).collect()
}

const PARTS: u32 = 1_000_000;

fn rounded(weights: &[Decimal]) -> Vec<u32> {
    let values: Vec<f64> = weights
        .iter()
        .map(|d| d.mantissa as f64 * 10f64.powi(d.exponent))
        .collect();
    let total: f64 = values.iter().sum();
    if !total.is_finite() || total <= 0.0 {
        // Only reachable with absurd exponents: give the largest weight everything.
        let mut out = vec![0; weights.len()];
        if let Some(i) = (0..weights.len()).max_by(|&a, &b| weights[a].cmp(&weights[b])) {
            out[i] = PARTS;
        }
        return out;
    }
    let shares: Vec<f64> = values
        .iter()
        .map(|v| v / total * f64::from(PARTS))
        .collect();
    let mut out: Vec<u32> = shares.iter().map(|s| s.floor() as u32).collect();
    let assigned: u32 = out.iter().sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = shares[a] - shares[a].floor();
        let rb = shares[b] - shares[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(PARTS.saturating_sub(assigned) as usize) {
        out[i] += 1;
    }
    out
}
