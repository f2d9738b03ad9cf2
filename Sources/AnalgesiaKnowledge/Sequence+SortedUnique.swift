extension Sequence {
    /// The elements in `areInIncreasingOrder` order, each once: what `Array(Set(self)).sorted(by:)`
    /// gives, without hashing (these lists are short and on the hot path of every recommendation).
    func sortedUnique(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] where Element: Equatable {
        var result = sorted(by: areInIncreasingOrder)
        guard result.count > 1 else { return result }
        var kept = 1
        for index in 1..<result.count where result[index] != result[kept - 1] {
            result[kept] = result[index]
            kept += 1
        }
        result.removeLast(result.count - kept)
        return result
    }
}

extension Sequence where Element: Comparable {
    /// The elements in increasing order, each once (`Array(Set(self)).sorted()`).
    func sortedUnique() -> [Element] { sortedUnique(by: <) }
}
