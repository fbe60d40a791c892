# A classic mistake (§4.2): the client leaves its loop on q before sending it, so the server is
# never told; it only sees the connection end. check client fails "q quits and closes".
import os
import socket

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ['PORT'])))
while True:
    inp = input('>>>')
    if inp.upper() == 'Q': break
    sk.send(inp.encode('utf-8'))
    msg = sk.recv(1024).decode('utf-8')
    if msg.upper() == 'Q': break
    print(msg)
sk.close()
