import BackfillTesting

#if canImport(Glibc)
    import Glibc
#endif

// A local Lambda Runtime API for `make demo`, benchmarks and manual runs:
//   lambda-emulator [--port 9001] [--timeout 30]
// then start `bootstrap` with AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT and invoke with
//   curl -s -XPOST http://127.0.0.1:PORT/invoke -d '{"echo":true}'
var port = 9001
var timeout = 30
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--port": port = Int(arguments.popFirst() ?? "") ?? port
    case "--timeout": timeout = Int(arguments.popFirst() ?? "") ?? timeout
    default:
        print("usage: lambda-emulator [--port PORT] [--timeout SECONDS]")
        exit(2)
    }
}
do {
    let emulator = try RuntimeAPIEmulator(port: port, functionTimeoutSeconds: timeout)
    print("lambda-emulator: Runtime API on \(emulator.runtimeAPI); POST /invoke to invoke")
    fflush(nil)
    while true { sleep(3600) }
} catch {
    print("lambda-emulator: \(error)")
    exit(1)
}
