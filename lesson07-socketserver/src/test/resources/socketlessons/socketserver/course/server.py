# §9 classroom server (CURRICULUM.md: the notes' §9 is empty). One line added, marked: the
# classroom's handler loops forever on b'' once a client has gone (lesson02 shows it).
import socketserver


class MyServer(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        while True:
            msg = conn.recv(1024).decode('utf-8')
            if not msg: break  # added: end of stream ends this client's handler
            conn.send(msg.upper().encode('utf-8'))


server = socketserver.ThreadingTCPServer(('127.0.0.1', 9000), MyServer)
server.serve_forever()
