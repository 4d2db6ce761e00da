//! Writing output files: atomically, and not at all when the bytes are already there.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed over the target,
/// so that a reader (or an interrupted build) never sees half a file. An existing file with the
/// same bytes is left alone, so its modification time does not change (cargo and make look at
/// it). A new file gets the usual permissions (`0644` on Unix), an existing one keeps its own.
/// Returns whether the file was written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    let existing = std::fs::metadata(path).ok();
    if existing.is_some() && std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    let permissions = match existing {
        Some(meta) => meta.permissions(),
        None => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(true)
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    // tempfile creates 0600; an output file is as readable as any other the user makes.
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_bytes_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.rs");
        assert!(write_if_changed(&path, b"one").unwrap());
        assert!(!write_if_changed(&path, b"one").unwrap());
        assert!(write_if_changed(&path, b"two").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
        }
    }

    #[test]
    fn concurrent_writers_never_tear_the_file() {
        // Two writers replace one file with different, large contents while a reader reads it:
        // every read is one whole content, never a mix or a prefix.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("winasync.rs");
        let contents: Vec<Vec<u8>> = [b'a', b'b'].iter().map(|&c| vec![c; 1 << 20]).collect();
        write_if_changed(&path, &contents[0]).unwrap();
        let stop = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let writers: Vec<_> = contents
                .iter()
                .map(|content| {
                    let path = &path;
                    s.spawn(move || {
                        for _ in 0..40 {
                            write_if_changed(path, content).unwrap();
                        }
                    })
                })
                .collect();
            let reader = s.spawn(|| {
                let mut reads = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) || reads == 0 {
                    let bytes = std::fs::read(&path).unwrap();
                    assert!(contents.contains(&bytes), "a torn read of {} bytes", bytes.len());
                    reads += 1;
                }
                reads
            });
            // Let the writers finish, then stop the reader.
            for writer in writers {
                writer.join().unwrap();
            }
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            assert!(reader.join().unwrap() > 0);
        });
        // No temporary file is left beside the output.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["winasync.rs"]);
    }
}
