import KeyshipGit
import KeyshipTestSupport
import Testing

@Suite struct DiffTests {
    let scratch: ScratchDirectory
    let repository: Repository

    init() throws {
        scratch = try ScratchDirectory("git-diff")
        repository = try Repository.create(at: scratch.path, bare: true)
    }

    @Test func changesBetweenCommits() throws {
        let base = try Fixture.commit(repository, parent: nil, files: [
            "catalog/office.yaml": "id: office\n",
            "keys/office/batch-1.csv": "id,key\nk1,AAA\n",
            "keys/office/batch-2.csv": "id,key\nk2,BBB\n",
            "templates/office/tienda.es.yaml": "intro: Hola\n",
        ], message: "Base")
        let head = try Fixture.commit(
            repository, parent: base,
            files: [
                "keys/office/batch-1.csv": "id,key\n",
                "keys/office/batch-3.csv": "id,key\nk3,CCC\n",
                "templates/office/tienda.en.yaml": "intro: Hola\n",
            ],
            removing: ["keys/office/batch-2.csv", "templates/office/tienda.es.yaml"],
            message: "Change keys and rename a template")

        let blob = { (text: String) throws -> ObjectID in try repository.writeBlob(text) }
        let expected: [DiffEntry] = [
            DiffEntry(status: .modified, path: "keys/office/batch-1.csv",
                      oldID: try blob("id,key\nk1,AAA\n"), newID: try blob("id,key\n")),
            DiffEntry(status: .deleted, path: "keys/office/batch-2.csv",
                      oldID: try blob("id,key\nk2,BBB\n"), newID: nil),
            DiffEntry(status: .added, path: "keys/office/batch-3.csv",
                      oldID: nil, newID: try blob("id,key\nk3,CCC\n")),
            DiffEntry(status: .added, path: "templates/office/tienda.en.yaml",
                      oldID: nil, newID: try blob("intro: Hola\n")),
            DiffEntry(status: .deleted, path: "templates/office/tienda.es.yaml",
                      oldID: try blob("intro: Hola\n"), newID: nil),
        ]
        #expect(try repository.changes(from: base, to: head) == expected)
    }

    @Test func changesFromNothingAreAdditions() throws {
        let commit = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n", "b/c.txt": "c\n"], message: "One")
        let changes = try repository.changes(from: nil, to: commit)
        #expect(changes.map(\.path) == ["a.txt", "b/c.txt"])
        #expect(changes.map(\.status) == [.added, .added])
    }

    @Test func fileReplacedByFolder() throws {
        let base = try Fixture.commit(repository, parent: nil, files: ["item": "file\n"], message: "File")
        let head = try Fixture.commit(
            repository, parent: base, files: ["item/inner.txt": "inner\n"], removing: ["item"], message: "Folder")
        let changes = try repository.changes(from: base, to: head)
        #expect(changes.map(\.path) == ["item", "item/inner.txt"])
        #expect(changes.map(\.status) == [.deleted, .added])
    }

    @Test func sameTreeHasNoChanges() throws {
        let commit = try Fixture.commit(repository, parent: nil, files: ["a.txt": "a\n"], message: "One")
        #expect(try repository.changes(from: commit, to: commit).isEmpty)
    }
}
