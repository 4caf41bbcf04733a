//! The IR as the template value `api`, converted one entry at a time when a template first
//! reads it.
//!
//! Every page gets the whole IR as `api`, but the bundled templates read only its small
//! entries, such as `api.title` and `api.security_schemes`. Converting `api.models` and
//! `api.services` of a large spec took longer than rendering a hundred pages, so an entry is
//! converted on first use and then shared by every page and thread.

use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr};
use minijinja::{ErrorKind, Value};
use serde::Serialize;

use crate::ir;

/// The keys of `api`, as [`ir::Api`] serializes them, in the sorted order in which a template
/// iterates over `api`.
pub(super) const API_KEYS: [&str; 16] = [
    "crate_ident",
    "crate_name",
    "default_server_url",
    "description",
    "env_prefix",
    "error_bodies",
    "models",
    "retry_statuses",
    "sdk_name",
    "security",
    "security_schemes",
    "server_variables",
    "servers",
    "services",
    "title",
    "version",
];

/// The IR as a template map whose entries are converted on first read.
#[derive(Debug)]
pub(super) struct ApiObject {
    api: Arc<ir::Api>,
    /// The converted entry of each key of [`API_KEYS`], at the same index.
    entries: [OnceLock<Value>; API_KEYS.len()],
}

impl ApiObject {
    pub(super) fn new(api: Arc<ir::Api>) -> ApiObject {
        ApiObject {
            api,
            entries: std::array::from_fn(|_| OnceLock::new()),
        }
    }

    /// Converts the entry `key` of the IR, which is one of [`API_KEYS`].
    fn convert(&self, key: &str) -> Value {
        let api = &*self.api;
        match key {
            "crate_ident" => template_value(&api.crate_ident),
            "crate_name" => template_value(&api.crate_name),
            "default_server_url" => template_value(&api.default_server_url),
            "description" => template_value(&api.description),
            "env_prefix" => template_value(&api.env_prefix),
            "error_bodies" => template_value(&api.error_bodies),
            "models" => template_value(&api.models),
            "retry_statuses" => template_value(&api.retry_statuses),
            "sdk_name" => template_value(&api.sdk_name),
            "security" => template_value(&api.security),
            "security_schemes" => template_value(&api.security_schemes),
            "server_variables" => template_value(&api.server_variables),
            "servers" => template_value(&api.servers),
            "services" => template_value(&api.services),
            "title" => template_value(&api.title),
            "version" => template_value(&api.version),
            other => Value::from(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("the IR has no entry `{other}` to convert"),
            )),
        }
    }
}

impl Object for ApiObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let index = API_KEYS.iter().position(|known| *known == key)?;
        let entry = self.entries[index].get_or_init(|| self.convert(key));
        Some(entry.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&API_KEYS)
    }
}

/// Converts a part of the IR into a template value, through JSON so that every map has sorted
/// keys. A value that does not serialize becomes an invalid value, which fails the render at
/// the template line that reads it.
fn template_value<T: Serialize>(value: &T) -> Value {
    match serde_json::to_value(value) {
        Ok(json) => super::to_value(json),
        Err(error) => Value::from(minijinja::Error::new(
            ErrorKind::BadSerialization,
            format!("failed to serialize the IR for the templates: {error}"),
        )),
    }
}
