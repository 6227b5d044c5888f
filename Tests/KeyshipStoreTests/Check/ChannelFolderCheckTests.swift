import Foundation
import KeyshipCore
import KeyshipTestSupport
import Testing
@testable import KeyshipStore

/// Files channels whose inbox or outbox git would track.
@Suite struct ChannelFolderCheckTests {
    /// Returns a checked fixture whose `tienda` channel uses `inbox` and `outbox`, made a git
    /// repository with `gitignore` as its `.gitignore` when that is given.
    private func store(inbox: String, outbox: String, gitignore: String? = nil, git: Bool = true) throws -> StoreFixture {
        let fixture = try StoreFixture.checked("check-folders")
        try fixture.write(
            StoreLayout.configFile, StoreFixture.defaultConfig(recipient: fixture.recipient, inbox: inbox, outbox: outbox))
        if let gitignore { try fixture.write(".gitignore", gitignore) }
        if git { try fixture.commitAll() }
        return fixture
    }

    /// Returns the line of the `tienda` channel in the default settings, where both folders are set.
    private func channelLine(_ fixture: StoreFixture) throws -> Int {
        let lines = try #require(fixture.read(StoreLayout.configFile)).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains("name: tienda") }) + 1
    }

    @Test func foldersInsideStoreNotIgnored() throws {
        let fixture = try store(inbox: "data/tienda/inbox", outbox: "data/tienda/outbox")
        let line = try channelLine(fixture)

        let report = try StoreCheck.run(root: fixture.root.path)

        #expect(report.lines() == [
            "keyship.yaml:\(line): the inbox folder of sales channel tienda (data/tienda/inbox) is inside the "
                + "repository and git does not ignore it, so the buyers' personal data in the orders could be "
                + "committed. Add /data/tienda/inbox/ to .gitignore, or move the folder outside the repository",
            "keyship.yaml:\(line): the outbox folder of sales channel tienda (data/tienda/outbox) is inside the "
                + "repository and git does not ignore it, so the plaintext licence keys keyship writes there could be "
                + "committed, and keyship fulfil will not use this channel. Add /data/tienda/outbox/ to .gitignore, "
                + "or move the folder outside the repository",
        ])
        #expect(report.lines(in: .es) == [
            "keyship.yaml:\(line): la carpeta inbox del canal de venta tienda (data/tienda/inbox) está dentro del "
                + "repositorio y git no la ignora, así que los datos personales de los clientes que traen los pedidos "
                + "podrían acabar en un commit. Añade /data/tienda/inbox/ a .gitignore o mueve la carpeta fuera del "
                + "repositorio",
            "keyship.yaml:\(line): la carpeta outbox del canal de venta tienda (data/tienda/outbox) está dentro del "
                + "repositorio y git no la ignora, así que las claves de licencia sin cifrar que keyship escribe en "
                + "ella podrían acabar en un commit, y keyship fulfil no usará este canal. Añade /data/tienda/outbox/ "
                + "a .gitignore o mueve la carpeta fuera del repositorio",
        ])
        #expect(!report.passed)
    }

    @Test(arguments: ["/data/\n", "data/tienda/\n", "/data/tienda/inbox/\n/data/tienda/outbox\n"])
    func ignoredFoldersPass(gitignore: String) throws {
        let fixture = try store(inbox: "data/tienda/inbox", outbox: "data/tienda/outbox", gitignore: gitignore)
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
    }

    @Test func onlyTheUnignoredFolderIsReported() throws {
        let fixture = try store(inbox: "data/tienda/inbox", outbox: "salida", gitignore: "/data/\n")
        let line = try channelLine(fixture)

        let report = try StoreCheck.run(root: fixture.root.path)

        #expect(report.lines() == [
            "keyship.yaml:\(line): the outbox folder of sales channel tienda (salida) is inside the repository and "
                + "git does not ignore it, so the plaintext licence keys keyship writes there could be committed, and "
                + "keyship fulfil will not use this channel. Add /salida/ to .gitignore, or move the folder outside "
                + "the repository",
        ])
    }

    @Test func absoluteFolderInsideRepository() throws {
        let fixture = try StoreFixture.checked("check-folders")
        let outbox = fixture.root.appendingPathComponent("out/box").path
        try fixture.write(
            StoreLayout.configFile,
            StoreFixture.defaultConfig(recipient: fixture.recipient, inbox: fixture.inbox.path, outbox: outbox))
        try fixture.commitAll()

        let report = try StoreCheck.run(root: fixture.root.path)

        #expect(report.lines().count == 1)
        #expect(report.lines().first?.contains("(\(outbox)) is inside the repository") == true)
        #expect(report.lines().first?.hasSuffix("Add /out/box/ to .gitignore, or move the folder outside the repository") == true)
    }

    @Test func repositoryItselfAsOutbox() throws {
        let fixture = try store(inbox: "data/in", outbox: ".", gitignore: "/data/\n")
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines().count == 1)
        #expect(report.lines().first?.hasSuffix("could be committed, and keyship fulfil will not use this channel. "
            + "Move the folder outside the repository") == true)
        #expect(report.lines(in: .es).first?.hasSuffix("Pon la carpeta fuera del repositorio") == true)
    }

    /// A store in a subfolder of its repository: `../outbox` is outside the store but inside the
    /// repository, and the entry to ignore is relative to the repository's top folder.
    @Test func folderBesideStoreInsideRepository() throws {
        let fixture = try StoreFixture.checked("check-folders")
        try fixture.write(
            StoreLayout.configFile, StoreFixture.defaultConfig(recipient: fixture.recipient, inbox: "../inbox", outbox: "../outbox"))
        try fixture.scratch.write(".gitignore", "/inbox/\n")
        try fixture.git(["init", "-q", "-b", "main"], in: fixture.scratch.url)

        let report = try StoreCheck.run(root: fixture.root.path)

        #expect(report.lines().count == 1)
        #expect(report.lines().first?.contains("the outbox folder of sales channel tienda (../outbox)") == true)
        #expect(report.lines().first?.hasSuffix("Add /outbox/ to .gitignore, or move the folder outside the repository") == true)
    }

    @Test func foldersOutsideRepositoryPass() throws {
        let fixture = try StoreFixture.checked("check-folders")
        try fixture.commitAll()
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
    }

    @Test func storeWithoutGitPasses() throws {
        let fixture = try store(inbox: "buzon/entrada", outbox: "buzon/salida", git: false)
        let report = try StoreCheck.run(root: fixture.root.path)
        #expect(report.lines() == [])
    }
}
