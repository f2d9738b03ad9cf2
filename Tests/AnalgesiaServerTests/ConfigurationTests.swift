import Configuration
import Foundation
import Logging
import Synchronization
import Testing

@testable import AnalgesiaServer

@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults: loopback, port 8080, the embedded SQLite file under ./data")
    func defaults() throws {
        let configuration = try AppConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.databasePath == "./data/exercise-analgesia.sqlite")
        #expect(configuration.logLevel == .info)
        // Above Hummingbird's 256 so a burst of a few hundred connections never makes the kernel
        // drop a SYN (a dropped SYN costs the client a one-second retry).
        #expect(configuration.httpBacklog == 1024)
    }

    @Test("flags win over environment variables")
    func flagsOverEnvironment() throws {
        let reader = ConfigReader(providers: [
            CommandLineArgumentsProvider(arguments: [
                "exercise-analgesia", "--http-port", "9000", "--db-path", "/tmp/x.sqlite", "--http-backlog", "4096",
            ]),
            InMemoryProvider(values: ["http.port": "7000", "http.host": "0.0.0.0", "log.level": "debug"]),
        ])
        let configuration = try AppConfiguration(reader: reader)
        #expect(configuration.httpPort == 9000)
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.databasePath == "/tmp/x.sqlite")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.httpBacklog == 4096)
    }

    @Test("a malformed value stops start-up with a message naming the flag and the variable")
    func malformedValue() throws {
        let reader = ConfigReader(provider: InMemoryProvider(values: ["http.port": "eighty"]))
        let error = try #require(throws: ConfigurationError.self) { try AppConfiguration(reader: reader) }
        #expect(error.description.contains("--http-port"))
        #expect(error.description.contains("HTTP_PORT"))
        #expect(error.description.contains("0 to 65535"))

        let timeout = ConfigReader(provider: InMemoryProvider(values: ["db.busyTimeoutSeconds": "-1"]))
        let timeoutError = try #require(throws: ConfigurationError.self) { try AppConfiguration(reader: timeout) }
        #expect(timeoutError.description.contains("DB_BUSY_TIMEOUT_SECONDS"))

        let level = ConfigReader(provider: InMemoryProvider(values: ["log.level": "loud"]))
        #expect(throws: ConfigurationError.self) { try AppConfiguration(reader: level) }
    }

    @Test("every setting the service reads is listed by serve --help and documented")
    func everySettingDocumented() throws {
        let recorder = KeyRecorder()
        _ = try AppConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: [:]), accessReporter: recorder))
        let keys = recorder.keys.withLock { $0 }
        #expect(keys.count >= 20)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let documentation =
            try String(contentsOf: root.appendingPathComponent("docs/operations.md"), encoding: .utf8)
            + String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for key in keys.sorted() {
            let flag = AppConfiguration.flag(for: key)
            #expect(settingsHelp.contains(flag + " "), "serve --help does not list \(flag)")
            #expect(documentation.contains("`\(key)`"), "neither docs/operations.md nor the README documents \(key)")
        }
    }

    @Test("a misspelt or unknown flag, or a stray value, stops every command with a message naming the nearest flag")
    func unknownFlags() throws {
        #expect(AppConfiguration.knownFlags.contains("--http-port"))
        #expect(AppConfiguration.knownFlags.contains("--cds-allow-unsigned"))
        let misspelt = try #require(AppConfiguration.unknownSetting(in: ["--http-prot", "18099"]))
        #expect(misspelt.contains("'--http-prot'"))
        #expect(misspelt.contains("'--http-port'"))
        let stray = try #require(AppConfiguration.unknownSetting(in: ["18099"]))
        #expect(stray.contains("'18099'"))
        #expect(AppConfiguration.unknownSetting(in: ["--colour", "red"])?.contains("Unknown setting '--colour'") == true)
        #expect(AppConfiguration.unknownSetting(in: ["--http-port", "9000", "--db-path=/tmp/x.sqlite", "--cds-allow-unsigned"]) == nil)
        #expect(AppConfiguration.unknownSetting(in: ["--cds-allow-unsigned", "--log-level", "debug"]) == nil)
        #expect(AppConfiguration.unknownSetting(in: ["--http-port", "1", "2"]) != nil)
        // Every command reads its settings through the same check.
        var arguments = SettingsArguments()
        arguments.settings = ["--http-prot", "18099"]
        #expect(throws: (any Error).self) { try arguments.configuration() }
    }
}
