package socketlessons.tcpchat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The course's §4.2 server loop, flaw included: when the peer has closed, {@code recv}
 * returns {@code b''}, which decodes to an empty message; it is not {@code 'Q'}, so the loop
 * prints it and goes round again. If the peer only half-closed (it still reads), every answer
 * is delivered and the empty messages never stop; if it is gone for good, an answer soon
 * fails (Linux: Broken pipe; Python on Windows: WinError 10054) and the whole server dies.
 * Kept, bounded by {@code maxTurns}, to show it; {@link ChatSession} is the fix.
 */
public final class NaiveChatLoop {

    private NaiveChatLoop() {
    }

    /** Runs the course's loop for at most {@code maxTurns} turns; returns how many empty messages it printed. */
    public static int run(Socket conn, BufferedReader console, PrintWriter screen, int maxTurns) throws IOException {
        InputStream in = conn.getInputStream();
        OutputStream out = conn.getOutputStream();
        byte[] buf = new byte[1024];
        int empty = 0;
        for (int turn = 0; turn < maxTurns; turn++) {
            int n = in.read(buf); // msg = conn.recv(1024).decode('utf-8')
            String msg = n == -1 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8); // the flaw: -1 read as ""
            if (msg.equalsIgnoreCase("q")) {
                break;
            }
            screen.println(msg);
            if (msg.isEmpty()) {
                empty++;
            }
            String inp = console.readLine(); // inp = input('>>>')
            if (inp == null) {
                break; // the script ran out (Python's input() would raise EOFError)
            }
            out.write(inp.getBytes(StandardCharsets.UTF_8));
            if (inp.equalsIgnoreCase("q")) {
                break;
            }
        }
        return empty;
    }
}
