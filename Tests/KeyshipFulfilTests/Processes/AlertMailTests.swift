import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing

/// Alert e-mails sent by the built binary to an SMTP server on 127.0.0.1 (aiosmtpd): one
/// message when a condition starts, none while it lasts, one when it clears.
@Suite struct AlertMailTests {
    @Test func stockOutStartsAndClears() throws {
        let sinkFolder = try ScratchDirectory("alert-smtp")
        let sink = try SMTPSink(in: sinkFolder)
        defer { sink.stop() }
        let store = try Self.officeOnlyStore("alert-mail", smtpPort: sink.port) { fixture, book in
            try book.add(keys("office", 1...1), product: "office", batch: "b1", to: fixture)
            try fixture.addOrder("A-1", createdAt: "2026-12-04T10:01:00Z", lines: [("OFFICE", 1)])
            try fixture.addOrder("A-2", createdAt: "2026-12-04T10:02:00Z", lines: [("OFFICE", 1)])
        }

        // One key for two orders: the second waits, and the stock-out starts.
        let first = try store.fulfil(["--json"], label: "stock-out")
        #expect(first.exitStatus == 3, "\(first.transcript)")
        #expect(try RunJSON.parse(first).notification == "sent")
        let started = try sink.messages()
        #expect(started.count == 1)
        let startMail = try #require(started.first)
        #expect(startMail.recipients == ["ops@example.com"])
        #expect(startMail.mailFrom == "ventas@example.com")
        let startParsed = try PythonEmail.parse(Array(startMail.data))
        #expect(startParsed.defects == [])
        #expect(startParsed.header("Subject") == "keyship (Licencias Prueba S.L.): 1 alerta nueva, rotura de stock office@MAD")
        #expect(Self.lines(startParsed.body) == """
            Alertas nuevas:
            - rotura de stock: office@MAD (disponibles 0, pedidos en espera 1, faltan 1); importa claves con keyship keys import

            Cada alerta se envía una vez al empezar y otra al resolverse. El historial está en ledger/notifications/ del repositorio.
            """)
        let startRecords = try Self.notificationRecords(store)
        #expect(startRecords.count == 1)
        #expect(startRecords.first?.hasSuffix("""
            changes:
              - event: started
                kind: stock_out
                subject: office@MAD
                detail: available=0 waiting_orders=1 missing=1
            recipients:
              - ops@example.com
            email_status: sent

            """) == true, "\(startRecords)")

        // The condition lasts: no e-mail and no new notification record.
        let second = try store.fulfil(["--json"], label: "still-out")
        #expect(second.exitStatus == 3, "\(second.transcript)")
        #expect(try RunJSON.parse(second).notification == nil)
        #expect(try sink.messages().count == 1)
        #expect(try Self.notificationRecords(store).count == 1)

        // An operator adds keys: the waiting order is served and the stock-out clears.
        try store.addKeysAndPush(product: "office", batch: "b2", keys: keys("office", 2...3, batch: "b2"))
        let third = try store.fulfil(["--json"], label: "restocked")
        #expect(third.exitStatus == 0, "\(third.transcript)")
        #expect(try RunJSON.parse(third).orderIDs(outcome: "delivered") == ["A-2"])
        let all = try sink.messages()
        #expect(all.count == 2)
        let clearParsed = try PythonEmail.parse(Array(try #require(all.last).data))
        #expect(clearParsed.header("Subject") == "keyship (Licencias Prueba S.L.): 1 resuelta")
        #expect(Self.lines(clearParsed.body) == """
            Alertas resueltas:
            - rotura de stock: office@MAD (disponibles 1, pedidos en espera 0, faltan 0)

            Cada alerta se envía una vez al empezar y otra al resolverse. El historial está en ledger/notifications/ del repositorio.
            """)
        let records = try Self.notificationRecords(store)
        #expect(records.count == 2)
        let clearRecords = records.filter { $0.contains("event: cleared") }
        #expect(clearRecords.count == 1)
        #expect(clearRecords.first?.hasSuffix("""
            changes:
              - event: cleared
                kind: stock_out
                subject: office@MAD
                detail: available=1 waiting_orders=0 missing=0
            recipients:
              - ops@example.com
            email_status: sent

            """) == true, "\(clearRecords)")
    }

    @Test func serverDownIsRecorded() throws {
        // A server that has stopped: its port on 127.0.0.1 refuses connections.
        let sinkFolder = try ScratchDirectory("alert-smtp-down")
        let sink = try SMTPSink(in: sinkFolder)
        let port = sink.port
        sink.stop()
        let store = try Self.officeOnlyStore("alert-down", smtpPort: port) { _, _ in }

        // No key and no order: the stock-out starts, and the run itself succeeds.
        let result = try store.fulfil(["--json"], label: "smtp-down")
        #expect(result.exitStatus == 0, "\(result.transcript)")
        #expect(try RunJSON.parse(result).notification == "failed")
        let records = try Self.notificationRecords(store)
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.contains("""
            changes:
              - event: started
                kind: stock_out
                subject: office@MAD
                detail: available=0 waiting_orders=0 missing=0
            recipients:
              - ops@example.com
            email_status: failed
            email_error: "SMTP 127.0.0.1:\(port): connection failed: Couldn't connect to server: \
            Failed to connect to 127.0.0.1 port \(port) after
            """), "\(record)")
        #expect(record.hasSuffix("Couldn't connect to server. Check the host and the port.\"\n"), "\(record)")

        // The alert was not delivered, so it is not stored as active: the next run tries again.
        let retry = try store.fulfil(["--json"], label: "smtp-still-down")
        #expect(retry.exitStatus == 0, "\(retry.transcript)")
        #expect(try RunJSON.parse(retry).notification == "failed")
        #expect(try Self.notificationRecords(store).count == 2)
    }

    // MARK: - Helpers

    /// Creates a store that sells only `office`, without a low-stock threshold, so each run
    /// raises at most one alert. Alert e-mails go to `ops@example.com` through
    /// 127.0.0.1:`smtpPort`.
    static func officeOnlyStore(
        _ label: String, smtpPort: Int, prepare: (StoreFixture, KeyBook) throws -> Void
    ) throws -> ProcessStore {
        let alerts = "alerts: {email: [ops@example.com], smtp: {host: 127.0.0.1, port: \(smtpPort), security: none}}"
        return try ProcessStore(label, alerts: alerts) { fixture, book in
            for product in ["windows", "antivirus"] {
                try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("catalog/\(product).yaml"))
            }
            try fixture.write("catalog/office.yaml", """
                id: office
                name: "Office 2021 Pro"
                digital_license: true
                offers: {tienda: OFFICE}
                """)
            try prepare(fixture, book)
        }
    }

    /// Returns a message body with the CRLF line ends of the wire format as `\n`.
    static func lines(_ body: String?) -> String? {
        body?.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// Returns the text of every notification record on the remote, sorted by path.
    static func notificationRecords(_ store: ProcessStore) throws -> [String] {
        let paths = try store.harness.remoteGit(["ls-tree", "-r", "--name-only", "main", "--", "ledger/notifications"])
            .split(separator: "\n").map(String.init)
        return try paths.sorted().map { path in
            try store.harness.remoteGit(["show", "main:\(path)"])
        }
    }
}
