//! The `winasync-codegen` binary as a user runs it: exit codes, output shapes, determinism.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_winasync-codegen"));
    cmd.current_dir(root()).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SEEDS: &str = "tests/fixtures/seeds";

#[test]
fn check_on_the_bundled_pages_succeeds() {
    let out = run(&["check", "docs-src"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 95 page(s): 95 API(s), 0 error(s)"), "{}", stderr(&out));
    // The same file named twice, spelled two ways, is one page, not a duplicate API.
    let out = run(&["check", "docs-src", "./docs-src/winhttp/ns-winhttp-winhttp_async_result.md"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("checked 95 page(s)"), "{}", stderr(&out));
}

#[test]
fn warnings_do_not_fail_check_and_show_a_snippet() {
    let out = run(&["check", &format!("{SEEDS}/001_df78dcc5149ec7da.txt")], &[]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("warning[template-front-matter]"), "{err}");
    assert!(err.contains("001_df78dcc5149ec7da.txt:2:1"), "{err}");
    assert!(err.contains("2 │ UID: The unique id of the API."), "{err}");
}

#[test]
fn errors_exit_1_and_usage_problems_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nameless = dir.path().join("nameless.md");
    std::fs::write(&nameless, "Just some text.\n").expect("write");
    let out = run(&["check", nameless.to_str().expect("utf-8 path")], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error[no-identity]"), "{}", stderr(&out));

    let binary = dir.path().join("latin1.md");
    std::fs::write(&binary, b"---\ntitle: caf\xe9\n---\n").expect("write");
    let out = run(&["check", binary.to_str().expect("utf-8 path")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[unreadable-file]: page is not UTF-8"), "{}", stderr(&out));

    let out = run(&["check", "no/such/page.md"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such file or folder: no/such/page.md"), "{}", stderr(&out));

    let out = run(&["check"], &[]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(&["check", dir.path().join("empty").to_str().expect("utf-8 path")], &[]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let out = run(&["check", dir.path().join("empty").to_str().expect("utf-8 path")], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no `.md` pages under"), "{}", stderr(&out));
}

#[test]
fn two_pages_for_one_api_is_an_error() {
    let out = run(&["check", "--short", "docs-src", &format!("{SEEDS}/004_f6599f71433a3074.txt")], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("004_f6599f71433a3074.txt:3:8: error[duplicate-api]: `AsyncStatus` is also documented by docs-src/asyncinfo/ne-asyncinfo-asyncstatus.md:3"),
        "{err}"
    );
}

#[test]
fn inspect_json_has_the_promised_shape() {
    let out = run(&["inspect", "--json", "docs-src", &format!("{SEEDS}/000_f147a628605507f7.txt")], &[]);
    // The seed duplicates a docs-src page: an error, but the JSON is still complete.
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = json["items"].as_array().expect("items");
    // 96 pages, plus the nested types of the documented records: WINBIO_ASYNC_RESULT (the
    // Parameters union and its 21 per-operation structs), VDS_ASYNC_OUTPUT (its union and the 8
    // per-operation structs cp, cv, bvp, sv, cl, ct, cpg, cvd), WSACOMPLETION (the Parameters union
    // and WindowMessage, Event, Apc, Port), RIO_NOTIFICATION_COMPLETION (its union, Event, Iocp),
    // RPC_ASYNC_NOTIFICATION_INFO (APC, IOC, HWND), OVERLAPPED (the anonymous union and the
    // anonymous Offset/OffsetHigh struct in it) and DNS_QUERY_RAW_RESULT (its anonymous union).
    assert_eq!(items.iter().filter(|i| i.get("nested_in").is_none()).count(), 96);
    assert_eq!(items.len(), 96 + 22 + 9 + 5 + 3 + 3 + 2 + 1);
    for item in items {
        for key in ["name", "kind", "header", "source", "description", "fields"] {
            assert!(item.get(key).is_some(), "item lacks {key}: {item}");
        }
        for field in item["fields"].as_array().expect("fields") {
            for key in ["name", "description", "values"] {
                assert!(field.get(key).is_some(), "field lacks {key}");
            }
            for value in field["values"].as_array().expect("values") {
                assert!(value["name"].is_string() && value["description"].is_string());
                assert!(value["value"].is_i64() || value["value"].is_u64() || value["value"].is_null());
            }
        }
    }
    let seed = items
        .iter()
        .find(|i| i["source"].as_str().is_some_and(|s| s.ends_with("000_f147a628605507f7.txt")))
        .expect("seed item");
    assert_eq!(seed["name"], "WINHTTP_ASYNC_RESULT");
    assert_eq!(seed["kind"], "struct");
    assert_eq!(seed["header"], "winhttp");
    assert_eq!(seed["fields"][0]["values"][4]["name"], "API_SEND_REQUEST");
    assert_eq!(seed["fields"][0]["values"][4]["value"], 5);
    assert!(seed["fields"][1]["value"].is_null());
    // The see-also link of the seed resolves to no page of this set: target null.
    assert!(seed["see_also"][0]["target"].is_null());
    // The docs-src copy links WINHTTP_STATUS_CALLBACK, which is in the set.
    let current =
        items.iter().find(|i| i["source"] == "docs-src/winhttp/ns-winhttp-winhttp_async_result.md").expect("page");
    let targets: Vec<&str> =
        current["description_links"].as_array().expect("links").iter().filter_map(|l| l["target"].as_str()).collect();
    assert!(targets.contains(&"WINHTTP_STATUS_CALLBACK"), "{targets:?}");

    let diags = json["diagnostics"].as_array().expect("diagnostics");
    assert!(!diags.is_empty());
    for d in diags {
        for key in ["severity", "file", "line", "column", "message"] {
            assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
        }
    }
    assert!(diags.iter().any(|d| d["severity"] == "error" && d["code"] == "duplicate-api"));
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let seed = format!("{SEEDS}/004_f6599f71433a3074.txt");
    let args = ["inspect", "--json", "docs-src", &seed];
    let a = run(&args, &[]);
    let b = run(&args, &[("RAYON_NUM_THREADS", "1")]);
    assert!(!a.stdout.is_empty());
    assert!(a.stdout == b.stdout, "inspect output depends on scheduling");
    let c = run(&["check", "docs-src", &seed], &[]);
    let d = run(&["check", "docs-src", &seed], &[("RAYON_NUM_THREADS", "1")]);
    assert!(String::from_utf8_lossy(&c.stderr).contains("checked 96 page(s)"));
    assert!(c.stderr == d.stderr, "check output depends on scheduling");
}

#[test]
fn check_reports_abi_drift_and_inspect_carries_the_abi() {
    let out = run(&["check", "--short", "docs-src/winhttp/ns-winhttp-winhttp_async_result.md"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "ns-winhttp-winhttp_async_result.md:57:12: warning[abi-not-documented]: the ABI constant `API_GET_PROXY_SETTINGS` = 7"
        ),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", "--short", "--no-abi", "docs-src/winhttp/ns-winhttp-winhttp_async_result.md"], &[]);
    assert!(!stderr(&out).contains("abi-not-documented"), "{}", stderr(&out));

    let out = run(&["inspect", "--json", "docs-src/winbio/ns-winbio-winbio_async_result.md"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let items = v["items"].as_array().unwrap();
    // windows-sys's number (abi-x86_64.json); tests/abi.rs compares every target and offset.
    assert_eq!(items[0]["abi"]["layout"]["x86_64"]["size"], 360);
    assert!(items[0]["abi"]["layout"]["x86"]["size"].is_u64());
    // Nested anonymous types follow as their own items.
    assert_eq!(items[1]["name"], "WINBIO_ASYNC_RESULT_Parameters");
    assert_eq!(items[1]["kind"], "union");
}

#[test]
fn a_bad_abi_source_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("abi.json");
    std::fs::write(&bad, "{\"types\": 3}").unwrap();
    let out = run(&["check", "--abi", bad.to_str().unwrap(), "docs-src/winhttp"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not an ABI snapshot"), "{}", stderr(&out));
    let out = run(&["inspect", "--winmd", dir.path().join("none").to_str().unwrap(), "docs-src/winhttp"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));
}

/// The status payload mapping notices a changed row: an entry whose quote the row no longer holds
/// is `payload-stale`; a row no rule reads and no entry decides is `payload-unknown`.
#[test]
fn changed_status_rows_are_noticed() {
    let original =
        std::fs::read_to_string(root().join("docs-src/winhttp/nc-winhttp-winhttp_status_callback.md")).unwrap();
    // RESOLVING_NAME's entry quotes "contains a pointer to the server name being resolved".
    let stale = original.replace("contains a pointer to the server name being resolved", "holds the name");
    // CLOSING_CONNECTION has no entry; its row is read by the "is NULL" rule.
    let closing = "Closing the connection to the server. The \n<i>lpvStatusInformation</i> parameter is <b>NULL</b>.";
    assert!(original.contains(closing), "the page still has CLOSING_CONNECTION's row as written here");
    let unknown = stale.replace(closing, "Closing the connection to the server.");
    assert_ne!(unknown, original);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("nc-winhttp-winhttp_status_callback.md");
    std::fs::write(&page, &unknown).unwrap();
    let out = run(&["check", "--short", page.to_str().unwrap()], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "warnings only: {err}");
    let line_of = |needle: &str| unknown[..unknown.find(needle).unwrap()].lines().count() + 1;
    // At the status's name in its `#### NAME` heading (column 6).
    let expect_stale = format!(
        ":{}:6: warning[payload-stale]: the row of `WINHTTP_CALLBACK_STATUS_RESOLVING_NAME` no longer says \"contains a pointer to the server name being resolved\"",
        line_of("#### WINHTTP_CALLBACK_STATUS_RESOLVING_NAME")
    );
    assert!(err.contains(&expect_stale), "{expect_stale}\nnot in:\n{err}");
    assert!(
        err.contains("warning[payload-unknown]: cannot tell what `WINHTTP_CALLBACK_STATUS_CLOSING_CONNECTION` carries in `lpvStatusInformation`: no rule reads its row"),
        "{err}"
    );
    // The unchanged page has neither.
    let clean = run(&["check", "--short", "docs-src/winhttp/nc-winhttp-winhttp_status_callback.md"], &[]);
    assert!(!stderr(&clean).contains("payload-"), "{}", stderr(&clean));
}

/// A generation that fails writes nothing: no output file, no temporary file beside it.
#[test]
fn a_failed_generation_leaves_nothing_behind() {
    let docs = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("docs-src/abi.json"), docs.path().join("abi.json")).unwrap();
    // Two pages for one API: an error.
    for name in ["a.md", "b.md"] {
        std::fs::copy(root().join("docs-src/winhttp/ns-winhttp-winhttp_async_result.md"), docs.path().join(name))
            .unwrap();
    }
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("winasync.rs");
    let run = run(&["generate", docs.path().to_str().unwrap(), "--out", out.to_str().unwrap()], &[]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("duplicate-api"), "{}", stderr(&run));
    assert_eq!(std::fs::read_dir(out_dir.path()).unwrap().count(), 0, "something was written");
}

#[test]
fn generate_previews_what_a_build_script_gets() {
    let source = |args: &[&str]| {
        let out = run(&[&["generate", "docs-src"], args].concat(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        String::from_utf8(out.stdout).expect("UTF-8 source")
    };
    // The winasync crate's settings: a feature per module and the windows-sys conversions.
    let crate_source = source(&[]);
    assert!(crate_source.contains("#[cfg(feature = \"winhttp\")]"));
    assert!(crate_source.contains("feature = \"windows-sys\""));
    // Builder::new(): neither.
    let user = source(&["--builder-defaults"]);
    assert!(user.contains("pub mod winhttp"));
    assert!(!user.contains("#[cfg(feature ="), "Builder::new() puts nothing behind features");
    // One API, flat, conversions behind a feature of the user's name.
    let one = source(&[
        "--builder-defaults",
        "--layout",
        "flat",
        "--allow",
        "WINHTTP_ASYNC_RESULT",
        "--windows-sys-feature",
        "sys",
    ]);
    assert!(!one.contains("pub mod "), "flat: no modules");
    assert!(one.contains("pub struct WINHTTP_ASYNC_RESULT"));
    assert!(!one.contains("pub struct INTERNET_ASYNC_RESULT"), "only what was allowed");
    assert!(one.contains("feature = \"sys\""));
    assert!(!one.contains("feature = \"windows-sys\""));
}

#[test]
fn check_of_a_docs_folder_uses_its_own_snapshot() {
    // A docs folder whose abi.json was made before a page was added: the build would fail with
    // stale-abi-snapshot, and `check` on the folder says so too (not a silent 0 against the
    // snapshot bundled with the generator).
    let docs = tempfile::tempdir().unwrap();
    let page = docs.path().join("winhttp/ns-winhttp-winhttp_async_result.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::copy(root().join("docs-src/winhttp/ns-winhttp-winhttp_async_result.md"), &page).unwrap();
    let made =
        run(&["abi", "--out", docs.path().join("abi.json").to_str().unwrap(), docs.path().to_str().unwrap()], &[]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let ok = run(&["check", docs.path().to_str().unwrap()], &[]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    let added = docs.path().join("winhttp/ns-winhttp-winhttp_web_socket_status.md");
    std::fs::copy(root().join("docs-src/winhttp/ns-winhttp-winhttp_web_socket_status.md"), &added).unwrap();
    let stale = run(&["check", docs.path().to_str().unwrap()], &[]);
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    assert!(stderr(&stale).contains("stale-abi-snapshot"), "{}", stderr(&stale));
}
