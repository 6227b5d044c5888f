/// The few texts keyship writes to buyers itself, when a template gives none, in the languages
/// its sellers' marketplaces use. Another language gets the English text.
enum BuyerTexts {
    private struct Texts {
        /// Subject with `{{order_id}}`, used when the first product's template has no subject.
        var subject: String
        /// Name of the text attachment that takes the message's text when a channel's length
        /// limit leaves room only for the keys.
        var textAttachmentName: String
        /// The line that points the buyer to that attachment.
        var seeAttachment: String
        /// The buyer's name in `keyship templates preview`.
        var sampleBuyer: String
    }

    private static let english = Texts(
        subject: "Your licence keys for order {{order_id}}",
        textAttachmentName: "instructions.txt",
        seeAttachment: "Instructions are in the attached file instructions.txt.",
        sampleBuyer: "Sample Buyer")

    private static let byLanguage: [String: Texts] = [
        "en": english,
        "es": Texts(
            subject: "Tus claves de licencia del pedido {{order_id}}",
            textAttachmentName: "instrucciones.txt",
            seeAttachment: "Las instrucciones están en el archivo adjunto instrucciones.txt.",
            sampleBuyer: "Cliente de Ejemplo"),
        "de": Texts(
            subject: "Ihre Lizenzschlüssel für Bestellung {{order_id}}",
            textAttachmentName: "anleitung.txt",
            seeAttachment: "Die Anleitung finden Sie in der angehängten Datei anleitung.txt.",
            sampleBuyer: "Beispielkunde"),
        "fr": Texts(
            subject: "Vos clés de licence pour la commande {{order_id}}",
            textAttachmentName: "instructions.txt",
            seeAttachment: "Les instructions se trouvent dans le fichier joint instructions.txt.",
            sampleBuyer: "Client Exemple"),
        "it": Texts(
            subject: "Le tue chiavi di licenza per l'ordine {{order_id}}",
            textAttachmentName: "istruzioni.txt",
            seeAttachment: "Le istruzioni sono nel file allegato istruzioni.txt.",
            sampleBuyer: "Cliente di Esempio"),
        "pt": Texts(
            subject: "As suas chaves de licença da encomenda {{order_id}}",
            textAttachmentName: "instrucoes.txt",
            seeAttachment: "As instruções estão no ficheiro anexo instrucoes.txt.",
            sampleBuyer: "Cliente de Exemplo"),
    ]

    private static func texts(_ language: String) -> Texts {
        byLanguage[language.lowercased()] ?? english
    }

    static func subject(orderID: String, language: String) -> String {
        texts(language).subject.replacing("{{order_id}}", with: orderID)
    }

    static func textAttachmentName(language: String) -> String { texts(language).textAttachmentName }
    static func seeAttachment(language: String) -> String { texts(language).seeAttachment }
    static func sampleBuyer(language: String) -> String { texts(language).sampleBuyer }
}
