// fake-mirakl: a Mirakl seller API on 127.0.0.1 for demos.
//
//     fake-mirakl --api-key KEY [--port N] [--seed FILE] [--shop-id ID] [--auto-debit]
//                 [--stock-import-polls N]
//
// Prints its base URL on stdout, serves until SIGINT or SIGTERM, then exits with 0. Usage
// errors exit with 2, a seed or socket failure with 1.
import FakeMirakl
import Foundation
import Glibc
import KeyshipCore

let usage = """
    usage: fake-mirakl --api-key KEY [--port N] [--seed FILE] [--shop-id ID] [--auto-debit]
                       [--stock-import-polls N]

      --api-key KEY   the shop API key clients must send in Authorization
      --port N        TCP port on 127.0.0.1 (default 0: a free port)
      --seed FILE     JSON file of orders and offers to start with
      --shop-id ID    the shop's numeric id (default 2001)
      --auto-debit    accepted orders are paid at once and move on to SHIPPING
      --stock-import-polls N
                      STO02 status checks before a stock import reports COMPLETE
                      (default 2: the first check returns RUNNING)

    Control endpoints (no key): GET /_fake/state, POST /_fake/orders,
    POST /_fake/orders/{id}/pay, POST /_fake/orders/{id}/cancel

    """

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("fake-mirakl: \(message)\n".utf8))
    exit(code)
}

var apiKey: String?
var port: UInt16 = 0
var seedPath: String?
var shopID = 2001
var autoDebit = false
var stockImportPolls = 2

var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    func value() -> String {
        guard let next = arguments.popFirst() else { fail("\(argument) needs a value\n\(usage)", code: 2) }
        return next
    }
    switch argument {
    case "--api-key": apiKey = value()
    case "--port":
        let text = value()
        guard let number = UInt16(text) else { fail("--port must be a number from 0 to 65535, got \(text)", code: 2) }
        port = number
    case "--seed": seedPath = value()
    case "--shop-id":
        let text = value()
        guard let number = Int(text), number > 0 else { fail("--shop-id must be a positive number, got \(text)", code: 2) }
        shopID = number
    case "--auto-debit": autoDebit = true
    case "--stock-import-polls":
        let text = value()
        guard let number = Int(text), number > 0 else { fail("--stock-import-polls must be a positive number, got \(text)", code: 2) }
        stockImportPolls = number
    case "--help", "-h":
        print(usage, terminator: "")
        exit(0)
    default:
        fail("unknown argument \(argument)\n\(usage)", code: 2)
    }
}
guard let apiKey, !apiKey.isEmpty else { fail("--api-key is required\n\(usage)", code: 2) }

let configuration = FakeMirakl.Configuration(
    apiKey: apiKey, shopID: shopID, autoDebit: autoDebit, stockImportPollsUntilComplete: stockImportPolls)
var seed = FakeMirakl.Seed()
if let seedPath {
    guard let data = FileManager.default.contents(atPath: seedPath) else { fail("cannot read the seed file \(seedPath)", code: 1) }
    do {
        seed = try FakeMirakl.Seed.parse(Array(data), now: configuration.now())
    } catch {
        fail("\(seedPath): \(error.description)", code: 1)
    }
}

// Block the stop signals before the server starts its threads, so they inherit the mask and
// only `sigwait` below receives the signals.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGINT)
sigaddset(&stopSignals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

let fake: FakeMirakl
do {
    fake = try FakeMirakl(configuration, seed: seed, port: port)
} catch {
    fail("cannot listen on 127.0.0.1:\(port): \(error)", code: 1)
}
// Written straight to the descriptor, unbuffered, so a script reading the pipe gets it at once.
FileHandle.standardOutput.write(Data((fake.baseURL + "\n").utf8))

var received: Int32 = 0
sigwait(&stopSignals, &received)
fake.stop()
exit(0)
