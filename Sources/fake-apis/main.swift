// fake-apis: local stand-ins for source APIs, for `make demo` and manual runs without an AWS account.
//
// Usage: fake-apis NAME [--option value …]   (see `fake-apis --help` for each stand-in's options)
// Prints `listening http://127.0.0.1:PORT` and serves until SIGTERM or SIGINT.

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
func usage() -> String {
    "usage: fake-apis NAME [options]\n" + standIns.map { "  fake-apis \($0.usage)" }.joined(separator: "\n")
}
guard let name = arguments.first, let standIn = standIns.first(where: { $0.name == name }) else {
    print(usage())
    exit(arguments.first == "--help" ? 0 : 2)
}
var options: [String: String] = [:]
var iterator = arguments.dropFirst().makeIterator()
while let option = iterator.next() {
    guard option.hasPrefix("--"), let value = iterator.next() else {
        print("fake-apis: \(option) needs a value\n\(usage())")
        exit(2)
    }
    options[option] = value
}
let started: (url: String, stop: @Sendable () -> Void)
do {
    started = try standIn.start(options)
} catch {
    print("fake-apis: \(error)\n\(usage())")
    exit(2)
}
print("listening \(started.url)")
fflush(nil)
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGTERM)
sigaddset(&signals, SIGINT)
pthread_sigmask(SIG_BLOCK, &signals, nil)
var received: Int32 = 0
sigwait(&signals, &received)
started.stop()
