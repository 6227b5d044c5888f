import Foundation
import KeyshipTestSupport

/// Parses MIME bytes with Python's `email` package, an independent reader, and returns what it
/// decoded: headers, the text body and the attachments.
enum PythonEmail {
    struct Parsed: Decodable {
        struct Attachment: Decodable {
            var filename: String?
            var contentType: String
            var dataBase64: String

            var data: [UInt8] { Array(Data(base64Encoded: dataBase64) ?? Data()) }
        }

        struct FormPart: Decodable {
            var name: String?
            var filename: String?
            var contentType: String?
            var dataBase64: String

            var data: [UInt8] { Array(Data(base64Encoded: dataBase64) ?? Data()) }
        }

        var headers: [[String]]
        var defects: [String]
        var body: String?
        var attachments: [Attachment]
        var formParts: [FormPart]

        /// Returns the decoded value of the first header called `name`.
        func header(_ name: String) -> String? {
            headers.first { $0[0].lowercased() == name.lowercased() }?[1]
        }
    }

    private static let script = #"""
import base64, json, sys
from email import policy
from email.parser import BytesParser

raw = sys.stdin.buffer.read()
message = BytesParser(policy=policy.default).parsebytes(raw)
result = {"headers": [[k, str(v)] for k, v in message.items()], "defects": [], "body": None,
          "attachments": [], "formParts": []}

def collect_defects(part):
    result["defects"].extend(type(d).__name__ for d in part.defects)
    for key, value in part.items():
        result["defects"].extend(type(d).__name__ for d in getattr(value, "defects", []))

for part in message.walk():
    collect_defects(part)
    if part.is_multipart():
        continue
    if message.get_content_type() == "multipart/form-data":
        disposition = part.get_param("name", header="content-disposition")
        result["formParts"].append({
            "name": disposition,
            "filename": part.get_filename(),
            "contentType": part.get("content-type"),
            "dataBase64": base64.b64encode(part.get_payload(decode=True)).decode(),
        })
    elif part.get_content_disposition() == "attachment":
        result["attachments"].append({
            "filename": part.get_filename(),
            "contentType": part.get_content_type(),
            "dataBase64": base64.b64encode(part.get_payload(decode=True)).decode(),
        })
    elif part.get_content_type() == "text/plain":
        result["body"] = part.get_content()
json.dump(result, sys.stdout)
"""#

    /// Parses `bytes`; `contentType` is prepended as a header for a bare form body.
    static func parse(_ bytes: [UInt8], contentType: String? = nil) throws -> Parsed {
        var input = Data()
        if let contentType { input += Data("Content-Type: \(contentType)\r\nMIME-Version: 1.0\r\n\r\n".utf8) }
        input += Data(bytes)
        let result = try ProcessRunner.run("/usr/bin/python3", ["-c", script], stdin: input, timeout: 60)
        guard result.status == 0 else {
            throw PythonEmailError(stderr: result.stderr)
        }
        return try JSONDecoder().decode(Parsed.self, from: result.stdoutData)
    }
}

struct PythonEmailError: Error, CustomStringConvertible {
    var stderr: String
    var description: String { "python3 email parser failed: \(stderr)" }
}
