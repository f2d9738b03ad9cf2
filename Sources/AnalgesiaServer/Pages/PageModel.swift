import Foundation

/// What every page model carries for the layout (its title, version and JSON twin); the rest of
/// a model is what its template shows, read by swift-mustache through reflection.
protocol PageModel {
    var chrome: PageChrome { get }
}
