import Foundation
import KeyshipCore
import KeyshipYAML

/// Checks that the files channels' inbox and outbox folders cannot end up in git: each one inside
/// the store's repository must be ignored by git. The outbox receives plaintext keys and the
/// inbox buyers' personal data. `keyship fulfil` rejects a channel whose outbox git would track,
/// so this check finds the problem before a run does.
///
/// Relative folders resolve against the store root, as the files channel resolves them.
enum ChannelFolderCheck {
    static func run(config: StoreConfig, tree: VisibleWorkTree, into diagnostics: inout DiagnosticList) throws {
        var settingsLines = SettingsLines(tree: tree)
        for channel in config.channels {
            guard case .files(let settings) = channel.settings else { continue }
            for (field, folder) in [("inbox", settings.inbox), ("outbox", settings.outbox)] {
                let absolute = folder.hasPrefix("/") ? folder : tree.canonicalRoot + "/" + folder
                guard let tracked = try tree.trackedRepositoryPath(ofFolder: absolute) else { continue }
                diagnostics.error(
                    at: SourceLocation(
                        path: StoreLayout.configFile, line: settingsLines.line(ofField: field, inChannel: channel.name)),
                    CheckMessage.channelFolderTracked(
                        channel: channel.name, field: field, folder: folder,
                        ignoreEntry: tracked.isEmpty ? nil : "/\(tracked)/"))
            }
        }
    }
}

/// Finds the line of a channel's field in `keyship.yaml`, parsing the file only when a finding
/// needs it.
private struct SettingsLines {
    var tree: VisibleWorkTree
    private var node: YAMLNode??

    init(tree: VisibleWorkTree) {
        self.tree = tree
    }

    mutating func line(ofField field: String, inChannel name: String) -> Int? {
        if node == nil {
            let bytes = try? tree.read(StoreLayout.configFile)
            node = .some(bytes.flatMap { try? YAMLParser().parse($0, path: StoreLayout.configFile) })
        }
        let channels = node??["channels"]?.sequence ?? []
        let channel = channels.first { $0["name"]?.scalar?.value == name }
        return channel?[field]?.line
    }
}
