package io.dsbench.spec.kv;

/**
 * The outcome of a compare-and-set or compare-and-delete.
 *
 * @param succeeded whether the expected version matched and the change was applied
 * @param version   on success: the new version (0 after a successful compare-and-delete); on failure:
 *                  the current version of the key, or {@link KeyValueStore#ABSENT} when it does not exist
 */
public record CasResult(boolean succeeded, long version) {
    /** A successful change that produced {@code newVersion}. */
    public static CasResult success(long newVersion) {
        return new CasResult(true, newVersion);
    }

    /** A rejected change; {@code currentVersion} is what the store holds now (0 = absent). */
    public static CasResult failure(long currentVersion) {
        return new CasResult(false, currentVersion);
    }
}
