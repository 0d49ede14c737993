//! Where refresh tokens live between runs.
//!
//! A refresh token may be valid for months; keeping it in a [`FileStore`] means a restart
//! refreshes instead of logging in with the password again. [`MemoryStore`] keeps it for
//! the life of the process only.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::error::StoreError;

/// A persistent home for refresh tokens, keyed per credential.
///
/// Implementations must not log or print the tokens. A store that cannot read its data
/// returns an error rather than pretending to be empty: silently forgetting a refresh
/// token would mean a surprise login with a password.
#[async_trait]
pub trait TokenStore: Send + Sync + 'static {
    /// The refresh token saved under `key`, if any.
    async fn load(&self, key: &str) -> Result<Option<SecretString>, StoreError>;
    /// Saves `token` under `key`, replacing what was there.
    async fn save(&self, key: &str, token: &SecretString) -> Result<(), StoreError>;
    /// Forgets the token under `key` (it was rejected by the provider).
    async fn remove(&self, key: &str) -> Result<(), StoreError>;

    /// The refresh token under `key` and when it expires, if the store keeps that. The
    /// default calls [`load`](Self::load) and knows no expiry.
    async fn load_with_expiry(
        &self,
        key: &str,
    ) -> Result<Option<(SecretString, Option<SystemTime>)>, StoreError> {
        Ok(self.load(key).await?.map(|token| (token, None)))
    }

    /// Saves `token` with its expiry, so that a restarted application logs in again
    /// ahead of it. The default calls [`save`](Self::save) and drops the expiry.
    async fn save_with_expiry(
        &self,
        key: &str,
        token: &SecretString,
        expires_at: Option<SystemTime>,
    ) -> Result<(), StoreError> {
        let _ = expires_at;
        self.save(key, token).await
    }

    /// Whether other processes write to this store too (a shared Redis), so that the
    /// token must be read again before each use rather than once.
    fn is_shared(&self) -> bool {
        false
    }
}

/// Keeps refresh tokens in memory, for the life of the process. The default.
#[derive(Default, Clone)]
pub struct MemoryStore {
    tokens: Arc<Mutex<HashMap<String, Stored>>>,
}

/// A refresh token and its expiry, if known.
type Stored = (SecretString, Option<SystemTime>);

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.tokens.lock().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("MemoryStore")
            .field("entries", &keys)
            .finish()
    }
}

#[async_trait]
impl TokenStore for MemoryStore {
    async fn load(&self, key: &str) -> Result<Option<SecretString>, StoreError> {
        Ok(crate::support::sync::lock(&self.tokens)
            .get(key)
            .map(|(t, _)| t.clone()))
    }
    async fn save(&self, key: &str, token: &SecretString) -> Result<(), StoreError> {
        self.save_with_expiry(key, token, None).await
    }
    async fn remove(&self, key: &str) -> Result<(), StoreError> {
        crate::support::sync::lock(&self.tokens).remove(key);
        Ok(())
    }
    async fn load_with_expiry(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        Ok(crate::support::sync::lock(&self.tokens).get(key).cloned())
    }
    async fn save_with_expiry(
        &self,
        key: &str,
        token: &SecretString,
        expires_at: Option<SystemTime>,
    ) -> Result<(), StoreError> {
        crate::support::sync::lock(&self.tokens)
            .insert(key.to_owned(), (token.clone(), expires_at));
        Ok(())
    }
}

/// Keeps refresh tokens in one JSON file, readable only by its owner (mode 0600 on Unix).
///
/// Every save writes the whole file anew in this order: a temporary file next to it
/// (mode 0600), `fsync` of that file, `rename` over the old one, `fsync` of the directory.
/// A process killed at any point leaves the old file or the new one, never half of one
/// and never an empty one (the rename is atomic, and only a file whose bytes are on disk
/// is renamed); a machine that loses power after `save` returned keeps the new one (the
/// directory's `fsync` makes the rename durable). `tests/file_store_kills.rs` kills a
/// process with `SIGKILL` at random points of a rotating-refresh loop a thousand times and
/// finds the file whole after every kill. A file that cannot be parsed is reported as an
/// error naming the path, not replaced.
///
/// ```no_run
/// # async fn demo() -> Result<(), auth_core::Error> {
/// use auth_core::{FileStore, TokenStore};
/// let store = FileStore::new("/var/lib/my-app/tokens.json");
/// let saved = store.load("retail:merchant-42").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct FileStore {
    path: Arc<PathBuf>,
    // Serialises read-modify-write cycles of this process.
    write: Arc<tokio::sync::Mutex<()>>,
}

impl fmt::Debug for FileStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStore")
            .field("path", &self.path)
            .finish()
    }
}

#[derive(Serialize, Deserialize, Default)]
struct FileContents {
    version: u32,
    tokens: HashMap<String, FileEntry>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    refresh_token: String,
    /// Unix seconds, when the provider said (or the source was told) how long it lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
}

impl FileStore {
    /// A store in the file at `path`. The file is created on the first save.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore {
            path: Arc::new(path.into()),
            write: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, reason: impl Into<String>) -> StoreError {
        StoreError {
            location: self.path.display().to_string(),
            reason: reason.into(),
        }
    }

    async fn read(&self) -> Result<FileContents, StoreError> {
        let bytes = match tokio::fs::read(&*self.path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(FileContents {
                    version: 1,
                    ..Default::default()
                });
            }
            Err(e) => return Err(self.error(format!("cannot read the file: {e}"))),
        };
        // serde_json's messages name a line and column, never the content.
        let contents: FileContents = serde_json::from_slice(&bytes).map_err(|e| {
            self.error(format!(
                "the file is corrupt ({e}); fix or delete it (deleting it means logging in \
                 again)"
            ))
        })?;
        if contents.version != 1 {
            return Err(self.error(format!(
                "the file has format version {}, this version of auth-core reads version 1",
                contents.version
            )));
        }
        Ok(contents)
    }

    async fn write(&self, contents: &FileContents) -> Result<(), StoreError> {
        let json = serde_json::to_vec_pretty(contents)
            .map_err(|e| self.error(format!("cannot encode: {e}")))?;
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = self
            .path
            .file_name()
            .ok_or_else(|| self.error("the path has no file name"))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        let result = async {
            let mut options = tokio::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            options.mode(0o600);
            let mut file = options.open(&tmp).await?;
            tokio::io::AsyncWriteExt::write_all(&mut file, &json).await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&tmp, &*self.path).await
        }
        .await;
        if let Err(e) = result {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(self.error(format!("cannot write the file: {e}")));
        }
        self.remove_stale_temporaries(dir, &tmp).await;
        // The rename is in the directory: on disk only once the directory is. (The new
        // file is in place either way; a failure here only weakens durability.)
        #[cfg(unix)]
        {
            let synced = match tokio::fs::File::open(dir).await {
                Ok(dir) => dir.sync_all().await,
                Err(e) => Err(e),
            };
            if let Err(e) = synced {
                tracing::warn!(path = %self.path.display(), error = %e, "could not sync the token file's directory");
            }
        }
        Ok(())
    }
}

impl FileStore {
    /// Removes the temporary files of writes that never finished (a process killed
    /// between creating one and renaming it): they hold refresh tokens. Only those older
    /// than a minute, so that another process's write in progress is left alone.
    async fn remove_stale_temporaries(&self, dir: &Path, own: &Path) {
        let Some(name) = self.path.file_name().and_then(|n| n.to_str()) else {
            return;
        };
        let prefix = format!(".{name}.");
        let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
            return;
        };
        while let Ok(Some(entry)) = entries.next_entry().await {
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let pid = file_name
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".tmp"));
            if !pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                || entry.path() == own
            {
                continue;
            }
            let old = entry
                .metadata()
                .await
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(60));
            if old {
                let _ = tokio::fs::remove_file(entry.path()).await;
            }
        }
    }
}

#[async_trait]
impl TokenStore for FileStore {
    async fn load(&self, key: &str) -> Result<Option<SecretString>, StoreError> {
        Ok(self.load_with_expiry(key).await?.map(|(t, _)| t))
    }

    async fn save(&self, key: &str, token: &SecretString) -> Result<(), StoreError> {
        self.save_with_expiry(key, token, None).await
    }

    async fn load_with_expiry(
        &self,
        key: &str,
    ) -> Result<Option<(SecretString, Option<SystemTime>)>, StoreError> {
        let contents = self.read().await?;
        Ok(contents.tokens.get(key).map(|e| {
            let expires_at = e
                .expires_at
                .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s)));
            (SecretString::from(e.refresh_token.clone()), expires_at)
        }))
    }

    async fn save_with_expiry(
        &self,
        key: &str,
        token: &SecretString,
        expires_at: Option<SystemTime>,
    ) -> Result<(), StoreError> {
        let _guard = self.write.lock().await;
        let mut contents = self.read().await?;
        let expires_at = expires_at
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        contents.tokens.insert(
            key.to_owned(),
            FileEntry {
                refresh_token: token.expose_secret().to_owned(),
                expires_at,
            },
        );
        self.write(&contents).await
    }

    async fn remove(&self, key: &str) -> Result<(), StoreError> {
        let _guard = self.write.lock().await;
        let mut contents = self.read().await?;
        if contents.tokens.remove(key).is_some() {
            self.write(&contents).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test's own directory, removed when the test ends, passed or failed: it holds
    /// refresh tokens, if only the test provider's.
    struct TempDir(PathBuf);

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_path(name: &str) -> (TempDir, PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "auth-core-store-{}-{name}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tokens.json");
        (TempDir(dir), path)
    }

    /// A write a killed process never finished leaves a temporary file holding a refresh
    /// token; the next save removes it once it is a minute old, and leaves alone another
    /// process's write in progress and files it did not name.
    #[tokio::test]
    async fn stale_temporary_files_of_killed_writers_are_removed() {
        let (_dir, path) = temp_path("stale");
        let dir = path.parent().unwrap();
        let stale = dir.join(".tokens.json.4242.tmp");
        let fresh = dir.join(".tokens.json.4343.tmp");
        let other = dir.join(".tokens.json.backup.tmp");
        for file in [&stale, &fresh, &other] {
            std::fs::write(file, "{\"refresh_token\":\"old\"}").unwrap();
        }
        let two_minutes_ago = SystemTime::now() - Duration::from_secs(120);
        for file in [&stale, &other] {
            std::fs::File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(two_minutes_ago)
                .unwrap();
        }
        FileStore::new(&path)
            .save("k", &SecretString::from("rt-1"))
            .await
            .unwrap();
        assert!(!stale.exists(), "the killed writer's file is gone");
        assert!(fresh.exists(), "a write in progress is left alone");
        assert!(other.exists(), "a file of another name is left alone");
    }

    #[tokio::test]
    async fn file_store_survives_a_restart_and_is_private() {
        let (_dir, path) = temp_path("restart");
        let store = FileStore::new(&path);
        assert!(store.load("k").await.unwrap().is_none());
        store.save("k", &"rt-1".into()).await.unwrap();
        store.save("other", &"rt-x".into()).await.unwrap();
        store.save("k", &"rt-2".into()).await.unwrap();

        let reopened = FileStore::new(&path);
        assert_eq!(
            reopened.load("k").await.unwrap().unwrap().expose_secret(),
            "rt-2"
        );
        assert_eq!(
            reopened
                .load("other")
                .await
                .unwrap()
                .unwrap()
                .expose_secret(),
            "rt-x"
        );
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(2_000_000_000);
        store
            .save_with_expiry("dated", &"rt-d".into(), Some(at))
            .await
            .unwrap();
        let (token, expires_at) = reopened.load_with_expiry("dated").await.unwrap().unwrap();
        assert_eq!((token.expose_secret(), expires_at), ("rt-d", Some(at)));
        reopened.remove("k").await.unwrap();
        assert!(store.load("k").await.unwrap().is_none());

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // No temporary file left behind.
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[tokio::test]
    async fn corrupt_file_is_a_clear_error_without_content() {
        let (_dir, path) = temp_path("corrupt");
        std::fs::write(
            &path,
            b"{\"version\":1,\"tokens\":{\"k\":{\"refresh_token\":\"SENTINEL",
        )
        .unwrap();
        let store = FileStore::new(&path);
        let err = store.load("k").await.unwrap_err().to_string();
        assert!(err.contains("corrupt"), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(!err.contains("SENTINEL"), "{err}");
        // Saving does not silently replace the corrupt file.
        assert!(store.save("k", &"new".into()).await.is_err());
    }

    #[tokio::test]
    async fn debug_does_not_show_tokens() {
        let m = MemoryStore::new();
        m.save("k", &"SENTINEL".into()).await.unwrap();
        assert!(!format!("{m:?}").contains("SENTINEL"));
    }
}
