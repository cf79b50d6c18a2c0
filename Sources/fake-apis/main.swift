// fake-apis: local stand-ins for source APIs, for `make demo` and manual runs without an AWS account.
//
// Usage: fake-apis cost-explorer [--port N] [--latency-ms N] [--max-rps N] [--page-size N]
//                                [--no-data YYYY-MM,…] [--failing YYYY-MM,…]
// Prints `listening http://127.0.0.1:PORT` and serves until SIGTERM or SIGINT.

import CostExplorerFake

#if canImport(Glibc)
    import Glibc
#endif

var arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "cost-explorer" else {
    print(
        "usage: fake-apis cost-explorer [--port N] [--latency-ms N] [--max-rps N] [--page-size N] [--no-data M,…] [--failing M,…]"
    )
    exit(2)
}
arguments.removeFirst()
var port = 0
var options = CostExplorerFake.Options()
var iterator = arguments.makeIterator()
while let argument = iterator.next() {
    let value = iterator.next() ?? ""
    let months = Set(value.split(separator: ",").map(String.init))
    switch argument {
    case "--port": port = Int(value) ?? 0
    case "--latency-ms": options.latency = .milliseconds(Int(value) ?? 0)
    case "--max-rps": options.maxRequestsPerSecond = Int(value)
    case "--page-size": options.pageSize = Int(value) ?? options.pageSize
    case "--no-data": options.noDataMonths = months
    case "--failing": options.failingMonths = months
    default:
        print("fake-apis: unknown option \(argument)")
        exit(2)
    }
}
let fake = try CostExplorerFake(port: port, options: options)
print("listening \(fake.endpoint)")
fflush(nil)
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGTERM)
sigaddset(&signals, SIGINT)
pthread_sigmask(SIG_BLOCK, &signals, nil)
var received: Int32 = 0
sigwait(&signals, &received)
fake.stop()
