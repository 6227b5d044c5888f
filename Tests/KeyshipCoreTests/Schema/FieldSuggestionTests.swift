import KeyshipCore
import Testing

@Suite struct FieldSuggestionTests {
    @Test(arguments: [
        ("name", "name", 0), ("nmae", "name", 1), ("nam", "name", 1), ("names", "name", 1),
        ("wharehouse", "warehouse", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("ca", "abc", 3),
    ])
    func editDistance(left: String, right: String, distance: Int) {
        #expect(FieldSuggestion.editDistance(left, right) == distance)
        #expect(FieldSuggestion.editDistance(right, left) == distance)
    }

    static let known = ["name", "tax_id", "email", "warehouses", "language"]

    @Test(arguments: [
        ("nmae", "name"), ("Name", "name"), ("emial", "email"), ("e-mail", "email"), ("taxid", "tax_id"),
        ("warehouse", "warehouses"), ("langauge", "language"),
    ])
    func closeNamesAreSuggested(name: String, suggestion: String) {
        #expect(FieldSuggestion.nearest(to: name, in: Self.known) == suggestion)
    }

    @Test(arguments: ["colour", "id", "n", "seller", "languages_list"])
    func distantNamesGetNoSuggestion(name: String) {
        #expect(FieldSuggestion.nearest(to: name, in: Self.known) == nil)
    }

    @Test func nearestWinsOverFirstListed() {
        #expect(FieldSuggestion.nearest(to: "texts", in: ["test", "text"]) == "text")
        #expect(FieldSuggestion.nearest(to: "tezt", in: ["test", "text"]) == "test")
    }
}
