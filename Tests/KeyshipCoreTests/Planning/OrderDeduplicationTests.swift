import KeyshipCore
import Testing

@Suite struct OrderDeduplicationTests {
    typealias F = PlanFixture

    struct SightingCase: CustomTestStringConvertible, Sendable {
        var name: String
        /// Each sighting's state and `updatedAt` in minutes, in the order seen.
        var sightings: [(state: OrderState, updated: Int?)]
        var winner: OrderState

        var testDescription: String { name }
    }

    static let cases: [SightingCase] = [
        SightingCase(name: "later update wins", sightings: [(.paid, 10), (.awaitingPayment, 5)], winner: .paid),
        SightingCase(name: "later update wins when seen last", sightings: [(.awaitingPayment, 5), (.paid, 10)], winner: .paid),
        SightingCase(name: "equal times: last seen wins", sightings: [(.paid, 7), (.cancelled, 7)], winner: .cancelled),
        SightingCase(name: "unknown time loses to a known one", sightings: [(.paid, 3), (.cancelled, nil)], winner: .paid),
        SightingCase(name: "known time beats an earlier unknown", sightings: [(.cancelled, nil), (.paid, 3)], winner: .paid),
        SightingCase(name: "two unknown times: last seen wins", sightings: [(.paid, nil), (.cancelled, nil)], winner: .cancelled),
    ]

    @Test(arguments: cases)
    func oneSightingPerOrder(_ testCase: SightingCase) {
        let orders = testCase.sightings.map { F.order("T-1", state: $0.state, updated: $0.updated) }

        let latest = OrderDeduplication.latest(orders)

        #expect(latest.map(\.state) == [testCase.winner])
    }

    @Test func resultIsOldestFirstByCreationChannelAndId() {
        let orders = [
            F.order("B", channel: "tienda", created: 5),
            F.order("A", channel: "tienda", created: 5),
            F.order("Z", channel: "pccomponentes", created: 5),
            F.order("Y", channel: "worten", created: 1),
        ]

        let latest = OrderDeduplication.latest(orders)

        #expect(latest.map { OrderKey($0).description } == ["worten/Y", "pccomponentes/Z", "tienda/A", "tienda/B"])
    }

    @Test func sameIdOnTwoChannelsIsTwoOrders() {
        let latest = OrderDeduplication.latest([F.order("1", channel: "tienda"), F.order("1", channel: "pccomponentes")])

        #expect(latest.count == 2)
    }
}
