/// sous's version, for `sous version` and the client's banner.
public enum SousInfo {
    public static let version = "0.1.0"
}
