//! Renders the SDK's Markdown docs from the templates.
//!
//! The templates live in a folder read at run time, so users can change the docs without
//! touching Rust. Each page template gets a context built here: the whole IR as `api`, plus view
//! structs holding what a template would compute awkwardly (Rust type names, links relative to
//! the page, anchors and complete example programs). Undefined variables fail the render, so a
//! misspelled name in a template stops generation with its file and line.

mod api_value;
mod examples;
mod links;
mod model;
mod readme;
mod rust;
mod service;
mod view;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Output, State, UndefinedBehavior, Value};
use serde::Serialize;

use api_value::ApiObject;

use crate::markdown::{code_span, doc_lines, escape_controls, inline_markdown};
use crate::{Error, GeneratedFile, ir};

/// Template of the crate's `README.md`.
pub const README_TEMPLATE: &str = "README.md.jinja";
/// Template of each service's page, `docs/sdks/{module}/README.md`.
pub const SERVICE_TEMPLATE: &str = "service.md.jinja";
/// Template of each model's page, `docs/models/{doc_file}`.
pub const MODEL_TEMPLATE: &str = "model.md.jinja";

/// Renders the README, a page per service and a page per model.
///
/// # Errors
///
/// Returns [`Error::Template`] when a template fails to load or render, including when it names
/// a variable that the context does not define.
pub fn render_docs(api: &Arc<ir::Api>, templates: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let renderer = Renderer::new(api, templates);
    renderer
        .pages()
        .into_iter()
        .map(|page| renderer.render(page))
        .collect()
}

/// Lists every page of `api`: the README, then the services' and the models' pages in spec
/// order.
pub fn pages(api: &ir::Api) -> Vec<Page> {
    let services = (0..api.services.len()).map(Page::Service);
    let models = (0..api.models.len()).map(Page::Model);
    std::iter::once(Page::Readme)
        .chain(services)
        .chain(models)
        .collect()
}

/// A page of the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The crate's `README.md`.
    Readme,
    /// The page of the service at this index of [`ir::Api::services`].
    Service(usize),
    /// The page of the model at this index of [`ir::Api::models`].
    Model(usize),
}

impl Page {
    /// Returns the page's path relative to the crate root, and what it documents.
    pub fn describe(self, api: &ir::Api) -> (String, String) {
        match self {
            Page::Readme => (links::README_PATH.to_owned(), "the README".to_owned()),
            Page::Service(index) => {
                let service = &api.services[index];
                let origin = format!("the docs of the service of tag {:?}", service.tag);
                (links::service_path(service), origin)
            }
            Page::Model(index) => {
                let model = &api.models[index];
                let origin = format!("the docs of model `{}`", model.rust_name);
                (links::model_path(model), origin)
            }
        }
    }
}

/// A renderer of the pages of one API. What every page shares is prepared once, so pages can
/// be rendered in any order and from several threads.
pub struct Renderer<'a> {
    environment: Environment<'static>,
    templates: &'a Path,
    shared: view::Shared<'a>,
    /// The IR as a template value, every page's `api`.
    api_value: Value,
}

impl<'a> Renderer<'a> {
    /// Prepares the template environment and the lookup tables of `api`.
    pub fn new(api: &'a Arc<ir::Api>, templates: &'a Path) -> Renderer<'a> {
        Renderer {
            environment: environment(templates),
            templates,
            shared: view::Shared::new(api),
            api_value: Value::from_object(ApiObject::new(Arc::clone(api))),
        }
    }

    /// Lists every page: the README, then the services' and the models' pages in spec order.
    pub fn pages(&self) -> Vec<Page> {
        pages(self.shared.api)
    }

    /// Renders one page.
    ///
    /// # Errors
    ///
    /// As [`render_docs`].
    pub fn render(&self, page: Page) -> Result<GeneratedFile, Error> {
        let api = self.shared.api;
        let (template, path, context) = match page {
            Page::Readme => {
                let readme = readme::ReadmePage::new(&self.shared);
                let path = links::README_PATH.to_owned();
                (README_TEMPLATE, path, self.context(&readme))
            }
            Page::Service(index) => {
                let service = &api.services[index];
                let page = service::ServicePage::new(&self.shared, service);
                let path = links::service_path(service);
                (SERVICE_TEMPLATE, path, self.context(&page))
            }
            Page::Model(index) => {
                let model = &api.models[index];
                let page = model::ModelPage::new(&self.shared, model);
                let path = links::model_path(model);
                (MODEL_TEMPLATE, path, self.context(&page))
            }
        };
        let contents = render_page(&self.environment, self.templates, template, context)?;
        Ok(GeneratedFile { path, contents })
    }

    fn context<T: Serialize>(&self, page: &T) -> Value {
        context(page, &self.api_value)
    }
}

/// Creates the template environment: templates loaded from `templates`, strict undefined
/// values, no HTML escaping but control characters escaped in every value written, kept
/// trailing newlines and trimmed block lines.
fn environment(templates: &Path) -> Environment<'static> {
    let mut environment = Environment::new();
    environment.set_loader(minijinja::path_loader(templates));
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    environment.set_auto_escape_callback(|_| AutoEscape::None);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .expect("the default delimiters form a valid syntax");
    environment.set_syntax(syntax);
    environment.add_filter("inline", inline);
    environment.add_filter("cell", cell);
    environment.add_filter("code", code);
    environment.add_filter("prose", prose);
    environment.add_filter("strong", strong);
    environment.set_formatter(write_value);
    environment
}

/// Writes a value that a template prints. A string goes straight to the output with its control
/// characters escaped, which skips the `Display` formatting of minijinja's own formatter. Without
/// HTML escaping, both write the same text. Other values are left to minijinja.
fn write_value(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(text) => Ok(out.write_str(&escape_controls(text))?),
        None => minijinja::escape_formatter(out, state, value),
    }
}

/// Converts the context of a page into a template value, with the IR, already converted, as
/// its `api` entry.
///
/// The page is serialized straight into a template value: its views hold no map whose key
/// order a template could see, so only the IR goes through [`to_value`].
fn context<T: Serialize>(page: &T, api: &Value) -> Value {
    let page = Value::from(minijinja::value::Serde(page));
    minijinja::value::merge_maps([page, minijinja::context! { api => api.clone() }])
}

/// Renders `template` with `context`.
fn render_page(
    environment: &Environment<'_>,
    templates: &Path,
    template: &str,
    context: Value,
) -> Result<String, Error> {
    environment
        .get_template(template)
        .and_then(|loaded| loaded.render(context))
        .map_err(|error| template_error(&error, template, templates))
}

/// Converts a minijinja error into [`Error::Template`], naming the template it arose in.
fn template_error(error: &minijinja::Error, template: &str, templates: &Path) -> Error {
    let mut message = error.kind().to_string();
    if let Some(detail) = error.detail() {
        message = format!("{message}: {detail}");
    }
    if error.kind() == minijinja::ErrorKind::TemplateNotFound {
        message = format!("{message} in {}", templates.display());
    }
    Error::Template {
        folder: templates.to_owned(),
        name: error.name().unwrap_or(template).to_owned(),
        line: error.line(),
        message,
    }
}

/// Converts a JSON value into a template value. Objects become maps with sorted keys.
fn to_value(json: serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::from(()),
        serde_json::Value::Bool(flag) => Value::from(flag),
        serde_json::Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                Value::from(integer)
            } else if let Some(integer) = number.as_u64() {
                Value::from(integer)
            } else {
                Value::from(number.as_f64().unwrap_or(f64::NAN))
            }
        }
        serde_json::Value::String(text) => Value::from(text),
        serde_json::Value::Array(items) => {
            Value::from(items.into_iter().map(to_value).collect::<Vec<Value>>())
        }
        serde_json::Value::Object(entries) => Value::from(
            entries
                .into_iter()
                .map(|(key, value)| (key, to_value(value)))
                .collect::<BTreeMap<String, Value>>(),
        ),
    }
}

/// Filter that puts text on one line of a Markdown table cell or list item, as
/// [`inline_markdown`] does. `none` becomes an empty string.
fn inline(value: &Value) -> Result<String, minijinja::Error> {
    let Some(text) = filter_text("inline", value)? else {
        return Ok(String::new());
    };
    Ok(inline_markdown(&text))
}

/// Filter that makes one line of Markdown fit in a table cell: each `|`, which would end the
/// cell, becomes `\|`. The table reads `\|` as `|` before anything else, in code spans too.
fn cell(value: &Value) -> Result<String, minijinja::Error> {
    let Some(text) = filter_text("cell", value)? else {
        return Ok(String::new());
    };
    Ok(text.replace('|', "\\|"))
}

/// Filter that puts a name or value in a code span, as [`code_span`] does. `none` becomes an
/// empty string.
fn code(value: &Value) -> Result<String, minijinja::Error> {
    let Some(text) = filter_text("code", value)? else {
        return Ok(String::new());
    };
    Ok(code_span(&text))
}

/// Filter that puts text on one line in bold, as [`inline`] does and wrapped in `**`. A `*`
/// or `_` at either end is escaped, because it would merge with the `**` around it, and
/// blank text gives an empty string.
fn strong(value: &Value) -> Result<String, minijinja::Error> {
    let text = inline(value)?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    let is_emphasis = |c: char| c == '*' || c == '_';
    let core = text.trim_matches(is_emphasis);
    let lead = &text[..text.len() - text.trim_start_matches(is_emphasis).len()];
    let trail = &text[text.trim_end_matches(is_emphasis).len()..];
    let mut bold = String::with_capacity(text.len() + 12);
    bold.push_str("**");
    for c in lead.chars() {
        bold.push('\\');
        bold.push(c);
    }
    bold.push_str(core);
    // A text made only of `*` and `_` is all `lead`, so nothing is left to trail it.
    if !core.is_empty() {
        for c in trail.chars() {
            bold.push('\\');
            bold.push(c);
        }
    }
    bold.push_str("**");
    Ok(bold)
}

/// Filter for a block of spec text, such as a description: the same Markdown as rustdoc gets,
/// so that the page renders alike on GitHub and in rustdoc, and no code block in it is run as
/// a doctest.
fn prose(value: &Value) -> Result<String, minijinja::Error> {
    let Some(text) = filter_text("prose", value)? else {
        return Ok(String::new());
    };
    let mut prose = String::with_capacity(text.len() + text.len() / 8);
    for (index, line) in doc_lines(&text).iter().enumerate() {
        if index > 0 {
            prose.push('\n');
        }
        prose.push_str(line.strip_prefix(' ').unwrap_or(line));
    }
    Ok(prose)
}

/// Returns the text a filter works on, `None` for a `none` value. A string is borrowed, and any
/// other value is written as text.
///
/// Filters take a [`Value`] and reject undefined values themselves, because minijinja passes an
/// undefined value to an `Option` argument as `None`, even with strict undefined behavior.
fn filter_text<'v>(
    filter: &str,
    value: &'v Value,
) -> Result<Option<Cow<'v, str>>, minijinja::Error> {
    if value.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            format!("the `{filter}` filter got an undefined value"),
        ));
    }
    if value.is_none() {
        return Ok(None);
    }
    Ok(Some(match value.as_str() {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(value.to_string()),
    }))
}
