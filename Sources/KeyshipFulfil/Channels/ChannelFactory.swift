public import KeyshipCore
import KeyshipChannels
import KeyshipNet

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
    /// Waits between HTTP retries and stock-import polls; tests pass one that returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        environment: [String: String], now: @escaping @Sendable () -> Timestamp, logger: Logger,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.environment = environment
        self.now = now
        self.logger = logger
        self.sleep = sleep
    }

    public func makeMarketplace(for channel: ChannelConfig, config: StoreConfig, storeRoot: String) throws -> any Marketplace {
        switch channel.settings {
        case .files(let settings):
            return FilesChannel(
                channel: channel, settings: settings, seller: config.seller, storeRoot: storeRoot, now: now, logger: logger)
        case .mirakl:
            let client = HTTPClient(logger: logger, sleep: sleep, now: now)
            return try MiraklChannel(
                channel: channel, environment: environment, client: client, logger: logger,
                options: MiraklChannelOptions(sleep: sleep, now: now))
        }
    }
}
