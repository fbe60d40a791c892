# Exercise (lesson07, §9): the classroom's uppercase echo, many clients at once. Check it:
#
#   java -jar lesson07-socketserver/target/lesson07-socketserver.jar check server -- python3 lesson07-socketserver/exercises/upper_server.py
#
# The stages: answers in upper case; two clients at once; a client that hangs up.
import os
import socketserver

PORT = int(os.environ.get('PORT', '9000'))


class MyServer(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        while True:
            msg = conn.recv(1024)
            # TODO stage 3: when msg is b'' the client has gone: leave the loop
            # TODO stage 1: send back msg.upper()


# TODO stage 2: TCPServer serves one client at a time: use the one with a thread per client
server = socketserver.TCPServer(('127.0.0.1', PORT), MyServer)
server.serve_forever()
