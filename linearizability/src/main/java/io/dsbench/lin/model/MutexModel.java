package io.dsbench.lin.model;

/**
 * A mutex with {@code acquire} and {@code release}; the state is {@code Boolean} held. Acquiring a held mutex or
 * releasing a free one is inconsistent (as in Knossos). Immutable, thread-safe.
 */
public final class MutexModel implements Model {
    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public Object initialState() {
        return Boolean.FALSE;
    }

    @Override
    public Object step(Object state, Operation op) {
        boolean held = (Boolean) state;
        if (op.outcome() == Outcome.FAILED) {
            return state;
        }
        switch (op.f()) {
            case "acquire": return held ? INCONSISTENT : Boolean.TRUE;
            case "release": return held ? Boolean.FALSE : INCONSISTENT;
            default: throw Values.unknownF(this, op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MutexModel;
    }

    @Override
    public int hashCode() {
        return MutexModel.class.hashCode();
    }
}
