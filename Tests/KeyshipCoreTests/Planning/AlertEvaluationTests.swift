import KeyshipCore
import Testing

@Suite struct AlertEvaluationTests {
    typealias F = PlanFixture

    static let stockOut = AlertCondition.stock(.stockOut, product: "office", warehouse: "MAD")
    static let lowStock = AlertCondition.stock(.lowStock, product: "office", warehouse: "MAD")
    static let unmapped = AlertCondition(kind: .unmappedProduct, subject: "tienda/X")
    static let earlier = PlanFixture.time("2026-12-01T08:00:00Z")

    @Test func newConditionStartsOnce() {
        let current = [AlertFinding(condition: Self.stockOut, detail: "available=0 waiting_orders=3 missing=3")]

        let changes = AlertEvaluation.changes(active: [], current: current, currentFigures: [:])
        let next = AlertEvaluation.nextActive(active: [], current: current, now: F.now)
        let repeated = AlertEvaluation.changes(active: next, current: current, currentFigures: [:])

        #expect(changes == [AlertChange(event: .started, condition: Self.stockOut, detail: "available=0 waiting_orders=3 missing=3")])
        #expect(next == [ActiveAlert(condition: Self.stockOut, since: F.now)])
        #expect(repeated.isEmpty)
    }

    @Test func goneConditionClearsWithCurrentFigures() {
        let active = [ActiveAlert(condition: Self.stockOut, since: Self.earlier), ActiveAlert(condition: Self.unmapped, since: Self.earlier)]

        let changes = AlertEvaluation.changes(
            active: active, current: [], currentFigures: [Self.stockOut: "available=12 waiting_orders=0 missing=0"])

        #expect(changes == [
            AlertChange(event: .cleared, condition: Self.stockOut, detail: "available=12 waiting_orders=0 missing=0"),
            AlertChange(event: .cleared, condition: Self.unmapped, detail: "resolved"),
        ])
        #expect(AlertEvaluation.nextActive(active: active, current: [], now: F.now).isEmpty)
    }

    @Test func continuingConditionKeepsItsStart() {
        let active = [ActiveAlert(condition: Self.lowStock, since: Self.earlier)]
        let current = [
            AlertFinding(condition: Self.lowStock, detail: "available=2 threshold=5"),
            AlertFinding(condition: Self.stockOut, detail: "available=0 waiting_orders=0 missing=0"),
        ]

        let next = AlertEvaluation.nextActive(active: active, current: current, now: F.now)

        #expect(next == [
            ActiveAlert(condition: Self.stockOut, since: F.now), ActiveAlert(condition: Self.lowStock, since: Self.earlier),
        ])
    }

    @Test func lowStockNeedsAPositiveThreshold() {
        let counts = [
            StockCount(product: "windows", warehouse: "MAD", available: 3, isSold: true),
            StockCount(product: "office", warehouse: "MAD", available: 6, isSold: true),
            StockCount(product: "office", warehouse: "BCN", available: 5, isSold: true),
        ]

        let findings = AlertEvaluation.stockFindings(counts, catalog: F.catalog)

        #expect(findings == [AlertFinding(
            condition: .stock(.lowStock, product: "office", warehouse: "BCN"), detail: "available=5 threshold=5")])
    }

    @Test func unsoldPairRaisesNoStockAlert() {
        let counts = [StockCount(product: "office", warehouse: "VAL", available: 0, isSold: false)]

        #expect(AlertEvaluation.stockFindings(counts, catalog: F.catalog).isEmpty)
    }

    @Test func deliveryErrorDetailIsOneShortLine() {
        let reason = String(repeating: "x", count: 130) + "\nsecond line"
        let record = F.record(
            for: F.order("T-1"), keys: [F.key("K1", created: 0)],
            delivery: DeliveryRecord(status: .error, attempts: 3, lastError: reason))

        let findings = AlertEvaluation.deliveryErrorFindings([record])

        #expect(findings == [AlertFinding(
            condition: AlertCondition(kind: .deliveryError, subject: "tienda/T-1"),
            detail: "status=error attempts=3 last_error=" + String(repeating: "x", count: 119) + "…")])
    }
}
