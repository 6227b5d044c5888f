import FakeMirakl
import Foundation
import KeyshipCore
import KeyshipNet
import KeyshipTestSupport
import LoopbackHTTP
import Testing

/// The fake's own contract: what a client that breaks the rules gets back.
@Suite struct FakeMiraklTests {
    static let key = "fake-key-1"

    static func fake(_ orders: [FakeMirakl.Order] = [], offers: [FakeMirakl.Offer] = []) throws -> FakeMirakl {
        try FakeMirakl(
            FakeMirakl.Configuration(apiKey: key, now: { MiraklHarness.start }),
            seed: FakeMirakl.Seed(orders: orders, offers: offers))
    }

    /// Sends a request and returns the response whatever its status.
    static func call(
        _ fake: FakeMirakl, _ method: String, _ target: String, body: HTTPBody = .empty, key: String? = FakeMiraklTests.key
    ) async throws -> HTTPResponse {
        let headers = key.map { [HTTPHeader.secret("Authorization", $0)] } ?? []
        return try await HTTPClient().send(HTTPRequest(
            method: method, url: fake.baseURL + target, headers: headers, body: body, retryPolicy: .never,
            acceptedStatuses: Set(100...599)))
    }

    @Test func requestsWithoutTheKeyAreUnauthorized() async throws {
        let fake = try Self.fake([makeOrder("O-1")])

        let missing = try await Self.call(fake, "GET", "/api/orders", key: nil)
        let wrong = try await Self.call(fake, "GET", "/api/orders", key: "Bearer \(Self.key)")

        #expect(missing.status == 401)
        #expect(wrong.status == 401)
        #expect(wrong.text == #"{"message":"Unauthorized: the API key is missing or invalid","status":401}"#)
        #expect(fake.callCount(.listOrders) == 2)
        #expect(fake.requests(to: .listOrders).allSatisfy { $0.header("Authorization") == nil })
    }

    @Test func ordersArePagedByTenByDefault() async throws {
        let fake = try Self.fake((0..<12).map { makeOrder("O-\(100 + $0)", minutesAgo: Int64(100 - $0)) })

        let first = try await Self.call(fake, "GET", "/api/orders")
        let second = try await Self.call(fake, "GET", "/api/orders?offset=10")
        let tooLarge = try await Self.call(fake, "GET", "/api/orders?max=101")

        let firstIDs = first.text.matches(of: /"order_id":"(O-\d+)"/).map { String($0.1) }
        let secondIDs = second.text.matches(of: /"order_id":"(O-\d+)"/).map { String($0.1) }
        #expect(firstIDs == (100..<110).map { "O-\($0)" })
        #expect(secondIDs == ["O-110", "O-111"])
        #expect(first.text.hasSuffix(#""total_count":12}"#))
        #expect(tooLarge.status == 400)
        #expect(tooLarge.text == #"{"message":"max must be an integer from 1 to 100, got \"101\"","status":400}"#)
    }

    @Test func moreThan100OrderIDsAreRefused() async throws {
        let fake = try Self.fake([makeOrder("O-1")])
        let ids = (0...100).map { "O-\($0)" }.joined(separator: ",")

        let response = try await Self.call(fake, "GET", "/api/orders?order_ids=\(ids)")

        #expect(response.status == 400)
        #expect(response.text == #"{"message":"order_ids accepts at most 100 values, got 101","status":400}"#)
    }

    @Test func acceptMustListEveryLineAndComeFromWaitingAcceptance() async throws {
        let fake = try Self.fake([makeOrder("O-1", lineCount: 2), makeOrder("O-2", state: "SHIPPING")])

        let partial = try await Self.call(
            fake, "PUT", "/api/orders/O-1/accept", body: .json(#"{"order_lines":[{"id":"O-1-1","accepted":true}]}"#))
        let shipping = try await Self.call(
            fake, "PUT", "/api/orders/O-2/accept", body: .json(#"{"order_lines":[{"id":"O-2-1","accepted":true}]}"#))
        let refused = try await Self.call(
            fake, "PUT", "/api/orders/O-1/accept",
            body: .json(#"{"order_lines":[{"id":"O-1-1","accepted":false},{"id":"O-1-2","accepted":false}]}"#))

        #expect(partial.status == 400)
        #expect(partial.text == #"{"message":"Every order line must be accepted or refused; missing: O-1-2","status":400}"#)
        #expect(shipping.status == 400)
        #expect(shipping.text.contains("only WAITING_ACCEPTANCE orders can be accepted or refused"))
        #expect(refused.status == 204)
        #expect(fake.order("O-1")?.state == "REFUSED")
        #expect(fake.acceptedOrderIDs == [])
    }

    @Test func shipOnlyFromShipping() async throws {
        let fake = try Self.fake([makeOrder("O-1", state: "WAITING_DEBIT_PAYMENT")])

        let early = try await Self.call(fake, "PUT", "/api/orders/O-1/ship")
        try fake.pay("O-1")
        let paid = try await Self.call(fake, "PUT", "/api/orders/O-1/ship")

        #expect(early.status == 400)
        #expect(paid.status == 204)
        #expect(fake.shippedOrderIDs == ["O-1"])
        #expect(throws: FakeMirakl.ControlError.invalidTransition(orderID: "O-1", state: "SHIPPED", action: "cancel")) {
            try fake.cancel("O-1")
        }
    }

    @Test func stockFileWithCommasIsRefused() async throws {
        let fake = try Self.fake(offers: [FakeMirakl.Offer(sku: "A")])
        let form = MultipartFormData(parts: [
            .file("file", filename: "s.csv", contentType: "text/csv", data: Array("offer-sku,quantity,warehouse-code,update-delete\nA,1,,update\n".utf8)),
        ])

        let response = try await Self.call(fake, "POST", "/api/offers/stock/imports", body: .form(form))

        #expect(response.status == 400)
        #expect(response.text.contains("The header must be offer-sku;quantity;warehouse-code;update-delete"))
        #expect(fake.stockImports.isEmpty)
    }

    @Test func threadsNeedEntityTypeWithEntityID() async throws {
        let fake = try Self.fake([makeOrder("O-1")])

        let response = try await Self.call(fake, "GET", "/api/inbox/threads?entity_id=O-1")

        #expect(response.status == 400)
    }

    @Test func seededProbabilityRepeats() async throws {
        func statuses() async throws -> [Int] {
            let fake = try Self.fake([makeOrder("O-1")])
            fake.inject(.serverError(status: 503), on: .listOrders, probability: 0.5, seed: 42)
            var result: [Int] = []
            for _ in 0..<12 { result.append(try await Self.call(fake, "GET", "/api/orders").status) }
            return result
        }

        let first = try await statuses()
        let second = try await statuses()

        #expect(first == second)
        #expect(first.contains(503))
        #expect(first.contains(200))
    }

    @Test func seedErrorsNameTheMember() throws {
        let seed = #"{"orders":[{"order_id":"O-1","order_lines":[{"order_line_id":"L1","offer_sku":"A","quantity":0}]}]}"#

        #expect(throws: FakeMirakl.SeedError.self) {
            try FakeMirakl.Seed.parse(Array(seed.utf8), now: MiraklHarness.start)
        }
        do {
            _ = try FakeMirakl.Seed.parse(Array(seed.utf8), now: MiraklHarness.start)
        } catch {
            #expect(error.description == "orders[0].order_lines[0].quantity must be a positive integer")
        }
    }

    @Test func controlEndpointsDriveADemo() async throws {
        let fake = try Self.fake([makeOrder("O-1", state: "WAITING_DEBIT_PAYMENT")])

        let paid = try await Self.call(fake, "POST", "/_fake/orders/O-1/pay", key: nil)
        let added = try await Self.call(
            fake, "POST", "/_fake/orders", body: .json(#"{"order_id":"O-2","order_lines":[{"order_line_id":"O-2-1","offer_sku":"A","quantity":1}]}"#),
            key: nil)
        let cancelled = try await Self.call(fake, "POST", "/_fake/orders/O-2/cancel", key: nil)
        let unknown = try await Self.call(fake, "POST", "/_fake/orders/O-9/pay", key: nil)
        let state = try await Self.call(fake, "GET", "/_fake/state", key: nil)

        #expect(paid.status == 204)
        #expect(added.status == 201)
        #expect(cancelled.status == 204)
        #expect(unknown.status == 404)
        #expect(fake.order("O-1")?.state == "SHIPPING")
        #expect(fake.order("O-2")?.state == "CANCELED")
        #expect(state.text.hasPrefix(#"{"orders":[{"order_id":"O-1","order_state":"SHIPPING""#))
    }

    @Test func executablePrintsItsURLAndStopsOnSIGTERM() async throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("fake-mirakl")
        let fallback = SharedTestData.packageRoot.appendingPathComponent(".build/debug/fake-mirakl")
        let path = FileManager.default.isExecutableFile(atPath: binary.path) ? binary.path : fallback.path
        #expect(FileManager.default.isExecutableFile(atPath: path), "build fake-mirakl first: swift build")

        let scratch = try ScratchDirectory()
        let seed = try scratch.write("seed.json", #"""
            {"orders": [{"order_id": "D-1", "created_date": "2026-12-04T09:00:00Z",
                         "order_lines": [{"order_line_id": "D-1-1", "offer_sku": "PCC-88123", "quantity": 1}]}],
             "offers": [{"shop_sku": "PCC-88123", "quantity": 4}]}
            """#)
        let output = Pipe()
        let process = try ProcessRunner.start(
            path, ["--api-key", Self.key, "--seed", seed.path, "--auto-debit"], standardOutput: output.fileHandleForWriting)
        defer { ProcessRunner.stop(process) }
        try output.fileHandleForWriting.close()

        var line = ""
        while !line.hasSuffix("\n"), let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty {
            line += String(decoding: byte, as: UTF8.self)
        }
        let baseURL = line.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(baseURL.hasPrefix("http://127.0.0.1:"))

        let response = try await HTTPClient().send(HTTPRequest(
            method: "GET", url: baseURL + "/api/orders?order_ids=D-1", headers: [.secret("Authorization", Self.key)],
            retryPolicy: .never))
        #expect(response.text.contains(#""order_id":"D-1","commercial_id":"D","order_state":"WAITING_ACCEPTANCE""#))

        ProcessRunner.stop(process)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
