//! Moves a copy of `spec/` forward to the 2026-08 auth service and checks what regeneration
//! reports and writes.

mod common;

use std::fs;
use std::path::Path;

use common::{fixture, generate, workspace_root};
use generator::changes::{Bump, ChangeReport, ItemKind, compare_with_disk};
use generator::write::{compare_files, write_files};
use generator::{GeneratedFile, Options};

/// Generates from `spec_dir/openapi.yaml` with the settings beside it, labelled as
/// `spec/openapi.yaml` like the checked-in SDK.
fn generate_from(spec_dir: &Path) -> Vec<GeneratedFile> {
    let options = Options {
        spec: spec_dir.join("openapi.yaml"),
        spec_label: String::from("spec/openapi.yaml"),
        settings: Some(spec_dir.join("generator.toml")),
        templates: workspace_root().join("templates"),
    };
    generator::generate(&options).expect("the spec generates")
}

fn copy_spec_folder(to: &Path) {
    fs::create_dir_all(to).expect("the spec folder is created");
    for name in ["openapi.yaml", "generator.toml"] {
        let from = workspace_root().join("spec").join(name);
        fs::copy(&from, to.join(name)).expect("the spec file is copied");
    }
}

fn has_change(report: &ChangeReport, kind: ItemKind, path: &str, breaking: bool) -> bool {
    report
        .changes
        .iter()
        .any(|change| change.kind == kind && change.path == path && change.breaking == breaking)
}

#[test]
fn moving_spec_forward_reports_api_changes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (spec_dir, out) = (dir.path().join("spec"), dir.path().join("out"));
    copy_spec_folder(&spec_dir);

    let old_files = generate_from(&spec_dir);
    write_files(&out, &old_files).expect("the old SDK is written");
    let unchanged = compare_with_disk(&out, &old_files).expect("the old SDK is readable");
    assert_eq!(unchanged, Some(ChangeReport::default()));

    fs::copy(
        fixture("gram-auth-2026-08.yaml"),
        spec_dir.join("openapi.yaml"),
    )
    .expect("the new spec replaces the old one");
    let new_files = generate_from(&spec_dir);
    let report = compare_with_disk(&out, &new_files)
        .expect("the old SDK is readable")
        .expect("the output folder holds an SDK");

    for added in [
        "auth::Auth::auth_login",
        "auth::Auth::register",
        "auth::Auth::enter_demo",
    ] {
        assert!(
            has_change(&report, ItemKind::Operation, added, false),
            "{added} not added"
        );
    }
    assert!(has_change(
        &report,
        ItemKind::Endpoint,
        "auth::Auth::logout",
        false
    ));
    assert!(has_change(
        &report,
        ItemKind::Responses,
        "auth::Auth::logout",
        true
    ));
    assert!(has_change(&report, ItemKind::Type, "models::Error", false));
    assert!(has_change(&report, ItemKind::Type, "models::Project", true));
    assert_eq!(report.bump(), Bump::Major);
    insta::assert_snapshot!("gram_auth_2026_08_changes", report.to_markdown("gram-sdk"));

    let written = write_files(&out, &new_files).expect("the new SDK is written");
    assert!(
        written
            .iter()
            .any(|change| change.path == "docs/models/project.md"
                && change.change == generator::write::Change::Removed),
        "the page of the removed model stays: {written:?}"
    );
    assert!(!out.join("docs/models/project.md").exists());
    assert_eq!(compare_files(&out, &new_files).expect("readable"), []);
    let settled = compare_with_disk(&out, &new_files).expect("the new SDK is readable");
    assert_eq!(settled, Some(ChangeReport::default()));
}

#[test]
fn moved_spec_generates_fixture_output() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let spec_dir = dir.path().join("spec");
    copy_spec_folder(&spec_dir);
    fs::copy(
        fixture("gram-auth-2026-08.yaml"),
        spec_dir.join("openapi.yaml"),
    )
    .expect("the new spec replaces the old one");

    // The fixture has the settings of spec/ beside it, so only the header line, which names
    // the spec file, differs from the snapshotted output.
    let without_header = |files: Vec<GeneratedFile>| -> Vec<(String, String)> {
        let strip = |text: &str| {
            text.split_once('\n')
                .map_or(String::new(), |(_, rest)| rest.to_owned())
        };
        files
            .into_iter()
            .map(|file| (file.path, strip(&file.contents)))
            .collect()
    };
    let moved = without_header(generate_from(&spec_dir));
    let snapshotted = without_header(generate(&fixture("gram-auth-2026-08.yaml")));
    assert_eq!(moved, snapshotted);
}
