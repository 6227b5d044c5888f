/// A plaintext licence key handed to the renderer for one message.
///
/// The caller decrypts the key just before rendering. Printing a `PlainKey` shows its id only.
public struct PlainKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key's non-secret id from its row.
    public var id: String
    /// The licence key in clear. Never log, print or store it.
    public var value: String
    /// Store path of a document that travels with this key.
    public var attachment: String?

    public init(id: String, value: String, attachment: String? = nil) {
        self.id = id
        self.value = value
        self.attachment = attachment
    }

    public var description: String { "PlainKey(id: \(id), value: <redacted>)" }
    public var debugDescription: String { description }
}

/// One licence product of an order with its keys: one part of the buyer message.
public struct ProductKeys: Sendable, Hashable {
    public var product: Product
    public var keys: [PlainKey]

    public init(product: Product, keys: [PlainKey]) {
        self.product = product
        self.keys = keys
    }

    /// Groups a record's keys into parts, one per product in the order of the record's lines.
    ///
    /// `plaintext` decrypts one key. A product missing from the catalogue (removed after the
    /// keys were reserved) still gets its keys delivered, under its id as name and with no
    /// instructions.
    public static func parts(
        of record: LedgerRecord, catalog: Catalog, plaintext: (SoldKey) throws -> String
    ) rethrows -> [ProductKeys] {
        var parts: [ProductKeys] = []
        var index: [String: Int] = [:]
        for line in record.lines {
            if index[line.product] == nil {
                index[line.product] = parts.count
                let product = catalog.product(id: line.product)
                    ?? Product(id: line.product, name: line.product, digitalLicense: true)
                parts.append(ProductKeys(product: product, keys: []))
            }
            for sold in line.keys {
                let key = PlainKey(id: sold.row.id, value: try plaintext(sold), attachment: sold.row.attachment)
                parts[index[line.product]!].keys.append(key)
            }
        }
        return parts
    }
}

/// The limits a channel sets on one buyer message.
public struct MessageLimits: Sendable, Hashable {
    /// Maximum length of the body in UTF-16 code units. Counting UTF-16 units never undercounts
    /// characters or Unicode scalars, so a body within the limit passes any of those counts.
    public var maxCharacters: Int?
    /// Maximum number of attachments, the generated text attachment included.
    public var maxAttachments: Int?

    public init(maxCharacters: Int? = nil, maxAttachments: Int? = nil) {
        self.maxCharacters = maxCharacters
        self.maxAttachments = maxAttachments
    }

    /// No limit: e-mail and files.
    public static let none = MessageLimits()

    /// Amazon Selling Partner API, Messaging v1, `createDigitalAccessKey`: a text of 1 to 400
    /// characters and at most 5 attachments.
    public static let amazonDigitalAccessKey = MessageLimits(maxCharacters: 400, maxAttachments: 5)
}

/// A text file generated for the buyer: the message's text when the body has room only for
/// the keys. It contains no key.
public struct TextAttachment: Sendable, Hashable {
    public var fileName: String
    public var text: String

    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = text
    }
}

/// A buyer message ready to send. The body contains plaintext keys, so printing a message shows
/// everything but the body.
public struct RenderedMessage: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var subject: String
    /// Line breaks are `\n`; the channel converts them for its transport.
    public var body: String
    /// Store paths of the documents to attach: each product's instructions document, then each
    /// key's attachment, in the message's order, each path once.
    public var attachments: [String]
    public var textAttachment: TextAttachment?
    /// The language of the first template used; nil when no template was found.
    public var language: String?
    /// The template choice for each part, in order, for the run's log.
    public var choices: [TemplateChoice]

    public init(
        subject: String, body: String, attachments: [String], textAttachment: TextAttachment?, language: String?,
        choices: [TemplateChoice]
    ) {
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.textAttachment = textAttachment
        self.language = language
        self.choices = choices
    }

    public var description: String {
        let names = attachments + (textAttachment.map { [$0.fileName] } ?? [])
        return "RenderedMessage(subject: \(subject), attachments: \(names), language: \(language ?? "none"), body: <redacted>)"
    }

    public var debugDescription: String { description }

    /// Converts the message into the form channels send. `load` reads an attachment's bytes
    /// from the store.
    public func buyerMessage(loadingAttachments load: (String) throws -> [UInt8]) rethrows -> BuyerMessage {
        var files: [MessageAttachment] = []
        for path in attachments {
            let name = String(path.split(separator: "/").last ?? Substring(path))
            files.append(MessageAttachment(fileName: name, contentType: Self.contentType(of: name), data: try load(path)))
        }
        if let textAttachment {
            files.append(MessageAttachment(
                fileName: textAttachment.fileName, contentType: "text/plain; charset=utf-8",
                data: Array(textAttachment.text.utf8)))
        }
        return BuyerMessage(subject: subject, body: body, attachments: files, language: language)
    }

    /// Returns the MIME type for a file name's extension; unknown ones are sent as generic bytes.
    static func contentType(of fileName: String) -> String {
        let dot = fileName.lastIndex(of: ".")
        let fileExtension = dot.map { fileName[fileName.index(after: $0)...].lowercased() } ?? ""
        switch fileExtension {
        case "pdf": return "application/pdf"
        case "txt": return "text/plain; charset=utf-8"
        case "html", "htm": return "text/html; charset=utf-8"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "zip": return "application/zip"
        default: return "application/octet-stream"
        }
    }
}
