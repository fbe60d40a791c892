package socketlessons.nonblocking;

/**
 * What a selector server's loop has done so far, read by the tests and the demo.
 *
 * @param clients     clients connected now
 * @param queuedBytes bytes of replies waiting in all outbound queues
 * @param replies     frames answered, each written or queued
 * @param wakeups     times {@code select()} returned: the loop's rounds (idle, it stays put)
 * @param cpuNanos    CPU time of the loop's thread
 */
public record Stats(int clients, long queuedBytes, long replies, long wakeups, long cpuNanos) {
}
