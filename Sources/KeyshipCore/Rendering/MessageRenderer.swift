/// Builds the message a buyer receives for one order from the store's templates.
///
/// The body has one part per licence product, in the order's line order, separated by a line
/// `-----`. A part is the template's intro, the keys one per line, the product's usage
/// instructions text and the template's closing, separated by blank lines. A product with no
/// template (see `TemplateLibrary` for the language chain) gets a part of only its keys; its
/// instructions document is still attached. Texts keep their own line breaks, with Windows
/// line ends turned into `\n`, and keys are inserted exactly as given.
///
/// The renderer keeps no state and logs nothing, so the plaintext keys it receives leave it
/// only inside the returned message.
public struct MessageRenderer: Sendable {
    public var templates: TemplateLibrary
    public var seller: Seller

    public init(templates: TemplateLibrary, seller: Seller) {
        self.templates = templates
        self.seller = seller
    }

    /// The separator line between products' parts.
    public static let partSeparator = "-----"

    public func render(
        order: Order, channel: ChannelConfig, parts: [ProductKeys], limits: MessageLimits = .none
    ) throws(RenderError) -> RenderedMessage {
        try render(orderID: order.id, buyer: order.buyer, channel: channel, parts: parts, limits: limits)
    }

    /// Renders the message. When `limits` caps the length and the full text does not fit, the
    /// texts move into a `.txt` attachment and the body keeps the keys, with a line pointing to
    /// the attachment when that fits too.
    public func render(
        orderID: String, buyer: Buyer, channel: ChannelConfig, parts: [ProductKeys], limits: MessageLimits = .none
    ) throws(RenderError) -> RenderedMessage {
        let orderName = "\(channel.name)/\(orderID)"
        let parts = parts.filter { !$0.keys.isEmpty }
        guard !parts.isEmpty else { throw .noKeys(order: orderName) }

        var choices: [TemplateChoice] = []
        var rendered: [RenderedPart] = []
        var subject: String?
        for (index, part) in parts.enumerated() {
            let choice = templates.choose(
                product: part.product.id, channel: channel.name, buyerLanguage: buyer.language,
                channelLanguage: channel.language)
            choices.append(choice)
            let values = PlaceholderValues(
                orderID: orderID, productName: part.product.name, quantity: part.keys.count, sellerName: seller.name,
                buyerName: buyer.name?.trimmingSpaces() ?? "", channel: channel.name)
            guard let key = choice.key, let template = templates[key] else {
                rendered.append(RenderedPart(keys: part.keys.map(\.value)))
                continue
            }
            if index == 0, let text = template.subject {
                subject = try Self.fill(text, field: .subject, template: key, values: values)
            }
            rendered.append(RenderedPart(
                intro: try template.intro.map { text throws(RenderError) in
                    try Self.fill(text, field: .intro, template: key, values: values)
                },
                keys: part.keys.map(\.value),
                instructions: part.product.instructions?.text.map(Self.normalizedLines),
                closing: try template.closing.map { text throws(RenderError) in
                    try Self.fill(text, field: .closing, template: key, values: values)
                }))
        }

        let language = choices.lazy.compactMap(\.key).first?.language
        let messageLanguage = language ?? channel.language.lowercased()
        let finalSubject = Self.singleLine(subject.flatMap { $0.isEmpty ? nil : $0 }
            ?? BuyerTexts.subject(orderID: orderID, language: messageLanguage))
        let attachments = Self.attachments(of: parts)

        var body = rendered.map(\.fullText).joined(separator: "\n\(Self.partSeparator)\n")
        var textAttachment: TextAttachment?
        if let limit = limits.maxCharacters, body.utf16.count > limit {
            let keysOnly = rendered.map(\.keysText).joined(separator: "\n\(Self.partSeparator)\n")
            guard keysOnly.utf16.count <= limit else {
                throw .keysExceedLimit(order: orderName, length: keysOnly.utf16.count, limit: limit)
            }
            textAttachment = TextAttachment(
                fileName: BuyerTexts.textAttachmentName(language: messageLanguage),
                text: rendered.map(\.textWithoutKeys).filter { !$0.isEmpty }
                    .joined(separator: "\n\(Self.partSeparator)\n") + "\n")
            let pointed = BuyerTexts.seeAttachment(language: messageLanguage) + "\n\n" + keysOnly
            body = pointed.utf16.count <= limit ? pointed : keysOnly
        }

        let attachmentCount = attachments.count + (textAttachment == nil ? 0 : 1)
        if let limit = limits.maxAttachments, attachmentCount > limit {
            throw .tooManyAttachments(order: orderName, count: attachmentCount, limit: limit)
        }
        return RenderedMessage(
            subject: finalSubject, body: body, attachments: attachments, textAttachment: textAttachment,
            language: language, choices: choices)
    }

    /// One product's rendered texts and keys.
    private struct RenderedPart {
        var intro: String?
        var keys: [String]
        var instructions: String?
        var closing: String?

        var keysText: String { keys.joined(separator: "\n") }

        var fullText: String {
            [intro, keysText, instructions, closing].compactMap(\.self).filter { !$0.isEmpty }.joined(separator: "\n\n")
        }

        var textWithoutKeys: String {
            [intro, instructions, closing].compactMap(\.self).filter { !$0.isEmpty }.joined(separator: "\n\n")
        }
    }

    /// Substitutes the placeholders of one template field, or throws its first error.
    private static func fill(
        _ text: String, field: TemplateField, template: TemplateKey, values: PlaceholderValues
    ) throws(RenderError) -> String {
        let (parsed, faults) = TemplateText.parse(text)
        if let fault = faults.first {
            throw .template(TemplateProblem(fault, template: template, field: field))
        }
        return normalizedLines(parsed.render(values))
    }

    /// Turns `\r\n` and `\r` into `\n`, drops spaces at the end of each line, and drops blank
    /// lines before and after the text. YAML block scalars (which end in a line break) and plain
    /// scalars then give the same layout, and invisible spaces do not use up a length limit.
    static func normalizedLines(_ text: String) -> String {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                lines.append(String(current))
                current = String.UnicodeScalarView()
                afterCarriageReturn = true
            case "\n":
                // The `\n` of a `\r\n` pair ends nothing more: the `\r` already ended the line.
                if !afterCarriageReturn {
                    lines.append(String(current))
                    current = String.UnicodeScalarView()
                }
                afterCarriageReturn = false
            default:
                current.append(scalar)
                afterCarriageReturn = false
            }
        }
        lines.append(String(current))

        lines = lines.map { line in
            var trimmed = Substring(line)
            while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
            return String(trimmed)
        }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }), let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            return ""
        }
        return lines[first...last].joined(separator: "\n")
    }

    /// Joins the lines of a subject with spaces, so no text can start a mail header.
    static func singleLine(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isNewline })
        return words.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Instructions documents and key attachments in message order, each path once.
    static func attachments(of parts: [ProductKeys]) -> [String] {
        var seen: Set<String> = []
        var paths: [String] = []
        for part in parts {
            let candidates = [part.product.instructions?.attachment] + part.keys.map(\.attachment)
            for path in candidates.compactMap(\.self) where seen.insert(path).inserted {
                paths.append(path)
            }
        }
        return paths
    }
}
