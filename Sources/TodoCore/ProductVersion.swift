/// The product's version, as `todo --version` and an MCP client's `serverInfo` say it (the
/// API's own version, in /openapi.json, is the contract's).
public enum ProductVersion {
    public static let current = "0.1.0"
}
