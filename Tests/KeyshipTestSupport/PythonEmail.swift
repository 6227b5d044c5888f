import Foundation

/// Parses MIME bytes with Python's `email` package, an independent reader, and returns what it
/// decoded: headers, the text body and the attachments.
public enum PythonEmail {
    public struct Parsed: Decodable {
        public struct Attachment: Decodable {
            public var filename: String?
            public var contentType: String
            public var dataBase64: String

            public var data: [UInt8] { Array(Data(base64Encoded: dataBase64) ?? Data()) }
        }

        public struct FormPart: Decodable {
            public var name: String?
            public var filename: String?
            public var contentType: String?
            public var dataBase64: String

            public var data: [UInt8] { Array(Data(base64Encoded: dataBase64) ?? Data()) }
        }

        public var headers: [[String]]
        public var defects: [String]
        public var body: String?
        public var attachments: [Attachment]
        public var formParts: [FormPart]

        /// Returns the decoded value of the first header called `name`.
        public func header(_ name: String) -> String? {
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
    public static func parse(_ bytes: [UInt8], contentType: String? = nil) throws -> Parsed {
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

public struct PythonEmailError: Error, CustomStringConvertible {
    public var stderr: String
    public var description: String { "python3 email parser failed: \(stderr)" }
}
