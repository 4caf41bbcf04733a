//! Response bodies and URLs as error messages, `Debug` output and logs show them: bodies
//! bounded, with control characters escaped, and URLs without their credentials.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::borrow::Cow;
use std::fmt;

/// Maximum number of body bytes that an error's `Display` output shows.
pub(crate) const BODY_EXCERPT_BYTES: usize = 512;

/// A response body as an error's `Display` output shows it.
///
/// It shows at most the first [`BODY_EXCERPT_BYTES`] bytes, cut on a character boundary, with
/// invalid UTF-8 replaced by U+FFFD. Control characters and the Unicode characters that reorder
/// text (such as U+202E) are escaped, so a body cannot end a log line, move the cursor or
/// change colours. A longer body ends with `…` and its total length.
pub(crate) struct BodyExcerpt<'a>(pub(crate) &'a [u8]);

impl fmt::Display for BodyExcerpt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.0;
        if body.is_empty() {
            return f.write_str("(empty body)");
        }
        let end = excerpt_end(body);
        for character in String::from_utf8_lossy(&body[..end]).chars() {
            if character.is_control() || is_bidi_control(character) {
                write!(f, "{}", character.escape_default())?;
            } else {
                write!(f, "{character}")?;
            }
        }
        if end < body.len() {
            write!(f, "… ({} bytes in total)", body.len())?;
        }
        Ok(())
    }
}

/// Returns where the excerpt of `body` ends: at [`BODY_EXCERPT_BYTES`], moved back to the start
/// of a UTF-8 sequence so that no character is cut in two.
fn excerpt_end(body: &[u8]) -> usize {
    if body.len() <= BODY_EXCERPT_BYTES {
        return body.len();
    }
    let mut end = BODY_EXCERPT_BYTES;
    // A UTF-8 character is at most 4 bytes, so at most 3 continuation bytes precede its end.
    for _ in 0..3 {
        if body[end] & 0b1100_0000 != 0b1000_0000 {
            break;
        }
        end -= 1;
    }
    end
}

/// Tells whether `character` changes the direction of the text around it (Unicode bidirectional
/// formatting characters), which can make a log line read differently from its bytes.
fn is_bidi_control(character: char) -> bool {
    matches!(
        character,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Returns `url` with the user name and password, if any, replaced by `[REDACTED]`.
///
/// It works on the text first, so that it also hides the credentials of a URL that does not
/// parse: the userinfo is whatever comes before the last `@` between `://` and the next `/`,
/// `\`, `?` or `#`. The `url` crate also reads a user name from some URLs without `://`, such
/// as `http:user:pw@host` or one with backslashes or tabs, so those are redacted from their
/// parsed form. A URL that does not parse at all has everything between its scheme and its
/// last `@` hidden.
pub(crate) fn redact_userinfo(url: &str) -> Cow<'_, str> {
    if let Some(scheme_end) = url.find("://") {
        let authority_start = scheme_end + "://".len();
        let rest = &url[authority_start..];
        let authority_end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
        if let Some(at) = rest[..authority_end].rfind('@') {
            return Cow::Owned(format!(
                "{}[REDACTED]{}",
                &url[..authority_start],
                &rest[at..]
            ));
        }
    }
    match url::Url::parse(url) {
        Ok(parsed) if parsed.username().is_empty() && parsed.password().is_none() => {
            Cow::Borrowed(url)
        }
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            let text = parsed.to_string();
            match text.split_once("://") {
                Some((scheme, rest)) => Cow::Owned(format!("{scheme}://[REDACTED]@{rest}")),
                None => Cow::Owned(text),
            }
        }
        Err(_) => match (url.find(':'), url.rfind('@')) {
            (Some(colon), Some(at)) if colon < at => {
                Cow::Owned(format!("{}[REDACTED]{}", &url[..=colon], &url[at..]))
            }
            _ => Cow::Borrowed(url),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(body: &[u8]) -> String {
        BodyExcerpt(body).to_string()
    }

    #[test]
    fn short_body_is_shown_whole() {
        assert_eq!(shown(br#"{"error":"x"}"#), r#"{"error":"x"}"#);
        assert_eq!(shown(b""), "(empty body)");
    }

    #[test]
    fn long_body_is_cut_with_total_length() {
        let body = vec![b'a'; 200_000];
        let text = shown(&body);
        assert_eq!(
            text,
            format!("{}… (200000 bytes in total)", "a".repeat(512))
        );
    }

    #[test]
    fn cut_keeps_whole_characters() {
        // 511 ASCII bytes, then a 3-byte character across the limit.
        let mut body = vec![b'a'; 511];
        body.extend_from_slice("€€".as_bytes());
        let text = shown(&body);
        assert_eq!(text, format!("{}… (517 bytes in total)", "a".repeat(511)));
    }

    #[test]
    fn control_characters_are_escaped() {
        let text = shown("red \u{1b}[31mtext\r\nnext\u{202e}".as_bytes());
        assert_eq!(text, r"red \u{1b}[31mtext\r\nnext\u{202e}");
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(shown(b"a\xffb"), "a\u{fffd}b");
    }

    #[test]
    fn userinfo_is_redacted() {
        let cases = [
            (
                "http://user:pa55@127.0.0.1/api",
                "http://[REDACTED]@127.0.0.1/api",
            ),
            ("https://user@host", "https://[REDACTED]@host"),
            ("http://a@b:c@host/x@y", "http://[REDACTED]@host/x@y"),
            ("http://host/path@x?q=a@b", "http://host/path@x?q=a@b"),
            ("mailto:x@y", "mailto:x@y"),
            ("http://u:p@[bad", "http://[REDACTED]@[bad"),
            ("http:user:pw@host/a", "http://[REDACTED]@host/a"),
            ("http:/user:pw@host", "http://[REDACTED]@host/"),
            ("http:\\\\user:pw@host", "http://[REDACTED]@host/"),
            ("http:/\t/user:pw@host", "http://[REDACTED]@host/"),
            ("http:/user:pw@ho st", "http:[REDACTED]@ho st"),
        ];
        for (url, expected) in cases {
            assert_eq!(redact_userinfo(url), expected, "{url}");
        }
    }
}
