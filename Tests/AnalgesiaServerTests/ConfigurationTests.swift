import Configuration
import Logging
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
}
