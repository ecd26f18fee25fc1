package io.dsbench.lin.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading history files as text, with one-line errors that say why a file cannot be read, and the explanation for
 * a file in which a format found no operations. Stateless and thread-safe.
 */
public final class HistoryFiles {

    private HistoryFiles() {
    }

    /**
     * A file's text as UTF-8, without a leading byte order mark.
     *
     * @throws UncheckedIOException with a one-line message naming the file and why: "X: no such file",
     *                              "X: is a directory", "X: not UTF-8 at byte N", or the system's reason
     */
    public static String readText(Path file) {
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            if (Files.isDirectory(file)) {
                throw new IOException(file + ": is a directory");
            }
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UncheckedIOException(file + ": permission denied", e);
        } catch (IOException e) {
            String m = e.getMessage();
            throw new UncheckedIOException(m != null && m.startsWith(file + ": ") ? m : file + ": cannot read: " + m, e);
        }
        java.nio.charset.CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
        java.nio.charset.CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw new UncheckedIOException(file + ": not UTF-8 at byte " + in.position(),
                    new java.nio.charset.MalformedInputException(r.length()));
        }
        dec.flush(out);
        out.flip();
        return stripBom(out.toString());
    }

    /** The text without a leading byte order mark (U+FEFF). */
    static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    /**
     * Why a text held no operations in a format, for the "no operations found" error: the file is empty, holds
     * only blank lines and comments, or its first other line is not what the format expects.
     */
    public static String whyNoOperations(String text, HistoryFormat format) {
        if (text.isEmpty()) {
            return "the file is empty";
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith(";") && format != HistoryFormat.JEPSEN_LOG) {
                continue;
            }
            String shown = t.length() > 60 ? t.substring(0, 57) + "..." : t;
            return "line " + (i + 1) + " is '" + shown + "'; expected " + expectation(format);
        }
        return "only blank lines and comments; expected " + expectation(format);
    }

    private static String expectation(HistoryFormat format) {
        switch (format) {
            case JEPSEN_LOG:
                return "lines like 'INFO  jepsen.util - 0\t:invoke\t:read\tnil'";
            case JSONL:
                return "one JSON object per line like {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\"}";
            case PORCUPINE_KV:
                return "one op map per line like {:process 0 :type :invoke :f :get :key \"k\" :value nil}";
            default:
                return "a vector of op maps like [{:process 0 :type :invoke :f :read :value nil} ...]";
        }
    }
}
