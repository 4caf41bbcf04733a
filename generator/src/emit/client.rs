//! `src/client.rs`: the client, its builder and the service accessors.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use super::rustdoc::doc_or;
use crate::ir::Api;

/// Emits `src/client.rs`.
pub fn emit_client(api: &Api) -> TokenStream {
    let client = ident(&api.sdk_name);
    let builder = format_ident!("{}Builder", api.sdk_name);
    let default_url = &api.default_server_url;
    let client_doc = format!(" Client of {} {}.", api.title, api.version);
    let new_errors = format!(" As [`{builder}::build`].");
    let builder_doc = format!(" Builder of [`{client}`].");
    let default_doc = format!(" Default: `{default_url}`.");
    let accessors = api.services.iter().map(|service| {
        let module = ident(&service.module);
        let handle = ident(&service.handle);
        let feature = &service.module;
        let fallback = format!("Returns the operations of the `{}` service.", service.tag);
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

        use std::sync::Arc;

        use crate::error::Error;
        use crate::runtime::Call;
        use crate::security::Security;

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share one connection pool, server URL and credentials.
        #[derive(Debug, Clone)]
        pub struct #client {
            inner: Arc<Inner>,
        }

        #[derive(Debug)]
        struct Inner {
            http: reqwest::Client,
            server_url: String,
            security: Security,
        }

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
                &self.inner.server_url
            }

            #(#accessors)*

            // NOTE: unused when every service feature is off.
            #[allow(dead_code)]
            pub(crate) fn call(&self, method: reqwest::Method, path: &str) -> Call<'_> {
                Call::new(&self.inner.http, &self.inner.server_url, method, path)
            }

            #[allow(dead_code)]
            pub(crate) fn security(&self) -> &Security {
                &self.inner.security
            }
        }

        #[doc = #builder_doc]
        #[derive(Debug, Default)]
        pub struct #builder {
            server_url: Option<String>,
            security: Security,
            http_client: Option<reqwest::Client>,
        }

        impl #builder {
            /// Sets the base URL that requests go to, such as `https://api.example.com`.
            ///
            #[doc = #default_doc]
            pub fn server_url(mut self, url: impl Into<String>) -> #builder {
                self.server_url = Some(url.into());
                self
            }

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
            /// Build it with `redirect(reqwest::redirect::Policy::none())` or
            /// [`same_origin_redirects`](crate::same_origin_redirects). With reqwest's default
            /// policy, a 3xx response that the spec declares never reaches the caller. A redirect
            /// to another host also receives the API key headers, which reqwest keeps, so the
            /// SDK returns [`Error::CrossOriginRedirect`], but only after that request was made.
            /// Prefer [`Self::http_client_builder`], which cannot follow such redirects.
            /// Default: a client that follows no redirects, with reqwest's other defaults.
            pub fn http_client(mut self, client: reqwest::Client) -> #builder {
                self.http_client = Some(client);
                self
            }

            /// Sets the HTTP client from a builder with your settings, such as timeouts and
            /// proxies, replacing its redirect policy with one that follows no redirects.
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

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// Returns [`Error::InvalidServerUrl`] when the server URL is not an absolute URL,
            /// and [`Error::Transport`] when the default HTTP client cannot be created.
            pub fn build(self) -> Result<#client, Error> {
                let server_url = self
                    .server_url
                    .unwrap_or_else(|| #client::DEFAULT_SERVER_URL.to_owned());
                if let Err(source) = url::Url::parse(&server_url) {
                    return Err(Error::InvalidServerUrl { url: server_url, source });
                }

                let http = match self.http_client {
                    Some(client) => client,
                    None => reqwest::Client::builder()
                        .redirect(reqwest::redirect::Policy::none())
                        .build()?,
                };
                Ok(#client {
                    inner: Arc::new(Inner {
                        http,
                        server_url,
                        security: self.security,
                    }),
                })
            }
        }
    }
}
