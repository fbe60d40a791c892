package socketlessons.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What RESULTS.md says about the machine: figures mean little without it. Linux files; "unknown" elsewhere. */
final class Machine {

    private Machine() {
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name");
    }

    static String memory() {
        String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(kb.split("\\s+")[0]) / 1048576.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    static String jdk() {
        return System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** This JVM's open-files limit (the JVM may raise its soft limit to the hard one). */
    static String openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return Long.toString(unix.getMaxFileDescriptorCount());
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages: other work competing for the same cores. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }
}
