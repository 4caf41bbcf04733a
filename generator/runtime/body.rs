//! Reading a response body within the client's maximum size.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use bytes::{Bytes, BytesMut};

use crate::error::Error;

/// Default maximum size of a response body, 64 MiB.
pub(crate) const DEFAULT_MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// Reads the whole body of `response`, which may be at most `max_size` bytes.
///
/// # Errors
///
/// Returns [`Error::BodyTooLarge`] when the declared `Content-Length` or the bytes received
/// pass `max_size`, without reading the rest. Returns [`Error::IncompleteBody`] when the
/// connection fails before the body ends, and [`Error::Transport`] for the other read errors,
/// such as a timeout of the `reqwest::Client`.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    max_size: u64,
) -> Result<Bytes, Error> {
    let status = response.status();
    let declared = response.content_length();
    let too_large = || Error::BodyTooLarge {
        status,
        max_size,
        content_length: declared,
    };
    if declared.is_some_and(|length| length > max_size) {
        return Err(too_large());
    }

    // Most bodies arrive in one chunk, which is returned without a copy.
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut received: u64 = 0;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let length = u64::try_from(chunk.len()).unwrap_or(u64::MAX);
                received = received.saturating_add(length);
                if received > max_size {
                    return Err(too_large());
                }
                chunks.push(chunk);
            }
            Ok(None) => break,
            Err(source) if is_cut_short(&source) => {
                return Err(Error::IncompleteBody {
                    status,
                    received,
                    content_length: declared,
                    source: crate::error::without_credentials(source),
                });
            }
            Err(source) => return Err(source.into()),
        }
    }

    if chunks.len() == 1 {
        return Ok(chunks.swap_remove(0));
    }
    let mut body = BytesMut::with_capacity(chunks.iter().map(Bytes::len).sum());
    for chunk in &chunks {
        body.extend_from_slice(chunk);
    }
    Ok(body.freeze())
}

/// Tells whether reading the body failed because the connection ended or broke, as opposed to a
/// timeout or an invalid compressed body. Depending on its features, reqwest reports an early
/// end as a body error or as a decode error whose cause is an I/O error, so both are checked.
fn is_cut_short(error: &reqwest::Error) -> bool {
    use std::io::ErrorKind;

    if error.is_timeout() {
        return false;
    }
    if error.is_body() {
        return true;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            let kind = io.kind();
            return matches!(
                kind,
                ErrorKind::UnexpectedEof
                    | ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
            );
        }
        cause = current.source();
    }
    false
}
