//! Extracts the public API of a generated crate from its Rust sources.
//!
//! The extraction reads the files as the generator writes them: `src/lib.rs` declares the
//! modules and re-exports the items of private modules, and every other module is one file
//! `src/{module}.rs`. Items of private modules count only when `lib.rs` re-exports them, under
//! the crate-root name.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use syn::visit::Visit;

use crate::GeneratedFile;

/// What a public item is, which decides how its changes affect users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    /// A module behind a Cargo feature, holding one service's operations.
    Service,
    /// An `async` method that sends one HTTP request.
    Operation,
    /// The HTTP method and path an operation sends.
    Endpoint,
    /// The security schemes an operation's request needs, as alternatives.
    Security,
    /// The `Result` variant each response status of an operation leads to.
    Responses,
    /// A public module that is not a service, such as `models`.
    Module,
    /// A struct, enum or type alias.
    Type,
    /// A public field of a struct.
    Field,
    /// A variant of an enum, with its payload.
    Variant,
    /// A public function, method or associated constant.
    Function,
    /// A trait a type implements, derived or written out.
    TraitImpl,
    /// A `pub use` of another crate.
    Reexport,
}

impl ItemKind {
    /// Returns the name of the kind as the change report prints it.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Service => "service",
            ItemKind::Module => "module",
            ItemKind::Type => "type",
            ItemKind::Field => "field",
            ItemKind::Variant => "enum variant",
            ItemKind::Function => "function",
            ItemKind::Operation => "operation",
            ItemKind::Endpoint => "HTTP endpoint of",
            ItemKind::Security => "security requirement of",
            ItemKind::Responses => "responses of",
            ItemKind::TraitImpl => "trait implementation",
            ItemKind::Reexport => "re-export",
        }
    }
}

/// One public item, keyed in [`ApiSurface`] by its kind and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiItem {
    /// Normalized Rust text of the part of the item that users depend on, such as a field's
    /// type or a function's signature.
    pub signature: String,
    /// Path of the item that owns this one (a field's struct, an operation's aspect), so that
    /// the report can leave out the parts of an item added or removed as a whole.
    pub owner: Option<String>,
    /// Whether adding an item of this kind under the same owner breaks users: a field of a
    /// struct that users can build with a literal, a variant of an enum without
    /// `#[non_exhaustive]`.
    pub owner_is_exhaustive: bool,
}

/// The public API of one generated crate: items keyed by kind and path, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiSurface {
    /// Every public item, by kind and path relative to the crate root (`auth::Auth::info`).
    pub items: BTreeMap<(ItemKind, String), ApiItem>,
}

/// A Rust source of the crate that did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    /// Path of the file, relative to the crate root.
    pub path: String,
    /// The parser's message.
    pub message: String,
}

impl ApiSurface {
    /// Extracts the public API from the crate's files; files outside `src/` are ignored.
    ///
    /// A crate without `src/lib.rs` has an empty API.
    ///
    /// # Errors
    ///
    /// Returns the first Rust file that does not parse.
    pub fn extract(files: &[GeneratedFile]) -> Result<ApiSurface, ParseFailure> {
        let mut surface = ApiSurface::default();
        let Some(lib) = parse_source(files, "lib")? else {
            return Ok(surface);
        };

        let mut reexports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut modules = Vec::new();
        for item in &lib.items {
            match item {
                syn::Item::Mod(module) if !is_doctest_only(&module.attrs) => {
                    let name = module.ident.to_string();
                    let public = matches!(module.vis, syn::Visibility::Public(_));
                    if public {
                        let kind = if has_feature_cfg(&module.attrs) {
                            ItemKind::Service
                        } else {
                            ItemKind::Module
                        };
                        surface.insert(kind, name.clone(), format!("mod {name}"), None, false);
                    }
                    modules.push((name, public));
                }
                syn::Item::Use(item) if is_public(&item.vis) => {
                    collect_reexports(&item.tree, &mut Vec::new(), &mut reexports, &mut surface);
                }
                _ => {}
            }
        }

        surface.add_items(&lib.items, "", &|_| true);
        for (module, public) in modules {
            let Some(file) = parse_source(files, &module)? else {
                continue;
            };
            let exported = reexports.remove(&module).unwrap_or_default();
            if public {
                let prefix = format!("{module}::");
                surface.add_items(&file.items, &prefix, &|_| true);
            } else {
                surface.add_items(&file.items, "", &|name| exported.contains(name));
            }
        }
        Ok(surface)
    }

    fn insert(
        &mut self,
        kind: ItemKind,
        path: String,
        signature: String,
        owner: Option<String>,
        owner_is_exhaustive: bool,
    ) {
        let item = ApiItem {
            signature,
            owner,
            owner_is_exhaustive,
        };
        self.items.insert((kind, path), item);
    }

    /// Adds the public items of one module, whose paths start with `prefix`. `visible`
    /// returns whether a type name of a private module is re-exported.
    fn add_items(&mut self, items: &[syn::Item], prefix: &str, visible: &dyn Fn(&str) -> bool) {
        for item in items {
            match item {
                syn::Item::Struct(item)
                    if is_public(&item.vis) && !is_doctest_only(&item.attrs) =>
                {
                    let name = item.ident.to_string();
                    if visible(&name) {
                        self.add_struct(item, &format!("{prefix}{name}"));
                    }
                }
                syn::Item::Enum(item) if is_public(&item.vis) => {
                    let name = item.ident.to_string();
                    if visible(&name) {
                        self.add_enum(item, &format!("{prefix}{name}"));
                    }
                }
                syn::Item::Type(item)
                    if is_public(&item.vis) && visible(&item.ident.to_string()) =>
                {
                    let path = format!("{prefix}{}", item.ident);
                    let signature = tidy(&item.ty.to_token_stream().to_string());
                    self.insert(
                        ItemKind::Type,
                        path,
                        format!("type = {signature}"),
                        None,
                        false,
                    );
                }
                syn::Item::Fn(item)
                    if is_public(&item.vis) && visible(&item.sig.ident.to_string()) =>
                {
                    let path = format!("{prefix}{}", item.sig.ident);
                    let signature = tidy(&item.sig.to_token_stream().to_string());
                    self.insert(ItemKind::Function, path, signature, None, false);
                }
                syn::Item::Impl(item) => {
                    let Some(name) = self_type_name(&item.self_ty) else {
                        continue;
                    };
                    if visible(&name) && !is_doctest_only(&item.attrs) {
                        self.add_impl(item, &format!("{prefix}{name}"));
                    }
                }
                syn::Item::Macro(item) => {
                    for implementation in table_macro_impls(item) {
                        let Some(name) = self_type_name(&implementation.self_ty) else {
                            continue;
                        };
                        if visible(&name) {
                            self.add_impl(&implementation, &format!("{prefix}{name}"));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn add_struct(&mut self, item: &syn::ItemStruct, path: &str) {
        let generics = tidy(&item.generics.to_token_stream().to_string());
        self.insert(
            ItemKind::Type,
            path.to_owned(),
            format!("struct{generics}"),
            None,
            false,
        );
        self.add_derives(&item.attrs, path);

        let all_public = item.fields.iter().all(|field| is_public(&field.vis));
        let exhaustive = all_public && !is_non_exhaustive(&item.attrs);
        for (index, field) in item.fields.iter().enumerate() {
            if !is_public(&field.vis) {
                continue;
            }
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), ToString::to_string);
            let signature = tidy(&field.ty.to_token_stream().to_string());
            let owner = Some(path.to_owned());
            self.insert(
                ItemKind::Field,
                format!("{path}::{name}"),
                signature,
                owner,
                exhaustive,
            );
        }
    }

    fn add_enum(&mut self, item: &syn::ItemEnum, path: &str) {
        let generics = tidy(&item.generics.to_token_stream().to_string());
        self.insert(
            ItemKind::Type,
            path.to_owned(),
            format!("enum{generics}"),
            None,
            false,
        );
        self.add_derives(&item.attrs, path);

        let exhaustive = !is_non_exhaustive(&item.attrs);
        for variant in &item.variants {
            let fields = tidy(&without_docs(&variant.fields).to_token_stream().to_string());
            let signature = format!("{}{fields}", variant.ident);
            let variant_path = format!("{path}::{}", variant.ident);
            let owner = Some(path.to_owned());
            self.insert(
                ItemKind::Variant,
                variant_path,
                signature,
                owner,
                exhaustive,
            );
        }
    }

    fn add_derives(&mut self, attrs: &[syn::Attribute], path: &str) {
        for attribute in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
            let Ok(traits) = attribute.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) else {
                continue;
            };
            for name in traits {
                let name = tidy(&name.to_token_stream().to_string());
                let owner = Some(path.to_owned());
                self.insert(
                    ItemKind::TraitImpl,
                    format!("{path}: {name}"),
                    name,
                    owner,
                    false,
                );
            }
        }
    }

    fn add_impl(&mut self, item: &syn::ItemImpl, path: &str) {
        if let Some((trait_path, _)) = &item.trait_ {
            let name = tidy(&without_lifetimes(trait_path).to_token_stream().to_string());
            let owner = Some(path.to_owned());
            self.insert(
                ItemKind::TraitImpl,
                format!("{path}: {name}"),
                name,
                owner,
                false,
            );
            return;
        }
        for member in &item.items {
            match member {
                syn::ImplItem::Fn(function) if is_public(&function.vis) => {
                    let method = format!("{path}::{}", function.sig.ident);
                    let owner = Some(path.to_owned());
                    if let Some(signature) = operation_signature(&function.sig) {
                        self.insert(ItemKind::Operation, method.clone(), signature, owner, false);
                        self.add_operation_body(&function.block, &method);
                    } else {
                        let signature = tidy(&function.sig.to_token_stream().to_string());
                        self.insert(ItemKind::Function, method, signature, owner, false);
                    }
                }
                syn::ImplItem::Const(constant) if is_public(&constant.vis) => {
                    let name = format!("{path}::{}", constant.ident);
                    let signature = format!(
                        "const {}: {} = {}",
                        constant.ident,
                        tidy(&constant.ty.to_token_stream().to_string()),
                        tidy(&constant.expr.to_token_stream().to_string())
                    );
                    let owner = Some(path.to_owned());
                    self.insert(ItemKind::Function, name, signature, owner, false);
                }
                _ => {}
            }
        }
    }

    /// Records what an operation's body shows of its behavior: the endpoint, the security
    /// requirement and the outcome of each status.
    fn add_operation_body(&mut self, block: &syn::Block, path: &str) {
        let mut facts = OperationFacts::default();
        facts.visit_block(block);
        let owner = Some(path.to_owned());
        if let Some(endpoint) = facts.endpoint {
            self.insert(
                ItemKind::Endpoint,
                path.to_owned(),
                endpoint,
                owner.clone(),
                false,
            );
        }
        let security = if facts.security.is_empty() {
            String::from("none")
        } else {
            facts
                .security
                .iter()
                .map(|alternative| alternative.join(" and "))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        self.insert(
            ItemKind::Security,
            path.to_owned(),
            security,
            owner.clone(),
            false,
        );
        let responses = facts
            .responses
            .iter()
            .map(|(status, outcome)| format!("{status} {outcome}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.insert(
            ItemKind::Responses,
            path.to_owned(),
            responses,
            owner,
            false,
        );
    }
}

/// Facts read from the body of an emitted operation: the `call(method, path)`, the first argument
/// of `authorize` and the arms of the `match` on the status.
#[derive(Default)]
struct OperationFacts {
    endpoint: Option<String>,
    security: Vec<Vec<String>>,
    responses: Vec<(String, String)>,
}

impl<'ast> Visit<'ast> for OperationFacts {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let arguments: Vec<_> = call.args.iter().collect();
        match (call.method.to_string().as_str(), arguments.as_slice()) {
            ("call", [method, path]) | ("call_at", [_, _, method, path]) => {
                let method = method.to_token_stream().to_string();
                let method = method.rsplit("::").next().unwrap_or_default().trim();
                let path = tidy(&path.to_token_stream().to_string());
                self.endpoint = Some(format!("{method} {}", path.trim_matches('"')));
            }
            ("authorize" | "authorize_from_client", [requirement, ..]) => {
                self.security = scheme_lists(requirement)
            }
            _ => {}
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_match(&mut self, expression: &'ast syn::ExprMatch) {
        // NOTE: this reads the shape that emit/operations.rs writes, a `match` on
        // `received.status.as_u16()` whose error arms call the runtime's `into_api_error`,
        // `into_typed_api_error` or `into_unexpected`, and whose success arms read the body
        // with `received.json`, `received.text()` or `received.body.clone()`.
        // tests/spec_change.rs fails when that shape changes.
        let scrutinee = expression.expr.to_token_stream().to_string();
        if scrutinee.contains("status") {
            for arm in &expression.arms {
                let pattern = tidy(&arm.pat.to_token_stream().to_string());
                let body = arm.body.to_token_stream().to_string();
                let api_error =
                    body.contains("into_api_error") || body.contains("into_typed_api_error");
                let outcome = if api_error {
                    "Err(Error::Api)"
                } else if body.contains("into_unexpected") {
                    "Err(Error::UnexpectedStatus)"
                } else {
                    success_outcome(&body)
                };
                for status in pattern.split(" | ") {
                    self.responses.push((status.to_owned(), outcome.to_owned()));
                }
            }
        }
        syn::visit::visit_expr_match(self, expression);
    }
}

/// Names the outcome of a success arm, whose Rust text is `arm`, after the way it reads the
/// body: `Ok` when it reads none.
fn success_outcome(arm: &str) -> &'static str {
    if arm.contains("received . json") {
        "Ok(JSON body)"
    } else if arm.contains("received . text ()") {
        "Ok(text body)"
    } else if arm.contains("received . body . clone ()") {
        "Ok(bytes body)"
    } else {
        "Ok"
    }
}

/// Reads the requirement that emit/operations.rs passes to `authorize`, such as
/// `&[&[], &[(SchemeId::A, &[]), (SchemeId::B, &["read"])]]`, as
/// `[["none"], ["A", "B (read)"]]`: one list per alternative, with the scopes of each scheme.
fn scheme_lists(requirement: &syn::Expr) -> Vec<Vec<String>> {
    let syn::Expr::Reference(outer) = requirement else {
        return Vec::new();
    };
    let syn::Expr::Array(alternatives) = outer.expr.as_ref() else {
        return Vec::new();
    };
    let mut lists = Vec::new();
    for alternative in &alternatives.elems {
        let syn::Expr::Reference(inner) = alternative else {
            continue;
        };
        let syn::Expr::Array(schemes) = inner.expr.as_ref() else {
            continue;
        };
        let names: Vec<String> = schemes.elems.iter().map(scheme_with_scopes).collect();
        if names.is_empty() {
            lists.push(vec![String::from("none")]);
        } else {
            lists.push(names);
        }
    }
    lists
}

/// Reads one scheme of a requirement, `(SchemeId::B, &["read", "write"])`, as `B (read, write)`,
/// and a scheme without scopes as its name alone.
fn scheme_with_scopes(scheme: &syn::Expr) -> String {
    let (id, scopes) = match scheme {
        syn::Expr::Tuple(pair) if pair.elems.len() == 2 => (&pair.elems[0], Some(&pair.elems[1])),
        other => (other, None),
    };
    let text = tidy(&id.to_token_stream().to_string());
    let name = text.rsplit("::").next().unwrap_or_default().to_owned();
    let scopes = scopes.map(scope_names).unwrap_or_default();
    if scopes.is_empty() {
        name
    } else {
        format!("{name} ({})", scopes.join(", "))
    }
}

/// Reads the scopes of a scheme, `&["read", "write"]`, as `["read", "write"]`.
fn scope_names(scopes: &syn::Expr) -> Vec<String> {
    let syn::Expr::Reference(reference) = scopes else {
        return Vec::new();
    };
    let syn::Expr::Array(array) = reference.expr.as_ref() else {
        return Vec::new();
    };
    array
        .elems
        .iter()
        .filter_map(|scope| match scope {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect()
}

fn parse_source(files: &[GeneratedFile], module: &str) -> Result<Option<syn::File>, ParseFailure> {
    let path = format!("src/{module}.rs");
    let Some(file) = files.iter().find(|file| file.path == path) else {
        return Ok(None);
    };
    syn::parse_file(&file.contents)
        .map(Some)
        .map_err(|error| ParseFailure {
            path,
            message: error.to_string(),
        })
}

fn collect_reexports(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    reexports: &mut BTreeMap<String, BTreeSet<String>>,
    surface: &mut ApiSurface,
) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            collect_reexports(&path.tree, prefix, reexports, surface);
            prefix.pop();
        }
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                collect_reexports(tree, prefix, reexports, surface);
            }
        }
        syn::UseTree::Name(name) => match prefix.as_slice() {
            [module] => {
                let names = reexports.entry(module.clone()).or_default();
                names.insert(name.ident.to_string());
            }
            _ => {
                let mut path = prefix.clone();
                path.push(name.ident.to_string());
                let name = name.ident.to_string();
                surface.insert(ItemKind::Reexport, name, path.join("::"), None, false);
            }
        },
        syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => {
            // NOTE: the emitted lib.rs renames nothing and uses no globs, so neither is read.
        }
    }
}

/// Returns the impls, without bodies, that an invocation of one of the runtime's table macros
/// writes. Those are the serde traits of a struct, and for an enum also `Display` and its
/// `as_str` or `value` method. Another macro gives none.
fn table_macro_impls(invocation: &syn::ItemMacro) -> Vec<syn::ItemImpl> {
    let Some(table) = crate::emit::table_macro(invocation) else {
        return Vec::new();
    };
    let tokens: Vec<proc_macro2::TokenTree> = invocation.mac.tokens.clone().into_iter().collect();
    let Some(proc_macro2::TokenTree::Ident(name)) = tokens.first() else {
        return Vec::new();
    };

    let mut impls: Vec<syn::ItemImpl> = vec![
        syn::parse_quote!(impl serde::Serialize for #name {}),
        syn::parse_quote!(impl<'de> serde::Deserialize<'de> for #name {}),
    ];
    let method: Option<syn::ItemImpl> = match table {
        "impl_string_enum" => {
            Some(syn::parse_quote!(impl #name { pub fn as_str(&self) -> &str {} }))
        }
        "impl_integer_enum" => {
            // The head is `Name: integer`, before the braced values.
            let integer: proc_macro2::TokenStream = tokens
                .iter()
                .skip(2)
                .take_while(|token| !matches!(token, proc_macro2::TokenTree::Group(_)))
                .cloned()
                .collect();
            syn::parse2::<syn::Type>(integer)
                .ok()
                .map(|integer| syn::parse_quote!(impl #name { pub fn value(&self) -> #integer {} }))
        }
        _ => None,
    };
    if let Some(method) = method {
        impls.push(syn::parse_quote!(impl std::fmt::Display for #name {}));
        impls.push(method);
    }
    impls
}

/// Returns `path` without generic arguments that are only lifetimes, so that a written
/// `impl<'de> serde::Deserialize<'de>` names the trait as `#[derive(serde::Deserialize)]` does.
fn without_lifetimes(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
    for segment in &mut path.segments {
        if let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments {
            let lifetimes_only = arguments
                .args
                .iter()
                .all(|argument| matches!(argument, syn::GenericArgument::Lifetime(_)));
            if lifetimes_only {
                segment.arguments = syn::PathArguments::None;
            }
        }
    }
    path
}

fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn is_public(visibility: &syn::Visibility) -> bool {
    matches!(visibility, syn::Visibility::Public(_))
}

fn is_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

fn has_feature_cfg(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && attr.to_token_stream().to_string().contains("feature")
    })
}

/// Returns `fields` without their doc comments, which are no part of a variant's signature.
fn without_docs(fields: &syn::Fields) -> syn::Fields {
    let mut fields = fields.clone();
    for field in fields.iter_mut() {
        field.attrs.retain(|attr| !attr.path().is_ident("doc"));
    }
    fields
}

/// Tells whether the item exists only when rustdoc runs the Markdown pages as doctests.
fn is_doctest_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg") && attr.to_token_stream().to_string().contains("doctest")
    })
}

/// Removes the spaces that token printing puts around punctuation, so that
/// `Option < crate :: models :: Project >` reads `Option<crate::models::Project>`.
/// Returns the signature of an operation's method as an `async fn`, or `None` when `sig` is not
/// one. An operation is an `async fn` or a function that returns `impl Future`, and both
/// forms give the same signature, so the report finds no change between them.
fn operation_signature(sig: &syn::Signature) -> Option<String> {
    if sig.asyncness.is_some() {
        return Some(tidy(&sig.to_token_stream().to_string()));
    }
    let output = future_output(&sig.output)?;
    let mut async_sig = sig.clone();
    async_sig.asyncness = Some(Default::default());
    async_sig.output = syn::ReturnType::Type(Default::default(), Box::new(output.clone()));
    Some(tidy(&async_sig.to_token_stream().to_string()))
}

/// Returns `T` of a return type `impl Future<Output = T> + ...`.
fn future_output(output: &syn::ReturnType) -> Option<&syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::ImplTrait(bounds) = ty.as_ref() else {
        return None;
    };
    bounds.bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else {
            return None;
        };
        let last = bound.path.segments.last()?;
        if last.ident != "Future" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
            return None;
        };
        arguments.args.iter().find_map(|argument| match argument {
            syn::GenericArgument::AssocType(assoc) if assoc.ident == "Output" => Some(&assoc.ty),
            _ => None,
        })
    })
}

pub(crate) fn tidy(tokens: &str) -> String {
    let mut text = tokens.to_owned();
    let replacements = [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" : ", ": "),
        (" ..= ", "..="),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
        ("( ", "("),
        (" )", ")"),
        (" ;", ";"),
        ("[ ", "["),
        (" ]", "]"),
        ("! (", "!("),
        (" (", "("),
    ];
    for (from, to) in replacements {
        text = text.replace(from, to);
    }
    text.replace(",)", ")")
        .replace("->", " -> ")
        .replace("  ", " ")
}
