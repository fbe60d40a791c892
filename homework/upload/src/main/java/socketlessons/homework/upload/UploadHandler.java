package socketlessons.homework.upload;

import java.net.Socket;
import socketlessons.socketserver.BaseRequestHandler;

/**
 * One client's connection on lesson07's threading server: only wiring. The socket's streams go
 * to {@link UploadService}; whatever ends the connection early (a timeout, a reset, a body cut
 * short) is logged by the server with the client's address, and the others go on being served.
 */
public final class UploadHandler extends BaseRequestHandler<Socket> {

    private final UploadService service;

    public UploadHandler(UploadService service) {
        this.service = service;
    }

    @Override
    protected void handle() throws Exception {
        // Nagle off, as in UploadClient: a download's small "end" message right after its body must not
        // wait for the client's delayed acknowledgement of the body (40 ms on Linux).
        request.setTcpNoDelay(true);
        service.serve(request.getInputStream(), request.getOutputStream(), socketlessons.socketserver.BaseServer.format(clientAddress));
    }
}
