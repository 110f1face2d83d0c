//! Where the record comes from: the CSVs compiled into the binary, a
//! directory of CSVs (`--data`), or a database written by `build` (`--db`).

mod load;
pub mod parse;
pub mod validate;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Problem, Result};
use crate::spec::TABLES;
use parse::RawTable;

/// `PRAGMA application_id` of an mscdb database ("MSCD").
pub const APPLICATION_ID: i32 = 0x4D53_4344;
/// `PRAGMA user_version`: bumped whenever the schema changes.
pub const SCHEMA_VERSION: i32 = 1;

/// The loaded record, ready for queries.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// The record compiled into the binary: an SQLite image that the build
    /// script wrote from `data/` with this same loader, opened in place
    /// (read-only, no copy), so that start-up does no parsing.
    pub fn from_image(image: &'static [u8]) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_bytes(rusqlite::MAIN_DB, image)?;
        conn.execute_batch("PRAGMA query_only = 1;")?;
        Ok(Store { conn })
    }

    /// A directory holding one CSV per table.
    pub fn from_dir(dir: &Path) -> Result<Store> {
        if !dir.is_dir() {
            return Err(Error::usage(format!("{}: not a directory", dir.display())));
        }
        Store::load_with(|file| match std::fs::read(dir.join(file)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        })
    }

    /// Parses, validates and loads every table; all or nothing. `read` gives
    /// a file's bytes by name (`products.csv`), or `None` when it is missing.
    pub fn load_with(read: impl Fn(&str) -> std::io::Result<Option<Vec<u8>>>) -> Result<Store> {
        let tables = read_tables(read)?;
        let mut conn = Connection::open_in_memory()?;
        load::load(&mut conn, &tables)?;
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION}; PRAGMA query_only = 1;"
        ))?;
        Ok(Store { conn })
    }

    /// A database file written by `mscdb build`, opened read-only.
    pub fn open_file(path: &Path) -> Result<Store> {
        let refuse = |message: String| Error::Database {
            path: path.display().to_string(),
            message,
        };
        if !path.is_file() {
            return Err(refuse("no such file".into()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| refuse(format!("cannot open: {e}")))?;
        let header = |pragma: &str| -> Result<i32> {
            conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                .map_err(|e| refuse(format!("not an mscdb database (SQLite says: {e})")))
        };
        let application_id = header("application_id")?;
        if application_id != APPLICATION_ID {
            return Err(refuse(
                "not an mscdb database (wrong application id); write one with 'mscdb build'".into(),
            ));
        }
        let version = header("user_version")?;
        if version != SCHEMA_VERSION {
            return Err(refuse(format!(
                "schema version {version}, but this mscdb reads version {SCHEMA_VERSION}; rebuild it with 'mscdb build'"
            )));
        }
        // A truncated file passes the header checks; its length gives it away
        // (cheaper than reading every page with `PRAGMA quick_check`).
        let pages = header("page_count")? as u64;
        let page_size = header("page_size")? as u64;
        let length = std::fs::metadata(path)?.len();
        if pages * page_size != length {
            return Err(refuse(format!(
                "truncated or damaged database: the header describes {} bytes, the file has {length}",
                pages * page_size
            )));
        }
        conn.execute_batch("PRAGMA query_only = 1;")?;
        Ok(Store { conn })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Writes the record to `target` atomically: a temporary file beside it,
    /// synced, then renamed over it. On failure the target is untouched and
    /// the temporary file removed.
    pub fn write_to(&self, target: &Path) -> Result<()> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "mscdb".into());
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = (|| -> Result<()> {
            let _ = std::fs::remove_file(&temp);
            let path = temp
                .to_str()
                .ok_or_else(|| Error::usage("output path is not valid UTF-8"))?;
            // query_only guards every command against writes; VACUUM INTO only
            // writes the new file, so lift the guard for that one statement.
            self.conn.execute_batch("PRAGMA query_only = 0;")?;
            let vacuum = self.conn.execute("VACUUM INTO ?1", [path]);
            self.conn.execute_batch("PRAGMA query_only = 1;")?;
            vacuum?;
            std::fs::File::open(&temp)?.sync_all()?;
            std::fs::rename(&temp, target)?;
            if let Ok(d) = std::fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }
}

/// Reads and parses every table, collecting every problem before giving up.
fn read_tables(read: impl Fn(&str) -> std::io::Result<Option<Vec<u8>>>) -> Result<Vec<RawTable>> {
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    for table in TABLES {
        let file = table.file();
        match read(&file) {
            Ok(None) => problems.push(Problem {
                file,
                line: None,
                column: None,
                message: "file not found".into(),
                value: None,
            }),
            Err(e) => problems.push(Problem {
                file,
                line: None,
                column: None,
                message: format!("cannot read: {e}"),
                value: None,
            }),
            Ok(Some(bytes)) => match parse::parse(table, &bytes) {
                Ok(raw) => tables.push(raw),
                Err(mut p) => problems.append(&mut p),
            },
        }
    }
    if problems.is_empty() {
        problems = validate::validate(&tables);
    }
    if problems.is_empty() {
        Ok(tables)
    } else {
        Err(Error::Data(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_tables_mirror_the_spec() {
        let store = Store::from_dir(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data"
        )))
        .unwrap();
        for table in TABLES {
            let mut stmt = store
                .conn()
                .prepare(&format!("PRAGMA table_info({})", table.name))
                .unwrap();
            let columns: Vec<String> = stmt
                .query_map([], |r| r.get(1))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            assert_eq!(columns, expected, "{}", table.name);
        }
    }
}
