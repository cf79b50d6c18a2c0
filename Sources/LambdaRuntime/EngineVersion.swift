/// The version of this engine, reported by `diagnostics`, `backfill --version` and written into output metadata.
public enum EngineVersion {
    public static let current = "0.1.0"
}
