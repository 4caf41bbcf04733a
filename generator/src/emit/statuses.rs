//! Patterns on the HTTP status for an operation's `match` arms and its redirect check.
//!
//! A spec may declare a code and the range that contains it (`200` and `2XX`). The code wins,
//! so the range's arm matches only the codes that no other arm takes. Emitting the range whole
//! would be correct, since the code's arm comes first, but clippy 0.1.95 rejects it as
//! `match_overlapping_arm`. Each arm's codes are also written as the fewest ranges, because
//! clippy's `manual_range_patterns` rejects `400..=499 | 500..=599`.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::StatusMatch;

/// Returns the codes that `status` matches once the codes in `exact_arm_codes` have arms of their own,
/// or `None` for the `default` response, which matches every status left.
pub(crate) fn status_codes(
    status: StatusMatch,
    exact_arm_codes: &BTreeSet<u16>,
) -> Option<BTreeSet<u16>> {
    match status {
        StatusMatch::Code(code) => Some(BTreeSet::from([code])),
        StatusMatch::Range(class) => {
            let low = u16::from(class) * 100;
            let codes = (low..=low + 99).filter(|code| !exact_arm_codes.contains(code));
            Some(codes.collect())
        }
        StatusMatch::Default => None,
    }
}

/// Returns the codes that have arms of their own among `statuses`.
pub(crate) fn exact_codes(statuses: impl IntoIterator<Item = StatusMatch>) -> BTreeSet<u16> {
    statuses
        .into_iter()
        .filter_map(|status| match status {
            StatusMatch::Code(code) => Some(code),
            StatusMatch::Range(_) | StatusMatch::Default => None,
        })
        .collect()
}

/// Emits a pattern that matches exactly `codes`: one literal per lone code, two literals for
/// a pair, and an inclusive range for three or more consecutive codes.
///
/// NOTE: the caller passes a non-empty set, because an empty pattern does not parse.
pub(crate) fn codes_pattern(codes: &BTreeSet<u16>) -> TokenStream {
    let mut alternatives = Vec::new();
    for (low, high) in consecutive_runs(codes) {
        let (low_literal, high_literal) =
            (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
        match high - low {
            0 => alternatives.push(quote!(#low_literal)),
            1 => {
                alternatives.push(quote!(#low_literal));
                alternatives.push(quote!(#high_literal));
            }
            _ => alternatives.push(quote!(#low_literal..=#high_literal)),
        }
    }
    quote!(#(#alternatives)|*)
}

/// Splits `codes` into runs of consecutive codes, each as its first and last code.
fn consecutive_runs(codes: &BTreeSet<u16>) -> Vec<(u16, u16)> {
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for &code in codes {
        match runs.last_mut() {
            Some((_, high)) if *high + 1 == code => *high = code,
            _ => runs.push((code, code)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern_text(codes: &[u16]) -> String {
        codes_pattern(&codes.iter().copied().collect()).to_string()
    }

    #[test]
    fn range_leaves_out_exact_codes() {
        let exact_arm_codes = BTreeSet::from([200, 204]);
        let codes =
            status_codes(StatusMatch::Range(2), &exact_arm_codes).expect("a range has codes");
        assert_eq!(codes.len(), 98);
        assert!(!codes.contains(&200));
        assert!(!codes.contains(&204));
        assert_eq!(
            codes_pattern(&codes).to_string(),
            "201 ..= 203 | 205 ..= 299"
        );
    }

    #[test]
    fn code_matches_itself() {
        let exact_arm_codes = BTreeSet::from([404]);
        let codes = status_codes(StatusMatch::Code(404), &exact_arm_codes);
        assert_eq!(codes, Some(BTreeSet::from([404])));
    }

    #[test]
    fn default_matches_the_rest() {
        assert_eq!(status_codes(StatusMatch::Default, &BTreeSet::new()), None);
    }

    #[test]
    fn adjacent_ranges_join_into_one() {
        let mut codes = status_codes(StatusMatch::Range(4), &BTreeSet::new()).expect("4XX");
        codes.extend(status_codes(StatusMatch::Range(5), &BTreeSet::new()).expect("5XX"));
        assert_eq!(codes_pattern(&codes).to_string(), "400 ..= 599");
    }

    #[test]
    fn pattern_writes_short_runs_as_literals() {
        assert_eq!(pattern_text(&[404]), "404");
        assert_eq!(pattern_text(&[400, 401]), "400 | 401");
        assert_eq!(pattern_text(&[400, 401, 402]), "400 ..= 402");
        assert_eq!(pattern_text(&[400, 404, 405, 409]), "400 | 404 | 405 | 409");
    }

    #[test]
    fn exact_codes_skip_ranges_and_default() {
        let statuses = [
            StatusMatch::Code(200),
            StatusMatch::Range(2),
            StatusMatch::Code(404),
            StatusMatch::Default,
        ];
        assert_eq!(exact_codes(statuses), BTreeSet::from([200, 404]));
    }
}
