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
/// of arrays of a multipart body, the file is sent as a string of its bytes, with invalid UTF-8
/// replaced by U+FFFD.
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

impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FilePart, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(FilePart::new(text.into_bytes()))
    }
}
