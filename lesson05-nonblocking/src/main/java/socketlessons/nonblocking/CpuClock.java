package socketlessons.nonblocking;

import java.lang.management.ManagementFactory;

/** The JVM's per-thread CPU clock: how the demo shows that a busy loop burns a core and a selector does not. */
final class CpuClock {

    private CpuClock() {
    }

    /** CPU time {@code thread} has used so far; 0 for no thread. */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; this lesson builds on 17
    static long nanos(Thread thread) {
        return thread == null ? 0 : ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }
}
