//! `src/client.rs`: the client, its builder and the service accessors.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::rustdoc::doc_or;
use super::servers::{emit_server_table, emit_variable_enums, emit_variable_setters};
use crate::ir::Api;
use crate::markdown::code_span;

/// Emits `src/client.rs`.
pub fn emit_client(api: &Api) -> TokenStream {
    let client = ident(&api.sdk_name);
    let builder = ident(&format!("{}Builder", api.sdk_name));
    let default_url = &api.default_server_url;
    let client_doc = format!(" Client of {} {}.", api.title, api.version);
    let new_errors = format!(" As [`{builder}::build`].");
    let builder_doc = format!(" Builder of [`{client}`].");
    let default_doc = format!(" Default: {}.", code_span(default_url));
    let retry_statuses = api
        .retry_statuses
        .iter()
        .map(|status| proc_macro2::Literal::u16_unsuffixed(*status));
    let server_table = emit_server_table(&api.servers);
    let servers_doc = format!(" The spec's `servers`, in order, for [`{builder}::server_index`].");
    let variable_names = api.server_variables.iter().map(|variable| &variable.name);
    let operation_variable_names = operation_variable_names(api);
    let variable_enums = emit_variable_enums(&api.server_variables);
    let variable_setters = emit_variable_setters(&api.server_variables, &quote!(#builder));
    let accessors = api.services.iter().map(|service| {
        let module = ident(&service.module);
        let handle = ident(&service.handle);
        let feature = &service.module;
        let fallback = format!(
            "Returns the operations of the {} service.",
            code_span(&service.tag)
        );
        let doc = doc_or(None, &fallback);
        quote! {
            #doc
            #[cfg(feature = #feature)]
            pub fn #module(&self) -> crate::#module::#handle<'_> {
                crate::#module::#handle::new(self)
            }
        }
    });

    quote! {
        //! The client and its builder.

        use std::collections::BTreeMap;
        use std::sync::Arc;
        use std::time::Duration;

        use crate::error::Error;
        use crate::options::{BoxError, ClientOptions};
        use crate::retry::{Retries, RetryConfig};
        use crate::runtime::Call;
        use crate::security::Security;

        /// Response statuses that [`RetryConfig::default`] retries.
        pub(crate) const DEFAULT_RETRY_STATUSES: &[u16] = &[#(#retry_statuses),*];

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share one connection pool, server URL and credentials.
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: Arc<Inner>,
        }

        struct Inner {
            http: reqwest::Client,
            server: crate::servers::ServerUrl,
            /// Server variables the builder set, which also fill operations' own servers.
            server_variables: BTreeMap<String, String>,
            security: Security,
            options: ClientOptions,
        }

        /// Shows the server URL's user name and password as `[REDACTED]`, like the security's
        /// credentials.
        impl std::fmt::Debug for Inner {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Inner")
                    .field("http", &self.http)
                    .field("server_url", &crate::display::redact_userinfo(&self.server.text))
                    .field("server_variables", &self.server_variables)
                    .field("security", &self.security)
                    .field("options", &self.options)
                    .finish()
            }
        }

        #[doc = #servers_doc]
        const SERVERS: &[crate::servers::ServerTemplate] = #server_table;

        /// Names of the variables of every server in the spec, including operations' own.
        const SERVER_VARIABLES: &[&str] = &[#(#variable_names),*];

        /// Names of the variables of the operations' own servers, which the builder accepts
        /// whichever server the client uses.
        const OPERATION_SERVER_VARIABLES: &[&str] = &[#(#operation_variable_names),*];

        #variable_enums

        impl #client {
            /// Base URL used when the builder sets none.
            pub const DEFAULT_SERVER_URL: &'static str = #default_url;

            /// Starts building a client.
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Creates a client for [`Self::DEFAULT_SERVER_URL`] without credentials.
            ///
            /// # Errors
            ///
            #[doc = #new_errors]
            pub fn new() -> Result<#client, Error> {
                #builder::default().build()
            }

            /// Returns the base URL that requests go to.
            pub fn server_url(&self) -> &str {
                &self.inner.server.text
            }

            #(#accessors)*

            /// Returns the parts of the client that a call borrows.
            #[allow(dead_code)]
            fn parts(&self) -> crate::runtime::ClientParts<'_> {
                crate::runtime::ClientParts {
                    http: &self.inner.http,
                    server: &self.inner.server,
                    options: &self.inner.options,
                    security: &self.inner.security,
                }
            }

            /// Starts a `method` request to `path` under the client's server.
            // NOTE: unused when every service feature is off.
            #[allow(dead_code)]
            pub(crate) fn call(&self, method: reqwest::Method, path: &'static str) -> Call<'_> {
                let server = std::borrow::Cow::Borrowed(&self.inner.server);
                Call::new(self.parts(), server, method, path)
            }

            /// Starts a request to `path` under the server that `choice` picks from an
            /// operation's own `servers`, filled in with the client's server variables. A
            /// choice that fails is the error of the call.
            #[allow(dead_code)]
            pub(crate) fn call_at(
                &self,
                servers: &[crate::servers::ServerTemplate],
                choice: Option<&crate::OperationServer>,
                method: reqwest::Method,
                path: &'static str,
            ) -> Call<'_> {
                let variables = &self.inner.server_variables;
                match crate::servers::operation_server_url(servers, choice, variables) {
                    Ok(server) => {
                        let server = std::borrow::Cow::Owned(server);
                        Call::new(self.parts(), server, method, path)
                    }
                    Err(error) => {
                        let mut call = self.call(method, path);
                        call.record(Err(error));
                        call
                    }
                }
            }


        }

        #[doc = #builder_doc]
        #[derive(Debug, Default)]
        pub struct #builder {
            server_url: Option<String>,
            server_index: Option<usize>,
            server_variables: BTreeMap<String, String>,
            security: Security,
            http_client: Option<reqwest::Client>,
            options: ClientOptions,
        }

        impl #builder {
            /// Sets the base URL that requests go to, such as `https://api.example.com`.
            ///
            /// It takes precedence over [`Self::server_index`] and the server variables, which
            /// [`Self::build`] still checks. Operations whose spec lists servers of their own
            /// keep using those; set a URL for one call with the request's `server_url`.
            ///
            #[doc = #default_doc]
            pub fn server_url(mut self, url: impl Into<String>) -> #builder {
                self.server_url = Some(url.into());
                self
            }

            /// Picks the server at `index` of the spec's `servers` list, with its variables
            /// filled from the values set on this builder, else from their defaults.
            ///
            /// Default: the first server, or the default URL above when no variable is set.
            /// [`Self::build`] fails when the index is past the end of the list.
            pub fn server_index(mut self, index: usize) -> #builder {
                self.server_index = Some(index);
                self
            }

            /// Sets the value of the server variable `name`, replacing its `{name}` placeholder
            /// in the server URL. Operations with servers of their own use it too, where their
            /// server declares a variable of the same name.
            ///
            /// [`Self::build`] fails when neither the chosen server nor an operation's own
            /// server declares `name`, or when the chosen server's `enum` for it does not list
            /// `value`. It also fails when `value` has a character that would change the URL
            /// beyond the placeholder: `/ \ ? # @`, whitespace or a control character in the
            /// scheme or host, and `? #`, whitespace or a control character in the path. An
            /// operation's own server checks the value when the operation is called.
            pub fn server_variable(
                mut self,
                name: impl Into<String>,
                value: impl Into<String>,
            ) -> #builder {
                self.server_variables.insert(name.into(), value.into());
                self
            }

            #variable_setters

            /// Sets the credentials sent with every operation that requires them.
            ///
            /// Default: none. Operations with their own security type also accept credentials
            /// per call, which take precedence.
            pub fn security(mut self, security: Security) -> #builder {
                self.security = security;
                self
            }

            /// Sets the HTTP client that sends the requests, keeping its redirect policy.
            ///
            /// Build it with `redirect(reqwest::redirect::Policy::none())`, like the default
            /// client. The SDK then follows the redirects that an operation does not declare
            /// itself, at most 10 in a row, and sends no credential to another origin (scheme,
            /// host and port). With another policy, reqwest follows redirects before the SDK
            /// receives the response. A 3xx response that the spec declares then never reaches the caller,
            /// and a redirect to another host receives the API key headers, which reqwest
            /// keeps, and a `Referer` header with the first URL, query credentials included,
            /// unless the client was built with `referer(false)`. The SDK returns
            /// [`Error::CrossOriginRedirect`] in that case, but only after that request was
            /// made. [`same_origin_redirects`](crate::same_origin_redirects)
            /// prevents the leak but still hides declared 3xx responses on the same origin.
            /// Prefer [`Self::http_client_builder`], which sets the policy for you.
            ///
            /// Default: a client that follows no redirects on its own, with reqwest's other
            /// defaults.
            pub fn http_client(mut self, client: reqwest::Client) -> #builder {
                self.http_client = Some(client);
                self
            }

            /// Sets the HTTP client from a builder with your settings, such as timeouts and
            /// proxies, replacing its redirect policy with one that follows no redirects, so
            /// that the SDK follows them as [`Self::http_client`] describes.
            ///
            /// # Errors
            ///
            /// Returns [`Error::Transport`] when reqwest cannot build the client.
            pub fn http_client_builder(
                mut self,
                builder: reqwest::ClientBuilder,
            ) -> Result<#builder, Error> {
                let client = builder.redirect(reqwest::redirect::Policy::none()).build()?;
                self.http_client = Some(client);
                Ok(self)
            }

            /// Sets how calls retry failed attempts. A call's options can override it.
            ///
            /// Default: [`RetryConfig::default`], which retries requests with idempotent
            /// methods after a connection error, a timeout or a retry status.
            pub fn retries(mut self, config: RetryConfig) -> #builder {
                self.options.retries = Retries::Backoff(config);
                self
            }

            /// Makes every call send its request once, unless its options set retries.
            pub fn no_retries(mut self) -> #builder {
                self.options.retries = Retries::Off;
                self
            }

            /// Sets the time limit of each attempt, from sending the request to reading the
            /// last byte of the response body. A call's options can override it. When the call
            /// fetches an OAuth 2.0 access token first, the token request counts toward the
            /// first attempt.
            ///
            /// An attempt that takes longer is cancelled and retried as the retry configuration
            /// sets. When no retry follows, the call fails with [`Error::Timeout`]. Default: no
            /// limit of the SDK's own, only the HTTP client's.
            pub fn timeout(mut self, timeout: Duration) -> #builder {
                self.options.timeout = Some(timeout);
                self
            }

            /// Sets a hook that runs before each attempt is sent and may change the request,
            /// for example to add a header or sign it. It replaces any hook set before.
            ///
            /// It receives the request as sent, credentials included. When it returns an error, the
            /// call fails with [`Error::Hook`] and the request is not sent. Default: none.
            ///
            /// On a redirect to another origin, the SDK removes the `Authorization`,
            /// `Proxy-Authorization`, `Cookie` and `Cookie2` headers and every header marked
            /// sensitive, including those the hook adds. Mark a secret header of another name with
            /// `HeaderValue::set_sensitive(true)` so that it stays on the server.
            pub fn before_send(
                mut self,
                hook: impl Fn(&mut reqwest::Request) -> Result<(), BoxError> + Send + Sync + 'static,
            ) -> #builder {
                self.options.before_send = Some(Arc::new(hook));
                self
            }

            /// Sets a hook that reads each attempt's response, its status and headers, before
            /// the body is read. It replaces any hook set before.
            ///
            /// When it returns an error, the call fails with [`Error::Hook`] without a retry.
            /// Default: none.
            pub fn after_receive(
                mut self,
                hook: impl Fn(&reqwest::Response) -> Result<(), BoxError> + Send + Sync + 'static,
            ) -> #builder {
                self.options.after_receive = Some(Arc::new(hook));
                self
            }

            /// Sets the maximum size in bytes of a response body, the token responses of OAuth 2.0
            /// client credentials included. A call whose response declares or sends more fails
            /// with [`Error::BodyTooLarge`] without reading the rest, so that a faulty or hostile
            /// server cannot make the client hold a huge body in memory. Default: 64 MiB.
            pub fn max_response_body_size(mut self, bytes: u64) -> #builder {
                self.options.max_body_size = bytes;
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// Returns [`Error::InvalidServerUrl`] when the server URL is not an absolute `http`
            /// or `https` URL, or has a query or a fragment,
            /// [`Error::InvalidServerIndex`] when the server index is past the end of the spec's
            /// list, [`Error::InvalidServerVariable`] for a variable that neither the chosen
            /// server nor an operation's server declares, or a value that [`Self::server_variable`]
            /// does not accept, and [`Error::Transport`] when the default HTTP client cannot be
            /// created.
            pub fn build(self) -> Result<#client, Error> {
                crate::servers::check_variable_names(SERVER_VARIABLES, &self.server_variables)?;
                let fills_first = !self.server_variables.is_empty() && !SERVERS.is_empty();
                let chosen = self.server_index.or(fills_first.then_some(0));
                if let Some(index) = chosen {
                    crate::servers::check_chosen_server_variables(
                        SERVERS,
                        index,
                        OPERATION_SERVER_VARIABLES,
                        &self.server_variables,
                    )?;
                }
                let filled = chosen
                    .map(|index| {
                        crate::servers::fill_server_url(SERVERS, index, &self.server_variables)
                    })
                    .transpose()?;
                let server = match (self.server_url, filled) {
                    (Some(url), _) => crate::servers::check_server_url(url)?,
                    (None, Some(filled)) => filled,
                    (None, None) => crate::servers::check_server_url(
                        #client::DEFAULT_SERVER_URL.to_owned(),
                    )?,
                };

                let http = match self.http_client {
                    Some(client) => client,
                    None => reqwest::Client::builder()
                        .redirect(reqwest::redirect::Policy::none())
                        .build()?,
                };
                Ok(#client {
                    inner: Arc::new(Inner {
                        http,
                        server,
                        server_variables: self.server_variables,
                        security: self.security,
                        options: self.options,
                    }),
                })
            }
        }
    }
}

/// Returns the names of the variables of the operations' own servers, each once, in order of
/// first use.
fn operation_variable_names(api: &Api) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let operations = api.services.iter().flat_map(|service| &service.operations);
    let servers = operations.flat_map(|operation| &operation.servers);
    for variable in servers.flat_map(|server| &server.variables) {
        if !names.contains(&variable.name.as_str()) {
            names.push(&variable.name);
        }
    }
    names
}
