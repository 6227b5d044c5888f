/// Finds the known field name an unknown one was probably meant to be.
public enum FieldSuggestion {
    /// Names this far apart or closer are suggested.
    public static let maximumDistance = 2

    /// Returns the known name nearest to `name` when it is at most `maximumDistance` edits away
    /// and fewer edits than `name` has characters. On a tie, the name listed first wins.
    public static func nearest(to name: String, in known: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            guard distance <= maximumDistance, distance < name.count else { continue }
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Computes the optimal string alignment distance. Insertions, deletions, substitutions and
    /// swaps of two neighbouring characters each cost one, so `nmae` is one edit from `name`.
    public static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left)
        let b = Array(right)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // d[i][j] is the distance between the first i characters of a and the first j of b.
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
