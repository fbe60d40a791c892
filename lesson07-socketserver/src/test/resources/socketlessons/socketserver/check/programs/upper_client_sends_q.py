# A §9 client that tests for q after the send, for the checker's tests: the server gets "q"
# before the client hangs up.
import os
import socket

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ['PORT'])))
while True:
    inp = input('>>>')
    sk.send(inp.encode('utf-8'))
    if inp.upper() == 'Q':
        break
    print(sk.recv(1024).decode('utf-8'))
sk.close()
