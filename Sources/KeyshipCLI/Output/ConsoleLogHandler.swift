import KeyshipCore

/// Writes log records to standard error, one line each, when `--verbose` or `KEYSHIP_LOG` asks.
struct ConsoleLogHandler: LogHandler {
    var console: any Console
    var minimumLevel: Logger.Level

    func write(_ record: LogRecord) {
        console.errorLine(record.formatted)
    }
}
