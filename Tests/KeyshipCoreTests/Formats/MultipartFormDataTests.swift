import KeyshipTestSupport
import KeyshipCore
import Testing

@Suite struct MultipartFormDataTests {
    static let pdf = Array("%PDF-1.4\r\n".utf8) + (0..<300).map { UInt8($0 % 256) } + Array("\r\n--\r\n".utf8)

    @Test func partsRoundTripThroughPython() throws {
        let form = MultipartFormData(parts: [
            .field("order_id", "T-1001"),
            .field("comentario", "Factura nº 7 — «ñ»\r\nsegunda línea"),
            .file("file", filename: "factura T-1001 nº7.pdf", contentType: "application/pdf", data: Self.pdf),
            .file("empty", filename: "vacío.bin", data: []),
        ])
        let encoded = try form.encoded()
        let parsed = try PythonEmail.parse(encoded.body, contentType: encoded.contentType)

        #expect(parsed.formParts.map(\.name) == ["order_id", "comentario", "file", "empty"])
        #expect(parsed.formParts.map(\.filename) == [nil, nil, "factura T-1001 nº7.pdf", "vacío.bin"])
        #expect(parsed.formParts.map(\.contentType) == [nil, nil, "application/pdf", "application/octet-stream"])
        #expect(parsed.formParts.map(\.data) == form.parts.map(\.data))
    }

    @Test func encodedBodyMatchesExpectedBytes() throws {
        let form = MultipartFormData(
            parts: [.field("a", "1"), .file("f", filename: "x\"y.txt", contentType: "text/plain", data: Array("hi".utf8))],
            boundary: "b0")
        let encoded = try form.encoded()

        #expect(encoded.contentType == "multipart/form-data; boundary=b0")
        #expect(String(decoding: encoded.body, as: UTF8.self) == """
            --b0\r
            Content-Disposition: form-data; name="a"\r
            \r
            1\r
            --b0\r
            Content-Disposition: form-data; name="f"; filename="x%22y.txt"\r
            Content-Type: text/plain\r
            \r
            hi\r
            --b0--\r

            """)
    }

    @Test func boundaryFoundInPartIsRejected() {
        let form = MultipartFormData(parts: [.field("a", "x\r\n--b0\r\n")], boundary: "b0")

        #expect(throws: MIMEError.invalidBoundary("b0")) { _ = try form.encoded() }
    }

    @Test func boundaryWithSpaceIsRejected() {
        let form = MultipartFormData(parts: [.field("a", "x")], boundary: "b 0")

        #expect(throws: MIMEError.invalidBoundary("b 0")) { _ = try form.encoded() }
    }

    @Test func generatedBoundaryAvoidsPartContent() throws {
        let encoded = try MultipartFormData(parts: [.field("a", "--keyship-form-")]).encoded()
        let boundary = String(encoded.contentType.dropFirst("multipart/form-data; boundary=".count))

        #expect(boundary.hasPrefix("keyship-form-"))
        #expect(boundary.count == "keyship-form-".count + 32)
    }

    @Test func invalidPartContentTypeIsRejected() {
        let form = MultipartFormData(parts: [.file("f", filename: "a", contentType: "application pdf", data: [])])

        #expect(throws: MIMEError.invalidContentType("application pdf")) { _ = try form.encoded() }
    }
}
