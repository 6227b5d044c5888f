import KeyshipCore
import KeyshipGit
import KeyshipStore

/// The `--commit` option of the key commands: commit the change under the person's git
/// identity, or else leave it in the work tree for the person to review and commit.
enum CommitOption {
    static let spec = OptionSpec.flag("commit", Text(
        es: "hace commit del cambio en la rama actual con tu identidad de git (sin push); el resto de tus cambios locales no se toca",
        en: "commit the change on the current branch with your git identity (no push); your other local changes are left alone"))

    /// Opens the repository and reads the person's identity when `--commit` is given, so a
    /// missing git identity fails before any work is done.
    static func committer(
        _ arguments: ParsedArguments, store: StoreLocation, context: CommandContext
    ) throws -> PersonCommitter? {
        guard arguments.flag("commit") else { return nil }
        return try PersonCommitter(
            storeRoot: store.root, at: context.now(), environment: context.environment, logger: context.logger)
    }

    /// Commits `changes` when there is a committer, or writes them into the work tree, then
    /// prints `outcome` (the command's own line, such as "3 keys imported"), what happened to
    /// the change and the next step.
    ///
    /// Nothing is printed when the commit or the write fails, so the operator never reads that a
    /// change was made just before an error reports that it was not.
    static func apply(
        _ changes: StoreChanges, message: CommitMessage, outcome: any LocalizedMessage, committer: PersonCommitter?,
        store: StoreLocation, context: CommandContext
    ) throws {
        if let committer {
            let commit = try committer.commit(changes, message: message)
            context.say(outcome)
            context.say(CommitOptionMessage.committed(
                commit: commit.shortHex, branch: committer.branch,
                author: "\(committer.author.name) <\(committer.author.email)>", subject: message.subject))
        } else {
            try WorkTreeWriter.apply(changes, root: store.root)
            context.say(outcome)
            context.say(CommitOptionMessage.written(paths: changes.paths, subject: message.subject))
        }
    }
}

enum CommitOptionMessage: LocalizedMessage {
    case committed(commit: String, branch: String, author: String, subject: String)
    case written(paths: [String], subject: String)

    func text(in language: Language) -> String {
        switch self {
        case .committed(let commit, let branch, let author, let subject):
            return language.pick(
                es: "Commit \(commit) en la rama \(branch), de \(author): \(subject)\nSúbelo con git push o abre una pull request.",
                en: "Commit \(commit) on branch \(branch), by \(author): \(subject)\nPush it with git push or open a pull request.")
        case .written(let paths, let subject):
            let command = "git add \(paths.joined(separator: " ")) && git commit -m \(shellQuoted(subject))"
            return language.pick(
                es: "Cambios escritos en la copia de trabajo, sin commit. Para guardarlos:\n  \(command)\n(o usa --commit la próxima vez).",
                en: "Changes written to the work tree, not committed. To keep them:\n  \(command)\n(or pass --commit next time).")
        }
    }

    /// Quotes `text` for a POSIX shell, so a subject with quotes or `$` can be pasted as it is.
    private func shellQuoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
