/// An e-mail address with an optional display name, as written in `From` and `To` headers.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The `local@domain` part, ASCII only.
    public var address: String
    public var displayName: String?

    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// True when `address` is a plain `local@domain` address: the local part made of RFC 5322
    /// atext and dots, the domain made of letters, digits, hyphens and dots.
    ///
    /// Quoted local parts, address literals and non-ASCII addresses (SMTPUTF8) are rejected,
    /// because the SMTP path and the mail clients keyship writes for do not all accept them.
    public var isValid: Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254 else { return false }
        let local = parts[0].utf8
        let domain = parts[1].utf8
        let atextSymbols = Array("!#$%&'*+-/=?^_`{|}~.".utf8)
        guard local.allSatisfy({ Self.isAlphanumeric($0) || atextSymbols.contains($0) }),
              local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
              !parts[0].contains("..")
        else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.allSatisfy { Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            && labels.allSatisfy { !$0.isEmpty && $0.first != "-" && $0.last != "-" }
    }

    /// The domain after `@`, used to build message ids.
    public var domain: Substring {
        address.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
    }

    /// Formats the address for a header: `"Name" <local@domain>`, with a non-ASCII name as RFC
    /// 2047 encoded words, or the bare address when there is no name.
    func headerText(firstLineUsed: Int) throws(MIMEError) -> String {
        guard isValid else { throw .invalidAddress(address) }
        guard let displayName, !displayName.isEmpty else { return address }
        let phrase: String
        if MIMEEncoding.isPlainHeaderText(displayName) {
            phrase = MIMEEncoding.quotedString(displayName)
        } else {
            phrase = MIMEEncoding.encodedWords(displayName, firstLineUsed: firstLineUsed)
        }
        return phrase + " <" + address + ">"
    }

    public var description: String {
        guard let displayName, !displayName.isEmpty else { return address }
        return "\(displayName) <\(address)>"
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
