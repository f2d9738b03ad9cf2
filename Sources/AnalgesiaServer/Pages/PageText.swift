import AnalgesiaKnowledge
import Foundation

/// How the domain's vocabulary reads on a page. Colour is never the only carrier of meaning:
/// every response also has a symbol and words.
enum PageText {
    static func symbol(_ response: PainResponse) -> String {
        switch response {
        case .hypoalgesia: "↓"
        case .noChange: "="
        case .hyperalgesia: "↑"
        case .unknown: "?"
        }
    }

    static func label(_ response: PainResponse) -> String {
        switch response {
        case .hypoalgesia: "Analgesia (pain sensitivity falls)"
        case .noChange: "No analgesia"
        case .hyperalgesia: "More pain sensitivity"
        case .unknown: "Not studied"
        }
    }

    /// A short basis tag for the grid.
    static func shortBasis(_ basis: ClaimBasis, references: [Int]) -> String {
        let refs = references.isEmpty ? "" : references.count == 1 ? ", ref \(references[0])" : ", refs \(list(references))"
        return switch basis {
        case .study: "Study\(refs)"
        case .pilot: "Pilot study (unpublished)"
        case .unpublished: "Unpublished data"
        case .stoppedEarly: "Trial stopped early\(refs)"
        case .reviewStatement: "Statement of the review, no study described"
        case .clinicalReasoning: "Clinical reasoning"
        case .hypothesis: "Hypothesis"
        case .inferred: "Inferred by this service"
        case .notStudied: "Not studied"
        }
    }

    static func exercise(_ type: ExerciseType) -> String {
        switch type {
        case .aerobic: "Aerobic"
        case .isometric: "Isometric (static)"
        case .eccentric: "Eccentric"
        case .resistance: "Resistance"
        case .motorControl: "Motor control"
        }
    }

    static func site(_ site: Site) -> String {
        switch site {
        case .any: "any site"
        case .painfulRegion: "painful region"
        case .nonPainfulRegion: "non-painful region"
        }
    }

    /// A slug as words: hyphens as spaces, the first letter upper-cased ("motor-control" →
    /// "Motor control"). Plain Swift, not Foundation's replacingOccurrences: every CDS card
    /// writes one per expected response.
    static func words(_ raw: String) -> String {
        let spaced = String(raw.map { $0 == "-" ? " " : $0 })
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    static func list(_ numbers: [Int]) -> String { numbers.map(String.init).joined(separator: ", ") }

    /// A search snippet as HTML: everything escaped, then only the `<mark>` tags the search
    /// index adds restored.
    static func snippetHTML(_ snippet: String) -> String {
        escape(snippet).replacingOccurrences(of: "&lt;mark&gt;", with: "<mark>").replacingOccurrences(of: "&lt;/mark&gt;", with: "</mark>")
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A query string value, percent-encoded for a URL the page links to.
    static func queryValue(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? value
    }

    /// What `queryValue` leaves as it is (built once: every CDS card's link encodes its conditions).
    private static let queryAllowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
}
