//! The spec's server URL templates and the substitution of their variables.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OperationServer {
    /// The server at this index of the operation's list, with the client's variable values.
    Index(usize),
    /// This base URL, such as `https://uploads.example.com/v1`.
    Url(String),
}

/// Fills in the URL of `servers[index]`: each variable takes its value from `values`, else
/// its default. Names in `values` that the server does not declare are ignored.
///
/// # Errors
///
/// Returns [`Error::InvalidServerIndex`] when there is no such server,
/// [`Error::InvalidServerVariable`] when a value is not one the spec allows, and
/// [`Error::InvalidServerUrl`] when the result is not an absolute URL.
pub(crate) fn fill_server_url(
    servers: &[ServerTemplate],
    index: usize,
    values: &BTreeMap<String, String>,
) -> Result<String, Error> {
    let server = servers.get(index).ok_or(Error::InvalidServerIndex {
        index,
        count: servers.len(),
    })?;
    let mut url = server.url.to_owned();
    for variable in server.variables {
        let value = values
            .get(variable.name)
            .map_or(variable.default, String::as_str);
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
) -> Result<String, Error> {
    match choice {
        Some(OperationServer::Url(url)) => check_server_url(url.clone()),
        Some(OperationServer::Index(index)) => fill_server_url(servers, *index, values),
        None => fill_server_url(servers, 0, values),
    }
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

/// Returns `url` when it parses as an absolute URL.
pub(crate) fn check_server_url(url: String) -> Result<String, Error> {
    match url::Url::parse(&url) {
        Ok(_) => Ok(url),
        Err(source) => Err(Error::InvalidServerUrl { url, source }),
    }
}

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
    fn defaults_fill_unset_variables() {
        let url = fill_server_url(SERVERS, 0, &values(&[("port", "9000")])).unwrap();
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
    fn unknown_variable_name_is_rejected() {
        let error = check_variable_names(&["port"], &values(&[("prot", "1")])).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidServerVariable { name, .. } if name == "prot"),
            "{error:?}"
        );
    }
}
