/// Why an outbound call failed; safe to show (no URL query, no header).
enum OutboundHTTPError: Error, Equatable, CustomStringConvertible {
    case timedOut
    case tooLarge(Int)
    case unreachable

    var description: String {
        switch self {
        case .timedOut: "did not answer in time"
        case .tooLarge(let bytes): "answered more than \(bytes) bytes"
        case .unreachable: "could not be reached"
        }
    }
}
