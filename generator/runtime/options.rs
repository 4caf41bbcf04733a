//! Settings of the client and of one call: retries, timeout and hooks.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::retry::{Retries, RetryConfig};

/// The error type a hook returns; the call then fails with [`Error::Hook`](crate::Error::Hook).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A hook that may change each request before it is sent.
pub(crate) type BeforeSend =
    Arc<dyn Fn(&mut reqwest::Request) -> Result<(), BoxError> + Send + Sync>;

/// A hook that reads each response's status and headers before its body is read.
pub(crate) type AfterReceive =
    Arc<dyn Fn(&reqwest::Response) -> Result<(), BoxError> + Send + Sync>;

/// Settings for one call, which take precedence over the client's.
///
/// Pass it to the request's `options` setter. Settings left unset here come from the client.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallOptions {
    retries: Option<Retries>,
    timeout: Option<Duration>,
}

impl CallOptions {
    /// Creates options that change nothing.
    pub fn new() -> CallOptions {
        CallOptions::default()
    }

    /// Retries this call as `config` sets, in place of the client's retry configuration.
    ///
    /// For an operation whose method is not idempotent, such as `POST`, this is how a call
    /// opts in: pass a configuration with
    /// [`retry_non_idempotent(true)`](RetryConfig::retry_non_idempotent).
    pub fn retries(mut self, config: RetryConfig) -> CallOptions {
        self.retries = Some(Retries::Backoff(config));
        self
    }

    /// Sends this call's request once, whatever the client's retry configuration.
    pub fn no_retries(mut self) -> CallOptions {
        self.retries = Some(Retries::Off);
        self
    }

    /// Sets the time limit of each attempt of this call, in place of the client's.
    ///
    /// An attempt runs from sending the request to reading the last byte of the response
    /// body. When the call fetches an OAuth 2.0 access token first, the attempt starts with
    /// the token request. One that takes longer is cancelled and fails with
    /// [`Error::Timeout`](crate::Error::Timeout), unless the retry configuration retries it.
    pub fn timeout(mut self, timeout: Duration) -> CallOptions {
        self.timeout = Some(timeout);
        self
    }
}

/// The client's retry configuration, timeout, hooks and maximum body size, which every call
/// starts from.
#[derive(Clone)]
pub(crate) struct ClientOptions {
    pub(crate) retries: Retries,
    pub(crate) timeout: Option<Duration>,
    pub(crate) before_send: Option<BeforeSend>,
    pub(crate) after_receive: Option<AfterReceive>,
    /// Maximum size of a response body in bytes.
    pub(crate) max_body_size: u64,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            retries: Retries::default(),
            timeout: None,
            before_send: None,
            after_receive: None,
            max_body_size: crate::body::DEFAULT_MAX_BODY_SIZE,
        }
    }
}

impl ClientOptions {
    /// Returns these options with the settings of `call` in place of the client's.
    pub(crate) fn for_call(&self, call: &CallOptions) -> ClientOptions {
        ClientOptions {
            retries: call.retries.clone().unwrap_or_else(|| self.retries.clone()),
            timeout: call.timeout.or(self.timeout),
            before_send: self.before_send.clone(),
            after_receive: self.after_receive.clone(),
            max_body_size: self.max_body_size,
        }
    }
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hook = |hook: bool| if hook { "set" } else { "none" };
        f.debug_struct("ClientOptions")
            .field("retries", &self.retries)
            .field("timeout", &self.timeout)
            .field("before_send", &hook(self.before_send.is_some()))
            .field("after_receive", &hook(self.after_receive.is_some()))
            .field("max_body_size", &self.max_body_size)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_options_override_client() {
        let client = ClientOptions {
            timeout: Some(Duration::from_secs(30)),
            ..ClientOptions::default()
        };
        let call = CallOptions::new()
            .no_retries()
            .timeout(Duration::from_secs(2));
        let merged = client.for_call(&call);
        assert_eq!(merged.retries, Retries::Off);
        assert_eq!(merged.timeout, Some(Duration::from_secs(2)));
    }

    #[test]
    fn empty_call_options_keep_client() {
        let config = RetryConfig::new().max_elapsed_time(Duration::from_secs(5));
        let client = ClientOptions {
            retries: Retries::Backoff(config.clone()),
            timeout: Some(Duration::from_secs(30)),
            ..ClientOptions::default()
        };
        let merged = client.for_call(&CallOptions::new());
        assert_eq!(merged.retries, Retries::Backoff(config));
        assert_eq!(merged.timeout, Some(Duration::from_secs(30)));
    }
}
