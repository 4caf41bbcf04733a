//! Groups the warnings of a generation for printing, so that a spec with many findings of one
//! kind shows a few of them and a count of the rest.

use std::fmt;

use crate::SpecError;
use crate::error::EscapedControls;

/// Number of warnings of each kind that [`digest_warnings`] keeps in full.
pub const PRINTED_PER_KIND: usize = 3;

/// The warnings to print: the first few of each kind in full, and a count of the rest.
#[derive(Debug, PartialEq)]
pub struct WarningDigest<'a> {
    /// The warnings printed in full, in the order the generator found them.
    pub printed: Vec<&'a SpecError>,
    /// The warnings of each kind beyond those printed, in the order their kinds first appear.
    pub hidden: Vec<HiddenWarnings<'a>>,
}

/// The warnings of one kind that a [`WarningDigest`] does not show.
#[derive(Debug, PartialEq)]
pub struct HiddenWarnings<'a> {
    /// The fix that every warning of the kind gives.
    pub fix: &'a str,
    /// The first warning left out.
    pub first: &'a SpecError,
    /// The number of warnings left out.
    pub count: usize,
}

/// Shows the count, the fix and where the first warning left out points, with control
/// characters escaped as [`SpecError`] shows them.
impl fmt::Display for HiddenWarnings<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} more warnings with the fix \"{}\" are not printed, the first at {}: {}",
            self.count,
            EscapedControls(self.fix),
            EscapedControls(&self.first.file.display().to_string()),
            EscapedControls(&self.first.pointer)
        )
    }
}

/// Keeps the first `printed_per_kind` warnings of each kind and counts the rest. Warnings are of
/// one kind when they give the same fix. Most checks write a fix of their own, while the reason
/// names the schema or member at fault. A fix that quotes a value makes each warning a kind of
/// its own, so such warnings are all printed.
pub fn digest_warnings(warnings: &[SpecError], printed_per_kind: usize) -> WarningDigest<'_> {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let mut printed = Vec::new();
    let mut hidden: Vec<HiddenWarnings> = Vec::new();
    for warning in warnings {
        let fix = warning.fix.as_str();
        let index = match seen.iter().position(|(kind, _)| *kind == fix) {
            Some(index) => index,
            None => {
                seen.push((fix, 0));
                seen.len() - 1
            }
        };
        seen[index].1 += 1;
        if seen[index].1 <= printed_per_kind {
            printed.push(warning);
            continue;
        }
        match hidden.iter_mut().find(|kind| kind.fix == fix) {
            Some(kind) => kind.count += 1,
            None => hidden.push(HiddenWarnings {
                fix,
                first: warning,
                count: 1,
            }),
        }
    }
    WarningDigest { printed, hidden }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn warning(pointer: &str, fix: &str) -> SpecError {
        SpecError {
            file: PathBuf::from("spec.yaml"),
            pointer: pointer.to_owned(),
            reason: "a problem".to_owned(),
            fix: fix.to_owned(),
        }
    }

    fn pointers<'a>(warnings: &[&'a SpecError]) -> Vec<&'a str> {
        warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect()
    }

    #[test]
    fn digest_keeps_first_of_each_fix() {
        let warnings = [
            warning("#/a0", "fix a"),
            warning("#/b0", "fix b"),
            warning("#/a1", "fix a"),
            warning("#/a2", "fix a"),
            warning("#/a3", "fix a"),
            warning("#/a4", "fix a"),
        ];
        let digest = digest_warnings(&warnings, 2);
        assert_eq!(pointers(&digest.printed), ["#/a0", "#/b0", "#/a1"]);
        assert_eq!(digest.hidden.len(), 1);
        assert_eq!(digest.hidden[0].fix, "fix a");
        assert_eq!(digest.hidden[0].first.pointer, "#/a2");
        assert_eq!(digest.hidden[0].count, 3);
        let line = digest.hidden[0].to_string();
        assert_eq!(
            line,
            "3 more warnings with the fix \"fix a\" are not printed, the first at spec.yaml: #/a2"
        );
    }

    #[test]
    fn digest_hides_nothing_below_limit() {
        let warnings = [warning("#/a0", "fix a"), warning("#/a1", "fix a")];
        let digest = digest_warnings(&warnings, PRINTED_PER_KIND);
        assert_eq!(pointers(&digest.printed), ["#/a0", "#/a1"]);
        assert_eq!(digest.hidden, []);
    }
}
