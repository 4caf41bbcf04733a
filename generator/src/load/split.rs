//! Parses a large YAML spec in pieces, on several threads.
//!
//! Parsing is the largest part of loading a spec of thousands of operations, and one thread
//! parses the whole text. A spec is a mapping whose big entries, `paths` and `components`, are
//! mappings too, so the text is cut at lines that start an entry of the root mapping or of one
//! of its block mappings. Each piece is parsed as a document of its own: a piece that starts in
//! the middle of `paths` is parsed under a copy of the `paths:` line. The pieces' mappings are
//! then joined in text order.
//!
//! A cut in the wrong place, such as inside a multi-line quoted string or a flow collection,
//! leaves a piece that does not parse. In that case, and when two pieces hold the same key, no
//! value is returned and the caller parses the whole text, which gives its own error with the
//! right line numbers. A text with an anchor is parsed whole from the start. serde_yaml bounds
//! the expansion of aliases per document, so pieces would allow a little more of it than the
//! whole text does. An alias to an anchor of another piece would not resolve either.

use serde_json::{Map, Value};

use super::yaml::JsonFromYaml;

/// Spec texts shorter than this are parsed whole, on one thread. The bound is an estimate: such
/// a text parses in tens of milliseconds, so cutting it gains little.
pub(super) const MIN_SPLIT_BYTES: usize = 1 << 20;

/// Maximum number of pieces a text is cut into, however many cores the machine has.
const MAX_PIECES: usize = 8;

/// The start of a piece of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cut<'a> {
    /// Byte offset of the first line of the piece.
    offset: usize,
    /// The line of the root mapping's key when the piece starts inside that key's block
    /// mapping, such as `paths:`.
    parent: Option<&'a str>,
}

/// Parses YAML `text` whose root is a block mapping, in up to `pieces` pieces on as many
/// threads. Returns `None` when the text gives no place to cut or a piece fails to parse or
/// join; the caller then parses the whole text.
pub(super) fn parse_in_pieces(text: &str, pieces: usize) -> Option<Value> {
    let pieces = pieces.min(MAX_PIECES);
    if pieces < 2 || has_anchor(text) {
        return None;
    }
    let candidates = candidate_cuts(text)?;
    let cuts = choose_cuts(&candidates, text.len(), pieces);
    if cuts.is_empty() {
        return None;
    }

    let mut starts = vec![Cut {
        offset: 0,
        parent: None,
    }];
    starts.extend(cuts);
    let parsed = parse_pieces(text, &starts)?;
    join_pieces(parsed).map(Value::Object)
}

/// Lists every line where a piece could start, in text order: each key of the root mapping
/// but the first, and each key of a root entry's block mapping but the first. Returns `None`
/// when the text has a directive, a second document or a complex key at the root, which the
/// cuts do not handle.
fn candidate_cuts(text: &str) -> Option<Vec<Cut<'_>>> {
    let mut cuts = Vec::new();
    let mut seen_root_key = false;
    // The root entry whose block mapping the next lines may belong to, and the indentation of
    // its first key once that is known.
    let mut parent: Option<&str> = None;
    let mut child_indent: Option<usize> = None;
    let mut seen_child = false;

    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }

        if indent == 0 {
            if rest.starts_with("---") && start == 0 {
                continue;
            }
            if rest.starts_with(['%', '?', '.', '\t']) || rest.starts_with("---") {
                return None;
            }
            // A sequence may sit at the indentation of the key it belongs to. At the root, it
            // would make the root a sequence.
            if rest.starts_with('-') {
                if !seen_root_key {
                    return None;
                }
                parent = None;
                continue;
            }
            if seen_root_key {
                cuts.push(Cut {
                    offset: start,
                    parent: None,
                });
            }
            seen_root_key = true;
            parent = is_block_mapping_key(rest).then_some(content);
            child_indent = None;
            seen_child = false;
            continue;
        }

        let Some(parent_line) = parent else { continue };
        match child_indent {
            None if rest.starts_with('-') => parent = None,
            None => {
                child_indent = Some(indent);
                seen_child = true;
            }
            // A sequence written at the indentation of its key does not start an entry.
            Some(expected) if indent == expected && !rest.starts_with('-') => {
                if seen_child {
                    cuts.push(Cut {
                        offset: start,
                        parent: Some(parent_line),
                    });
                }
                seen_child = true;
            }
            Some(_) => {}
        }
    }
    Some(cuts)
}

/// Tells whether `text` may define a YAML anchor: a `&` at the start of a line or after
/// whitespace, a flow indicator or `:`, followed by a character that is not whitespace. Text
/// such as `R&D` or `?a=1&b=2` does not count, and an anchor inside a quoted string does, which
/// only costs the parse its threads.
fn has_anchor(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('&').any(|(index, _)| {
        let before = index.checked_sub(1).map(|previous| bytes[previous]);
        let starts_node = before
            .is_none_or(|previous| previous.is_ascii_whitespace() || b"[{,:?-".contains(&previous));
        let named = bytes
            .get(index + 1)
            .is_some_and(|next| !next.is_ascii_whitespace());
        starts_node && named
    })
}

/// Tells whether a root line is a plain key whose value starts on the next line, such as
/// `paths:`, so that the lines below it can be parsed under a copy of it.
fn is_block_mapping_key(line: &str) -> bool {
    let Some(key) = line.trim_end().strip_suffix(':') else {
        return false;
    };
    let special = |c: char| "#:\"'{}[]&*!|>%@`,".contains(c);
    !key.is_empty() && !key.contains(special)
}

/// Picks up to `pieces - 1` cuts from `candidates`, each the nearest to an equal share of the
/// text.
fn choose_cuts<'a>(candidates: &[Cut<'a>], length: usize, pieces: usize) -> Vec<Cut<'a>> {
    let mut chosen: Vec<Cut<'a>> = Vec::with_capacity(pieces - 1);
    for share in 1..pieces {
        let target = length / pieces * share;
        let after = candidates.partition_point(|cut| cut.offset < target);
        let nearest = [after.checked_sub(1), Some(after)]
            .into_iter()
            .flatten()
            .filter_map(|index| candidates.get(index))
            .min_by_key(|cut| cut.offset.abs_diff(target));
        if let Some(cut) = nearest {
            let later = chosen.last().is_none_or(|last| cut.offset > last.offset);
            if later {
                chosen.push(*cut);
            }
        }
    }
    chosen
}

/// Parses each piece, the first on this thread and the others on threads of their own.
/// Returns `None` when a piece fails to parse or is not a mapping.
fn parse_pieces<'a>(
    text: &'a str,
    starts: &[Cut<'a>],
) -> Option<Vec<(Cut<'a>, Map<String, Value>)>> {
    let ends = starts
        .iter()
        .skip(1)
        .map(|cut| cut.offset)
        .chain([text.len()]);
    let pieces: Vec<(Cut<'a>, &'a str)> = starts
        .iter()
        .zip(ends)
        .map(|(cut, end)| (*cut, &text[cut.offset..end]))
        .collect();

    let results: Vec<Option<Map<String, Value>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces[1..]
            .iter()
            .map(|(cut, piece)| {
                std::thread::Builder::new()
                    .name("spec-parser".to_owned())
                    .stack_size(crate::GENERATION_STACK_BYTES)
                    .spawn_scoped(scope, move || parse_piece(*cut, piece))
            })
            .collect();
        let mut results = vec![parse_piece(pieces[0].0, pieces[0].1)];
        for (handle, (cut, piece)) in handles.into_iter().zip(&pieces[1..]) {
            // A thread that cannot start leaves its piece to this one.
            let result = match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => parse_piece(*cut, piece),
            };
            results.push(result);
        }
        results
    });

    pieces
        .into_iter()
        .zip(results)
        .map(|((cut, _), result)| result.map(|map| (cut, map)))
        .collect()
}

/// Parses one piece as a document of its own, under its parent's line when it has one.
fn parse_piece(cut: Cut<'_>, piece: &str) -> Option<Map<String, Value>> {
    let parsed = match cut.parent {
        Some(parent) => serde_yaml::from_str::<JsonFromYaml>(&format!("{parent}\n{piece}")),
        None => serde_yaml::from_str::<JsonFromYaml>(piece),
    };
    match parsed {
        Ok(JsonFromYaml(Value::Object(map))) => Some(map),
        _ => None,
    }
}

/// Joins the pieces' mappings in text order. A piece that starts inside a root entry adds its
/// first entry's keys to that entry. Returns `None` when a key repeats, which the whole parse
/// then reports as a duplicate.
fn join_pieces(pieces: Vec<(Cut<'_>, Map<String, Value>)>) -> Option<Map<String, Value>> {
    let mut root = Map::new();
    for (cut, map) in pieces {
        let mut entries = map.into_iter();
        if cut.parent.is_some() {
            let (key, value) = entries.next()?;
            let (last_key, last_value) = root.iter_mut().next_back()?;
            let (Value::Object(children), Value::Object(more)) = (last_value, value) else {
                return None;
            };
            if *last_key != key {
                return None;
            }
            for (child, value) in more {
                if children.insert(child, value).is_some() {
                    return None;
                }
            }
        }
        for (key, value) in entries {
            if root.insert(key, value).is_some() {
                return None;
            }
        }
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::load::files_with_extensions;

    fn parse_whole(text: &str) -> Value {
        serde_yaml::from_str::<JsonFromYaml>(text)
            .expect("the whole text parses")
            .0
    }

    /// Asserts that cutting `text` into each count of `pieces` either gives the value of the
    /// whole parse, with the same key order, or gives up. Returns how many counts gave a value.
    fn assert_pieces_match(name: &str, text: &str, pieces: &[usize]) -> usize {
        let whole = parse_whole(text);
        let mut matched = 0;
        for &pieces in pieces {
            if let Some(value) = parse_in_pieces(text, pieces) {
                let expected = serde_json::to_string(&whole).expect("serializes");
                let actual = serde_json::to_string(&value).expect("serializes");
                assert!(actual == expected, "{name} in {pieces} pieces differs");
                matched += 1;
            }
        }
        matched
    }

    /// Every count of pieces that a text can be cut into.
    const ALL_COUNTS: [usize; MAX_PIECES - 1] = [2, 3, 4, 5, 6, 7, 8];

    const SPEC: &str = "\
openapi: 3.0.3
info:
  title: Pieces
  version: '1'
paths:
  /a:
    get:
      description: |
        Text that
        spans lines.
      responses:
        '200':
          description: ok
  /b:
    get:
      responses:
        '200':
          description: ok
  # a comment between keys
  /c:
    get:
      responses:
        '200':
          description: ok
components:
  schemas:
    A:
      type: string
tags:
- name: first
- name: second
";

    #[test]
    fn pieces_match_whole_parse() {
        let matched = assert_pieces_match("SPEC", SPEC, &ALL_COUNTS);
        assert_eq!(matched, MAX_PIECES - 1);
    }

    #[test]
    fn paths_split_under_their_key() {
        let candidates = candidate_cuts(SPEC).expect("the text cuts");
        let parents: Vec<Option<&str>> = candidates.iter().map(|cut| cut.parent).collect();
        let expected = [
            None,
            Some("info:"),
            None,
            Some("paths:"),
            Some("paths:"),
            None,
            None,
        ];
        assert_eq!(parents, expected);
    }

    #[test]
    fn anchor_in_other_piece_gives_up() {
        let text = "a:\n  x: &shared\n    k: 1\nb:\n  y: *shared\n";
        assert_eq!(parse_in_pieces(text, 2), None);
        assert_eq!(assert_pieces_match("aliases", text, &ALL_COUNTS), 0);
    }

    #[test]
    fn anchors_are_found() {
        let anchored = [
            "a: &x 1",
            "a:\n  - &x 1",
            "a: [&x 1]",
            "&x a: 1",
            "a: {b: &x 1}",
        ];
        for text in anchored {
            assert!(has_anchor(text), "{text:?}");
        }
        let plain = ["a: R&D", "a: https://h/?a=1&b=2", "a: this & that", "a: &"];
        for text in plain {
            assert!(!has_anchor(text), "{text:?}");
        }
    }

    #[test]
    fn repeated_root_key_gives_up() {
        let text = "a:\n  x: 1\nb: 2\na:\n  y: 3\n";
        assert_eq!(parse_in_pieces(text, 3), None);
    }

    #[test]
    fn repeated_child_key_gives_up() {
        let text = "paths:\n  /a: 1\n  /b: 2\n  /a: 3\n";
        assert_eq!(parse_in_pieces(text, 3), None);
    }

    #[test]
    fn second_document_gives_up() {
        let text = "a: 1\nb: 2\n---\nc: 3\n";
        assert_eq!(candidate_cuts(text), None);
    }

    #[test]
    fn leading_document_marker_is_kept() {
        let text = "---\na: 1\nb:\n  c: 2\n  d: 3\n";
        assert_eq!(
            assert_pieces_match("marker", text, &ALL_COUNTS),
            MAX_PIECES - 1
        );
    }

    #[test]
    fn flow_collection_over_lines_gives_up() {
        let text = "a: [1,\n2]\nb: {x: 1,\n  y: 2}\nc: 3\n";
        assert_eq!(parse_in_pieces(text, 4), None);
    }

    #[test]
    fn quoted_string_over_lines_gives_up() {
        let text = "a:\n  x: \"first\n  y: second\"\n  z: 1\nb: 2\n";
        let whole = parse_whole(text);
        assert_eq!(whole["a"]["x"], "first y: second");
        assert_eq!(parse_in_pieces(text, 2), None);
        assert_pieces_match("quoted", text, &ALL_COUNTS);
    }

    #[test]
    fn sequence_beside_child_key_is_not_cut() {
        let text = "a:\n  x:\n  - 1\n  - 2\n  y: 3\nb: 4\n";
        let candidates = candidate_cuts(text).expect("the text cuts");
        let offsets: Vec<usize> = candidates.iter().map(|cut| cut.offset).collect();
        let y = text.find("  y").expect("the key y");
        let b = text.find("b:").expect("the key b");
        assert_eq!(offsets, [y, b]);
        assert_pieces_match("sequence", text, &ALL_COUNTS);
    }

    #[test]
    fn sequence_under_root_key_is_not_cut() {
        let text = "a:\n  - x: 1\n  - y: 2\nb: 3\n";
        let candidates = candidate_cuts(text).expect("the text cuts");
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].parent, None);
    }

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    #[test]
    fn fixtures_in_pieces_match_whole_parse() {
        let mut matched = 0;
        for path in files_with_extensions(&workspace().join("tests/fixtures"), &["yaml", "yml"]) {
            let text = std::fs::read_to_string(&path).expect("the fixture reads");
            if serde_yaml::from_str::<JsonFromYaml>(&text).is_ok() {
                matched += assert_pieces_match(&path.display().to_string(), &text, &ALL_COUNTS);
            }
        }
        assert!(matched > 0, "no fixture was cut");
    }

    #[test]
    fn shared_specs_in_pieces_match_whole_parse() {
        let shared = workspace().join("../shared");
        if !shared.is_dir() {
            eprintln!("skipped: ../shared is absent");
            return;
        }
        let mut files = files_with_extensions(&shared.join("specs"), &["yaml", "yml"]);
        files.extend(files_with_extensions(
            &shared.join("cases"),
            &["yaml", "yml"],
        ));
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if serde_yaml::from_str::<JsonFromYaml>(&text).is_ok() {
                assert_pieces_match(&path.display().to_string(), &text, &[2, 5]);
            }
        }
    }
}
