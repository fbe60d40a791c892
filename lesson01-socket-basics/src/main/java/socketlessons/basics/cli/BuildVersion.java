package socketlessons.basics.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --version}: the command's name and the version Maven built, e.g. {@code lesson01-socket-basics 1.0.0-SNAPSHOT}. */
public final class BuildVersion implements CommandLine.IVersionProvider {

    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() throws IOException {
        Properties build = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                build.load(in);
            }
        }
        return new String[] {spec.root().name() + " " + build.getProperty("version", "(version unknown: not built by Maven)")};
    }
}
