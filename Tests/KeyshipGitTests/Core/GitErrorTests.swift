import KeyshipCore
import KeyshipGit
import Testing

@Suite struct GitErrorTests {
    static let id = ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbee4904")!
    static let other = ObjectID(hex: "5c1b14949828006ed75a3e8858957f86a2f7e2eb")!

    struct Case: Sendable, CustomStringConvertible {
        var error: GitError
        var spanish: String
        var english: String
        var description: String { english }
    }

    static let cases: [Case] = [
        Case(
            error: .notARepository(path: "/srv/tienda"),
            spanish: "No hay ningún repositorio git en /srv/tienda. Indica la carpeta del repositorio de la tienda, o clónalo antes con «git clone».",
            english: "No git repository was found at /srv/tienda. Give the folder of the store repository, or clone it first with `git clone`."),
        Case(
            error: .referenceMoved(reference: "refs/heads/main", expected: id, actual: other),
            spanish: "La referencia refs/heads/main ha cambiado: se esperaba 4b825dc y se encontró 5c1b149. Otra ejecución o persona la ha actualizado; descarga el remoto (fetch), vuelve a planificar y reintenta.",
            english: "Reference refs/heads/main moved: expected 4b825dc, found 5c1b149. Another run or person updated it; fetch, plan again and retry."),
        Case(
            error: .referenceMoved(reference: "refs/heads/main", expected: nil, actual: other),
            spanish: "La referencia refs/heads/main ha cambiado: se esperaba ninguna y se encontró 5c1b149. Otra ejecución o persona la ha actualizado; descarga el remoto (fetch), vuelve a planificar y reintenta.",
            english: "Reference refs/heads/main moved: expected no reference, found 5c1b149. Another run or person updated it; fetch, plan again and retry."),
        Case(
            error: .pushRejected(reference: "refs/heads/main", reason: "pre-receive hook declined"),
            spanish: "El remoto rechazó el push de refs/heads/main: pre-receive hook declined. Si otra ejecución subió cambios antes, descarga el remoto (fetch), vuelve a planificar y reintenta.",
            english: "The remote rejected the push to refs/heads/main: pre-receive hook declined. If another run pushed first, fetch, plan again and retry."),
        Case(
            error: .notFound(.path("keys/office/batch.csv", in: id)),
            spanish: "La ruta keys/office/batch.csv no existe en 4b825dc. Comprueba la ruta.",
            english: "Path keys/office/batch.csv was not found in 4b825dc. Check the path."),
        Case(
            error: .notFound(.remote("orgin")),
            spanish: "El remoto orgin no está configurado. Añádelo con «git remote add orgin URL» o indica una URL.",
            english: "Remote orgin is not configured. Add it with `git remote add orgin URL`, or give a URL."),
        Case(
            error: .authenticationFailed(url: "https://git.example.com/tienda.git"),
            spanish: "El remoto https://git.example.com/tienda.git rechazó la autenticación. Para HTTPS define KEYSHIP_GIT_TOKEN (o KEYSHIP_GIT_USERNAME y KEYSHIP_GIT_PASSWORD); para SSH carga una clave en ssh-agent.",
            english: "The remote https://git.example.com/tienda.git rejected the authentication. For HTTPS set KEYSHIP_GIT_TOKEN (or KEYSHIP_GIT_USERNAME and KEYSHIP_GIT_PASSWORD); for SSH load a key into ssh-agent."),
        Case(
            error: .localChanges(paths: ["catalog/office.yaml", "keys/a.csv"]),
            spanish: "La copia de trabajo tiene cambios locales que la actualización sobrescribiría: catalog/office.yaml, keys/a.csv. No se ha cambiado nada; haz commit de esos cambios o guárdalos con «git stash» y vuelve a ejecutar.",
            english: "The work tree has local changes that the update would overwrite: catalog/office.yaml, keys/a.csv. Nothing was changed; commit or stash those changes and run again."),
        Case(
            error: .other(code: -1, errorClass: "tree", message: "D/F conflict when updating tree"),
            spanish: "Falló una operación de git (libgit2, clase tree, código -1): D/F conflict when updating tree",
            english: "A git operation failed (libgit2, class tree, code -1): D/F conflict when updating tree"),
    ]

    @Test(arguments: cases)
    func texts(_ testCase: Case) {
        #expect(testCase.error.text(in: .es) == testCase.spanish)
        #expect(testCase.error.text(in: .en) == testCase.english)
    }

    @Test func exitCodes() {
        #expect(GitError.pushRejected(reference: "refs/heads/main", reason: "x").exitCode == .unavailable)
        #expect(GitError.network(url: "u", message: "m").exitCode == .unavailable)
        #expect(GitError.authenticationFailed(url: "u").exitCode == .unavailable)
        #expect(GitError.notARepository(path: "/x").exitCode == .failure)
        #expect(GitError.referenceMoved(reference: "r", expected: nil, actual: nil).exitCode == .failure)
    }
}
