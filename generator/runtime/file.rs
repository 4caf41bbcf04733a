//! The file type of multipart request bodies.

use bytes::Bytes;

/// A file sent as one part of a `multipart/form-data` body: its bytes, and the file name and
/// media type that the part's headers carry.
///
/// Without a file name, the part's `filename` is the property's name. Without a media type,
/// the part has the `contentType` that the spec's `encoding` declares for the property, else
/// `application/octet-stream`.
///
/// A file that is a property of the body itself becomes a file part, and so does each file of an
/// array that is such a property. In a JSON body, and inside a map, a nested object or an array
/// of arrays of a multipart body, the file is sent as a string of its bytes, and bytes that are
/// not UTF-8 fail the call with [`Error::Encode`](crate::Error::Encode).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// Contents of the file.
    pub bytes: Bytes,
    /// The `filename` of the part's `Content-Disposition` header.
    pub file_name: Option<String>,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// Creates a file part of `bytes`, with no file name or media type.
    pub fn new(bytes: impl Into<Bytes>) -> FilePart {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> FilePart {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the media type of the part, such as `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> FilePart {
        self.content_type = Some(content_type.into());
        self
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> FilePart {
        FilePart::new(bytes)
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> FilePart {
        FilePart::new(bytes)
    }
}

thread_local! {
    /// The addresses of the files that the multipart body being serialized on this thread
    /// sends as parts of their own.
    static OWN_PARTS: std::cell::RefCell<Vec<*const FilePart>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `serialize` with `files` marked as sent in parts of their own, so that they serialize
/// as `null` in place of their bytes, which the multipart body then leaves out.
pub(crate) fn with_own_parts<R>(files: &[&FilePart], serialize: impl FnOnce() -> R) -> R {
    /// Clears the marks when `serialize` returns or unwinds.
    struct Clear;

    impl Drop for Clear {
        fn drop(&mut self) {
            OWN_PARTS.with(|parts| parts.borrow_mut().clear());
        }
    }

    OWN_PARTS.with(|parts| {
        let mut parts = parts.borrow_mut();
        parts.clear();
        parts.extend(
            files
                .iter()
                .map(|file| std::ptr::from_ref::<FilePart>(file)),
        );
    });
    let _clear = Clear;
    serialize()
}

impl serde::Serialize for FilePart {
    /// Serializes the file as a string of its bytes, for a JSON body or a nested value of a
    /// multipart body. Bytes that are not UTF-8 fail, because a string cannot carry them.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let address = std::ptr::from_ref(self);
        if OWN_PARTS.with(|parts| parts.borrow().contains(&address)) {
            return serializer.serialize_unit();
        }
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(error) => Err(serde::ser::Error::custom(format_args!(
                "the file's bytes are not UTF-8 ({error}), so they cannot be sent as a string; \
                 send the file as a multipart part or a binary body, or declare the property \
                 with `format: byte` to send it as base64"
            ))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FilePart, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(FilePart::new(text.into_bytes()))
    }
}
