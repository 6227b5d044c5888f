import KeyshipCore
import Testing
@testable import KeyshipFulfil

@Suite struct AlertTextTests {
    @Test(arguments: [
        ("available=0 waiting_orders=1 missing=1", "disponibles 0, pedidos en espera 1, faltan 1", "available 0, waiting orders 1, missing 1"),
        ("available=3 threshold=5", "disponibles 3, umbral 5", "available 3, threshold 5"),
        ("status=error attempts=2 last_error=HTTP 500: server error", "estado error, intentos 2, último error HTTP 500: server error",
         "status error, attempts 2, last error HTTP 500: server error"),
        ("resolved", "resuelta", "resolved"),
        ("new_figure=7", "new_figure 7", "new_figure 7"),
    ])
    func figuresInWords(_ detail: String, _ spanish: String, _ english: String) {
        #expect(AlertText.figures(detail, language: .es) == spanish)
        #expect(AlertText.figures(detail, language: .en) == english)
    }
}
