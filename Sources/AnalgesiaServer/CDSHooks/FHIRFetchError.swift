/// Why a FHIR query failed; the text is safe to show and log (no token, no query string).
enum FHIRFetchError: Error, Equatable, CustomStringConvertible {
    case refused(Int)
    case status(Int)
    case outbound(OutboundHTTPError)
    case notABundle(String)
    case timedOut
    case tooLarge

    var description: String {
        switch self {
        case .refused(let status): "refused the access token (\(status))"
        case .status(let status): "answered \(status)"
        case .outbound(let error): error.description
        case .notABundle(let what): "did not answer with a FHIR Bundle (\(what))"
        case .timedOut: "did not answer in time"
        case .tooLarge: "answered more than the service reads"
        }
    }
}
