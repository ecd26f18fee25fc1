package io.dsbench.chaos.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one YAML reader and writer of the Kubernetes manifests (Jackson's YAML mapper over the fabric8 model classes,
 * which carry Jackson annotations). Writing is deterministic: the model's property order, no empty fields, numbers
 * that are strings in the model quoted (so {@code value: "1"} stays a string), scripts as literal blocks.
 */
final class Yaml {
    static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a key given twice would silently keep the last value; Kubernetes' strict decoding refuses it
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Yaml() {
    }

    /** Several objects as one multi-document YAML text, after a comment header (each line prefixed with '# '). */
    static String write(List<String> header, List<?> objects) {
        StringBuilder sb = new StringBuilder();
        for (String line : header) {
            sb.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        for (Object o : objects) {
            sb.append("---\n");
            try {
                sb.append(MAPPER.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot write " + o.getClass().getSimpleName() + " as YAML", e);
            }
        }
        return sb.toString();
    }

    /** Every non-empty document of a YAML text, as trees. */
    static List<JsonNode> readAll(String text) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }
}
