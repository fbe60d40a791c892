package socketlessons.basics.check;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import socketlessons.basics.cli.PortConverter;

/** The options of every lesson's {@code check} command (a picocli mixin). */
public final class CheckOptions {

    /** Which side of the conversation the student wrote. */
    public enum Mode { server, client }

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODE",
            description = "server: the checker talks to your server as a client; client: it plays the server for your client."
                    + " One of: ${COMPLETION-CANDIDATES}")
    Mode mode;

    @Parameters(index = "1..*", paramLabel = "COMMAND",
            description = "your program, after --, in any language (e.g. -- python3 server.py)."
                    + " It finds its port in the environment variable PORT; a literal {port} in COMMAND is replaced by it.")
    List<String> command = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "server: the port of a server you started yourself (then no COMMAND), or the port to give COMMAND;"
                    + " client: the port the checker listens on (default: a free one)")
    Integer port;

    @Option(names = "--stage", paramLabel = "K", description = "run stages 1 to K only (default: all)")
    Integer stage;

    @Option(names = "--list", description = "list the stages, one line each, and exit")
    boolean list;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "how long your program may take to answer, or to print (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long your program may take to start: to listen, or to connect (default: ${DEFAULT-VALUE})")
    int startTimeoutSeconds;

    /** The command this mixin belongs to, so that a bad combination of options is a usage error (exit 2). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
}
