package io.dsbench.lin.history;

import java.util.Locale;

/** The type of a Jepsen op: an invocation or one of its three completions. */
public enum OpType {
    /** The client is about to call the system. */
    INVOKE,
    /** The call completed and took effect, with the result in the op's value. */
    OK,
    /** The call definitely did not take effect (or, per source, was an observed failure: see FailMode). */
    FAIL,
    /** Indeterminate: the call may or may not have taken effect (timeout, lost connection, crash). */
    INFO;

    /** The EDN / log spelling ("invoke", "ok", "fail", "info"). */
    public String ednName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "invoke"/"ok"/"fail"/"info" (optional leading colon), or returns null when unknown. */
    public static OpType parse(String s) {
        String t = s.startsWith(":") ? s.substring(1) : s;
        switch (t) {
            case "invoke": return INVOKE;
            case "ok": return OK;
            case "fail": return FAIL;
            case "info": return INFO;
            default: return null;
        }
    }
}
