public import KeyshipCore
import KeyshipChannels

/// Creates the marketplace client for each channel of the store; tests pass their own to wrap
/// or replace channels.
public protocol ChannelFactory {
    func makeMarketplace(for channel: ChannelConfig, config: StoreConfig, storeRoot: String) throws -> any Marketplace
}

/// The real channels: files on disk and the marketplaces' HTTP APIs.
public struct StandardChannelFactory: ChannelFactory {
    public var environment: [String: String]
    public var now: @Sendable () -> Timestamp
    public var logger: Logger

    public init(environment: [String: String], now: @escaping @Sendable () -> Timestamp, logger: Logger) {
        self.environment = environment
        self.now = now
        self.logger = logger
    }

    public func makeMarketplace(for channel: ChannelConfig, config: StoreConfig, storeRoot: String) throws -> any Marketplace {
        switch channel.settings {
        case .files(let settings):
            return FilesChannel(
                channel: channel, settings: settings, seller: config.seller, storeRoot: storeRoot, now: now, logger: logger)
        case .mirakl:
            throw RunMessage.channelKindUnavailable(channel: channel.name, kind: channel.kind.rawValue)
        }
    }
}
