import AnalgesiaKnowledge
import Configuration
import Foundation
import Synchronization

/// The command-line spelling of the settings, and the check that refuses a flag no setting
/// has: swift-configuration's command-line provider ignores unknown flags and stray values, so
/// `serve --http-prot 18099` would otherwise start on the default port.
extension AppConfiguration {
    /// `http.maxConnections` → `--http-max-connections`, `cds.publicURL` → `--cds-public-url`,
    /// as the command-line provider spells keys.
    static func flag(for key: String) -> String {
        var flag = "--"
        var previous: Character = "-"
        for character in key.replacingOccurrences(of: ".", with: "-") {
            if character.isUppercase && previous.isLowercase { flag += "-" }
            flag += character.lowercased()
            previous = character
        }
        return flag
    }

    /// Every setting's flag: the keys `init(reader:)` reads, recorded as it reads them.
    static let knownFlags: Set<String> = {
        let recorder = KeyRecorder()
        _ = try? AppConfiguration(reader: ConfigReader(provider: InMemoryProvider(values: [:]), accessReporter: recorder))
        return Set(recorder.keys.withLock { $0 }.map(flag(for:)))
    }()

    /// Why `arguments` (the settings part of a command line) cannot be used, or nil: a flag no
    /// setting has (with the nearest known ones), or a value that follows no flag.
    static func unknownSetting(in arguments: [String]) -> String? {
        var previousWasFlag = false
        for argument in arguments {
            guard argument.hasPrefix("--") else {
                if !previousWasFlag {
                    return "Unexpected argument '\(argument.prefix(100))': settings are given as --name value (see --help)."
                }
                previousWasFlag = false
                continue
            }
            let name = String(argument.prefix { $0 != "=" })
            guard knownFlags.contains(name) else {
                let nearest = KnowledgeBase.closest(to: name, among: knownFlags.sorted())
                let hint = nearest.isEmpty ? "" : " Did you mean \(nearest.map { "'\($0)'" }.joined(separator: " or "))?"
                return "Unknown setting '\(name.prefix(100))'.\(hint) 'exercise-analgesia serve --help' lists every setting."
            }
            previousWasFlag = !argument.contains("=")
        }
        return nil
    }
}

/// Collects the keys a configuration reader is asked for.
final class KeyRecorder: AccessReporter {
    let keys = Mutex<Set<String>>([])

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        keys.withLock { _ = $0.insert(key) }
    }
}
