package io.dsbench.etcd;

import io.dsbench.spi.BackendConfig;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the jetcd {@link Client} of an {@link EtcdBackend} from its config: endpoints, credentials, TLS options
 * (validated, naming the option), and a {@link DeadlineInterceptor} giving every unary call the operation timeout.
 */
final class EtcdClientFactory {
    private EtcdClientFactory() {
    }

    static Client build(BackendConfig config, List<URI> uris, DeadlineInterceptor deadlines) {
        ClientBuilder b = Client.builder().endpoints(uris.toArray(new URI[0]))
                .connectTimeout(config.connectTimeout())
                .retryMaxDuration(config.operationTimeout())
                .interceptor(deadlines);
        if (config.username().isPresent() != config.password().isPresent()) {
            throw new IllegalArgumentException("etcd auth needs both username and password (only "
                    + (config.username().isPresent() ? "username" : "password") + " given)");
        }
        config.username().ifPresent(u -> b.user(ByteSequence.from(u, StandardCharsets.UTF_8)));
        config.password().ifPresent(p -> b.password(ByteSequence.from(p, StandardCharsets.UTF_8)));
        boolean tls = uris.get(0).getScheme().equals("https");
        for (URI u : uris) {
            if (u.getScheme().equals("https") != tls) {
                throw new IllegalArgumentException("endpoints mix http and https; use one scheme for all");
            }
        }
        Optional<String> ca = config.option("tls.ca");
        Optional<String> cert = config.option("tls.cert");
        Optional<String> key = config.option("tls.key");
        if (!tls && (ca.isPresent() || cert.isPresent() || key.isPresent())) {
            throw new IllegalArgumentException("options tls.* need https endpoints");
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("options tls.cert and tls.key go together (only "
                    + (cert.isPresent() ? "tls.cert" : "tls.key") + " given)");
        }
        if (tls) {
            for (Map.Entry<String, Optional<String>> e : Map.of("tls.ca", ca, "tls.cert", cert, "tls.key", key)
                    .entrySet()) {
                if (e.getValue().isPresent() && !new File(e.getValue().get()).canRead()) {
                    throw new IllegalArgumentException("option " + e.getKey() + " = '" + e.getValue().get()
                            + "' is not a readable file");
                }
            }
            try {
                b.sslContext(ssl -> {
                    ca.ifPresent(f -> ssl.trustManager(new File(f)));
                    if (cert.isPresent()) {
                        ssl.keyManager(new File(cert.get()), new File(key.get()));
                    }
                });
            } catch (javax.net.ssl.SSLException e) {
                throw new IllegalArgumentException("TLS settings for etcd are not usable: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    /**
     * Gives every unary gRPC call a deadline of the operation timeout, so that a call the client gave up on
     * (e.g. queued while no server was reachable) fails at the deadline instead of being sent later. Streams
     * (watch, lease keep-alive) are left alone.
     */
    static final class DeadlineInterceptor implements io.grpc.ClientInterceptor {
        private volatile Duration timeout;

        DeadlineInterceptor(Duration timeout) {
            this.timeout = timeout;
        }

        void timeout(Duration d) {
            this.timeout = d;
        }

        @Override
        public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
                                                             io.grpc.CallOptions options, io.grpc.Channel next) {
            if (method.getType() == io.grpc.MethodDescriptor.MethodType.UNARY && options.getDeadline() == null) {
                options = options.withDeadlineAfter(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            return next.newCall(method, options);
        }
    }
}
