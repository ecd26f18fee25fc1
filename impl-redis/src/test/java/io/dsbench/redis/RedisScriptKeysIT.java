package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * EVAL's contract: a script accesses only the keys passed in KEYS (Redis Cluster routes by them; standalone
 * Redis 7 does not enforce it). The test watches the server with {@code MONITOR} while every mutating
 * operation of {@link RedisScriptOutcomeIT#cases()} runs, and for each command a script ran (logged as
 * {@code [.. lua]} right after its EVALSHA/EVAL), asks the server for the command's keys
 * ({@code COMMAND GETKEYS}) and checks each is one of the script's KEYS.
 */
class RedisScriptKeysIT {

    @Test
    void scriptsTouchOnlyTheKeysTheyDeclare() throws Exception {
        String uri = SharedRedis.backend().deployment().orElseThrow().primary().uri();
        URI u = URI.create(uri);
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch monitoring = new CountDownLatch(1);
        String end = "end-" + UUID.randomUUID();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), u.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread reader = new Thread(() -> {
                try {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("+OK")) {
                            monitoring.countDown();
                            continue;
                        }
                        lines.add(line);
                        if (line.contains(end)) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    // the socket was closed
                }
            }, "monitor-reader");
            reader.setDaemon(true);
            reader.start();
            assertThat(monitoring.await(10, TimeUnit.SECONDS)).as("MONITOR started").isTrue();

            RedisClient raw = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> c = raw.connect()) {
                RedisCommands<String, String> cmd = c.sync();
                String prefix = "keys-" + UUID.randomUUID().toString().substring(0, 8);
                try (Backend b = Backends.open(BackendConfig.builder("redis").endpoint(uri).keyPrefix(prefix).build())) {
                    for (RedisScriptOutcomeIT.Case k : RedisScriptOutcomeIT.cases()) {
                        cmd.echo("case " + k.name());
                        k.setup().run(b);
                        k.op().run(b);
                    }
                }
                cmd.echo(end);
                reader.join(10_000);
                List<String> violations = new ArrayList<>();
                int scripts = 0;
                int commands = 0;
                String currentCase = "?";
                Set<String> declared = null;
                for (String line : lines) {
                    List<String> words = words(line);
                    if (words.isEmpty()) {
                        continue;
                    }
                    boolean lua = line.contains(" lua] ");
                    String name = words.get(0).toLowerCase(java.util.Locale.ROOT);
                    if (!lua) {
                        declared = null;
                        if (name.equals("echo") && words.size() > 1 && words.get(1).startsWith("case ")) {
                            currentCase = words.get(1).substring(5);
                        } else if ((name.equals("evalsha") || name.equals("eval")) && line.contains(prefix)) {
                            int n = Integer.parseInt(words.get(2));
                            declared = new LinkedHashSet<>(words.subList(3, 3 + n));
                            scripts++;
                        }
                        continue;
                    }
                    if (declared == null) {
                        continue;
                    }
                    commands++;
                    for (String key : keysOf(cmd, words)) {
                        if (!declared.contains(key)) {
                            violations.add(currentCase + ": " + String.join(" ", words.subList(0, Math.min(2,
                                    words.size()))) + " touches " + key + ", not in KEYS " + declared);
                        }
                    }
                }
                System.out.println("RedisScriptKeysIT: " + scripts + " script runs, " + commands + " commands inside");
                assertThat(scripts).as("script runs seen by MONITOR").isGreaterThan(10);
                assertThat(violations).as("keys accessed by scripts but not passed in KEYS").isEmpty();
            } finally {
                raw.shutdown();
            }
        }
    }

    /** The keys of one command, as the server computes them; none for commands without keys (e.g. TIME). */
    private static List<String> keysOf(RedisCommands<String, String> cmd, List<String> words) {
        try {
            io.lettuce.core.codec.StringCodec codec = io.lettuce.core.codec.StringCodec.UTF8;
            io.lettuce.core.protocol.CommandArgs<String, String> args = new io.lettuce.core.protocol.CommandArgs<>(codec)
                    .add("GETKEYS");
            for (String w : words) {
                args.add(w);
            }
            return cmd.dispatch(io.lettuce.core.protocol.CommandType.COMMAND,
                    new io.lettuce.core.output.ValueListOutput<>(codec), args);
        } catch (RedisCommandExecutionException e) {
            return List.of();
        }
    }

    /** The quoted words of a MONITOR line ({@code "a" "b\x00"}), unescaped as bytes read as ISO-8859-1. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        int i = line.indexOf('"');
        while (i >= 0 && i < line.length()) {
            ByteArrayOutputStream w = new ByteArrayOutputStream();
            int j = i + 1;
            while (j < line.length() && line.charAt(j) != '"') {
                char ch = line.charAt(j);
                if (ch == '\\' && j + 1 < line.length()) {
                    char e = line.charAt(j + 1);
                    switch (e) {
                        case 'n' -> w.write('\n');
                        case 'r' -> w.write('\r');
                        case 't' -> w.write('\t');
                        case 'a' -> w.write(7);
                        case 'b' -> w.write('\b');
                        case 'x' -> {
                            w.write(Integer.parseInt(line.substring(j + 2, j + 4), 16));
                            j += 2;
                        }
                        default -> w.write(e);
                    }
                    j += 2;
                } else {
                    w.write(ch);
                    j++;
                }
            }
            out.add(w.toString(StandardCharsets.ISO_8859_1));
            i = line.indexOf('"', j + 1);
        }
        return out;
    }
}
