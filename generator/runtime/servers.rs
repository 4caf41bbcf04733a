//! The spec's server URL templates and the substitution of their variables.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use crate::display::redact_userinfo;
use crate::error::Error;

/// A server of the spec: its URL with `{variable}` placeholders and the variables in it.
#[derive(Debug)]
pub(crate) struct ServerTemplate {
    pub(crate) url: &'static str,
    pub(crate) variables: &'static [ServerVariable],
}

/// A variable of a server URL.
#[derive(Debug)]
pub(crate) struct ServerVariable {
    pub(crate) name: &'static str,
    pub(crate) default: &'static str,
    /// The values the spec's `enum` allows; empty when any value is allowed.
    pub(crate) allowed: &'static [&'static str],
}

/// The server that one call of an operation with its own `servers` list goes to, in place of
/// the first server of that list.
///
/// `Debug` shows a URL's user name and password as `[REDACTED]`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OperationServer {
    /// The server at this index of the operation's list, with the client's variable values.
    Index(usize),
    /// This base URL, such as `https://uploads.example.com/v1`.
    Url(String),
}

impl std::fmt::Debug for OperationServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OperationServer::Index(index) => f.debug_tuple("Index").field(index).finish(),
            OperationServer::Url(url) => f.debug_tuple("Url").field(&redact_userinfo(url)).finish(),
        }
    }
}

/// Fills in the URL of `servers[index]`: each variable takes its value from `values`, else
/// its default. Names in `values` that the server does not declare are ignored.
///
/// # Errors
///
/// Returns [`Error::InvalidServerIndex`] when there is no such server,
/// [`Error::InvalidServerVariable`] when a value is not one the spec allows or has a character
/// that [`check_variable_text`] rejects, and [`Error::InvalidServerUrl`] when the result is not
/// a URL that [`check_server_url`] accepts.
pub(crate) fn fill_server_url(
    servers: &[ServerTemplate],
    index: usize,
    values: &BTreeMap<String, String>,
) -> Result<ServerUrl, Error> {
    let server = servers.get(index).ok_or(Error::InvalidServerIndex {
        index,
        count: servers.len(),
    })?;
    let mut url = server.url.to_owned();
    for variable in server.variables {
        let value = match values.get(variable.name) {
            Some(value) => {
                check_variable_text(server.url, variable.name, value)?;
                value.as_str()
            }
            None => variable.default,
        };
        if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
            return Err(Error::InvalidServerVariable {
                name: variable.name.to_owned(),
                value: value.to_owned(),
                reason: format!("the spec allows only {:?}", variable.allowed),
            });
        }
        url = url.replace(&format!("{{{}}}", variable.name), value);
    }
    check_server_url(url)
}

/// Returns the base URL for one call of an operation with its own `servers`: the caller's
/// choice for the call, else the first server of the operation's list.
///
/// # Errors
///
/// As [`fill_server_url`].
pub(crate) fn operation_server_url(
    servers: &[ServerTemplate],
    choice: Option<&OperationServer>,
    values: &BTreeMap<String, String>,
) -> Result<ServerUrl, Error> {
    let index = match choice {
        Some(OperationServer::Url(url)) => return check_server_url(url.clone()),
        Some(OperationServer::Index(index)) => *index,
        None => 0,
    };
    fill_server_url(servers, index, values).map_err(|error| match error {
        Error::InvalidServerUrl {
            url,
            reason,
            source,
        } => Error::InvalidServerUrl {
            url,
            reason: format!(
                "{reason}. The spec gives this server for the operation, so set an absolute URL \
                 with the request's `server_url`"
            ),
            source,
        },
        other => other,
    })
}

/// Checks that every name in `values` is a variable of some server in the spec.
///
/// # Errors
///
/// Returns [`Error::InvalidServerVariable`] for the first unknown name.
pub(crate) fn check_variable_names(
    known: &[&str],
    values: &BTreeMap<String, String>,
) -> Result<(), Error> {
    let unknown = values
        .iter()
        .find(|(name, _)| !known.contains(&name.as_str()));
    match unknown {
        Some((name, value)) => Err(Error::InvalidServerVariable {
            name: name.clone(),
            value: value.clone(),
            reason: format!("the spec declares only the server variables {known:?}"),
        }),
        None => Ok(()),
    }
}

/// Checks that every name in `values` is a variable of `servers[index]`, the client's chosen
/// server, or of some operation's own server, which `operation_names` lists.
///
/// # Errors
///
/// Returns [`Error::InvalidServerVariable`] for the first name that neither declares.
pub(crate) fn check_chosen_server_variables(
    servers: &[ServerTemplate],
    index: usize,
    operation_names: &[&str],
    values: &BTreeMap<String, String>,
) -> Result<(), Error> {
    let Some(server) = servers.get(index) else {
        return Ok(());
    };
    let unused = values.iter().find(|(name, _)| {
        let declared = server
            .variables
            .iter()
            .any(|variable| variable.name == *name);
        !declared && !operation_names.contains(&name.as_str())
    });
    match unused {
        Some((name, value)) => Err(Error::InvalidServerVariable {
            name: name.clone(),
            value: value.clone(),
            reason: format!(
                "server {index} of the spec, {:?}, does not use it; choose a server that \
                 declares it with `server_index`, or remove the value",
                server.url
            ),
        }),
        None => Ok(()),
    }
}

/// Checks that the caller's `value` for variable `name` cannot change more of `template` than
/// its own placeholder. In the scheme or host part, the value may not contain `/ \ ? # @`,
/// whitespace or control characters, which would end the host or move it (the URL parser reads
/// `\` as `/` in `http` and `https` URLs). `:` is allowed, because a variable may hold
/// `host:port`, and a second port makes the URL fail to parse instead. In the path part the
/// value may not contain `? #`, whitespace or control characters, but may contain `/`, so
/// that a base path can have several segments. A
/// template without `://` may take a whole URL, so it gets the path part's rule.
///
/// # Errors
///
/// Returns [`Error::InvalidServerVariable`] naming the first character not allowed.
pub(crate) fn check_variable_text(template: &str, name: &str, value: &str) -> Result<(), Error> {
    let placeholder = format!("{{{name}}}");
    let in_host = match template.find("://") {
        Some(scheme_end) => {
            let host_start = scheme_end + 3;
            let host_end = template[host_start..]
                .find(['/', '\\', '?', '#'])
                .map_or(template.len(), |offset| host_start + offset);
            template
                .match_indices(&placeholder)
                .any(|(start, _)| start < host_end)
        }
        None => false,
    };
    if in_host && value.is_empty() {
        return Err(Error::InvalidServerVariable {
            name: name.to_owned(),
            value: String::new(),
            reason: format!(
                "the variable is in the scheme or host of {template:?}, where an empty value \
                 would leave out part of the address, such as the port; give a value"
            ),
        });
    }
    let (part, forbidden): (&str, &[char]) = if in_host {
        ("scheme or host", &['/', '\\', '?', '#', '@'])
    } else {
        ("path", &['?', '#'])
    };
    let found = value
        .chars()
        .find(|c| forbidden.contains(c) || c.is_whitespace() || c.is_control());
    match found {
        Some(character) => Err(Error::InvalidServerVariable {
            name: name.to_owned(),
            value: value.to_owned(),
            reason: format!(
                "the variable is in the {part} of {template:?}, where {character:?} would change \
                 the URL beyond the variable; percent-encode the character or pick another value"
            ),
        }),
        None => Ok(()),
    }
}

/// Tells whether the path of the absolute URL `url`, as written, has a `.` or `..` segment,
/// which the URL parser removes. The parser reads `%2e` as a dot and `\` as `/`, and so does
/// this check.
fn has_dot_segment(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let Some(path_start) = after_scheme.find(['/', '\\']) else {
        return false;
    };
    after_scheme[path_start..]
        .split(['/', '\\'])
        .any(|segment| {
            let dots = segment.to_ascii_lowercase().replace("%2e", ".");
            dots == "." || dots == ".."
        })
}

/// A server URL that [`check_server_url`] accepted: the text as the caller or the spec gave it,
/// and the parsed URL that every request's URL is built from.
#[derive(Clone)]
pub(crate) struct ServerUrl {
    pub(crate) text: String,
    pub(crate) parsed: url::Url,
}

/// Shows the URL's user name and password as `[REDACTED]`.
impl std::fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ServerUrl")
            .field(&redact_userinfo(&self.text))
            .finish()
    }
}

/// Returns `url`, parsed, when it is an absolute `http` or `https` URL without a query and a
/// fragment, to which operation paths can be appended.
///
/// # Errors
///
/// Returns [`Error::InvalidServerUrl`] saying what to change. A query would put the operation's
/// path inside the query string, and a fragment would make the server never see the path.
pub(crate) fn check_server_url(url: String) -> Result<ServerUrl, Error> {
    let parsed = match url::Url::parse(&url) {
        Ok(parsed) => parsed,
        Err(source) => {
            return Err(Error::InvalidServerUrl {
                reason: UNPARSED_URL_REASON.to_owned(),
                url: redact_userinfo(&url).into_owned(),
                source: Some(source),
            })
        }
    };
    let reason = if !matches!(parsed.scheme(), "http" | "https") {
        format!(
            "the scheme is `{}`, but the SDK sends HTTP requests; use an `http` or `https` URL",
            parsed.scheme()
        )
    } else if parsed.query().is_some() {
        "it has a query string, which would come before the operation's path; remove the `?` \
         and what follows it"
            .to_owned()
    } else if parsed.fragment().is_some() {
        "it has a fragment, which is never sent, so the server would not see the operation's \
         path; remove the `#` and what follows it"
            .to_owned()
    } else if has_dot_segment(&url) {
        "its path has a `.` or `..` segment, which the URL parser resolves, so requests would \
         go to another path than the URL shows; write the path without dot segments"
            .to_owned()
    } else {
        return Ok(ServerUrl { text: url, parsed });
    };
    Err(Error::InvalidServerUrl {
        url: redact_userinfo(&url).into_owned(),
        reason,
        source: None,
    })
}

/// The reason of an [`Error::InvalidServerUrl`] for a URL that does not parse. The parse error
/// is the error's source, so the reason does not repeat it.
pub(crate) const UNPARSED_URL_REASON: &str =
    "it does not parse as a URL; give an absolute URL such as `https://api.example.com`";

#[cfg(test)]
mod tests {
    use super::*;

    const SERVERS: &[ServerTemplate] = &[ServerTemplate {
        url: "http://{host}:{port}/{version}",
        variables: &[
            ServerVariable {
                name: "host",
                default: "127.0.0.1",
                allowed: &[],
            },
            ServerVariable {
                name: "port",
                default: "8080",
                allowed: &[],
            },
            ServerVariable {
                name: "version",
                default: "v1",
                allowed: &["v1", "v2"],
            },
        ],
    }];

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn empty_value_in_host_is_rejected() {
        let error = fill_server_url(SERVERS, 0, &values(&[("port", "")])).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidServerVariable { name, .. } if name == "port"),
            "{error:?}"
        );
    }

    #[test]
    fn relative_operation_server_names_server_url() {
        const RELATIVE: &[ServerTemplate] = &[ServerTemplate {
            url: "/relative",
            variables: &[],
        }];

        let error = operation_server_url(RELATIVE, None, &values(&[])).unwrap_err();

        let Error::InvalidServerUrl { reason, .. } = &error else {
            panic!("{error:?}");
        };
        assert!(reason.contains("`server_url`"), "{reason}");
    }

    #[test]
    fn defaults_fill_unset_variables() {
        let url = fill_server_url(SERVERS, 0, &values(&[("port", "9000")]))
            .unwrap()
            .text;
        assert_eq!(url, "http://127.0.0.1:9000/v1");
    }

    #[test]
    fn value_outside_enum_is_rejected() {
        let error = fill_server_url(SERVERS, 0, &values(&[("version", "v3")])).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidServerVariable { name, value, .. } if name == "version" && value == "v3"),
            "{error:?}"
        );
    }

    #[test]
    fn index_past_end_is_rejected() {
        let error = fill_server_url(SERVERS, 1, &BTreeMap::new()).unwrap_err();
        assert!(
            matches!(error, Error::InvalidServerIndex { index: 1, count: 1 }),
            "{error:?}"
        );
    }

    #[test]
    fn server_url_must_be_plain_http() {
        for url in ["http://127.0.0.1:1/api", "https://api.example.com/v1/"] {
            assert_eq!(
                check_server_url(url.to_owned())
                    .ok()
                    .map(|server| server.text)
                    .as_deref(),
                Some(url)
            );
        }
        let cases = [
            ("http://127.0.0.1:1/api#frag", "fragment"),
            ("http://127.0.0.1:1/api#", "fragment"),
            ("http://127.0.0.1:1/api?x=1", "query"),
            ("http://127.0.0.1:1/api?", "query"),
            ("mailto:x@y", "scheme is `mailto`"),
            ("ftp://127.0.0.1/api", "scheme is `ftp`"),
            ("/api", "does not parse as a URL"),
        ];
        for (url, expected) in cases {
            let error = check_server_url(url.to_owned()).unwrap_err();
            let Error::InvalidServerUrl { reason, .. } = &error else {
                panic!("expected InvalidServerUrl for {url}, got {error:?}");
            };
            assert!(reason.contains(expected), "{url}: {reason}");
            assert!(error.to_string().contains(url), "{error}");
        }

        let error = check_server_url("/api".to_owned()).unwrap_err();
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("relative URL without a base"));
    }

    #[test]
    fn filled_template_with_query_is_rejected() {
        const QUERY: &[ServerTemplate] = &[ServerTemplate {
            url: "http://127.0.0.1/api?version=1",
            variables: &[],
        }];
        let error = fill_server_url(QUERY, 0, &BTreeMap::new()).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidServerUrl { reason, .. } if reason.contains("query")),
            "{error:?}"
        );
    }

    #[test]
    fn host_value_with_separator_is_rejected() {
        for value in [
            "evil.example/x",
            "127.0.0.1:18081\\",
            "a?b",
            "a#b",
            "user@evil",
            "a b",
            "a\tb",
            "a\u{0}b",
        ] {
            let error = fill_server_url(SERVERS, 0, &values(&[("host", value)])).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidServerVariable { name, .. } if name == "host"),
                "{value:?}: {error:?}"
            );
        }
    }

    #[test]
    fn path_value_may_hold_slash() {
        const PATHS: &[ServerTemplate] = &[ServerTemplate {
            url: "http://127.0.0.1/{base}",
            variables: &[ServerVariable {
                name: "base",
                default: "v1",
                allowed: &[],
            }],
        }];
        let url = fill_server_url(PATHS, 0, &values(&[("base", "api/v2")]))
            .unwrap()
            .text;
        assert_eq!(url, "http://127.0.0.1/api/v2");
        for value in ["v1?x=1", "v1#top", "v 1"] {
            let error = fill_server_url(PATHS, 0, &values(&[("base", value)])).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidServerVariable { name, .. } if name == "base"),
                "{value:?}: {error:?}"
            );
        }
    }

    #[test]
    fn dot_segments_are_rejected_after_filling() {
        const PATHS: &[ServerTemplate] = &[ServerTemplate {
            url: "http://127.0.0.1/{a}{b}/v1",
            variables: &[
                ServerVariable {
                    name: "a",
                    default: "x",
                    allowed: &[],
                },
                ServerVariable {
                    name: "b",
                    default: "y",
                    allowed: &[],
                },
            ],
        }];
        let filled = |a: &str, b: &str| fill_server_url(PATHS, 0, &values(&[("a", a), ("b", b)]));
        assert_eq!(filled("x", ".").unwrap().text, "http://127.0.0.1/x./v1");
        for (a, b) in [
            (".", "."),
            ("%2", "e%2e"),
            ("", "."),
            ("api/..", ""),
            ("a\\", ".."),
        ] {
            let error = filled(a, b).unwrap_err();
            assert!(
                matches!(&error, Error::InvalidServerUrl { reason, .. } if reason.contains("dot")),
                "{a:?} {b:?}: {error:?}"
            );
        }
        assert!(check_server_url("https://api.example.com/v1/..".to_owned()).is_err());
        assert!(check_server_url("https://api.example.com/v1..".to_owned()).is_ok());
    }

    #[test]
    fn default_is_not_checked_for_separators() {
        const WHOLE: &[ServerTemplate] = &[ServerTemplate {
            url: "http://{authority}/v1",
            variables: &[ServerVariable {
                name: "authority",
                default: "127.0.0.1:8080",
                allowed: &[],
            }],
        }];
        let url = fill_server_url(WHOLE, 0, &BTreeMap::new()).unwrap().text;
        assert_eq!(url, "http://127.0.0.1:8080/v1");
    }

    #[test]
    fn variable_of_other_server_is_rejected() {
        let error = check_chosen_server_variables(SERVERS, 0, &[], &values(&[("region", "eu")]))
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidServerVariable { name, .. } if name == "region"),
            "{error:?}"
        );
        check_chosen_server_variables(SERVERS, 0, &["region"], &values(&[("region", "eu")]))
            .expect("an operation's server declares `region`");
        check_chosen_server_variables(SERVERS, 0, &[], &values(&[("port", "1")]))
            .expect("the chosen server declares `port`");
    }

    #[test]
    fn unknown_variable_name_is_rejected() {
        let error = check_variable_names(&["port"], &values(&[("prot", "1")])).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidServerVariable { name, .. } if name == "prot"),
            "{error:?}"
        );
    }
}
