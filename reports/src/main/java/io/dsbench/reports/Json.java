package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tolerant reads of result files: a missing key, a null or a value of the wrong type reads as absent (null, an
 * empty list), never as an exception. Producers may add keys; readers ignore what they do not know.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static JsonNode get(JsonNode n, String key) {
        if (n == null || !n.isObject()) {
            return MissingNode.getInstance();
        }
        JsonNode v = n.get(key);
        return v == null ? MissingNode.getInstance() : v;
    }

    /** A text value (numbers and booleans as their text), or null. */
    static String text(JsonNode n, String key) {
        JsonNode v = get(n, key);
        return v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /** A number (also a numeric string; "NaN" is absent), or null. */
    static Double num(JsonNode n, String key) {
        JsonNode v = get(n, key);
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    static Boolean bool(JsonNode n, String key) {
        JsonNode v = get(n, key);
        return v.isBoolean() ? v.booleanValue() : null;
    }

    /** The elements of an array value; empty when absent or not an array. */
    static List<JsonNode> array(JsonNode n, String key) {
        return elements(get(n, key));
    }

    static List<JsonNode> elements(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            arr.forEach(out::add);
        }
        return out;
    }

    /** A list of strings: an array of values, or one value (e.g. {@code "nemesis": "kill"}). */
    static List<String> texts(JsonNode n, String key) {
        JsonNode v = get(n, key);
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(e -> {
                if (e.isValueNode() && !e.isNull()) {
                    out.add(e.asText());
                }
            });
        } else if (v.isValueNode() && !v.isNull()) {
            out.add(v.asText());
        }
        return out;
    }

    /** An object's fields as text, in file order. */
    static Map<String, String> textMap(JsonNode n, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = get(n, key);
        if (v.isObject()) {
            v.properties().forEach(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        return out;
    }
}
