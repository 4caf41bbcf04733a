//! Reports how the public API of the SDK changes between two generations.
//!
//! [`ApiSurface::extract`] reads the public items out of the generated Rust files, and
//! [`diff`] compares the surface of the files on disk with the surface of the new files. Each
//! change is marked breaking when code that compiled against the old crate may stop compiling,
//! or a call that succeeded may now fail, and the report suggests a semver bump from that.

mod surface;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::markdown::code_span;
use crate::write::{generated_files_under, io_error};
use crate::{Error, GeneratedFile};

pub use surface::{ApiItem, ApiSurface, ItemKind, ParseFailure};

/// The kind of change of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The item is new, with its signature.
    Added(String),
    /// The item is gone, with its old signature.
    Removed(String),
    /// An operation that sends the same HTTP method and path under a new name; `path` of the
    /// change is the new path.
    Renamed {
        /// The old path.
        from: String,
        /// The old signature.
        before: String,
        /// The new signature.
        after: String,
    },
    /// The item's signature changed.
    Changed {
        /// The old signature.
        before: String,
        /// The new signature.
        after: String,
    },
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// The kind of item.
    pub kind: ItemKind,
    /// Path of the item relative to the crate root, such as `auth::Auth::login`.
    pub path: String,
    /// The change, with the signatures involved.
    pub change: Change,
    /// Whether users of the crate may have to change their code.
    pub breaking: bool,
}

/// The version bump that a set of changes calls for under semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// The public API is the same.
    None,
    /// Only additions: a new minor version.
    Minor,
    /// At least one breaking change: a new major version.
    Major,
}

/// Every change of the public API between two generations, sorted by kind and path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// The changes.
    pub changes: Vec<ApiChange>,
}

/// Compares the public API of the generated files under `out` with the API of `files`.
///
/// Only files that carry the generated header count. Returns `None` when `out` contains no
/// generated `src/lib.rs`, because there is no earlier API to compare with.
///
/// # Errors
///
/// Returns [`Error::Io`] when a file under `out` cannot be read, [`Error::PreviousSdk`] when a
/// file on disk does not parse, and [`Error::InvalidRust`] when a new file does not parse.
pub fn compare_with_disk(
    out: &Path,
    files: &[GeneratedFile],
) -> Result<Option<ChangeReport>, Error> {
    let mut on_disk = Vec::new();
    for path in generated_files_under(out)? {
        if !(path.starts_with("src/") && path.ends_with(".rs")) {
            continue;
        }
        let full = out.join(&path);
        let contents = fs::read_to_string(&full).map_err(io_error(&full, "reading"))?;
        on_disk.push(GeneratedFile { path, contents });
    }
    if !on_disk.iter().any(|file| file.path == "src/lib.rs") {
        return Ok(None);
    }
    let before = ApiSurface::extract(&on_disk).map_err(|failure| Error::PreviousSdk {
        path: out.join(&failure.path),
        message: failure.message,
    })?;
    let after = ApiSurface::extract(files).map_err(|failure| Error::InvalidRust {
        file: failure.path,
        message: failure.message,
    })?;
    Ok(Some(diff(&before, &after)))
}

/// Compares the API of `before` with the API of `after`.
///
/// Parts of an item that is added or removed as a whole, such as the fields of a new struct,
/// are left out so the report lists the item once.
pub fn diff(before: &ApiSurface, after: &ApiSurface) -> ChangeReport {
    let keys: BTreeSet<_> = before.items.keys().chain(after.items.keys()).collect();
    let mut whole = BTreeSet::new();
    for key in &keys {
        let (old, new) = (before.items.get(key), after.items.get(key));
        if old.is_none() != new.is_none() {
            whole.insert(key.1.clone());
        }
    }

    let mut changes = Vec::new();
    for key @ (kind, path) in keys {
        let (old, new) = (before.items.get(key), after.items.get(key));
        let owner = old.or(new).and_then(|item| item.owner.as_ref());
        if owner.is_some_and(|owner| owner != path && whole.contains(owner)) {
            continue;
        }
        let change = match (old, new) {
            (Some(old), Some(new)) if old.signature == new.signature => continue,
            (Some(old), Some(new)) => Change::Changed {
                before: old.signature.clone(),
                after: new.signature.clone(),
            },
            (Some(old), None) => Change::Removed(old.signature.clone()),
            (None, Some(new)) => Change::Added(new.signature.clone()),
            (None, None) => continue,
        };
        // Aspects of an operation are listed only when the operation stays.
        if matches!(
            kind,
            ItemKind::Endpoint | ItemKind::Security | ItemKind::Responses
        ) && !matches!(change, Change::Changed { .. })
        {
            continue;
        }
        let breaking = is_breaking(*kind, &change, old.or(new));
        changes.push(ApiChange {
            kind: *kind,
            path: path.clone(),
            change,
            breaking,
        });
    }
    merge_renamed_operations(&mut changes, before, after);
    ChangeReport { changes }
}

/// Replaces a removed operation and an added one that send the same HTTP method and path with
/// one rename, which is still breaking because callers use the old name.
fn merge_renamed_operations(changes: &mut Vec<ApiChange>, before: &ApiSurface, after: &ApiSurface) {
    let endpoint = |surface: &ApiSurface, path: &str| {
        let key = (ItemKind::Endpoint, path.to_owned());
        surface.items.get(&key).map(|item| item.signature.clone())
    };
    let mut index = 0;
    while index < changes.len() {
        let ApiChange {
            kind: ItemKind::Operation,
            path: old_path,
            change: Change::Removed(old_signature),
            ..
        } = &changes[index]
        else {
            index += 1;
            continue;
        };
        let (old_path, old_signature) = (old_path.clone(), old_signature.clone());
        let old_endpoint = endpoint(before, &old_path);
        let partner = changes.iter().enumerate().find_map(|(position, other)| {
            let Change::Added(signature) = &other.change else {
                return None;
            };
            let same_endpoint =
                old_endpoint.is_some() && endpoint(after, &other.path) == old_endpoint;
            (other.kind == ItemKind::Operation && same_endpoint)
                .then(|| (position, signature.clone()))
        });
        let Some((partner, new_signature)) = partner else {
            index += 1;
            continue;
        };
        let renamed = Change::Renamed {
            from: old_path.clone(),
            before: old_signature,
            after: new_signature,
        };
        let new_path = changes[partner].path.clone();
        changes[partner].change = renamed;
        changes[partner].breaking = true;
        changes.remove(index);
        changes.extend(renamed_aspect_changes(before, &old_path, after, &new_path));
    }
    changes.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
}

/// Compares the endpoint, security and responses of an operation renamed from `old_path` to
/// `new_path`.
fn renamed_aspect_changes(
    before: &ApiSurface,
    old_path: &str,
    after: &ApiSurface,
    new_path: &str,
) -> Vec<ApiChange> {
    let mut changes = Vec::new();
    for kind in [ItemKind::Endpoint, ItemKind::Security, ItemKind::Responses] {
        let old = before.items.get(&(kind, old_path.to_owned()));
        let new = after.items.get(&(kind, new_path.to_owned()));
        let (Some(old), Some(new)) = (old, new) else {
            continue;
        };
        if old.signature == new.signature {
            continue;
        }
        let change = Change::Changed {
            before: old.signature.clone(),
            after: new.signature.clone(),
        };
        changes.push(ApiChange {
            kind,
            path: new_path.to_owned(),
            breaking: is_breaking(kind, &change, Some(new)),
            change,
        });
    }
    changes
}

fn is_breaking(kind: ItemKind, change: &Change, item: Option<&ApiItem>) -> bool {
    match (kind, change) {
        (ItemKind::Security, Change::Changed { before, after }) => {
            security_is_stricter(before, after)
        }
        (ItemKind::Security, _) => false,
        (ItemKind::Responses, Change::Changed { before, after }) => responses_break(before, after),
        (ItemKind::Endpoint, _) => false,
        (_, Change::Removed(_) | Change::Renamed { .. } | Change::Changed { .. }) => true,
        (ItemKind::Field | ItemKind::Variant, Change::Added(_)) => {
            item.is_some_and(|item| item.owner_is_exhaustive)
        }
        (_, Change::Added(_)) => false,
    }
}

/// Tells whether a request that met the old requirement may miss the new one: some old
/// alternative is no longer accepted. An alternative `none` accepts a request without
/// credentials.
fn security_is_stricter(before: &str, after: &str) -> bool {
    let accepted: BTreeSet<&str> = after.split(" or ").collect();
    if accepted.contains("none") {
        return false;
    }
    before == "none" || before.split(" or ").any(|old| !accepted.contains(old))
}

/// Tells whether some status now leads to an outcome that callers who handled the old one
/// would miss.
fn responses_break(before: &str, after: &str) -> bool {
    let (old, new) = (parse_responses(before), parse_responses(after));
    explicit_statuses(&old, &new).into_iter().any(|status| {
        let (was, now) = (lookup(&old, status), lookup(&new, status));
        outcome_breaks(was, now)
    })
}

/// Tells whether a status that led to `was` and now leads to `now` breaks callers. An
/// undeclared status that now succeeds does not. Neither does a success that starts or stops
/// reading a body, because the `body` field's own change shows that. A success that reads its
/// body in another way, such as text in place of JSON, does: the same bytes give another
/// value or an error.
fn outcome_breaks(was: &str, now: &str) -> bool {
    if was == now {
        return false;
    }
    match (was.strip_prefix("Ok"), now.strip_prefix("Ok")) {
        (Some(""), Some(_)) | (Some(_), Some("")) => false,
        (Some(_), Some(_)) => true,
        (None, Some(_)) => was != UNEXPECTED,
        (_, None) => true,
    }
}

/// The outcome of a status that an operation does not declare.
const UNEXPECTED: &str = "Err(Error::UnexpectedStatus)";

fn explicit_statuses<'a>(
    old: &[(&'a str, &'a str)],
    new: &[(&'a str, &'a str)],
) -> BTreeSet<&'a str> {
    old.iter()
        .chain(new.iter())
        .map(|(status, _)| *status)
        .filter(|status| *status != "_")
        .collect()
}

fn parse_responses(text: &str) -> Vec<(&str, &str)> {
    text.split(", ")
        .filter_map(|entry| entry.split_once(' '))
        .collect()
}

fn fallback_outcome<'a>(responses: &[(&'a str, &'a str)]) -> &'a str {
    responses
        .iter()
        .find(|(status, _)| *status == "_")
        .map_or(UNEXPECTED, |(_, outcome)| *outcome)
}

impl ChangeReport {
    /// Returns the version bump the changes call for.
    pub fn bump(&self) -> Bump {
        if self.changes.iter().any(|change| change.breaking) {
            Bump::Major
        } else if self.changes.is_empty() {
            Bump::None
        } else {
            Bump::Minor
        }
    }

    /// Renders the report as Markdown, for a changelog or a pull request; `crate_name` names
    /// the crate in the title.
    pub fn to_markdown(&self, crate_name: &str) -> String {
        let mut text = format!("# API changes of {}\n\n", code_span(crate_name));
        text.push_str(&bump_sentence(self.bump()));
        for (title, breaking) in [("Breaking changes", true), ("Other changes", false)] {
            let lines: Vec<_> = self
                .changes
                .iter()
                .filter(|change| change.breaking == breaking)
                .collect();
            if lines.is_empty() {
                continue;
            }
            let _ = write!(text, "\n## {title}\n\n");
            for change in lines {
                let _ = writeln!(text, "- {}", describe(change, code_span));
            }
        }
        text
    }

    /// Renders the report as plain lines for a terminal, one change a line.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for change in &self.changes {
            let mark = if change.breaking {
                "breaking"
            } else {
                "compatible"
            };
            let _ = writeln!(text, "{mark:>10} {}", describe(change, str::to_owned));
        }
        let bump = bump_sentence(self.bump());
        text.push_str(&bump.replace("**", "").replace('`', ""));
        text
    }
}

fn bump_sentence(bump: Bump) -> String {
    match bump {
        Bump::None => String::from(
            "The public API is unchanged, so other changes need at most a patch release.\n",
        ),
        Bump::Minor => String::from(
            "Suggested version bump: **minor**, because every change is backward compatible.\n",
        ),
        Bump::Major => String::from(
            "Suggested version bump: **major**, because some changes break users of the crate \
             (for a `0.x` version, bump the minor number).\n",
        ),
    }
}

/// Describes one change on a line, with each path and signature written by `quote`: in a
/// code span for Markdown, as it is for a terminal.
fn describe(change: &ApiChange, quote: fn(&str) -> String) -> String {
    let ApiChange { kind, path, .. } = change;
    let subject = format!("{} {}", kind.label(), quote(path));
    match &change.change {
        Change::Added(signature) => format!("added {subject}: {}", quote(signature)),
        Change::Removed(signature) => format!("removed {subject}: {}", quote(signature)),
        Change::Renamed {
            from,
            before,
            after,
        } => format!(
            "renamed {} {} to {}: {} became {}",
            kind.label(),
            quote(from),
            quote(path),
            quote(before),
            quote(after)
        ),
        Change::Changed { before, after } if change.kind == ItemKind::Responses => {
            format!("changed {subject}: {}", status_moves(before, after, quote))
        }
        Change::Changed { before, after } => {
            format!(
                "changed {subject}: {} became {}",
                quote(before),
                quote(after)
            )
        }
    }
}

/// Lists which statuses moved from one outcome to another, grouped by move.
fn status_moves(before: &str, after: &str, quote: fn(&str) -> String) -> String {
    let (old, new) = (parse_responses(before), parse_responses(after));
    let statuses = explicit_statuses(&old, &new);
    let mut moves: Vec<((String, String), Vec<&str>)> = Vec::new();
    for status in statuses {
        let was = lookup(&old, status);
        let now = lookup(&new, status);
        if was == now {
            continue;
        }
        let key = (was.to_owned(), now.to_owned());
        match moves.iter_mut().find(|(existing, _)| *existing == key) {
            Some((_, list)) => list.push(status),
            None => moves.push((key, vec![status])),
        }
    }
    moves
        .iter()
        .map(|((was, now), list)| {
            format!("{} from {} to {}", list.join(", "), quote(was), quote(now))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn lookup<'a>(responses: &[(&'a str, &'a str)], status: &str) -> &'a str {
    responses
        .iter()
        .find(|(other, _)| *other == status)
        .map_or_else(|| fallback_outcome(responses), |(_, outcome)| *outcome)
}
