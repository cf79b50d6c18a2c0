#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The names in a local directory, read with `readdir`.
///
/// A `dirent` that `readdir` returns is only as long as its name needs (`d_reclen`), not `sizeof(struct dirent)`:
/// the last entry of glibc's buffer can end a few bytes after its name. Copying the struct (or its 256-byte
/// `d_name` array) out of the pointer reads past that buffer, which crashes when the buffer ends a mapping.
/// The name is therefore read in place, up to its terminating zero.
public enum DirectoryListing {
    /// The entry names in `directory` (without `.` and `..`), in no particular order; nil when it cannot be opened.
    public static func names(in directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = String(
                cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
