//! `mscdb datasette-metadata` (0.65 metadata, 1.x with `--config`) served by
//! the real datasette, both versions where installed (`.ci/run` links
//! `datasette-0.65` and `datasette-1.0`): canned queries answer as the CLI
//! scopes its answers, search boxes search, internal tables are hidden.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{json, mscdb};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A plain HTTP/1.0 GET on loopback: the status line's code and the body.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let code = head.split(' ').nth(1)?.parse().ok()?;
    Some((code, body.to_string()))
}

/// The datasette commands here, by their version (`0.65.5`, `1.0a41`).
fn datasettes() -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for name in ["datasette-0.65", "datasette-1.0", "datasette"] {
        let Ok(out) = Command::new(name).arg("--version").output() else {
            continue;
        };
        let text = String::from_utf8_lossy(&out.stdout);
        let Some(version) = text.split("version ").nth(1).map(|v| v.trim().to_string()) else {
            continue;
        };
        if !found.iter().any(|(_, v)| *v == version) {
            found.push((name.to_string(), version));
        }
    }
    for major in ["0.", "1."] {
        if !found.iter().any(|(_, v)| v.starts_with(major)) {
            crate::common::skip(
                &format!("the datasette {major}x check"),
                &format!("no datasette {major}x installed (datasette-0.65 / datasette-1.0 on PATH)"),
            );
        }
    }
    found
}

fn ids(rows: &Value, key: &str) -> BTreeSet<String> {
    rows.as_array()
        .unwrap_or_else(|| panic!("rows: {rows}"))
        .iter()
        .map(|r| r[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn datasette_0_65_and_1_x_serve_scoped_canned_queries_and_search_boxes() {
    let servers = datasettes();
    if servers.is_empty() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mscdb.sqlite");
    mscdb().args(["build", "-o"]).arg(&db).assert().success();
    let meta = dir.path().join("metadata.json");
    let config = dir.path().join("datasette.json");
    let out = mscdb().arg("datasette-metadata").output().unwrap();
    assert!(out.status.success());
    std::fs::write(&meta, &out.stdout).unwrap();
    let out = mscdb().args(["datasette-metadata", "--config"]).output().unwrap();
    assert!(out.status.success());
    std::fs::write(&config, &out.stdout).unwrap();

    for (command, version) in servers {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut serve = Command::new(&command);
        serve.arg("serve").arg(&db).arg("-m").arg(&meta);
        if version.starts_with("1.") {
            serve.arg("-c").arg(&config);
        }
        let _server = Server(
            serve
                .args(["-p", &port.to_string(), "-h", "127.0.0.1"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let fetch = |path: &str| -> Value {
            let started = Instant::now();
            loop {
                match get(port, path) {
                    Some((200, body)) => {
                        return serde_json::from_str(&body)
                            .unwrap_or_else(|e| panic!("datasette {version} {path}: {e}: {body}"));
                    }
                    Some((code, body)) if code != 503 => {
                        panic!("datasette {version} {path}: HTTP {code}: {body}")
                    }
                    _ => {}
                }
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "datasette {version} did not answer {path}"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        };
        let query = |name: &str, args: &str| fetch(&format!("/mscdb/{name}.json?{args}&_shape=array"));

        // In force, MSC products only: the products `mscdb products --in` lists.
        for place in ["US", "JP", "KR", "France"] {
            let rows = query("msc_grants_in_force_in_country", &format!("country={place}"));
            // A grant whose term ran out with an application pending
            // (`term-ended`) is listed by `products` with that status, but is
            // not in force for certain: the query leaves it out.
            let cli = json(&["products", "--in", place]);
            let in_force = Value::Array(
                cli.as_array()
                    .unwrap()
                    .iter()
                    .filter(|r| r["status"] != "term-ended")
                    .cloned()
                    .collect(),
            );
            assert_eq!(
                ids(&rows, "product_id"),
                ids(&in_force, "id"),
                "datasette {version}, {place}"
            );
        }
        let us = query("msc_grants_in_force_in_country", "country=US");
        let ryoncil = us
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["product"] == "Ryoncil")
            .unwrap();
        assert_eq!(ryoncil["granted"], "2024-12-18");
        assert!(ryoncil["end_events_after_grant"].is_null());
        // Ended grants apart: Alofisel's EU grant, asked from France.
        let ended = query("msc_grants_ended_in_country", "country=France");
        let alofisel = ended
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["product"] == "Alofisel")
            .unwrap();
        assert_eq!(alofisel["jurisdiction"], "EU");
        assert!(
            alofisel["end_events_after_grant"]
                .as_str()
                .unwrap()
                .contains("withdrawal")
        );
        // Other cell products apart: an iPSC product in Japan, no MSC among them.
        let other = query("other_cell_product_grants_in_country", "country=JP");
        assert!(ids(&other, "product").contains("Amchepry"), "{other}");
        assert!(other.as_array().unwrap().iter().all(|r| r["cell_type"] != "msc"));
        let gvhd = ids(
            &query("msc_grants_in_force_for_indication", "indication=GvHD"),
            "product",
        );
        assert!(
            gvhd.contains("Ryoncil") && gvhd.contains("TEMCELL HS Inj."),
            "{gvhd:?}"
        );
        let rows = query("frameworks_side_by_side", "");
        assert_eq!(rows[0]["topic"], "legal-basis");
        assert!(
            rows[0]["FDA"]
                .as_str()
                .unwrap()
                .contains("Public Health Service Act")
        );

        // Search boxes on the tables people browse.
        for (table, term, id) in [
            ("products", "remestemcel", "remestemcel-l"),
            ("sources", "Prochymal", "hc-2012-prochymal-qn"),
            ("decisions", "Prochymal", "remestemcel-ca-2012-noc-c"),
        ] {
            let rows = fetch(&format!("/mscdb/{table}.json?_search={term}&_shape=array"));
            assert!(
                ids(&rows, "id").contains(id),
                "datasette {version}: {table} ?_search={term}: {rows}"
            );
        }
        // Internal tables hidden; the queries listed under their names.
        let database = fetch("/mscdb.json");
        let text = database.to_string();
        assert!(
            text.contains("msc_grants_in_force_in_country"),
            "datasette {version}: {text}"
        );
        if let Some(tables) = database["tables"].as_array() {
            let names = tables.iter().find(|t| t["name"] == "names").unwrap();
            assert_eq!(names["hidden"], true, "datasette {version}");
            let products = tables.iter().find(|t| t["name"] == "products").unwrap();
            assert_eq!(products["hidden"], false, "datasette {version}");
        }
    }
}
