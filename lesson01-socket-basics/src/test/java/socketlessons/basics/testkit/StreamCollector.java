package socketlessons.basics.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Collects what a child process writes, on a thread of its own, so the child never blocks on a full pipe. */
final class StreamCollector {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);

    private StreamCollector() {
    }

    static StreamCollector of(InputStream in) {
        StreamCollector collector = new StreamCollector();
        Thread reader = new Thread(() -> collector.drain(in), "child-output");
        reader.setDaemon(true);
        reader.start();
        return collector;
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) != -1) {
                synchronized (bytes) {
                    bytes.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            // the child went away; what it wrote so far is kept
        } finally {
            ended.countDown();
        }
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    void awaitEnd() throws InterruptedException {
        ended.await(10, TimeUnit.SECONDS);
    }
}
