//! Retries with exponential backoff and jitter, and the `Retry-After` header.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::Method;

/// How a call retries a failed attempt: exponential backoff with jitter.
///
/// An attempt is retried when no response arrived (the connection was refused, reset or
/// closed, or the attempt timed out) or when the response's status is one of the retry
/// statuses. A response that is not valid HTTP, such as a garbled status line or header, is
/// final, like a response whose body cannot be read or decoded. Only requests with an
/// idempotent method (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and `TRACE`) are retried,
/// unless [`retry_non_idempotent`](Self::retry_non_idempotent) is on. The OAuth 2.0 token
/// request that a call with client credentials may send first is retried whatever the
/// operation's method, because the operation's request has not been sent yet. Its attempts
/// count toward the call's.
///
/// Before retry `n` (1 for the first), the call waits a random time between half and all of
/// `initial_interval * exponent^(n - 1)`, capped at `max_interval`. A `Retry-After` header on
/// the response, in seconds or as an HTTP date, lengthens the wait to the time it requests,
/// again capped at `max_interval`. It never shortens the wait, so `Retry-After: 0` or a date
/// in the past still leaves the backoff between two attempts. No retry starts when its wait
/// would end more than `max_elapsed_time` after the first attempt started. The call then
/// returns the outcome of the last attempt.
///
/// The defaults are an initial interval of 500 ms, a maximum interval of 10 s, an exponent of
/// 1.5 and a maximum elapsed time of 30 s. The statuses retried are 429, 500, 502, 503 and 504,
/// unless the SDK was generated with others. They keep a call to a server that is down
/// within half a minute; raise `max_elapsed_time` for batch work that can wait. Because each
/// wait is at least half the backoff, the defaults allow at most 11 retries, 12 attempts in
/// all, whatever the server responds. An `initial_interval` of zero removes the wait, and then
/// only `max_elapsed_time` and the time each attempt takes limit the number of attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryConfig {
    initial_interval: Duration,
    max_interval: Duration,
    exponent: f64,
    max_elapsed_time: Duration,
    statuses: Vec<u16>,
    connection_errors: bool,
    non_idempotent: bool,
}

impl Default for RetryConfig {
    fn default() -> RetryConfig {
        RetryConfig {
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(10),
            exponent: 1.5,
            max_elapsed_time: Duration::from_secs(30),
            statuses: crate::client::DEFAULT_RETRY_STATUSES.to_vec(),
            connection_errors: true,
            non_idempotent: false,
        }
    }
}

impl RetryConfig {
    /// Creates the default configuration.
    pub fn new() -> RetryConfig {
        RetryConfig::default()
    }

    /// Sets the wait before the first retry, before jitter. Default: 500 ms.
    pub fn initial_interval(mut self, interval: Duration) -> RetryConfig {
        self.initial_interval = interval;
        self
    }

    /// Sets the maximum wait between two attempts, also when `Retry-After` requests a longer one.
    /// Default: 10 s.
    pub fn max_interval(mut self, interval: Duration) -> RetryConfig {
        self.max_interval = interval;
        self
    }

    /// Sets the factor by which the wait grows after each retry. Values below 1.0, and NaN,
    /// count as 1.0. Default: 1.5.
    pub fn exponent(mut self, exponent: f64) -> RetryConfig {
        self.exponent = if exponent >= 1.0 { exponent } else { 1.0 };
        self
    }

    /// Sets the time after the first attempt's start past which no retry starts. Default:
    /// 30 s.
    pub fn max_elapsed_time(mut self, time: Duration) -> RetryConfig {
        self.max_elapsed_time = time;
        self
    }

    /// Sets the response statuses that are retried. Default: 429, 500, 502, 503 and 504,
    /// unless the SDK was generated with others.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> RetryConfig {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Sets whether an attempt that got no response is retried: a refused, reset or closed
    /// connection, or a timeout. Default: `true`.
    pub fn retry_connection_errors(mut self, retry: bool) -> RetryConfig {
        self.connection_errors = retry;
        self
    }

    /// Sets whether requests with a method that is not idempotent, such as `POST` or `PATCH`,
    /// are retried too. Turn it on only for operations that are safe to repeat, because the
    /// server may have acted on an attempt whose response was lost. Default: `false`.
    pub fn retry_non_idempotent(mut self, retry: bool) -> RetryConfig {
        self.non_idempotent = retry;
        self
    }

    /// Tells whether requests with `method` may be retried.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.non_idempotent || is_idempotent(method)
    }

    /// Tells whether a response with `status` is retried.
    pub(crate) fn retries_status(&self, status: u16) -> bool {
        self.statuses.contains(&status)
    }

    /// Tells whether an attempt that got no response is retried.
    pub(crate) fn retries_connection_errors(&self) -> bool {
        self.connection_errors
    }

    /// Returns the wait before retry `retry` (1 for the first), or `None` when that retry would
    /// start later than the maximum elapsed time allows.
    ///
    /// `server_wait` is the response's `Retry-After`, which may lengthen the backoff but not
    /// shorten it, so that a server cannot make the client retry without a pause. `elapsed`
    /// is the time since the first attempt started, and `random` a number in `[0, 1)` for
    /// jitter.
    pub(crate) fn wait(
        &self,
        retry: u32,
        server_wait: Option<Duration>,
        elapsed: Duration,
        random: f64,
    ) -> Option<Duration> {
        let base = self.backoff(retry);
        let factor = 0.5 + 0.5 * random.clamp(0.0, 1.0);
        let backoff = Duration::try_from_secs_f64(base.as_secs_f64() * factor).unwrap_or(base);
        let wait = match server_wait {
            Some(server_wait) => backoff.max(server_wait.min(self.max_interval)),
            None => backoff,
        };
        let ends = elapsed.checked_add(wait)?;
        (ends <= self.max_elapsed_time).then_some(wait)
    }

    /// Returns `initial_interval * exponent^(retry - 1)`, capped at `max_interval`.
    fn backoff(&self, retry: u32) -> Duration {
        let power = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let seconds = self.initial_interval.as_secs_f64() * self.exponent.powi(power);
        // An overflowing or infinite product is past any maximum.
        match Duration::try_from_secs_f64(seconds) {
            Ok(interval) => interval.min(self.max_interval),
            Err(_) => self.max_interval,
        }
    }
}

/// Whether a client or a call retries, and how.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Retries {
    /// Every call sends one request.
    Off,
    /// Failed attempts are retried as the configuration sets.
    Backoff(RetryConfig),
}

impl Default for Retries {
    fn default() -> Retries {
        Retries::Backoff(RetryConfig::default())
    }
}

/// Tells whether `method` is idempotent (RFC 9110, section 9.2.2), so that sending it again
/// has the effect of sending it once.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Reads `Retry-After` (RFC 9110, section 10.2.3): a number of seconds, or an HTTP date that
/// becomes the time from `now` until then (zero for a date in the past). Returns `None` when
/// the header is absent or does not parse.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // A number of seconds too large for `u64` requests the longest wait there is. The caller
    // caps it at its maximum interval.
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::MAX);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn config() -> RetryConfig {
        RetryConfig::new()
            .initial_interval(Duration::from_millis(100))
            .max_interval(Duration::from_secs(1))
            .exponent(2.0)
            .max_elapsed_time(Duration::from_secs(10))
    }

    #[test]
    fn retry_after_beyond_u64_is_longest_wait() {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("99999999999999999999999"),
        );
        assert_eq!(
            retry_after(&headers, SystemTime::now()),
            Some(Duration::MAX)
        );
    }

    #[test]
    fn backoff_grows_and_caps() {
        let config = config();
        let waits: Vec<_> = (1..=6).map(|retry| config.backoff(retry)).collect();
        let millis: Vec<u128> = waits.iter().map(Duration::as_millis).collect();
        assert_eq!(millis, [100, 200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn backoff_survives_huge_exponent() {
        let config = config().exponent(1e300);
        assert_eq!(config.backoff(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn jitter_stays_in_upper_half() {
        let config = config();
        let low = config.wait(3, None, Duration::ZERO, 0.0);
        let high = config.wait(3, None, Duration::ZERO, 0.999_999);
        assert_eq!(low, Some(Duration::from_millis(200)));
        assert!(high.is_some_and(|wait| wait <= Duration::from_millis(400)));
        assert!(high.is_some_and(|wait| wait > Duration::from_millis(399)));
    }

    #[test]
    fn server_wait_is_capped() {
        let config = config();
        let wait = config.wait(1, Some(Duration::from_secs(30)), Duration::ZERO, 0.5);
        assert_eq!(wait, Some(Duration::from_secs(1)));
    }

    #[test]
    fn server_wait_below_backoff_keeps_backoff() {
        let config = config();
        for server_wait in [Duration::ZERO, Duration::from_millis(150)] {
            let wait = config.wait(3, Some(server_wait), Duration::ZERO, 0.0);
            assert_eq!(wait, Some(Duration::from_millis(200)), "{server_wait:?}");
        }
    }

    #[test]
    fn server_wait_above_backoff_is_kept() {
        let config = config();
        let wait = config.wait(1, Some(Duration::from_millis(700)), Duration::ZERO, 0.999);
        assert_eq!(wait, Some(Duration::from_millis(700)));
    }

    #[test]
    fn default_config_allows_twelve_attempts() {
        // The shortest waits: jitter at its minimum and a `Retry-After: 0` on every response.
        let config = RetryConfig::default();
        let mut elapsed = Duration::ZERO;
        let mut retries = 0;
        while let Some(wait) = config.wait(retries + 1, Some(Duration::ZERO), elapsed, 0.0) {
            elapsed += wait;
            retries += 1;
        }
        assert_eq!(retries, 11);
    }

    #[test]
    fn wait_past_max_elapsed_stops() {
        let config = config();
        let elapsed = Duration::from_millis(9_960);
        assert_eq!(
            config.wait(1, Some(Duration::from_secs(1)), elapsed, 0.5),
            None
        );
        assert_eq!(config.wait(1, None, elapsed, 0.0), None);
    }

    #[test]
    fn exponent_below_one_counts_as_one() {
        assert_eq!(config().exponent(0.5).exponent, 1.0);
        assert_eq!(config().exponent(f64::NAN).exponent, 1.0);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));

        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(90)));

        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&earlier).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));

        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn only_idempotent_methods_retry_by_default() {
        let config = RetryConfig::new();
        assert!(config.allows(&Method::GET));
        assert!(config.allows(&Method::DELETE));
        assert!(!config.allows(&Method::POST));
        assert!(!config.allows(&Method::PATCH));
        assert!(config.retry_non_idempotent(true).allows(&Method::POST));
    }
}
