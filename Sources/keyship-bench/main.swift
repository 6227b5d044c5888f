import Foundation
import KeyshipCore

// keyship-bench: times `keyship fulfil` on a large synthetic store. See docs/benchmarks.md.
//
// `keyship-bench measure --repository PATH --identity-file PATH` is the measuring child that
// the benchmark starts once per run; it is not meant to be called by hand.

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// keyship's own errors in English; others as Swift describes them.
func describe(_ error: any Error) -> String {
    (error as? any LocalizedMessage)?.text(in: .en) ?? String(describing: error)
}

let arguments = Array(CommandLine.arguments.dropFirst())

if arguments.first == "measure" {
    guard arguments.count == 5, arguments[1] == "--repository", arguments[3] == "--identity-file" else {
        standardError("usage: keyship-bench measure --repository PATH --identity-file PATH")
        exit(2)
    }
    do {
        let figures = try await Measurement.run(repository: arguments[2], identityFile: arguments[4])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        FileHandle.standardOutput.write(try encoder.encode(figures))
        exit(0)
    } catch {
        standardError("keyship-bench measure: the run failed: \(describe(error))")
        exit(1)
    }
}

if arguments.contains("--help") {
    print(BenchOptions.usage)
    exit(0)
}

let options: BenchOptions
do {
    options = try BenchOptions.parse(arguments)
} catch {
    standardError("keyship-bench: \(error.message)")
    exit(2)
}

let benchmark: Benchmark
do {
    benchmark = try Benchmark(options: options)
} catch {
    standardError("keyship-bench: cannot create the scratch folder: \(error)")
    exit(1)
}
do {
    let result = try benchmark.run()
    print(options.json ? try result.json() : result.text, terminator: "")
    benchmark.cleanUp()
} catch {
    standardError("keyship-bench: \(describe(error))")
    benchmark.cleanUp()
    exit(1)
}
