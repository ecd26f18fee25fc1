package io.dsbench.lin.format;

/**
 * An EDN symbol other than nil/true/false (rare in histories; kept so EDN round-trips).
 *
 * @param name the symbol text
 */
public record EdnSymbol(String name) {
    @Override
    public String toString() {
        return name;
    }
}
