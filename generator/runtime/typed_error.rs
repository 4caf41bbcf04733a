//! Decoding of error responses into the `ErrorBody` enum.

// Every SDK gets this whole file, and a spec may declare no error body.
#![allow(dead_code)]

use serde::de::DeserializeOwned;

use crate::error::{Error, ResponseContent};
use crate::runtime::Received;
use crate::ErrorBody;

impl Received {
    /// Turns the response into [`Error::Api`] with its body decoded as `T` and wrapped in
    /// `variant`. A body that does not decode leaves `error_body` unset, and the status,
    /// headers and raw body stay in the error either way.
    pub(crate) fn into_typed_api_error<T: DeserializeOwned>(
        self,
        variant: fn(T) -> ErrorBody,
    ) -> Error {
        let text = crate::runtime::json_text(&self.body);
        let error_body = serde_json::from_slice(text).ok().map(variant);
        Error::Api(Box::new(ResponseContent {
            status: self.status,
            headers: self.headers,
            body: self.body,
            error_body,
        }))
    }
}
