#if canImport(Glibc)
    import Glibc
#endif

/// Starts work on a new detached POSIX thread: for loops that must block (a signal watcher, a test server's
/// connections) without holding one of Swift concurrency's few cooperative threads.
package enum DetachedThread {
    /// Runs `body` on a new thread; false when the thread could not be created.
    @discardableResult
    package static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        final class Box: @unchecked Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let created = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
