package io.dsbench.reports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers the figures and tables of one report as they are emitted, so that generated conclusions can name the
 * figure each sentence comes from (and only figures that are really on the page).
 */
final class Page {
    private final Map<String, Integer> numbers = new LinkedHashMap<>();
    private final Map<String, String> captions = new LinkedHashMap<>();

    /** A numbered figure around {@code content} (a chart or a table). */
    String figure(String id, String caption, String content) {
        int n = numbers.computeIfAbsent(id, k -> numbers.size() + 1);
        captions.put(id, caption);
        return "<figure id=\"" + Fmt.html(id) + "\">" + content + "<figcaption><b>Fig. " + n + ".</b> "
                + Fmt.html(caption) + "</figcaption></figure>\n";
    }

    boolean has(String id) {
        return numbers.containsKey(id);
    }

    /** A link to a figure, e.g. {@code <a href="#fig-matrix">Fig. 2</a>}; the figure must exist. */
    String ref(String id) {
        Integer n = numbers.get(id);
        if (n == null) {
            throw new IllegalStateException("no figure " + id);
        }
        return "<a class=\"figref\" href=\"#" + Fmt.html(id) + "\">Fig. " + n + "</a>";
    }

    String label(String id) {
        return "Fig. " + numbers.get(id);
    }

    String caption(String id) {
        return captions.get(id);
    }
}
