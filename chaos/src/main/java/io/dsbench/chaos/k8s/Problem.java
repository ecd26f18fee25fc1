package io.dsbench.chaos.k8s;

/**
 * One thing wrong with one manifest: where (file, document, kind and name, field path) and what.
 *
 * @param file     the file (or source name) the manifest came from
 * @param document the 1-based YAML document index in that file
 * @param kind     the object's kind, or {@code ?} when it has none
 * @param name     {@code metadata.name}, or {@code ?}
 * @param field    the field path, e.g. {@code spec.templates[2].podChaos.duration}; empty for the whole object
 * @param message  what is wrong and, where it helps, what would be right
 */
public record Problem(String file, int document, String kind, String name, String field, String message) {

    @Override
    public String toString() {
        return file + " (document " + document + "): " + kind + " " + name + ": "
                + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
