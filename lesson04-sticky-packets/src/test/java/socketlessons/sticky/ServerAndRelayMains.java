package socketlessons.sticky;

/**
 * Two of lesson04's mains in one JVM, both with no arguments, as an IDE runs each: a JVM start
 * for two (see {@link RunnableMainsTest}). Neither ends by itself (Ctrl+C stops each), so
 * neither one's {@code System.exit} cuts the other short; one that fails (port 9000 or 9001
 * taken) ends the JVM with its error, and the test sees it.
 */
final class ServerAndRelayMains {

    private ServerAndRelayMains() {
    }

    public static void main(String[] args) {
        Thread server = new Thread(() -> FramedEchoServer.main(new String[0]), "FramedEchoServer.main");
        server.start();
        ResegmentingRelay.main(new String[0]);
    }
}
