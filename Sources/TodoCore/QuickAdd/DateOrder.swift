/// How a numeric date like `5/12` is read (DESIGN §6.1: it follows a locale setting, month
/// first by default). A first number over 12 is a day whatever the order, so `25/12` is
/// always 25 December.
public enum DateOrder: String, Sendable, CaseIterable {
    /// `5/12` is May 12 (United States and the default).
    case monthFirst = "mdy"
    /// `5/12` is 5 December (most of the world).
    case dayFirst = "dmy"

    /// Regions whose short dates put the month first (CLDR); every other region reads day first.
    private static let monthFirstRegions: Set<String> = ["US", "PH", "FM", "MH", "PW", "GU", "AS", "MP", "PR", "UM", "VI"]

    /// The order a locale such as `en_GB.UTF-8`, `de-DE` or `en-US` uses; nil when the text
    /// names no region (`C`, `POSIX`, `en`), so the caller keeps its default.
    public init?(locale identifier: String) {
        // Drop the encoding (".UTF-8") and modifier ("@euro"), then look at the region subtag.
        let base = identifier.split(separator: ".", maxSplits: 1).first.map(String.init) ?? identifier
        let withoutModifier = base.split(separator: "@", maxSplits: 1).first.map(String.init) ?? base
        let subtags = withoutModifier.split(whereSeparator: { $0 == "_" || $0 == "-" })
        guard let region = subtags.dropFirst().first(where: { $0.count == 2 && $0.allSatisfy(\.isLetter) }) else { return nil }
        self = Self.monthFirstRegions.contains(region.uppercased()) ? .monthFirst : .dayFirst
    }
}
