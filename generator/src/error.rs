//! Errors of the generator: problems in the spec, the settings or the templates.

use std::fmt;
use std::path::PathBuf;

/// Everything that can stop a generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {action} failed", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The step that failed, such as `reading the spec`.
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// A file to be replaced lacks the generated header, so it is the user's; nothing was written.
    #[error(
        "{}: refusing to overwrite a file without the generated header; move it away or choose another output folder",
        path.display()
    )]
    NotGenerated {
        /// The file.
        path: PathBuf,
    },

    /// A path under the output folder is a symbolic link, which a write would follow out of the
    /// folder; nothing was written.
    #[error(
        "{}: is a symbolic link inside the output folder, and the generator writes no file through a link; replace it with a real folder or file, or choose another output folder",
        path.display()
    )]
    SymbolicLink {
        /// The link.
        path: PathBuf,
    },

    /// The spec has one or more problems; each names its JSON pointer.
    #[error("{}", SpecErrors(.0))]
    Spec(Vec<SpecError>),

    /// The settings file is invalid. Each problem names its key.
    #[error("{}", SettingsProblems { path, problems })]
    Settings {
        /// The settings file.
        path: PathBuf,
        /// Every problem of the file, each with its fix.
        problems: Vec<String>,
    },

    /// A Markdown template failed to render.
    #[error(
        "{}{}: {message}; fix the template or the value it names",
        .folder.join(.name).display(),
        .line.map(|line| format!(":{line}")).unwrap_or_default()
    )]
    Template {
        /// The templates folder, as given to the generator.
        folder: PathBuf,
        /// Name of the template, relative to the templates folder.
        name: String,
        /// Line of the template where rendering failed; `None` when the failure has no line,
        /// as when the template file does not exist.
        line: Option<usize>,
        /// The renderer's message.
        message: String,
    },

    /// A Rust file of the SDK already on disk does not parse, so its API cannot be compared.
    #[error(
        "{}: the SDK on disk does not parse as Rust: {message}; restore the file from version \
         control or delete it to skip the API comparison",
        path.display()
    )]
    PreviousSdk {
        /// The file on disk.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },

    /// Two outputs of one generation map to the same file: a generator bug, reported with both.
    #[error("{path}: {first} and {second} map to the same file; please report this with the spec")]
    DuplicateOutput {
        /// Path of the file, relative to the crate root.
        path: String,
        /// Description of the first output, such as `the client`.
        first: String,
        /// Description of the second output.
        second: String,
    },

    /// Emitted Rust did not parse: a generator bug, reported with the file it concerns.
    #[error("{file}: generated Rust does not parse: {message}; please report this with the spec")]
    InvalidRust {
        /// Path of the generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// One problem in the spec, located by file and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file, as given to the generator.
    pub file: PathBuf,
    /// JSON pointer of the offending value, such as `#/paths/~1rpc~1auth.info/get`.
    pub pointer: String,
    /// The problem.
    pub reason: String,
    /// The fix.
    pub fix: String,
}

/// Shows the file, the pointer, the reason and the fix on one line. Keys and names of the spec
/// reach the pointer and the reason as written, so control characters are shown escaped, as
/// `\u{1b}` or `\n`: a spec can then neither break the line nor send terminal escapes.
impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}; {}",
            EscapedControls(&self.file.display().to_string()),
            EscapedControls(&self.pointer),
            EscapedControls(&self.reason),
            EscapedControls(&self.fix)
        )
    }
}

/// Text shown with each control character escaped as Rust's `Debug` escapes it.
pub(crate) struct EscapedControls<'a>(pub(crate) &'a str);

impl fmt::Display for EscapedControls<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(position) = rest.find(char::is_control) {
            f.write_str(&rest[..position])?;
            let control = rest[position..].chars().next().unwrap_or_default();
            write!(f, "{}", control.escape_debug())?;
            rest = &rest[position + control.len_utf8()..];
        }
        f.write_str(rest)
    }
}

struct SpecErrors<'a>(&'a [SpecError]);

impl fmt::Display for SpecErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// Shows each problem of a settings file on its own line, after the file's path.
struct SettingsProblems<'a> {
    path: &'a PathBuf,
    problems: &'a [String],
}

impl fmt::Display for SettingsProblems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{}: invalid settings: {problem}", self.path.display())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_error_escapes_control_characters() {
        let error = SpecError {
            file: PathBuf::from("spec\u{7}.yaml"),
            pointer: "#/components/schemas/A\u{1b}[2J\r\nB".to_owned(),
            reason: "schema \u{1b}[31m is odd".to_owned(),
            fix: "rename it\t".to_owned(),
        };
        let shown = error.to_string();
        assert_eq!(
            shown,
            r"spec\u{7}.yaml: #/components/schemas/A\u{1b}[2J\r\nB: schema \u{1b}[31m is odd; rename it\t"
        );
    }

    #[test]
    fn spec_error_keeps_other_text() {
        let error = SpecError {
            file: PathBuf::from("spec.yaml"),
            pointer: "#/paths/~1grüße".to_owned(),
            reason: "name \"a\" is odd".to_owned(),
            fix: "rename it".to_owned(),
        };
        assert_eq!(
            error.to_string(),
            "spec.yaml: #/paths/~1grüße: name \"a\" is odd; rename it"
        );
    }
}
