import DigitApp

/// How the gallery's file list is shown: filtered by a name typed after `/`, and optionally
/// with the mistakes first.
public struct FileListView: Sendable, Equatable {
    /// Part of a file name (any case); empty shows every file.
    public var filter = ""
    /// The filter is being typed: letters go to it, not to the list's keys.
    public var typing = false
    /// Wrongly read and unreadable images first, then unsure ones, then the rest.
    public var mistakesFirst = false
    public init() {}
}

extension AppState {
    /// The indices of the files the list shows, in the order shown.
    var listedFiles: [Int] {
        let needle = listView.filter.lowercased()
        let shown = files.indices.filter { needle.isEmpty || ImageFolder.relativeName(files[$0], in: digitsFolder).lowercased().contains(needle) }
        guard listView.mistakesFirst else { return shown }
        // A stable sort: within a group the folder's order stays.
        return shown.enumerated().sorted { a, b in
            let (ra, rb) = (mistakeRank(a.element), mistakeRank(b.element))
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    /// 0 wrong or unreadable, 1 unsure, 2 right or without a label, 3 not read yet.
    func mistakeRank(_ i: Int) -> Int {
        guard readings.indices.contains(i), let reading = readings[i] else { return 3 }
        if reading.error != nil { return 0 }
        switch verdict(at: i)?.kind {
        case .wrong?: return 0
        case .unsure?: return 1
        default: return 2
        }
    }
}
