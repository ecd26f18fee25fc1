package io.dsbench.inmemory;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spi.Backend;

/**
 * The kit's {@link ForwardingBackend} named as a broken variant of its delegate; tests override one primitive to
 * plant a bug. Like its parent it offers no {@code faults()}, which the LOG-4 hook test relies on.
 */
class DelegatingBackend extends ForwardingBackend {
    DelegatingBackend(Backend delegate) {
        super(delegate, "broken-" + delegate.name());
    }

    @Override
    public String describe() {
        return "broken " + delegate.describe();
    }
}
