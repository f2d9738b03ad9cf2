/// A resource the binary should carry is missing.
struct MissingResourceError: Error, CustomStringConvertible {
    var name: String
    var description: String { "The bundled resource '\(name)' is missing from this build." }
}
