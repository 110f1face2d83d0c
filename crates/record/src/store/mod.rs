//! Where the record comes from: the CSVs compiled into the binary, a
//! directory of CSVs (`--data`), or a database written by `build` (`--db`).

pub mod confusable;
mod first_use;
mod load;
pub mod parse;
pub mod validate;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::{Error, Problem, Result};
use crate::spec::{Kind, OPTIONAL_TABLES, TABLES, Table};
use parse::RawTable;

/// `PRAGMA application_id` of an mscdb database ("MSCD").
pub const APPLICATION_ID: i32 = 0x4D53_4344;
/// `PRAGMA user_version`: bumped whenever the schema changes.
pub const SCHEMA_VERSION: i32 = 2;

/// The size and date of a record.
#[derive(Debug, Clone)]
pub struct Summary {
    pub record_date: Option<String>,
    pub products: i64,
    pub decisions: i64,
    pub sources: i64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "record of {}: {} products, {} decisions, {} sources",
            self.record_date.as_deref().unwrap_or("an unknown date"),
            self.products,
            self.decisions,
            self.sources
        )
    }
}

/// The loaded record, ready for queries.
pub struct Store {
    conn: Connection,
    /// The database file this store was opened from (`--db`); `None` for
    /// records loaded and validated from CSV.
    origin: Option<String>,
    /// A record loaded straight into the temporary file of a `build`
    /// (see [`Store::build_from_dir`]); taken when it is renamed into place.
    staged: std::sync::Mutex<Option<Staged>>,
}

/// The temporary file a record was loaded into, and the target it becomes.
#[derive(Debug)]
struct Staged {
    temp: PathBuf,
    target: PathBuf,
    kept_permissions: Option<std::fs::Permissions>,
    dir: PathBuf,
}

impl Drop for Store {
    fn drop(&mut self) {
        let staged = self
            .staged
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(staged) = staged {
            remove_with_journal(&staged.temp);
            register_temporary(&staged.temp, false);
        }
    }
}

impl Store {
    fn new(conn: Connection, origin: Option<String>) -> Store {
        // One plan per statement, whatever is bound: otherwise a statement
        // whose plan might depend on a bound value (`kind = ?1`) is compiled
        // again each time it comes back from the statement cache, whose
        // clearing of the bindings expires it. The record has no partial
        // index, no STAT4 samples and no LIKE on a bound pattern, so the
        // plans are the ones each statement's first run gets anyway.
        let _ = conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true);
        Store {
            conn,
            origin,
            staged: std::sync::Mutex::new(None),
        }
    }

    /// The record compiled into the binary: an SQLite image that the build
    /// script wrote from `data/` with this same loader, opened in place
    /// (read-only, no copy), so that start-up does no parsing.
    pub fn from_image(image: &'static [u8]) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_bytes(rusqlite::MAIN_DB, image)?;
        conn.execute_batch("PRAGMA query_only = 1;")?;
        Ok(Store::new(conn, None))
    }

    /// What `--version` says about the record: its date and its size.
    pub fn summary(&self) -> Result<Summary> {
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok(Summary {
            record_date: self
                .conn
                .query_row("SELECT record_date FROM meta LIMIT 1", [], |r| r.get(0))
                .optional()?,
            products: count("products")?,
            decisions: count("decisions")?,
            sources: count("sources")?,
        })
    }

    /// Every value of a column, sorted (for shell completion lists). The
    /// names come from the caller's code, never from input.
    pub fn column_values(&self, table: &str, column: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT \"{column}\" FROM {table} WHERE \"{column}\" IS NOT NULL ORDER BY 1"
        ))?;
        let values = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(values)
    }

    /// A directory holding one CSV per table.
    pub fn from_dir(dir: &Path) -> Result<Store> {
        if !dir.is_dir() {
            return Err(Error::usage(format!("{}: not a directory", dir.display())));
        }
        // A private temporary file (SQLite's own, deleted when closed), not
        // memory: a large record's pages go to disk past a 16 MiB cache, so
        // at 10^6 decisions `--data` needs what `build` needs, not 690 MB.
        let mut conn = Connection::open("")?;
        conn.execute_batch(ON_DISK)?;
        load_into(&mut conn, |file| read_data_file(&dir.join(file)))?;
        Store::loaded(conn)
    }

    /// [`Store::from_dir`] for `build -o target`: the record is loaded
    /// straight into the temporary file beside `target` (no copy in memory,
    /// no second write), which [`Store::write_to`] then renames into place.
    /// Memory stays bounded whatever the size of the record: the largest
    /// table streams from its CSV into the file. When `target` cannot be
    /// written, this is `from_dir`, and `write_to` says why.
    pub fn build_from_dir(dir: &Path, target: &Path) -> Result<Store> {
        if !dir.is_dir() {
            return Err(Error::usage(format!("{}: not a directory", dir.display())));
        }
        let Ok((temp, kept_permissions, parent)) = temporary_for(target) else {
            return Store::from_dir(dir);
        };
        let Some(path) = temp.to_str() else {
            return Store::from_dir(dir);
        };
        register_temporary(&temp, true);
        let _ = std::fs::remove_file(&temp);
        let staged = Staged {
            temp: temp.clone(),
            target: target.to_path_buf(),
            kept_permissions,
            dir: parent,
        };
        let loaded = (|| -> Result<Store> {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let mut conn = Connection::open_with_flags(path, flags)
                .map_err(|e| Error::usage(format!("{}: cannot write: {e}", target.display())))?;
            // A new file that is renamed into place only once complete: no
            // journal is needed, and the page cache stays small.
            conn.execute_batch(ON_DISK)?;
            load_into(&mut conn, |file| read_data_file(&dir.join(file)))?;
            Store::loaded(conn)
        })();
        match loaded {
            Ok(store) => {
                *store
                    .staged
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(staged);
                Ok(store)
            }
            Err(e) => {
                remove_with_journal(&temp);
                register_temporary(&temp, false);
                Err(e)
            }
        }
    }

    /// Parses, validates and loads every table; all or nothing. `read` gives
    /// a file's bytes by name (`products.csv`), or `None` when it is missing.
    pub fn load_with(read: impl Fn(&str) -> std::io::Result<Option<Vec<u8>>>) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        load_into(&mut conn, |file| Ok(read(file)?.map(Input::Bytes)))?;
        Store::loaded(conn)
    }

    fn loaded(conn: Connection) -> Result<Store> {
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION}; PRAGMA query_only = 1;"
        ))?;
        Ok(Store::new(conn, None))
    }

    /// A database file written by `mscdb build`, opened read-only and
    /// immutable (no lock, journal or WAL file is touched or created), by a
    /// URI built from the path so that a name like `file:x` is a file name.
    /// Its schema must be exactly the one the loader creates.
    pub fn open_file(path: &Path) -> Result<Store> {
        let schema = loader_schema()?;
        Store::open_file_expecting(path, &borrowed(&schema))
    }

    /// [`Store::open_file`] against a schema known beforehand (the binary's
    /// build script records the loader's, [`Store::schema`] of the embedded
    /// record), so that an open does not create a database to compare with.
    pub fn open_file_expecting(path: &Path, expected: &[SchemaEntry<'_>]) -> Result<Store> {
        let store = Store::open_schema_checked(path, expected)?;
        store.check_content(path, expected).map_err(|e| match e {
            Error::Sql(e) => Error::Database {
                path: path.display().to_string(),
                message: format!("damaged database (SQLite says: {e})"),
            },
            e => e,
        })?;
        Ok(store)
    }

    /// [`Store::open_file_expecting`] without the content checks, for
    /// `validate`, whose [`Store::verify`] checks the content in full (naming
    /// each bad value) and then makes them.
    pub fn open_file_to_verify(path: &Path, expected: &[SchemaEntry<'_>]) -> Result<Store> {
        Store::open_schema_checked(path, expected)
    }

    /// Every row of `sqlite_schema`, in the order the schema check compares
    /// them: what the build script records of the embedded record.
    pub fn schema(&self) -> Result<Vec<SchemaRow>> {
        Ok(schema_of(&self.conn)?)
    }

    /// The file opened, its header and its schema checked against `expected`.
    fn open_schema_checked(path: &Path, expected: &[SchemaEntry<'_>]) -> Result<Store> {
        let refuse = |message: String| Error::Database {
            path: path.display().to_string(),
            message,
        };
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) => {
                return Err(refuse(format!(
                    "is {}, not a database file",
                    describe(meta.file_type())
                )));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(refuse("no such file".into()));
            }
            Err(e) => return Err(refuse(format!("cannot open: {e}"))),
        }
        let uri = file_uri(path)?;
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(uri, flags).map_err(|e| refuse(format!("cannot open: {e}")))?;
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
        // Every table, index and trigger the loader creates, with the same
        // SQL; beside them only what cannot change an answer (what
        // sqlite-utils adds: indexes, views, FTS tables, ANALYZE statistics).
        // Compared row by row as read (no copy) first: a file as `build`
        // wrote it is the expected schema exactly.
        let sqlite_says = |e: rusqlite::Error| refuse(format!("not an mscdb database (SQLite says: {e})"));
        if !schema_is(&conn, expected).map_err(sqlite_says)? {
            let actual = schema_of(&conn).map_err(sqlite_says)?;
            if let Some(difference) = schema_difference(&owned(expected), &actual) {
                return Err(refuse(format!(
                    "not an mscdb database: {difference}; write one with 'mscdb build'"
                )));
            }
        }
        conn.execute_batch("PRAGMA query_only = 1;")?;
        Ok(Store::new(conn, Some(path.display().to_string())))
    }

    /// The content checks every `--db` open makes, cheap enough for each
    /// command: the ids that name pages and the URLs that become links are
    /// checked in SQL; then the content digest `build` wrote must still
    /// match. The digest is recomputed only when the file's change counter
    /// says the file was written since `build` stamped it (a file that
    /// sqlite-utils indexed or analysed), or it is in WAL mode.
    fn check_content(&self, path: &Path, expected: &[SchemaEntry<'_>]) -> Result<()> {
        let origin = path.display().to_string();
        let refuse = |message: String| Error::Database {
            path: origin.clone(),
            message,
        };
        // The tables whose ids name pages of the site and whose URLs become
        // links; every other value is covered by the digest.
        for table in TABLES
            .iter()
            .filter(|t| ["products", "indications", "jurisdictions", "sources"].contains(&t.name))
        {
            let columns: Vec<&crate::spec::Column> = table
                .columns
                .iter()
                .filter(|column| match column.kind {
                    Kind::Url => true,
                    Kind::Slug | Kind::Code => table.primary_key.contains(&column.name),
                    _ => false,
                })
                .collect();
            // One pass over the table for all its checked columns; only a
            // table with a bad value is read again, a column at a time, to
            // name the first one.
            if columns.is_empty() || self.values_pass(table.name, &columns)? {
                continue;
            }
            for column in columns {
                // Names come from the static spec, never from the file.
                let mut stmt = self.conn.prepare(&format!(
                    "SELECT CAST(\"{}\" AS TEXT) FROM \"{}\"",
                    column.name, table.name
                ))?;
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    let Some(value) = row.get_ref(0)?.as_str_or_null().ok().flatten() else {
                        continue;
                    };
                    if let Err(why) = validate::check_value(column.kind, value) {
                        return Err(refuse(format!(
                            "{} {}: {why} ({}); write the database with 'mscdb build'",
                            table.name,
                            column.name,
                            crate::error::printable(value, 80)
                        )));
                    }
                }
            }
        }
        // The counter row alone first: a file as `build` left it needs no more.
        let counter: Option<String> = self
            .conn
            .query_row(
                "SELECT digest FROM mscdb_digest WHERE tbl = ?1",
                [COUNTER_ROW],
                |r| r.get(0),
            )
            .optional()?;
        let Some(counter) = counter else {
            return Err(refuse(
                "no content digest (not written by 'mscdb build'); rebuild it with 'mscdb build'".into(),
            ));
        };
        if header_state(path).is_some_and(|(rollback, now)| rollback && now.to_string() == counter) {
            return Ok(());
        }
        let stored: Vec<(String, String)> = {
            let mut stmt = self.conn.prepare("SELECT tbl, digest FROM mscdb_digest")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let second = Connection::open_with_flags(
            file_uri(path)?,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let fresh = content_digests(&self.conn, second, &owned(expected))?;
        for (table, digest) in &fresh {
            let before = stored.iter().find(|(t, _)| t == table).map(|(_, d)| d);
            if before != Some(digest) {
                return Err(refuse(format!(
                    "table {table} has changed since 'mscdb build' wrote the file; answers from it could be wrong. Rebuild it with 'mscdb build'"
                )));
            }
        }
        Ok(())
    }

    /// Whether every value of these columns of `table` passes the loader's
    /// own rule for its kind, read in one pass (checked in Rust: SQL string
    /// functions over every row cost several times more).
    fn values_pass(&self, table: &str, columns: &[&crate::spec::Column]) -> Result<bool> {
        let list: Vec<String> = columns
            .iter()
            .map(|c| format!("CAST(\"{}\" AS TEXT)", c.name))
            .collect();
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {} FROM \"{table}\"", list.join(", ")))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for (i, column) in columns.iter().enumerate() {
                let value = row.get_ref(i)?;
                if let rusqlite::types::ValueRef::Text(bytes) = value
                    && validate::plainly_valid(column.kind, bytes)
                {
                    continue;
                }
                if let Some(value) = value.as_str_or_null().ok().flatten()
                    && validate::check_value(column.kind, value).is_err()
                {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Checks an opened database as thoroughly as loading checks CSV:
    /// `PRAGMA integrity_check`, then every table read back and validated
    /// like a data directory. Records loaded from CSV passed this already.
    pub fn verify(&self) -> Result<()> {
        let Some(origin) = &self.origin else {
            return Ok(());
        };
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let report: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if report != ["ok"] {
            let shown: Vec<String> = report
                .iter()
                .take(10)
                .map(|l| crate::error::printable(l, 200))
                .collect();
            return Err(Error::Database {
                path: origin.clone(),
                message: format!("damaged database: {}", shown.join("; ")),
            });
        }
        // As `--data` loads: the decisions streamed (here from the file, a
        // row at a time, checked and staged as they are read), every other
        // table held; the loader's copy on a private temporary file.
        let streamed = TABLES
            .iter()
            .find(|t| t.name == load::STREAMED)
            .ok_or_else(|| Error::usage("the spec has no streamed table"))?;
        let mut tables = read_back(&self.conn, streamed)?;
        let mut fresh = Connection::open("")?;
        fresh.execute_batch(ON_DISK)?;
        fresh.execute_batch("PRAGMA foreign_keys = OFF;")?;
        let tx = fresh.transaction()?;
        load::create(&tx)?;
        let mut check = validate::StreamCheck::new(streamed, &tables);
        let mut stage = load::Stage::new(&tx, streamed)?;
        // A bad row may make SQLite fail; the validator's problem with it
        // is what is reported.
        let mut failed = None;
        each_row_back(&self.conn, streamed, |row| {
            check.row(&row);
            if failed.is_none()
                && let Err(e) = stage.row(&row)
            {
                failed = Some(e);
            }
            Ok(())
        })?;
        drop(stage);
        let at = TABLES
            .iter()
            .position(|t| std::ptr::eq(t, streamed))
            .unwrap_or(tables.len());
        tables.insert(
            at,
            RawTable {
                table: streamed,
                rows: Vec::new(),
            },
        );
        let checked = check.finish();
        let mut problems = validate::validate_with(&tables, Some(&checked));
        if problems.is_empty() {
            if let Some(e) = failed {
                return Err(e);
            }
            load::fill(&tx, &tables, Some(streamed))?;
            drop(tables);
            drop(checked);
            load::index(&tx)?;
            tx.commit()?;
            // The derived tables (links, names, the search index) must be
            // what the loader makes of the tables read back.
            for (kind, name, _, sql) in schema_of(&fresh)? {
                // The full-text indexes' own tables (search_index_data, products_search_idx…).
                let is_shadow = [
                    "search_index_",
                    "products_search_",
                    "decisions_search_",
                    "sources_search_",
                ]
                .iter()
                .any(|prefix| name.starts_with(prefix));
                let is_virtual = sql.as_deref().is_some_and(|s| s.starts_with("CREATE VIRTUAL"));
                if kind != "table"
                    || is_shadow
                    || (is_virtual && name != "search_index")
                    || name == "mscdb_digest"
                {
                    continue;
                }
                if !same_rows(&self.conn, &fresh, &name)? {
                    return Err(Error::Database {
                        path: origin.clone(),
                        message: format!(
                            "damaged database: table {name} does not match the rest of the record; rebuild it with 'mscdb build'"
                        ),
                    });
                }
            }
            // Sound, and as `build` wrote it (what every other command checks).
            return self.check_content(Path::new(origin), &borrowed(&loader_schema()?));
        }
        for p in &mut problems {
            let table = p.file.strip_suffix(".csv").unwrap_or(&p.file).to_string();
            p.file = match p.line.take() {
                Some(row) => format!("{origin}: {table} row {row}"),
                None => format!("{origin}: {table}"),
            };
        }
        Err(Error::Data(problems))
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Ends the store of a process that is about to exit. Closing SQLite
    /// frees the parsed schema, the page cache and every cached statement,
    /// a twelfth of a lookup's instructions, for memory the exit returns
    /// anyway; so an open that staged nothing is left open (a read-only or
    /// in-memory database, with no journal or lock to release). A staged
    /// `build` output is dropped as usual, which removes its temporary file.
    pub fn close_at_exit(self) {
        let staged = self
            .staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_some();
        if staged {
            drop(self);
        } else {
            std::mem::forget(self);
        }
    }

    /// Writes the record to `target` atomically: a temporary file beside it,
    /// synced, then renamed over it. On failure the target is untouched and
    /// the temporary file removed (on SIGINT/SIGTERM too, when the binary
    /// calls [`remove_temporaries`] from its signal handler).
    ///
    /// Only a regular file is ever replaced: a device, FIFO, socket,
    /// directory or symbolic link at `target` is refused. The replaced file's
    /// permissions are kept. `target` is always a plain path, never an
    /// SQLite URI (`file:x?mode=...` names a file called that).
    pub fn write_to(&self, target: &Path) -> Result<()> {
        let staged = self
            .staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take_if(|s| s.target == target);
        if let Some(staged) = staged {
            return self.rename_staged(&staged);
        }
        let shown = target.display().to_string();
        let (temp, kept_permissions, dir) = temporary_for(target)?;
        register_temporary(&temp, true);
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
            vacuum.map_err(|e| Error::usage(format!("{shown}: cannot write: {e}")))?;
            stamp(&self.conn, &temp)?;
            if let Some(permissions) = kept_permissions {
                std::fs::set_permissions(&temp, permissions)?;
            }
            std::fs::File::open(&temp)?.sync_all()?;
            std::fs::rename(&temp, target)?;
            if let Ok(d) = std::fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            remove_with_journal(&temp);
        }
        register_temporary(&temp, false);
        result
    }

    /// Puts a staged record (see [`Store::build_from_dir`]) in place: the
    /// permissions of the file it replaces, synced, renamed over the target.
    /// The connection stays open on the renamed file.
    fn rename_staged(&self, staged: &Staged) -> Result<()> {
        let result = (|| -> Result<()> {
            // The content digest `--db` checks, as `VACUUM INTO` files get.
            stamp(&self.conn, &staged.temp)?;
            if let Some(permissions) = &staged.kept_permissions {
                std::fs::set_permissions(&staged.temp, permissions.clone())?;
            }
            std::fs::File::open(&staged.temp)?.sync_all()?;
            std::fs::rename(&staged.temp, &staged.target)?;
            if let Ok(d) = std::fs::File::open(&staged.dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            remove_with_journal(&staged.temp);
        }
        register_temporary(&staged.temp, false);
        result
    }
}

/// The temporary file a write to `target` goes through (beside it), the
/// permissions of the file it replaces, and the directory. Only a regular
/// file is ever replaced, in a directory that exists.
fn temporary_for(target: &Path) -> Result<(PathBuf, Option<std::fs::Permissions>, PathBuf)> {
    let shown = target.display().to_string();
    let kept_permissions = match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_file() => Some(meta.permissions()),
        Ok(meta) => {
            return Err(Error::usage(format!(
                "{shown}: is {}, not a regular file; refusing to replace it",
                describe(meta.file_type())
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::usage(format!("{shown}: {e}"))),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::usage(format!(
            "{shown}: the directory {} does not exist",
            dir.display()
        )));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mscdb".into());
    // The temporary name stays well inside NAME_MAX whatever the target's length.
    let mut short = name.as_str();
    while short.len() > 64 {
        let mut end = 64;
        while !short.is_char_boundary(end) {
            end -= 1;
        }
        short = &short[..end];
    }
    let temp = dir.join(format!(".{short}.{}.tmp", std::process::id()));
    // SQLite reads a name that begins with `file:` as a URI; `./` keeps a
    // relative path a path.
    let temp = if temp.is_relative() && !temp.starts_with(".") {
        Path::new(".").join(temp)
    } else {
        temp
    };
    Ok((temp, kept_permissions, dir))
}

/// Temporary files and directories being written now, each with the path
/// it is to be put back at if the process is interrupted (`None`: removed);
/// see [`remove_temporaries`].
static TEMPORARIES: std::sync::Mutex<Vec<(PathBuf, Option<PathBuf>)>> = std::sync::Mutex::new(Vec::new());

fn register_temporary(path: &Path, add: bool) {
    let mut list = TEMPORARIES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if add {
        list.push((path.to_path_buf(), None));
    } else {
        list.retain(|(p, _)| p != path);
    }
}

/// A temporary file or directory that an interrupted process cleans up
/// (see [`remove_temporaries`]) for as long as the guard lives. With
/// `restore`, the path holds something moved aside from there (an old
/// site): if nothing is at `restore` when the process is interrupted, it is
/// moved back instead of removed.
pub struct Temporary {
    path: PathBuf,
}

impl Temporary {
    pub fn register(path: &Path, restore: Option<&Path>) -> Temporary {
        TEMPORARIES
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path.to_path_buf(), restore.map(Path::to_path_buf)));
        Temporary {
            path: path.to_path_buf(),
        }
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        register_temporary(&self.path, false);
    }
}

fn remove_with_journal(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        _ => {
            let _ = std::fs::remove_file(path);
        }
    }
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    let _ = std::fs::remove_file(journal);
}

/// Held while one step of a write runs (a page, a rename), so that the
/// signal handler never removes a temporary directory while a page is
/// being created in it (which would leave that page's folder behind).
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs one step of a write that an interrupt must not cut in two.
pub fn write_step<T>(step: impl FnOnce() -> T) -> T {
    let _step = WRITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    step()
}

/// Removes the temporary files and directories of writes in progress, and
/// puts back what was moved aside. For a signal handler (SIGINT, SIGTERM)
/// that then exits: an interrupted `build` or `site` leaves nothing behind.
/// It waits for the write step under way, and no step starts after it.
pub fn remove_temporaries() {
    // Never released: the process exits next, and no write may follow.
    std::mem::forget(WRITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    let list = TEMPORARIES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for (path, restore) in list.iter() {
        if let Some(back) = restore
            && std::fs::symlink_metadata(back).is_err()
            && std::fs::rename(path, back).is_ok()
        {
            continue;
        }
        remove_with_journal(path);
    }
}

/// "a FIFO", "a character device", … for messages.
fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// The largest CSV file `--data` reads whole. The table that streams
/// (decisions) is bounded by [`MAX_STREAMED_BYTES`] instead.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The largest CSV file `--data` streams: its rows are never held, so the
/// bound is the 32-bit offsets of the checks (about 25 million decisions of
/// the synthetic record's size), not memory.
pub const MAX_STREAMED_BYTES: u64 = u32::MAX as u64;

/// A table's file as the loader reads it.
pub enum Input {
    /// Held whole in memory.
    Bytes(Vec<u8>),
    /// Read in chunks, twice (see [`parse::parse_into`]), never held.
    File(Bounded),
}

/// A regular file read at most up to a bound, even if it grows while read.
pub struct Bounded {
    file: std::fs::File,
    position: u64,
    max: u64,
}

impl std::io::Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.position += n as u64;
        if self.position > self.max {
            return Err(too_large(self.max));
        }
        Ok(n)
    }
}

impl std::io::Seek for Bounded {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.position = self.file.seek(pos)?;
        Ok(self.position)
    }
}

fn too_large(max: u64) -> std::io::Error {
    std::io::Error::other(format!(
        "larger than {} MiB; refusing to read it",
        max.div_ceil(1024 * 1024)
    ))
}

/// Opens one CSV file of a data directory: only a regular file (a symbolic
/// link to one is fine), checked before it is opened so that a FIFO or
/// device never blocks or streams forever, and at most [`MAX_FILE_BYTES`]
/// (the streamed table: [`MAX_STREAMED_BYTES`]).
fn read_data_file(path: &Path) -> std::io::Result<Option<Input>> {
    use std::io::Read;
    let not_regular =
        |kind: std::fs::FileType| std::io::Error::other(format!("is {}, not a regular file", describe(kind)));
    let streamed = path
        .file_name()
        .is_some_and(|n| n.to_str() == Some(&format!("{}.csv", load::STREAMED)));
    let max = if streamed {
        MAX_STREAMED_BYTES
    } else {
        MAX_FILE_BYTES
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    let file = std::fs::File::open(path)?;
    // The path may have been replaced since; check what was opened.
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if streamed {
        return Ok(Some(Input::File(Bounded {
            file,
            position: 0,
            max,
        })));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(Some(Input::Bytes(bytes)))
}

/// `file:` URI of a path, percent-encoded, read-only and immutable.
fn file_uri(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path)?;
    let text = absolute
        .to_str()
        .ok_or_else(|| Error::usage(format!("{}: path is not valid UTF-8", path.display())))?;
    let mut uri = String::from("file:");
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    Ok(uri)
}

/// One `sqlite_schema` row: type, name, table name, SQL.
pub type SchemaRow = (String, String, String, Option<String>);

/// A [`SchemaRow`] borrowed (the build script records the embedded
/// record's as constants, compared without a copy).
pub type SchemaEntry<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

/// Schema rows as entries.
pub fn borrowed(rows: &[SchemaRow]) -> Vec<SchemaEntry<'_>> {
    rows.iter()
        .map(|(kind, name, table, sql)| (kind.as_str(), name.as_str(), table.as_str(), sql.as_deref()))
        .collect()
}

fn owned(entries: &[SchemaEntry<'_>]) -> Vec<SchemaRow> {
    entries
        .iter()
        .map(|&(kind, name, table, sql)| (kind.into(), name.into(), table.into(), sql.map(Into::into)))
        .collect()
}

const SCHEMA_SQL: &str = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name";

fn schema_of(conn: &Connection) -> rusqlite::Result<Vec<SchemaRow>> {
    let mut stmt = conn.prepare(SCHEMA_SQL)?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect()
}

/// Whether the schema is `expected` (sorted by type and name, as
/// [`schema_of`] reads it), row for row. The rows are read as stored and
/// each looked up in `expected` (sorting them was most of the cost).
fn schema_is(conn: &Connection, expected: &[SchemaEntry<'_>]) -> rusqlite::Result<bool> {
    if !expected.is_sorted_by(|a, b| (a.0, a.1) < (b.0, b.1)) {
        return Ok(false);
    }
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let mut rows = stmt.query([])?;
    let mut count = 0;
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            Ok(row.get_ref(i)?.as_str_or_null().ok().flatten())
        };
        let (Some(kind), Some(name)) = (text(0)?, text(1)?) else {
            return Ok(false);
        };
        let Ok(at) = expected.binary_search_by(|e| (e.0, e.1).cmp(&(kind, name))) else {
            return Ok(false);
        };
        let (_, _, table, sql) = expected[at];
        if text(2)? != Some(table) || text(3)? != sql {
            return Ok(false);
        }
        count += 1;
    }
    Ok(count == expected.len())
}

/// The first difference between two schemas, for a message.
fn schema_difference(expected: &[SchemaRow], actual: &[SchemaRow]) -> Option<String> {
    let name = |row: &SchemaRow| format!("{} {}", row.0, crate::error::printable(&row.1, 60));
    // Full-text tables a tool added (sqlite-utils `enable-fts`): their
    // shadow tables are allowed with them.
    let added_fts: Vec<&str> = actual
        .iter()
        .filter(|r| !expected.iter().any(|e| e.0 == r.0 && e.1 == r.1) && is_fts_table(r))
        .map(|r| r.1.as_str())
        .collect();
    let harmless = |row: &SchemaRow| match row.0.as_str() {
        // An index or a view changes no answer: the commands read only the
        // loader's tables, by name.
        "index" | "view" => true,
        "table" => {
            ["sqlite_stat1", "sqlite_stat4"].contains(&row.1.as_str())
                || is_fts_table(row)
                || added_fts
                    .iter()
                    .any(|t| row.1.strip_prefix(t).is_some_and(|rest| rest.starts_with('_')))
        }
        _ => false,
    };
    for row in actual {
        match expected.iter().find(|e| e.0 == row.0 && e.1 == row.1) {
            None if harmless(row) => {}
            None => return Some(format!("unexpected {}", name(row))),
            Some(e) if e != row => {
                return Some(format!("{} differs from the one 'mscdb build' writes", name(row)));
            }
            Some(_) => {}
        }
    }
    expected
        .iter()
        .find(|e| !actual.iter().any(|a| a.0 == e.0 && a.1 == e.1))
        .map(|e| format!("missing {}", name(e)))
}

/// Whether a schema row is a full-text table (FTS3, FTS4 or FTS5).
fn is_fts_table(row: &SchemaRow) -> bool {
    let sql = row.3.as_deref().unwrap_or("").to_ascii_lowercase();
    let sql: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    row.0 == "table"
        && sql.starts_with("create virtual table ")
        && [
            " using fts3(",
            " using fts4(",
            " using fts5(",
            " using fts3 (",
            " using fts4 (",
            " using fts5 (",
        ]
        .iter()
        .any(|m| sql.contains(m))
}

/// The schema the loader creates (tables, indexes, the search index), made
/// in a fresh in-memory database.
pub fn loader_schema() -> Result<Vec<SchemaRow>> {
    let mut fresh = Connection::open_in_memory()?;
    load::load(&mut fresh, &[])?;
    Ok(schema_of(&fresh)?)
}

/// The row of `mscdb_digest` that holds the change counter.
const COUNTER_ROW: &str = "*counter";

/// From a database file's header: whether it is in rollback-journal mode
/// (not WAL, where the change counter is not kept up to date) and its file
/// change counter (bytes 24–27).
fn header_state(path: &Path) -> Option<(bool, u32)> {
    use std::io::Read;
    let mut header = [0u8; 100];
    std::fs::File::open(path).ok()?.read_exact(&mut header).ok()?;
    let rollback = header[18] == 1 && header[19] == 1;
    Some((
        rollback,
        u32::from_be_bytes([header[24], header[25], header[26], header[27]]),
    ))
}

/// Whether a schema row holds record content that the digest covers: the
/// loader's tables and the search index (whose FTS shadow tables it
/// reads), not the digest itself.
fn digested(row: &SchemaRow) -> bool {
    let (kind, name, _, sql) = row;
    let is_virtual = sql.as_deref().is_some_and(|s| s.starts_with("CREATE VIRTUAL"));
    kind == "table"
        && name != "mscdb_digest"
        && !name.starts_with("sqlite_")
        && !name.starts_with("search_index_")
        && (!is_virtual || name == "search_index")
}

/// A SHA-256 of each digested table's rows, in key order, each value
/// typed and length-prefixed so that no two contents give one stream.
/// `second` is another connection to the same content: the table that
/// grows (decisions) is hashed on it in a second thread while `conn` hashes
/// the rest.
fn content_digests(
    conn: &Connection,
    second: Connection,
    schema: &[SchemaRow],
) -> Result<Vec<(String, String)>> {
    let rows: Vec<&SchemaRow> = schema.iter().filter(|r| digested(r)).collect();
    let big = rows.iter().position(|r| r.1 == load::STREAMED);
    let (mut out, beside) = std::thread::scope(|scope| {
        let beside = big.map(|i| {
            let row = rows[i];
            scope.spawn(move || table_digest(&second, row))
        });
        let out: Result<Vec<(usize, String)>> = rows
            .iter()
            .enumerate()
            .filter(|&(i, _)| Some(i) != big)
            .map(|(i, row)| Ok((i, table_digest(conn, row)?)))
            .collect();
        let beside = beside.map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (out, beside)
    });
    if let (Ok(out), Some(i), Some(digest)) = (out.as_mut(), big, beside) {
        out.push((i, digest?));
        out.sort_unstable_by_key(|&(i, _)| i);
    }
    Ok(out?.into_iter().map(|(i, d)| (rows[i].1.clone(), d)).collect())
}

/// The SHA-256 of one digested table (see [`content_digests`]).
fn table_digest(conn: &Connection, row: &SchemaRow) -> Result<String> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    {
        let name = &row.1;
        let without_rowid = row.3.as_deref().is_some_and(|s| s.contains("WITHOUT ROWID"));
        // The order is the table's own (key or rowid), whatever index a
        // tool added; rowid order is part of the content (file order).
        let order = if without_rowid {
            let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?;
            let keys: Vec<String> = stmt
                .query_map([name], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            keys.iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            "rowid".to_string()
        };
        let select = if without_rowid { "*" } else { "rowid, *" };
        // `name` comes from the loader's own schema, not from the file.
        let mut stmt = conn.prepare(&format!("SELECT {select} FROM \"{name}\" ORDER BY {order}"))?;
        let n = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut hash = Sha256::new();
        while let Some(r) = rows.next()? {
            for i in 0..n {
                let (tag, bytes): (u8, std::borrow::Cow<[u8]>) = match r.get_ref(i)? {
                    ValueRef::Null => (b'n', (&[][..]).into()),
                    ValueRef::Integer(v) => (b'i', v.to_be_bytes().to_vec().into()),
                    ValueRef::Real(v) => (b'r', v.to_be_bytes().to_vec().into()),
                    ValueRef::Text(t) => (b't', t.into()),
                    ValueRef::Blob(b) => (b'b', b.into()),
                };
                hash.update([tag]);
                hash.update((bytes.len() as u64).to_be_bytes());
                hash.update(&bytes);
            }
            hash.update(b"\n");
        }
        let digest = hash.finalize().iter().fold(String::new(), |mut hex, b| {
            use std::fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
            hex
        });
        Ok(digest)
    }
}

/// Writes the content digest into a file just written by `VACUUM INTO`,
/// with the change counter the file will have once that is committed.
fn stamp(source: &Connection, file: &Path) -> Result<()> {
    let second = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let digests = content_digests(source, second, &loader_schema()?)?;
    let (_, counter) = header_state(file)
        .ok_or_else(|| Error::usage(format!("{}: cannot read its header", file.display())))?;
    let next = counter.wrapping_add(1);
    {
        let mut conn = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM mscdb_digest", [])?;
        for (table, digest) in &digests {
            tx.execute(
                "INSERT INTO mscdb_digest (tbl, digest) VALUES (?1, ?2)",
                [table, digest],
            )?;
        }
        tx.execute(
            "INSERT INTO mscdb_digest (tbl, digest) VALUES (?1, ?2)",
            [COUNTER_ROW, &next.to_string()],
        )?;
        tx.commit()?;
    }
    match header_state(file) {
        Some((true, now)) if now == next => Ok(()),
        _ => Err(Error::usage(format!(
            "{}: the database was not written as expected (change counter); nothing replaced",
            file.display()
        ))),
    }
}

/// A database being loaded on disk (a file renamed into place once whole, or
/// SQLite's private temporary file): no journal, no sync, a 16 MiB cache.
const ON_DISK: &str = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE; PRAGMA cache_size = -16384;";

/// Whether a table holds the same rows in two databases, in any order.
fn same_rows(stored: &Connection, fresh: &Connection, table: &str) -> Result<bool> {
    use rusqlite::types::ValueRef;
    // `table` comes from the schema the loader created, not from the file.
    let columns = |conn: &Connection| -> Result<Vec<String>> {
        let stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        Ok(stmt.column_names().map(str::to_string).collect())
    };
    let names = columns(stored)?;
    if names != columns(fresh)? {
        return Ok(false);
    }
    // Both sides sorted on every column, byte by byte, by SQLite's own
    // sorter (which spills to disk), then read side by side: no table is
    // held (at 10^6 decisions, holding both was 2 GB).
    let every: Vec<String> = names
        .iter()
        .map(|n| format!("\"{}\" COLLATE BINARY", n.replace('"', "\"\"")))
        .collect();
    let sql = format!("SELECT * FROM \"{table}\" ORDER BY {}", every.join(", "));
    let (mut left, mut right) = (stored.prepare(&sql)?, fresh.prepare(&sql)?);
    let (mut left, mut right) = (left.query([])?, right.query([])?);
    loop {
        match (left.next()?, right.next()?) {
            (None, None) => return Ok(true),
            (Some(mine), Some(theirs)) => {
                for i in 0..names.len() {
                    let same = match (mine.get_ref(i)?, theirs.get_ref(i)?) {
                        (ValueRef::Null, ValueRef::Null) => true,
                        (ValueRef::Integer(p), ValueRef::Integer(q)) => p == q,
                        (ValueRef::Real(p), ValueRef::Real(q)) => p.to_bits() == q.to_bits(),
                        (ValueRef::Text(p), ValueRef::Text(q)) | (ValueRef::Blob(p), ValueRef::Blob(q)) => {
                            p == q
                        }
                        _ => false,
                    };
                    if !same {
                        return Ok(false);
                    }
                }
            }
            _ => return Ok(false),
        }
    }
}

/// Every table of the spec but `streamed` read back from SQLite, in key
/// order, as if parsed from CSV (row numbers count from 1).
fn read_back(conn: &Connection, streamed: &'static Table) -> Result<Vec<RawTable>> {
    let mut tables = Vec::new();
    for table in TABLES.iter().filter(|t| !std::ptr::eq(*t, streamed)) {
        let mut rows = Vec::new();
        each_row_back(conn, table, |row| {
            rows.push(row);
            Ok(())
        })?;
        tables.push(RawTable { table, rows });
    }
    Ok(tables)
}

/// Hands `each` the rows of one table read back from SQLite, in key order,
/// as if parsed from CSV (row numbers count from 1), one at a time.
fn each_row_back(
    conn: &Connection,
    table: &'static Table,
    mut each: impl FnMut(parse::RawRow) -> Result<()>,
) -> Result<()> {
    use rusqlite::types::ValueRef;
    // Names come from the static spec, never from input; quoted, since
    // some (`from`) are SQL keywords.
    let quote = |names: &mut dyn Iterator<Item = &str>| {
        names.map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
    };
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        quote(&mut table.columns.iter().map(|c| c.name)),
        table.name,
        quote(&mut table.primary_key.iter().copied())
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut line = 0;
    let mut values: Vec<Option<String>> = Vec::with_capacity(table.columns.len());
    while let Some(row) = rows.next()? {
        values.clear();
        for i in 0..table.columns.len() {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => None,
                ValueRef::Integer(n) => Some(n.to_string()),
                ValueRef::Real(f) => Some(f.to_string()),
                ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
            });
        }
        line += 1;
        each(parse::RawRow::from_values(
            line,
            values.iter().map(Option::as_deref),
        ))?;
    }
    Ok(())
}

/// Reads, parses, validates and loads every table into `conn`, in one
/// transaction; all or nothing, collecting every problem before giving up.
/// The streamed table (decisions) goes from its file into a staging table
/// row by row, checked as it passes, so its rows are never all in memory.
fn load_into(conn: &mut Connection, read: impl Fn(&str) -> std::io::Result<Option<Input>>) -> Result<()> {
    // `validate` proves every reference (with better messages); SQLite's
    // own check would look each one up again, row by row.
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let tx = conn.transaction()?;
    load::create(&tx)?;
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    let mut streamed = None;
    let mut deferred = None;
    for table in TABLES {
        let file = table.file();
        let input = match read(&file) {
            Ok(None) if OPTIONAL_TABLES.contains(&table.name) => {
                tables.push(RawTable {
                    table,
                    rows: Vec::new(),
                });
                continue;
            }
            Ok(None) => {
                problems.push(Problem {
                    file,
                    line: None,
                    column: None,
                    message: "file not found".into(),
                    value: None,
                });
                continue;
            }
            Err(e) => {
                problems.push(Problem {
                    file,
                    line: None,
                    column: None,
                    message: format!("cannot read: {e}"),
                    value: None,
                });
                continue;
            }
            Ok(Some(input)) => input,
        };
        if table.name != load::STREAMED {
            let bytes = match input {
                Input::Bytes(bytes) => bytes,
                Input::File(mut file) => {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut file, &mut bytes)?;
                    bytes
                }
            };
            match parse::parse(table, &bytes) {
                Ok(raw) => tables.push(raw),
                Err(mut p) => problems.append(&mut p),
            }
            continue;
        }
        // Streamed once every other table is parsed, so that its check
        // knows them all (the products the framework facts name); its
        // place among the tables and their problems is kept.
        deferred = Some((table, input, tables.len(), problems.len()));
    }
    if let Some((table, input, at, problems_at)) = deferred {
        let check = validate::StreamCheck::new(table, &tables);
        let mut stage = load::Stage::new(&tx, table)?;
        // Two cores at work: a second thread scans and checks the rows and
        // hands them over in batches; this one (which owns the connection)
        // writes them into the staging table.
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<parse::RawRow>>(STREAM_BATCHES);
        let (parsed, check, failed) = std::thread::scope(|scope| {
            let scanning = scope.spawn(move || {
                let mut check = check;
                let mut batch = Vec::with_capacity(STREAM_BATCH);
                let mut sink = |row: parse::RawRow| {
                    check.row(&row);
                    batch.push(row);
                    if batch.len() == STREAM_BATCH {
                        // A closed channel means the writer stopped on an error it reports.
                        let _ = send.send(std::mem::replace(&mut batch, Vec::with_capacity(STREAM_BATCH)));
                    }
                };
                let parsed = match input {
                    Input::Bytes(bytes) => parse::parse_into(table, std::io::Cursor::new(bytes), &mut sink),
                    Input::File(file) => parse::parse_into(table, file, &mut sink),
                };
                if !batch.is_empty() {
                    let _ = send.send(batch);
                }
                (parsed, check)
            });
            let mut failed = None;
            for batch in receive {
                for row in &batch {
                    if failed.is_none()
                        && let Err(e) = stage.row(row)
                    {
                        failed = Some(e);
                    }
                }
            }
            let (parsed, check) = scanning
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (parsed, check, failed)
        });
        if let Some(e) = failed {
            return Err(e);
        }
        match parsed {
            Ok(_) => {
                tables.insert(
                    at,
                    RawTable {
                        table,
                        rows: Vec::new(),
                    },
                );
                streamed = Some(check.finish());
            }
            Err(p) => {
                problems.splice(problems_at..problems_at, p);
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Data(cap_per_file(problems, PROBLEMS_PER_FILE)));
    }
    // The rows are checked (in a second thread) while they are written: a
    // problem found drops the transaction, so nothing written stays, and is
    // reported before any SQLite error that bad rows may have caused.
    let streamed_table = streamed.as_ref().map(validate::Streamed::table);
    let (problems, filled) = std::thread::scope(|scope| {
        let checking = scope.spawn(|| validate::validate_with(&tables, streamed.as_ref()));
        let filled = load::fill(&tx, &tables, streamed_table);
        let problems = checking
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (problems, filled)
    });
    // The indexes are built from the rows written: the parsed rows and
    // what the stream's check kept are no longer needed.
    drop(tables);
    drop(streamed);
    if !problems.is_empty() {
        return Err(Error::Data(cap_per_file(problems, PROBLEMS_PER_FILE)));
    }
    filled?;
    load::index(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Rows handed from the scanning thread to the writing one at a time, and
/// batches in flight (a bound on the memory between them).
const STREAM_BATCH: usize = 1024;
const STREAM_BATCHES: usize = 8;

/// Problems reported per file; the rest are counted.
const PROBLEMS_PER_FILE: usize = 50;

/// The first `max` problems of each file, in order, and for a file with
/// more a last line that counts the rest.
fn cap_per_file(problems: Vec<Problem>, max: usize) -> Vec<Problem> {
    let mut shown: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut kept = Vec::new();
    let mut files = Vec::new();
    for p in problems {
        let count = shown.entry(p.file.clone()).or_insert(0);
        if *count == 0 {
            files.push(p.file.clone());
        }
        *count += 1;
        if *count <= max {
            kept.push(p);
        }
    }
    for file in files {
        let count = shown[&file];
        if count > max {
            kept.push(Problem {
                file,
                line: None,
                column: None,
                message: format!("… and {} more problems", count - max),
                value: None,
            });
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_tables_mirror_the_spec_column_by_column() {
        use crate::spec::Kind;
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&crate::spec::ddl()).unwrap();
        for table in TABLES {
            let mut stmt = conn
                .prepare(&format!("PRAGMA table_info({})", table.name))
                .unwrap();
            let columns: Vec<(String, String, bool, i64)> = stmt
                .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(5)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(columns.len(), table.columns.len(), "{}", table.name);
            for ((name, sql_type, not_null, pk), c) in columns.iter().zip(table.columns) {
                assert_eq!(name, c.name, "{}", table.name);
                let expected = if matches!(c.kind, Kind::Integer) {
                    "INTEGER"
                } else {
                    "TEXT"
                };
                assert_eq!(sql_type, expected, "{}.{}", table.name, c.name);
                let key_position = table.primary_key.iter().position(|k| *k == c.name);
                assert_eq!(
                    *pk,
                    key_position.map_or(0, |p| p as i64 + 1),
                    "{}.{}",
                    table.name,
                    c.name
                );
                if key_position.is_none() {
                    assert_eq!(*not_null, c.required, "{}.{}", table.name, c.name);
                }
            }
            let mut stmt = conn
                .prepare(&format!("PRAGMA foreign_key_list({})", table.name))
                .unwrap();
            let keys: Vec<(String, String)> = stmt
                .query_map([], |r| Ok((r.get(3)?, r.get(2)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for c in table.columns {
                if let Kind::Ref(target) = c.kind {
                    assert!(
                        keys.contains(&(c.name.to_string(), target.to_string())),
                        "{}.{}",
                        table.name,
                        c.name
                    );
                }
            }
        }
    }
}
